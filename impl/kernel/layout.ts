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
import { pctSlotSize } from '../../spec/pct.js';
import { PAGE_SIZE, type ContextId, type Mmu } from '../machine/index.js';
import type { ArchPort } from './archPort.js';

export interface PctPlacement {
  readonly array: number;
  readonly slot: number;
  /** Bytes reserved (whole pages). */
  readonly size: number;
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

export function placePctArrays(config: SystemConfig): PctPlacement[] {
  const load = PRTOS_LOAD_ADDR[config.arch];
  const size = config.hypervisor.area.size;
  const placements = config.partitions.map((p) => {
    const slot = pctSlotSize(config.arch, p.areas.length, p.ports.length);
    return { slot, size: roundUp(slot * Math.max(1, p.vcpus), PAGE_SIZE) };
  });
  const total = placements.reduce((n, p) => n + p.size, 0);
  let at = roundUp(load + Math.floor(size / 2), PAGE_SIZE);
  if (at + total > load + size) at = load + PAGE_SIZE;
  return placements.map((p) => {
    const array = at;
    at += p.size;
    return { array, slot: p.slot, size: p.size };
  });
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
  map(pctVirt, pct.array, pct.size, ignoreAreaFlags, 'its PCT array');
  return ctx;
}
