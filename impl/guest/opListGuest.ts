/**
 * A guest context that runs a straight-line program (spec/program.ts `VcpuProgram`): what
 * fast-check generates and what the model runs on its abstract vCPUs.
 *
 * Rules (spec/lockstep.ts L3, spec/program.ts):
 * - Arguments are resolved with `resolveArg` at the instant the op starts, against the results of
 *   the ops before it (`results[k]` = the hypercall's return value or the loaded value of op k).
 * - The `op` event is emitted when an op starts for the first time, which is exactly when the
 *   machine asks for it (`nextOp`): a faulted load or store that runs again, and the rest of a cut
 *   compute, are the same op and the machine does not ask again. Hypercall ops emit nothing here
 *   (the kernel emits the `hypercall` event).
 * - After the last op the vCPU computes `IDLE_LOOP_CHUNK` at a time for ever and emits nothing.
 * - A delivered vector is recorded and answered `'resume'`: a straight-line program has no
 *   handlers, so the interrupted op continues. Ending a delivery is the program's business (on
 *   riscv64 its own `hypercall 44` ops, if it has any).
 * - A restart (a new context from the loader) begins at op 0 with no results.
 *
 * Resolved values the machine cannot take are made total here, the same way for every run: an
 * address or hypercall number that is negative or not a safe integer is taken modulo 2^32 (a
 * 32-bit register's view of it), a negative compute length is 0, and a loaded value beyond the safe
 * integers is read as signed 64-bit, or as its low 32 bits if that is still too large. (Where the model must agree, spec/program.ts should
 * state this; reported to the lead.)
 */
import type { SystemConfig } from '../../spec/config/types.js';
import {
  IDLE_LOOP_CHUNK,
  resolveArg,
  type Arg,
  type ProgramOp,
  type VcpuProgram,
} from '../../spec/program.js';
import type { DeliverOutcome, GuestContext, GuestOp, OpResult } from '../machine/index.js';
import { emitOp, type GuestMachine, type Observe } from './events.js';

export interface OpListGuestOptions {
  readonly label: string;
  readonly part: number;
  readonly vcpu: number;
  /** The program; undefined or empty: the vCPU only runs the idle loop. */
  readonly program: VcpuProgram | undefined;
  readonly config: SystemConfig;
  readonly machine: GuestMachine;
  readonly observe?: Observe;
}

const IDLE_OP: GuestOp = { k: 'compute', n: IDLE_LOOP_CHUNK };
const TWO_32 = 2 ** 32;

/** An address the machine accepts, from any resolved integer (see the header). */
export function totalAddress(v: number): number {
  if (Number.isSafeInteger(v) && v >= 0) return v;
  const t = Math.trunc(v) % TWO_32;
  return t < 0 ? t + TWO_32 : t;
}

export class OpListGuest implements GuestContext {
  readonly label: string;
  /** Result of each op that has completed, by op index. */
  readonly results: (number | undefined)[] = [];
  /** Vectors delivered so far, in order. */
  readonly delivered: number[] = [];
  readonly #opts: OpListGuestOptions;
  readonly #ops: readonly ProgramOp[];
  #next = 0;
  /** Index of the op in flight, or -1 (none, or the idle loop). */
  #current = -1;

  constructor(options: OpListGuestOptions) {
    this.label = options.label;
    this.#opts = options;
    this.#ops = options.program?.ops ?? [];
  }

  /** Index of the next op to start (= the number of ops started). */
  get position(): number {
    return this.#next;
  }

  nextOp(): GuestOp {
    const k = this.#next;
    const p = this.#ops[k];
    if (p === undefined) {
      this.#current = -1;
      return IDLE_OP;
    }
    this.#next++;
    this.#current = k;
    const op = this.#resolve(p);
    emitOp(this.#opts.machine, this.#opts.observe, this.#opts.part, this.#opts.vcpu, op);
    return op;
  }

  complete(result: OpResult): void {
    const k = this.#current;
    if (k < 0) return;
    this.#current = -1;
    if (result.kind === 'hypercall') this.results[k] = result.value;
    else if (result.kind === 'load') this.results[k] = loadedValue(result.value);
  }

  deliver(vector: number): DeliverOutcome {
    this.delivered.push(vector);
    return 'resume';
  }

  #arg(a: Arg): number {
    return resolveArg(a, this.#opts.config, this.#opts.part, this.results);
  }

  #resolve(p: ProgramOp): GuestOp {
    switch (p.k) {
      case 'compute':
        return { k: 'compute', n: Math.max(0, p.n) };
      case 'load':
        return { k: 'load', addr: totalAddress(this.#arg(p.addr)), size: Number(p.size) as 1 | 2 | 4 | 8 };
      case 'store':
        return {
          k: 'store',
          addr: totalAddress(this.#arg(p.addr)),
          size: Number(p.size) as 1 | 2 | 4 | 8,
          value: p.value,
        };
      case 'hypercall':
        return { k: 'hypercall', nr: totalAddress(p.nr), args: p.args.map((a) => this.#arg(a)) };
      case 'halt':
        return { k: 'halt' };
    }
  }
}

/** A loaded value as a result a later op can use: exact when it is a safe integer, else its signed 64-bit reading. */
function loadedValue(v: bigint): number {
  if (v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  const s = BigInt.asIntN(64, v);
  return s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(s)
    : Number(s & 0xffffffffn);
}
