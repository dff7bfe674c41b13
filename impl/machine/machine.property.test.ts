// Property tests of the event loop: random systems (CPUs, guest op streams, entry costs,
// external stimuli, tie-breaks) run under a small round-robin kernel, and the machine's witness
// records are checked against the timing rules of spec/timing (R1, R3) and against each other.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fault, Firmware, InterruptSources, KernelExit } from './firmware.js';
import type { ContextId, CpuId } from './ids.js';
import type { GuestOp } from './isa.js';
import { Machine } from './machine.js';
import { ScriptedGuest } from './testkit.js';
import type { TieBreak } from './tieBreak.js';

/** Each guest: virtual [0x1000, 0x2000) read-write and [0x2000, 0x2800) read-only, own physical pages. */
const physOf = (g: number) => 0x100000 + g * 0x10000;
const YIELD = 9;
const FAULT_VECTOR = 14;

interface Scenario {
  readonly cpus: number;
  readonly bootUntil: readonly number[];
  readonly costs: { computeCycle: number; load: number; store: number; halt: number };
  readonly slice: number;
  /** Per CPU, the op lists of its guests. */
  readonly guests: readonly (readonly (readonly GuestOp[])[])[];
  readonly stimuli: readonly { t: number; kind: 'line' | 'ipi' | 'fault'; target: number }[];
  readonly tieBreaks: readonly TieBreak[];
  readonly end: number;
  /** How the run is stepped: `runUntil` (stimuli after the CPUs at t) or `advanceTo` (before). */
  readonly step: 'runUntil' | 'advanceTo';
}

const opArb: fc.Arbitrary<GuestOp> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 40 }).map((n): GuestOp => ({ k: 'compute', n })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        addr: fc.integer({ min: 0xff8, max: 0x2808 }),
        size: fc.constantFrom(1, 2, 4, 8) as fc.Arbitrary<1 | 2 | 4 | 8>,
      })
      .map((r): GuestOp => ({ k: 'load', ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({
        addr: fc.integer({ min: 0xff8, max: 0x2808 }),
        size: fc.constantFrom(1, 2, 4, 8) as fc.Arbitrary<1 | 2 | 4 | 8>,
        value: fc.integer({ min: -1000, max: 1000 }),
      })
      .map((r): GuestOp => ({ k: 'store', ...r })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ nr: fc.integer({ min: 0, max: YIELD }), arg: fc.integer({ min: 0, max: 20 }) })
      .map((r): GuestOp => ({ k: 'hypercall', nr: r.nr, args: [r.arg] })),
  },
  { weight: 1, arbitrary: fc.constant<GuestOp>({ k: 'halt' }) },
);

const scenarioArb: fc.Arbitrary<Scenario> = fc.integer({ min: 1, max: 4 }).chain((cpus) =>
  fc.record({
    cpus: fc.constant(cpus),
    bootUntil: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: cpus, maxLength: cpus }),
    costs: fc.record({
      computeCycle: fc.constant(1),
      load: fc.integer({ min: 1, max: 5 }),
      store: fc.integer({ min: 1, max: 5 }),
      halt: fc.integer({ min: 1, max: 5 }),
    }),
    slice: fc.integer({ min: 3, max: 40 }),
    guests: fc.array(fc.array(fc.array(opArb, { maxLength: 25 }), { minLength: 1, maxLength: 3 }), {
      minLength: cpus,
      maxLength: cpus,
    }),
    stimuli: fc.array(
      fc.record({
        t: fc.integer({ min: 21, max: 380 }),
        kind: fc.constantFrom('line', 'ipi', 'fault') as fc.Arbitrary<'line' | 'ipi' | 'fault'>,
        target: fc.integer({ min: 0, max: 31 }),
      }),
      { maxLength: 12 },
    ),
    tieBreaks: fc.uniqueArray(
      fc.record({
        t: fc.integer({ min: 0, max: 400 }),
        order: fc.shuffledSubarray([0, 1, 2, 3].slice(0, cpus)),
      }),
      { selector: (x) => x.t, maxLength: 30 },
    ),
    end: fc.constant(400),
    step: fc.constantFrom('runUntil', 'advanceTo') as fc.Arbitrary<'runUntil' | 'advanceTo'>,
  }),
);

/** What the kernel saw of one timer: armed for `deadline`, taken at `at`. */
interface TimerTaken {
  readonly cpu: number;
  readonly deadline: number;
  readonly at: number;
}

/**
 * A small kernel: each CPU round-robins its guests on a timer slice; hypercalls return
 * `nr * 2` (YIELD switches away and returns 0 later); an MMU fault injects a vector on which
 * the guest abandons the op; a halted guest leaves the rotation. Every entry costs ≥ 1 µs.
 */
class RoundRobinKernel implements Firmware {
  readonly timers: TimerTaken[] = [];
  readonly entries: { cpu: number; at: number; kind: string }[] = [];
  readonly #m: Machine;
  readonly #slice: number;
  readonly #queues: ScriptedGuest[][];
  readonly #mmuOf = new Map<ScriptedGuest, ContextId>();
  readonly #owed = new Map<ScriptedGuest, number>();
  readonly #armed: (number | null)[];
  /** A deadline that was reached before the kernel re-armed the timer (the machine latches it). */
  readonly #fired: (number | null)[];
  readonly #all: ScriptedGuest[];

  constructor(m: Machine, slice: number, guests: readonly (readonly (readonly GuestOp[])[])[]) {
    this.#m = m;
    this.#slice = slice;
    let n = 0;
    this.#queues = guests.map((list, cpu) =>
      list.map((ops, i) => {
        const g = new ScriptedGuest(`c${cpu}g${i}`, ops, {
          onDeliver: (v) => (v === FAULT_VECTOR ? 'abandon' : 'resume'),
        });
        const ctx = m.mmu.createContext();
        m.mmu.map(ctx, { virt: 0x1000, phys: physOf(n), size: 0x1000, read: true, write: true, exec: false });
        m.mmu.map(ctx, {
          virt: 0x2000,
          phys: physOf(n) + 0x1000,
          size: 0x800,
          read: true,
          write: false,
          exec: false,
        });
        n++;
        this.#mmuOf.set(g, ctx);
        return g;
      }),
    );
    this.#armed = guests.map(() => null);
    this.#fired = guests.map(() => null);
    this.#all = this.#queues.flat();
  }

  get allGuests(): readonly ScriptedGuest[] {
    return this.#all;
  }

  mmuOf(g: ScriptedGuest): ContextId {
    return this.#mmuOf.get(g) as ContextId;
  }

  boot(cpu: CpuId, now: number): KernelExit {
    return this.#schedule(cpu, now, 2, false);
  }

  interrupt(cpu: CpuId, now: number, sources: InterruptSources): KernelExit {
    this.entries.push({ cpu, at: now, kind: 'interrupt' });
    if (sources.timer) {
      const armed = this.#armed[cpu] as number;
      this.timers.push({ cpu, deadline: this.#fired[cpu] ?? armed, at: now });
      this.#fired[cpu] = null;
      if (armed <= now) this.#armed[cpu] = null;
      return this.#schedule(cpu, now, 3, true);
    }
    return this.#resume(cpu, 2);
  }

  hypercall(cpu: CpuId, now: number, nr: number, args: readonly number[]): KernelExit {
    this.entries.push({ cpu, at: now, kind: 'hypercall' });
    const cost = 1 + ((args[0] ?? 0) % 5);
    const cur = this.#current(cpu) as ScriptedGuest;
    // A kernel write into the caller's own page: a `kernel` witness tagged with the caller.
    this.#m.memory.write(physOf(this.allGuests.indexOf(cur)) + 0x800, 4, nr);
    if (nr === YIELD) {
      this.#owed.set(cur, 0);
      return this.#schedule(cpu, now, cost, true);
    }
    this.#owed.set(cur, nr * 2);
    return this.#resume(cpu, cost);
  }

  fault(cpu: CpuId, now: number, fault: Fault): KernelExit {
    this.entries.push({ cpu, at: now, kind: 'fault' });
    if (fault.source === 'mmu') this.#m.cpu(cpu).injectVector(FAULT_VECTOR);
    return this.#resume(cpu, 3);
  }

  guestHalt(cpu: CpuId, now: number): KernelExit {
    this.entries.push({ cpu, at: now, kind: 'guestHalt' });
    this.#queues[cpu]?.shift();
    return this.#schedule(cpu, now, 2, false);
  }

  #current(cpu: number): ScriptedGuest | undefined {
    return this.#queues[cpu]?.[0];
  }

  #schedule(cpu: CpuId, now: number, cost: number, rotate: boolean): KernelExit {
    const q = this.#queues[cpu] as ScriptedGuest[];
    if (rotate && q.length > 0) q.push(q.shift() as ScriptedGuest);
    const deadline = now + cost + this.#slice;
    const old = this.#armed[cpu] ?? null;
    if (old !== null && old <= now) this.#fired[cpu] ??= old;
    this.#armed[cpu] = deadline;
    this.#m.cpu(cpu).timer.arm(deadline);
    return this.#resume(cpu, cost);
  }

  #resume(cpu: number, cost: number): KernelExit {
    const g = this.#current(cpu);
    if (g === undefined) return { cost, then: { run: 'idle' } };
    const result = this.#owed.get(g);
    this.#owed.delete(g);
    const mmu = this.mmuOf(g);
    return {
      cost,
      then:
        result === undefined ? { run: 'guest', context: g, mmu } : { run: 'guest', context: g, mmu, result },
    };
  }
}

function simulate(s: Scenario, chunks: readonly number[] = []) {
  const m = new Machine({ cpus: s.cpus, bootUntil: s.bootUntil, costs: s.costs, tieBreaks: s.tieBreaks });
  const kernel = new RoundRobinKernel(m, s.slice, s.guests);
  m.attach(kernel);
  for (let l = 0; l < 32; l++) {
    m.intc.route(l, m.cpu(l % s.cpus).id);
    m.intc.unmask(l);
  }
  const stimuli = [...s.stimuli].sort((a, b) => a.t - b.t);
  const stops = [...new Set([...stimuli.map((x) => x.t), ...chunks.filter((c) => c <= s.end), s.end])].sort(
    (a, b) => a - b,
  );
  for (const t of stops) {
    m[s.step](t);
    for (const x of stimuli.filter((y) => y.t === t)) {
      if (x.kind === 'line') m.raiseLine(x.target);
      else if (x.kind === 'ipi') m.sendIpi(x.target % s.cpus);
      else m.injectFault(x.target % s.cpus, 'illegalInstr', x.target);
    }
  }
  return { m, kernel, stimuli };
}

const RUNS = 150;

describe('event loop properties', () => {
  it('covers [0, end) on every CPU with back-to-back activity intervals', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { m } = simulate(s);
        for (let c = 0; c < s.cpus; c++) {
          const iv = m.witness.cpuActivity.filter((a) => a.cpu === c);
          let at = 0;
          for (const a of iv) {
            expect(a.from).toBe(at);
            expect(a.to).toBeGreaterThan(a.from);
            at = a.to;
          }
          expect(at).toBe(s.end);
          const total = { guest: 0, kernel: 0, idle: 0, boot: 0, halted: 0 };
          for (const a of iv) total[a.what] += a.to - a.from;
          expect(total.guest + total.kernel + total.idle + total.boot + total.halted).toBe(s.end);
          expect(total.boot).toBe(Math.min(s.end, s.bootUntil[c] as number));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('charges each guest context exactly the time of its ops, and computes exactly what was asked', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { m, kernel } = simulate(s);
        for (const g of kernel.allGuests) {
          const ops = m.witness.ops.filter((o) => o.context === g.label);
          // A load/store/halt is recorded whole at its start and may run past the end of the run.
          const opTime = ops.reduce((sum, o) => sum + (Math.min(o.until, s.end) - o.t), 0);
          const active = m.witness.cpuActivity.filter((a) => a.what === 'guest' && a.context === g.label);
          const guestTime = active.reduce((sum, a) => sum + (a.to - a.from), 0);
          // The op still running at `end` is not yet recorded: its time so far is the difference.
          const running = m.cpus.some((c) => c.context === g && c.mode.mode === 'guest');
          const inflight = m.inflightOp(g);
          const runningCompute =
            running && inflight?.k === 'compute'
              ? inflight.n - m.pendingCompute(g) - recordedOf(ops, inflight)
              : 0;
          expect(guestTime).toBe(opTime + runningCompute);
          // Every compute the guest issued has run fully, except the one in flight.
          const issued = g.issued
            .filter((o) => o.k === 'compute')
            .reduce((sum, o) => sum + (o.k === 'compute' ? o.n : 0), 0);
          const ran = ops.filter((o) => o.op.k === 'compute').reduce((sum, o) => sum + (o.until - o.t), 0);
          expect(ran + runningCompute + m.pendingCompute(g)).toBe(issued);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('never takes an interrupt inside an atomic unit, and takes every one as soon as R3 allows', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { m, kernel, stimuli } = simulate(s);
        const bad: string[] = [];
        const opsOn = Array.from({ length: s.cpus }, (_, c) => m.witness.ops.filter((o) => o.cpu === c));
        const idleOn = Array.from({ length: s.cpus }, (_, c) =>
          m.witness.activityOf(m.cpu(c).id).filter((a) => a.what === 'idle'),
        );
        const idleIn = (cpu: number, from: number, to: number) =>
          (idleOn[cpu] ?? []).some((a) => Math.max(a.from, from) < Math.min(a.to, to));
        // Entries start only at unit boundaries: no load/store/halt of the same CPU spans one.
        for (const e of kernel.entries) {
          for (const o of opsOn[e.cpu] ?? []) {
            if (o.op.k !== 'compute' && o.t < e.at && e.at < o.until)
              bad.push(`${e.kind}@${e.at} inside ${o.op.k}@${o.t}`);
          }
        }
        // Timers: between the deadline D and the entry at x the CPU never was interruptible —
        // no op started in [D, x), no compute ran across D, no idle time in (D, x).
        for (const { cpu, deadline: d, at: x } of kernel.timers) {
          if (x < d) bad.push(`timer ${d} taken early at ${x}`);
          for (const o of opsOn[cpu] ?? []) {
            if (o.t >= d && o.t < x) bad.push(`timer ${d} (taken ${x}): ${o.op.k} started at ${o.t}`);
            if (o.op.k === 'compute' && o.t < d && o.until > d) bad.push(`timer ${d}: compute ran over it`);
          }
          if (idleIn(cpu, d, x)) bad.push(`timer ${d} (taken ${x}): idle in between`);
        }
        // External stimuli at D: with `advanceTo` they come before the CPUs' actions at D, so no
        // op may start at D; with `runUntil` they come after, so ops may start at D itself, but
        // a compute started at D is cut at D.
        for (const x of stimuli) {
          if (x.kind === 'fault') continue;
          const cpu = x.target % s.cpus;
          const takenAt =
            kernel.entries.find((e) => e.cpu === cpu && e.kind === 'interrupt' && e.at >= x.t)?.at ?? s.end;
          for (const o of opsOn[cpu] ?? []) {
            const after = s.step === 'advanceTo' ? o.t >= x.t : o.t > x.t;
            if (after && o.t < takenAt)
              bad.push(`${x.kind}@${x.t} (taken ${takenAt}): ${o.op.k} started at ${o.t}`);
            if (o.op.k === 'compute' && o.t <= x.t && o.until > x.t)
              bad.push(`${x.kind}@${x.t}: compute ran over it`);
          }
          if (idleIn(cpu, x.t, takenAt)) bad.push(`${x.kind}@${x.t} (taken ${takenAt}): idle in between`);
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('lets guest stores write only what their MMU context maps writable', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { m, kernel } = simulate(s);
        for (const w of m.witness.writes) {
          const g = kernel.allGuests.find((x) => x.label === w.context);
          expect(g).toBeDefined();
          const own = physOf(kernel.allGuests.indexOf(g as ScriptedGuest));
          if (w.by === 'guest') {
            expect(w.mmu).toBe(kernel.mmuOf(g as ScriptedGuest));
            expect(w.paddr >= own && w.paddr + w.size <= own + 0x1000).toBe(true);
          } else expect(w).toMatchObject({ by: 'kernel', paddr: own + 0x800, size: 4 });
        }
        for (const f of m.witness.faults.filter((x) => x.source === 'mmu')) {
          const inRw = f.vaddr >= 0x1000 && f.vaddr < 0x2000;
          const inRo = f.vaddr >= 0x2000 && f.vaddr < 0x2800;
          expect(f.kind).toBe(inRw || inRo ? 'permission' : 'unmapped');
          if (f.kind === 'permission') expect(f.access).toBe('write');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('gives identical records for identical inputs, however the run is cut into steps', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 10 }), (s, chunks) => {
        const a = simulate(s);
        const b = simulate(s, chunks);
        expect(b.m.witness.ops).toEqual(a.m.witness.ops);
        expect(b.m.witness.writes).toEqual(a.m.witness.writes);
        expect(b.m.witness.vectors).toEqual(a.m.witness.vectors);
        expect(b.m.witness.faults).toEqual(a.m.witness.faults);
        expect(b.m.witness.cpuActivity).toEqual(a.m.witness.cpuActivity);
        expect(b.kernel.entries).toEqual(a.kernel.entries);
      }),
      { numRuns: 60 },
    );
  });
});

/** µs of `op` already recorded as cut segments (the in-flight compute's earlier parts). */
function recordedOf(
  ops: readonly { op: GuestOp; t: number; until: number; outcome: string }[],
  op: GuestOp,
): number {
  let sum = 0;
  for (let i = ops.length - 1; i >= 0; i--) {
    const o = ops[i] as (typeof ops)[number];
    if (o.op !== op || o.outcome !== 'cut') break;
    sum += o.until - o.t;
  }
  return sum;
}
