/**
 * Straight-line guest programs as data: what fast-check generates and both sides execute.
 *
 * DESIGN.md (impl/guest): a guest program runs on the op-level ISA — `compute(n)`,
 * `load/store(addr, size)`, `hypercall(nr, ...args)`, `halt`. Generator programs (the BAIL
 * ports) are TypeScript and live in impl/guest and examples/; a *straight-line* program is
 * plain data, so the abstract model can run the very same list and predict what each op does.
 *
 * Arguments may be symbolic so that generated programs reach the interesting paths, not only
 * the error ones: an address inside the caller's own area, a shared area, another partition's
 * area, a read-only area, the hypervisor; a valid or invalid partition id; the value returned
 * by an earlier op. `resolveArg` turns a symbol into a number for a given configuration; both
 * sides resolve with this one function, so they agree on what was meant.
 *
 * `halt` is the guest stopping its own vCPU for good: the kernel treats it as `halt_vcpu` on
 * the calling vCPU (prtos-states §2.3 V1: H set, op mode IDLE, the CPU goes idle for the rest of
 * the slot); it returns nothing. It is how a straight-line program ends on purpose.
 *
 * Values that do not fit the machine are made to fit the same way on both sides: an address or
 * a hypercall number that resolves negative or beyond 2^53 is taken modulo 2^32; a negative
 * `compute` count is 0; a loaded 8-byte value is the signed 64-bit reading (its low 32 bits if
 * that is still not a safe integer). The result of a `load` op is its value; of a `hypercall` op,
 * its return code; of any other op, nothing (an argument naming it resolves to 0).
 *
 * After the last op a program stays in a `compute` loop forever (an idle guest burns its slot,
 * as a BAIL program's final `while(1)` does) unless it ended with `halt`.
 */
import * as t from 'io-ts';
import type { SystemConfig } from './config/types.js';
import { PRTOS_LOAD_ADDR, PRTOS_OFFSET } from './constants/archParams.js';

/** Where a symbolic address points (relative to the calling partition). */
export const ADDRESS_KINDS = [
  'own',
  'shared',
  'foreign',
  'readOnly',
  'hypervisor',
  'unmapped',
  'null',
] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

const Int = t.refinement(t.number, (n) => Number.isSafeInteger(n), 'Int');

/** An argument: a literal integer or a symbol resolved against the configuration. */
export const Arg = t.union([
  Int,
  t.type({
    sym: t.literal('addr'),
    kind: t.keyof({
      own: null,
      shared: null,
      foreign: null,
      readOnly: null,
      hypervisor: null,
      unmapped: null,
      null: null,
    }),
    offset: Int,
  }),
  t.type({
    sym: t.literal('partition'),
    which: t.keyof({ self: null, other: null, invalid: null }),
    index: Int,
  }),
  t.type({ sym: t.literal('result'), op: Int }),
]);
export type Arg = t.TypeOf<typeof Arg>;

const AccessSize = t.union([t.literal(1), t.literal(2), t.literal(4), t.literal(8)]);

export const ProgramOp = t.union([
  t.type({ k: t.literal('compute'), n: Int }),
  t.type({ k: t.literal('load'), addr: Arg, size: AccessSize }),
  t.type({
    k: t.literal('store'),
    addr: Arg,
    size: AccessSize,
    value: Int,
  }),
  t.type({ k: t.literal('hypercall'), nr: Int, args: t.array(Arg) }),
  t.type({ k: t.literal('halt') }),
]);
export type ProgramOp = t.TypeOf<typeof ProgramOp>;

/** The program of one vCPU. vCPU 0 starts at boot; others start when reset by vCPU 0 (prtos-states §2.2). */
export const VcpuProgram = t.type({ part: Int, vcpu: Int, ops: t.array(ProgramOp) });
export type VcpuProgram = t.TypeOf<typeof VcpuProgram>;

export const ProgramSet = t.array(VcpuProgram);
export type ProgramSet = t.TypeOf<typeof ProgramSet>;

/** How long a program that has run out of ops computes at a time (its trailing idle loop). */
export const IDLE_LOOP_CHUNK = 1000;

/**
 * The concrete value of an argument for `caller` in `config`.
 * `results[k]` is the return value of op k of the same program, if it has run.
 */
export function resolveArg(
  arg: Arg,
  config: SystemConfig,
  caller: number,
  results: readonly (number | undefined)[],
): number {
  if (typeof arg === 'number') return arg;
  switch (arg.sym) {
    case 'result':
      return results[arg.op] ?? 0;
    case 'partition': {
      const n = config.partitions.length;
      if (arg.which === 'self') return caller;
      if (arg.which === 'invalid') return n + Math.abs(arg.index % 8);
      if (n <= 1) return caller;
      const others = config.partitions.map((p) => p.id).filter((id) => id !== caller);
      return others[Math.abs(arg.index) % others.length] ?? caller;
    }
    case 'addr':
      return resolveAddress(arg.kind, arg.offset, config, caller);
  }
}

/**
 * An address of the given kind for `caller`. Offsets wrap inside the chosen area, so any
 * generated offset lands inside it; kinds with no such area in this configuration fall back to
 * an unmapped address (documented: the antecedent of the property then does not hold, and the
 * suites count how often it does).
 */
export function resolveAddress(
  kind: AddressKind,
  offset: number,
  config: SystemConfig,
  caller: number,
): number {
  const me = config.partitions[caller];
  const inArea = (a: { mappedAt: number; size: number } | undefined): number | undefined =>
    a === undefined || a.size === 0 ? undefined : a.mappedAt + (Math.abs(offset) % a.size);
  const areasOf = (p: number) => config.partitions[p]?.areas ?? [];
  switch (kind) {
    case 'null':
      return 0;
    case 'own':
      return (
        inArea(me?.areas.find((a) => !a.flags.includes('shared') && !a.flags.includes('read-only'))) ??
        unmappedAddress(config)
      );
    case 'shared':
      return inArea(me?.areas.find((a) => a.flags.includes('shared'))) ?? unmappedAddress(config);
    case 'readOnly':
      return inArea(me?.areas.find((a) => a.flags.includes('read-only'))) ?? unmappedAddress(config);
    case 'foreign': {
      const mine = new Set((me?.areas ?? []).map((a) => a.start));
      for (let p = 0; p < config.partitions.length; p++) {
        if (p === caller) continue;
        const a = areasOf(p).find((x) => !x.flags.includes('shared') && !mine.has(x.start));
        if (a !== undefined) return a.start + (Math.abs(offset) % a.size);
      }
      return unmappedAddress(config);
    }
    case 'hypervisor':
      return (
        hypervisorAddress(config) +
        (Math.abs(offset) % Math.max(1, Math.min(config.hypervisor.area.size, 0x3ff000)))
      );
    case 'unmapped':
      return unmappedAddress(config) + (Math.abs(offset) % 0x1000);
  }
}

/**
 * An address of the hypervisor as a guest sees it: on x86/amd64 the kernel's own virtual
 * window at CONFIG_PRTOS_OFFSET (0xFC000000), where a guest access is a page fault that the kernel
 * re-classifies as MEM_PROTECTION (prtos-states §4.1, x86/irqs.c:136-145); on the other ports
 * guest addresses are physical and the hypervisor sits at its load address, outside every
 * partition's stage-2 mapping (a G-stage fault).
 */
function hypervisorAddress(config: SystemConfig): number {
  return config.arch === 'x86' || config.arch === 'amd64'
    ? Number(PRTOS_OFFSET.x86)
    : PRTOS_LOAD_ADDR[config.arch];
}

/** An address in no memory region of the board and no area of anyone. */
export function unmappedAddress(config: SystemConfig): number {
  const covered = (a: number) =>
    config.hw.memoryLayout.some((r) => a >= r.start && a < r.start + r.size) ||
    config.partitions.some((p) => p.areas.some((x) => a >= x.mappedAt && a < x.mappedAt + x.size));
  for (const candidate of [0xf0000000, 0xe0000000, 0xd0000000, 0x70000000, 0x30000000]) {
    if (!covered(candidate)) return candidate;
  }
  return 0xfff00000;
}
