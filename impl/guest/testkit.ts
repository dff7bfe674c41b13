/**
 * Test support: a bench that runs one guest context alone, without the machine or a kernel.
 *
 * It plays the part of one CPU and of a kernel written as a plain function: it asks the context for
 * ops, runs them against a sparse byte memory, answers hypercalls through `kernel.hypercall`, cuts
 * computes at scheduled interrupts, raises faults, and delivers vectors — with the machine's
 * protocol (impl/machine/isa.ts): `complete` at a load's or store's start, at a compute's end and
 * when a hypercall returns; `deliver` before the next op; the op in flight kept when the context
 * answers `'resume'`. Time advances by the op costs (1 µs a cycle, load or store; `hypercallCost`
 * per hypercall). Tests of guest programs (here and in examples/, which may not import
 * impl/machine) use it to check op sequences and console text; the real machine is used where
 * timing against other CPUs matters.
 *
 * Not exported from index.ts: production code has no use for it.
 */
import type {
  CpuId,
  DeliverOutcome,
  ExceptionKind,
  GuestContext,
  GuestOp,
  GuestOpCosts,
} from '../machine/index.js';
import type { SideEvent } from '../../spec/lockstep.js';
import type { GuestMachine } from './events.js';

/** What the bench's kernel answers to a hypercall. */
export type BenchReply =
  | number
  | { readonly value: number; readonly vectors?: readonly number[] }
  /** The call never returns (the vCPU was halted or the system stopped): the bench stops. */
  | 'stop';

/** What the bench's kernel does about a fault: return with vectors to deliver, or stop the vCPU. */
export type FaultReply = { readonly vectors: readonly number[] } | 'stop';

export interface BenchKernel {
  hypercall(nr: number, args: readonly number[], bench: GuestBench): BenchReply;
  fault?(fault: BenchFault, bench: GuestBench): FaultReply;
}

export type BenchFault =
  | { readonly source: 'raise'; readonly kind: ExceptionKind; readonly addr: number }
  | { readonly source: 'memory'; readonly addr: number; readonly access: 'read' | 'write' };

/** One op the bench ran (or started), with its start time. */
export interface BenchOp {
  readonly t: number;
  readonly op: GuestOp;
  /** For a compute: cycles actually run before it ended or was cut. */
  readonly ran?: number;
  readonly outcome: 'completed' | 'cut' | 'fault';
}

export class GuestBench implements GuestMachine {
  readonly costs: GuestOpCosts = { computeCycle: 1, load: 1, store: 1, halt: 1 };
  readonly memory = new Map<number, number>();
  readonly ops: BenchOp[] = [];
  readonly events: SideEvent[] = [];
  readonly faults: BenchFault[] = [];
  /** Guest addresses whose access faults (`[start, end)` ranges). */
  readonly faulting: { start: number; end: number }[] = [];
  hypercallCost = 2;
  #now = 0;
  #acting: CpuId | null = null;
  #inflight: GuestOp | null = null;
  #remaining = 0;
  #pendingFault: { kind: ExceptionKind; addr: number } | null = null;
  /** Interrupts to deliver: at `t`, vector `vector` (cuts a compute running across t). */
  readonly #interrupts: { t: number; vector: number }[] = [];
  #stopped = false;
  #context: GuestContext | null = null;

  constructor(readonly kernel: BenchKernel) {}

  get now(): number {
    return this.#now;
  }
  get acting(): CpuId | null {
    return this.#acting;
  }
  get stopped(): boolean {
    return this.#stopped;
  }

  pendingCompute(_context: GuestContext): number {
    return this.#inflight?.k === 'compute' ? this.#remaining : 0;
  }
  inflightOp(_context: GuestContext): GuestOp | null {
    return this.#inflight;
  }
  injectFault(_cpu: number, kind: ExceptionKind, addr: number): void {
    this.#pendingFault = { kind, addr };
  }

  /** Delivers `vector` at time `t` (cutting a compute that runs across it). */
  interruptAt(t: number, vector: number): void {
    this.#interrupts.push({ t, vector });
    this.#interrupts.sort((a, b) => a.t - b.t);
  }

  writeBytes(addr: number, bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.memory.set(addr + i, (bytes[i] ?? 0) & 0xff);
  }
  writeUint(addr: number, size: number, value: number | bigint): void {
    let v = BigInt.asUintN(size * 8, BigInt(value));
    for (let i = 0; i < size; i++) {
      this.memory.set(addr + i, Number(v & 0xffn));
      v >>= 8n;
    }
  }
  readUint(addr: number, size: number): bigint {
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.memory.get(addr + i) ?? 0);
    return v;
  }
  readBytes(addr: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.memory.get(addr + i) ?? 0;
    return out;
  }

  /** Hypercall ops the bench ran, in order. */
  get hypercalls(): { nr: number; args: readonly number[] }[] {
    return this.ops.flatMap((o) => (o.op.k === 'hypercall' ? [{ nr: o.op.nr, args: o.op.args }] : []));
  }

  /**
   * Runs `ctx` until the kernel stops it, `maxOps` ops have run, or the time reaches `untilTime`.
   * Scheduled interrupts are taken only inside computes (enough for the programs tested with it).
   * Running another context than last time starts it afresh (the previous one is left where it was).
   */
  run(ctx: GuestContext, options: { maxOps?: number; untilTime?: number } = {}): void {
    const maxOps = options.maxOps ?? 100_000;
    if (ctx !== this.#context) {
      // Another context takes the CPU: whatever the previous one had in flight stays with it.
      this.#context = ctx;
      this.#inflight = null;
      this.#stopped = false;
    }
    let count = 0;
    while (
      !this.#stopped &&
      count++ < maxOps &&
      (options.untilTime === undefined || this.#now < options.untilTime)
    ) {
      this.#step(ctx);
    }
  }

  #deliver(ctx: GuestContext, vectors: readonly number[]): void {
    for (const v of vectors) {
      const out: DeliverOutcome = ctx.deliver(v);
      if (out === 'abandon') this.#inflight = null;
    }
  }

  #step(ctx: GuestContext): void {
    let op = this.#inflight;
    if (op === null) {
      this.#acting = 0 as CpuId;
      try {
        op = ctx.nextOp();
      } finally {
        this.#acting = null;
      }
      this.#inflight = op;
      if (op.k === 'compute') this.#remaining = op.n;
    }
    const t = this.#now;
    if (this.#pendingFault !== null) {
      const f: BenchFault = { source: 'raise', ...this.#pendingFault };
      this.#pendingFault = null;
      this.#fault(ctx, op, f);
      return;
    }
    switch (op.k) {
      case 'compute': {
        const next = this.#interrupts[0];
        const end = t + this.#remaining;
        if (next !== undefined && next.t < end) {
          const ran = Math.max(0, next.t - t);
          this.#interrupts.shift();
          this.#remaining -= ran;
          this.#now = Math.max(t, next.t);
          this.ops.push({ t, op, ran, outcome: 'cut' });
          this.#deliver(ctx, [next.vector]);
          return;
        }
        this.ops.push({ t, op, ran: this.#remaining, outcome: 'completed' });
        this.#now = end;
        this.#inflight = null;
        ctx.complete({ kind: 'compute' });
        return;
      }
      case 'load':
      case 'store': {
        const access = op.k === 'load' ? 'read' : 'write';
        const hit = this.faulting.find((r) => op.addr < r.end && op.addr + op.size > r.start);
        if (hit !== undefined) {
          this.#fault(ctx, op, { source: 'memory', addr: op.addr, access });
          return;
        }
        this.ops.push({ t, op, outcome: 'completed' });
        this.#inflight = null;
        if (op.k === 'load') ctx.complete({ kind: 'load', value: this.readUint(op.addr, op.size) });
        else {
          this.writeUint(op.addr, op.size, op.value);
          ctx.complete({ kind: 'store' });
        }
        this.#now = t + 1;
        return;
      }
      case 'hypercall': {
        this.ops.push({ t, op, outcome: 'completed' });
        this.#inflight = null;
        const reply = this.kernel.hypercall(op.nr, op.args, this);
        this.#now = t + this.hypercallCost;
        if (reply === 'stop') {
          this.#stopped = true;
          return;
        }
        const value = typeof reply === 'number' ? reply : reply.value;
        ctx.complete({ kind: 'hypercall', value });
        if (typeof reply !== 'number') this.#deliver(ctx, reply.vectors ?? []);
        return;
      }
      case 'halt':
        this.ops.push({ t, op, outcome: 'completed' });
        this.#inflight = null;
        ctx.complete({ kind: 'halt' });
        this.#stopped = true;
        return;
    }
  }

  #fault(ctx: GuestContext, op: GuestOp, f: BenchFault): void {
    this.ops.push({ t: this.#now, op, outcome: 'fault' });
    this.faults.push(f);
    const reply = this.kernel.fault?.(f, this) ?? 'stop';
    if (reply === 'stop') {
      this.#stopped = true;
      return;
    }
    this.#deliver(ctx, reply.vectors);
  }
}
