/**
 * The lockstep contract: what a run is, and what each side must offer to be run in lockstep.
 *
 * DESIGN.md "The lockstep protocol": a run is a function of (configuration, guest programs,
 * external stimuli, tie-break list, quirks). A step is `advance(t)` followed by at most one
 * external stimulus at t. Both the abstract model (model/) and the emulated implementation
 * (impl/, wrapped by conformance/) implement `LockstepSide`; the runner (conformance/) feeds them
 * the same steps and compares what they say.
 *
 * Decisions made here, once, for both sides:
 * L1 `advance(t)` runs every unit (spec/timing R1) that starts at an instant strictly before t.
 *    Instants are whole µs; t never decreases. After `advance(t)` the side stands at instant t.
 * L2 `stimulate(s)` applies one external stimulus at the current instant t, and runs nothing:
 *    a hardware line becomes pending at t, an injected fault becomes due at t; both are taken
 *    by the rules of spec/timing R3 in the next `advance`. An injected fault is taken in whatever
 *    context runs on its CPU at the instant it is taken: a guest → a trap in that partition's
 *    context; the idle thread or the kernel → a trap in hypervisor context (prtos-states §4.3).
 * L3 Events a side returns are stamped with their instant (`t`) but not numbered (`seq` is given
 *    by the trace writer). Guest-originated events: `op` when an op of a straight-line program
 *    starts (a `compute` resumed after an interruption, or a faulting load or store run again
 *    after the HM returned to it, is the same op: no new event; the implicit idle loop after the
 *    last op emits nothing), `hypercall` when a hypercall op traps.
 * L4 Observations are emitted when their cause happens, at the instant of the unit that causes
 *    them: `ret` when a hypercall returns to its caller (none for a call that never returns);
 *    `tick` for each timer interrupt a CPU takes; `switch` when a CPU's thread changes; `slot`
 *    when a CPU makes its first decision inside a slot; `planSwitch` when a plan's grid starts on
 *    a CPU (its T0: the boot decision, from null; the decision that applies a requested plan at a
 *    major-frame boundary; for the maintenance plan the HM makes current at once, the CPU's next
 *    scheduling decision, prtos-states §3.6 — the plan status shows the new plan from the HM
 *    event on); `vcpuState` / `partState` when a derived state changes; `virqPend` when
 *    a pending bit (or TP) goes from 0 to 1; `virqDeliver` when a vector is injected; `hm` for
 *    each HM event raised (not for a trap taken by the fast propagate path); `console` for each
 *    completed line of a partition console; `system` when the system halts, resets or panics.
 * L5 Comparison is per instant: the events of each instant must be equal as multisets (their
 *    relative order inside one instant is not part of the contract; its effects on state are,
 *    through `state()`). Lines of the hypervisor's own console (`console` with `part` null) are
 *    informational: the kernel prints them for people (fidelity of the real console), the model
 *    does not have to, and the comparison leaves them out; so is the `reason` text of a `system`
 *    event.
 * L6 After every step, `state()` of the two sides must be equal (spec/modelState.ts).
 * L7 Hypercall arguments are the argument registers of the architecture, in order: on x86 a
 *    64-bit time takes two registers, low word first (set_timer is clock, abs_lo, abs_hi, int_lo,
 *    int_hi; prtos-hypercalls §7.1); a register the program did not give reads 0. Each argument
 *    is narrowed to the width the hypercall table declares (spec/constants/hypercalls.ts).
 * L8 x86 paging is not modelled (DESIGN.md, Known limitations): where the real kernel requires a
 *    page typed as a level-1 page table (reset_vcpu's `ptd_level_1`), an address inside one of the
 *    caller's memory areas (their physical ranges) is accepted as one, anything else is
 *    INVALID_PARAM.
 * L9 A hardware line reaches the kernel's partition handling only on the x86 family (riscv64 has
 *    no external-interrupt path to partitions, prtos-states §5.1) and only if the kernel does not
 *    keep it for its own devices (spec/constants RESERVED: on x86 the PIC cascade, the UART, the
 *    APIC timer and the IPIs): a pulse on any other line changes nothing and raises no HM event.
 *    A line is routed to the CPU of its owner's vCPU 0 (CPU 0 when it has no owner, or when that
 *    vCPU has no CPU). An owned line is masked at the controller except while a vCPU of its
 *    owner runs on that CPU (decision ST-A4 intended): unmasking happens at the end of the entry
 *    that switches such a vCPU in, and a pulse that waited is taken then, in a new interrupt entry
 *    (spec/timing R3); under quirk `hwirq-mask-not-switched` every line is always unmasked. Taken,
 *    an owned line becomes pending at the owner's non-halted vCPUs; an unowned one raises
 *    UNEXPECTED_TRAP (system level) in whatever context runs when it is taken.
 * L10 A periodic timer, HW clock or EXEC clock, that expires moves to the first value after the
 *    clock's current reading by whole intervals: missed periods collapse into one expiry (the HW
 *    clock rule of prtos-states §3.8, applied to the EXEC clock too). Arming a timer at a value its
 *    clock has already passed makes it expire inside the set_timer call.
 */
import type { SystemConfig } from './config/types.js';
import type { ModelState } from './modelState.js';
import type { ProgramSet } from './program.js';
import type { FaultKind, Fidelity, TraceEvent, Unsequenced } from './trace/vocabulary.js';

/** An entry of the tie-break list (spec/timing R8): at instant `t`, CPUs act in `order`. */
export interface TieBreak {
  readonly t: number;
  readonly order: readonly number[];
}

export type StimulusInput =
  | { readonly ev: 'hwIrq'; readonly line: number }
  | { readonly ev: 'fault'; readonly cpu: number; readonly kind: FaultKind; readonly addr: number };

export interface TimedStimulus {
  readonly t: number;
  readonly stimulus: StimulusInput;
}

/** Everything a run depends on. */
export interface RunSpec {
  /** A configuration that passed validation. */
  readonly config: SystemConfig;
  /** Straight-line programs; a bootable partition's vCPU without a program runs an idle loop. */
  readonly programs: ProgramSet;
  /** Sorted by `t`. */
  readonly stimuli: readonly TimedStimulus[];
  readonly tieBreaks: readonly TieBreak[];
  readonly fidelity: Fidelity;
  /** Quirk ids (spec/decisions) switched on. The model ignores them: it states the intent. */
  readonly quirks: readonly string[];
  /** The run ends at this instant (µs). */
  readonly until: number;
}

export type SideEvent = Unsequenced<TraceEvent>;

export interface LockstepSide {
  /** The instant the side stands at. */
  readonly now: number;
  /** L1. Returns the events of the units run, in the order they happened. */
  advance(t: number): readonly SideEvent[];
  /** L2. Returns the events the stimulus itself causes at once (normally none). */
  stimulate(s: StimulusInput): readonly SideEvent[];
  /** L6. The abstract state at `now`. */
  state(): ModelState;
  /** True once the system has halted, reset or panicked: nothing more happens. */
  readonly stopped: boolean;
}
