/**
 * Every return code of every slice-1 hypercall, with its checks in the order of
 * prtos-hypercalls §3 and the intended semantics of spec/decisions. Each case runs a short
 * program in a whole model and reads the `ret` events.
 */
import { describe, expect, it } from 'vitest';
import { objDescBuild, OBJ_CLASS, RETURN_CODES as RC } from '../../spec/constants/index.js';
import type { ProgramOp } from '../../spec/program.js';
import { bootTime, TIMING } from '../../spec/timing.js';
import type { Arch } from '../../spec/constants/arch.js';
import { areaOf, model, only, op, prog, rets, system } from '../testkit.test-util.js';
import { OutOfSliceError } from './call.js';

// P0 system, P1 two vCPUs, P2 plain; one CPU; plan 1 exists for switch_sched_plan.
function config(arch: Arch = 'riscv64') {
  return system({
    arch,
    partitions: [{ system: true }, { vcpus: 2 }, {}],
    cpus: [
      [
        [
          3000,
          [
            [0, 1000, 0],
            [1000, 500, 1, 0],
            [1500, 500, 1, 1],
            [2000, 1000, 2],
          ],
        ],
        [1000, [[0, 1000, 0]]],
      ],
    ],
    hmLogBytes: 56 + 52 * 4,
  });
}

const T0 = (arch: Arch) => bootTime(TIMING[arch], 1);
/** Start of P1 vCPU0's first slot and of P2's. */
const P1_SLOT = 1000;
const P2_SLOT = 2000;

function run(ops: readonly ProgramOp[], part = 0, arch: Arch = 'riscv64', until = 900) {
  const start = part === 0 ? 0 : part === 1 ? P1_SLOT : P2_SLOT;
  const m = model(config(arch), [prog(part, ops)]);
  const events = m.advance(T0(arch) + start + until);
  return { m, events, codes: rets(events).map((r) => r.code) };
}

const hc = op.hc;

describe('1 halt_partition', () => {
  it('PERM_ERROR for a non-system caller, then INVALID_PARAM, OK, NO_ACTION (P3)', () => {
    expect(run([hc(1, 0)], 1).codes).toEqual([RC.PERM_ERROR]);
    expect(run([hc(1, 3), hc(1, 2), hc(1, 2)]).codes).toEqual([RC.INVALID_PARAM, RC.OK, RC.NO_ACTION]);
  });
  it('halting oneself never returns and halts every vCPU (P2)', () => {
    const { m, events } = run([hc(1, 1)], 1);
    expect(rets(events)).toEqual([]);
    expect(
      m
        .state()
        .vcpus.filter((v) => v.part === 1)
        .every((v) => v.halted),
    ).toBe(true);
    expect(m.state().partitions[1]?.opMode).toBe('IDLE');
  });
});

describe('2 suspend_partition and 3 resume_partition', () => {
  it('suspend: PERM_ERROR, INVALID_PARAM, OK, NO_ACTION (P5)', () => {
    expect(run([hc(2, 0)], 1).codes).toEqual([RC.PERM_ERROR]);
    expect(run([hc(2, 3), hc(2, 2), hc(2, 2)]).codes).toEqual([RC.INVALID_PARAM, RC.OK, RC.NO_ACTION]);
  });
  it('resume: NO_ACTION for oneself before the permission check, then PERM, INVALID_PARAM, NO_ACTION, OK (P6)', () => {
    expect(run([hc(3, 1), hc(3, 0)], 1).codes).toEqual([RC.NO_ACTION, RC.PERM_ERROR]);
    expect(run([hc(3, 3), hc(3, 2), hc(2, 2), hc(3, 2)]).codes).toEqual([
      RC.INVALID_PARAM,
      RC.NO_ACTION,
      RC.OK,
      RC.OK,
    ]);
  });
  it('a self-suspension returns OK only after a system partition resumes it (P4)', () => {
    // P1 suspends itself in its slot; P0 resumes it in the next frame; P1 gets OK in its next slot.
    // P0 computes to the end of its slot (T0+2 .. T0+1000) and resumes P1 in its next slot.
    const m = model(config(), [prog(1, [hc(2, 1)]), prog(0, [op.compute(998), hc(3, 1)])]);
    const t0 = T0('riscv64');
    const events = m.advance(t0 + 3000 + P1_SLOT + 100);
    const r = events.filter((e) => e.ev === 'ret');
    expect(r.map((e) => (e.ev === 'ret' ? [e.t, e.part, e.nr, e.code] : []))).toEqual([
      [t0 + 3000 + 5, 0, 3, RC.OK],
      [t0 + 3000 + P1_SLOT, 1, 2, RC.OK],
    ]);
  });
});

describe('4 reset_partition', () => {
  it('PERM_ERROR, INVALID_PARAM (id), INVALID_PARAM (mode), then OK', () => {
    expect(run([hc(4, 0, 0, 0)], 1).codes).toEqual([RC.PERM_ERROR]);
    expect(run([hc(4, 3, 0, 0), hc(4, 2, 2, 0), hc(4, 2, 1, 0x1234)]).codes).toEqual([
      RC.INVALID_PARAM,
      RC.INVALID_PARAM,
      RC.OK,
    ]);
  });
  it('a warm reset counts up and stores the status; a cold one reads 0; op modes follow (§1.3)', () => {
    const { m } = run([hc(4, 2, 1, 0x1234), hc(4, 2, 1, 7)]);
    const v = m.state().vcpus.find((x) => x.part === 2);
    expect([v?.resetCounter, v?.resetStatus, v?.opMode]).toEqual([2, 7, 'WARM_RESET']);
    expect(m.state().partitions[2]?.opMode).toBe('WARM_RESET');
    const cold = run([hc(4, 2, 1, 1), hc(4, 2, 0, 9)]).m.state();
    expect([cold.vcpus.find((x) => x.part === 2)?.resetCounter, cold.partitions[2]?.opMode]).toEqual([
      0,
      'COLD_RESET',
    ]);
  });
  it('restarts vCPU0 only: the secondary vCPU stays halted, S is kept (P7, REQ-PART-19)', () => {
    const { m } = run([hc(2, 1), hc(4, 1, 1, 0)]);
    const p1 = m.state().vcpus.filter((x) => x.part === 1);
    expect(p1.map((v) => [v.halted, v.suspended, v.ready])).toEqual([
      [false, true, true],
      [true, true, false],
    ]);
  });
  it("a reset of one's own partition from vCPU0 does not return: the program starts again", () => {
    const { events } = run([hc(4, 2, 1, 0)], 2, 'riscv64', 8);
    // The call at T0+2000+5 and the restart's first op, 2 µs later, again the same call.
    expect(only(events, 'hypercall').map((e) => e.t)).toEqual([
      T0('riscv64') + P2_SLOT + 5,
      T0('riscv64') + P2_SLOT + 7,
    ]);
    expect(rets(events)).toEqual([]);
  });
});

describe('5 shutdown_partition', () => {
  it('PERM_ERROR, INVALID_PARAM, then OK with SHUTDOWN (ext 3) pending on non-halted vCPUs only', () => {
    expect(run([hc(5, 0)], 1).codes).toEqual([RC.PERM_ERROR]);
    const { m, codes, events } = run([hc(5, 3), hc(5, 1)]);
    expect(codes).toEqual([RC.INVALID_PARAM, RC.OK]);
    expect(only(events, 'virqPend').filter((e) => e.ev === 'virqPend' && e.part === 1)).toEqual([
      { t: T0('riscv64') + 4, ev: 'virqPend', part: 1, vcpu: 0, irq: 3, kind: 'ext' },
    ]);
    expect(
      m
        .state()
        .vcpus.filter((v) => v.part === 1)
        .map((v) => v.extIrqsPend),
    ).toEqual([8, 0]);
  });
});

describe('6 halt_system and 7 reset_system', () => {
  it('PERM_ERROR for a non-system caller', () => {
    expect(run([hc(6), hc(7, 0)], 1).codes).toEqual([RC.PERM_ERROR, RC.PERM_ERROR]);
  });
  it('halt_system stops the run', () => {
    const { m, events } = run([hc(6)]);
    expect(only(events, 'system')).toEqual([{ t: T0('riscv64') + 2, ev: 'system', what: 'halt' }]);
    expect([m.stopped, m.state().system.status]).toEqual([true, 'halted']);
  });
  it('reset_system: INVALID_PARAM for a bad mode; warm counts up, cold reads 0', () => {
    const warm = run([hc(7, 2), hc(7, 1)]);
    expect(warm.codes).toEqual([RC.INVALID_PARAM]);
    expect(warm.m.state().system).toEqual({ status: 'reset', resetCounter: 1 });
    expect(only(warm.events, 'system')).toEqual([
      { t: T0('riscv64') + 4, ev: 'system', what: 'reset', mode: 'warm' },
    ]);
    expect(run([hc(7, 0)]).m.state().system).toEqual({ status: 'reset', resetCounter: 0 });
  });
});

describe('9 get_time and 10 set_timer', () => {
  const own = areaOf('riscv64', 0);
  const foreign = areaOf('riscv64', 1);
  it('get_time: INVALID_PARAM for NULL, a foreign pointer and an unknown clock; OK with the time', () => {
    const t0 = T0('riscv64');
    const r = run([hc(9, 0, 0), hc(9, 0, foreign), hc(9, 5, own), hc(9, 0, own), hc(9, 1, own + 8)]);
    expect(rets(r.events)).toEqual([
      { nr: 9, code: RC.INVALID_PARAM },
      { nr: 9, code: RC.INVALID_PARAM },
      { nr: 9, code: RC.INVALID_PARAM },
      { nr: 9, code: RC.OK, out: [t0 + 8] },
      // The exec clock started at T0 + 2 (after the boot entry's context switch).
      { nr: 9, code: RC.OK, out: [8] },
    ]);
    // The value is in guest memory, little-endian.
    expect(r.m.world.store.readLE(own, 8)).toBe(t0 + 8);
  });
  it('set_timer: negative times first, then the clock; 0 disarms; arming replaces', () => {
    const { m, codes } = run([
      hc(10, 7, -1, 0),
      hc(10, 0, 5, -1),
      hc(10, 7, 0, 0),
      hc(10, 0, 10_000_000, 50),
      hc(10, 1, 999, 0),
    ]);
    expect(codes).toEqual([RC.INVALID_PARAM, RC.INVALID_PARAM, RC.INVALID_PARAM, RC.OK, RC.OK]);
    expect(m.state().vcpus[0]).toMatchObject({
      hwTimer: { value: 10_000_000, interval: 50 },
      execTimer: { value: 999, interval: 0 },
    });
    expect(run([hc(10, 0, 10_000_000, 0), hc(10, 0, 0, 0)]).m.state().vcpus[0]?.hwTimer).toBeNull();
  });
  it('a HW timer set in the past expires inside the call: HW_TIMER pending, periodic advanced past now', () => {
    const { m, events } = run([hc(10, 0, 1, 100_000)]);
    const t = T0('riscv64') + 2;
    expect(only(events, 'virqPend').filter((e) => e.t === t)).toEqual([
      { t, ev: 'virqPend', part: 0, vcpu: 0, irq: 0, kind: 'ext' },
    ]);
    expect(m.state().vcpus[0]?.hwTimer).toEqual({
      value: 1 + 100_000 * Math.ceil(t / 100_000),
      interval: 100_000,
    });
  });
  it('an EXEC timer disarmed before its time never fires (intended side of ST-A5)', () => {
    const { m, events } = run([hc(10, 1, 20, 0), hc(10, 1, 0, 0), op.compute(50)]);
    expect(only(events, 'virqPend').filter((e) => e.ev === 'virqPend' && e.irq === 1)).toEqual([]);
    expect(m.state().vcpus[0]?.execTimer).toBeNull();
  });
  it('an EXEC timer fires when the exec clock reaches it: a timer interrupt mid-compute', () => {
    const { events } = run([hc(10, 1, 20, 0), op.compute(50)]);
    const t0 = T0('riscv64');
    // Exec clock 0 at T0+2; reaches 20 at T0+22.
    expect(only(events, 'tick', 'virqPend').filter((e) => e.t > t0)).toEqual([
      { t: t0 + 22, ev: 'tick', cpu: 0 },
      { t: t0 + 22, ev: 'virqPend', part: 0, vcpu: 0, irq: 1, kind: 'ext' },
    ]);
  });
});

describe('11-14 objects: dispatch, console, HM log, status', () => {
  const own = areaOf('riscv64', 0);
  const con = (part: number) => objDescBuild(OBJ_CLASS.CONSOLE, part, 0);
  const hm = objDescBuild(OBJ_CLASS.HM, 0xff, 0);
  const status = (part: number, vcpu = 0) => objDescBuild(OBJ_CLASS.STATUS, part, 0, vcpu);

  it('class ≥ 8 is INVALID_PARAM; a class without the operation is OP_NOT_ALLOWED', () => {
    expect(run([hc(12, 8 << 24, own, 1, 0), hc(11, con(0), own, 1, 0), hc(14, 0, 0, 0)]).codes).toEqual([
      RC.INVALID_PARAM,
      RC.OP_NOT_ALLOWED,
      RC.OP_NOT_ALLOWED,
    ]);
  });
  it('console: PERM_ERROR, INVALID_PARAM (pointer), INVALID_PARAM (length > 128), then the length and the line', () => {
    const text = [...'hi\n'].map((ch) => ch.charCodeAt(0));
    const stores = text.map((b, i) => op.store(own + i, b, 1));
    const { codes, events } = run([
      ...stores,
      hc(12, con(1), own, 3, 0),
      hc(12, con(0), 0, 3, 0),
      hc(12, con(0), own, 129, 0),
      hc(12, con(0), own, 3, 0),
    ]);
    expect(codes).toEqual([RC.PERM_ERROR, RC.INVALID_PARAM, RC.INVALID_PARAM, 3]);
    expect(only(events, 'console')).toEqual([
      { t: T0('riscv64') + 2 + 3 + 6, ev: 'console', part: 0, text: 'hi' },
    ]);
  });
  it('HM log: INVALID_PARAM unless the descriptor names the hypervisor, PERM_ERROR for non-system callers', () => {
    expect(run([hc(14, objDescBuild(OBJ_CLASS.HM, 0, 0), 0, own)]).codes).toEqual([RC.INVALID_PARAM]);
    expect(run([hc(14, hm, 0, own)], 1).codes).toEqual([RC.PERM_ERROR]);
  });
  it('HM log: GET_STATUS, read, seek, bad command / pointer / size / whence, and RESET empties', () => {
    // P0 logs IGNORE for ILLEGAL_INSTR and raises it twice with RAISE_TRAP (45).
    const cfg = system({
      arch: 'riscv64',
      partitions: [{ system: true, hm: [['PRTOS_HM_EV_RISCV_ILLEGAL_INSTR', 'PRTOS_HM_AC_IGNORE', true]] }],
      cpus: [[[1000, [[0, 1000, 0]]]]],
      hmLogBytes: 56 + 52 * 4,
    });
    const t0 = T0('riscv64');
    const m = model(cfg, [
      prog(0, [
        hc(45, 0),
        hc(45, 0),
        hc(14, hm, 0, own),
        hc(11, hm, own + 64, 52, 0),
        hc(14, hm, 0, own),
        hc(14, hm, 9, own),
        hc(14, hm, 0, 0),
        hc(11, hm, own, 10, 0),
        hc(13, hm, 0, 5),
        hc(13, hm, 0, 1),
        hc(14, hm, 3, own),
        hc(14, hm, 0, own),
      ]),
    ]);
    const events = m.advance(t0 + 500);
    // Each RAISE_TRAP entry costs hypercall 2 + HM record 2.
    expect(rets(events)).toEqual([
      { nr: 45, code: 45 },
      { nr: 45, code: 45 },
      { nr: 14, code: RC.OK, out: [2, 4, 0] },
      // Record 0: op_code_hi = seq 0, VALID_CPUCTXT (bit 1), not SYS; op_code_lo = event 6 of P0.v0.
      { nr: 11, code: 52, out: [0b10, 6 << 16, t0 + 2] },
      { nr: 14, code: RC.OK, out: [2, 4, 1] },
      { nr: 14, code: RC.INVALID_PARAM },
      { nr: 14, code: RC.INVALID_PARAM },
      { nr: 11, code: RC.INVALID_PARAM },
      { nr: 13, code: RC.INVALID_PARAM },
      { nr: 13, code: RC.OK },
      { nr: 14, code: RC.OK },
      { nr: 14, code: RC.OK, out: [0, 4, 0] },
    ]);
    expect(m.state().hmLog).toEqual({ records: [], capacity: 4, nextSeq: 2 });
    // The record in guest memory: signature 0xfecf, op_code_hi = seq << 4 | ctx valid, op_code_lo = event << 16.
    expect(m.world.store.readLE(own + 64, 2)).toBe(0xfecf);
    expect(m.world.store.readLE(own + 64 + 4, 4)).toBe(0x2);
    expect(m.world.store.readLE(own + 64 + 8, 4)).toBe(6 << 16);
    expect(m.world.store.readLE(own + 64 + 12, 8)).toBe(t0 + 2);
  });
  it('status: INVALID_PARAM for a bad argument pointer, PERM_ERROR for another partition when not system', () => {
    expect(run([hc(14, status(1), 0, 0)], 1).codes).toEqual([RC.INVALID_PARAM]);
    expect(run([hc(14, status(0), 0, areaOf('riscv64', 1))], 1).codes).toEqual([RC.PERM_ERROR]);
  });
  it('status: partition, vCPU, system and plan status with their values; bad ids and commands', () => {
    const t0 = T0('riscv64');
    const r = run([
      hc(14, status(2), 0, own),
      hc(14, status(1, 1), 4, own),
      hc(14, status(1, 2), 4, own),
      hc(14, status(5), 0, own),
      hc(14, status(0xff), 0, own),
      hc(14, status(0), 1, own),
      hc(14, status(0), 9, own),
      hc(14, status(0xff), 2, own),
    ]);
    expect(rets(r.events)).toEqual([
      // P2: READY, op mode IDLE, 0 virqs, reset counter 0, status 0, exec clock 0.
      { nr: 14, code: RC.OK, out: [1, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      // P1 vCPU1: HALTED, IDLE.
      { nr: 14, code: RC.OK, out: [3, 0] },
      { nr: 14, code: RC.INVALID_PARAM },
      { nr: 14, code: RC.INVALID_PARAM },
      // System: reset counter 0; one HM event? none; one interrupt? none yet (boot is not one).
      { nr: 14, code: RC.OK, out: [0, 0, 0, 0, 0, 0, 0, 0] },
      // Plan status of CPU0: switch time T0, next 0, current 0, prev -1.
      { nr: 14, code: RC.OK, out: [t0, 0, 0, -1] },
      { nr: 14, code: RC.INVALID_PARAM },
      { nr: 14, code: RC.INVALID_PARAM },
    ]);
  });
  it('status: SET_PARTITION_OPMODE reads the mode from the argument block; above 3 is INVALID_PARAM', () => {
    const r = run([op.store(own, 3), hc(14, status(2), 2, own), op.store(own, 4), hc(14, status(2), 2, own)]);
    expect(r.codes).toEqual([RC.OK, RC.INVALID_PARAM]);
    expect(r.m.state().partitions[2]?.opMode).toBe('NORMAL');
  });
  it('the classes of slice 2 make the model say so instead of guessing', () => {
    expect(() => run([hc(14, objDescBuild(OBJ_CLASS.SAMPLING_PORT, 0, 0), 0, own)])).toThrow(OutOfSliceError);
  });
});

describe('15-19 interrupt masks, pending bits and routing', () => {
  it('masks and pending bits change only the caller; route_irq checks irq, then type', () => {
    const { m, codes, events } = run([
      hc(15, 0, 0x3),
      hc(16, 0, 0x1),
      hc(17, 0x4, 0x10),
      hc(18, 0, 0x10),
      hc(19, 0, 32, 1),
      hc(19, 3, 1, 1),
      hc(19, 2, 8, 200),
    ]);
    expect(codes).toEqual([RC.OK, RC.OK, RC.OK, RC.OK, RC.INVALID_PARAM, RC.INVALID_PARAM, RC.OK]);
    const v = m.state().vcpus[0];
    expect([v?.extIrqsMask, v?.extIrqsPend, v?.hwIrqsPend]).toEqual([0xfffffffd, 0x100, 0x4]);
    expect(only(events, 'virqPend').map((e) => (e.ev === 'virqPend' ? [e.irq, e.kind] : []))).toEqual([
      [8, 'ext'],
      [4, 'ext'],
      [2, 'hw'],
    ]);
  });
});

describe('26 switch_sched_plan and 27 get_gid_by_name', () => {
  const own = areaOf('riscv64', 0);
  it('switch: PERM_ERROR, INVALID_PARAM (pointer), NO_ACTION (current), INVALID_PARAM (range), OK', () => {
    expect(run([hc(26, 1, areaOf('riscv64', 1))], 1).codes).toEqual([RC.PERM_ERROR]);
    const r = run([hc(26, 1, 0), hc(26, 0, own), hc(26, 2, own), hc(26, 1, own)]);
    expect(rets(r.events)).toEqual([
      { nr: 26, code: RC.INVALID_PARAM },
      { nr: 26, code: RC.NO_ACTION },
      { nr: 26, code: RC.INVALID_PARAM },
      { nr: 26, code: RC.OK, out: [0] },
    ]);
    expect(r.m.state().cpus[0]?.planNew).toBe(1);
  });
  it('gid: partition and plan names, unknown name, bad entity, bad pointer', () => {
    const name = (s: string, at: number) => [...s].map((ch, i) => op.store(at + i, ch.charCodeAt(0), 1));
    const r = run([
      ...name('P2', own),
      ...name('plan1', own + 16),
      ...name('nope', own + 32),
      hc(27, own, 0),
      hc(27, own + 16, 1),
      hc(27, own + 32, 0),
      hc(27, own, 7),
      hc(27, 0, 0),
    ]);
    expect(r.codes).toEqual([2, 1, RC.INVALID_CONFIG, RC.INVALID_PARAM, RC.INVALID_PARAM]);
  });
});

describe('28-32 vCPU calls (intended guards of ST-A29)', () => {
  it('reset_vcpu: INVALID_PARAM out of range, OK; the vCPU counts one reset and is READY', () => {
    const { m, codes } = run([hc(28, 2, 0, 0, 5), hc(28, 1, 0, 0, 5)], 1);
    expect(codes).toEqual([RC.INVALID_PARAM, RC.OK]);
    expect(m.state().vcpus.find((v) => v.part === 1 && v.vcpu === 1)).toMatchObject({
      halted: false,
      ready: true,
      resetCounter: 1,
      resetStatus: 5,
    });
  });
  it('halt_vcpu: INVALID_PARAM, NO_ACTION for a halted vCPU, OK', () => {
    expect(run([hc(29, 2), hc(29, 1), hc(28, 1, 0, 0, 0), hc(29, 1)], 1).codes).toEqual([
      RC.INVALID_PARAM,
      RC.NO_ACTION,
      RC.OK,
      RC.OK,
    ]);
  });
  it('suspend_vcpu suspends a ready vCPU and refuses a suspended or halted one; resume_vcpu the reverse', () => {
    expect(
      run(
        [
          hc(30, 2),
          hc(30, 1),
          hc(28, 1, 0, 0, 0),
          hc(30, 1),
          hc(30, 1),
          hc(31, 2),
          hc(31, 0),
          hc(31, 1),
          hc(31, 1),
        ],
        1,
      ).codes,
    ).toEqual([
      RC.INVALID_PARAM,
      RC.NO_ACTION,
      RC.OK,
      RC.OK,
      RC.NO_ACTION,
      RC.INVALID_PARAM,
      RC.NO_ACTION,
      RC.OK,
      RC.NO_ACTION,
    ]);
  });
  it("get_vcpuid returns the caller's vCPU index", () => {
    const m = model(config(), [prog(1, [hc(28, 1, 0, 0, 0)]), prog(1, [hc(32)], 1)]);
    const events = m.advance(T0('riscv64') + 1600);
    expect(rets(events).filter((r) => r.nr === 32)).toEqual([{ nr: 32, code: 1 }]);
  });
});

describe('dispatch: unknown numbers and the architecture-specific calls', () => {
  it('an empty slot or a number beyond the table is UNKNOWN_HYPERCALL (intended side of HC-A11)', () => {
    expect(run([hc(44), hc(46)], 0, 'x86').codes).toEqual([RC.UNKNOWN_HYPERCALL, RC.UNKNOWN_HYPERCALL]);
    expect(run([hc(20), hc(33)]).codes).toEqual([RC.UNKNOWN_HYPERCALL, RC.UNKNOWN_HYPERCALL]);
  });
  it('riscv64: a number above 45 is the legacy SBI set_timer: no effect, a0 unchanged', () => {
    expect(run([hc(60, 5)]).codes).toEqual([60]);
  });
  it('x86: set_if / clear_if return OK (HC-A51); 44 and 45 do not exist', () => {
    expect(run([hc(42), hc(43), hc(44), hc(45, 0)], 0, 'x86').codes).toEqual([
      RC.OK,
      RC.OK,
      RC.UNKNOWN_HYPERCALL,
      RC.UNKNOWN_HYPERCALL,
    ]);
  });
  it('riscv64: IRET leaves a0 (44); RAISE_TRAP ignores a number that is no trap, and returns 45', () => {
    const { codes, events } = run([hc(44), hc(45, 9), hc(45, 1000)]);
    expect(codes).toEqual([44, 45, 45]);
    expect(only(events, 'hm')).toEqual([]);
  });
  it('riscv64: RAISE_TRAP 0 is ILLEGAL_INSTR (event 6) of the caller, with its partition table', () => {
    const { m, events } = run([hc(45, 0)], 2);
    expect(only(events, 'hm')).toEqual([
      {
        t: T0('riscv64') + P2_SLOT + 5,
        ev: 'hm',
        cpu: 0,
        event: 6,
        part: 2,
        vcpu: 0,
        action: 7,
        logged: false,
        sys: false,
      },
    ]);
    expect(m.state().vcpus.find((v) => v.part === 2)?.halted).toBe(true);
  });
  it('x86 calls outside the model (guest paging) make the model say so', () => {
    expect(() => run([hc(21, 0, 0)], 0, 'x86')).toThrow(OutOfSliceError);
  });
});

describe('0 multicall (intended: runs on every port)', () => {
  const own = areaOf('riscv64', 0);
  const words = (at: number, ws: readonly number[]) => ws.map((w, i) => op.store(at + 4 * i, w, 4));
  it('runs the entries in order and writes each result into the upper half of word 1', () => {
    // [32 (get_vcpuid), 0][5 (shutdown), 1, 2]
    const batch = [32, 0, 5, 1, 2];
    const { m, codes } = run([...words(own, batch), hc(0, own, own + 4 * batch.length)]);
    expect(codes).toEqual([RC.OK]);
    expect(m.world.store.readLE(own + 4, 4)).toBe(0);
    expect(m.world.store.readLE(own + 12, 4)).toBe(1);
    expect(m.state().vcpus.find((v) => v.part === 2)?.extIrqsPend).toBe(1 << 3);
  });
  it('INVALID_PARAM for end < start; MULTICALL_ERROR for a wrong count or an empty slot', () => {
    expect(run([hc(0, own + 8, own)]).codes).toEqual([RC.INVALID_PARAM]);
    const r = run([...words(own, [5, 2, 2]), hc(0, own, own + 12)]);
    expect(r.codes).toEqual([RC.MULTICALL_ERROR]);
    expect(r.m.world.store.readLE(own + 4, 4)).toBe(((-3 << 16) | 2) >>> 0);
    expect(run([...words(own, [20, 0]), hc(0, own, own + 8)]).codes).toEqual([RC.MULTICALL_ERROR]);
  });
});
