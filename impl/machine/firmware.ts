/**
 * The interface between the machine and the software that owns it (the kernel).
 *
 * DESIGN.md (impl/machine, impl/kernel): kernel entries run with interrupts off and are atomic
 * per CPU. The machine therefore calls the kernel synchronously, once per entry, at a precise
 * CPU time `now` (spec/timing R2: everything the entry does is stamped `now`), and the kernel
 * answers with how long the entry lasts and what the CPU does when it ends. During the call
 * the kernel may use the machine freely — memory, MMU, any CPU's timer, IPIs, interrupt
 * controller, UART, `injectVector` on the calling CPU, `halt` — but must not run the event loop.
 *
 * Entries: `boot` when a CPU's boot period ends (R7); `interrupt` for every set of interrupt
 * sources taken together (R3); `hypercall` for a guest hypercall op (R1); `fault` for an MMU
 * fault of a guest load/store or an injected exception; `guestHalt` when a guest `halt` op has
 * run (the halt unit takes its cost as guest time, then traps).
 */
import type { Access, CpuId } from './ids.js';
import type { GuestContext } from './isa.js';
import type { ContextId } from './ids.js';
import type { MmuFaultKind } from './mmu.js';

/** Exceptions that can be injected as external stimuli (the trace's fault kinds). */
export const EXCEPTION_KINDS = ['illegalInstr', 'fetch', 'load', 'store', 'misaligned', 'divide'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/**
 * Why the kernel is entered through `fault`: an MMU fault of the current guest's load or store
 * (the op did not execute), or an exception injected from outside (`Machine.injectFault`).
 */
export type Fault =
  | {
      readonly source: 'mmu';
      readonly kind: MmuFaultKind;
      readonly vaddr: number;
      readonly access: Access;
      /** The op's width; `vaddr` is the first byte that failed, which may follow the op's address. */
      readonly size: number;
    }
  | { readonly source: 'injected'; readonly kind: ExceptionKind; readonly addr: number };

/** The interrupt sources taken in one entry (all those due; at least one is set). */
export interface InterruptSources {
  /** This CPU's timer reached its deadline. */
  readonly timer: boolean;
  /** At least one IPI was sent to this CPU. */
  readonly ipi: boolean;
  /** Hardware lines, ascending; each was pending, unmasked and routed here (now acknowledged). */
  readonly lines: readonly number[];
}

/**
 * What the CPU does when the entry ends:
 * - run a guest context in an MMU context; `result` is required exactly when the context's last
 *   op was a hypercall still waiting for its return value (`Machine.awaitingResult`), and is
 *   then given to the guest;
 * - go idle until an interrupt (or an injected exception) arrives;
 * - stop for good (this CPU only; `Machine.halt` stops them all).
 */
export type Continuation =
  | {
      readonly run: 'guest';
      readonly context: GuestContext;
      readonly mmu: ContextId;
      readonly result?: number;
    }
  | { readonly run: 'idle' }
  | { readonly run: 'halt' };

/** The answer to every entry: µs the CPU stays in the kernel (atomically), then what it does. */
export interface KernelExit {
  readonly cost: number;
  readonly then: Continuation;
}

export interface Firmware {
  boot(cpu: CpuId, now: number): KernelExit;
  interrupt(cpu: CpuId, now: number, sources: InterruptSources): KernelExit;
  hypercall(cpu: CpuId, now: number, nr: number, args: readonly number[]): KernelExit;
  fault(cpu: CpuId, now: number, fault: Fault): KernelExit;
  guestHalt(cpu: CpuId, now: number): KernelExit;
}
