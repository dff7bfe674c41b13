/**
 * libprtos's view of the partition control table: `init_libprtos` and the PCT accessors
 * (`prtos_get_pct`, `prtos_get_pct0`, `PRTOS_PARTITION_SELF`, `PRTOS_VCPU_SELF`,
 * `prtos_get_number_vcpus`), reading the PCT bytes the kernel keeps in memory (spec/pct.ts).
 *
 * Source: user/libprtos/common/init.c:14-27, user/libprtos/include/prtos.h (accessors),
 * user/libprtos/include/hypervisor.h:18-19 (SELF macros); prtos-hypercalls §6, §7.2 "Helpers",
 * anomaly A40. Every accessor costs what the C code costs: `prtos_get_pct()` asks the kernel for
 * the vCPU id (a hypercall) and indexes the pointer table, and each field is a load.
 *
 * The PCT address a vCPU receives at entry differs per port: x86/amd64 pass every vCPU the PCT
 * array's base, which is vCPU 0's PCT (core/include/x86/asm.h:87, `PRTOS_PCTRLTAB_ADDR`); riscv64,
 * aarch64 and loongarch64 pass each vCPU its own PCT (core/include/riscv64/asm.h:166-169).
 * `init_libprtos` nevertheless takes vCPU e's PCT as `arg + part_ctrl_table_size × e` — the quirk
 * `libprtos-vcpu-pct-stride` (HC-A40), which this file reproduces with the same arithmetic when it
 * is on: on riscv64 vCPUs ≥ 1 then read past their own PCT (example.008 prints an empty name).
 * Intended (quirk off): each vCPU finds its own PCT — the argument itself where the port passes
 * the vCPU's own PCT, and `base + pctSlotSize × e` where it passes the array base.
 */
import { pctField, pctLayout, pctSlotSize } from '../../spec/pct.js';
import { getVcpuId } from './api/vcpu.js';
import type { Guest } from './guest.js';
import { loadCString } from './memory.js';
import { load, toSigned32, type ApiCall } from './steps.js';

export const QUIRK_PCT_STRIDE = 'libprtos-vcpu-pct-stride';

/** Most vCPUs a partition has (CONFIG_MAX_NO_VCPUS): the size of libprtos's pointer tables. */
const MAX_VCPUS = 4;

function passesArrayBase(g: Guest): boolean {
  return g.arch === 'x86' || g.arch === 'amd64';
}

function* loadPctField(
  g: Guest,
  pct: number,
  name: 'id' | 'numOfVcpus' | 'partCtrlTableSize' | 'flags' | 'numOfPhysicalMemAreas',
): ApiCall<bigint> {
  const f = pctField(g.arch, name);
  return yield* load(pct + f.offset, f.size as 1 | 2 | 4 | 8);
}

/** `init_libprtos(pct)`: records this vCPU's PCT, memory map and port bitmap pointers. */
export function* initLibprtos(g: Guest, pctArg: number): ApiCall<void> {
  const e = yield* getVcpuId(g);
  const size = Number(yield* loadPctField(g, pctArg, 'partCtrlTableSize'));
  let pct: number;
  if (g.quirk(QUIRK_PCT_STRIDE)) pct = pctArg + size * e;
  else if (passesArrayBase(g)) pct = pctArg + pctSlotSize(g.arch, g.facts.areas, g.facts.ports) * e;
  else pct = pctArg;
  const layout = pctLayout(g.arch);
  const memMap = pct + layout.size;
  const areas = toSigned32(yield* loadPctField(g, pct, 'numOfPhysicalMemAreas'));
  const bitmap = memMap + areas * layout.memMapEntrySize;
  if (Number.isInteger(e) && e >= 0 && e < MAX_VCPUS) {
    const p = g.partition.libprtos;
    p.pct[e] = pct;
    p.memMap[e] = memMap;
    p.commPortBitmap[e] = bitmap;
  }
}

/** `prtos_get_pct()`: this vCPU's PCT as libprtos recorded it (0, NULL, if it never did). */
export function* pctOfSelf(g: Guest): ApiCall<number> {
  const e = yield* getVcpuId(g);
  return g.partition.libprtos.pct[e] ?? 0;
}

/** `prtos_get_pct0()`: vCPU 0's PCT as libprtos recorded it (no op: a table read). */
export function pct0(g: Guest): number {
  return g.partition.libprtos.pct[0] ?? 0;
}

/** `PRTOS_PARTITION_SELF`: the low 8 bits of vCPU 0's PCT `id` (one load). */
export function* partitionSelf(g: Guest): ApiCall<number> {
  const id = yield* loadPctField(g, pct0(g), 'id');
  return Number(id & 0xffn);
}

/** `PRTOS_VCPU_SELF`: bits 15..8 of this vCPU's PCT `id`. */
export function* vcpuSelf(g: Guest): ApiCall<number> {
  const pct = yield* pctOfSelf(g);
  const id = yield* loadPctField(g, pct, 'id');
  return Number((id >> 8n) & 0xffn);
}

/** `prtos_get_number_vcpus()`: vCPU 0's PCT `num_of_vcpus`. */
export function* numberOfVcpus(g: Guest): ApiCall<number> {
  const n = yield* loadPctField(g, pct0(g), 'numOfVcpus');
  return Number(n & 0xffffffffn);
}

/** This vCPU's PCT `flags` word (the libprtos "am I system" test reads it, HC-A62). */
export function* pctFlags(g: Guest): ApiCall<number> {
  const pct = yield* pctOfSelf(g);
  return Number((yield* loadPctField(g, pct, 'flags')) & 0xffffffffn);
}

/** `prtos_get_pct()->name` as `%s` reads it: up to the first NUL of the 16-byte field. */
export function* pctName(g: Guest): ApiCall<string> {
  const pct = yield* pctOfSelf(g);
  const f = pctField(g.arch, 'name');
  return yield* loadCString(pct + f.offset, f.size * f.count);
}
