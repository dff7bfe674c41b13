/**
 * The health monitor (prtos-states §4; prtos-hypercalls §5.6): events from faults per
 * architecture, default tables and overrides, the fast propagate path, every action at both
 * levels, the log with its sequence numbers, capacity and lock, and the HM quirks.
 *
 * x86 system: one CPU, MAF 2 ms, P0 (system) [0, 1000), P1 [1000, 2000); x86 T0 = 21 000.
 * A fault entry costs trap 3, plus hmRecord 2 when the HM raises an event.
 */
import { describe, expect, it } from 'vitest';
import { HM_EV } from '../../spec/constants/hmEvents.js';
import { objDescBuild, OBJ_CLASS, PRTOS_HYPERVISOR_ID } from '../../spec/constants/objects.js';
import { buildSystem, type HmEntry, type TestPartition } from './testConfigs.js';
import { op, rig } from './testkit.js';

const X86_T0 = 21_000;
const RV_T0 = 197_841;
const P0_AREA = 0x6000000;
const P1_AREA = 0x6100000;
const HM_DESC = objDescBuild(OBJ_CLASS.HM, PRTOS_HYPERVISOR_ID, 0);

function x86(p1: TestPartition = {}, extra: { hypHm?: readonly HmEntry[]; hmLogSize?: number } = {}) {
  return buildSystem({
    arch: 'x86',
    cpus: [
      [
        {
          majorFrame: 2000,
          slots: [
            { start: 0, duration: 1000, part: 0 },
            { start: 1000, duration: 1000, part: 1 },
          ],
        },
        { majorFrame: 2000, slots: [{ start: 0, duration: 500, part: 0 }] },
      ],
    ],
    partitions: [{ system: true }, p1],
    hmLogSize: 16_384,
    ...extra,
  });
}

const storeForeign = [op.store(P0_AREA + 16, 7)];
const pageFault = (action: string, log = true): HmEntry => ['PRTOS_HM_EV_X86_PAGE_FAULT', action, log];

describe('faults reach the HM as the architecture says (§4.1)', () => {
  it('x86: a page fault is event 20, a fault at or above CONFIG_PRTOS_OFFSET is MEM_PROTECTION', () => {
    const r = rig(x86(), { programs: { '1.0': [op.store(0xfc001000, 1)] } });
    r.run(X86_T0 + 1_100);
    expect(r.of('hm')).toEqual([
      {
        t: X86_T0 + 1_005,
        ev: 'hm',
        cpu: 0,
        event: HM_EV.MEM_PROTECTION,
        part: 1,
        vcpu: 0,
        action: 7,
        logged: true,
        sys: false,
      },
    ]);
    const pf = rig(x86(), { programs: { '1.0': storeForeign } });
    pf.run(X86_T0 + 1_100);
    // default partition table: PARTITION_HALT, trap events not logged
    expect(pf.of('hm')).toMatchObject([{ event: 20, action: 7, logged: false }]);
    expect(pf.kernel.view.hmLog.records).toEqual([]);
  });

  it('riscv64: a store outside the partition is STORE_PAGE_FAULT (12), halted without log (example.009)', () => {
    const sys = buildSystem({
      arch: 'riscv64',
      cpus: [
        [
          {
            majorFrame: 1000,
            slots: [
              { start: 0, duration: 500, part: 0 },
              { start: 500, duration: 500, part: 1 },
            ],
          },
        ],
      ],
      partitions: [{}, {}],
    });
    const r = rig(sys, { programs: { '0.0': [op.load(0x86100000), op.store(0x86100000, 1)] } });
    r.run(RV_T0 + 100);
    expect(r.of('hm').map((e) => [e.t, e.event, e.action, e.logged])).toEqual([[RV_T0 + 2, 11, 7, false]]);
    expect(r.console.filter((l) => l.part === null).map((l) => l.text)).toEqual([
      `[HM] ${RV_T0 + 2}:PRTOS_HM_EV_RISCV_LOAD_PAGE_FAULT (11):PART(0)`,
      'pc: 0x0 sp: 0x86100000',
      '[HM] PRTOS_HM_AC_PARTITION_HALT(7) PRTOS_HM_LOG_DISABLED',
      '[HM] Partition 0 halted',
    ]);
    const real = rig(sys, {
      programs: { '0.0': [op.store(0x86100000, 1)] },
      quirks: ['hm-verbose-unknown-names', 'verbose-trap-print'],
    });
    real.run(RV_T0 + 100);
    expect(
      real.console
        .filter((l) => l.part === null)
        .map((l) => l.text)
        .slice(0, 4),
    ).toEqual([
      '[TRAP] STORE_PAGE_FAULT(0x6)',
      'CPU state:',
      '  PC: 0x0  SP: 0x86100000',
      `[HM] ${RV_T0 + 2}:unknown (12):PART(0)`,
    ]);
  });
});

describe('partition-level actions (§4.2)', () => {
  it('IGNORE returns to the faulting op, which faults again for the rest of the slot (A22)', () => {
    const r = rig(x86({ hm: [pageFault('PRTOS_HM_AC_IGNORE')] }), { programs: { '1.0': storeForeign } });
    r.run(X86_T0 + 1_030);
    // every 5 µs (trap 3 + record 2) from T0 + 1 005
    expect(r.of('hm').map((e) => e.t - X86_T0)).toEqual([1005, 1010, 1015, 1020, 1025, 1030]);
    expect(r.kernel.view.hmLog.records.map((x) => x.seq)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('SHUTDOWN makes the SHUTDOWN interrupt pending', () => {
    const r = rig(x86({ hm: [pageFault('PRTOS_HM_AC_SHUTDOWN')] }), { programs: { '1.0': storeForeign } });
    r.run(X86_T0 + 1_006);
    expect(r.of('virqPend').filter((e) => e.irq === 3)).toMatchObject([{ t: X86_T0 + 1_005, part: 1 }]);
  });

  it('PARTITION_COLD_RESET restarts the partition with the event number as status', () => {
    const r = rig(x86({ hm: [pageFault('PRTOS_HM_AC_PARTITION_COLD_RESET')] }), {
      programs: { '1.0': storeForeign },
      restartPrograms: { '1.0': [] },
    });
    r.run(X86_T0 + 1_100);
    expect(r.starts.filter((s) => s.part === 1).map((s) => s.reason)).toEqual(['boot', 'cold']);
    expect(r.console.some((l) => l.text === '[HM] Partition 1 cold reseted')).toBe(true);
    const pct = r.kernel.view.vcpus[1]?.pct ?? 0;
    expect(r.machine.memory.read(pct + 20, 4)).toBe(0);
    expect(r.machine.memory.read(pct + 24, 4)).toBe(20);
  });

  it('SUSPEND, PARTITION_HALT, HYPERVISOR_HALT', () => {
    const s = rig(x86({ hm: [pageFault('PRTOS_HM_AC_SUSPEND')] }), { programs: { '1.0': storeForeign } });
    s.run(X86_T0 + 1_100);
    expect(s.of('partState')).toMatchObject([{ part: 1, to: 'SUSPENDED' }]);
    expect(s.kernel.view.cpus[0]?.current).toBe('idle');
    const h = rig(x86({ hm: [pageFault('PRTOS_HM_AC_HYPERVISOR_HALT')] }), {
      programs: { '1.0': storeForeign },
    });
    h.run(X86_T0 + 1_100);
    expect(h.of('system')).toEqual([{ t: X86_T0 + 1_005, ev: 'system', what: 'halt' }]);
  });

  it('PROPAGATE makes the trap pending and delivers it through trap_to_vector', () => {
    const r = rig(x86({ hm: [pageFault('PRTOS_HM_AC_PROPAGATE')] }), {
      programs: { '1.0': storeForeign },
      onDeliver: () => 'abandon',
    });
    r.run(X86_T0 + 1_100);
    expect(r.of('virqPend').filter((e) => e.kind === 'trap')).toMatchObject([{ t: X86_T0 + 1_005, irq: 14 }]);
    expect(r.of('virqDeliver')).toMatchObject([{ t: X86_T0 + 1_005, kind: 'trap', irq: 14, vector: 14 }]);
    expect(r.of('hm')).toHaveLength(1);
  });

  it('PROPAGATE without log takes the fast path: no HM event, nothing printed unless verbose-trap-print', () => {
    const sys = x86({ hm: [pageFault('PRTOS_HM_AC_PROPAGATE', false)] });
    const r = rig(sys, { programs: { '1.0': storeForeign }, onDeliver: () => 'abandon' });
    r.run(X86_T0 + 1_100);
    expect(r.of('hm')).toEqual([]);
    expect(r.of('virqDeliver')).toMatchObject([{ t: X86_T0 + 1_005, kind: 'trap', vector: 14 }]);
    expect(r.console.filter((l) => l.part === null)).toEqual([]);
    const v = rig(sys, {
      programs: { '1.0': storeForeign },
      onDeliver: () => 'abandon',
      quirks: ['verbose-trap-print'],
    });
    v.run(X86_T0 + 1_100);
    expect(v.console.filter((l) => l.part === null).map((l) => l.text)[0]).toBe('[TRAP] PAGE_FAULT(0xe)');
  });

  it('SWITCH_TO_MAINTENANCE makes plan 1 current here at once; its grid starts at the old next decision', () => {
    const r = rig(x86({ hm: [pageFault('PRTOS_HM_AC_SWITCH_TO_MAINTENANCE')] }), {
      programs: { '1.0': storeForeign },
    });
    r.run(X86_T0 + 2_600);
    // The plan is current from the HM event (plan status); its grid, and the observation, start
    // at the old next decision (spec/lockstep.ts L4).
    expect(r.of('planSwitch').at(-1)).toEqual({
      t: X86_T0 + 2_000,
      ev: 'planSwitch',
      cpu: 0,
      from: 0,
      to: 1,
    });
    // P1 keeps the CPU until the old next_act (its slot end), re-faulting; plan 1 then starts
    expect(
      r
        .of('slot')
        .filter((e) => e.plan === 1)
        .map((e) => e.t - X86_T0),
    ).toEqual([2000]);
    expect(r.kernel.view.cpus[0]?.planSwitchTime).toBe(X86_T0 + 1_005);
  });

  it('with hm-action-on-wrong-partition, the action hits the next partition', () => {
    const r = rig(x86(), { programs: { '1.0': storeForeign }, faults: ['hm-action-on-wrong-partition'] });
    r.run(X86_T0 + 1_100);
    expect(r.of('partState')).toMatchObject([{ part: 0, to: 'HALTED' }]);
  });
});

describe('hypervisor-level events (§4.3, H2)', () => {
  it('a fault while the CPU idles is a system-level event; the default halts the system', () => {
    const r = rig(x86(), { programs: { '1.0': [op.hc(8)] } });
    r.run(X86_T0 + 1_500);
    r.machine.injectFault(0, 'illegalInstr', 0);
    r.run(X86_T0 + 1_600);
    expect(r.of('hm')).toEqual([
      {
        t: X86_T0 + 1_500,
        ev: 'hm',
        cpu: 0,
        event: 12,
        part: null,
        vcpu: null,
        action: 8,
        logged: true,
        sys: true,
      },
    ]);
    expect(r.kernel.view.hmLog.records).toEqual([
      { seq: 0, event: 12, part: 0xff, vcpu: 0xff, sys: true, timestamp: X86_T0 + 1_500 },
    ]);
    expect(r.of('system')).toMatchObject([{ what: 'halt' }]);
  });

  it('an action the kernel does not know halts (intended) or panics (hm-hyp-table-unknown-action-panic, A7)', () => {
    const sys = x86({ lines: [] }, { hypHm: [['PRTOS_HM_EV_UNEXPECTED_TRAP', 'PRTOS_HM_AC_SUSPEND', true]] });
    const r = rig(sys);
    r.run(X86_T0 + 10);
    r.machine.raiseLine(9);
    r.run(X86_T0 + 20);
    expect(r.of('hm')).toMatchObject([{ event: HM_EV.UNEXPECTED_TRAP, part: 0, sys: true, action: 6 }]);
    expect(r.of('system')).toMatchObject([{ what: 'halt' }]);
    const q = rig(sys, { quirks: ['hm-hyp-table-unknown-action-panic'] });
    q.run(X86_T0 + 10);
    q.machine.raiseLine(9);
    q.run(X86_T0 + 20);
    expect(q.of('system')).toMatchObject([{ what: 'panic', reason: 'Unknown health-monitor action 6' }]);
    expect(q.of('hm').map((e) => e.event)).toEqual([HM_EV.UNEXPECTED_TRAP, HM_EV.FATAL_ERROR]);
  });
});

describe('the HM log (§4.5, prtos-hypercalls §5.6, §5.9)', () => {
  // (4096 - 56) / 36 = 112 records
  const logged = x86({ hm: [pageFault('PRTOS_HM_AC_IGNORE')] }, { hmLogSize: 4096 });
  const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

  it('keeps the last records of a full ring, or drops new ones once locked', () => {
    // 115 events at T0 + 1 005, 1 010, …, 1 575
    const r = rig(logged, { programs: { '1.0': storeForeign } });
    r.run(X86_T0 + 1_575);
    expect(r.kernel.view.hmLog.capacity).toBe(112);
    expect(r.kernel.view.hmLog.records.map((x) => x.seq)).toEqual(range(3, 115));
    const locked = rig(logged, {
      programs: { '0.0': [op.hc(14, HM_DESC, 1, P0_AREA)], '1.0': storeForeign },
    });
    locked.run(X86_T0 + 1_575);
    expect(locked.kernel.view.hmLog.records.map((x) => x.seq)).toEqual(range(0, 112));
    expect(locked.kernel.view.hmLog.nextSeq).toBe(115);
    expect(locked.kernel.view.hmLog.locked).toBe(true);
  });

  it('reads records in order for a system partition; RESET empties it unless logstream-reset-keeps-log', () => {
    const reader = [
      op.hc(8),
      op.hc(14, HM_DESC, 0, P0_AREA),
      op.hc(11, HM_DESC, P0_AREA + 64, 36, 0),
      op.hc(14, HM_DESC, 3, P0_AREA),
      op.hc(14, HM_DESC, 0, P0_AREA),
    ];
    const r = rig(logged, { programs: { '0.0': reader, '1.0': storeForeign } });
    r.run(X86_T0 + 2_100);
    const rets = r.of('ret').filter((e) => e.part === 0);
    // P1's ignored fault repeats every 5 µs for its whole slot: 199 records, the last 112 kept
    expect(rets[1]).toMatchObject({ nr: 14, code: 0, out: [112, 112, 0] });
    // the oldest kept is seq 87, raised at T0 + 1 005 + 5·87; op_code_hi = seq << 4 | ctxt valid (2),
    // op_code_lo = event << 16 | vcpu << 8 | part
    expect(rets[2]).toMatchObject({ nr: 11, code: 36, out: [(87 << 4) | 2, (20 << 16) | 1, X86_T0 + 1_440] });
    expect(rets[4]).toMatchObject({ out: [0, 112, 0] });
    const q = rig(logged, {
      programs: { '0.0': reader, '1.0': storeForeign },
      quirks: ['logstream-reset-keeps-log'],
    });
    q.run(X86_T0 + 2_100);
    expect(q.of('ret').filter((e) => e.part === 0)[4]).toMatchObject({ out: [112, 112, 1] });
  });

  it('refuses a descriptor not naming the hypervisor, then non-system callers', () => {
    const bad = objDescBuild(OBJ_CLASS.HM, 1, 0);
    const r = rig(logged, {
      programs: {
        '0.0': [op.hc(11, bad, P0_AREA, 36, 0), op.hc(11, HM_DESC, P0_AREA, 35, 0), op.hc(13, HM_DESC, 0, 9)],
        '1.0': [op.hc(11, HM_DESC, P1_AREA, 36, 0), op.hc(11, bad, P1_AREA, 36, 0)],
      },
    });
    r.run(X86_T0 + 1_100);
    expect(r.of('ret').map((e) => [e.part, e.code])).toEqual([
      [0, -3],
      [0, -3],
      [0, -3],
      [1, -4],
      [1, -3],
    ]);
  });
});

describe('an HM partition reset from a secondary vCPU (A21)', () => {
  const smp = buildSystem({
    arch: 'x86',
    cpus: [
      [{ majorFrame: 2000, slots: [{ start: 0, duration: 2000, part: 0, vcpu: 0 }] }],
      [{ majorFrame: 2000, slots: [{ start: 0, duration: 2000, part: 0, vcpu: 1 }] }],
    ],
    partitions: [{ vcpus: 2, hm: [pageFault('PRTOS_HM_AC_PARTITION_WARM_RESET')] }],
  });
  const T0 = 21_000 + 11_400 + 10_000;
  const programs = { '0.0': [op.hc(28, 1, P0_AREA, P0_AREA, 0)], '0.1': [op.store(0xfbf00000, 1)] };

  // vCPU1 is found halted at T0 and first runs at the next major frame (T0 + 2 005)
  it('intended: the faulting vCPU stops at once', () => {
    const r = rig(smp, { programs, restartPrograms: { '0.0': [] } });
    r.run(T0 + 2_100);
    expect(r.of('hm')).toHaveLength(1);
    expect(r.kernel.view.cpus[1]?.current).toBe('idle');
  });

  it('with hm-reset-no-reschedule, it returns to its faulting op and resets the partition again', () => {
    const r = rig(smp, { programs, restartPrograms: { '0.0': [] }, quirks: ['hm-reset-no-reschedule'] });
    r.run(T0 + 2_100);
    expect(r.of('hm').length).toBeGreaterThan(5);
    expect(r.kernel.view.cpus[1]?.current).toEqual({ part: 0, vcpu: 1 });
  });
});
