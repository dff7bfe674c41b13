/**
 * Virtual interrupts: pending bits, the delivery order of `raise_pend_irqs` and each port's
 * injection (prtos-states §5.3–§5.5; prtos-hypercalls §3.14–§3.18, §6), with the riscv64
 * quirks A13 (vector 0) and A14 (lost interrupts) and the seeded fault virq-ignores-mask.
 */
import { describe, expect, it } from 'vitest';
import { X86_IRET_GATE } from '../../spec/constants/guestIsa.js';
import { pctField } from '../../spec/pct.js';
import { buildSystem } from './testConfigs.js';
import { op, rig, type Rig } from './testkit.js';

const X86_T0 = 21_000;
const RV_T0 = 197_841;
const oneSlot = (arch: 'x86' | 'riscv64', hm?: readonly (readonly [string, string, boolean])[]) =>
  buildSystem({
    arch,
    cpus: [[{ majorFrame: 10_000, slots: [{ start: 0, duration: 10_000, part: 0 }] }]],
    partitions: [hm === undefined ? {} : { hm }],
  });
const delivered = (r: Rig) => r.of('virqDeliver').map((e) => [e.kind, e.irq, e.vector]);

describe('x86 delivery (§5.4)', () => {
  it('one source per return, hardware lines before extended ones, gated by the virtual IF', () => {
    const prog = [
      op.hc(42),
      op.hc(15, 0b100, 0b1010),
      op.hc(17, 0b100, 0b1010),
      op.hc(32),
      op.hc(X86_IRET_GATE),
      op.hc(X86_IRET_GATE),
      op.hc(32),
    ];
    const r = rig(oneSlot('x86'), { programs: { '0.0': prog } });
    r.run(X86_T0 + 100);
    expect(
      r
        .of('virqPend')
        .filter((e) => e.irq !== 8)
        .map((e) => [e.kind, e.irq]),
    ).toEqual([
      ['ext', 1],
      ['ext', 3],
      ['hw', 2],
    ]);
    // default x86 routing: hw n → 0x20 + n, ext n → 0x90 + n
    expect(delivered(r)).toEqual([
      ['hw', 2, 0x22],
      ['ext', 1, 0x91],
      ['ext', 3, 0x93],
    ]);
    expect(r.of('virqDeliver').map((e) => e.t - X86_T0)).toEqual([6, 10, 12]);
  });

  it('the extended trap (16) and a pending trap ignore masks and the IF', () => {
    const r = rig(oneSlot('x86'), { programs: { '0.0': [op.hc(17, 0, 1 << 16)] } });
    r.run(X86_T0 + 100);
    expect(delivered(r)).toEqual([['ext', 16, 0x90 + 16]]);
  });

  it('with virq-ignores-mask, masked interrupts are delivered', () => {
    const prog = [op.hc(42), op.hc(17, 0, 0b10)];
    const clean = rig(oneSlot('x86'), { programs: { '0.0': prog } });
    clean.run(X86_T0 + 100);
    expect(delivered(clean)).toEqual([]);
    const bad = rig(oneSlot('x86'), { programs: { '0.0': prog }, faults: ['virq-ignores-mask'] });
    bad.run(X86_T0 + 100);
    // the masked CYCLIC_SLOT_START pending since the slot began goes first
    expect(delivered(bad)[0]).toEqual(['ext', 8, 0x98]);
  });

  it('route_irq checks the line, then the type, and sets the vector', () => {
    const prog = [
      op.hc(19, 2, 32, 7),
      op.hc(19, 3, 1, 7),
      op.hc(19, 2, 1, 0x1234),
      op.hc(42),
      op.hc(15, 0, 2),
      op.hc(17, 0, 2),
    ];
    const r = rig(oneSlot('x86'), { programs: { '0.0': prog } });
    r.run(X86_T0 + 100);
    expect(r.of('ret').map((e) => e.code)).toEqual([-3, -3, 0, 0, 0, 0]);
    expect(delivered(r)).toEqual([['ext', 1, 0x1234]]);
  });
});

describe('riscv64 delivery (trap entry, IRET 44)', () => {
  const sys = oneSlot('riscv64', [['PRTOS_HM_EV_RISCV_LOAD_ACCESS_FAULT', 'PRTOS_HM_AC_PROPAGATE', true]]);
  const TRAP_ENTRY = pctField('riscv64', 'archTrapEntry').offset;
  const IRQ_VECTOR = pctField('riscv64', 'archIrqVector').offset;
  /** Registers a trap entry the way BAIL does, from outside (the PCT is read-only to the guest here). */
  const withEntry = (r: Rig) => {
    const pct = r.kernel.view.vcpus[0]?.pct ?? 0;
    r.machine.memory.write(pct + TRAP_ENTRY, 8, 0x86000100n);
    return pct;
  };

  it('needs a trap entry: without one the interrupt stays pending (intended) or is lost (A14)', () => {
    const prog = [op.hc(19, 2, 1, 225), op.hc(15, 0, 2), op.hc(17, 0, 2), op.hc(32)];
    const r = rig(sys, { programs: { '0.0': prog } });
    r.run(RV_T0 + 100);
    expect(delivered(r)).toEqual([]);
    const pct = r.kernel.view.vcpus[0]?.pct ?? 0;
    expect(r.machine.memory.read(pct + pctField('riscv64', 'extIrqsPend').offset, 4) & 2).toBe(2);
    const lost = rig(sys, { programs: { '0.0': prog }, quirks: ['riscv-virq-lost'] });
    lost.run(RV_T0 + 100);
    const lpct = lost.kernel.view.vcpus[0]?.pct ?? 0;
    expect(lost.machine.memory.read(lpct + pctField('riscv64', 'extIrqsPend').offset, 4) & 2).toBe(0);
  });

  it('injects one at a time: the next waits for IRET', () => {
    const prog = [
      op.hc(19, 2, 1, 225),
      op.hc(19, 2, 2, 226),
      op.hc(15, 0, 6),
      op.hc(17, 0, 6),
      op.hc(32),
      op.hc(44),
      op.hc(32),
    ];
    const r = rig(sys, { programs: { '0.0': prog } });
    const pct = withEntry(r);
    r.run(RV_T0 + 100);
    expect(r.of('virqDeliver').map((e) => [e.t - RV_T0, e.irq, e.vector])).toEqual([
      [8, 1, 225],
      [12, 2, 226],
    ]);
    expect(r.machine.memory.read(pct + IRQ_VECTOR, 4)).toBe(226);
    // IRET with a delivery in progress restores a0 (the value saved at delivery: force_irqs' 0)
    expect(r.of('ret').find((e) => e.nr === 44)?.code).toBe(0);
  });

  it('delivers a propagated trap t through trap_to_vector[t], or [0] with riscv-propagate-vector0 (A13)', () => {
    const prog = [op.hc(19, 0, 0, 100), op.hc(19, 0, 2, 102), op.hc(45, 2)];
    const r = rig(sys, { programs: { '0.0': prog } });
    withEntry(r);
    r.run(RV_T0 + 100);
    expect(delivered(r)).toEqual([['trap', 2, 102]]);
    expect(r.of('ret').at(-1)).toMatchObject({ nr: 45, code: 45 });
    const q = rig(sys, { programs: { '0.0': prog }, quirks: ['riscv-propagate-vector0'] });
    withEntry(q);
    q.run(RV_T0 + 100);
    expect(delivered(q)).toEqual([['trap', 0, 100]]);
  });
});

describe('pending bits (§5.3)', () => {
  it('are dropped for a halted vCPU and coalesce otherwise', () => {
    const sys = buildSystem({
      arch: 'x86',
      cpus: [
        [
          {
            majorFrame: 10_000,
            slots: [
              { start: 0, duration: 5_000, part: 0 },
              { start: 5_000, duration: 5_000, part: 1 },
            ],
          },
        ],
      ],
      partitions: [{ system: true }, {}],
    });
    const r = rig(sys, { programs: { '0.0': [op.hc(5, 1), op.hc(5, 1), op.hc(1, 1), op.hc(5, 1)] } });
    r.run(X86_T0 + 100);
    expect(r.of('virqPend').filter((e) => e.part === 1)).toEqual([
      { t: X86_T0 + 2, ev: 'virqPend', part: 1, vcpu: 0, irq: 3, kind: 'ext' },
    ]);
  });
});

describe('inter-partition virtual interrupts (§5.6; prtos-hypercalls §3.22, §3.23)', () => {
  const sys = buildSystem({
    arch: 'x86',
    cpus: [
      [
        {
          majorFrame: 3000,
          slots: [
            { start: 0, duration: 1000, part: 0 },
            { start: 1000, duration: 1000, part: 1 },
            { start: 2000, duration: 1000, part: 2 },
          ],
        },
      ],
    ],
    partitions: [{}, {}, {}],
    ipvis: [{ id: 0, source: 0, destinations: [1] }],
  });

  it('raise_ipvi: range, NO_ACTION without destinations, else OK for each destination vCPU', () => {
    const r = rig(sys, {
      programs: { '0.0': [op.hc(23, 23), op.hc(23, 32), op.hc(23, 25), op.hc(23, 24), op.hc(23, 24)] },
    });
    r.run(X86_T0 + 100);
    expect(r.of('ret').map((e) => e.code)).toEqual([-3, -3, -1, 0, 0]);
    expect(r.of('virqPend').filter((e) => e.irq === 24)).toEqual([
      { t: X86_T0 + 8, ev: 'virqPend', part: 1, vcpu: 0, irq: 24, kind: 'ext' },
    ]);
  });

  it('raise_partition_ipvi: range, INVALID_CONFIG without destinations or for another target, NO_ACTION when pending', () => {
    const ops = [op.hc(24, 1, 40), op.hc(24, 1, 25), op.hc(24, 2, 24), op.hc(24, 1, 24), op.hc(24, 1, 24)];
    const r = rig(sys, { programs: { '0.0': ops, '1.0': [op.hc(24, 0, 24)] } });
    r.run(X86_T0 + 1_100);
    expect(r.of('ret').map((e) => [e.part, e.code])).toEqual([
      [0, -3],
      [0, -5],
      [0, -5],
      [0, 0],
      [0, -1],
      [1, -5],
    ]);
  });
});
