/**
 * Virtual time: what every guest op and every kernel path costs, and the rules that say when
 * time passes. Both sides of the lockstep obey this file and nothing else about time: the
 * emulated kernel charges these costs as it runs on the emulated machine; the abstract model
 * computes the same timeline from the same numbers. A change here changes both.
 *
 * Unit: 1 µs (PRTOS `prtos_time_t` counts microseconds, prtos-states "Conventions"). One
 * "cycle" of `compute(n)` is one µs.
 *
 * ## The rules (numbered so that code can cite them: `// timing R3`)
 *
 * R1 Atomic units. On each CPU, time is a sequence of units: a guest op, a kernel entry, or idle.
 *    `compute(n)` occupies n µs and may be interrupted at any whole µs strictly inside it (the
 *    rest continues when the vCPU next runs). `load` and `store` are atomic and take their cost;
 *    a faulting one takes no time: the trap entry starts at the op's start. `halt` (the guest
 *    stops its own vCPU, spec/program.ts) is atomic for `guest.halt` µs and then traps: its
 *    kernel entry (cost `trap`) starts when the halt unit ends. Injected faults due at an
 *    instant are taken before interrupts due at the same instant. A hypercall is a kernel entry: it starts at the op's start time t and occupies
 *    `hypercall(nr)` µs, atomically (interrupts are off in the kernel, prtos-hypercalls §2.3).
 * R2 Effects and stamps. Everything a unit does happens at its start time: a store changes
 *    memory at t, a hypercall's checks, effects and observations are all stamped t, and the HW
 *    clock a hypercall reads is t. The unit then keeps the CPU busy for its cost.
 * R3 Interrupt latency. An interrupt whose deadline is D (a timer) or that is raised at D
 *    (an IPI, a hardware line) is taken at the first instant ≥ D at which its CPU is not inside
 *    an atomic unit (a compute is cut at D). Taking it is a kernel entry (`timerInterrupt`,
 *    `hwInterrupt` or `ipi`), stamped at the instant it is taken. An idle CPU takes it at D.
 *    Several due at the same instant are taken as one entry. A timer that reaches its deadline
 *    at the instant a halt trap or a fault is taken (those go first, R1) fires while that entry
 *    runs; what becomes of the firing when the entry reprograms the timer depends on the timer
 *    (`TIMER_FIRING`): a latched one is still taken, in its own entry with its tick, when the
 *    entry ends; a level one is withdrawn by the reprogramming.
 * R4 Scheduling decisions are made with `now` = the start of the kernel entry that makes them
 *    (an interrupt entry always makes the decision due at its instant; a trap entry only if its
 *    path calls schedule(): an HM suspend, halt, failed reset or maintenance switch, or a vCPU
 *    that can no longer run — otherwise the timer interrupt that follows makes it)
 *    (prtos-states §3.4 uses the HW clock when `schedule()` runs): a late tick does not move
 *    the slot grid of a running plan, but a plan activated late starts its grid late (§3.4 step 2).
 * R5 Context switch. When a kernel entry ends with a different thread on the CPU, the entry costs
 *    `contextSwitch` more; the incoming vCPU's first op starts when the entry ends.
 * R6 Exec clocks (prtos-states §3.8). A vCPU's exec clock advances while it is the CPU's current
 *    thread: during its ops and during every kernel entry that began while it was current, up to
 *    the end of that entry (kernel time is charged to the vCPU that was running, prtos-states §9
 *    A28). A vCPU switched in at the end of an entry starts accruing at that end.
 * R7 Boot. Every CPU is busy booting until `bootTime(table, cpus)`; its first scheduling decision
 *    (T0 of plan 0, prtos-states §3.4 step 2, §6.1) is made at that instant, in a boot entry that
 *    costs nothing but the context switch if it picks a vCPU (and emits no `tick`); guests start
 *    after that entry. Every partition has been cold-reset before any CPU's T0 (§6.1).
 * R10 Entry costs. A kernel entry costs the sum of what it handles: `hypercall(nr)` for a
 *    hypercall; `timerInterrupt` if the CPU's timer fired, `hwInterrupt` per hardware line taken,
 *    `ipi` if a scheduling IPI was pending, for an interrupt entry; `trap` for a fault, plus
 *    `hmRecord` if the HM raises an event for it; plus `contextSwitch` if the entry ends with a
 *    different thread (R5). The CPU timer is programmed for the earliest of: the scheduler's next
 *    decision, the running vCPU's armed HW-clock timer, and the instant its exec clock reaches its
 *    armed EXEC timer (prtos-states §3.5, §3.8).
 * R8 Same-instant order. Events of different CPUs at the same instant are ordered by the run's
 *    tie-break list (spec/lockstep.ts); without an entry for that instant, by ascending CPU id.
 * R9 Console output costs nothing: bytes appear on the UART at the stamp of the write.
 *
 * The declared interrupt latency (`declaredInterruptLatency`) is the longest atomic unit a
 * guest can put in the way of an interrupt plus the entry that takes it; the temporal suites
 * allow exactly this much jitter on slot starts and on a vCPU still running after its slot end.
 */
import type { Arch } from './constants/arch.js';

export interface TimingTable {
  readonly guest: {
    /** µs per `compute` cycle. */
    readonly computeCycle: number;
    readonly load: number;
    readonly store: number;
    readonly halt: number;
  };
  readonly kernel: {
    /** Trap into the kernel, dispatch, and return to the guest, for any hypercall. */
    readonly hypercallBase: number;
    /** Extra cost of particular hypercalls (by number), added to `hypercallBase`. */
    readonly hypercallExtra: Readonly<Record<number, number>>;
    /** Extra cost per byte the kernel copies between guest memory and its own (console, ports). */
    readonly perByteCopied: number;
    /** Per entry of a multicall batch (x86). */
    readonly multicallEntry: number;
    /** Taking the scheduler/HW-clock timer interrupt and running the scheduler. */
    readonly timerInterrupt: number;
    /** Taking a hardware IRQ line and queuing it to its owner. */
    readonly hwInterrupt: number;
    /** Taking a cross-CPU scheduling IPI. */
    readonly ipi: number;
    /** A trap (fault) from guest context up to the HM decision. */
    readonly trap: number;
    /** Building, checksumming and storing one HM log record. */
    readonly hmRecord: number;
    /** Switching threads at the end of an entry (R5). */
    readonly contextSwitch: number;
  };
  /**
   * Time of the first scheduling decision (T0 of plan 0) of every CPU, µs since the HW clock
   * started (R7): `base + perSecondaryCpu·(n−1) + (n > 1 ? smpBarrier : 0)` for n CPUs. All CPUs
   * start their plans at the same instant (secondaries leave the start barrier when CPU0 releases
   * it just before its own first schedule(), docs/bail-study.md §3.2).
   */
  readonly boot: {
    readonly base: number;
    readonly perSecondaryCpu: number;
    readonly smpBarrier: number;
  };
}

/**
 * The costs. The boot times come from the recorded runs of the real PRTOS (docs/bail-study.md
 * §3.2, §3.5 show the arithmetic: riscv64 T0 = 197 841 µs is solved exactly from the example.001
 * figures; x86 is derived from the calibration delays in its boot path — no x86 recording has a
 * time; aarch64 and loongarch64 have neither, and take riscv64's figure as a stand-in). The kernel
 * path costs are small round figures of the order a para-virtualised hypercall takes under QEMU:
 * their job is to make kernel overhead visible and bounded, not to predict a real board.
 */
const COMMON_KERNEL: TimingTable['kernel'] = {
  hypercallBase: 2,
  hypercallExtra: {},
  perByteCopied: 0,
  multicallEntry: 1,
  timerInterrupt: 3,
  hwInterrupt: 2,
  ipi: 2,
  trap: 3,
  hmRecord: 2,
  contextSwitch: 2,
};

const GUEST: TimingTable['guest'] = { computeCycle: 1, load: 1, store: 1, halt: 1 };

const RISCV_BOOT: TimingTable['boot'] = { base: 197_841, perSecondaryCpu: 0, smpBarrier: 0 };
const X86_BOOT: TimingTable['boot'] = { base: 21_000, perSecondaryCpu: 11_400, smpBarrier: 10_000 };

export const TIMING: Readonly<Record<Arch, TimingTable>> = {
  x86: { guest: GUEST, kernel: COMMON_KERNEL, boot: X86_BOOT },
  amd64: { guest: GUEST, kernel: COMMON_KERNEL, boot: X86_BOOT },
  riscv64: { guest: GUEST, kernel: COMMON_KERNEL, boot: RISCV_BOOT },
  aarch64: { guest: GUEST, kernel: COMMON_KERNEL, boot: RISCV_BOOT },
  loongarch64: { guest: GUEST, kernel: COMMON_KERNEL, boot: RISCV_BOOT },
};

/**
 * What a timer firing that has not been taken yet becomes when the kernel reprograms the timer
 * (R3). x86: the local APIC timer's interrupt is latched in the APIC's request register, and
 * writing a new count does not withdraw it. riscv64: the supervisor timer interrupt is pending
 * while the time is past the comparator, and the kernel reprograms it with SBI set_timer
 * (core/kernel/riscv64/timer.c:36-41), which by the SBI specification clears the pending bit.
 * aarch64 (the generic timer's level output) and loongarch64 (stable-counter timer, cleared on
 * reprogramming) follow riscv64's kind; they are not run in slice 1.
 */
export const TIMER_FIRING: Readonly<Record<Arch, 'latched' | 'level'>> = {
  x86: 'latched',
  amd64: 'latched',
  riscv64: 'level',
  aarch64: 'level',
  loongarch64: 'level',
};

/** T0 of every CPU for a system with `cpus` processors (R7). */
export function bootTime(t: TimingTable, cpus: number): number {
  const n = Math.max(1, cpus);
  return t.boot.base + t.boot.perSecondaryCpu * (n - 1) + (n > 1 ? t.boot.smpBarrier : 0);
}

/** Cost of a hypercall entry (R1): base plus the call's extra plus copied bytes. */
export function hypercallCost(t: TimingTable, nr: number, bytesCopied = 0): number {
  return t.kernel.hypercallBase + (t.kernel.hypercallExtra[nr] ?? 0) + bytesCopied * t.kernel.perByteCopied;
}

/**
 * The declared interrupt latency (see the header): the longest atomic guest unit (a load, a
 * store, a halt or a hypercall entry; x86 multicall excluded — prtos-states §9 A11 — it is
 * bounded only by the batch) plus the longest entry that takes the interrupt, including a
 * context switch and the HM record a fault may cost.
 */
export function declaredInterruptLatency(t: TimingTable): number {
  const maxExtra = Math.max(0, ...Object.values(t.kernel.hypercallExtra));
  const longestGuestUnit = Math.max(
    t.guest.load,
    t.guest.store,
    t.guest.halt,
    t.kernel.hypercallBase + maxExtra,
  );
  const longestEntry =
    Math.max(t.kernel.timerInterrupt, t.kernel.hwInterrupt, t.kernel.ipi, t.kernel.trap + t.kernel.hmRecord) +
    t.kernel.contextSwitch;
  return longestGuestUnit + longestEntry;
}
