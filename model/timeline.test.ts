/**
 * Whole runs of small op-list programs, with the expected events written out by hand from the
 * notes and spec/timing (R1–R10) — not produced by the model. Times are µs.
 */
import { describe, expect, it } from 'vitest';
import { bootTime, TIMING } from '../spec/timing.js';
import type { SideEvent } from '../spec/lockstep.js';
import { fixture, model, only, op, prog, rets, system, areaOf } from './testkit.test-util.js';

const RV_T0 = 197_841;

describe('example.001 on riscv64: the exec-clock figures of prtos-states §3.8 with our boot time', () => {
  // P0: start-up S = 9 541 µs of compute, clear_irqmask, get_time(HW), set_timer(HW, E1, 1 s),
  // then compute until exactly E1 (the instant the first expiry falls) and read both clocks.
  const S = 9_541;
  const E1 = RV_T0 + 2 + S + 2 + 1_000_000; // hw_clock + 1 s, hw_clock read after clear_irqmask
  const own = areaOf('riscv64', 0);
  // The compute starts at T0+2+S+6; P0 loses the CPU at the slot end T0+500 000 and gets it back
  // at T0+1 000 000 + 5 (timer entry 3 + context switch 2).
  const firstPart = RV_T0 + 500_000 - (RV_T0 + 2 + S + 6);
  const secondPart = E1 - (RV_T0 + 1_000_005);
  const programs = [
    prog(0, [
      op.compute(S),
      op.hc(15, 0, 1),
      op.hc(9, 0, op.own(0)),
      op.hc(10, 0, E1, 1_000_000),
      op.compute(firstPart + secondPart),
      op.hc(9, 0, op.own(0)),
      op.hc(9, 1, op.own(8)),
    ]),
  ];

  it('reproduces HW 1 207 389 µs and EXEC 509 548 µs at the first HW-timer interrupt', () => {
    expect(bootTime(TIMING.riscv64, 1)).toBe(RV_T0);
    const m = model(fixture('example.001.prtos_cf.riscv64.xml', 'riscv64'), programs);
    const events = m.advance(E1 + 10);
    expect(rets(events).map((r) => r.out)).toEqual([
      undefined,
      [RV_T0 + 2 + S + 2],
      undefined,
      [1_207_389],
      [509_548],
    ]);
  });

  it('emits exactly the expected events, at the expected instants', () => {
    const m = model(fixture('example.001.prtos_cf.riscv64.xml', 'riscv64'), programs);
    const events = m.advance(E1 + 10);
    const p0 = { part: 0, vcpu: 0 };
    const p1 = { part: 1, vcpu: 0 };
    const expected: SideEvent[] = [
      { t: RV_T0, ev: 'planSwitch', cpu: 0, from: null, to: 0 },
      { t: RV_T0, ev: 'slot', cpu: 0, plan: 0, slot: 0 },
      { t: RV_T0, ev: 'virqPend', ...p0, irq: 8, kind: 'ext' },
      { t: RV_T0, ev: 'switch', cpu: 0, from: 'idle', to: p0 },
      { t: RV_T0 + 2, ev: 'op', cpu: 0, ...p0, op: { k: 'compute', n: S } },
      { t: 207_384, ev: 'hypercall', cpu: 0, ...p0, nr: 15, args: [0, 1] },
      { t: 207_384, ev: 'ret', cpu: 0, ...p0, nr: 15, code: 0 },
      { t: 207_386, ev: 'hypercall', cpu: 0, ...p0, nr: 9, args: [0, own] },
      { t: 207_386, ev: 'ret', cpu: 0, ...p0, nr: 9, code: 0, out: [207_386] },
      { t: 207_388, ev: 'hypercall', cpu: 0, ...p0, nr: 10, args: [0, E1, 1_000_000] },
      { t: 207_388, ev: 'ret', cpu: 0, ...p0, nr: 10, code: 0 },
      { t: 207_390, ev: 'op', cpu: 0, ...p0, op: { k: 'compute', n: firstPart + secondPart } },
      { t: RV_T0 + 500_000, ev: 'tick', cpu: 0 },
      { t: RV_T0 + 500_000, ev: 'slot', cpu: 0, plan: 0, slot: 1 },
      { t: RV_T0 + 500_000, ev: 'virqPend', ...p1, irq: 8, kind: 'ext' },
      { t: RV_T0 + 500_000, ev: 'switch', cpu: 0, from: p0, to: p1 },
      { t: RV_T0 + 1_000_000, ev: 'tick', cpu: 0 },
      { t: RV_T0 + 1_000_000, ev: 'slot', cpu: 0, plan: 0, slot: 0 },
      { t: RV_T0 + 1_000_000, ev: 'switch', cpu: 0, from: p1, to: p0 },
      { t: E1, ev: 'tick', cpu: 0 },
      { t: E1, ev: 'virqPend', ...p0, irq: 0, kind: 'ext' },
      { t: E1 + 3, ev: 'hypercall', cpu: 0, ...p0, nr: 9, args: [0, own] },
      { t: E1 + 3, ev: 'ret', cpu: 0, ...p0, nr: 9, code: 0, out: [1_207_389] },
      { t: E1 + 5, ev: 'hypercall', cpu: 0, ...p0, nr: 9, args: [1, own + 8] },
      { t: E1 + 5, ev: 'ret', cpu: 0, ...p0, nr: 9, code: 0, out: [509_548] },
    ];
    expect(events).toEqual(expected);
  });

  it('keeps the exec clocks as the state at the end shows them', () => {
    const m = model(fixture('example.001.prtos_cf.riscv64.xml', 'riscv64'), programs);
    m.advance(E1 + 10);
    const s = m.state();
    // P1 ran from T0+500 005 to the end of the entry that switched it out, T0+1 000 005.
    expect(s.vcpus[1]?.execClock).toBe(500_000);
    // P0: 500 003 in its first slot, then from 1 197 846 to E1 + 10.
    expect(s.vcpus[0]?.execClock).toBe(500_003 + (E1 + 10 - 1_197_846));
    expect(s.vcpus[0]?.hwTimer).toEqual({ value: E1 + 1_000_000, interval: 1_000_000 });
  });
});

describe('example.006 on riscv64: plan switches take effect at the next major-frame boundary', () => {
  // P2 (system) asks for plan 1 in its first slot, for plan 2 in its second slot of plan 1, and
  // for plan 0 (refused) in its second slot of plan 2; between requests it yields its slot.
  const programs = [
    prog(2, [
      op.compute(9_541),
      op.hc(26, 1, op.own(0)),
      op.hc(8),
      op.hc(8),
      op.hc(26, 2, op.own(0)),
      op.hc(8),
      op.hc(8),
      op.hc(26, 0, op.own(0)),
    ]),
  ];
  const plan1At = RV_T0 + 2_000_000; // end of plan 0's first 2000 ms frame
  const plan2At = plan1At + 2 * 1_200_000; // second 1200 ms frame of plan 1 ends

  it('switches at T0 + 2 000 000 and at T0 + 4 400 000, answers OK, OK, INVALID_PARAM', () => {
    const m = model(fixture('example.006.prtos_cf.riscv64.xml', 'riscv64'), programs);
    const events = m.advance(plan2At + 900_000);
    expect(only(events, 'planSwitch')).toEqual([
      { t: RV_T0, ev: 'planSwitch', cpu: 0, from: null, to: 0 },
      { t: plan1At, ev: 'planSwitch', cpu: 0, from: 0, to: 1 },
      { t: plan2At, ev: 'planSwitch', cpu: 0, from: 1, to: 2 },
    ]);
    const calls = rets(events).filter((r) => r.nr === 26);
    expect(calls).toEqual([
      { nr: 26, code: 0, out: [0] },
      { nr: 26, code: 0, out: [1] },
      { nr: 26, code: -3 },
    ]);
    // The requests are stamped: first slot of P2 (T0+2+S), second P2 slot of plan 1 (+5 after the
    // slot-start entry), second P2 slot of plan 2.
    const stamps = events.filter((e) => e.ev === 'hypercall' && e.nr === 26).map((e) => e.t);
    expect(stamps).toEqual([RV_T0 + 2 + 9_541, plan1At + 1_200_000 + 5, plan2At + 800_000 + 5]);
  });

  it('reports plan status in the state: requested, current, previous and switch time', () => {
    const m = model(fixture('example.006.prtos_cf.riscv64.xml', 'riscv64'), programs);
    m.advance(RV_T0 + 100_000);
    expect(m.state().cpus[0]).toMatchObject({
      planCurrent: 0,
      planNew: 1,
      planPrev: null,
      planSwitchTime: RV_T0,
    });
    m.advance(plan1At + 1);
    expect(m.state().cpus[0]).toMatchObject({
      planCurrent: 1,
      planNew: 1,
      planPrev: 0,
      planSwitchTime: plan1At,
      slot: 0,
    });
    m.advance(plan2At + 400_001);
    expect(m.state().cpus[0]).toMatchObject({
      planCurrent: 2,
      planNew: 2,
      planPrev: 1,
      planSwitchTime: plan2At,
      slot: 1,
    });
  });

  it('gives plan 2 no slot of P0: P0 is never selected after the switch', () => {
    const m = model(fixture('example.006.prtos_cf.riscv64.xml', 'riscv64'), programs);
    const events = m.advance(plan2At + 8_000_000);
    const p0Selected = events
      .filter((e) => e.ev === 'switch' && e.to !== 'idle' && e.to.part === 0)
      .map((e) => e.t);
    expect(p0Selected.every((t) => t < plan2At)).toBe(true);
    expect(p0Selected.length).toBeGreaterThan(0);
  });
});

describe('two CPUs (x86): a system partition halts a partition running on the other CPU', () => {
  const T0 = bootTime(TIMING.x86, 2);
  const config = system({
    arch: 'x86',
    partitions: [{ system: true }, {}],
    cpus: [[[1000, [[0, 1000, 0]]]], [[1000, [[0, 1000, 1]]]]],
  });

  it('notifies the other CPU, which takes an IPI at once and runs the idle thread', () => {
    expect(T0).toBe(42_400);
    const m = model(config, [prog(0, [op.compute(10), op.hc(1, 1), op.hc(1, 1)])]);
    const events = m.advance(T0 + 40);
    const p0 = { part: 0, vcpu: 0 };
    const p1 = { part: 1, vcpu: 0 };
    expect(events).toEqual([
      { t: T0, ev: 'planSwitch', cpu: 0, from: null, to: 0 },
      { t: T0, ev: 'slot', cpu: 0, plan: 0, slot: 0 },
      { t: T0, ev: 'virqPend', ...p0, irq: 8, kind: 'ext' },
      { t: T0, ev: 'switch', cpu: 0, from: 'idle', to: p0 },
      { t: T0, ev: 'planSwitch', cpu: 1, from: null, to: 0 },
      { t: T0, ev: 'slot', cpu: 1, plan: 0, slot: 0 },
      { t: T0, ev: 'virqPend', ...p1, irq: 8, kind: 'ext' },
      { t: T0, ev: 'switch', cpu: 1, from: 'idle', to: p1 },
      { t: T0 + 2, ev: 'op', cpu: 0, ...p0, op: { k: 'compute', n: 10 } },
      { t: T0 + 12, ev: 'hypercall', cpu: 0, ...p0, nr: 1, args: [1] },
      { t: T0 + 12, ev: 'ret', cpu: 0, ...p0, nr: 1, code: 0 },
      { t: T0 + 12, ev: 'vcpuState', ...p1, from: 'READY', to: 'HALTED' },
      { t: T0 + 12, ev: 'partState', part: 1, from: 'READY', to: 'HALTED' },
      { t: T0 + 12, ev: 'switch', cpu: 1, from: p1, to: 'idle' },
      { t: T0 + 14, ev: 'hypercall', cpu: 0, ...p0, nr: 1, args: [1] },
      { t: T0 + 14, ev: 'ret', cpu: 0, ...p0, nr: 1, code: -1 },
    ]);
    const s = m.state();
    // P1 ran from T0+2 until the end of the IPI entry (2 + context switch 2) that began at T0+12.
    expect(s.vcpus[1]?.execClock).toBe(14);
    expect(s.cpus[1]?.current).toBe('idle');
    expect(s.partitions[1]?.opMode).toBe('IDLE');
  });
});

describe('faults from ops reach the health monitor (riscv64 defaults)', () => {
  const config = system({
    arch: 'riscv64',
    partitions: [{}, {}],
    cpus: [
      [
        [
          1000,
          [
            [0, 500, 0],
            [500, 500, 1],
          ],
        ],
      ],
    ],
  });
  const foreign = areaOf('riscv64', 1);

  it('a store to another partition is STORE_PAGE_FAULT (12): PARTITION_HALT, not logged', () => {
    const m = model(config, [prog(0, [op.compute(1), op.store(foreign, 7)])]);
    const events = m.advance(RV_T0 + 20);
    const p0 = { part: 0, vcpu: 0 };
    expect(events.filter((e) => e.t === RV_T0 + 3)).toEqual([
      { t: RV_T0 + 3, ev: 'op', cpu: 0, ...p0, op: { k: 'store', addr: foreign, size: 4, value: 7 } },
      { t: RV_T0 + 3, ev: 'hm', cpu: 0, event: 12, ...p0, action: 7, logged: false, sys: false },
      { t: RV_T0 + 3, ev: 'switch', cpu: 0, from: p0, to: 'idle' },
      { t: RV_T0 + 3, ev: 'vcpuState', ...p0, from: 'READY', to: 'HALTED' },
      { t: RV_T0 + 3, ev: 'partState', part: 0, from: 'READY', to: 'HALTED' },
    ]);
    const s = m.state();
    // The store changed nothing, and nothing was logged (no HM device, and the entry says no log).
    expect(s.hmLog).toEqual({ records: [], capacity: 0, nextSeq: 0 });
    // P0 ran T0+2 .. T0+3 + trap 3 + HM record 2 + context switch 2.
    expect(s.vcpus[0]?.execClock).toBe(8);
  });

  it('with IGNORE the faulting op runs again after every return, one HM event each time', () => {
    const cfg = system({
      arch: 'riscv64',
      partitions: [{ hm: [['PRTOS_HM_EV_RISCV_LOAD_PAGE_FAULT', 'PRTOS_HM_AC_IGNORE', true]] }, {}],
      cpus: [
        [
          [
            1000,
            [
              [0, 500, 0],
              [500, 500, 1],
            ],
          ],
        ],
      ],
      hmLogBytes: 56 + 52 * 2,
    });
    const m = model(cfg, [prog(0, [op.load(foreign)])]);
    const events = m.advance(RV_T0 + 2 + 3 * 5);
    // Each attempt: trap entry 3 + HM record 2, so attempts at T0+2, +7, +12; the op is the same
    // op every time, so only its first start is an `op` event (spec/lockstep.ts L3).
    expect(only(events, 'op').map((e) => e.t)).toEqual([RV_T0 + 2]);
    expect(only(events, 'hm').map((e) => e.t)).toEqual([RV_T0 + 2, RV_T0 + 7, RV_T0 + 12]);
    const s = m.state();
    // A 2-record ring keeps the last two; sequence numbers keep counting.
    expect(s.hmLog.capacity).toBe(2);
    expect(s.hmLog.records.map((r) => [r.seq, r.event, r.timestamp])).toEqual([
      [1, 11, RV_T0 + 7],
      [2, 11, RV_T0 + 12],
    ]);
    expect(s.hmLog.nextSeq).toBe(3);
  });
});

describe('x86 virtual interrupt delivery and the virtual IF', () => {
  const T0 = bootTime(TIMING.x86, 1);
  const config = system({ arch: 'x86', partitions: [{}], cpus: [[[1000, [[0, 400, 0]]]]] });

  it('delivers SLOT_START (ext 8) through 0x98 once IF is on and the source unmasked; delivery clears IF', () => {
    const m = model(config, [prog(0, [op.hc(42), op.hc(15, 0, 0x100), op.compute(10)])]);
    const events = m.advance(T0 + 1_000 + 20);
    const p0 = { part: 0, vcpu: 0 };
    expect(only(events, 'ret', 'virqDeliver', 'virqPend')).toEqual([
      { t: T0, ev: 'virqPend', ...p0, irq: 8, kind: 'ext' },
      { t: T0 + 2, ev: 'ret', cpu: 0, ...p0, nr: 42, code: 0 },
      { t: T0 + 4, ev: 'ret', cpu: 0, ...p0, nr: 15, code: 0 },
      { t: T0 + 4, ev: 'virqDeliver', ...p0, irq: 8, kind: 'ext', vector: 0x98 },
      // The next slot raises it again; IF was cleared by the delivery, so it stays pending.
      { t: T0 + 1_000, ev: 'virqPend', ...p0, irq: 8, kind: 'ext' },
    ]);
    expect(m.state().vcpus[0]?.extIrqsPend).toBe(0x100);
  });
});

describe('idle_self gives the rest of the slot to idle, never to another partition', () => {
  it('the CPU idles until the next slot starts, and the call returns OK then', () => {
    const config = system({
      arch: 'riscv64',
      partitions: [{}, {}],
      cpus: [
        [
          [
            1000,
            [
              [0, 300, 0],
              [300, 300, 1],
            ],
          ],
        ],
      ],
    });
    const m = model(config, [prog(0, [op.hc(8), op.compute(5)])]);
    const events = m.advance(RV_T0 + 1_000 + 20);
    const p0 = { part: 0, vcpu: 0 };
    const p1 = { part: 1, vcpu: 0 };
    expect(only(events, 'switch', 'ret', 'tick')).toEqual([
      { t: RV_T0, ev: 'switch', cpu: 0, from: 'idle', to: p0 },
      { t: RV_T0 + 2, ev: 'switch', cpu: 0, from: p0, to: 'idle' },
      { t: RV_T0 + 300, ev: 'tick', cpu: 0 },
      { t: RV_T0 + 300, ev: 'switch', cpu: 0, from: 'idle', to: p1 },
      { t: RV_T0 + 600, ev: 'tick', cpu: 0 },
      { t: RV_T0 + 600, ev: 'switch', cpu: 0, from: p1, to: 'idle' },
      { t: RV_T0 + 1_000, ev: 'tick', cpu: 0 },
      { t: RV_T0 + 1_000, ev: 'switch', cpu: 0, from: 'idle', to: p0 },
      { t: RV_T0 + 1_000, ev: 'ret', cpu: 0, ...p0, nr: 8, code: 0 },
    ]);
  });
});

describe('hardware lines (x86): owned lines wait for their owner; unowned ones are UNEXPECTED_TRAP', () => {
  const T0 = bootTime(TIMING.x86, 1);
  const config = system({
    arch: 'x86',
    partitions: [{ lines: [5] }, {}],
    cpus: [
      [
        [
          1000,
          [
            [0, 400, 0],
            [400, 400, 1],
          ],
        ],
      ],
    ],
  });

  it("a line of P0 raised in P1's slot is taken when P0 runs again; one raised in P0's slot at once", () => {
    const m = model(config, []);
    m.advance(T0 + 500);
    m.stimulate({ ev: 'hwIrq', line: 5 });
    const late = m.advance(T0 + 1_010);
    expect(only(late, 'virqPend', 'tick')).toEqual([
      { t: T0 + 800, ev: 'tick', cpu: 0 },
      { t: T0 + 1_000, ev: 'tick', cpu: 0 },
      // P0 runs from the switch-in entry's start: the line is taken when that entry ends.
      { t: T0 + 1_005, ev: 'virqPend', part: 0, vcpu: 0, irq: 5, kind: 'hw' },
    ]);
    m.stimulate({ ev: 'hwIrq', line: 3 });
    const unowned = m.advance(T0 + 1_020);
    expect(only(unowned, 'hm', 'system')).toEqual([
      { t: T0 + 1_010, ev: 'hm', cpu: 0, event: 5, part: 0, vcpu: 0, action: 8, logged: true, sys: true },
      { t: T0 + 1_010, ev: 'system', what: 'halt' },
    ]);
    expect(m.stopped).toBe(true);
    expect(m.state().vcpus[0]?.hwIrqsPend).toBe(1 << 5);
  });

  it('riscv64 delivers no device interrupts (prtos-states §5.1): a line changes nothing', () => {
    const rv = model(system({ arch: 'riscv64', partitions: [{}], cpus: [[[1000, [[0, 400, 0]]]]] }), []);
    rv.advance(RV_T0 + 100);
    rv.stimulate({ ev: 'hwIrq', line: 3 });
    expect(rv.advance(RV_T0 + 300)).toEqual([]);
    expect(rv.stopped).toBe(false);
  });
});

describe('injected faults (L2)', () => {
  it("in a partition's context: the partition's table; while idle: the hypervisor table, then the system stops", () => {
    const config = system({
      arch: 'riscv64',
      partitions: [{}],
      cpus: [[[1000, [[0, 400, 0]]]]],
      hmLogBytes: 4096,
    });
    const m = model(config, []);
    m.advance(RV_T0 + 100);
    m.stimulate({ ev: 'fault', cpu: 0, kind: 'illegalInstr', addr: 0 });
    expect(only(m.advance(RV_T0 + 200), 'hm')).toEqual([
      { t: RV_T0 + 100, ev: 'hm', cpu: 0, event: 6, part: 0, vcpu: 0, action: 7, logged: false, sys: false },
    ]);
    m.stimulate({ ev: 'fault', cpu: 0, kind: 'load', addr: 0 });
    const events = m.advance(RV_T0 + 300);
    expect(only(events, 'hm', 'system')).toEqual([
      {
        t: RV_T0 + 200,
        ev: 'hm',
        cpu: 0,
        event: 11,
        part: null,
        vcpu: null,
        action: 8,
        logged: true,
        sys: true,
      },
      { t: RV_T0 + 200, ev: 'system', what: 'halt' },
    ]);
    expect(m.state().hmLog.records).toEqual([
      { seq: 0, event: 11, part: 0xff, vcpu: 0xff, sys: true, timestamp: RV_T0 + 200 },
    ]);
  });
});

describe('the PCT is readable, not writable (x86, REQ-MEM-3)', () => {
  it('loads see magic, reset counter, id and the flags mirror; a store to it is a page fault', () => {
    const base = 0xfc000000 - 256 * 1024;
    const config = system({
      arch: 'x86',
      partitions: [{}, { vcpus: 2 }],
      cpus: [
        [
          [
            1000,
            [
              [0, 400, 0],
              [400, 400, 1],
              [800, 100, 1, 1],
            ],
          ],
        ],
      ],
    });
    const m = model(config, [
      prog(1, [
        op.load(base, 4),
        op.load(base + 20, 4),
        op.load(base + 32, 4),
        op.load(base + 40, 4),
        op.store(base, 1),
      ]),
    ]);
    const T0 = bootTime(TIMING.x86, 1);
    const events = m.advance(T0 + 420);
    const results = m.world.progs[m.world.vcpuIndex({ part: 1, vcpu: 0 })]?.results ?? [];
    // spec/pct.ts x86 layout: magic @0, reset_counter @20, id @32, flags @40.
    // flags: READY (0x10) and the cache bits every started guest has (0x180).
    expect(results).toEqual([0xa5a55a5a, 0, 1, 0x190]);
    expect(only(events, 'hm')).toEqual([
      {
        t: T0 + 405 + 4,
        ev: 'hm',
        cpu: 0,
        event: 20,
        part: 1,
        vcpu: 0,
        action: 7,
        logged: false,
        sys: false,
      },
    ]);
  });
});

describe('the halt op (spec/program.ts, timing R1)', () => {
  it('is atomic for 1 µs, then traps: the vCPU halts (V1) and the CPU idles; nothing returns', () => {
    const config = system({
      arch: 'riscv64',
      partitions: [{}, {}],
      cpus: [
        [
          [
            1000,
            [
              [0, 400, 0],
              [400, 400, 1],
            ],
          ],
        ],
      ],
    });
    const m = model(config, [prog(0, [op.compute(3), op.halt(), op.compute(1)])]);
    const events = m.advance(RV_T0 + 50);
    const p0 = { part: 0, vcpu: 0 };
    expect(events.filter((e) => e.t > RV_T0)).toEqual([
      { t: RV_T0 + 2, ev: 'op', cpu: 0, ...p0, op: { k: 'compute', n: 3 } },
      { t: RV_T0 + 5, ev: 'op', cpu: 0, ...p0, op: { k: 'halt' } },
      { t: RV_T0 + 6, ev: 'switch', cpu: 0, from: p0, to: 'idle' },
      { t: RV_T0 + 6, ev: 'vcpuState', ...p0, from: 'READY', to: 'HALTED' },
      { t: RV_T0 + 6, ev: 'partState', part: 0, from: 'READY', to: 'HALTED' },
    ]);
    // Its exec clock ran to the end of the trap entry: T0+6 + trap 3 + context switch 2.
    expect(m.state().vcpus[0]?.execClock).toBe(9);
    expect(m.state().vcpus[0]?.opMode).toBe('IDLE');
  });
});

describe('x86 IRET gate (spec/constants/guestIsa.ts)', () => {
  it('restores the virtual IF the delivery saved, so the next pending interrupt is delivered', () => {
    const T0 = bootTime(TIMING.x86, 1);
    const config = system({ arch: 'x86', partitions: [{}], cpus: [[[1000, [[0, 400, 0]]]]] });
    const m = model(config, [
      prog(0, [op.hc(42), op.hc(15, 0, 0x101), op.hc(17, 0, 1), op.hc(0x10000), op.compute(5)]),
    ]);
    const events = m.advance(T0 + 100);
    expect(
      only(events, 'virqDeliver', 'ret').map((e) => [
        e.t,
        e.ev === 'ret' ? e.nr : e.ev === 'virqDeliver' ? e.irq : -1,
      ]),
    ).toEqual([
      [T0 + 2, 42],
      [T0 + 4, 15],
      [T0 + 4, 8],
      [T0 + 6, 17],
      [T0 + 8, 0x10000],
      [T0 + 8, 0],
    ]);
  });
});

describe('injected faults come before interrupts due at the same instant (timing R1)', () => {
  /** One CPU, a 1000 µs frame: P0 in [0, 400), P1 in [400, 800). */
  const twoSlots = (arch: 'x86' | 'riscv64') =>
    system({
      arch,
      partitions: [{}, {}],
      cpus: [
        [
          [
            1000,
            [
              [0, 400, 0],
              [400, 400, 1],
            ],
          ],
        ],
      ],
    });

  it("the fault is taken in the partition's context even at its slot end; its entry makes the slot decision", () => {
    const m = model(twoSlots('riscv64'), []);
    m.advance(RV_T0 + 400);
    m.stimulate({ ev: 'fault', cpu: 0, kind: 'illegalInstr', addr: 0 });
    const events = m.advance(RV_T0 + 420);
    // The fault entry at T0+400 runs in P0's context (its table halts it); the scheduling it ends
    // with is past the decision time, so it serves slot 1 at once and no tick follows.
    expect(only(events, 'hm', 'tick', 'switch', 'slot')).toEqual([
      { t: RV_T0 + 400, ev: 'hm', cpu: 0, event: 6, part: 0, vcpu: 0, action: 7, logged: false, sys: false },
      { t: RV_T0 + 400, ev: 'slot', cpu: 0, plan: 0, slot: 1 },
      { t: RV_T0 + 400, ev: 'switch', cpu: 0, from: { part: 0, vcpu: 0 }, to: { part: 1, vcpu: 0 } },
    ]);
  });

  it('on x86 the timer firing of that instant is latched and taken, with its tick, after the fault entry', () => {
    const T0 = bootTime(TIMING.x86, 1);
    const m = model(twoSlots('x86'), []);
    m.advance(T0 + 400);
    m.stimulate({ ev: 'fault', cpu: 0, kind: 'illegalInstr', addr: 0 });
    const events = m.advance(T0 + 420);
    // The fault entry (trap, HM event, context switch) serves slot 1; the APIC kept the firing of
    // T0+400, which is taken when the entry ends (timing R3, TIMER_FIRING) and changes nothing.
    const k = TIMING.x86.kernel;
    expect(only(events, 'tick', 'switch', 'slot')).toEqual([
      { t: T0 + 400, ev: 'slot', cpu: 0, plan: 0, slot: 1 },
      { t: T0 + 400, ev: 'switch', cpu: 0, from: { part: 0, vcpu: 0 }, to: { part: 1, vcpu: 0 } },
      { t: T0 + 400 + k.trap + k.hmRecord + k.contextSwitch, ev: 'tick', cpu: 0 },
    ]);
  });
});
