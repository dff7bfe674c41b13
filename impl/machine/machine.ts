/**
 * The machine: CPUs, memory, MMU, interrupt controller, UART, witness records, and the one
 * event loop in virtual time that drives them.
 *
 * DESIGN.md (impl/machine, "Determinism"): one event queue in virtual time, no wall clock, no
 * randomness — the same inputs give identical records. `runUntil(t)` processes every action up
 * to and including instant t in global time order; CPUs due at the same instant act one at a
 * time by the tie-break list (spec/timing R8), and whatever one of them does (a memory write,
 * an IPI, a timer) is seen by those acting after it at that instant. The loop looks at every
 * CPU for each action: with at most four CPUs that is cheaper than a heap.
 *
 * External stimuli (`raiseLine`, `injectFault`) made between two runs happen at `now`. After
 * `runUntil(t)` they come after every CPU action at t: a CPU that is idle or computing takes
 * them at t, one that already started an atomic unit at t takes them when it ends. After
 * `advanceTo(t)` (the lockstep `advance`) nothing at t has happened yet, so they come first.
 *
 * Halting: a kernel entry's `{run:'halt'}` stops its CPU; `halt(reason)` stops the whole
 * machine at `now` — every CPU stops at once, except that the CPU whose entry called it finishes
 * that entry first.
 */
import { ContextTable } from './contexts.js';
import { CpuCore, type Board, type WriteActor } from './core.js';
import { Cpu } from './cpu.js';
import { EXCEPTION_KINDS, type ExceptionKind, type Firmware } from './firmware.js';
import { assertNat, cpuId, MAX_CPUS, type CpuId } from './ids.js';
import { InterruptController } from './intc.js';
import type { GuestContext, GuestOp, GuestOpCosts } from './isa.js';
import { PhysicalMemory } from './memory.js';
import { Mmu } from './mmu.js';
import { TieBreaks, type TieBreak } from './tieBreak.js';
import type { TimerFiring } from './timer.js';
import { Uart, type UartListeners } from './uart.js';
import { Witness, type WitnessKind } from './witness.js';

export interface MachineOptions {
  /** Number of CPUs, 1..4. */
  readonly cpus: number;
  /** When each CPU's boot period ends and `boot` is called (spec/timing R7); one number for all. */
  readonly bootUntil: number | readonly number[];
  /** µs of each guest op (spec/timing `TimingTable['guest']` fits). */
  readonly costs: GuestOpCosts;
  /** Same-instant order (R8); default: ascending CPU id at every instant. */
  readonly tieBreaks?: readonly TieBreak[];
  /** The kernel; may instead be given later with `attach` (it usually needs the machine first). */
  readonly firmware?: Firmware;
  /** Witness kinds to record; all on by default. */
  readonly recording?: Partial<Record<WitnessKind, boolean>>;
  readonly uart?: UartListeners;
  /** What the CPU timers do with a firing not yet taken when re-armed (timer.ts); default latched. */
  readonly timerFiring?: TimerFiring;
}

/** Raised when CPUs keep acting at one instant without time passing (zero-cost loops). */
export class MachineLivelockError extends Error {
  override readonly name = 'MachineLivelockError';
}

/** Actions allowed at one instant before the loop is declared stuck. */
const MAX_ACTIONS_PER_INSTANT = 100_000;

export class Machine {
  readonly memory: PhysicalMemory;
  readonly mmu = new Mmu();
  readonly intc: InterruptController;
  readonly uart: Uart;
  readonly witness: Witness;
  readonly cpus: readonly Cpu[];
  readonly costs: GuestOpCosts;
  readonly #cores: readonly CpuCore[];
  readonly #board: Board;
  readonly #tieBreaks: TieBreaks;
  readonly #contexts = new ContextTable();
  #firmware: Firmware | null;
  #now = 0;
  #stopped: { readonly t: number; readonly reason: string } | null = null;
  #running = false;
  #steps = 0;
  #picked: CpuCore | null = null;
  #acting: CpuId | null = null;

  constructor(options: MachineOptions) {
    const n = options.cpus;
    if (!Number.isInteger(n) || n < 1 || n > MAX_CPUS)
      throw new RangeError(`cpus must be 1..${MAX_CPUS}, got ${n}`);
    const boot =
      typeof options.bootUntil === 'number'
        ? new Array<number>(n).fill(options.bootUntil)
        : options.bootUntil;
    if (boot.length < n) throw new RangeError(`bootUntil gives ${boot.length} times for ${n} CPUs`);
    for (const b of boot) assertNat(b, 'boot end');
    const c = options.costs;
    for (const k of ['computeCycle', 'load', 'store', 'halt'] as const) assertNat(c[k], `guest op cost ${k}`);
    this.costs = { computeCycle: c.computeCycle, load: c.load, store: c.store, halt: c.halt };
    this.#firmware = options.firmware ?? null;
    this.#tieBreaks = new TieBreaks(options.tieBreaks ?? [], n);
    this.witness = new Witness(options.recording);
    this.uart = new Uart(options.uart);
    const now = (): number => this.#now;
    this.intc = new InterruptController(n, now);
    const actor: WriteActor = { by: 'loader', cpu: null, t: 0, context: null, mmu: null };
    this.memory = new PhysicalMemory({
      onWrite: (paddr, size) => {
        if (actor.by === 'none') throw new Error('memory written outside a guest store or a kernel entry');
        const t = actor.by === 'loader' ? this.#now : actor.t;
        this.witness.recordWrite(actor.cpu, t, actor.by, actor.context, actor.mmu, paddr, size);
      },
    });
    this.#board = {
      memory: this.memory,
      mmu: this.mmu,
      intc: this.intc,
      witness: this.witness,
      costs: this.costs,
      timerFiring: options.timerFiring ?? 'latched',
      contexts: this.#contexts,
      actor,
      now,
      firmware: () => {
        if (this.#firmware === null) throw new Error('no firmware attached to the machine');
        return this.#firmware;
      },
      calling: null,
    };
    this.#cores = Array.from(
      { length: n },
      (_, i) => new CpuCore(cpuId(i, n), boot[i] as number, this.#board),
    );
    this.cpus = this.#cores.map((core) => new Cpu(core));
  }

  /** Number of CPUs. */
  get cpuCount(): number {
    return this.#cores.length;
  }

  /** The current instant: inside an entry, the entry's `now`; between runs, the last `runUntil` time. */
  get now(): number {
    return this.#now;
  }

  /**
   * The CPU acting right now (during its kernel entry or while it asks a guest context for its
   * next op), or null between actions. Lets the guest runtime stamp the ops it hands out.
   */
  get acting(): CpuId | null {
    return this.#acting;
  }

  /** When and why `halt` stopped the machine, or null. */
  get stopped(): { readonly t: number; readonly reason: string } | null {
    return this.#stopped;
  }

  /** Number of CPU actions performed so far (for benchmarks). */
  get steps(): number {
    return this.#steps;
  }

  /** Installs the kernel. */
  attach(firmware: Firmware): void {
    this.#firmware = firmware;
  }

  /** CPU `n`, checked. */
  cpu(n: number): Cpu {
    return this.cpus[cpuId(n, this.cpuCount)] as Cpu;
  }

  /**
   * Runs every action at instants up to and including `t`; afterwards `now` is t. A stimulus
   * given next happens after every CPU action at t.
   */
  runUntil(t: number): void {
    this.#run(t, true);
  }

  /**
   * Runs every action at instants strictly before `t`; afterwards `now` is t and nothing at t
   * has happened yet, so a stimulus given next precedes every CPU action at t. This is the
   * `advance(t)` of the lockstep contract (spec/lockstep.ts L1, L2).
   */
  advanceTo(t: number): void {
    this.#run(t, false);
  }

  #run(t: number, inclusive: boolean): void {
    assertNat(t, 'run time');
    if (this.#running || this.#board.calling !== null)
      throw new Error('the machine was run from inside itself');
    if (t < this.#now) throw new RangeError(`cannot run to ${t}: it is before now (${this.#now})`);
    this.#board.firmware();
    this.#running = true;
    const actor = this.#board.actor;
    actor.by = 'none';
    try {
      let atThisInstant = 0;
      for (;;) {
        const at = this.#pick();
        const core = this.#picked;
        if (core === null || at > t || (at === t && !inclusive)) break;
        if (at === this.#now) {
          if (++atThisInstant > MAX_ACTIONS_PER_INSTANT) {
            throw new MachineLivelockError(`more than ${MAX_ACTIONS_PER_INSTANT} actions at t=${this.#now}`);
          }
        } else atThisInstant = 0;
        this.#now = at;
        this.#acting = core.id;
        try {
          core.act(at);
        } finally {
          this.#acting = null;
        }
        this.#steps++;
      }
      this.#now = t;
      for (const core of this.#cores) core.flushActivity(t);
    } finally {
      this.#running = false;
      actor.by = 'loader';
      actor.cpu = null;
      actor.context = null;
      actor.mmu = null;
    }
  }

  /** External stimulus: latch hardware line `line` now. */
  raiseLine(line: number): void {
    this.intc.raise(line);
  }

  /** Sends an IPI to CPU `to` now. */
  sendIpi(to: number): void {
    this.intc.sendIpi(cpuId(to, this.cpuCount));
  }

  /** External stimulus: an exception on CPU `cpu` now, taken like an interrupt (before them). */
  injectFault(cpu: number, kind: ExceptionKind, addr: number): void {
    if (!(EXCEPTION_KINDS as readonly string[]).includes(kind))
      throw new RangeError(`unknown exception ${kind}`);
    assertNat(addr, 'fault address');
    (this.#cores[cpuId(cpu, this.cpuCount)] as CpuCore).injectException(kind, addr, this.#now);
  }

  /** Stops the whole machine now (the first reason is kept). */
  halt(reason: string): void {
    if (this.#stopped !== null) return;
    this.#stopped = { t: this.#now, reason };
    for (const core of this.#cores) core.stop(this.#now);
  }

  /** Whether the context's last op was a hypercall still waiting for its return value. */
  awaitingResult(context: GuestContext): boolean {
    return this.#contexts.peek(context)?.awaitingResult ?? false;
  }

  /** The op the context has in flight (a cut compute, a faulted load/store), or null. */
  inflightOp(context: GuestContext): GuestOp | null {
    return this.#contexts.peek(context)?.inflight ?? null;
  }

  /** µs left at `now` of the context's compute in flight, running or cut (0 if none). */
  pendingCompute(context: GuestContext): number {
    const s = this.#contexts.peek(context);
    if (s?.inflight?.k !== 'compute') return 0;
    const core = s.runningOn === -1 ? undefined : this.#cores[s.runningOn];
    return s.remaining - (core?.computeProgress(this.#now) ?? 0);
  }

  /** When the next action is, and (in `#picked`) which CPU acts: earliest instant, then rank (R8). */
  #pick(): number {
    let best: CpuCore | null = null;
    let bestAt = Infinity;
    let ranks: readonly number[] | null = null;
    for (const core of this.#cores) {
      const at = core.nextAt(this.#now);
      if (at < bestAt) {
        best = core;
        bestAt = at;
        ranks = null;
      } else if (at === bestAt && at !== Infinity && best !== null) {
        ranks ??= this.#tieBreaks.ranks(at);
        if ((ranks[core.id] as number) < (ranks[best.id] as number)) best = core;
      }
    }
    this.#picked = best;
    return bestAt;
  }
}
