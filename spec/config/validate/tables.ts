/**
 * The tables prtoscparser fills while it reads a configuration, in the terms the rules need.
 *
 * prtoscparser keeps global tables (process_xml.c, prtos_conf.c): memory regions, one table of
 * memory areas for everybody (the hypervisor's area, the resident software's, each partition's
 * in turn, and one per MemoryBlock device), partitions with their ports, processors with their
 * plans and slots, device names, the ends of channels, IPVIs, and the owner of each hardware
 * IRQ line. A check sees only what has been read before it, so the walk (walk.ts) fills these
 * in document order and the re-checks (recheck.ts) build them at once from a decoded
 * configuration (entries.ts).
 *
 * Numbers are held as prtoscparser holds them: addresses as `prtos_address_t` (bigint, see
 * addr.ts), sizes and times as unsigned 32-bit values, ids as the unsigned values `to_u32`
 * produced (messages print them as C's `%d` would).
 */
import type { AddressRange } from './addr.js';
import type { HmActionName, HmLevel } from './archFacts.js';

export interface RegionEntry extends AddressRange {
  readonly line: number;
  readonly size: number;
}

export type AreaOwner =
  | { readonly kind: 'hypervisor' }
  | { readonly kind: 'residentSw' }
  | { readonly kind: 'partition'; readonly partition: number }
  | { readonly kind: 'memoryBlock'; readonly device: string };

export interface AreaEntry extends AddressRange {
  readonly line: number;
  readonly size: number;
  /** Virtual start: `mappedAt`, else the physical start (the parser's `mapped_at`). */
  readonly mappedAt: bigint;
  /** `PRTOS_MEM_AREA_SHARED`: overlapping is allowed between two shared areas. */
  readonly shared: boolean;
  readonly owner: AreaOwner;
}

export interface PortEntry {
  readonly line: number;
  readonly name: string;
  readonly direction: 'source' | 'destination';
  readonly type: 'sampling' | 'queuing';
}

export interface PartitionEntry {
  readonly index: number;
  readonly line: number;
  /** The `name` attribute; without one, prtoscparser's name for the partition is the system's. */
  readonly name: { readonly value: string; readonly line: number } | undefined;
  /** `noVCpus` as stored in the unsigned 32-bit field. */
  readonly vcpus: number;
}

export interface SlotEntry {
  readonly line: number;
  /** Position of the slot in its plan (the parser's messages number slots by position). */
  readonly index: number;
  readonly start: number;
  /** `start + duration` in an unsigned 32-bit field (process_xml.c:214-216). */
  readonly end: number;
  readonly partitionId: number;
  readonly vcpuId: number;
}

export interface PlanEntry {
  readonly line: number;
  readonly cpu: number;
  /** Position of the plan among its processor's plans (its id, once CFG-PLAN-ID holds). */
  readonly index: number;
  readonly majorFrame: number;
  readonly slots: readonly SlotEntry[];
}

export interface CpuEntry {
  readonly line: number;
  readonly plans: readonly PlanEntry[];
}

export interface DeviceNameEntry {
  readonly name: string;
  readonly line: number;
}

/** A use of a device by name, resolved at the end of the document (prtos_conf.c:92-111). */
export interface DeviceRefEntry {
  readonly name: string;
  readonly line: number;
  /** Who uses it, for the message: "the hypervisor console", "the trace of partition 1"... */
  readonly user: string;
}

export interface ChannelEntry {
  readonly line: number;
  readonly kind: 'sampling' | 'queuing';
}

export interface ChannelEndEntry {
  readonly line: number;
  readonly channel: number;
  readonly direction: 'source' | 'destination';
  readonly partitionId: number;
  readonly partitionName: string | undefined;
  readonly portName: string;
}

export interface IpviEntry {
  readonly line: number;
  readonly sourceId: number;
  /** The destination ids in the order the parser reads them, duplicates included. */
  readonly destinations: readonly number[];
}

export interface HmTableEntry {
  readonly level: HmLevel;
  /** "the hypervisor" or "partition 2". */
  readonly owner: string;
  /** The action per event number after the configuration's Events (defaults elsewhere). */
  readonly actions: readonly HmActionName[];
}

export interface IrqEntry {
  readonly irq: number;
  readonly line: number;
  readonly partition: number;
}

export interface IoRangeEntry {
  readonly line: number;
  readonly base: number;
  readonly count: number;
}
