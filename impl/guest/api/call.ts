/**
 * One libprtos direct wrapper: a hypercall by name with its arguments converted for the
 * architecture (prtos-hypercalls §7.1; `encodeArgs` in ../args.ts).
 *
 * The real wrappers first flush libprtos's lazy batch (`prtos_flush_hyp_batch`), which issues a
 * multicall only when lazy calls are pending; this runtime has no lazy calls (x86 batching is
 * slice 3), so the flush never does anything and is left out.
 */
import type { HypercallName } from '../../../spec/constants/index.js';
import { encodeArgs, hypercallNumber } from '../args.js';
import type { Guest } from '../guest.js';
import { hypercall, type ApiCall } from '../steps.js';

/** Calls hypercall `name` with `values` (one per declared argument): the result register. */
export function* call(g: Guest, name: HypercallName, ...values: readonly number[]): ApiCall<number> {
  return yield* hypercall(hypercallNumber(name), encodeArgs(g.arch, name, values));
}
