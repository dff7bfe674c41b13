// Tests of the event loop (machine.ts, core.ts) with a scripted firmware and scripted guests:
// the timing rules R1, R3, R7, R8 of spec/timing, the hypercall/fault/halt entries, the
// witness records, and the contract checks on what the kernel returns.
import { describe, expect, it } from 'vitest';
import type { KernelExit } from './firmware.js';
import type { ContextId } from './ids.js';
import type { GuestContext, GuestOp } from './isa.js';
import { Machine, MachineLivelockError, type MachineOptions } from './machine.js';
import { ScriptedFirmware, ScriptedGuest, type FirmwareScript } from './testkit.js';

const COSTS = { computeCycle: 1, load: 1, store: 1, halt: 1 };
/** Guest virtual [0x1000, 0x2000) is physical [0x10000, 0x11000), read-write. */
const GUEST_PHYS = 0x10000;

function build(
  script: (m: Machine, ctx: ContextId) => FirmwareScript,
  options: Partial<MachineOptions> = {},
) {
  const m = new Machine({ cpus: 1, bootUntil: 10, costs: COSTS, ...options });
  const ctx = m.mmu.createContext();
  m.mmu.map(ctx, { virt: 0x1000, phys: GUEST_PHYS, size: 0x1000, read: true, write: true, exec: false });
  const fw = new ScriptedFirmware(script(m, ctx));
  m.attach(fw);
  return { m, ctx, fw };
}

const run = (context: GuestContext, mmu: ContextId, cost: number, result?: number): KernelExit => ({
  cost,
  then: result === undefined ? { run: 'guest', context, mmu } : { run: 'guest', context, mmu, result },
});

const idle = (cost: number): KernelExit => ({ cost, then: { run: 'idle' } });

const NO_SOURCES = { timer: false, ipi: false, lines: [] };

describe('compute (R1)', () => {
  it('is cut exactly at the timer deadline and resumed with the remainder', () => {
    const g = new ScriptedGuest('G', [{ k: 'compute', n: 30 }]);
    const { m, ctx, fw } = build((m, ctx) => ({
      boot: () => {
        m.cpu(0).timer.arm(25);
        return run(g, ctx, 2);
      },
      interrupt: () => run(g, ctx, 3),
    }));
    m.runUntil(26);
    expect(m.pendingCompute(g)).toBe(30 - (25 - 12));
    m.runUntil(50);
    expect(fw.calls).toEqual([
      { entry: 'boot', cpu: 0, now: 10 },
      { entry: 'interrupt', cpu: 0, now: 25, sources: { ...NO_SOURCES, timer: true } },
    ]);
    // Guest starts at 12; 13 µs run before the cut; the other 17 run from 28 (25 + entry 3).
    // (The tail compute started at 45 is still running: it is recorded when it ends or is cut.)
    expect(m.witness.ops).toEqual([
      { cpu: 0, t: 12, until: 25, context: 'G', mmu: ctx, op: { k: 'compute', n: 30 }, outcome: 'cut' },
      { cpu: 0, t: 28, until: 45, context: 'G', mmu: ctx, op: { k: 'compute', n: 30 }, outcome: 'completed' },
    ]);
    expect(g.completed).toEqual([{ kind: 'compute' }]);
    expect(m.pendingCompute(g)).toBe(1000 - 5);
  });

  it('keeps the remainder with the guest context, wherever it resumes', () => {
    const a = new ScriptedGuest('A', [{ k: 'compute', n: 20 }]);
    const b = new ScriptedGuest('B', [{ k: 'compute', n: 100 }]);
    // CPU 0 runs A until its timer at 15, then B; CPU 1 picks A up at 30.
    const { m, fw } = build(
      (m, ctx) => ({
        boot: (cpu) => {
          if (cpu === 0) {
            m.cpu(0).timer.arm(15);
            return run(a, ctx, 0);
          }
          m.cpu(1).timer.arm(30);
          return idle(0);
        },
        interrupt: (cpu) => run(cpu === 0 ? b : a, ctx, 1),
      }),
      { cpus: 2 },
    );
    m.runUntil(60);
    expect(fw.calls.map((c) => [c.entry, c.cpu, c.now])).toEqual([
      ['boot', 0, 10],
      ['boot', 1, 10],
      ['interrupt', 0, 15],
      ['interrupt', 1, 30],
    ]);
    const aOps = m.witness.ops.filter((o) => o.context === 'A').map((o) => [o.cpu, o.t, o.until, o.outcome]);
    // 5 µs on CPU 0 (10..15), the other 15 on CPU 1 from 31.
    expect(aOps.slice(0, 2)).toEqual([
      [0, 10, 15, 'cut'],
      [1, 31, 46, 'completed'],
    ]);
    expect(m.pendingCompute(b)).toBe(100 - (60 - 16));
  });

  it('is cut at its start by an interrupt raised at that instant by a CPU acting later', () => {
    // CPU 1 acts first at 10 (tie-break) and starts computing; CPU 0 then sends it an IPI at 10.
    const g = new ScriptedGuest('G', [{ k: 'compute', n: 50 }]);
    const { m, fw } = build(
      (m, ctx) => ({
        boot: (cpu) => {
          if (cpu === 0) {
            m.sendIpi(1);
            return idle(1);
          }
          return run(g, ctx, 0);
        },
        interrupt: () => run(g, ctx, 2),
      }),
      { cpus: 2, tieBreaks: [{ t: 10, order: [1, 0] }] },
    );
    m.runUntil(100);
    expect(fw.calls.filter((c) => c.entry === 'interrupt')).toEqual([
      { entry: 'interrupt', cpu: 1, now: 10, sources: { ...NO_SOURCES, ipi: true } },
    ]);
    // No guest time before the IPI: the whole compute runs from 12.
    expect(m.witness.ops[0]).toMatchObject({ cpu: 1, t: 12, until: 62, outcome: 'completed' });
  });
});

describe('atomic units (R1, R3)', () => {
  it('delays interrupts due inside a load to its end, and takes all due sources in one entry', () => {
    const g = new ScriptedGuest('G', [{ k: 'load', addr: 0x1000, size: 4 }]);
    const { m, fw } = build(
      (m, ctx) => ({
        boot: () => {
          m.cpu(0).timer.arm(14);
          return run(g, ctx, 2);
        },
        interrupt: () => run(g, ctx, 1),
      }),
      { costs: { ...COSTS, load: 8 } },
    );
    m.intc.unmask(3);
    m.runUntil(16);
    m.raiseLine(3);
    m.runUntil(30);
    // The load runs [12, 20): the timer (14) and the line (16) are both taken at 20.
    expect(fw.calls.slice(1)).toEqual([
      { entry: 'interrupt', cpu: 0, now: 20, sources: { timer: true, ipi: false, lines: [3] } },
    ]);
    expect(m.witness.ops[0]).toMatchObject({ t: 12, until: 20, outcome: 'completed', op: { k: 'load' } });
  });

  it('keeps the CPU in the kernel for the cost a hypercall returns, interrupts included', () => {
    const g = new ScriptedGuest('G', [
      { k: 'hypercall', nr: 5, args: [1, 2] },
      { k: 'compute', n: 3 },
    ]);
    const { m, fw } = build((m, ctx) => ({
      boot: () => run(g, ctx, 2),
      hypercall: (_cpu, now, nr) => {
        m.cpu(0).timer.arm(now + 1);
        return run(g, ctx, 7, nr * 10);
      },
      interrupt: () => run(g, ctx, 1),
    }));
    m.runUntil(40);
    expect(fw.calls.slice(1)).toEqual([
      { entry: 'hypercall', cpu: 0, now: 12, nr: 5, args: [1, 2] },
      { entry: 'interrupt', cpu: 0, now: 19, sources: { ...NO_SOURCES, timer: true } },
    ]);
    expect(g.completed[0]).toEqual({ kind: 'hypercall', value: 50 });
    expect(m.witness.ops[1]).toMatchObject({
      t: 20,
      until: 23,
      op: { k: 'compute', n: 3 },
      outcome: 'completed',
    });
    expect(m.witness.cpuActivity.slice(0, 4)).toEqual([
      { cpu: 0, from: 0, to: 10, what: 'boot', context: null },
      { cpu: 0, from: 10, to: 12, what: 'kernel', context: null },
      { cpu: 0, from: 12, to: 20, what: 'kernel', context: 'G' },
      { cpu: 0, from: 20, to: 40, what: 'guest', context: 'G' },
    ]);
  });

  it('runs a halt op for its cost, then traps to guestHalt', () => {
    const g = new ScriptedGuest('G', [{ k: 'halt' }]);
    const { m, fw } = build((_m, ctx) => ({ boot: () => run(g, ctx, 2), guestHalt: () => idle(4) }), {
      costs: { ...COSTS, halt: 3 },
    });
    m.runUntil(30);
    expect(fw.calls.slice(1)).toEqual([{ entry: 'guestHalt', cpu: 0, now: 15 }]);
    expect(g.completed).toEqual([{ kind: 'halt' }]);
    expect(m.cpu(0).mode).toEqual({ mode: 'idle' });
    expect(m.witness.cpuActivity.map((a) => [a.from, a.to, a.what])).toEqual([
      [0, 10, 'boot'],
      [10, 12, 'kernel'],
      [12, 15, 'guest'],
      [15, 19, 'kernel'],
      [19, 30, 'idle'],
    ]);
  });
});

describe('idle and booting CPUs', () => {
  it('wakes an idle CPU exactly at the timer deadline and at an external line', () => {
    const { m, fw } = build((m) => ({
      boot: () => {
        m.cpu(0).timer.arm(40);
        return idle(1);
      },
      interrupt: () => idle(2),
    }));
    m.intc.unmask(7);
    m.runUntil(55);
    m.raiseLine(7);
    m.runUntil(70);
    expect(fw.calls.map((c) => [c.entry, c.now])).toEqual([
      ['boot', 10],
      ['interrupt', 40],
      ['interrupt', 55],
    ]);
    expect(fw.calls[2]).toMatchObject({ sources: { timer: false, ipi: false, lines: [7] } });
  });

  it('ignores everything while booting, then takes what is pending when the boot entry ends', () => {
    const { m, fw } = build(() => ({ boot: () => idle(5), interrupt: () => idle(1) }), { bootUntil: 100 });
    m.intc.unmask(1);
    m.runUntil(50);
    m.raiseLine(1);
    m.sendIpi(0);
    m.runUntil(99);
    expect(fw.calls).toEqual([]);
    expect(m.cpu(0).mode).toEqual({ mode: 'booting', until: 100 });
    m.runUntil(200);
    expect(fw.calls).toEqual([
      { entry: 'boot', cpu: 0, now: 100 },
      { entry: 'interrupt', cpu: 0, now: 105, sources: { timer: false, ipi: true, lines: [1] } },
    ]);
  });

  it('boots each CPU at its own time', () => {
    const { m, fw } = build(() => ({}), { cpus: 3, bootUntil: [30, 10, 20] });
    m.runUntil(40);
    expect(fw.calls.map((c) => [c.cpu, c.now])).toEqual([
      [1, 10],
      [2, 20],
      [0, 30],
    ]);
  });
});

describe('same-instant order (R8)', () => {
  const order = (tieBreaks: MachineOptions['tieBreaks']) => {
    const { m, fw } = build(() => ({}), { cpus: 4, tieBreaks });
    m.runUntil(10);
    return fw.calls.map((c) => c.cpu);
  };

  it('acts by ascending CPU id without a tie-break entry', () => {
    expect(order([])).toEqual([0, 1, 2, 3]);
    expect(order([{ t: 11, order: [3, 2, 1, 0] }])).toEqual([0, 1, 2, 3]);
  });

  it('follows the tie-break list at a listed instant; unlisted CPUs follow by id', () => {
    expect(order([{ t: 10, order: [2, 0, 3, 1] }])).toEqual([2, 0, 3, 1]);
    expect(order([{ t: 10, order: [3] }])).toEqual([3, 0, 1, 2]);
  });

  it('makes a kernel write at t visible to a guest load at t only on the CPU acting later', () => {
    const loaded = (tieBreaks: MachineOptions['tieBreaks']) => {
      const g = new ScriptedGuest('G', [{ k: 'load', addr: 0x1010, size: 4 }]);
      const { m } = build(
        (m, ctx) => ({
          boot: (cpu) => {
            if (cpu === 1) return run(g, ctx, 0);
            m.memory.write(GUEST_PHYS + 0x10, 4, 0xabcd);
            return idle(1);
          },
        }),
        { cpus: 2, tieBreaks },
      );
      m.runUntil(20);
      return g.completed[0];
    };
    expect(loaded([])).toEqual({ kind: 'load', value: 0xabcdn });
    expect(loaded([{ t: 10, order: [1, 0] }])).toEqual({ kind: 'load', value: 0n });
  });

  it('orders an IPI against an atomic op at the same instant by the tie-break', () => {
    const takenAt = (tieBreaks: MachineOptions['tieBreaks']) => {
      const g = new ScriptedGuest('G', [{ k: 'load', addr: 0x1000, size: 4 }]);
      const { m, fw } = build(
        (m, ctx) => ({
          boot: (cpu) => {
            if (cpu === 1) return run(g, ctx, 0);
            m.sendIpi(1);
            return idle(1);
          },
          interrupt: (_c, now) => (now < 100 ? run(g, ctx, 1) : idle(0)),
        }),
        { cpus: 2, tieBreaks, costs: { ...COSTS, load: 4 } },
      );
      m.runUntil(30);
      return fw.calls.filter((c) => c.entry === 'interrupt').map((c) => [c.cpu, c.now]);
    };
    // CPU 0 first: the IPI is pending when CPU 1 reaches its first op boundary at 10.
    expect(takenAt([])).toEqual([[1, 10]]);
    // CPU 1 first: it has started the load [10, 14) when the IPI comes; taken at 14.
    expect(takenAt([{ t: 10, order: [1, 0] }])).toEqual([[1, 14]]);
  });

  it('puts a stimulus given after advanceTo(t) before every CPU action at t, and after them with runUntil(t)', () => {
    const takenAt = (step: 'advanceTo' | 'runUntil') => {
      const g = new ScriptedGuest('G', [
        { k: 'compute', n: 2 },
        { k: 'load', addr: 0x1000, size: 4 },
      ]);
      const { m, fw } = build(
        (_m, ctx) => ({ boot: () => run(g, ctx, 2), interrupt: () => run(g, ctx, 1) }),
        { costs: { ...COSTS, load: 5 } },
      );
      m.intc.unmask(9);
      // The compute runs [12, 14); the load would start at 14.
      m[step](14);
      m.raiseLine(9);
      m.runUntil(40);
      return fw.calls.filter((c) => c.entry === 'interrupt').map((c) => c.now);
    };
    expect(takenAt('advanceTo')).toEqual([14]);
    expect(takenAt('runUntil')).toEqual([19]);
  });

  it('rejects a malformed tie-break list', () => {
    const mk = (tieBreaks: MachineOptions['tieBreaks']) => () =>
      new Machine({ cpus: 2, bootUntil: 0, costs: COSTS, tieBreaks });
    expect(mk([{ t: 1, order: [0, 0] }])).toThrow(/twice/);
    expect(mk([{ t: 1, order: [2] }])).toThrow(/not in/);
    expect(
      mk([
        { t: 1, order: [0] },
        { t: 1, order: [1] },
      ]),
    ).toThrow(/two entries/);
  });
});

describe('faults', () => {
  it('traps an MMU fault at the op start and runs the op again when the context resumes', () => {
    const g = new ScriptedGuest('G', [{ k: 'store', addr: 0x5004, size: 4, value: 9 }]);
    const { m, ctx, fw } = build((m, ctx) => ({
      boot: () => run(g, ctx, 2),
      fault: () => {
        m.mmu.map(ctx, { virt: 0x5000, phys: 0x20000, size: 0x1000, read: true, write: true, exec: false });
        return run(g, ctx, 3);
      },
    }));
    m.runUntil(30);
    expect(fw.calls[1]).toEqual({
      entry: 'fault',
      cpu: 0,
      now: 12,
      fault: { source: 'mmu', kind: 'unmapped', vaddr: 0x5004, access: 'write', size: 4 },
    });
    expect(m.witness.ops.slice(0, 2).map((o) => [o.t, o.until, o.outcome])).toEqual([
      [12, 12, 'fault'],
      [15, 16, 'completed'],
    ]);
    expect(m.witness.faults).toEqual([
      {
        cpu: 0,
        t: 12,
        context: 'G',
        mmu: ctx,
        source: 'mmu',
        kind: 'unmapped',
        vaddr: 0x5004,
        access: 'write',
      },
    ]);
    expect(m.memory.read(0x20004, 4)).toBe(9);
    expect(g.issued.filter((o) => o.k === 'store')).toHaveLength(1);
  });

  it('drops the faulting op when the guest abandons it on a delivered vector', () => {
    const g = new ScriptedGuest(
      'G',
      [
        { k: 'load', addr: 0x1ffe, size: 4 },
        { k: 'compute', n: 5 },
      ],
      { onDeliver: (v) => (v === 14 ? 'abandon' : 'resume') },
    );
    const { m, fw } = build((m, ctx) => ({
      boot: () => run(g, ctx, 2),
      fault: () => {
        m.cpu(0).injectVector(14);
        return run(g, ctx, 3);
      },
    }));
    m.runUntil(30);
    expect(fw.calls[1]).toMatchObject({
      entry: 'fault',
      now: 12,
      fault: { kind: 'unmapped', vaddr: 0x2000 },
    });
    expect(g.delivered).toEqual([14]);
    expect(m.witness.vectors).toEqual([{ cpu: 0, t: 15, context: 'G', vector: 14 }]);
    expect(m.witness.ops[1]).toMatchObject({
      t: 15,
      until: 20,
      op: { k: 'compute', n: 5 },
      outcome: 'completed',
    });
  });

  it('takes an injected exception like an interrupt, before interrupts due at the same instant', () => {
    // A load occupies [12, 22); the timer (14) and the exception (16) are both due at its end.
    const g = new ScriptedGuest('G', [
      { k: 'load', addr: 0x1000, size: 4 },
      { k: 'compute', n: 100 },
    ]);
    const { m, ctx, fw } = build(
      (m, ctx) => ({
        boot: () => {
          m.cpu(0).timer.arm(14);
          return run(g, ctx, 2);
        },
        fault: () => run(g, ctx, 3),
        interrupt: () => run(g, ctx, 1),
      }),
      { costs: { ...COSTS, load: 10 } },
    );
    m.runUntil(16);
    m.injectFault(0, 'illegalInstr', 0x1234);
    m.runUntil(40);
    expect(fw.calls.slice(1)).toEqual([
      { entry: 'fault', cpu: 0, now: 22, fault: { source: 'injected', kind: 'illegalInstr', addr: 0x1234 } },
      { entry: 'interrupt', cpu: 0, now: 25, sources: { ...NO_SOURCES, timer: true } },
    ]);
    expect(m.witness.faults).toEqual([
      {
        cpu: 0,
        t: 22,
        context: 'G',
        mmu: ctx,
        source: 'injected',
        kind: 'illegalInstr',
        vaddr: 0x1234,
        access: null,
      },
    ]);
    expect(m.pendingCompute(g)).toBe(100 - (40 - 26));
  });

  it('takes an exception injected while a compute runs at that instant, cutting it', () => {
    const g = new ScriptedGuest('G', [{ k: 'compute', n: 100 }]);
    const { m, fw } = build((_m, ctx) => ({ boot: () => run(g, ctx, 2), fault: () => run(g, ctx, 3) }));
    m.runUntil(20);
    m.injectFault(0, 'divide', 0);
    m.runUntil(40);
    expect(fw.calls[1]).toEqual({
      entry: 'fault',
      cpu: 0,
      now: 20,
      fault: { source: 'injected', kind: 'divide', addr: 0 },
    });
    expect(m.witness.ops[0]).toMatchObject({ t: 12, until: 20, outcome: 'cut' });
    expect(m.pendingCompute(g)).toBe(100 - 8 - (40 - 23));
  });
});

describe('hypercall results and vectors', () => {
  it('gives a result later to a context the kernel switched away from', () => {
    const a = new ScriptedGuest('A', [{ k: 'hypercall', nr: 8, args: [] }]);
    const b = new ScriptedGuest('B', []);
    const { m } = build((m, ctx) => ({
      boot: () => run(a, ctx, 1),
      hypercall: () => {
        m.cpu(0).timer.arm(30);
        return run(b, ctx, 2);
      },
      interrupt: () => {
        expect(m.awaitingResult(a)).toBe(true);
        return run(a, ctx, 1, -1);
      },
    }));
    m.runUntil(40);
    expect(a.completed).toEqual([{ kind: 'hypercall', value: -1 }]);
    expect(m.awaitingResult(a)).toBe(false);
  });

  it('rejects a missing or unexpected hypercall result', () => {
    const g = new ScriptedGuest('G', [{ k: 'hypercall', nr: 1, args: [] }]);
    const missing = build((_m, ctx) => ({ boot: () => run(g, ctx, 1), hypercall: () => run(g, ctx, 1) }));
    expect(() => missing.m.runUntil(20)).toThrow(/awaits a hypercall result/);
    const h = new ScriptedGuest('H', []);
    const extra = build((_m, ctx) => ({ boot: () => run(h, ctx, 1, 0) }));
    expect(() => extra.m.runUntil(20)).toThrow(/awaits none/);
  });

  it('delivers injected vectors in order before the next op, and records them', () => {
    const g = new ScriptedGuest('G', [{ k: 'compute', n: 1 }]);
    const { m } = build((m, ctx) => ({
      boot: () => {
        m.cpu(0).injectVector(224);
        m.cpu(0).injectVector(3);
        return run(g, ctx, 2);
      },
    }));
    m.runUntil(20);
    expect(g.delivered).toEqual([224, 3]);
    expect(m.witness.vectors).toEqual([
      { cpu: 0, t: 12, context: 'G', vector: 224 },
      { cpu: 0, t: 12, context: 'G', vector: 3 },
    ]);
    expect(() => m.cpu(0).injectVector(1)).toThrow(/outside a kernel entry/);
  });

  it('rejects vectors injected in an entry that does not return to a guest', () => {
    const { m } = build((m) => ({
      boot: () => {
        m.cpu(0).injectVector(1);
        return idle(1);
      },
    }));
    expect(() => m.runUntil(20)).toThrow(/does not return to a guest/);
  });

  it('rejects a context made current on two CPUs', () => {
    const g = new ScriptedGuest('G', []);
    const { m } = build((_m, ctx) => ({ boot: () => run(g, ctx, 1) }), { cpus: 2 });
    expect(() => m.runUntil(20)).toThrow(/already current on cpu 0/);
  });
});

describe('witness records of writes', () => {
  it('tags guest stores, kernel writes and loader writes', () => {
    const g = new ScriptedGuest('G', [
      { k: 'store', addr: 0x1008, size: 4, value: 1 },
      { k: 'hypercall', nr: 3, args: [] },
    ]);
    const { m, ctx } = build((m, ctx) => ({
      boot: () => {
        m.memory.write(0x500, 8, 5n);
        return run(g, ctx, 2);
      },
      hypercall: () => {
        m.memory.writeBytes(GUEST_PHYS + 0x20, new Uint8Array(16));
        return run(g, ctx, 4, 0);
      },
    }));
    m.memory.write(0x600, 1, 1);
    m.runUntil(30);
    expect(m.witness.writes).toEqual([
      { cpu: null, t: 0, by: 'loader', context: null, mmu: null, paddr: 0x600, size: 1 },
      { cpu: 0, t: 10, by: 'kernel', context: null, mmu: null, paddr: 0x500, size: 8 },
      { cpu: 0, t: 12, by: 'guest', context: 'G', mmu: ctx, paddr: GUEST_PHYS + 8, size: 4 },
      { cpu: 0, t: 13, by: 'kernel', context: 'G', mmu: ctx, paddr: GUEST_PHYS + 0x20, size: 16 },
    ]);
  });

  it('forbids a guest runtime from writing memory behind the CPU’s back', () => {
    const box: { m?: Machine } = {};
    const sneaky: GuestContext = {
      label: 'S',
      nextOp: (): GuestOp => {
        box.m?.memory.write(0, 1, 1);
        return { k: 'compute', n: 1 };
      },
      complete: () => undefined,
      deliver: () => 'resume',
    };
    const { m } = build((_m, ctx) => ({ boot: () => run(sneaky, ctx, 1) }));
    box.m = m;
    expect(() => m.runUntil(20)).toThrow(/outside a guest store or a kernel entry/);
  });

  it('records nothing of a kind that is switched off', () => {
    const g = new ScriptedGuest('G', [{ k: 'store', addr: 0x1000, size: 1, value: 1 }]);
    const { m } = build((_m, ctx) => ({ boot: () => run(g, ctx, 1) }), {
      recording: { writes: false, ops: false },
    });
    m.runUntil(20);
    expect(m.witness.writes).toEqual([]);
    expect(m.witness.ops).toEqual([]);
    expect(m.witness.cpuActivity.length).toBeGreaterThan(0);
    expect(m.memory.read(GUEST_PHYS, 1)).toBe(1);
  });
});

describe('interrupt controller and timers through the machine', () => {
  it('holds masked lines pending until unmasked, and delivers lines to the CPU they are routed to', () => {
    const { m, fw } = build(() => ({ interrupt: () => idle(1) }), { cpus: 2 });
    m.runUntil(20);
    m.raiseLine(5);
    m.runUntil(25);
    expect(fw.calls.filter((c) => c.entry === 'interrupt')).toEqual([]);
    m.intc.route(6, m.cpu(1).id);
    m.intc.unmask(6);
    m.intc.unmask(5);
    m.raiseLine(6);
    m.runUntil(30);
    expect(fw.calls.filter((c) => c.entry === 'interrupt')).toEqual([
      { entry: 'interrupt', cpu: 0, now: 25, sources: { ...NO_SOURCES, lines: [5] } },
      { entry: 'interrupt', cpu: 1, now: 25, sources: { ...NO_SOURCES, lines: [6] } },
    ]);
    expect(m.intc.isPending(5)).toBe(false);
  });

  it('latches a timer that fired even if it is disarmed before the CPU takes it', () => {
    // CPU 0 is in its boot entry [10, 20) when its timer fires at 12; CPU 1 disarms it at 15.
    const { m, fw } = build(
      (m) => ({
        boot: (cpu) => {
          if (cpu === 0) {
            m.cpu(0).timer.arm(12);
            return idle(10);
          }
          m.cpu(0).timer.disarm();
          return idle(1);
        },
        interrupt: () => idle(1),
      }),
      { cpus: 2, bootUntil: [10, 15] },
    );
    m.runUntil(40);
    expect(fw.calls.filter((c) => c.entry === 'interrupt')).toEqual([
      { entry: 'interrupt', cpu: 0, now: 20, sources: { ...NO_SOURCES, timer: true } },
    ]);
  });

  it('fires a timer armed in the past at once', () => {
    const { m, fw } = build((m) => ({
      boot: () => {
        m.cpu(0).timer.arm(3);
        return idle(2);
      },
      interrupt: () => idle(1),
    }));
    m.runUntil(40);
    expect(fw.calls.map((c) => [c.entry, c.now])).toEqual([
      ['boot', 10],
      ['interrupt', 12],
    ]);
  });
});

describe('halting', () => {
  it('stops every CPU at the instant of machine.halt; the caller finishes its entry', () => {
    const a = new ScriptedGuest('A', [
      { k: 'compute', n: 10 },
      { k: 'hypercall', nr: 6, args: [] },
    ]);
    const b = new ScriptedGuest('B', [{ k: 'compute', n: 100 }]);
    const { m, ctx } = build(
      (m, ctx) => ({
        boot: (cpu) => run(cpu === 0 ? a : b, ctx, 0),
        hypercall: () => {
          m.halt('halt_system');
          return idle(4);
        },
      }),
      { cpus: 2 },
    );
    m.runUntil(50);
    expect(m.stopped).toEqual({ t: 20, reason: 'halt_system' });
    expect(m.cpu(0).mode).toEqual({ mode: 'halted' });
    expect(m.cpu(1).mode).toEqual({ mode: 'halted' });
    const act = (cpu: number) =>
      m.witness.cpuActivity.filter((x) => x.cpu === cpu).map((x) => [x.from, x.to, x.what]);
    expect(act(0)).toEqual([
      [0, 10, 'boot'],
      [10, 20, 'guest'],
      [20, 24, 'kernel'],
      [24, 50, 'halted'],
    ]);
    expect(act(1)).toEqual([
      [0, 10, 'boot'],
      [10, 20, 'guest'],
      [20, 50, 'halted'],
    ]);
    expect(m.witness.ops.filter((o) => o.context === 'B')).toEqual([
      { cpu: 1, t: 10, until: 20, context: 'B', mmu: ctx, op: { k: 'compute', n: 100 }, outcome: 'cut' },
    ]);
  });

  it('halts only the CPU whose entry returns halt', () => {
    const { m } = build(
      (_m) => ({ boot: (cpu) => (cpu === 0 ? { cost: 1, then: { run: 'halt' } } : idle(1)) }),
      {
        cpus: 2,
      },
    );
    m.runUntil(20);
    expect(m.cpu(0).mode).toEqual({ mode: 'halted' });
    expect(m.cpu(1).mode).toEqual({ mode: 'idle' });
    expect(m.stopped).toBeNull();
  });
});

describe('loop safety', () => {
  it('reports a guest that spins at one instant', () => {
    const g = new ScriptedGuest('G', [], { tail: 0 });
    const { m } = build((_m, ctx) => ({ boot: () => run(g, ctx, 0) }));
    expect(() => m.runUntil(20)).toThrow(MachineLivelockError);
  });

  it('refuses to run backwards or from inside an entry', () => {
    const { m } = build((m) => ({
      boot: () => {
        m.runUntil(50);
        return idle(0);
      },
    }));
    m.runUntil(5);
    expect(() => m.runUntil(4)).toThrow(/before now/);
    expect(() => m.runUntil(20)).toThrow(/from inside itself/);
  });

  it('rejects a negative or fractional entry cost', () => {
    const { m } = build(() => ({ boot: () => idle(-1) }));
    expect(() => m.runUntil(20)).toThrow(/cost/);
  });
});
