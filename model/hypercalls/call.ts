/**
 * What a hypercall handler of the model sees and returns.
 *
 * A hypercall runs inside one kernel entry of the caller's CPU, stamped at the instant the op
 * started (spec/timing R2): its checks, effects and observations all happen at `at`. A handler
 * answers with the code the caller gets back and the scalars it wrote through guest pointers
 * (`out`, in argument order), or says that the call does not return (a halt of oneself, a
 * system halt or reset). Whether a returned code reaches the caller now, later (after idle_self
 * or a self-suspension, when the vCPU runs again) or never (the caller was halted or reset) is
 * decided by the kernel entry, not by the handler.
 *
 * Arguments arrive already narrowed to the widths the hypercall declares (REQ-HCALL-4, the
 * intended side of HC-ERRATA-4): unsigned fields are taken modulo 2^width, so a negative id is a
 * huge one; `time` and `s32` fields stay signed.
 */
import { RETURN_CODES } from '../../spec/constants/index.js';
import type { SystemView, VcpuRef } from '../system.js';
import type { World } from '../world.js';
import { pointerOk, type PointerCheck } from '../memory.js';

export interface Call {
  readonly w: World;
  readonly cpu: number;
  readonly at: number;
  readonly caller: VcpuRef;
  readonly nr: number;
  readonly args: readonly number[];
  /** What the call costs beyond its base (shared by the entries of a multicall). */
  readonly cost: CallCost;
}

export interface CallCost {
  /** Bytes the kernel copied between guest memory and its own (spec/timing `perByteCopied`). */
  bytesCopied: number;
  /** HM events raised by the call (each costs `hmRecord`). */
  hmEvents: number;
  /** Multicall entries run (each costs `multicallEntry`). */
  multicallEntries: number;
}

export type Outcome =
  | { readonly kind: 'return'; readonly code: number; readonly out?: readonly number[] }
  | { readonly kind: 'noReturn' };

export const ok = (out?: readonly number[]): Outcome =>
  out === undefined
    ? { kind: 'return', code: RETURN_CODES.OK }
    : { kind: 'return', code: RETURN_CODES.OK, out };

export const code = (c: number): Outcome => ({ kind: 'return', code: c });

export const NO_RETURN: Outcome = { kind: 'noReturn' };

/** The i-th argument (0 if the program passed fewer). */
export function arg(c: Call, i: number): number {
  return c.args[i] ?? 0;
}

export function view(c: Call): SystemView {
  return c.w.view;
}

export function callerIsSystem(c: Call): boolean {
  return c.w.view.partitions[c.caller.part]?.system ?? false;
}

export function numPartitions(c: Call): number {
  return c.w.view.partitions.length;
}

/** The intended guest-pointer check (prtos-hypercalls §4.3) against the caller's address space. */
export function pointer(c: Call, ptr: number, check: PointerCheck): boolean {
  const space = c.w.spaces[c.caller.part];
  return space !== undefined && pointerOk(space, ptr, check);
}

/** Thrown for a hypercall or object class outside slice 1: the run cannot be modelled, and says so. */
export class OutOfSliceError extends Error {
  constructor(what: string) {
    super(`model: ${what} is outside slice 1 of the model`);
    this.name = 'OutOfSliceError';
  }
}
