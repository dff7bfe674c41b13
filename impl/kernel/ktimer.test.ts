/**
 * Clocks and timers (prtos-states §3.5, §3.8; spec/timing R6, R10) on example.001 (riscv64:
 * MAF 1000 ms, P0 [0, 500), P1 [500, 1000)). T0 = 197 841; a slot-boundary entry costs 3 + 2 µs,
 * a hypercall 2 µs. Expected figures are worked out by hand; the first one is the ground truth
 * of prtos-states §3.8 (HW 1 207 389 µs, EXEC 509 548 µs), reproduced with the start-up time
 * S = 9 541 µs of docs/bail-study.md §3.5.
 */
import { describe, expect, it } from 'vitest';
import { pctField } from '../../spec/pct.js';
import { loadConfig, op, rig } from './testkit.js';

const T0 = 197_841;
const ex001 = loadConfig('example.001.prtos_cf.riscv64.xml');
const BUF0 = 0x86080000;
const BUF1 = 0x86180000;
const TRAP_ENTRY = pctField('riscv64', 'archTrapEntry').offset;

function pctOf(part: number): number {
  const v = rig(ex001).kernel.view.vcpus[part];
  if (v === undefined) throw new Error('no vCPU');
  return v.pct;
}

describe('the ground truth of example.001 (prtos-states §3.8)', () => {
  it('P0 takes its first HW-timer interrupt at 1 207 389 µs with exec clock 509 548 µs', () => {
    const S = 9_541;
    const p0 = [
      op.store(pctOf(0) + TRAP_ENTRY, 0x86000100, 8),
      op.hc(19, 2, 0, 224),
      op.compute(S - 3),
      op.hc(15, 0, 1),
      op.hc(9, 0, BUF0),
      op.hc(10, 0, 207_386 + 1_000_000, 1_000_000),
    ];
    const handler = [op.hc(9, 0, BUF0), op.hc(9, 1, BUF0 + 8), op.hc(44)];
    const r = rig(ex001, {
      quirks: ['riscv-stage2-ignores-area-flags'],
      programs: { '0.0': p0 },
      handlers: { '0.0': new Map([[224, handler]]) },
    });
    r.run(2_300_000);
    const times = r
      .of('ret')
      .filter((e) => e.nr === 9)
      .map((e) => e.out?.[0]);
    expect(times.slice(0, 3)).toEqual([207_386, 1_207_389, 509_548]);
    // periodic, drift-free: the second expiry is one second later, again inside P0's slot
    expect(times.slice(3, 5)).toEqual([2_207_389, 1_009_548]);
    expect(r.of('virqDeliver').map((e) => [e.t, e.irq, e.vector])).toEqual([
      [1_207_386, 0, 224],
      [2_207_386, 0, 224],
    ]);
  });
});

describe('exec clocks (R6)', () => {
  it('advance only while the vCPU is current, kernel entries included', () => {
    const r = rig(ex001);
    r.run(T0 + 1_200_000);
    const v = r.kernel.view;
    // P0: [T0+2, T0+500 005) and [T0+1 000 005, T0+1 200 000)
    expect(v.execClock(0, 0, T0 + 1_200_000)).toBe(500_003 + 199_995);
    // P1: [T0+500 005, T0+1 000 005)
    expect(v.execClock(1, 0, T0 + 1_200_000)).toBe(500_000);
    // inside the switching entry the outgoing clock still runs until the entry ends
    expect(v.execClock(1, 0, T0 + 1_000_002)).toBe(499_997);
  });

  it('with exec-clock-runs-while-preempted, count the time others run', () => {
    const r = rig(ex001, { faults: ['exec-clock-runs-while-preempted'] });
    r.run(T0 + 1_200_000);
    expect(r.kernel.view.execClock(1, 0, T0 + 1_200_000)).toBe(T0 + 1_200_000 - (T0 + 500_005));
  });
});

describe('HW-clock timers', () => {
  it('expiring while the vCPU is off the CPU are delivered at its next switch-in', () => {
    // P1 (first run from T0+500 005) arms a timer for T0+600 000: inside its own slot
    // → pending at 600 000; then one for T0+1 100 000, inside P0's slot → pending at switch-in.
    const p1 = [
      op.hc(10, 0, T0 + 600_000, 0),
      op.compute(200_000),
      op.hc(18, 0, 1),
      op.hc(10, 0, T0 + 1_100_000, 0),
    ];
    const r = rig(ex001, { programs: { '1.0': p1 } });
    r.run(T0 + 1_600_000);
    expect(
      r
        .of('virqPend')
        .filter((e) => e.part === 1 && e.irq === 0)
        .map((e) => e.t),
    ).toEqual([T0 + 600_000, T0 + 1_500_000]);
    expect(r.kernel.view.vcpus[1]?.hwTimer.armed).toBe(false);
  });

  it('with timer-fires-in-wrong-slot, one expiring in another slot goes to whoever runs', () => {
    const p1 = [op.hc(10, 0, T0 + 1_100_000, 0)];
    const r = rig(ex001, { programs: { '1.0': p1 }, faults: ['timer-fires-in-wrong-slot'] });
    r.run(T0 + 1_200_000);
    const pend = r.of('virqPend').filter((e) => e.irq === 0);
    expect(pend.map((e) => [e.t, e.part])).toEqual([[T0 + 1_100_000, 0]]);
  });

  it('armed for a time already past fire inside the hypercall; periods missed collapse', () => {
    const p0 = [op.compute(100), op.hc(10, 0, T0 + 50, 30)];
    const r = rig(ex001, { programs: { '0.0': p0 } });
    r.run(T0 + 105);
    expect(
      r
        .of('virqPend')
        .filter((e) => e.irq === 0)
        .map((e) => e.t),
    ).toEqual([T0 + 102]);
    // 50 + k·30 > 102 first for k = 2: the next expiry is T0 + 110
    expect(r.kernel.view.vcpus[0]?.hwTimer).toEqual({ armed: true, value: T0 + 110, interval: 30 });
  });

  it('set_timer checks negative times before the clock, and disarms with 0', () => {
    const p0 = [
      op.hc(10, 7, -1, 0),
      op.hc(10, 7, 5, 0),
      op.hc(10, 0, 5, -2),
      op.hc(10, 7, 0, 0),
      op.hc(10, 0, T0 + 9_000, 0),
      op.hc(10, 0, 0, 0),
    ];
    const r = rig(ex001, { programs: { '0.0': p0 } });
    r.run(T0 + 100);
    expect(r.of('ret').map((e) => e.code)).toEqual([-3, -3, -3, -3, 0, 0]);
    expect(r.kernel.view.vcpus[0]?.hwTimer.armed).toBe(false);
  });
});

describe('EXEC-clock timers', () => {
  it('expire when the exec clock reaches them, in HW time wherever the vCPU runs', () => {
    // P1 starts at T0+500 005 with exec 0: the timer at exec 5 000 fires at T0+505 005; the one at
    // exec 600 000 after 500 000 µs of P1's first slot and 100 000 µs of its second.
    const p1 = [op.hc(10, 1, 5_000, 0), op.compute(6_000), op.hc(18, 0, 2), op.hc(10, 1, 600_000, 0)];
    const r = rig(ex001, { programs: { '1.0': p1 } });
    r.run(T0 + 2_000_000);
    const pend = r.of('virqPend').filter((e) => e.part === 1 && e.irq === 1);
    expect(pend.map((e) => e.t)).toEqual([T0 + 505_005, T0 + 1_500_005 + 100_000]);
  });

  it('disarmed, never fire (intended), or panic the system (exec-timer-disarm-panic, A5)', () => {
    const p1 = [op.hc(10, 1, 5_000, 0), op.hc(10, 1, 0, 0)];
    const ok = rig(ex001, { programs: { '1.0': p1 } });
    ok.run(T0 + 600_000);
    expect(ok.kernel.view.system.status).toBe('running');
    expect(ok.of('virqPend').filter((e) => e.irq === 1)).toEqual([]);
    const bad = rig(ex001, { programs: { '1.0': p1 }, quirks: ['exec-timer-disarm-panic'] });
    bad.run(T0 + 600_000);
    expect(bad.kernel.view.system.status).toBe('panicked');
    expect(bad.of('system')).toMatchObject([{ t: T0 + 505_005, what: 'panic' }]);
    expect(bad.console.some((l) => l.text.includes('failed assertion'))).toBe(true);
  });
});

describe('get_time', () => {
  it('checks the pointer, then the clock, and writes nothing for a bad clock', () => {
    const p0 = [op.hc(9, 0, 0), op.hc(9, 2, BUF0), op.hc(9, 0, BUF1), op.hc(9, 1, BUF0), op.load(BUF0, 8)];
    const r = rig(ex001, { programs: { '0.0': p0 } });
    r.run(T0 + 100);
    expect(r.of('ret').map((e) => [e.code, e.out])).toEqual([
      [-3, undefined],
      [-3, undefined],
      [-3, undefined],
      [0, [6]],
    ]);
    expect(r.guest(0, 0)?.completed.at(-1)).toEqual({ kind: 'load', value: 6n });
  });

  it('with missing-pointer-check, writes into another partition', () => {
    const r = rig(ex001, { programs: { '0.0': [op.hc(9, 0, BUF1)] }, faults: ['missing-pointer-check'] });
    r.run(T0 + 100);
    expect(r.of('ret')[0]?.code).toBe(0);
    expect(r.machine.memory.readBig(BUF1, 8)).toBe(BigInt(T0 + 2));
  });
});
