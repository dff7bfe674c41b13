/**
 * The op-level instruction set and the guest-context interface the CPU executes.
 *
 * DESIGN.md (impl/guest): guest programs run on the op-level ISA — `compute(n)`,
 * `load/store(addr, size)`, `hypercall(nr, ...args)`, `halt`. The machine does not implement
 * guests: a *guest context* (written by the guest runtime) hands the CPU one op at a time and
 * is told the outcome. Timing of each op is spec/timing R1–R3; the CPU applies it (`cpu.ts`).
 *
 * `GuestOp` is defined here rather than imported from spec/trace because the trace vocabulary's
 * `op` event carries no hypercall (hypercalls are their own trace event) while the CPU must run
 * them; the trace's op type is assignable to this one (checked by `contract.test.ts`).
 */
import type { AccessSize } from './ids.js';

/** One op of the ISA. Addresses are virtual (translated by the CPU's current MMU context). */
export type GuestOp =
  | { readonly k: 'compute'; readonly n: number }
  | { readonly k: 'load'; readonly addr: number; readonly size: AccessSize }
  | { readonly k: 'store'; readonly addr: number; readonly size: AccessSize; readonly value: number | bigint }
  | { readonly k: 'hypercall'; readonly nr: number; readonly args: readonly number[] }
  | { readonly k: 'halt' };

/**
 * What an op gave the guest. A load's value is unsigned and zero-extended, always a bigint
 * (a 64-bit register). A hypercall's value is the kernel's return value. `halt` completes
 * with `{kind:'halt'}` when its unit ends, just before the CPU traps to the kernel.
 */
export type OpResult =
  | { readonly kind: 'compute' }
  | { readonly kind: 'load'; readonly value: bigint }
  | { readonly kind: 'store' }
  | { readonly kind: 'hypercall'; readonly value: number }
  | { readonly kind: 'halt' };

/**
 * What the guest wants done with the op in flight when a vector is delivered to it:
 * `'resume'` keeps it (the rest of a cut `compute`, or a faulted load/store that will be tried
 * again), `'abandon'` drops it so that the next op comes from `nextOp()` (a trap handler that
 * skips the faulting instruction). With no op in flight the answer does not matter.
 */
export type DeliverOutcome = 'resume' | 'abandon';

/**
 * A guest execution context: the registers-and-program of one guest thread, as far as the CPU
 * is concerned. The guest runtime implements it; the kernel hands it to the CPU to run.
 *
 * Call order on one context: `nextOp()` is called when the previous op is finished (completed,
 * or abandoned); `complete(result)` when the op finishes (a load/store at its start time, a
 * compute when its last µs is done, a hypercall when the kernel resumes the context with a
 * result); `deliver(v)` for each vector injected into it, just before its next op. A faulting
 * load or store does not complete: it runs again when the context is resumed, unless the
 * guest abandons it on a delivery. Callbacks must not touch machine memory directly (the
 * machine throws): a guest changes memory only by its ops.
 */
export interface GuestContext {
  /** Identity in witness records (e.g. `P1.v0`). */
  readonly label: string;
  nextOp(): GuestOp;
  complete(result: OpResult): void;
  deliver(vector: number): DeliverOutcome;
}

/** µs each guest op takes (the shape of spec/timing `TimingTable['guest']`). */
export interface GuestOpCosts {
  /** µs per `compute` cycle; a compute(n) unit lasts n × computeCycle µs. */
  readonly computeCycle: number;
  readonly load: number;
  readonly store: number;
  readonly halt: number;
}
