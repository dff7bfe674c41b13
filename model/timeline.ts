/**
 * The model's timeline: when each CPU does what, to the µs, from spec/timing alone — and the
 * `LockstepSide` the lockstep runner drives (spec/lockstep.ts).
 *
 * Each CPU is a sequence of units (R1): guest ops, kernel entries, idle. The next thing a CPU does
 * is, in order: its boot entry at T0 (R7); the end of the atomic unit it is in; an interrupt or an
 * injected fault that is due (taken at the first instant at or after its deadline when the CPU is
 * not inside an atomic unit — a compute is cut there, R3); the end of its compute; the start of
 * its vCPU's next op. All CPUs advance together in one order: by instant, and at one instant by the
 * run's tie-break list (R8); an effect of one CPU (an IPI, a line becoming takeable) is seen by
 * CPUs that act later at the same instant.
 *
 * Decisions taken here and reported to the lead (spec/ should fix them for both sides):
 * - an interrupt raised at the instant a compute starts (by a CPU that acts later at that
 *   instant) cuts it at once, with nothing done — a compute is not atomic (R3: "cut at D");
 * - injected faults are taken one per entry, oldest first (R1 puts them before interrupts due at
 *   the same instant); a faulting load or store emits its `op` and traps at the op's start (R1);
 *   the op runs again, with a new `op` event, when the HM returns to the vCPU;
 * - the trap that follows a `halt` op (R1) is taken as soon as the halt unit ends, before any
 *   interrupt or fault due at that instant;
 * - an IPI sent to a CPU that has not booted yet is dropped (its boot decision sees everything);
 *   faults and hardware lines raised before a CPU's T0 wait and are taken after its boot entry.
 */
import { isReservedHwIrq } from '../spec/constants/archParams.js';
import type { LockstepSide, RunSpec, SideEvent, StimulusInput, TieBreak } from '../spec/lockstep.js';
import type { ModelState } from '../spec/modelState.js';
import { resolveArg, type ProgramOp } from '../spec/program.js';
import type { GuestOp } from '../spec/trace/vocabulary.js';
import type { CoverageRecorder } from './coverage.js';
import {
  faultDue,
  haltOpEntry,
  hypercallEntry,
  injectedFaultEntry,
  interruptDue,
  interruptEntry,
  opFaultEntry,
  bootEntry,
} from './kernel.js';
import { accessible, firstInaccessible, pctArrayBase, pctStride, readGuest, writeGuest } from './memory.js';
import { pctField } from '../spec/pct.js';
import { pctReader } from './pctImage.js';
import { nextOp } from './program.js';
import { systemView, type VcpuRef } from './system.js';
import type { CpuRun } from './world.js';
import { World } from './world.js';

const X86_FAMILY = new Set(['x86', 'amd64']);

export interface ModelOptions {
  /** Counts states, transitions, note rows and hypercall × return codes of this run. */
  readonly coverage?: CoverageRecorder;
}

/** The model as one side of the lockstep (spec/lockstep.ts). */
export class ModelSide implements LockstepSide {
  private readonly w: World;
  private readonly order: ReadonlyMap<number, readonly number[]>;
  private instant = 0;
  /** The instant of the last unit run: no CPU acts before it. */
  private global = 0;

  constructor(spec: RunSpec, options: ModelOptions = {}) {
    const view = systemView(spec.config);
    this.w = new World(view, spec.programs, options.coverage);
    this.order = new Map(spec.tieBreaks.map((tb: TieBreak) => [tb.t, tb.order]));
    this.boot();
  }

  /**
   * P0 and P1 (prtos-states §1.5, §6.1): every partition is created halted and then cold-reset
   * with `reset_status_init`, its op mode forced to IDLE, before any CPU's T0 (R7). This is the
   * initial state, not a change: it emits no observation.
   */
  private boot(): void {
    const w = this.w;
    w.quietly(() => {
      for (const p of w.view.partitions) {
        w.row('P0');
        w.row('P1');
        w.resetPartition(p.id, 'cold', w.resetStatusInit, -1, 0);
        w.setPartitionOpMode(p.id, 'IDLE', 0);
      }
      w.publishStateChanges(
        w.view.vcpus.map(() => 'HALTED' as const),
        0,
      );
    });
  }

  get now(): number {
    return this.instant;
  }

  get stopped(): boolean {
    return !this.w.running;
  }

  /** The world, for tests and tools that look inside the model. */
  get world(): World {
    return this.w;
  }

  advance(t: number): readonly SideEvent[] {
    if (t < this.instant) throw new Error(`model: advance(${t}) goes back from ${this.instant}`);
    const w = this.w;
    w.out = [];
    while (w.running) {
      let pick: CpuRun | undefined;
      let pickTime = Number.POSITIVE_INFINITY;
      let pickRank = Number.POSITIVE_INFINITY;
      for (const c of w.cpus) {
        if (c.stopped) continue;
        const tn = this.nextTime(c);
        if (tn >= t) continue;
        const rank = this.rank(tn, c.id);
        if (tn < pickTime || (tn === pickTime && rank < pickRank)) {
          pick = c;
          pickTime = tn;
          pickRank = rank;
        }
      }
      if (pick === undefined) break;
      this.global = pickTime;
      this.process(pick, pickTime);
    }
    this.instant = t;
    this.global = Math.max(this.global, t);
    return w.out;
  }

  stimulate(s: StimulusInput): readonly SideEvent[] {
    const w = this.w;
    if (!w.running) return [];
    if (s.ev === 'hwIrq') {
      // Only the x86 family delivers device interrupts to partitions (prtos-states §5.1), and a
      // line the kernel keeps for its own devices (spec/constants RESERVED) never reaches the
      // partitions' handlers nor the HM (spec/lockstep.ts L9).
      if (X86_FAMILY.has(w.view.arch) && !isReservedHwIrq(w.view.arch, s.line) && !w.pendingLines.has(s.line))
        w.pendingLines.set(s.line, this.instant);
    } else {
      const c = w.cpus.find((x) => x.id === s.cpu);
      if (c !== undefined && !c.stopped) c.faults.push({ at: this.instant, kind: s.kind, addr: s.addr });
    }
    return [];
  }

  state(): ModelState {
    return this.w.modelState(this.instant);
  }

  // ------------------------------------------------------------------------------------------

  private rank(t: number, cpu: number): number {
    const order = this.order.get(t);
    if (order === undefined) return cpu;
    const i = order.indexOf(cpu);
    return i >= 0 ? i : order.length + cpu;
  }

  /** When CPU `c` next does something (see the header). */
  private nextTime(c: CpuRun): number {
    if (!c.booted) return c.bootAt;
    if (c.busyUntil !== null) return c.busyUntil;
    const due = Math.max(Math.min(interruptDue(this.w, c), faultDue(c)), this.global);
    if (c.runner !== null) {
      if (c.segment !== null) return Math.min(c.segment.end, Math.max(due, c.segment.start));
      return c.freeAt;
    }
    return Math.max(due, c.freeAt);
  }

  private process(c: CpuRun, t: number): void {
    const w = this.w;
    if (!c.booted) {
      bootEntry(w, c, t);
      return;
    }
    if (c.busyUntil !== null) {
      c.busyUntil = null;
      c.freeAt = t;
      // A halt op traps as soon as its unit ends, before anything else is taken (R1).
      const halted = c.haltTrap;
      if (halted !== null) {
        c.haltTrap = null;
        haltOpEntry(w, c, t, halted);
      }
      return;
    }
    // Injected faults due now are taken before interrupts due now (R1), one per entry, oldest first.
    if (faultDue(c) <= t) {
      this.cut(c, t);
      const f = c.faults.reduce((a, b) => (b.at < a.at ? b : a));
      c.faults.splice(c.faults.indexOf(f), 1);
      injectedFaultEntry(w, c, t, f.kind, f.addr);
      return;
    }
    if (interruptDue(w, c) <= t) {
      this.cut(c, t);
      interruptEntry(w, c, t);
      return;
    }
    if (c.runner === null) {
      c.freeAt = t;
      return;
    }
    if (c.segment !== null) {
      if (t < c.segment.end) return;
      this.cut(c, t);
    }
    this.startOp(c, t);
  }

  /** Ends the compute in progress at `t`: the op is done, or its rest waits for the vCPU's next turn. */
  private cut(c: CpuRun, t: number): void {
    const s = c.segment;
    c.segment = null;
    if (s === null || !s.op || c.runner === null) return;
    const prog = this.w.progs[this.w.vcpuIndex(c.runner)];
    if (prog === undefined || prog.epoch !== s.epoch) return;
    const left = s.end - t;
    if (left <= 0) {
      prog.pc++;
      prog.computeLeft = 0;
    } else {
      prog.computeLeft = left;
    }
  }

  /**
   * A store into the caller's PCT can only be into a field the guest may write (the range is
   * writable only there): riscv64's `trap_entry`, where the vCPU registers its interrupt entry.
   */
  private storeIntoPct(ref: VcpuRef, addr: number, size: number, value: number): void {
    const w = this.w;
    const base = pctArrayBase(w.view, ref.part);
    const stride = pctStride(w.view, ref.part);
    const vcpus = w.view.partitions[ref.part]?.vcpus ?? 0;
    if (stride <= 0 || addr < base || addr >= base + vcpus * stride) return;
    const vcpu = Math.floor((addr - base) / stride);
    const offset = addr - base - vcpu * stride;
    const f = pctField(w.view.arch, 'archTrapEntry');
    if (w.view.arch === 'x86' || w.view.arch === 'amd64' || offset < f.offset || offset >= f.offset + f.size)
      return;
    const target = { part: ref.part, vcpu };
    let current = BigInt(w.vcpu(target).context.trapEntry);
    const bytes = BigInt.asUintN(size * 8, BigInt(value));
    for (let i = 0; i < size && offset + i < f.offset + f.size; i++) {
      const shift = BigInt((offset - f.offset + i) * 8);
      current = (current & ~(0xffn << shift)) | (((bytes >> BigInt(i * 8)) & 0xffn) << shift);
    }
    const v = Number(BigInt.asUintN(53, current));
    w.sendVcpu(target, { type: 'WRITE_TRAP_ENTRY', value: v }, this.instant);
  }

  private startOp(c: CpuRun, t: number): void {
    const w = this.w;
    const ref = c.runner;
    if (ref === null) return;
    const prog = w.progs[w.vcpuIndex(ref)];
    if (prog === undefined) return;
    const guest = w.view.timing.guest;
    if (prog.computeLeft > 0) {
      c.segment = { start: t, end: t + prog.computeLeft, epoch: prog.epoch, op: true };
      prog.computeLeft = 0;
      return;
    }
    const op: ProgramOp | undefined = nextOp(prog);
    if (op === undefined) {
      c.segment = { start: t, end: Number.POSITIVE_INFINITY, epoch: prog.epoch, op: false };
      return;
    }
    const resolve = (a: Parameters<typeof resolveArg>[0]) =>
      resolveArg(a, w.view.config, ref.part, prog.results);
    const emitOp = (o: GuestOp) => {
      // A faulting load or store that the HM returns to runs again: the same op, no new event (L3).
      if (prog.started === prog.pc) return;
      prog.started = prog.pc;
      w.emit({ t, ev: 'op', cpu: c.id, part: ref.part, vcpu: ref.vcpu, op: o });
    };
    const space = w.spaces[ref.part];
    switch (op.k) {
      case 'compute': {
        emitOp({ k: 'compute', n: op.n });
        c.segment = {
          start: t,
          end: t + Math.max(0, op.n) * guest.computeCycle,
          epoch: prog.epoch,
          op: true,
        };
        return;
      }
      case 'load': {
        const addr = resolve(op.addr);
        const size = Number(op.size) as 1 | 2 | 4 | 8;
        emitOp({ k: 'load', addr, size });
        if (space === undefined || !accessible(space, addr, size, 'read')) {
          opFaultEntry(
            w,
            c,
            t,
            ref,
            'load',
            space === undefined ? addr : (firstInaccessible(space, addr, size, 'read') ?? addr),
          );
          return;
        }
        prog.results[prog.pc] = readGuest(space, w.store, addr, size, pctReader(w, ref.part));
        prog.pc++;
        c.busyUntil = t + guest.load;
        return;
      }
      case 'store': {
        const addr = resolve(op.addr);
        const size = Number(op.size) as 1 | 2 | 4 | 8;
        emitOp({ k: 'store', addr, size, value: op.value });
        if (space === undefined || !accessible(space, addr, size, 'write')) {
          opFaultEntry(
            w,
            c,
            t,
            ref,
            'store',
            space === undefined ? addr : (firstInaccessible(space, addr, size, 'write') ?? addr),
          );
          return;
        }
        writeGuest(space, w.store, addr, size, op.value);
        this.storeIntoPct(ref, addr, size, op.value);
        prog.pc++;
        c.busyUntil = t + guest.store;
        return;
      }
      case 'halt': {
        emitOp({ k: 'halt' });
        prog.parked = true;
        prog.pc++;
        c.busyUntil = t + guest.halt;
        c.haltTrap = ref;
        return;
      }
      case 'hypercall': {
        const raw = op.args.map(resolve);
        const index = prog.pc;
        prog.pc++;
        hypercallEntry(w, c, t, ref, op.nr, raw, index);
        return;
      }
    }
  }
}

/** The abstract model of a run, ready to be driven in lockstep (spec/lockstep.ts). */
export function createModel(spec: RunSpec, options: ModelOptions = {}): ModelSide {
  return new ModelSide(spec, options);
}
