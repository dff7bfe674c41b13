/**
 * Partition and vCPU lifecycle through the hypercalls (prtos-states §1.2–§1.5, §2.3;
 * prtos-hypercalls §3.3–§3.10, §3.27–§3.31): every return code in the notes' check order, what a
 * reset does and does not do (§1.3), and the remote-lifecycle quirk (A10).
 *
 * System: riscv64, one CPU, MAF 3 ms: P0 (system) [0, 1000), P1 [1000, 2000), P2 [2000, 3000)
 * µs; T0 = 197 841. A hypercall costs 2 µs.
 */
import { describe, expect, it } from 'vitest';
import { KTHREAD_FLAGS } from '../../spec/constants/vcpu.js';
import { pctField } from '../../spec/pct.js';
import { buildSystem } from './testConfigs.js';
import { op, rig } from './testkit.js';

const T0 = 197_841;
const three = buildSystem({
  arch: 'riscv64',
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
  partitions: [{ system: true }, {}, {}],
});
const H = KTHREAD_FLAGS.HALTED;
const S = KTHREAD_FLAGS.SUSPENDED;
const R = KTHREAD_FLAGS.READY;
const codes = (r: ReturnType<typeof rig>, part: number) =>
  r
    .of('ret')
    .filter((e) => e.part === part)
    .map((e) => e.code);
const COUNTER = pctField('riscv64', 'resetCounter').offset;
const STATUS = pctField('riscv64', 'resetStatus').offset;
/** Reset counter and reset status of (part, vcpu), read from its PCT as a status request does. */
function resetInfo(r: ReturnType<typeof rig>, index: number): [number, number] {
  const pct = r.kernel.view.vcpus[index]?.pct ?? 0;
  return [r.machine.memory.read(pct + COUNTER, 4), r.machine.memory.read(pct + STATUS, 4)];
}

describe('halt_partition (P2, P3)', () => {
  it('other: PERM_ERROR, INVALID_PARAM, OK, then NO_ACTION; prints the kernel line on success', () => {
    const r = rig(three, {
      programs: {
        '1.0': [op.hc(1, 2)],
        '0.0': [op.hc(1, 7), op.hc(1, 2), op.hc(1, 2)],
      },
    });
    r.run(T0 + 2_500);
    expect(codes(r, 0)).toEqual([-3, 0, -1]);
    expect(codes(r, 1)).toEqual([-4]);
    expect(r.console.filter((l) => l.part === null).map((l) => [l.t, l.text])).toEqual([
      [T0 + 4, '[HYPERCALL] (0x2) Halted'],
    ]);
    expect(r.of('partState')).toEqual([{ t: T0 + 4, ev: 'partState', part: 2, from: 'READY', to: 'HALTED' }]);
    // P2's slot is then idle (T2)
    expect(r.kernel.view.cpus[0]?.current).toBe('idle');
  });

  it('self: halts, prints, never returns, and the CPU idles for the rest of the slot', () => {
    const r = rig(three, { programs: { '1.0': [op.hc(1, 1), op.compute(5)] } });
    r.run(T0 + 1_500);
    expect(r.of('ret').filter((e) => e.part === 1)).toEqual([]);
    expect(r.of('switch').at(-1)).toMatchObject({ t: T0 + 1_005, to: 'idle' });
    const v = r.kernel.view.partitions[1];
    expect(v?.opMode).toBe('IDLE');
    expect(v?.vcpus[0]?.opMode).toBe('IDLE');
    expect((v?.vcpus[0]?.flags ?? 0) & H).toBe(H);
  });

  it('with privilege-check-skipped, a non-system partition halts another', () => {
    const r = rig(three, { programs: { '1.0': [op.hc(1, 2)] }, faults: ['privilege-check-skipped'] });
    r.run(T0 + 1_100);
    expect(codes(r, 1)).toEqual([0]);
  });
});

describe('suspend_partition and resume_partition (P4–P6)', () => {
  it('suspends and resumes another partition, with every NO_ACTION and PERM_ERROR', () => {
    const r = rig(three, {
      programs: {
        '0.0': [
          op.hc(3, 0),
          op.hc(2, 9),
          op.hc(2, 1),
          op.hc(2, 1),
          op.hc(3, 9),
          op.hc(8),
          op.hc(3, 1),
          op.hc(3, 1),
        ],
        '2.0': [op.hc(3, 1), op.hc(2, 1)],
      },
    });
    r.run(T0 + 3_500);
    // own id first (NO_ACTION), range, OK, already suspended, range, [idle], OK, nothing suspended
    expect(codes(r, 0)).toEqual([-1, -3, 0, -1, -3, 0, 0, -1]);
    expect(codes(r, 2)).toEqual([-4, -4]);
    // P1 was suspended during its whole first slot, so never switched in before the resume
    expect(r.of('switch').some((e) => e.to !== 'idle' && e.to.part === 1 && e.t < T0 + 3_000)).toBe(false);
    expect(
      r
        .of('partState')
        .filter((e) => e.part === 1)
        .map((e) => [e.from, e.to]),
    ).toEqual([
      ['READY', 'SUSPENDED'],
      ['SUSPENDED', 'READY'],
    ]);
  });

  it('a self-suspend returns OK only when a system partition has resumed it', () => {
    const r = rig(three, { programs: { '1.0': [op.hc(2, 1)], '0.0': [op.compute(1_500), op.hc(3, 1)] } });
    r.run(T0 + 5_000);
    // P0 resumes it in its second slot (T0+3 005 + the 502 µs of compute left), P1 gets OK at its next slot
    expect(r.of('ret').filter((e) => e.part === 1)).toMatchObject([{ t: T0 + 4_000, nr: 2, code: 0 }]);
  });
});

describe('reset_partition (P7, §1.3)', () => {
  it('checks permission and range for another partition, then the mode', () => {
    const r = rig(three, {
      programs: {
        '1.0': [op.hc(4, 2, 0, 0)],
        '0.0': [op.hc(4, 9, 0, 0), op.hc(4, 1, 2, 0), op.hc(4, 1, 1, 77)],
      },
    });
    r.run(T0 + 1_100);
    expect(codes(r, 0)).toEqual([-3, -3, 0]);
    expect(codes(r, 1)).toEqual([-4]);
  });

  it('warm: counter + 1, status stored, op modes WARM_RESET, only vCPU0 restarted, S and timers kept', () => {
    const r = rig(three, {
      programs: {
        '1.0': [op.hc(10, 0, T0 + 900_000, 0), op.hc(10, 1, 900_000, 0), op.compute(50)],
        '0.0': [op.hc(8), op.hc(2, 1), op.hc(4, 1, 1, 0x1234)],
      },
    });
    r.run(T0 + 3_200);
    expect(codes(r, 0)).toEqual([0, 0, 0]);
    const starts = r.starts.filter((s) => s.part === 1);
    expect(starts.map((s) => s.reason)).toEqual(['boot', 'warm']);
    expect(starts[1]?.entry).toBe(0x86100000);
    const k = r.kernel.view.vcpus[1];
    expect(resetInfo(r, 1)).toEqual([1, 0x1234]);
    expect(r.kernel.view.partitions[1]?.opMode).toBe('WARM_RESET');
    expect(k?.opMode).toBe('WARM_RESET');
    expect((k?.flags ?? 0) & (S | H | R)).toBe(S | R);
    expect(k?.hwTimer.armed).toBe(true);
    expect(k?.execTimer.armed).toBe(true);
    expect(r.kernel.view.execClock(1, 0, T0 + 3_200)).toBe(1_000);
    // suspended: not scheduled although reset (REQ-PART-19)
    r.run(T0 + 4_500);
    expect(r.of('switch').filter((e) => e.t > T0 + 3_000 && e.to !== 'idle' && e.to.part === 1)).toEqual([]);
  });

  it('with reset-clears-suspend, the reset partition runs again', () => {
    const r = rig(three, {
      programs: { '0.0': [op.hc(2, 1), op.hc(4, 1, 1, 0)] },
      faults: ['reset-clears-suspend'],
    });
    r.run(T0 + 1_100);
    expect(r.kernel.view.cpus[0]?.current).toEqual({ part: 1, vcpu: 0 });
  });

  it('cold: the counter reads 0 and the op modes are COLD_RESET', () => {
    const r = rig(three, { programs: { '0.0': [op.hc(4, 1, 1, 0), op.hc(4, 1, 1, 0), op.hc(4, 1, 0, 5)] } });
    r.run(T0 + 100);
    expect(resetInfo(r, 1)).toEqual([0, 5]);
    expect(r.kernel.view.partitions[1]?.opMode).toBe('COLD_RESET');
    const two = rig(three, { programs: { '0.0': [op.hc(4, 1, 1, 0), op.hc(4, 1, 1, 0)] } });
    two.run(T0 + 100);
    expect(resetInfo(two, 1)).toEqual([2, 0]);
  });

  it('self from vCPU0 restarts the caller at once and never returns', () => {
    const r = rig(three, {
      programs: { '1.0': [op.compute(10), op.hc(4, 1, 1, 3)] },
      restartPrograms: { '1.0': [] },
    });
    r.run(T0 + 1_100);
    expect(r.of('ret').filter((e) => e.part === 1)).toEqual([]);
    expect(r.starts.filter((s) => s.part === 1).map((s) => s.reason)).toEqual(['boot', 'warm']);
    expect(r.kernel.view.cpus[0]?.current).toEqual({ part: 1, vcpu: 0 });
    // the restarted context is running
    expect(r.machine.cpu(0).context?.label).toBe(r.guest(1, 0)?.label);
  });

  it('of a partition without an image fails with INVALID_CONFIG and leaves it halted (A55)', () => {
    const r = rig(three, { programs: { '0.0': [op.hc(4, 2, 0, 0)] }, withoutImage: [2] });
    r.run(T0 + 100);
    expect(codes(r, 0)).toEqual([-5]);
    expect(r.kernel.view.vcpus[2]?.flags).toBe(H);
  });
});

describe('shutdown_partition (P8)', () => {
  it('only makes SHUTDOWN pending on the non-halted vCPUs', () => {
    const r = rig(three, { programs: { '2.0': [op.hc(5, 0)], '0.0': [op.hc(5, 2), op.hc(5, 9)] } });
    r.run(T0 + 2_100);
    expect(codes(r, 0)).toEqual([0, -3]);
    expect(codes(r, 2)).toEqual([-4]);
    expect(r.of('virqPend').filter((e) => e.irq === 3)).toEqual([
      { t: T0 + 2, ev: 'virqPend', part: 2, vcpu: 0, irq: 3, kind: 'ext' },
    ]);
  });
});

describe('halt_system and reset_system (§6.2, §6.3)', () => {
  it('need a system partition; the run then stops', () => {
    const r = rig(three, {
      programs: { '1.0': [op.hc(6), op.hc(7, 0)], '0.0': [op.compute(1_200), op.hc(6)] },
    });
    r.run(T0 + 4_000);
    expect(codes(r, 1)).toEqual([-4, -4]);
    // P0 computes 998 µs in its first slot and the remaining 202 from T0+3 005 on
    expect(r.of('system')).toEqual([{ t: T0 + 3_005 + 202, ev: 'system', what: 'halt' }]);
    expect(r.machine.stopped).not.toBeNull();
    expect(r.console.at(-1)?.text).toBe('System halted.');
  });

  it('reset: INVALID_PARAM for a bad mode; cold sets the counter to 0; riscv64 panics under its quirk', () => {
    const ok = rig(three, { programs: { '0.0': [op.hc(7, 3), op.hc(7, 1)] } });
    ok.run(T0 + 100);
    expect(codes(ok, 0)).toEqual([-3]);
    expect(ok.of('system')).toMatchObject([{ what: 'reset', mode: 'warm' }]);
    expect(ok.kernel.view.system).toMatchObject({ status: 'reset', resetCounter: 1 });
    const cold = rig(three, { programs: { '0.0': [op.hc(7, 0)] } });
    cold.run(T0 + 100);
    expect(cold.kernel.view.system.resetCounter).toBe(0);
    const real = rig(three, { programs: { '0.0': [op.hc(7, 1)] }, quirks: ['sysreset-unimplemented-panic'] });
    real.run(T0 + 100);
    expect(real.of('system')).toMatchObject([{ what: 'panic', reason: 'Unreachable point' }]);
    expect(real.of('hm')).toMatchObject([{ event: 0, sys: true, action: 8, logged: true }]);
  });
});

describe('vCPU hypercalls (V1–V5)', () => {
  const two = buildSystem({
    arch: 'riscv64',
    cpus: [
      [
        {
          majorFrame: 2000,
          slots: [
            { start: 0, duration: 1000, part: 0, vcpu: 0 },
            { start: 1000, duration: 1000, part: 0, vcpu: 1 },
          ],
        },
      ],
    ],
    partitions: [{ vcpus: 2 }],
  });

  it('reset_vcpu starts a secondary vCPU: counter 1, status, READY; range checked first', () => {
    const r = rig(two, {
      programs: { '0.0': [op.hc(28, 2, 0, 0, 0), op.hc(28, 1, 0, 0x86000200, 9), op.hc(32)] },
    });
    r.run(T0 + 1_100);
    expect(codes(r, 0)).toEqual([-3, 0, 0]);
    expect(r.starts.map((s) => [s.part, s.vcpu, s.reason, s.entry])).toEqual([
      [0, 0, 'boot', 0x86000000],
      [0, 1, 'vcpu', 0x86000200],
    ]);
    expect(resetInfo(r, 1)).toEqual([1, 9]);
    expect(resetInfo(r, 0)).toEqual([0, 0]);
    expect(r.kernel.view.cpus[0]?.current).toEqual({ part: 0, vcpu: 1 });
  });

  it('halt_vcpu: range, NO_ACTION when halted, halting self reschedules', () => {
    const r = rig(two, { programs: { '0.0': [op.hc(29, 2), op.hc(29, 1), op.hc(29, 0)] } });
    r.run(T0 + 100);
    expect(codes(r, 0)).toEqual([-3, -1]);
    expect(r.kernel.view.cpus[0]?.current).toBe('idle');
  });

  it('suspend_vcpu / resume_vcpu: intended guards, and the inverted real ones (A29)', () => {
    const prog = [
      op.hc(28, 1, 0, 0, 0),
      op.hc(30, 1),
      op.hc(30, 1),
      op.hc(31, 1),
      op.hc(31, 1),
      op.hc(30, 4),
    ];
    const r = rig(two, { programs: { '0.0': prog } });
    r.run(T0 + 100);
    expect(codes(r, 0)).toEqual([0, 0, -1, 0, -1, -3]);
    const q = rig(two, { programs: { '0.0': prog }, quirks: ['vcpu-suspend-resume-inverted'] });
    q.run(T0 + 100);
    expect(codes(q, 0)).toEqual([0, -1, -1, 0, 0, -3]);
  });
});

describe('remote lifecycle (A10)', () => {
  const smp = buildSystem({
    arch: 'riscv64',
    cpus: [
      [{ majorFrame: 2000, slots: [{ start: 0, duration: 2000, part: 0 }] }],
      [{ majorFrame: 2000, slots: [{ start: 0, duration: 2000, part: 1 }] }],
    ],
    partitions: [{ system: true }, {}],
  });

  it('intended: halting a partition running on another CPU stops it at once (an IPI)', () => {
    const r = rig(smp, { programs: { '0.0': [op.compute(100), op.hc(1, 1)] } });
    r.run(T0 + 300);
    expect(
      r
        .of('switch')
        .filter((e) => e.cpu === 1)
        .map((e) => [e.t, e.to]),
    ).toEqual([
      [T0, { part: 1, vcpu: 0 }],
      [T0 + 102, 'idle'],
    ]);
  });

  it('with remote-lifecycle-no-ipi, it runs on until its CPU next schedules', () => {
    const r = rig(smp, {
      programs: { '0.0': [op.compute(100), op.hc(1, 1)] },
      quirks: ['remote-lifecycle-no-ipi'],
    });
    r.run(T0 + 1_900);
    expect(r.kernel.view.cpus[1]?.current).toEqual({ part: 1, vcpu: 0 });
    r.run(T0 + 2_100);
    expect(r.kernel.view.cpus[1]?.current).toBe('idle');
  });
});
