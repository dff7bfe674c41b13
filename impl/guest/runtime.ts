/**
 * The generator runtime: a `GuestContext` (impl/machine/isa.ts) that runs a generator program and
 * its interrupt handlers on one vCPU.
 *
 * DESIGN.md (impl/guest). The program yields steps (`steps.ts`); the context hands the machine one
 * op per `nextOp()` and feeds the op's result back to the program only when the program is
 * continued, at the next `nextOp()`, so nothing the program does after an op happens before the
 * CPU runs it.
 *
 * Interrupts. A vector delivered to the context (`deliver`) pushes a handler frame running the
 * image's interrupt entry for that vector — by default the handler installed for it
 * (`PartitionData.handlers`, BAIL's `install_trap_handler`), else the fallback (BAIL's
 * `unexpected_trap`), else nothing. When the entry returns, the runtime issues the IRET op
 * (`iretNumber(arch)`, spec/constants/guestIsa.ts) and, once the kernel has answered it, resumes
 * the interrupted code. The machine would resume an interrupted op itself before asking for the
 * next one (`'resume'`), which would run the rest of a cut `compute` — or the faulting load —
 * before the handler; so the runtime always answers `'abandon'` and keeps the interrupted op in
 * the frame instead, to run it again after the IRET: the rest of a cut compute (the same op: no new
 * `op` event, spec/lockstep.ts L3), a faulted load or store, or a faulting instruction. A handler
 * that returns `'abandon'` skips it (x86 BAIL example.002's divide handler moves the return
 * address past the division). A `spin` chunk ends at the interrupt (see `steps.ts`).
 *
 * When the entry program returns, the vCPU computes `IDLE_LOOP_CHUNK` at a time for ever and
 * emits nothing (as a straight-line program after its last op, spec/program.ts).
 */
import { iretNumber } from '../../spec/constants/index.js';
import { IDLE_LOOP_CHUNK } from '../../spec/program.js';
import type { DeliverOutcome, GuestContext, GuestOp, OpResult } from '../machine/index.js';
import { emitOp, type GuestMachine, type Observe } from './events.js';
import type { Guest, HandlerExit } from './guest.js';
import type { ApiCall, GuestProgram, GuestStep } from './steps.js';

/** The code a vCPU runs when a vector is delivered (BAIL's trap stub and dispatcher). */
export type VectorEntry = (g: Guest, vector: number) => ApiCall<HandlerExit | void>;

/** A guest program threw: the run cannot continue (a bug in the program, not in the system). */
export class GuestProgramError extends Error {
  override readonly name = 'GuestProgramError';
  constructor(
    readonly label: string,
    override readonly cause: unknown,
  ) {
    super(`guest program ${label} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The default interrupt entry: the installed handler for the vector, or the fallback. */
export function* dispatchToHandler(g: Guest, vector: number): ApiCall<HandlerExit | void> {
  const handler = g.partition.handlers.get(vector) ?? g.partition.fallback;
  if (handler === null) return 'resume';
  return yield* handler(g, { vector });
}

interface Running {
  readonly step: GuestStep;
  readonly op: GuestOp;
}

interface Frame {
  readonly program: ApiCall<unknown>;
  readonly handler: boolean;
  started: boolean;
  /** The result of the frame's last op, not yet given to its program. */
  result: OpResult | undefined;
  /** The op handed to the machine and not finished yet. */
  current: Running | null;
  /** An op a delivered vector interrupted, to run before the program continues. */
  resume: Running | null;
  /** Handler frames: the IRET op has been issued. */
  iret: boolean;
  exit: HandlerExit;
}

export interface GeneratorGuestOptions {
  readonly label: string;
  readonly guest: Guest;
  readonly program: GuestProgram;
  readonly machine: GuestMachine;
  readonly vectorEntry?: VectorEntry;
  readonly observe?: Observe;
}

const IDLE_OP: GuestOp = { k: 'compute', n: IDLE_LOOP_CHUNK };

/** What an op that a handler skipped gives the code it returns to. */
function skipped(step: GuestStep): OpResult {
  switch (step.k) {
    case 'load':
      return { kind: 'load', value: 0n };
    case 'store':
      return { kind: 'store' };
    case 'halt':
      return { kind: 'halt' };
    case 'hypercall':
      return { kind: 'hypercall', value: 0 };
    default:
      return { kind: 'compute' };
  }
}

export class GeneratorGuest implements GuestContext {
  readonly label: string;
  readonly guest: Guest;
  /** Vectors delivered so far, in order. */
  readonly delivered: number[] = [];
  readonly #machine: GuestMachine;
  readonly #entry: VectorEntry;
  readonly #observe: Observe | undefined;
  readonly #frames: Frame[] = [];

  constructor(options: GeneratorGuestOptions) {
    this.label = options.label;
    this.guest = options.guest;
    this.#machine = options.machine;
    this.#entry = options.vectorEntry ?? dispatchToHandler;
    this.#observe = options.observe;
    this.#frames.push(this.#frame(options.program, false));
  }

  /** How deep the vCPU is in interrupt handlers (0: running its entry program or idle). */
  get handlerDepth(): number {
    return this.#frames.filter((f) => f.handler).length;
  }

  /** Whether the entry program has returned (the vCPU idles for ever unless interrupted). */
  get finished(): boolean {
    return this.#frames.length === 0;
  }

  nextOp(): GuestOp {
    for (;;) {
      const f = this.#frames.at(-1);
      if (f === undefined) return IDLE_OP;
      if (f.resume !== null) {
        const again = f.resume;
        f.resume = null;
        f.current = again;
        if (again.step.k === 'raise') this.#raise(again.step);
        return again.op;
      }
      const r = this.#advance(f);
      if (r.done === true) {
        if (f.handler) {
          f.exit = r.value === 'abandon' ? 'abandon' : 'resume';
          f.iret = true;
          return { k: 'hypercall', nr: iretNumber(this.guest.arch), args: [] };
        }
        this.#frames.pop();
        continue;
      }
      const step = r.value;
      const op = this.#opOf(step);
      f.current = { step, op };
      if (step.k === 'raise') this.#raise(step);
      emitOp(this.#machine, this.#observe, this.guest.part, this.guest.vcpu, op);
      return op;
    }
  }

  complete(result: OpResult): void {
    const f = this.#frames.at(-1);
    if (f === undefined) return;
    if (f.iret) {
      this.#frames.pop();
      const below = this.#frames.at(-1);
      if (below !== undefined && f.exit === 'abandon' && below.resume !== null) {
        below.result = skipped(below.resume.step);
        below.resume = null;
      }
      return;
    }
    if (f.current === null) throw new Error(`${this.label}: a result came for no op`);
    f.result = result;
    f.current = null;
  }

  deliver(vector: number): DeliverOutcome {
    this.delivered.push(vector);
    const f = this.#frames.at(-1);
    if (f !== undefined && f.current !== null && this.#machine.inflightOp(this) !== null) {
      const { step, op } = f.current;
      if (step.k === 'spin') f.result = { kind: 'compute' };
      else if (op.k === 'compute' && step.k !== 'raise')
        f.resume = { step, op: { k: 'compute', n: this.#remainingCycles() } };
      else f.resume = f.current;
      f.current = null;
    }
    this.#frames.push(this.#frame(this.#entry(this.guest, vector), true));
    return 'abandon';
  }

  #frame(program: ApiCall<unknown>, handler: boolean): Frame {
    return {
      program,
      handler,
      started: false,
      result: undefined,
      current: null,
      resume: null,
      iret: false,
      exit: 'resume',
    };
  }

  #advance(f: Frame): IteratorResult<GuestStep, unknown> {
    try {
      if (!f.started) {
        f.started = true;
        return f.program.next();
      }
      const result = f.result;
      if (result === undefined)
        throw new Error('the program was continued without the result of its last op');
      f.result = undefined;
      return f.program.next(result);
    } catch (e) {
      throw e instanceof GuestProgramError ? e : new GuestProgramError(this.label, e);
    }
  }

  #opOf(step: GuestStep): GuestOp {
    switch (step.k) {
      case 'spin':
        return { k: 'compute', n: step.n };
      case 'raise':
        return { k: 'compute', n: 1 };
      default:
        return step;
    }
  }

  #remainingCycles(): number {
    const cycle = this.#machine.costs.computeCycle;
    return cycle === 0 ? 0 : Math.ceil(this.#machine.pendingCompute(this) / cycle);
  }

  #raise(step: GuestStep & { k: 'raise' }): void {
    const cpu = this.#machine.acting;
    if (cpu === null) throw new Error(`${this.label}: a faulting instruction outside a CPU action`);
    this.#machine.injectFault(cpu, step.kind, step.addr);
  }
}
