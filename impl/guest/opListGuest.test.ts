// The straight-line guest (opListGuest.ts) on the real machine with a scripted firmware: symbolic
// arguments resolved at the op's start, `op` events exactly once per op (spec/lockstep.ts L3), a
// silent idle loop, restarts from op 0, deliveries recorded and resumed, and the halt op.
import { describe, expect, it } from 'vitest';
import type { SideEvent } from '../../spec/lockstep.js';
import type { ProgramSet } from '../../spec/program.js';
import { IDLE_LOOP_CHUNK } from '../../spec/program.js';
import { Machine, type ContextId, type GuestContext, type KernelExit } from '../machine/index.js';
import { ScriptedFirmware, type FirmwareScript } from '../machine/testkit.js';
import { bailConfig } from './fixtures.test-util.js';
import { programLoader, type GuestLoader } from './loader.js';
import { OpListGuest, totalAddress } from './opListGuest.js';

const COSTS = { computeCycle: 1, load: 1, store: 1, halt: 1 };
const AREA = 0x86000000;
const config = bailConfig('helloworld', 'riscv64');

interface Rig {
  readonly m: Machine;
  readonly mmu: ContextId;
  readonly fw: ScriptedFirmware;
  readonly events: SideEvent[];
  readonly loader: GuestLoader;
}

function rig(
  programs: ProgramSet,
  script: (r: { m: Machine; mmu: ContextId; loader: GuestLoader }) => FirmwareScript,
  cpus = 1,
): Rig {
  const m = new Machine({ cpus, bootUntil: 10, costs: COSTS });
  const mmu = m.mmu.createContext();
  m.mmu.map(mmu, { virt: AREA, phys: AREA, size: 0x100000, read: true, write: true, exec: true });
  const events: SideEvent[] = [];
  const loader = programLoader({ config, machine: m, programs, observe: (e) => events.push(e) });
  const fw = new ScriptedFirmware(script({ m, mmu, loader }));
  m.attach(fw);
  return { m, mmu, fw, events, loader };
}

const run = (context: GuestContext, mmu: ContextId, cost: number, result?: number): KernelExit => ({
  cost,
  then: result === undefined ? { run: 'guest', context, mmu } : { run: 'guest', context, mmu, result },
});

const start = (loader: GuestLoader, part = 0, vcpu = 0) =>
  loader.start({ part, vcpu, entry: AREA, pct: 0, reason: 'boot' });

describe('OpListGuest', () => {
  it('resolves symbolic arguments when each op starts, from the results of earlier ops', () => {
    const answers = [5, 0];
    const r = rig(
      [
        {
          part: 0,
          vcpu: 0,
          ops: [
            { k: 'store', addr: { sym: 'addr', kind: 'own', offset: 0x100 }, size: 4, value: 77 },
            { k: 'load', addr: { sym: 'addr', kind: 'own', offset: 0x100 }, size: 4 },
            {
              k: 'hypercall',
              nr: 1,
              args: [
                { sym: 'result', op: 1 },
                { sym: 'partition', which: 'self', index: 0 },
              ],
            },
            {
              k: 'hypercall',
              nr: 2,
              args: [
                { sym: 'result', op: 2 },
                { sym: 'result', op: 0 },
              ],
            },
          ],
        },
      ],
      ({ mmu, loader }) => {
        let g: GuestContext;
        return {
          boot: () => run((g = start(loader)), mmu, 0),
          hypercall: () => run(g, mmu, 2, answers.shift()),
        };
      },
    );
    r.m.runUntil(100);
    const calls = r.fw.calls.filter((c) => c.entry === 'hypercall');
    // op 1 loaded 77; op 2 returned 5; op 0 (a store) has no result, so it resolves to 0.
    expect(calls.map((c) => (c.entry === 'hypercall' ? [c.nr, c.args] : null))).toEqual([
      [1, [77, 0]],
      [2, [5, 0]],
    ]);
  });

  it('emits one op event per op: not for a cut compute resumed, a faulted load run again, a hypercall, or the idle loop', () => {
    let mapped = false;
    const r = rig(
      [
        {
          part: 0,
          vcpu: 0,
          ops: [
            { k: 'compute', n: 30 },
            { k: 'load', addr: 0x90000000, size: 8 },
            { k: 'hypercall', nr: 8, args: [] },
          ],
        },
      ],
      ({ m, mmu, loader }) => {
        let g: GuestContext;
        return {
          boot: () => {
            m.cpu(0).timer.arm(25);
            return run((g = start(loader)), mmu, 0);
          },
          interrupt: () => run(g, mmu, 3),
          fault: () => {
            // The page appears: the same load runs again and succeeds.
            if (!mapped)
              m.mmu.map(mmu, {
                virt: 0x90000000,
                phys: 0x90000000,
                size: 0x1000,
                read: true,
                write: true,
                exec: false,
              });
            mapped = true;
            return run(g, mmu, 3);
          },
          hypercall: () => run(g, mmu, 2, 0),
        };
      },
    );
    r.m.runUntil(20_000);
    expect(r.events).toEqual([
      { t: 10, ev: 'op', cpu: 0, part: 0, vcpu: 0, op: { k: 'compute', n: 30 } },
      { t: 43, ev: 'op', cpu: 0, part: 0, vcpu: 0, op: { k: 'load', addr: 0x90000000, size: 8 } },
    ]);
    // The compute was cut at 25 and finished after the 3 µs entry; the load faulted once, then ran.
    const ops = r.m.witness.ops.map((o) => [o.op.k, o.t, o.outcome]);
    expect(ops.slice(0, 5)).toEqual([
      ['compute', 10, 'cut'],
      ['compute', 28, 'completed'],
      ['load', 43, 'fault'],
      ['load', 46, 'completed'],
      ['hypercall', 47, 'trap'],
    ]);
    // After its last op the vCPU keeps computing, silently.
    const idle = r.m.witness.ops.slice(5);
    expect(idle.length).toBeGreaterThan(10);
    expect(idle.every((o) => o.op.k === 'compute' && o.op.n === IDLE_LOOP_CHUNK)).toBe(true);
  });

  it('stamps events with the acting CPU', () => {
    const r = rig(
      [
        { part: 0, vcpu: 0, ops: [{ k: 'compute', n: 5 }] },
        { part: 0, vcpu: 1, ops: [{ k: 'compute', n: 7 }] },
      ],
      ({ mmu, loader }) => ({ boot: (cpu) => run(start(loader, 0, cpu), mmu, cpu === 0 ? 1 : 2) }),
      2,
    );
    r.m.runUntil(30);
    expect(r.events).toEqual([
      { t: 11, ev: 'op', cpu: 0, part: 0, vcpu: 0, op: { k: 'compute', n: 5 } },
      { t: 12, ev: 'op', cpu: 1, part: 0, vcpu: 1, op: { k: 'compute', n: 7 } },
    ]);
  });

  it('restarts from op 0 with fresh results', () => {
    const answers = [9, 0, 4, 0];
    const r = rig(
      [
        {
          part: 0,
          vcpu: 0,
          ops: [
            { k: 'hypercall', nr: 32, args: [] },
            { k: 'hypercall', nr: 4, args: [{ sym: 'result', op: 0 }, 1, 0] },
          ],
        },
      ],
      ({ m, mmu, loader }) => {
        let g: GuestContext;
        return {
          boot: () => {
            m.cpu(0).timer.arm(500);
            return run((g = start(loader)), mmu, 0);
          },
          hypercall: () => run(g, mmu, 2, answers.shift()),
          // A reset: the kernel asks the loader for a fresh context.
          interrupt: () =>
            run((g = loader.start({ part: 0, vcpu: 0, entry: AREA, pct: 0, reason: 'warm' })), mmu, 3),
        };
      },
    );
    r.m.runUntil(1000);
    const calls = r.fw.calls.flatMap((c) => (c.entry === 'hypercall' ? [[c.nr, ...c.args]] : []));
    expect(calls).toEqual([[32], [4, 9, 1, 0], [32], [4, 4, 1, 0]]);
  });

  it('records a delivered vector and lets the interrupted compute continue', () => {
    let g: OpListGuest | undefined;
    const r = rig([{ part: 0, vcpu: 0, ops: [{ k: 'compute', n: 40 }] }], ({ m, mmu, loader }) => ({
      boot: () => {
        m.cpu(0).timer.arm(20);
        g = start(loader) as OpListGuest;
        return run(g, mmu, 0);
      },
      interrupt: () => {
        m.cpu(0).injectVector(224);
        return run(g as OpListGuest, mmu, 3);
      },
    }));
    r.m.runUntil(60);
    expect(g?.delivered).toEqual([224]);
    expect(r.m.witness.ops.slice(0, 2).map((o) => [o.t, o.until, o.outcome])).toEqual([
      [10, 20, 'cut'],
      [23, 53, 'completed'],
    ]);
    expect(r.events).toHaveLength(1);
  });

  it('runs the halt op (an op event, then the halt entry) and the idle loop for a vCPU without a program', () => {
    const r = rig([{ part: 0, vcpu: 0, ops: [{ k: 'halt' }] }], ({ mmu, loader }) => ({
      boot: () => run(start(loader), mmu, 0),
    }));
    r.m.runUntil(50);
    expect(r.events).toEqual([{ t: 10, ev: 'op', cpu: 0, part: 0, vcpu: 0, op: { k: 'halt' } }]);
    expect(r.fw.calls.map((c) => [c.entry, c.now])).toEqual([
      ['boot', 10],
      ['guestHalt', 11],
    ]);

    const idle = rig([], ({ mmu, loader }) => ({ boot: () => run(start(loader), mmu, 0) }));
    idle.m.runUntil(5000);
    expect(idle.events).toEqual([]);
    expect(idle.m.witness.ops.every((o) => o.op.k === 'compute')).toBe(true);
  });

  it('makes resolved addresses total: a negative result used as an address wraps modulo 2^32', () => {
    expect(totalAddress(-3)).toBe(2 ** 32 - 3);
    expect(totalAddress(0x86000010)).toBe(0x86000010);
    const r = rig(
      [
        {
          part: 0,
          vcpu: 0,
          ops: [
            { k: 'hypercall', nr: 99, args: [] },
            { k: 'load', addr: { sym: 'result', op: 0 }, size: 1 },
          ],
        },
      ],
      ({ mmu, loader }) => {
        let g: GuestContext;
        return {
          boot: () => run((g = start(loader)), mmu, 0),
          hypercall: () => run(g, mmu, 2, -3),
          fault: () => ({ cost: 0, then: { run: 'halt' } }),
        };
      },
    );
    r.m.runUntil(50);
    const fault = r.fw.calls.find((c) => c.entry === 'fault');
    expect(fault?.entry === 'fault' && fault.fault.source === 'mmu' ? fault.fault.vaddr : null).toBe(
      2 ** 32 - 3,
    );
  });
});
