/**
 * What a partition may touch, as the configuration and the contract say it (prtos-states §8 S1,
 * decision ST-A3 intended): its areas at their `mappedAt` addresses (read-only and rom areas not
 * writable, unmapped areas absent, shared areas in each partition that lists them) and its PCT
 * array, read-only but for the fields spec/pct.ts lets a guest write. The spatial properties judge
 * the machine's witness records against this, independently of the kernel's page tables.
 */
import type { SystemConfig } from '../spec/config/types.js';
import { PRTOS_LOAD_ADDR } from '../spec/constants/archParams.js';
import { X86_PCT_VIRTUAL_BASE, guestWritablePctFields, pctField, placePctArrays } from '../spec/pct.js';

export interface Range {
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  readonly write: boolean;
}

export interface PartitionSpace {
  /** Virtual ranges the partition's guest may access, with whether it may write. */
  readonly virtual: readonly Range[];
  /** Physical ranges a guest store of this partition may change. */
  readonly writablePhysical: readonly Range[];
  /** Physical range of its PCT array. */
  readonly pct: Range;
}

export function partitionSpaces(config: SystemConfig): PartitionSpace[] {
  const placement = placePctArrays(config, PRTOS_LOAD_ADDR[config.arch]);
  const x86 = config.arch === 'x86' || config.arch === 'amd64';
  return config.partitions.map((p, i) => {
    const virtual: Range[] = [];
    const writablePhysical: Range[] = [];
    for (const a of p.areas) {
      if (a.flags.includes('unmapped') || a.size === 0) continue;
      const write = !a.flags.includes('read-only') && !a.flags.includes('rom');
      virtual.push({ from: a.mappedAt, to: a.mappedAt + a.size, write });
      if (write) writablePhysical.push({ from: a.start, to: a.start + a.size, write });
    }
    const pl = placement[i];
    const pctVirt = x86 ? X86_PCT_VIRTUAL_BASE : (pl?.array ?? 0);
    const pctSize = pl?.size ?? 0;
    virtual.push({ from: pctVirt, to: pctVirt + pctSize, write: false });
    for (let v = 0; v < p.vcpus; v++) {
      for (const name of guestWritablePctFields(config.arch)) {
        const f = pctField(config.arch, name);
        const off = v * (pl?.slot ?? 0) + f.offset;
        virtual.push({ from: pctVirt + off, to: pctVirt + off + f.size * f.count, write: true });
        writablePhysical.push({
          from: (pl?.array ?? 0) + off,
          to: (pl?.array ?? 0) + off + f.size * f.count,
          write: true,
        });
      }
    }
    return {
      virtual,
      writablePhysical,
      pct: { from: pl?.array ?? 0, to: (pl?.array ?? 0) + pctSize, write: false },
    };
  });
}

/** Whether every byte of [addr, addr + size) is in some range (writable ones when `write`). */
export function covers(ranges: readonly Range[], addr: number, size: number, write: boolean): boolean {
  if (size <= 0) return true;
  let at = addr;
  const end = addr + size;
  // Ranges may overlap (a writable field inside a read-only PCT); walk byte ranges greedily.
  for (let guard = 0; guard < ranges.length + 1 && at < end; guard++) {
    const r = ranges.find((x) => x.from <= at && at < x.to && (!write || x.write));
    if (r === undefined) return false;
    at = r.to;
  }
  return at >= end;
}
