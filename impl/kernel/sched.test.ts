/**
 * The cyclic scheduler on real and small configurations (prtos-states §3.4, §3.6, §3.7), with
 * slot tables and plan-switch instants worked out by hand from the XML and spec/timing:
 * riscv64 boots every CPU until T0 = 197 841 µs (R7); a slot-boundary entry costs
 * timerInterrupt 3 + contextSwitch 2 µs.
 */
import { describe, expect, it } from 'vitest';
import { buildSystem } from './testConfigs.js';
import { loadConfig, op, rig } from './testkit.js';

const T0 = 197_841;
const ex006 = loadConfig('example.006.prtos_cf.riscv64.xml');
/** A riscv64 pointer P2 may write (its own 1 MB area at 0x86200000). */
const P2_BUF = 0x86280000;

describe('example.006 plan 0 (riscv64)', () => {
  it('serves each slot at T0 + offset, on the MAF grid', () => {
    const r = rig(ex006);
    r.run(T0 + 2_400_001);
    const served = r.of('slot').map((e) => [e.t, e.plan, e.slot]);
    expect(served).toEqual([
      [197_841, 0, 0],
      [597_841, 0, 1],
      [997_841, 0, 2],
      [1_397_841, 0, 3],
      [1_797_841, 0, 4],
      [2_197_841, 0, 0],
      [2_597_841, 0, 1],
    ]);
    expect(r.of('planSwitch')).toEqual([{ t: T0, ev: 'planSwitch', cpu: 0, from: null, to: 0 }]);
    // no tick for the boot decision (R7), one per later boundary
    expect(r.of('tick').map((e) => e.t)).toEqual([
      597_841, 997_841, 1_397_841, 1_797_841, 2_197_841, 2_597_841,
    ]);
    const owners = r.of('switch').map((e) => (e.to === 'idle' ? 'idle' : e.to.part));
    expect(owners).toEqual([2, 0, 1, 0, 1, 2, 0]);
  });

  it('gives each selected vCPU one CYCLIC_SLOT_START per slot', () => {
    const r = rig(ex006);
    r.run(T0 + 2_000_001);
    const p0 = r.of('virqPend').filter((e) => e.part === 0 && e.irq === 8);
    // the first one sets the bit; later ones find it already pending (masked, never delivered)
    expect(p0.map((e) => e.t)).toEqual([597_841]);
    const v = r.kernel.view.cpus[0];
    expect(v?.slot).toBe(0);
  });
});

describe('plan switches (prtos-states §3.6, example.006)', () => {
  it('takes effect at the next major-frame boundary of the plan in force', () => {
    const p2 = [
      op.hc(26, 1, P2_BUF),
      op.hc(8),
      op.hc(8),
      op.hc(26, 2, P2_BUF),
      op.hc(8),
      op.hc(26, 0, P2_BUF),
    ];
    const r = rig(ex006, { programs: { '2.0': p2 } });
    r.run(5_000_000);
    expect(r.of('planSwitch').map((e) => [e.t, e.from, e.to])).toEqual([
      [T0, null, 0],
      [T0 + 2_000_000, 0, 1],
      [T0 + 2_000_000 + 2 * 1_200_000, 1, 2],
    ]);
    const rets = r.of('ret').filter((e) => e.nr === 26);
    expect(rets.map((e) => [e.t, e.code, e.out])).toEqual([
      [T0 + 2, 0, [0]],
      [T0 + 3_200_005, 0, [1]],
      [T0 + 4_400_005, -3, undefined],
    ]);
    // plan 1's grid: P2 [0,400), P0 [400,800), P1 [800,1200) from T0 + 2 s
    const plan1 = r
      .of('slot')
      .filter((e) => e.plan === 1)
      .map((e) => [e.t, e.slot]);
    expect(plan1.slice(0, 4)).toEqual([
      [2_197_841, 0],
      [2_597_841, 1],
      [2_997_841, 2],
      [3_397_841, 0],
    ]);
    const status = r.kernel.view.cpus[0];
    expect(status?.planCurrent).toBe(2);
    expect(status?.planPrev).toBe(1);
    expect(status?.planSwitchTime).toBe(4_597_841);
  });

  it('answers NO_ACTION for the current plan and keeps the pending request (errata 2)', () => {
    const r = rig(ex006, { programs: { '2.0': [op.hc(26, 1, P2_BUF), op.hc(26, 0, P2_BUF)] } });
    r.run(T0 + 2_000_001);
    expect(r.of('ret').map((e) => e.code)).toEqual([0, -1]);
    expect(r.of('planSwitch').at(-1)).toMatchObject({ t: T0 + 2_000_000, to: 1 });
  });

  it('lets a request for a third plan replace the pending one', () => {
    const r = rig(ex006, { programs: { '2.0': [op.hc(26, 1, P2_BUF), op.hc(26, 2, P2_BUF)] } });
    r.run(T0 + 2_000_001);
    expect(r.of('ret').map((e) => [e.code, e.out])).toEqual([
      [0, [0]],
      [0, [0]],
    ]);
    expect(r.of('planSwitch').at(-1)).toMatchObject({ t: T0 + 2_000_000, from: 0, to: 2 });
  });

  it('refuses non-system callers, bad pointers and plans that do not exist, in that order', () => {
    const r = rig(ex006, {
      programs: {
        '0.0': [op.hc(26, 9, 0)],
        '2.0': [op.hc(26, 1, 0), op.hc(26, 3, P2_BUF), op.hc(26, 1, 0x86000000)],
      },
    });
    r.run(T0 + 400_010);
    expect(r.of('ret').map((e) => [e.part, e.code])).toEqual([
      [2, -3],
      [2, -3],
      [2, -3],
      [0, -4],
    ]);
  });

  it('with the seeded fault plan-switch-immediate, switches at the request', () => {
    const r = rig(ex006, { programs: { '2.0': [op.hc(26, 1, P2_BUF)] }, faults: ['plan-switch-immediate'] });
    r.run(T0 + 10);
    expect(r.of('planSwitch').at(-1)).toMatchObject({ t: T0 + 2, from: 0, to: 1 });
  });
});

describe('slots without a ready vCPU (§3.4 step 5, T2)', () => {
  const sys = buildSystem({
    arch: 'riscv64',
    cpus: [
      [
        {
          majorFrame: 1000,
          slots: [
            { start: 0, duration: 300, part: 0 },
            { start: 300, duration: 300, part: 1 },
            { start: 700, duration: 200, part: 0 },
          ],
        },
      ],
    ],
    partitions: [{}, {}],
  });

  it('leaves the rest of the slot idle, and idles in gaps', () => {
    const r = rig(sys, { programs: { '1.0': [op.halt()] } });
    r.run(T0 + 1_000);
    // P1 halts at T0+306 (entry 5, halt op 1): idle until its slot ends at 600; gap 600-700;
    // after slot 2 ends at 900 the CPU idles until the major frame ends
    expect(r.of('switch').map((e) => [e.t, e.to === 'idle' ? 'idle' : e.to.part])).toEqual([
      [T0, 0],
      [T0 + 300, 1],
      [T0 + 306, 'idle'],
      [T0 + 700, 0],
      [T0 + 900, 'idle'],
      [T0 + 1000, 0],
    ]);
    // the scheduler still decides at 600 (next slot start) and serves slot 2 at 700
    expect(r.of('tick').map((e) => e.t - T0)).toEqual([300, 600, 700, 900, 1000]);
    r.run(T0 + 1_400);
    // next MAF: P1's slot is served (the event) but not run
    expect(
      r
        .of('slot')
        .filter((e) => e.t >= T0 + 1000)
        .map((e) => [e.t - T0, e.slot]),
    ).toEqual([
      [1000, 0],
      [1300, 1],
    ]);
    expect(r.kernel.view.cpus[0]?.current).toBe('idle');
  });

  it('with idle-slot-given-away, another ready vCPU takes the slot', () => {
    const r = rig(sys, { programs: { '1.0': [op.halt()] }, faults: ['idle-slot-given-away'] });
    r.run(T0 + 1_350);
    expect(r.kernel.view.cpus[0]?.current).toEqual({ part: 0, vcpu: 0 });
    const clean = rig(sys, { programs: { '1.0': [op.halt()] } });
    clean.run(T0 + 1_350);
    expect(clean.kernel.view.cpus[0]?.current).toBe('idle');
  });

  it('with slot-end-off-by-one, a slot ends 1 µs late', () => {
    const r = rig(sys, { faults: ['slot-end-off-by-one'] });
    r.run(T0 + 1_000);
    expect(r.of('tick').map((e) => e.t - T0)).toEqual([301, 601, 700, 901, 1000]);
  });
});

describe('idle_self (V5)', () => {
  it('keeps the CPU idle until the next decision point, then returns OK', () => {
    const r = rig(ex006, { programs: { '2.0': [op.hc(8), op.compute(10)] } });
    r.run(T0 + 2_000_010);
    const ret = r.of('ret')[0];
    expect(ret).toMatchObject({ t: T0 + 2_000_000, nr: 8, code: 0 });
    expect(r.of('switch')[1]).toMatchObject({ t: T0 + 2, to: 'idle' });
  });
});

describe('the idle plan (A9)', () => {
  // CPU1 has no plan 1: asking for plan 1 gives it the empty idle plan.
  const sys = buildSystem({
    arch: 'riscv64',
    cpus: [
      [
        { majorFrame: 1000, slots: [{ start: 0, duration: 500, part: 0 }] },
        { majorFrame: 1000, slots: [{ start: 0, duration: 500, part: 0 }] },
      ],
      [{ majorFrame: 1000, slots: [{ start: 0, duration: 500, part: 1 }] }],
    ],
    partitions: [{ system: true }, {}],
    ipvis: [{ id: 0, source: 0, destinations: [1] }],
  });
  // P0 asks for plan 1, then later raises IPVI0 towards P1, whose CPU it notifies
  const request = [op.hc(26, 1, 0x86080000), op.compute(1200), op.hc(23, 24)];

  it('intended: the CPU runs nothing from its next boundary and keeps taking interrupts', () => {
    const r = rig(sys, { programs: { '0.0': request } });
    r.run(T0 + 5_000);
    expect(
      r
        .of('ret')
        .filter((e) => e.nr === 23)
        .map((e) => e.code),
    ).toEqual([0]);
    expect(
      r
        .of('planSwitch')
        .filter((e) => e.cpu === 1)
        .map((e) => [e.t, e.to]),
    ).toEqual([
      [T0, 0],
      [T0 + 1000, 0],
    ]);
    expect(r.of('tick').filter((e) => e.cpu === 1 && e.t > T0 + 1000)).toEqual([]);
    expect(r.kernel.view.cpus[1]?.current).toBe('idle');
    expect(r.kernel.view.cpus[1]?.hung).toBe(false);
    expect(r.kernel.view.system.status).toBe('running');
  });

  it('with idle-plan-hang, the next interrupt of that CPU hangs it', () => {
    const r = rig(sys, { programs: { '0.0': request }, quirks: ['idle-plan-hang'] });
    r.run(T0 + 2_000);
    expect(r.kernel.view.cpus[1]?.hung).toBe(false);
    r.run(T0 + 5_000);
    expect(r.kernel.view.cpus[1]?.hung).toBe(true);
    expect(r.kernel.view.cpus[0]?.hung).toBe(false);
  });
});

describe('SMP (§3.7; example.008 riscv64)', () => {
  it('a secondary vCPU reset from another CPU waits for its CPU’s next decision point', () => {
    const cfg = loadConfig('example.008.prtos_cf.riscv64.xml');
    const r = rig(cfg, {
      programs: { '0.0': [op.hc(28, 1, 0, 0x86000000, 0)], '1.0': [op.hc(28, 1, 0, 0x86100000, 0)] },
    });
    r.run(T0 + 2_000);
    // CPU1 found both vCPU1s halted at T0 and T0 + 500 ms; the resets' IPIs do not change the
    // cached decisions, so they first run at the next slot of each
    expect(
      r
        .of('switch')
        .filter((e) => e.cpu === 1)
        .map((e) => [e.t, e.to]),
    ).toEqual([]);
    r.run(T0 + 1_500_001);
    expect(
      r
        .of('switch')
        .filter((e) => e.cpu === 1)
        .map((e) => [e.t, e.to]),
    ).toEqual([
      [T0 + 1_000_000, { part: 0, vcpu: 1 }],
      [T0 + 1_500_000, { part: 1, vcpu: 1 }],
    ]);
    // both CPUs started plan 0 at the same T0, each on its own grid
    expect(r.of('planSwitch').map((e) => [e.t, e.cpu])).toEqual([
      [T0, 0],
      [T0, 1],
    ]);
  });
});
