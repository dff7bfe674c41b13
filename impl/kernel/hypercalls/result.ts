/**
 * What a hypercall handler answers: a value for the caller's result register (a return code or
 * a non-negative result), with the scalars it wrote through guest pointers (the `ret` event's
 * `out`, spec/trace/vocabulary.ts), or that the call does not return to its caller.
 *
 * A call that switches its caller away (idle_self, suspending itself) still has a value: the
 * caller gets it when it next runs (prtos-states V5, P4).
 */
import { RETURN_CODES } from '../../../spec/constants/returnCodes.js';
import type { KernelContext, Kthread } from '../state.js';

export type HcResult =
  | { readonly kind: 'return'; readonly value: number; readonly out: readonly number[] | undefined }
  | { readonly kind: 'noReturn' };

export type HcHandler = (k: KernelContext, caller: Kthread, args: readonly number[]) => HcResult;

export function ret(value: number, out?: readonly number[]): HcResult {
  return { kind: 'return', value, out };
}

export const NO_RETURN: HcResult = { kind: 'noReturn' };

export const OK = ret(RETURN_CODES.OK);
export const NO_ACTION = ret(RETURN_CODES.NO_ACTION);
export const INVALID_PARAM = ret(RETURN_CODES.INVALID_PARAM);
export const PERM_ERROR = ret(RETURN_CODES.PERM_ERROR);
export const INVALID_CONFIG = ret(RETURN_CODES.INVALID_CONFIG);
export const OP_NOT_ALLOWED = ret(RETURN_CODES.OP_NOT_ALLOWED);
export const MULTICALL_ERROR = ret(RETURN_CODES.MULTICALL_ERROR);

/** Argument `i`, 0 when the caller passed fewer. */
export function arg(args: readonly number[], i: number): number {
  return args[i] ?? 0;
}
