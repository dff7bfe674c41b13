/**
 * Where things are in memory and who can reach them: the PCT arrays in the hypervisor's area,
 * each partition's MMU context, and the CPU each vCPU is pinned to.
 *
 * PCT arrays (prtos-states §0, kthread.c:269-279): one page-aligned array per partition, one PCT
 * slot per vCPU (spec/pct.ts `pctSlotSize`), allocated from the hypervisor's own area (from its
 * middle on, so that nothing else of the emulation is near them), each array rounded up to whole
 * pages so that no two partitions share a page.
 *
 * A partition's address space (prtos-states §8 S1; decision ST-A3 intended): each area at its
 * `mappedAt` address with the rights its flags give (read-only and rom: no write; unmapped: not
 * mapped; shared: in every partition that lists it), and its PCT array read-only — x86 at
 * PRTOS_PCTRLTAB_ADDR, the other ports at its physical address. The hypervisor's area is in no
 * partition's space. riscv64's real stage-2 table ignores all of that: every area read-write-
 * execute at its physical address, and the PCT writable (A3, quirk
 * `riscv-stage2-ignores-area-flags`).
 */
import { PRTOS_LOAD_ADDR } from '../../spec/constants/archParams.js';
import type { SystemConfig } from '../../spec/config/types.js';
import {
  guestWritablePctFields,
  pctField,
  placePctArrays as placeArrays,
  type PctPlacement,
} from '../../spec/pct.js';
import type { ContextId, Mmu } from '../machine/index.js';
import type { ArchPort } from './archPort.js';

export type { PctPlacement } from '../../spec/pct.js';

/** The PCT arrays of every partition, where spec/pct.ts places them (the model uses the same). */
export function placePctArrays(config: SystemConfig): PctPlacement[] {
  return placeArrays(config, PRTOS_LOAD_ADDR[config.arch]);
}

/** The CPU each (partition, vCPU) has slots on, or -1 (prtos-states §3.7, A27 intended). */
export function vcpuCpus(config: SystemConfig): number[][] {
  const out = config.partitions.map((p) => new Array<number>(p.vcpus).fill(-1));
  config.hw.processors.forEach((proc, cpu) => {
    for (const plan of proc.plans) {
      for (const s of plan.slots) {
        const row = out[s.partitionId];
        if (row !== undefined && s.vcpuId < row.length && row[s.vcpuId] === -1) row[s.vcpuId] = cpu;
      }
    }
  });
  return out;
}

/** Builds the MMU context of partition `index`. */
export function buildAddressSpace(
  mmu: Mmu,
  config: SystemConfig,
  port: ArchPort,
  index: number,
  pct: PctPlacement,
  ignoreAreaFlags: boolean,
): ContextId {
  const ctx = mmu.createContext();
  const p = config.partitions[index];
  if (p === undefined) return ctx;
  const map = (virt: number, phys: number, size: number, write: boolean, what: string) => {
    try {
      mmu.map(ctx, { virt, phys, size, read: true, write, exec: true });
    } catch (e) {
      throw new Error(
        `partition ${p.id}: cannot map ${what} at 0x${virt.toString(16)}: ${(e as Error).message}`,
      );
    }
  };
  for (const a of p.areas) {
    if (a.size === 0) continue;
    if (ignoreAreaFlags) {
      map(a.start, a.start, a.size, true, `area 0x${a.start.toString(16)}`);
      continue;
    }
    if (a.flags.includes('unmapped')) continue;
    const write = !a.flags.includes('read-only') && !a.flags.includes('rom');
    map(a.mappedAt, a.start, a.size, write, `area 0x${a.start.toString(16)}`);
  }
  const pctVirt = port.pctVirtualBase ?? pct.array;
  if (ignoreAreaFlags) {
    map(pctVirt, pct.array, pct.size, true, 'its PCT array');
    return ctx;
  }
  // Read-only, except the fields a guest must write itself (spec/pct.ts: riscv64's trap_entry).
  const holes = Array.from({ length: p.vcpus }, (_, v) =>
    guestWritablePctFields(config.arch).map((name) => {
      const f = pctField(config.arch, name);
      return { at: v * pct.slot + f.offset, size: f.size * f.count };
    }),
  )
    .flat()
    .sort((a, b) => a.at - b.at);
  let at = 0;
  for (const h of holes) {
    if (h.at > at) map(pctVirt + at, pct.array + at, h.at - at, false, 'its PCT array');
    map(pctVirt + h.at, pct.array + h.at, h.size, true, 'a guest-writable PCT field');
    at = h.at + h.size;
  }
  if (at < pct.size) map(pctVirt + at, pct.array + at, pct.size - at, false, 'its PCT array');
  return ctx;
}
