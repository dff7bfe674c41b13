/**
 * One CPU's execution semantics: the units of spec/timing R1–R3 and R7 on a single CPU.
 *
 * DESIGN.md (impl/machine): "`compute(n)` can be interrupted at any cycle; load, store and
 * hypercall entry are atomic; kernel entries run with interrupts off and are atomic per CPU."
 * The machine's event loop (`machine.ts`) decides *which* CPU acts next and *when*; this file
 * says what the CPU does when it acts. Each CPU is in one phase:
 *
 * | phase       | meaning                                          | acts at                     |
 * |-------------|--------------------------------------------------|-----------------------------|
 * | `booting`   | power-on until its boot period ends (R7)         | the end: calls `boot`       |
 * | `kernel`    | an atomic kernel entry [since, until)            | until: applies the exit     |
 * | `ready`     | a guest context at an op boundary                | since: interrupt or next op |
 * | `computing` | a compute unit [since, until)                    | until, or a cut at D (R1)   |
 * | `atomic`    | a load or store unit [since, until)              | until                       |
 * | `halting`   | a guest `halt` unit [since, until)               | until: traps to `guestHalt` |
 * | `idle`      | waiting for an interrupt                         | when one is due             |
 * | `halted`    | stopped for good                                 | never                       |
 *
 * Rules applied here (spec/timing):
 * - R1: a compute is cut at the first due instant strictly inside it, or at its start if the
 *   source became due at that very instant after the CPU had already started it; the rest
 *   stays with the guest context (`contexts.ts`). Loads, stores and halts are atomic.
 * - R2: a load or store acts at its start, a hypercall calls the kernel at the op's start.
 * - R3: at an op boundary, an injected exception is taken first, then all interrupt sources
 *   due are taken in one `interrupt` entry; inside an atomic unit nothing is taken until its end.
 * - R7: a booting CPU takes nothing; what arrives stays pending until its boot entry ends.
 * A faulting load or store takes no guest time: the trap is at the op's start, and the op is
 * executed again when its context is resumed (DESIGN.md impl/guest).
 */
import type { ContextState, ContextTable } from './contexts.js';
import type { ExceptionKind, Fault, Firmware, KernelExit } from './firmware.js';
import { assertNat, type ContextId, type CpuId } from './ids.js';
import type { InterruptController } from './intc.js';
import type { GuestContext, GuestOp, GuestOpCosts, OpResult } from './isa.js';
import type { PhysicalMemory } from './memory.js';
import type { Mmu, MmuFaultKind } from './mmu.js';
import { Timer, type TimerFiring } from './timer.js';
import { loadVirtual, storeVirtual } from './virtual.js';
import type { Activity, Witness, Writer } from './witness.js';

export type Phase = 'booting' | 'kernel' | 'ready' | 'computing' | 'atomic' | 'halting' | 'idle' | 'halted';

/** Who is writing memory right now (set around every guest store and kernel entry). */
export interface WriteActor {
  /** `none` while guest callbacks run: the guest may change memory only by its ops. */
  by: Writer | 'none';
  cpu: CpuId | null;
  t: number;
  context: string | null;
  mmu: ContextId | null;
}

/** What a CPU needs of the machine it is part of. */
export interface Board {
  readonly memory: PhysicalMemory;
  readonly mmu: Mmu;
  readonly intc: InterruptController;
  readonly witness: Witness;
  readonly costs: GuestOpCosts;
  readonly timerFiring: TimerFiring;
  readonly contexts: ContextTable;
  readonly actor: WriteActor;
  /** The current global instant. */
  now(): number;
  firmware(): Firmware;
  /** The CPU whose kernel entry is being called, or null. */
  calling: CpuCore | null;
}

interface PendingException {
  readonly kind: ExceptionKind;
  readonly addr: number;
  readonly since: number;
}

const COMPUTE_DONE: OpResult = { kind: 'compute' };
const STORE_DONE: OpResult = { kind: 'store' };
const HALT_DONE: OpResult = { kind: 'halt' };

export class CpuCore {
  readonly id: CpuId;
  readonly timer: Timer;
  readonly #board: Board;
  #phase: Phase = 'booting';
  #since = 0;
  #until: number;
  /** The guest context current on this CPU (running, or the one the kernel entry came from). */
  #ctx: ContextState | null = null;
  #mmu: ContextId | null = null;
  /** The exit of the kernel entry in progress. */
  #exit: KernelExit | null = null;
  /** Vectors injected during the kernel call in progress. */
  readonly #injected: number[] = [];
  readonly #exceptions: PendingException[] = [];
  /** Set when the machine halts during this CPU's kernel entry: halt when it ends. */
  #haltAfterEntry = false;
  #activity: Activity = 'boot';
  #activityContext: string | null = null;
  #activityFrom = 0;

  constructor(id: CpuId, bootUntil: number, board: Board) {
    this.id = id;
    this.#until = bootUntil;
    this.#board = board;
    this.timer = new Timer(() => board.now(), board.timerFiring);
  }

  get phase(): Phase {
    return this.#phase;
  }
  get since(): number {
    return this.#since;
  }
  get until(): number {
    return this.#until;
  }
  get context(): GuestContext | null {
    return this.#ctx?.context ?? null;
  }
  get mmu(): ContextId | null {
    return this.#mmu;
  }

  /** The next instant this CPU acts at (≥ `now`), or ∞. */
  nextAt(now: number): number {
    switch (this.#phase) {
      case 'booting':
      case 'kernel':
      case 'atomic':
      case 'halting':
        return this.#until;
      case 'ready':
        return this.#since;
      case 'computing': {
        const d = this.#due();
        return d < this.#until ? Math.max(d, now) : this.#until;
      }
      case 'idle': {
        const d = this.#due();
        return d === Infinity ? Infinity : Math.max(d, now);
      }
      case 'halted':
        return Infinity;
    }
  }

  /** µs of the compute in progress already run by `now` (0 unless computing). */
  computeProgress(now: number): number {
    return this.#phase === 'computing' ? Math.max(0, Math.min(now, this.#until) - this.#since) : 0;
  }

  /** Performs this CPU's action at instant t (= `nextAt`). */
  act(t: number): void {
    switch (this.#phase) {
      case 'booting':
        this.#callKernel(t, (fw) => fw.boot(this.id, t));
        return;
      case 'kernel':
        this.#endEntry(t);
        return;
      case 'ready':
        this.#atBoundary(t);
        return;
      case 'computing':
        this.#endCompute(t);
        return;
      case 'atomic':
        this.#become(t, 'ready');
        return;
      case 'halting': {
        this.#guestCallback(() => (this.#ctx as ContextState).context.complete(HALT_DONE));
        this.#callKernel(t, (fw) => fw.guestHalt(this.id, t));
        return;
      }
      case 'idle':
        if (!this.#takeException(t)) this.#takeInterrupt(t);
        return;
      case 'halted':
        return;
    }
  }

  /** `Cpu.injectVector`: only during this CPU's kernel entry, for the context it returns to. */
  injectVector(vector: number): void {
    if (this.#board.calling !== this) {
      throw new Error(`cpu ${this.id}: injectVector outside a kernel entry of this CPU`);
    }
    assertNat(vector, 'vector');
    this.#injected.push(vector);
  }

  /** Queues an injected exception (a stimulus), taken like an interrupt but before them. */
  injectException(kind: ExceptionKind, addr: number, now: number): void {
    if (this.#phase !== 'halted') this.#exceptions.push({ kind, addr, since: now });
  }

  /** The machine halts: stop now (or when the current kernel entry of this CPU ends). */
  stop(now: number): void {
    if (this.#board.calling === this) {
      this.#haltAfterEntry = true;
      return;
    }
    if (this.#phase === 'computing') this.#cutCompute(now);
    this.#leaveContext();
    this.#become(now, 'halted');
  }

  /** Closes the activity interval in progress at `t` (the witness then covers [0, t)). */
  flushActivity(t: number): void {
    if (t <= this.#activityFrom) return;
    this.#board.witness.recordActivity(this.id, this.#activityFrom, t, this.#activity, this.#activityContext);
    this.#activityFrom = t;
  }

  // --- the units -------------------------------------------------------------------------

  #atBoundary(t: number): void {
    if (this.#takeException(t)) return;
    if (this.#due() <= t) {
      this.#takeInterrupt(t);
      return;
    }
    this.#runOp(t);
  }

  #runOp(t: number): void {
    const s = this.#ctx as ContextState;
    const board = this.#board;
    const mmu = this.#mmu as ContextId;
    const label = s.context.label;
    while (s.vectors.length > 0) {
      const v = s.vectors.shift() as number;
      board.witness.recordVector(this.id, t, label, v);
      if (this.#guestCallback(() => s.context.deliver(v)) === 'abandon') s.inflight = null;
    }
    let op = s.inflight;
    if (op === null) {
      op = this.#guestCallback(() => s.context.nextOp());
      checkOp(op);
      s.inflight = op;
      if (op.k === 'compute') s.remaining = op.n * board.costs.computeCycle;
    }
    switch (op.k) {
      case 'compute':
        if (s.remaining === 0) {
          s.inflight = null;
          board.witness.recordOp(this.id, t, t, label, mmu, op, 'completed');
          this.#guestCallback(() => s.context.complete(COMPUTE_DONE));
          this.#become(t, 'ready');
        } else this.#become(t, 'computing', t + s.remaining);
        return;
      case 'load': {
        const r = loadVirtual(board.memory, board.mmu, mmu, op.addr, op.size);
        if (!r.ok) {
          this.#mmuFault(t, op, r.fault.kind, r.fault.vaddr, 'read');
          return;
        }
        s.inflight = null;
        const until = t + board.costs.load;
        board.witness.recordOp(this.id, t, until, label, mmu, op, 'completed');
        this.#guestCallback(() => s.context.complete({ kind: 'load', value: r.value }));
        this.#become(t, 'atomic', until);
        return;
      }
      case 'store': {
        const a = board.actor;
        a.by = 'guest';
        a.cpu = this.id;
        a.t = t;
        a.context = label;
        a.mmu = mmu;
        const r = storeVirtual(board.memory, board.mmu, mmu, op.addr, op.size, op.value);
        a.by = 'none';
        if (!r.ok) {
          this.#mmuFault(t, op, r.fault.kind, r.fault.vaddr, 'write');
          return;
        }
        s.inflight = null;
        const until = t + board.costs.store;
        board.witness.recordOp(this.id, t, until, label, mmu, op, 'completed');
        this.#guestCallback(() => s.context.complete(STORE_DONE));
        this.#become(t, 'atomic', until);
        return;
      }
      case 'hypercall': {
        s.inflight = null;
        s.awaitingResult = true;
        board.witness.recordOp(this.id, t, t, label, mmu, op, 'trap');
        const { nr, args } = op;
        this.#callKernel(t, (fw) => fw.hypercall(this.id, t, nr, args));
        return;
      }
      case 'halt': {
        s.inflight = null;
        const until = t + board.costs.halt;
        board.witness.recordOp(this.id, t, until, label, mmu, op, 'completed');
        this.#become(t, 'halting', until);
        return;
      }
    }
  }

  #mmuFault(
    t: number,
    op: GuestOp & { k: 'load' | 'store' },
    kind: MmuFaultKind,
    vaddr: number,
    access: 'read' | 'write',
  ): void {
    const board = this.#board;
    const s = this.#ctx as ContextState;
    const mmu = this.#mmu as ContextId;
    board.witness.recordOp(this.id, t, t, s.context.label, mmu, op, 'fault');
    board.witness.recordFault({
      cpu: this.id,
      t,
      context: s.context.label,
      mmu,
      source: 'mmu',
      kind,
      vaddr,
      access,
    });
    const fault: Fault = { source: 'mmu', kind, vaddr, access, size: op.size };
    this.#callKernel(t, (fw) => fw.fault(this.id, t, fault));
  }

  #endCompute(t: number): void {
    const s = this.#ctx as ContextState;
    if (t >= this.#until) {
      const op = s.inflight as GuestOp;
      s.remaining = 0;
      s.inflight = null;
      this.#board.witness.recordOp(
        this.id,
        this.#since,
        t,
        s.context.label,
        this.#mmu as ContextId,
        op,
        'completed',
      );
      this.#guestCallback(() => s.context.complete(COMPUTE_DONE));
    } else this.#cutCompute(t);
    this.#become(t, 'ready');
  }

  #cutCompute(t: number): void {
    const s = this.#ctx as ContextState;
    const progress = t - this.#since;
    if (progress <= 0) return;
    s.remaining -= progress;
    this.#board.witness.recordOp(
      this.id,
      this.#since,
      t,
      s.context.label,
      this.#mmu as ContextId,
      s.inflight as GuestOp,
      'cut',
    );
  }

  #takeException(t: number): boolean {
    const e = this.#exceptions[0];
    if (e === undefined || e.since > t) return false;
    this.#exceptions.shift();
    const label = this.#ctx?.context.label ?? null;
    this.#board.witness.recordFault({
      cpu: this.id,
      t,
      context: label,
      mmu: this.#mmu,
      source: 'injected',
      kind: e.kind,
      vaddr: e.addr,
      access: null,
    });
    const fault: Fault = { source: 'injected', kind: e.kind, addr: e.addr };
    this.#callKernel(t, (fw) => fw.fault(this.id, t, fault));
    return true;
  }

  #takeInterrupt(t: number): void {
    const timer = this.timer.take(t);
    const { ipi, lines } = this.#board.intc.take(this.id);
    if (!timer && !ipi && lines.length === 0) {
      throw new Error(`cpu ${this.id}: woke at ${t} with no interrupt due`);
    }
    const sources = { timer, ipi, lines };
    this.#callKernel(t, (fw) => fw.interrupt(this.id, t, sources));
  }

  // --- kernel entries ----------------------------------------------------------------------

  #callKernel(t: number, call: (fw: Firmware) => KernelExit): void {
    const board = this.#board;
    const fw = board.firmware();
    const a = board.actor;
    a.by = 'kernel';
    a.cpu = this.id;
    a.t = t;
    a.context = this.#ctx?.context.label ?? null;
    a.mmu = this.#mmu;
    board.calling = this;
    let exit: KernelExit;
    try {
      exit = call(fw);
    } finally {
      board.calling = null;
      a.by = 'none';
    }
    this.#checkExit(exit);
    this.#exit = exit;
    this.#become(t, 'kernel', t + exit.cost);
  }

  #checkExit(exit: KernelExit): void {
    assertNat(exit.cost, `cpu ${this.id}: kernel entry cost`);
    if (this.#haltAfterEntry) return;
    const then = exit.then;
    if (then.run !== 'guest') {
      if (this.#injected.length > 0) {
        throw new Error(`cpu ${this.id}: vectors injected but the entry does not return to a guest`);
      }
      return;
    }
    if (!this.#board.mmu.hasContext(then.mmu)) throw new Error(`cpu ${this.id}: no MMU context ${then.mmu}`);
    const s = this.#board.contexts.get(then.context);
    if (s.awaitingResult !== (then.result !== undefined)) {
      throw new Error(
        s.awaitingResult
          ? `cpu ${this.id}: ${then.context.label} awaits a hypercall result and none was given`
          : `cpu ${this.id}: a result was given to ${then.context.label}, which awaits none`,
      );
    }
    if (then.result !== undefined && !Number.isSafeInteger(then.result)) {
      throw new RangeError(`cpu ${this.id}: hypercall result ${then.result} is not a safe integer`);
    }
  }

  #endEntry(t: number): void {
    const exit = this.#exit as KernelExit;
    this.#exit = null;
    if (this.#haltAfterEntry) {
      this.#injected.length = 0;
      this.#leaveContext();
      this.#become(t, 'halted');
      return;
    }
    const then = exit.then;
    if (then.run !== 'guest') {
      this.#leaveContext();
      this.#become(t, then.run === 'idle' ? 'idle' : 'halted');
      return;
    }
    const s = this.#board.contexts.get(then.context);
    if (s.runningOn !== -1 && s.runningOn !== this.id) {
      throw new Error(`cpu ${this.id}: ${then.context.label} is already current on cpu ${s.runningOn}`);
    }
    if (this.#ctx !== s) this.#leaveContext();
    this.#ctx = s;
    this.#mmu = then.mmu;
    s.runningOn = this.id;
    for (const v of this.#injected) s.vectors.push(v);
    this.#injected.length = 0;
    if (then.result !== undefined) {
      s.awaitingResult = false;
      const result: OpResult = { kind: 'hypercall', value: then.result };
      this.#guestCallback(() => s.context.complete(result));
    }
    this.#become(t, 'ready');
  }

  #leaveContext(): void {
    if (this.#ctx !== null) this.#ctx.runningOn = -1;
    this.#ctx = null;
    this.#mmu = null;
  }

  // --- bookkeeping ---------------------------------------------------------------------

  #due(): number {
    const timer = this.timer.dueTime();
    const intc = this.#board.intc.dueTime(this.id);
    const exc = this.#exceptions[0]?.since ?? Infinity;
    return Math.min(timer, intc, exc);
  }

  #become(t: number, phase: Phase, until = t): void {
    this.#phase = phase;
    this.#since = t;
    this.#until = until;
    const what: Activity =
      phase === 'kernel'
        ? 'kernel'
        : phase === 'idle'
          ? 'idle'
          : phase === 'halted'
            ? 'halted'
            : phase === 'booting'
              ? 'boot'
              : 'guest';
    const context = what === 'guest' || what === 'kernel' ? (this.#ctx?.context.label ?? null) : null;
    if (what !== this.#activity || context !== this.#activityContext) {
      this.flushActivity(t);
      this.#activity = what;
      this.#activityContext = context;
    }
  }

  #guestCallback<T>(f: () => T): T {
    // The actor is already 'none' outside stores and kernel calls; this states the rule.
    this.#board.actor.by = 'none';
    return f();
  }
}

function checkOp(op: GuestOp): void {
  switch (op.k) {
    case 'compute':
      assertNat(op.n, 'compute cycles');
      return;
    case 'load':
    case 'store':
      assertNat(op.addr, `${op.k} address`);
      if (op.size !== 1 && op.size !== 2 && op.size !== 4 && op.size !== 8) {
        throw new RangeError(`${op.k} size ${String(op.size)} is not 1, 2, 4 or 8`);
      }
      return;
    case 'hypercall':
      assertNat(op.nr, 'hypercall number');
      for (const a of op.args) {
        if (!Number.isSafeInteger(a)) throw new RangeError(`hypercall argument ${a} is not a safe integer`);
      }
      return;
    case 'halt':
      return;
  }
}
