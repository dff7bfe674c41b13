/**
 * The model's world: the snapshots of every machine (one vCPU machine per vCPU, one partition
 * machine per partition, one scheduler machine per CPU, one health monitor), the memory bytes,
 * the system status, and the per-CPU and per-program bookkeeping of the timeline — with the
 * primitive operations of prtos-states §1.2–§1.3 that act on them.
 *
 * This is the "pure coordinator" of DESIGN.md: machine snapshots are immutable and change only
 * through xstate's pure `transition` (pure.ts); what a transition emits is routed here (a `virqPend` becomes
 * an observation, a scheduler decision selects a vCPU, …). Observations are appended to `out`
 * stamped with the instant of the unit that causes them (spec/lockstep L4). Nothing here reads a
 * clock: time is always passed in.
 */
import { initialTransition, type AnyStateMachine, type SnapshotFrom } from 'xstate';
import type { StatusName } from '../spec/constants/index.js';
import { EXT_IRQ, hmSystemResetStatus } from '../spec/constants/index.js';
import type { SideEvent } from '../spec/lockstep.js';
import type { CpuModel, ModelState, OpMode, SystemStatus, VcpuModel } from '../spec/modelState.js';
import type { ProgramSet } from '../spec/program.js';
import { bootTime } from '../spec/timing.js';
import type { ResetMode, SystemWhat } from '../spec/trace/vocabulary.js';
import { CoverageRecorder, stateIds, transitionId } from './coverage.js';
import { emptyHmLog } from './hmLog.js';
import { hmMachine, type HmEmitted, type HmEvent } from './hmMachine.js';
import { addressSpaces, ByteStore, type AddressSpace } from './memory.js';
import { partitionMachine, type PartitionEvent, type PartStateEmitted } from './partitionMachine.js';
import { pureTransition } from './pure.js';
import { freshProgram, type ProgramRun } from './program.js';
import {
  planId,
  schedulerMachine,
  slotIndex,
  type SchedulerEmitted,
  type SchedulerEvent,
} from './schedulerMachine.js';
import type { SystemView, VcpuRef } from './system.js';
import { checkHwTimer, execAt } from './timers.js';
import { vcpuMachine, type ResetKind, type VcpuEvent, type VirqPendEmitted } from './vcpuMachine.js';

export type VcpuSnapshot = SnapshotFrom<typeof vcpuMachine>;
export type PartitionSnapshot = SnapshotFrom<typeof partitionMachine>;
export type SchedulerSnapshot = SnapshotFrom<typeof schedulerMachine>;
export type HmSnapshot = SnapshotFrom<typeof hmMachine>;

/** A compute segment in progress on a CPU: the vCPU computes from `start` until `end` (∞: forever). */
export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly epoch: number;
  /** The segment finishes an op of the program (false for the idle loop after the last op). */
  readonly op: boolean;
}

export interface CpuRun {
  readonly id: number;
  readonly bootAt: number;
  booted: boolean;
  stopped: boolean;
  /** The thread the CPU runs: a vCPU or the idle thread (null). */
  runner: VcpuRef | null;
  /** End of the atomic unit (kernel entry or atomic op) in progress, or null. */
  busyUntil: number | null;
  /** The instant the CPU became free to start its next op (or went idle). */
  freeAt: number;
  segment: Segment | null;
  /** A scheduling IPI pending since this instant (spec/timing R3). */
  ipiAt: number | null;
  /** The vCPU of a `halt` op whose trap follows the end of the op's unit (timing R1). */
  haltTrap: VcpuRef | null;
  /**
   * The CPU timer reached its deadline at the instant another entry (a halt trap, a fault) was
   * taken first, and the timer latches its firings (x86): it is taken when that entry ends even
   * if the entry reprogrammed the timer (timing R3, TIMER_FIRING).
   */
  timerLatched: boolean;
  /**
   * When the lines of the partition now running here became unmasked: the end of the entry that
   * switched its vCPU in (spec/lockstep.ts L9).
   */
  linesOpenAt: number;
  /** Injected faults waiting to be taken (spec/lockstep L2). */
  faults: {
    readonly at: number;
    readonly kind: import('../spec/trace/vocabulary.js').FaultKind;
    readonly addr: number;
  }[];
}

/** Status counters (prtos-states §7.1, §7.2; counted on every port: intended side of ST-OPEN-2). */
export interface Counters {
  numOfHmEvents: number;
  numOfIrqs: number;
  currentMaf: number;
  readonly numOfVirqs: number[];
}

export class World {
  readonly view: SystemView;
  readonly spaces: readonly AddressSpace[];
  readonly store = new ByteStore();
  /** First vCPU index of each partition in `vcpus`. */
  readonly vcpuBase: readonly number[];
  vcpus: VcpuSnapshot[];
  parts: PartitionSnapshot[];
  scheds: SchedulerSnapshot[];
  hm: HmSnapshot;
  readonly cpus: CpuRun[];
  readonly progs: ProgramRun[];
  readonly programOps: readonly (readonly import('../spec/program.js').ProgramOp[])[];
  system: { status: SystemStatus; resetCounter: number };
  /** The reason of a system panic in progress: the halt it ends in is reported as a panic (§4.6). */
  panicking: string | null = null;
  /**
   * Set by an HM action that ends in a scheduling decision (suspend, halt, a failed reset, the
   * maintenance plan: `schedule()` in hm.c:293-360); a trap entry makes the decision that is due
   * at its instant only then, or when its vCPU can no longer run (timing R3, R4).
   */
  rescheduleRequested = false;
  /** `reset_status_init`: the status partitions boot with (prtos-states §1.3, §6.3). */
  resetStatusInit = 0;
  readonly counters: Counters;
  /** Hardware lines raised and not yet taken: line → instant raised. */
  readonly pendingLines = new Map<number, number>();
  /** Bytes of each partition's console not yet ended by a newline. */
  private readonly consoleLines = new Map<number, string>();
  /** Observations of the current step, in the order they happened. */
  out: SideEvent[] = [];
  coverage: CoverageRecorder | undefined;
  /** While true (boot), derived-state changes are the initial state, not observations. */
  private silent = false;

  constructor(view: SystemView, programs: ProgramSet, coverage?: CoverageRecorder) {
    this.view = view;
    this.coverage = coverage;
    this.spaces = addressSpaces(view);
    const base: number[] = [];
    let n = 0;
    for (const p of view.partitions) {
      base.push(n);
      n += p.vcpus;
    }
    this.vcpuBase = base;
    this.vcpus = view.vcpus.map(
      (r) =>
        initialTransition(vcpuMachine, {
          arch: view.arch,
          part: r.part,
          vcpu: r.vcpu,
          cpu: view.partitions[r.part]?.vcpuCpu[r.vcpu] ?? -1,
        })[0],
    );
    this.parts = view.partitions.map(
      (p) => initialTransition(partitionMachine, { id: p.id, opMode: 'IDLE', state: 'HALTED' })[0],
    );
    this.scheds = view.cpus.map((c) => initialTransition(schedulerMachine, { cpu: c.id, plans: c.plans })[0]);
    this.hm = initialTransition(hmMachine, {
      hypervisorTable: view.hypervisorHmTable,
      partitionTables: view.partitions.map((p) => p.hmTable),
      log: emptyHmLog(view.hmLogCapacity),
    })[0];
    this.cpus = view.cpus.map((c) => ({
      id: c.id,
      bootAt: bootTime(view.timing, view.cpus.length),
      booted: false,
      stopped: false,
      runner: null,
      busyUntil: null,
      freeAt: 0,
      segment: null,
      ipiAt: null,
      timerLatched: false,
      haltTrap: null,
      linesOpenAt: 0,
      faults: [],
    }));
    this.programOps = view.vcpus.map(
      (r) => programs.find((p) => p.part === r.part && p.vcpu === r.vcpu)?.ops ?? [],
    );
    this.progs = this.programOps.map((ops) => freshProgram(ops, 0));
    this.system = { status: 'running', resetCounter: 0 };
    this.counters = {
      numOfHmEvents: 0,
      numOfIrqs: 0,
      currentMaf: 0,
      numOfVirqs: view.partitions.map(() => 0),
    };
  }

  // ------------------------------------------------------------------------------------------
  // Machines: every change goes through `transition`; emitted events are returned.

  private step<M extends AnyStateMachine>(name: string, machine: M, snap: SnapshotFrom<M>, event: unknown) {
    if (this.coverage !== undefined) {
      // The state a machine is in before this event counts as reached too (the initial state of a
      // machine is reached without any transition).
      for (const id of stateIds(name, (snap as { value: unknown }).value)) this.coverage.hitItem(id);
      for (const t of machine.getTransitionData(snap as never, event as never)) {
        this.coverage.hitItem(transitionId(name, t as never));
      }
    }
    const [next, actions] = pureTransition(machine, snap, event);
    if (this.coverage !== undefined) {
      for (const id of stateIds(name, (next as { value: unknown }).value)) this.coverage.hitItem(id);
    }
    const emitted: unknown[] = [];
    for (const a of actions as readonly { type: string; params?: { event?: unknown } }[]) {
      if (a.type === 'xstate.emit' && a.params?.event !== undefined) emitted.push(a.params.event);
    }
    return [next, emitted] as const;
  }

  vcpuIndex(ref: VcpuRef): number {
    return (this.vcpuBase[ref.part] ?? -1) + ref.vcpu;
  }

  vcpu(ref: VcpuRef): VcpuSnapshot {
    const s = this.vcpus[this.vcpuIndex(ref)];
    if (s === undefined) throw new Error(`no vCPU ${ref.part}.${ref.vcpu}`);
    return s;
  }

  sendVcpu(ref: VcpuRef, event: VcpuEvent, at: number): void {
    const i = this.vcpuIndex(ref);
    const snap = this.vcpus[i];
    if (snap === undefined) return;
    const [next, emitted] = this.step('vcpu', vcpuMachine, snap, event);
    this.vcpus[i] = next;
    for (const e of emitted as VirqPendEmitted[]) {
      this.emit({ t: at, ev: 'virqPend', part: e.part, vcpu: e.vcpu, irq: e.irq, kind: e.kind });
    }
  }

  sendPartition(part: number, event: PartitionEvent, at: number): void {
    const snap = this.parts[part];
    if (snap === undefined) return;
    const [next, emitted] = this.step('partition', partitionMachine, snap, event);
    this.parts[part] = next;
    for (const e of emitted as PartStateEmitted[]) {
      if (!this.silent) this.out.push({ t: at, ev: 'partState', part: e.part, from: e.from, to: e.to });
    }
  }

  sendScheduler(cpu: number, event: SchedulerEvent): readonly SchedulerEmitted[] {
    const snap = this.scheds[cpu];
    if (snap === undefined) return [];
    const [next, emitted] = this.step('scheduler', schedulerMachine, snap, event);
    this.scheds[cpu] = next;
    return emitted as SchedulerEmitted[];
  }

  sendHm(event: HmEvent): readonly HmEmitted[] {
    const [next, emitted] = this.step('hm', hmMachine, this.hm, event);
    this.hm = next;
    return emitted as HmEmitted[];
  }

  emit(e: SideEvent): void {
    if (!this.silent) this.out.push(e);
  }

  /** Console bytes of partition `part`: each completed line is a `console` observation (L4, R9). */
  consoleBytes(part: number, bytes: Uint8Array, at: number): void {
    let line = this.consoleLines.get(part) ?? '';
    for (const b of bytes) {
      if (b === 0x0a) {
        this.emit({ t: at, ev: 'console', part, text: line });
        line = '';
      } else {
        line += String.fromCharCode(b);
      }
    }
    this.consoleLines.set(part, line);
  }

  row(name: string): void {
    this.coverage?.hitRow(name);
  }

  // ------------------------------------------------------------------------------------------
  // Queries.

  flags(ref: VcpuRef): { halted: boolean; suspended: boolean; ready: boolean } {
    const v = this.vcpu(ref).value as { halted: string; suspended: string; ready: string };
    return { halted: v.halted === 'yes', suspended: v.suspended === 'yes', ready: v.ready === 'yes' };
  }

  /** is_kthread_ready: READY and neither HALTED nor SUSPENDED (REQ-VCPU-1). */
  isReady(ref: VcpuRef): boolean {
    const f = this.flags(ref);
    return !f.halted && !f.suspended && f.ready;
  }

  vcpuState(ref: VcpuRef): StatusName {
    const f = this.flags(ref);
    return f.halted ? 'HALTED' : f.suspended ? 'SUSPENDED' : f.ready ? 'READY' : 'IDLE';
  }

  refsOf(part: number): readonly VcpuRef[] {
    const p = this.view.partitions[part];
    return p === undefined ? [] : Array.from({ length: p.vcpus }, (_, vcpu) => ({ part, vcpu }));
  }

  cpuOf(ref: VcpuRef): number {
    return this.view.partitions[ref.part]?.vcpuCpu[ref.vcpu] ?? -1;
  }

  /** The CPU on which `ref` is the running thread, or -1. */
  runningOn(ref: VcpuRef): number {
    for (const c of this.cpus) {
      if (!c.stopped && c.runner !== null && c.runner.part === ref.part && c.runner.vcpu === ref.vcpu)
        return c.id;
    }
    return -1;
  }

  /** Every vCPU's derived state, in `view.vcpus` order (for the per-unit change detection). */
  derivedStates(): StatusName[] {
    return this.view.vcpus.map((r) => this.vcpuState(r));
  }

  /**
   * Emits `vcpuState` / `partState` for every derived state that differs from `before` (taken at
   * the start of the unit): changes are observed per unit, net of intermediate steps such as the
   * halt that precedes every reset.
   */
  publishStateChanges(before: readonly StatusName[], at: number): void {
    const after = this.derivedStates();
    this.view.vcpus.forEach((r, i) => {
      const from = before[i];
      const to = after[i];
      if (from !== undefined && to !== undefined && from !== to) {
        this.emit({ t: at, ev: 'vcpuState', part: r.part, vcpu: r.vcpu, from, to });
      }
    });
    for (const p of this.view.partitions) {
      const base = this.vcpuBase[p.id] ?? 0;
      const changed = after.slice(base, base + p.vcpus).some((s, k) => s !== before[base + k]);
      if (changed) this.sendPartition(p.id, { type: 'VCPUS', states: after.slice(base, base + p.vcpus) }, at);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Primitives of prtos-states §1.2 / §1.3, as they act on one CPU's kernel entry at `at`.

  /**
   * A cross-CPU scheduling notification to `cpu` (§3.7): the CPU takes an IPI entry at the first
   * instant it is not inside an atomic unit (spec/timing R3). Notifying one's own CPU is the local
   * `schedule()` that ends every entry anyway.
   */
  notify(cpu: number, from: number, at: number): void {
    const c = this.cpus[cpu];
    if (c === undefined || cpu === from || c.stopped || !c.booted) return;
    if (c.ipiAt === null || c.ipiAt > at) c.ipiAt = at;
  }

  /**
   * Halting or suspending a vCPU that executes on another CPU notifies that CPU, so that it stops
   * within the declared latency (REQ-PART-27, intended side of ST-A10).
   */
  private notifyIfRunningElsewhere(ref: VcpuRef, from: number, at: number): void {
    const on = this.runningOn(ref);
    if (on >= 0) this.notify(on, from, at);
  }

  haltVcpu(ref: VcpuRef, cpu: number, at: number): void {
    this.sendVcpu(ref, { type: 'HALT' }, at);
    this.notifyIfRunningElsewhere(ref, cpu, at);
  }

  haltPartition(part: number, cpu: number, at: number): void {
    for (const r of this.refsOf(part)) this.haltVcpu(r, cpu, at);
    this.setPartitionOpMode(part, 'IDLE', at);
  }

  suspendVcpu(ref: VcpuRef, cpu: number, at: number): void {
    this.sendVcpu(ref, { type: 'SUSPEND' }, at);
    this.notifyIfRunningElsewhere(ref, cpu, at);
  }

  suspendPartition(part: number, cpu: number, at: number): void {
    for (const r of this.refsOf(part)) this.suspendVcpu(r, cpu, at);
  }

  resumePartition(part: number, at: number): void {
    for (const r of this.refsOf(part)) this.sendVcpu(r, { type: 'RESUME' }, at);
  }

  /** Makes extended interrupt `irq` pending on `ref` (V7); counted in num_of_virqs when `counted`. */
  pendExt(ref: VcpuRef, irq: number, at: number, counted: boolean): void {
    if (!this.flags(ref).halted) {
      this.row('V7');
      if (counted) this.counters.numOfVirqs[ref.part] = (this.counters.numOfVirqs[ref.part] ?? 0) + 1;
    }
    this.sendVcpu(ref, { type: 'PEND_EXT', irq }, at);
  }

  /** Makes hardware line `line` pending on `ref` (REQ-IRQ-1); dropped if the vCPU is halted. */
  pendHw(ref: VcpuRef, line: number, at: number): void {
    if (!this.flags(ref).halted) this.row('V7');
    this.sendVcpu(ref, { type: 'PEND_HW', line }, at);
  }

  shutdownPartition(part: number, at: number): void {
    for (const r of this.refsOf(part)) this.pendExt(r, EXT_IRQ.SHUTDOWN, at, false);
  }

  setPartitionOpMode(part: number, opMode: OpMode, at: number): void {
    this.sendPartition(part, { type: 'SET_OP_MODE', opMode }, at);
  }

  /** `reset_kthread` (§1.3): fresh PCT and start, program restarted; notifies the vCPU's CPU. */
  resetKthread(ref: VcpuRef, kind: ResetKind, status: number, cpu: number, at: number): void {
    this.sendVcpu(ref, { type: 'RESET', kind, status }, at);
    const i = this.vcpuIndex(ref);
    const old = this.progs[i];
    this.progs[i] = freshProgram(this.programOps[i] ?? [], (old?.epoch ?? 0) + 1);
    this.notify(this.cpuOf(ref), cpu, at);
  }

  /**
   * `reset_partition` (§1.3): halt the partition, set the op modes, restart vCPU0. Every
   * partition of a run has a boot image (the runner boots them all), so the reset cannot fail.
   */
  resetPartition(part: number, mode: ResetMode, status: number, cpu: number, at: number): boolean {
    this.haltPartition(part, cpu, at);
    this.setPartitionOpMode(part, mode === 'cold' ? 'COLD_RESET' : 'WARM_RESET', at);
    this.resetKthread({ part, vcpu: 0 }, mode, status, cpu, at);
    return true;
  }

  /** HW-clock timer of `ref` examined at `now` (at switch-in or on a timer interrupt, REQ-TIME-8). */
  examineHwTimer(ref: VcpuRef, now: number): void {
    const ctx = this.vcpu(ref).context;
    const r = checkHwTimer(ctx.hwTimer, now);
    if (!r.fired) return;
    this.sendVcpu(ref, { type: 'SET_TIMERS', hwTimer: r.next, execTimer: ctx.execTimer }, now);
    this.pendExt(ref, EXT_IRQ.HW_TIMER, now, true);
  }

  // ------------------------------------------------------------------------------------------
  // System level (§6.2, §6.3): the run stops.

  stopSystem(what: SystemWhat, at: number, detail: { mode?: ResetMode; reason?: string } = {}): void {
    if (this.system.status !== 'running') return;
    if (what === 'reset') {
      const counter = (this.system.resetCounter + 1) >>> 0;
      this.system = { status: 'reset', resetCounter: detail.mode === 'cold' ? 0 : counter };
    } else {
      this.system = { ...this.system, status: what === 'halt' ? 'halted' : 'panicked' };
    }
    this.emit({
      t: at,
      ev: 'system',
      what,
      ...(detail.mode === undefined ? {} : { mode: detail.mode }),
      ...(detail.reason === undefined ? {} : { reason: detail.reason }),
    });
    for (const c of this.cpus) {
      c.stopped = true;
      this.sendScheduler(c.id, { type: 'STOP' });
    }
  }

  /** The HM system resets first record why (`(2 << 16) | event`, §4.2). */
  hmSystemReset(event: number, mode: ResetMode, at: number): void {
    this.resetStatusInit = hmSystemResetStatus(event);
    this.stopSystem('reset', at, { mode });
  }

  get running(): boolean {
    return this.system.status === 'running';
  }

  /** Runs `f` without publishing observations (boot: the initial state is not a change). */
  quietly(f: () => void): void {
    this.silent = true;
    try {
      f();
    } finally {
      this.silent = false;
    }
  }

  // ------------------------------------------------------------------------------------------
  // The abstract state (spec/modelState.ts) at instant `now`.

  modelState(now: number): ModelState {
    const vcpus: VcpuModel[] = this.view.vcpus.map((r) => {
      const s = this.vcpu(r);
      const c = s.context;
      const f = this.flags(r);
      return {
        part: r.part,
        vcpu: r.vcpu,
        cpu: c.cpu,
        halted: f.halted,
        suspended: f.suspended,
        ready: f.ready,
        trapPending: c.trapPending !== null,
        opMode: c.opMode,
        resetCounter: c.resetCounter >>> 0,
        resetStatus: c.resetStatus >>> 0,
        execClock: execAt(c.clock, now),
        hwTimer: c.hwTimer,
        execTimer: c.execTimer,
        hwIrqsPend: c.hwPend >>> 0,
        hwIrqsMask: c.hwMask >>> 0,
        extIrqsPend: c.extPend >>> 0,
        extIrqsMask: c.extMask >>> 0,
      };
    });
    const cpus: CpuModel[] = this.cpus.map((cpu) => {
      const ctx = (this.scheds[cpu.id] as SchedulerSnapshot).context;
      return {
        id: cpu.id,
        planCurrent: ctx.planCurrent === null ? null : planId(ctx.planCurrent),
        planNew: planId(ctx.planNew),
        planPrev: ctx.planPrev === null ? null : planId(ctx.planPrev),
        planSwitchTime: ctx.planSwitchTime,
        slot: slotIndex(ctx),
        current: cpu.runner === null ? 'idle' : { part: cpu.runner.part, vcpu: cpu.runner.vcpu },
      };
    });
    const log = this.hm.context.log;
    return {
      t: now,
      system: { status: this.system.status, resetCounter: this.system.resetCounter >>> 0 },
      partitions: this.parts.map((p) => ({ id: p.context.id, opMode: p.context.opMode })),
      vcpus,
      cpus,
      hmLog: { records: [...log.records], capacity: log.capacity, nextSeq: log.nextSeq },
      ports: [],
      channels: [],
    };
  }
}
