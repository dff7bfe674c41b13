/**
 * Hardware interrupt lines (prtos-states §5.1; decision ST-A4): owned lines to their owner's
 * vCPUs, the intended per-slot masking and the real unmasked lines (quirk
 * hwirq-mask-not-switched), unowned lines as system-level UNEXPECTED_TRAP, riscv64 ignoring
 * them all. An interrupt entry costs hwInterrupt 2 µs per line (spec/timing R10).
 */
import { describe, expect, it } from 'vitest';
import { buildSystem } from './testConfigs.js';
import { op, rig } from './testkit.js';

const T0 = 21_000;
const sys = (arch: 'x86' | 'riscv64' = 'x86') =>
  buildSystem({
    arch,
    cpus: [
      [
        {
          majorFrame: 2000,
          slots: [
            { start: 0, duration: 1000, part: 0 },
            { start: 1000, duration: 1000, part: 1 },
          ],
        },
      ],
    ],
    partitions: [{ lines: [5] }, { vcpus: 1 }],
    hypHm: [['PRTOS_HM_EV_UNEXPECTED_TRAP', 'PRTOS_HM_AC_IGNORE', true]],
  });

describe('owned lines', () => {
  it('while the owner runs: pending at once on its vCPUs, the entry charged to it', () => {
    const r = rig(sys());
    r.run(T0 + 100);
    r.machine.raiseLine(5);
    r.run(T0 + 200);
    expect(r.of('virqPend').filter((e) => e.kind === 'hw')).toEqual([
      { t: T0 + 100, ev: 'virqPend', part: 0, vcpu: 0, irq: 5, kind: 'hw' },
    ]);
    expect(r.kernel.view.execClock(0, 0, T0 + 200)).toBe(198);
  });

  it('during another slot: intended, it waits for the owner’s slot; real, it is taken at once (A4)', () => {
    const programs = { '1.0': [op.compute(5_000)] };
    const intended = rig(sys(), { programs });
    intended.run(T0 + 1_100);
    intended.machine.raiseLine(5);
    intended.run(T0 + 2_100);
    // taken right after the entry that switches P0 in at T0 + 2 000 (5 µs)
    expect(
      intended
        .of('virqPend')
        .filter((e) => e.kind === 'hw')
        .map((e) => e.t),
    ).toEqual([T0 + 2_005]);
    // P1 computed its whole slot, [T0 + 1 005, T0 + 2 000)
    const p1 = (r: ReturnType<typeof rig>) => r.machine.pendingCompute(r.guest(1, 0) ?? r.starts[0]!.guest);
    expect(p1(intended)).toBe(5_000 - 995);
    const real = rig(sys(), { programs, quirks: ['hwirq-mask-not-switched'] });
    real.run(T0 + 1_100);
    real.machine.raiseLine(5);
    real.run(T0 + 2_100);
    expect(
      real
        .of('virqPend')
        .filter((e) => e.kind === 'hw')
        .map((e) => e.t),
    ).toEqual([T0 + 1_100]);
    // P1 lost the 2 µs of P0's interrupt entry taken in its slot (A4, A28)
    expect(p1(real)).toBe(5_000 - 993);
  });

  it('set_irqpend forces an owned line at the controller; a non-owned bit only in the PCT', () => {
    const r = rig(sys(), { programs: { '0.0': [op.hc(17, (1 << 5) | (1 << 7), 0)] } });
    r.run(T0 + 100);
    expect(
      r
        .of('virqPend')
        .filter((e) => e.kind === 'hw')
        .map((e) => [e.t - T0, e.irq]),
    ).toEqual([
      [2, 7],
      [4, 5],
    ]);
  });
});

describe('unowned and reserved lines', () => {
  it('an unowned line is the system-level UNEXPECTED_TRAP', () => {
    const r = rig(sys());
    r.run(T0 + 100);
    r.machine.raiseLine(9);
    r.run(T0 + 200);
    expect(r.of('hm')).toEqual([
      { t: T0 + 100, ev: 'hm', cpu: 0, event: 5, part: 0, vcpu: 0, action: 0, logged: true, sys: true },
    ]);
    expect(r.console.at(-1)?.text).toBe('Unexpected irq 9');
  });

  it('a line PRTOS reserves, and every line on riscv64, is never taken', () => {
    const r = rig(sys());
    r.run(T0 + 100);
    r.machine.raiseLine(2);
    r.run(T0 + 200);
    expect(r.of('hm')).toEqual([]);
    const rv = rig(sys('riscv64'));
    rv.run(197_941);
    rv.machine.raiseLine(5);
    rv.machine.raiseLine(9);
    rv.run(198_941);
    expect(rv.events.filter((e) => e.ev === 'hm' || (e.ev === 'virqPend' && e.kind === 'hw'))).toEqual([]);
  });
});
