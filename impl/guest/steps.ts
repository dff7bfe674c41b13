/**
 * What a generator guest program yields, and the raw op calls every API call is built from.
 *
 * DESIGN.md (impl/guest): a guest program is a TypeScript generator that runs on the op-level
 * ISA of impl/machine (`compute`, `load`, `store`, `hypercall`, `halt`). A program yields one
 * *step* at a time and is resumed with the op's `OpResult`; the runtime (`runtime.ts`) turns each
 * step into a machine op. Two steps exist only at this level, because C guests do things the op
 * ISA has no instruction for:
 *
 * - `spin(n)`: a busy-wait chunk (BAIL's `while (flag == 0);`). It runs as `compute(n)`, but an
 *   interrupt delivered to the program ends it there, so the loop re-tests its condition right
 *   after the handler returns, as the C loop does, instead of computing the rest of the chunk.
 * - `raise(kind)`: an instruction that faults (x86 `idiv` by zero in BAIL example.002). The op
 *   ISA has no faulting arithmetic op, so the runtime raises the exception on the acting CPU
 *   (`Machine.injectFault`) as the op starts; the machine takes it before the op's first µs, in
 *   the guest's context, exactly as it takes an injected fault (spec/constants/guestIsa.ts
 *   `injectedFaultTrap`). The op the machine runs is `compute(1)`, the instruction itself.
 *
 * Every API call is a small generator of type `ApiCall<R>`: it yields steps and returns R, so a
 * program composes them with `yield*`.
 */
import type { AccessSize, ExceptionKind, GuestOp, OpResult } from '../machine/index.js';

export type SpinStep = { readonly k: 'spin'; readonly n: number };
export type RaiseStep = { readonly k: 'raise'; readonly kind: ExceptionKind; readonly addr: number };

/** One step of a generator program. */
export type GuestStep = GuestOp | SpinStep | RaiseStep;

/** A generator that yields steps, is resumed with each op's result, and returns R. */
export type ApiCall<R> = Generator<GuestStep, R, OpResult>;

/** A whole program (an entry point's code): it returns when the C function would return. */
export type GuestProgram = ApiCall<void>;

function unexpected(step: GuestStep, r: OpResult): Error {
  return new Error(`guest runtime: a ${step.k} step was answered with a ${r.kind} result`);
}

/** `compute(n)`: n cycles of guest work, interruptible at any cycle. */
export function* compute(n: number): ApiCall<void> {
  const step: GuestStep = { k: 'compute', n };
  const r = yield step;
  if (r.kind !== 'compute') throw unexpected(step, r);
}

/** A busy-wait chunk of n cycles that a delivered interrupt ends early (see the header). */
export function* spin(n: number): ApiCall<void> {
  const step: GuestStep = { k: 'spin', n };
  const r = yield step;
  if (r.kind !== 'compute') throw unexpected(step, r);
}

/** A load of `size` bytes at guest address `addr`: the unsigned little-endian value. */
export function* load(addr: number, size: AccessSize): ApiCall<bigint> {
  const step: GuestStep = { k: 'load', addr, size };
  const r = yield step;
  if (r.kind !== 'load') throw unexpected(step, r);
  return r.value;
}

/** A store of the low `8 × size` bits of `value` at guest address `addr`. */
export function* store(addr: number, size: AccessSize, value: number): ApiCall<void> {
  const step: GuestStep = { k: 'store', addr, size, value };
  const r = yield step;
  if (r.kind !== 'store') throw unexpected(step, r);
}

/** A hypercall op with raw register arguments: the value of the result register. */
export function* hypercall(nr: number, args: readonly number[]): ApiCall<number> {
  const step: GuestStep = { k: 'hypercall', nr, args };
  const r = yield step;
  if (r.kind !== 'hypercall') throw unexpected(step, r);
  return r.value;
}

/** The `halt` op: the guest stops its own vCPU (spec/program.ts); it does not come back. */
export function* halt(): ApiCall<void> {
  const step: GuestStep = { k: 'halt' };
  const r = yield step;
  if (r.kind !== 'halt') throw unexpected(step, r);
}

/** An instruction that raises `kind` (see the header); `addr` is its address for the fault record. */
export function* raise(kind: ExceptionKind, addr: number): ApiCall<void> {
  const step: GuestStep = { k: 'raise', kind, addr };
  const r = yield step;
  if (r.kind !== 'compute') throw unexpected(step, r);
}

/** A signed 64-bit value from a loaded bigint (times, s64 fields). */
export function toSigned64(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

/** A signed 32-bit value from a loaded bigint (s32 fields, return codes stored in memory). */
export function toSigned32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** An unsigned value from a loaded bigint of at most 53 significant bits (u32 and narrower, ids). */
export function toUnsigned(v: bigint): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`guest runtime: loaded value ${v} does not fit a safe integer`);
  }
  return Number(v);
}
