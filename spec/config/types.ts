/**
 * A PRTOS system configuration, decoded.
 *
 * This is the XML configuration of PRTOS 1.x (`SystemDescription`, schema
 * user/tools/prtoscparser/prtos_conf.xsd.in) after the structure and value checks of the schema
 * and the unit conversions of prtoscparser (see units.ts): times in µs, sizes in bytes,
 * frequencies in kHz, addresses as unsigned 32-bit numbers, defaults of the schema filled in.
 * Every node keeps the line prtoscparser would report for it, so that semantic checks
 * (validate/) can point at the element at fault.
 *
 * Nothing here has been checked semantically: ids may not be consecutive, areas may overlap,
 * slots may name partitions that do not exist. `validateConfig` decides whether a configuration
 * is acceptable; the kernel and the model accept only validated ones.
 *
 * Lists keep document order: ids and indexes in PRTOS are positions in these lists (partition i is
 * the i-th `Partition`, the channel id of a port is the position of its channel among all
 * sampling and queuing channels, prtos-states §3.1, prtos-hypercalls §5.3).
 */
import type { Arch } from '../constants/arch.js';

/** A decoded node and the line of its element (end of the start tag, as libxml2 counts). */
export interface Located {
  readonly line: number;
}

export type MemoryRegionType = 'ram' | 'rom';

export type AreaFlag =
  | 'unmapped'
  | 'shared'
  | 'read-only'
  | 'uncacheable'
  | 'rom'
  | 'flag0'
  | 'flag1'
  | 'flag2'
  | 'flag3'
  | 'iommu';

export type PartitionFlag = 'system' | 'fp';

export type PortDirection = 'source' | 'destination';
export type PortType = 'sampling' | 'queuing';

export type HypervisorTraceClass = 'HYP_IRQS' | 'HYP_HCALLS' | 'HYP_SCHED' | 'HYP_HM';

/** `HwDescription/MemoryLayout/Region`: physical memory of the board. */
export interface MemoryRegion extends Located {
  readonly type: MemoryRegionType;
  readonly start: number;
  readonly size: number;
}

/** `Slot`: a window of the major frame given to one vCPU of one partition (prtos-states §3.1). */
export interface Slot extends Located {
  readonly id: number;
  /** Offset from the start of the major frame, µs. */
  readonly start: number;
  /** µs; the slot ends at `start + duration` (prtoscparser stores the end, process_xml.c:209-211). */
  readonly duration: number;
  readonly partitionId: number;
  readonly vcpuId: number;
}

/** `Plan`: a cyclic schedule of one processor. */
export interface Plan extends Located {
  readonly id: number;
  readonly name: string | undefined;
  /** µs; the schema's default is 0 (prtos-states §9 A9 shows why that matters). */
  readonly majorFrame: number;
  readonly slots: readonly Slot[];
}

/** `Processor`: a physical CPU and its cyclic plans. */
export interface Processor extends Located {
  readonly id: number;
  /** kHz, when given. */
  readonly frequencyKhz: number | undefined;
  readonly plans: readonly Plan[];
  /** Line of the `CyclicPlanTable` element. */
  readonly planTableLine: number;
}

export type Device =
  | (Located & {
      readonly kind: 'memoryBlock';
      readonly name: string;
      readonly start: number;
      readonly size: number;
    })
  | (Located & {
      readonly kind: 'uart';
      readonly name: string;
      readonly id: number;
      readonly baudRate: number;
    })
  | (Located & { readonly kind: 'vga'; readonly name: string })
  | (Located & { readonly kind: 'null'; readonly name: string | undefined });

export interface HwDescription extends Located {
  readonly memoryLayout: readonly MemoryRegion[];
  readonly processors: readonly Processor[];
  readonly devices: readonly Device[];
  readonly devicesLine: number;
}

/** `Area`: a piece of physical memory a partition (or the resident software) may use. */
export interface MemoryArea extends Located {
  readonly name: string | undefined;
  readonly start: number;
  readonly size: number;
  readonly flags: readonly AreaFlag[];
  /** The virtual address; the physical start when `mappedAt` is absent. */
  readonly mappedAt: number;
  readonly mappedAtGiven: boolean;
}

/** `Event` of a `HealthMonitor` table: what to do when an HM event is raised (prtos-states §4). */
export interface HmEventEntry extends Located {
  /** The XML name, e.g. `PRTOS_HM_EV_X86_PAGE_FAULT`; mapped to a number per architecture by validation. */
  readonly event: string;
  /** The XML name, e.g. `PRTOS_HM_AC_PARTITION_HALT`. */
  readonly action: string;
  readonly log: boolean;
}

export interface PartitionTrace extends Located {
  readonly device: string;
  readonly bitmask: number;
}

export interface HypervisorTrace extends Located {
  readonly device: string;
  readonly classes: readonly HypervisorTraceClass[];
}

/** The hypervisor's own memory area: its size and flags; its address is fixed per architecture. */
export interface HypervisorArea extends Located {
  readonly size: number;
  readonly flags: readonly AreaFlag[];
}

export interface HypervisorConfig extends Located {
  readonly console: string | undefined;
  readonly healthMonitorDevice: string | undefined;
  readonly area: HypervisorArea;
  readonly healthMonitor: readonly HmEventEntry[];
  readonly trace: HypervisorTrace | undefined;
}

export type IoPort =
  | (Located & { readonly kind: 'range'; readonly base: number; readonly count: number })
  | (Located & { readonly kind: 'restricted'; readonly address: number; readonly mask: number });

/** `Port` of a partition's `PortTable` (prtos-hypercalls §5.3). */
export interface PortDecl extends Located {
  readonly name: string;
  readonly direction: PortDirection;
  readonly type: PortType;
}

export interface Partition extends Located {
  readonly id: number;
  readonly name: string | undefined;
  readonly console: string | undefined;
  readonly flags: readonly PartitionFlag[];
  readonly hwVirt: boolean;
  readonly vcpus: number;
  readonly areas: readonly MemoryArea[];
  readonly areasLine: number;
  readonly temporal: (Located & { readonly period: number; readonly duration: number }) | undefined;
  readonly healthMonitor: readonly HmEventEntry[];
  readonly ioPorts: readonly IoPort[];
  readonly interrupts: (Located & { readonly lines: readonly number[] }) | undefined;
  readonly ports: readonly PortDecl[];
  readonly trace: PartitionTrace | undefined;
}

/** One end of a channel: a named port of a partition. */
export interface ChannelEnd extends Located {
  readonly partitionId: number;
  readonly partitionName: string | undefined;
  readonly portName: string;
}

export type Channel =
  | (Located & {
      readonly kind: 'sampling';
      readonly maxMessageLength: number;
      /** µs; the schema default is 0. */
      readonly validPeriod: number;
      readonly source: ChannelEnd;
      readonly destinations: readonly ChannelEnd[];
    })
  | (Located & {
      readonly kind: 'queuing';
      readonly maxMessageLength: number;
      readonly maxMessages: number;
      readonly source: ChannelEnd;
      readonly destination: ChannelEnd;
    });

/** An inter-partition virtual interrupt (prtos-states §5.6). */
export interface Ipvi extends Located {
  readonly id: number;
  readonly sourceId: number;
  readonly destinationIds: readonly number[];
}

export interface SystemConfig extends Located {
  readonly arch: Arch;
  readonly name: string;
  readonly version: { readonly major: number; readonly minor: number; readonly revision: number };
  readonly hw: HwDescription;
  readonly hypervisor: HypervisorConfig;
  readonly residentSw: (Located & { readonly areas: readonly MemoryArea[] }) | undefined;
  readonly partitions: readonly Partition[];
  readonly partitionTableLine: number;
  /** Sampling and queuing channels in document order: a channel's id is its index here. */
  readonly channels: readonly Channel[];
  readonly ipvis: readonly Ipvi[];
  /**
   * The top-level sections in document order. prtoscparser checks each element as it walks the
   * document, so the order decides which error comes first (negative case OR01: regions declared
   * after the partitions do not exist yet when the partitions' areas are checked).
   */
  readonly sectionOrder: readonly TopLevelSection[];
}

export type TopLevelSection =
  'HwDescription' | 'PRTOSHypervisor' | 'ResidentSw' | 'PartitionTable' | 'Channels';
