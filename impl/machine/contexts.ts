/**
 * What the machine keeps about each guest context between the times it runs.
 *
 * A real CPU saves a thread's registers when it is switched out; here the equivalent is the op
 * in flight — the rest of a cut `compute` (spec/timing R1: "the rest continues when the vCPU
 * next runs") or a faulted load/store to execute again (DESIGN.md impl/guest) — whether a
 * hypercall is waiting for its return value, and vectors injected but not yet delivered. It is
 * kept per guest context, not per CPU, so it follows the context wherever the kernel resumes
 * it.
 */
import type { GuestContext, GuestOp } from './isa.js';

export interface ContextState {
  readonly context: GuestContext;
  /** The op started and not finished, or null. */
  inflight: GuestOp | null;
  /** For an in-flight compute: µs still to run. */
  remaining: number;
  /** The last op was a hypercall whose return value the kernel has not given yet. */
  awaitingResult: boolean;
  /** Vectors injected and not yet delivered, oldest first. */
  readonly vectors: number[];
  /** CPU on which the context is current (running or in a kernel entry it made), or -1. */
  runningOn: number;
}

/** The states of all contexts a machine has seen. */
export class ContextTable {
  readonly #states = new WeakMap<GuestContext, ContextState>();

  get(context: GuestContext): ContextState {
    let s = this.#states.get(context);
    if (s === undefined) {
      s = { context, inflight: null, remaining: 0, awaitingResult: false, vectors: [], runningOn: -1 };
      this.#states.set(context, s);
    }
    return s;
  }

  /** The state if the machine has seen the context, else undefined. */
  peek(context: GuestContext): ContextState | undefined {
    return this.#states.get(context);
  }
}
