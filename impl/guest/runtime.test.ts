// The generator runtime (runtime.ts) on the real machine with a scripted firmware: results reach
// the program only when it continues, the handler stack (handler first, IRET, then the rest of the
// interrupted op), 'abandon' and 'resume' after a fault, spin, faulting instructions, nesting, the
// idle loop after the program returns, and errors in programs.
import { describe, expect, it } from 'vitest';
import type { SideEvent } from '../../spec/lockstep.js';
import { Machine, type ContextId, type GuestContext, type KernelExit } from '../machine/index.js';
import { ScriptedFirmware, type FirmwareCall, type FirmwareScript } from '../machine/testkit.js';
import { bailConfig } from './fixtures.test-util.js';
import type { Guest, TrapHandler } from './guest.js';
import { imageLoader, type PartitionImage } from './loader.js';
import { GeneratorGuest, GuestProgramError } from './runtime.js';
import { compute, hypercall, load, raise, spin, store, type GuestProgram } from './steps.js';

const COSTS = { computeCycle: 1, load: 1, store: 1, halt: 1 };
const AREA = 0x86000000;
const config = bailConfig('helloworld', 'riscv64');

interface Rig {
  readonly m: Machine;
  readonly fw: ScriptedFirmware;
  readonly events: SideEvent[];
  guest(): GeneratorGuest;
}

/**
 * One CPU running partition 0 vCPU 0 from `image`. The firmware returns to the guest after every
 * entry; `onEntry` may inject vectors, map pages or stop the CPU.
 */
function rig(
  image: PartitionImage,
  script: (r: {
    m: Machine;
    mmu: ContextId;
    back: (cost: number, result?: number) => KernelExit;
  }) => FirmwareScript,
): Rig {
  const m = new Machine({ cpus: 1, bootUntil: 10, costs: COSTS });
  const mmu = m.mmu.createContext();
  m.mmu.map(mmu, { virt: AREA, phys: AREA, size: 0x100000, read: true, write: true, exec: true });
  const events: SideEvent[] = [];
  const loader = imageLoader({ config, machine: m, images: { 0: image }, observe: (e) => events.push(e) });
  let g: GuestContext | undefined;
  const back = (cost: number, result?: number): KernelExit => {
    const context = g as GuestContext;
    return {
      cost,
      then: result === undefined ? { run: 'guest', context, mmu } : { run: 'guest', context, mmu, result },
    };
  };
  const user = script({ m, mmu, back });
  const fw = new ScriptedFirmware({
    ...user,
    boot: (cpu, now) => {
      g = loader.start({ part: 0, vcpu: 0, entry: AREA, pct: 0, reason: 'boot' });
      return user.boot?.(cpu, now) ?? back(0);
    },
  });
  m.attach(fw);
  return { m, fw, events, guest: () => g as GeneratorGuest };
}

const program = (body: (g: Guest) => GuestProgram): PartitionImage => ({ start: body });
const withHandlers =
  (handlers: Record<number, TrapHandler>, body: (g: Guest) => GuestProgram) =>
  (g: Guest): GuestProgram => {
    for (const [v, h] of Object.entries(handlers)) g.partition.handlers.set(Number(v), h);
    return body(g);
  };

function hypercalls(calls: readonly FirmwareCall[]): (readonly number[])[] {
  return calls.flatMap((c) => (c.entry === 'hypercall' ? [[c.nr, ...c.args]] : []));
}

/** Answers every hypercall with `answer(nr)` and returns to the guest. */
const answering =
  (answer: (nr: number) => number = () => 0) =>
  ({ back }: { back: (cost: number, result?: number) => KernelExit }): FirmwareScript => ({
    hypercall: (_cpu, _now, nr) => back(2, answer(nr)),
  });

describe('GeneratorGuest', () => {
  it('gives each op result to the program when it continues', () => {
    const r = rig(
      program(function* () {
        const v = yield* hypercall(32, []);
        yield* store(AREA + 0x10, 4, v + 1);
        const x = yield* load(AREA + 0x10, 4);
        yield* hypercall(1, [Number(x)]);
      }),
      answering((nr) => (nr === 32 ? 41 : 0)),
    );
    r.m.runUntil(100);
    expect(hypercalls(r.fw.calls).slice(0, 2)).toEqual([[32], [1, 42]]);
  });

  it('runs a handler before the rest of a cut compute, then the IRET, then the rest (no new op event)', () => {
    const r = rig(
      program(
        withHandlers(
          {
            224: function* (_g, trap) {
              yield* hypercall(50, [trap.vector]);
            },
          },
          function* () {
            yield* compute(30);
            yield* hypercall(51, []);
          },
        ),
      ),
      ({ m, back }) => ({
        boot: () => {
          m.cpu(0).timer.arm(25);
          return back(0);
        },
        interrupt: () => {
          m.cpu(0).injectVector(224);
          return back(3);
        },
        hypercall: () => back(2, 0),
      }),
    );
    r.m.runUntil(200);
    expect(hypercalls(r.fw.calls)).toEqual([[50, 224], [44], [51]]);
    expect(
      r.m.witness.ops
        .slice(0, 5)
        .map((o) => [o.op.k, o.op.k === 'compute' ? o.op.n : null, o.t, o.until, o.outcome]),
    ).toEqual([
      ['compute', 30, 10, 25, 'cut'],
      ['hypercall', null, 28, 28, 'trap'],
      ['hypercall', null, 30, 30, 'trap'],
      ['compute', 15, 32, 47, 'completed'],
      ['hypercall', null, 47, 47, 'trap'],
    ]);
    expect(r.events).toEqual([{ t: 10, ev: 'op', cpu: 0, part: 0, vcpu: 0, op: { k: 'compute', n: 30 } }]);
    expect(r.guest().delivered).toEqual([224]);
  });

  it("skips a faulted load when the handler returns 'abandon' (the load gives 0)", () => {
    const r = rig(
      program(
        withHandlers(
          {
            14: function* () {
              yield* hypercall(60, []);
              return 'abandon';
            },
          },
          function* () {
            const v = yield* load(0x90000000, 4);
            yield* hypercall(61, [Number(v)]);
          },
        ),
      ),
      ({ m, back }) => ({
        fault: () => {
          m.cpu(0).injectVector(14);
          return back(3);
        },
        hypercall: () => back(2, 0),
      }),
    );
    r.m.runUntil(200);
    expect(hypercalls(r.fw.calls)).toEqual([[60], [44], [61, 0]]);
    expect(r.m.witness.ops.filter((o) => o.op.k === 'load').map((o) => o.outcome)).toEqual(['fault']);
  });

  it('runs a faulted load again when the handler returns normally', () => {
    const r = rig(
      program(
        withHandlers(
          {
            14: function* () {
              yield* hypercall(60, []);
            },
          },
          function* () {
            const v = yield* load(0x90000000, 4);
            yield* hypercall(61, [Number(v)]);
          },
        ),
      ),
      ({ m, mmu, back }) => ({
        fault: () => {
          m.mmu.map(mmu, {
            virt: 0x90000000,
            phys: AREA + 0x100,
            size: 0x1000,
            read: true,
            write: true,
            exec: false,
          });
          m.cpu(0).injectVector(14);
          return back(3);
        },
        hypercall: () => back(2, 0),
      }),
    );
    r.m.memory.write(AREA + 0x100, 4, 1234);
    r.m.runUntil(200);
    expect(hypercalls(r.fw.calls)).toEqual([[60], [44], [61, 1234]]);
    expect(r.m.witness.ops.filter((o) => o.op.k === 'load').map((o) => o.outcome)).toEqual([
      'fault',
      'completed',
    ]);
  });

  it('ends a spin chunk at the interrupt, so the loop tests its condition right after the IRET', () => {
    let flag = false;
    const r = rig(
      program(
        withHandlers(
          {
            // eslint-disable-next-line require-yield -- a handler that makes no call
            224: function* () {
              flag = true;
            },
          },
          function* () {
            while (!flag) yield* spin(1000);
            yield* hypercall(70, []);
          },
        ),
      ),
      ({ m, back }) => ({
        boot: () => {
          m.cpu(0).timer.arm(100);
          return back(0);
        },
        interrupt: () => {
          m.cpu(0).injectVector(224);
          return back(3);
        },
        hypercall: () => back(2, 0),
      }),
    );
    r.m.runUntil(2000);
    // Interrupt at 100, entry 3 µs, IRET at 103 (2 µs), then at once the next hypercall.
    const hc = r.fw.calls
      .filter((c) => c.entry === 'hypercall')
      .map((c) => (c.entry === 'hypercall' ? [c.nr, c.now] : []));
    expect(hc).toEqual([
      [44, 103],
      [70, 105],
    ]);
  });

  it('raises a faulting instruction as an exception on the acting CPU, in the guest context', () => {
    const r = rig(
      program(
        withHandlers(
          {
            // eslint-disable-next-line require-yield -- a handler that makes no call
            0: function* () {
              return 'abandon';
            },
          },
          function* () {
            yield* compute(5);
            yield* raise('divide', AREA + 0x123);
            yield* hypercall(80, []);
          },
        ),
      ),
      ({ m, back }) => ({
        fault: () => {
          m.cpu(0).injectVector(0);
          return back(3);
        },
        hypercall: () => back(2, 0),
      }),
    );
    r.m.runUntil(100);
    const fault = r.fw.calls.find((c) => c.entry === 'fault');
    expect(fault).toEqual({
      entry: 'fault',
      cpu: 0,
      now: 15,
      fault: { source: 'injected', kind: 'divide', addr: AREA + 0x123 },
    });
    expect(r.m.witness.faults[0]?.context).toBe('P0.v0');
    expect(hypercalls(r.fw.calls)).toEqual([[44], [80]]);
  });

  it('nests handlers: a second interrupt inside a handler runs its handler, then the first resumes', () => {
    const r = rig(
      program(
        withHandlers(
          {
            224: function* () {
              yield* hypercall(90, []);
              yield* compute(50);
              yield* hypercall(91, []);
            },
            225: function* (g) {
              yield* hypercall(92, [g.partition.handlers.size]);
            },
          },
          function* () {
            yield* compute(100);
            yield* hypercall(93, []);
          },
        ),
      ),
      ({ m, back }) => {
        let n = 0;
        return {
          boot: () => {
            m.cpu(0).timer.arm(20);
            return back(0);
          },
          interrupt: () => {
            m.cpu(0).injectVector(n++ === 0 ? 224 : 225);
            return back(3);
          },
          hypercall: (_c, now, nr) => {
            if (nr === 90) m.cpu(0).timer.arm(now + 20);
            return back(2, 0);
          },
        };
      },
    );
    r.m.runUntil(1000);
    expect(hypercalls(r.fw.calls)).toEqual([[90], [92, 2], [44], [91], [44], [93]]);
    // The main compute ran 10 µs before the first interrupt and its other 90 after both IRETs.
    const computes = r.m.witness.ops
      .filter((o) => o.op.k === 'compute')
      .map((o) => (o.op.k === 'compute' ? o.op.n : 0));
    expect(computes.slice(0, 4)).toEqual([100, 50, 50 - 18, 90]);
  });

  it('idles silently once the program returns, and still takes interrupts', () => {
    const r = rig(
      program(function* () {
        yield* compute(3);
      }),
      ({ m, back }) => ({
        boot: () => {
          m.cpu(0).timer.arm(3000);
          return back(0);
        },
        interrupt: () => {
          m.cpu(0).injectVector(300);
          return back(3);
        },
        hypercall: () => back(2, 0),
      }),
    );
    r.m.runUntil(10_000);
    expect(r.guest().finished).toBe(true);
    expect(r.events).toHaveLength(1);
    // No handler and no fallback: the delivery is only ended by the IRET.
    expect(hypercalls(r.fw.calls)).toEqual([[44]]);
  });

  it('runs the fallback handler for a vector without its own', () => {
    const seen: number[] = [];
    const r = rig(
      program(function* (g) {
        g.partition.fallback = function* (_g, trap) {
          seen.push(trap.vector);
          yield* hypercall(95, [trap.vector]);
        };
        yield* compute(100);
      }),
      ({ m, back }) => ({
        boot: () => {
          m.cpu(0).timer.arm(50);
          return back(0);
        },
        interrupt: () => {
          m.cpu(0).injectVector(7);
          return back(3);
        },
        hypercall: () => back(2, 0),
      }),
    );
    r.m.runUntil(300);
    expect(seen).toEqual([7]);
    expect(hypercalls(r.fw.calls)).toEqual([[95, 7], [44]]);
  });

  it('reports a program that throws as a GuestProgramError naming the vCPU', () => {
    const r = rig(
      program(function* () {
        yield* compute(1);
        throw new Error('boom');
      }),
      answering(),
    );
    let error: unknown;
    try {
      r.m.runUntil(100);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GuestProgramError);
    expect((error as Error).message).toBe('guest program P0.v0 failed: boom');
  });
});
