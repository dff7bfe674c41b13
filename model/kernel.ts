/**
 * Kernel entries of the model: boot, interrupt, hypercall and trap, each an atomic unit of one CPU
 * stamped at its start (spec/timing R1, R2), costed by R10, and ended the same way — a scheduling
 * decision, a context switch if the thread changes (R5), and the return into the guest that
 * delivers at most one virtual interrupt (prtos-states §5.4).
 *
 * Every entry ends with the scheduler's answer for the CPU (prtos-states §3.3): a fresh decision
 * when the current decision interval is over (the timer interrupt and the boot entry, and an
 * injected fault taken at the very instant the interval ends, since faults go first, R1 — its
 * decision then moves the timer and no tick follows), otherwise the cached one — the
 * chosen vCPU if it is still READY and did not yield, else the idle thread (REQ-SCHED-3). This is
 * the intended reading of every path that halts, suspends or resets the current vCPU (it stops at
 * once, ST-A21) and of every path that does not change it (the cached answer is the caller again).
 *
 * Hardware lines (x86 family): all are taken by the first CPU; a line owned by a partition is
 * masked at the controller while none of that partition's vCPUs runs and waits there (the
 * intended side of ST-A4); riscv64, aarch64 and loongarch64 deliver no device interrupts (§5.1,
 * REQ-IRQ-6). Which CPU takes a line is not fixed by the notes (reported to the lead).
 */
import { EXT_IRQ, HM_EV } from '../spec/constants/index.js';
import { TIMER_FIRING, hypercallCost } from '../spec/timing.js';
import { accessTrap, faultTrap } from './faults.js';
import { raiseKernelEvent, takeTrap } from './hmPath.js';
import { dispatch } from './hypercalls/dispatch.js';
import type { CallCost } from './hypercalls/call.js';
import { cachedRunner, decide, decisionDue, planId } from './schedulerMachine.js';
import type { VcpuRef } from './system.js';
import { checkExecTimer, execAt, execDeadline } from './timers.js';
import { chooseInjection } from './virq.js';
import type { CpuRun, World } from './world.js';
import type { FaultKind } from '../spec/trace/vocabulary.js';

const X86_FAMILY = new Set(['x86', 'amd64']);

function same(a: VcpuRef | null, b: VcpuRef | null): boolean {
  if (a === null || b === null) return a === b;
  return a.part === b.part && a.vcpu === b.vcpu;
}

/** The instant the CPU's timer is programmed for (R10), or Infinity. */
export function timerDeadline(w: World, c: CpuRun): number {
  const ctx = w.scheds[c.id]?.context;
  let d = ctx?.served?.until ?? Number.POSITIVE_INFINITY;
  if (c.runner !== null) {
    const v = w.vcpu(c.runner).context;
    if (v.hwTimer !== null) d = Math.min(d, v.hwTimer.value);
    if (v.execTimer !== null) d = Math.min(d, execDeadline(v.clock, v.execTimer.value));
  }
  return d;
}

/** Hardware lines this CPU can take now: raised, routed to it and not masked at the controller. */
export function takeableLines(
  w: World,
  c: CpuRun,
): readonly { readonly line: number; readonly at: number }[] {
  if (!X86_FAMILY.has(w.view.arch)) return [];
  const out: { line: number; at: number }[] = [];
  for (const [line, at] of w.pendingLines) {
    if (lineCpu(w, line) !== c.id) continue;
    const owner = w.view.lineOwner.get(line);
    // spec/lockstep.ts L9: an owned line is unmasked only while its owner runs on its CPU, from
    // the end of the entry that switched the owner in.
    if (owner === undefined) out.push({ line, at });
    else if (c.runner !== null && c.runner.part === owner)
      out.push({ line, at: Math.max(at, c.linesOpenAt) });
  }
  return out;
}

/** The CPU a line is routed to (spec/lockstep.ts L9): its owner's vCPU 0's CPU, else CPU 0. */
function lineCpu(w: World, line: number): number {
  const owner = w.view.lineOwner.get(line);
  const cpu = owner === undefined ? -1 : (w.view.partitions[owner]?.vcpuCpu[0] ?? -1);
  return cpu >= 0 ? cpu : 0;
}

/** The earliest instant an interrupt source of this CPU is due (timer, IPI, takeable line). */
export function interruptDue(w: World, c: CpuRun): number {
  let d = c.timerLatched ? Number.NEGATIVE_INFINITY : timerDeadline(w, c);
  if (c.ipiAt !== null) d = Math.min(d, c.ipiAt);
  for (const l of takeableLines(w, c)) d = Math.min(d, l.at);
  return d;
}

export function faultDue(c: CpuRun): number {
  let d = Number.POSITIVE_INFINITY;
  for (const f of c.faults) d = Math.min(d, f.at);
  return d;
}

// ------------------------------------------------------------------------------------------------
// Ending an entry.

function decideNow(w: World, c: CpuRun, at: number): void {
  const ctx = w.scheds[c.id]?.context;
  if (ctx === undefined) return;
  const previous = ctx.served;
  const d = decide(ctx, at, (r) => w.isReady(r));
  for (const em of w.sendScheduler(c.id, { type: 'DECIDE', decision: d })) {
    if (em.type === 'planSwitch') {
      w.emit({
        t: at,
        ev: 'planSwitch',
        cpu: c.id,
        from: em.from === null ? null : planId(em.from),
        to: planId(em.to),
      });
    } else {
      w.emit({ t: at, ev: 'slot', cpu: c.id, plan: planId(em.plan), slot: em.slot });
    }
  }
  const pos = d.served.position;
  if (
    d.activated === null &&
    previous !== null &&
    previous.position.kind !== 'empty' &&
    pos.kind !== 'empty' &&
    d.origin === ctx.origin &&
    pos.k > previous.position.k
  ) {
    w.counters.currentMaf++;
  }
  const chosen = d.served.chosen;
  if (chosen !== null && pos.kind === 'slot') {
    w.sendVcpu(
      chosen,
      { type: 'SELECTED', slot: { index: pos.index, id: pos.slot.id, duration: pos.slot.duration } },
      at,
    );
    w.pendExt(chosen, EXT_IRQ.CYCLIC_SLOT_START, at, true);
  }
}

/** The return from the kernel into `ref` (prtos-states §5.4): an owed `ret`, then one injection. */
function returnToGuest(w: World, c: CpuRun, ref: VcpuRef, at: number): void {
  const ctx = w.vcpu(ref).context;
  if (ctx.fresh) {
    // The first entry after a (re)start goes to the entry point and delivers nothing (REQ-IRQ-14).
    w.sendVcpu(ref, { type: 'ENTERED' }, at);
    return;
  }
  const prog = w.progs[w.vcpuIndex(ref)];
  const owed = prog?.owedReturn ?? null;
  if (prog !== undefined && owed !== null) {
    w.emit({
      t: at,
      ev: 'ret',
      cpu: c.id,
      part: ref.part,
      vcpu: ref.vcpu,
      nr: owed.nr,
      code: owed.code,
      ...(owed.out === undefined ? {} : { out: [...owed.out] }),
    });
    prog.results[owed.op] = owed.code;
    prog.owedReturn = null;
    w.coverage?.hitHypercall(owed.nr, owed.code);
  }
  const now = w.vcpu(ref).context;
  const inj = chooseInjection(w.view.arch, now);
  if (inj === undefined) {
    if (now.trapPending !== null || ((now.extPend & ~now.extMask) | (now.hwPend & ~now.hwMask)) !== 0) {
      w.row('delivery:blocked');
    }
    return;
  }
  w.row(`delivery:${inj.stage}`);
  w.sendVcpu(ref, { type: 'INJECTED', kind: inj.kind, irq: inj.irq, vector: inj.vector }, at);
  w.emit({
    t: at,
    ev: 'virqDeliver',
    part: ref.part,
    vcpu: ref.vcpu,
    irq: inj.irq,
    kind: inj.kind,
    vector: inj.vector,
  });
}

/**
 * Ends an entry begun at `at` that so far costs `base`: scheduling, context switch, return into
 * the guest; the CPU is then busy until `at + cost` (R1, R5).
 */
/**
 * An entry other than an interrupt entry that starts at the instant the CPU timer is due (a halt
 * trap, a fault: both go before interrupts of the same instant, timing R1). On a latched timer
 * the firing is taken as its own entry, with its tick, when this one ends; on a level timer it
 * is taken only if the deadline the entry leaves is still due (timing R3, TIMER_FIRING).
 */
function latchTimer(w: World, c: CpuRun, at: number): void {
  if (TIMER_FIRING[w.view.arch] === 'latched' && timerDeadline(w, c) <= at) c.timerLatched = true;
}

/**
 * Whether a trap entry ends in `schedule()`: when its HM action asked for it, or when the vCPU it
 * interrupted can no longer run (the intended side of ST-A21). Otherwise a scheduling decision
 * due at its instant waits for the timer interrupt that follows the entry (timing R3, R4).
 */
function trapSchedules(w: World, c: CpuRun): boolean {
  return w.rescheduleRequested || (c.runner !== null && !w.isReady(c.runner));
}

function finishEntry(
  w: World,
  c: CpuRun,
  at: number,
  base: number,
  before: ReturnType<World['derivedStates']>,
  schedules = true,
): void {
  let cost = base;
  if (w.running) {
    const ctx = w.scheds[c.id]?.context;
    if (schedules && ctx !== undefined && decisionDue(ctx, at)) decideNow(w, c, at);
    const schedCtx = w.scheds[c.id]?.context;
    const next = schedCtx === undefined ? null : cachedRunner(schedCtx, (r) => w.isReady(r));
    const prev = c.runner;
    if (!same(next, prev)) {
      cost += w.view.timing.kernel.contextSwitch;
      w.emit({
        t: at,
        ev: 'switch',
        cpu: c.id,
        from: prev === null ? 'idle' : { part: prev.part, vcpu: prev.vcpu },
        to: next === null ? 'idle' : { part: next.part, vcpu: next.vcpu },
      });
      const end = at + cost;
      if (prev !== null) w.sendVcpu(prev, { type: 'SWITCH_OUT', at: end }, at);
      c.runner = next;
      c.linesOpenAt = end;
      if (next !== null) {
        w.sendVcpu(next, { type: 'SWITCH_IN', at: end }, at);
        // Expired HW-clock timers of the incoming vCPU fire now, at switch-in (§3.5 step 2).
        w.examineHwTimer(next, at);
      }
    }
    if (next !== null) returnToGuest(w, c, next, at);
  }
  c.busyUntil = at + cost;
  c.segment = null;
  w.publishStateChanges(before, at);
}

// ------------------------------------------------------------------------------------------------
// The entries.

/** R7: the CPU's first scheduling decision, at T0; costs only the context switch, no tick. */
export function bootEntry(w: World, c: CpuRun, at: number): void {
  const before = w.derivedStates();
  c.booted = true;
  finishEntry(w, c, at, 0, before);
}

/** An interrupt entry at `at`: every source due is taken together (R3), each charged (R10). */
export function interruptEntry(w: World, c: CpuRun, at: number): void {
  const before = w.derivedStates();
  const k = w.view.timing.kernel;
  const timer = c.timerLatched || timerDeadline(w, c) <= at;
  c.timerLatched = false;
  const ipi = c.ipiAt !== null && c.ipiAt <= at;
  const lines = takeableLines(w, c).filter((l) => l.at <= at);
  let cost = (timer ? k.timerInterrupt : 0) + (ipi ? k.ipi : 0) + lines.length * k.hwInterrupt;
  w.counters.numOfIrqs += (timer ? 1 : 0) + (ipi ? 1 : 0) + lines.length;
  const x = c.runner;
  if (timer) {
    w.emit({ t: at, ev: 'tick', cpu: c.id });
    if (x !== null) {
      w.examineHwTimer(x, at);
      const v = w.vcpu(x).context;
      const r = checkExecTimer(v.execTimer, execAt(v.clock, at));
      if (r.fired) {
        w.sendVcpu(x, { type: 'SET_TIMERS', hwTimer: v.hwTimer, execTimer: r.next }, at);
        w.pendExt(x, EXT_IRQ.EXEC_TIMER, at, true);
      }
    }
  }
  if (ipi) c.ipiAt = null;
  for (const { line } of lines) {
    w.pendingLines.delete(line);
    const owner = w.view.lineOwner.get(line);
    if (owner !== undefined) {
      for (const r of w.refsOf(owner)) w.pendHw(r, line, at);
    } else if (w.running) {
      // An unowned line: UNEXPECTED_TRAP, always system level (§4.3, REQ-IRQ-2).
      cost += k.hmRecord * raiseKernelEvent(w, c.id, at, HM_EV.UNEXPECTED_TRAP, true, x);
    }
  }
  finishEntry(w, c, at, cost, before);
}

/** A trap from a guest op's memory access (the op will run again when the HM returns to it). */
export function opFaultEntry(
  w: World,
  c: CpuRun,
  at: number,
  ref: VcpuRef,
  kind: 'load' | 'store',
  addr: number,
): void {
  latchTimer(w, c, at);
  const before = w.derivedStates();
  const { trap, event } = accessTrap(w.view.arch, kind === 'load' ? 'read' : 'write', addr);
  const raised = takeTrap(w, c.id, at, ref, trap, event);
  const k = w.view.timing.kernel;
  finishEntry(w, c, at, k.trap + raised * k.hmRecord, before, trapSchedules(w, c));
}

/** An injected fault (L2), taken in whatever context runs: a partition's, or the idle thread's. */
export function injectedFaultEntry(w: World, c: CpuRun, at: number, kind: FaultKind, addr: number): void {
  latchTimer(w, c, at);
  const before = w.derivedStates();
  const { trap, event } = faultTrap(w.view.arch, kind, addr);
  const raised = takeTrap(w, c.id, at, c.runner, trap, event);
  const k = w.view.timing.kernel;
  finishEntry(w, c, at, k.trap + raised * k.hmRecord, before, trapSchedules(w, c));
}

/**
 * The trap that follows a `halt` op (spec/program.ts, timing R1): the kernel halts the calling
 * vCPU as halt_vcpu does (V1: H, op mode IDLE) and the CPU goes idle; nothing returns and no HM
 * event is raised.
 */
export function haltOpEntry(w: World, c: CpuRun, at: number, ref: VcpuRef): void {
  latchTimer(w, c, at);
  const before = w.derivedStates();
  w.row('V1');
  w.haltVcpu(ref, c.id, at);
  finishEntry(w, c, at, w.view.timing.kernel.trap, before);
}

/** A hypercall op of `ref` (op index `op` of its program) with raw arguments `raw`. */
export function hypercallEntry(
  w: World,
  c: CpuRun,
  at: number,
  ref: VcpuRef,
  nr: number,
  raw: readonly number[],
  op: number,
): void {
  const before = w.derivedStates();
  w.emit({ t: at, ev: 'hypercall', cpu: c.id, part: ref.part, vcpu: ref.vcpu, nr, args: [...raw] });
  const i = w.vcpuIndex(ref);
  const prog = w.progs[i];
  const cost: CallCost = { bytesCopied: 0, hmEvents: 0, multicallEntries: 0 };
  const canContinue = () =>
    w.running && w.progs[i] === prog && w.isReady(ref) && w.scheds[c.id]?.context.yielded !== true;
  const outcome = dispatch({ w, cpu: c.id, at, caller: ref, nr, cost }, raw, canContinue);
  if (outcome.kind === 'return' && prog !== undefined && w.progs[i] === prog) {
    prog.owedReturn = { op, nr, code: outcome.code, out: outcome.out };
  } else if (outcome.kind === 'noReturn') {
    w.coverage?.hitHypercall(nr, Number.NaN);
  }
  const k = w.view.timing.kernel;
  const base =
    hypercallCost(w.view.timing, nr, cost.bytesCopied) +
    cost.hmEvents * k.hmRecord +
    cost.multicallEntries * k.multicallEntry;
  finishEntry(w, c, at, base, before);
}
