/**
 * The kernel view the abstraction function reads (brief K, "API"): the fields it must expose,
 * read from the kernel's own variables, and snapshots that do not alias kernel state.
 */
import { describe, expect, it } from 'vitest';
import { createMachineFor } from './machineFor.js';
import { loadConfig, op, rig } from './testkit.js';

const T0 = 197_841;
const ex001 = loadConfig('example.001.prtos_cf.riscv64.xml');

describe('KernelView', () => {
  it('shows scheduler, timer, clock and HM data as the kernel holds them', () => {
    const r = rig(ex001, {
      programs: { '1.0': [op.hc(10, 1, 50_000, 10_000), op.hc(10, 0, T0 + 900_000, 0)] },
    });
    r.run(T0 + 500_100);
    const v = r.kernel.view;
    expect(v.arch).toBe('riscv64');
    expect(v.cpus).toEqual([
      {
        id: 0,
        planCurrent: 0,
        planNew: 0,
        planPrev: null,
        planSwitchTime: T0,
        slot: 1,
        current: { part: 1, vcpu: 0 },
        chosen: { part: 1, vcpu: 0 },
        nextAct: T0 + 1_000_000,
        startExec: T0,
        majorFrame: T0 + 1_000_000,
        schedEnabled: true,
        hung: false,
      },
    ]);
    const p1 = v.vcpus[1];
    expect(p1?.hwTimer).toEqual({ armed: true, value: T0 + 900_000, interval: 0 });
    // exec clock 0 at T0 + 500 005, so the backing timer is at HW T0 + 550 005
    expect(p1?.execTimer).toEqual({
      armed: true,
      value: 50_000,
      interval: 10_000,
      backingArmed: true,
      backingValue: T0 + 550_005,
    });
    expect(p1?.vclock).toEqual({ acc: 0, delta: T0 + 500_005, running: true });
    expect(p1?.cpu).toBe(0);
    expect(v.execClock(1, 0, T0 + 500_100)).toBe(95);
    expect(v.hmLog).toEqual({ records: [], capacity: 0, nextSeq: 0, locked: false, cursor: 0 });
    expect(v.system).toEqual({
      status: 'running',
      resetCounter: 0,
      resetStatusInit: 0,
      counters: { numOfHmEvents: 0, numOfIrqs: 1, currentMaf: 0 },
    });
    expect(() => v.execClock(5, 0, 0)).toThrow(RangeError);
  });

  it('returns snapshots', () => {
    const r = rig(ex001);
    r.run(T0 + 100);
    const before = r.kernel.view.vcpus;
    expect(before[0]?.vclock.running).toBe(true);
    r.run(T0 + 600_000);
    expect(before[0]?.vclock.running).toBe(true);
    expect(r.kernel.view.vcpus[0]?.vclock.running).toBe(false);
    expect(r.kernel.view.vcpus[1]?.vclock.running).toBe(true);
  });
});

describe('createMachineFor', () => {
  it('builds one CPU per processor, booting until the R7 time of the port', () => {
    const m = createMachineFor(loadConfig('helloworld_smp.prtos_cf.x86.xml'));
    expect(m.cpuCount).toBe(2);
    expect(m.cpus.map((c) => c.mode)).toEqual([
      { mode: 'booting', until: 21_000 + 11_400 + 10_000 },
      { mode: 'booting', until: 21_000 + 11_400 + 10_000 },
    ]);
  });
});
