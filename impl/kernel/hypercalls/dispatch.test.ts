/**
 * The dispatcher (prtos-hypercalls §2): unknown and empty slots per port, argument narrowing,
 * the riscv64 pseudo-hypercalls and legacy SBI timer, multicall, get_gid_by_name and the x86
 * processor hypercalls this emulation answers.
 */
import { describe, expect, it } from 'vitest';
import { buildSystem } from '../testConfigs.js';
import { op, rig, type Rig } from '../testkit.js';

const X86_T0 = 21_000;
const RV_T0 = 197_841;
const sys = (arch: 'x86' | 'riscv64' | 'aarch64') =>
  buildSystem({
    arch,
    cpus: [
      [
        {
          majorFrame: 2000,
          name: 'main',
          slots: [
            { start: 0, duration: 1000, part: 0 },
            { start: 1000, duration: 1000, part: 1 },
          ],
        },
        { majorFrame: 2000, name: 'spare', slots: [{ start: 0, duration: 1000, part: 0 }] },
      ],
    ],
    partitions: [{ system: true, name: 'Boss' }, { name: 'Worker' }],
  });
const codes = (r: Rig) => r.of('ret').map((e) => e.code);

describe('unknown numbers and empty slots (§2.3, HC-A11)', () => {
  it('x86: UNKNOWN_HYPERCALL intended, -1 with unknown-hypercall-minus-one; the kernel prints it', () => {
    const r = rig(sys('x86'), { programs: { '0.0': [op.hc(50), op.hc(44)] } });
    r.run(X86_T0 + 10);
    expect(codes(r)).toEqual([-2, -2]);
    expect(r.console.map((l) => l.text)).toEqual(['Hypercall (50) unknown', 'Hypercall (44) unknown']);
    const q = rig(sys('x86'), { programs: { '0.0': [op.hc(50)] }, quirks: ['unknown-hypercall-minus-one'] });
    q.run(X86_T0 + 10);
    expect(codes(q)).toEqual([-1]);
  });

  it('riscv64: empty slots answer silently; aarch64 has no legacy SBI timer', () => {
    const r = rig(sys('riscv64'), { programs: { '0.0': [op.hc(20), op.hc(33), op.hc(43)] } });
    r.run(RV_T0 + 10);
    expect(codes(r)).toEqual([-2, -2, -2]);
    expect(r.console).toEqual([]);
    const a = rig(sys('aarch64'), { programs: { '0.0': [op.hc(46)] } });
    a.run(RV_T0 + 10);
    expect(codes(a)).toEqual([-2]);
  });
});

describe('riscv64 legacy SBI set_timer (A1)', () => {
  // a0 = 10 ticks per µs: ask for the timer at T0 + 1 500 µs, past P0's slot end at T0 + 1 000
  const ticks = (RV_T0 + 1_500) * 10;

  it('intended: a0 is unchanged and the slot still ends on time', () => {
    const r = rig(sys('riscv64'), { programs: { '0.0': [op.hc(ticks)] } });
    r.run(RV_T0 + 1_200);
    expect(codes(r)).toEqual([ticks]);
    expect(r.of('switch').at(-1)).toMatchObject({ t: RV_T0 + 1_000, to: { part: 1 } });
  });

  it('with riscv-sbi-set-timer-passthrough, the slot-end interrupt is lost until the guest’s time', () => {
    const r = rig(sys('riscv64'), {
      programs: { '0.0': [op.hc(ticks)] },
      quirks: ['riscv-sbi-set-timer-passthrough'],
    });
    r.run(RV_T0 + 1_200);
    expect(r.kernel.view.cpus[0]?.current).toEqual({ part: 0, vcpu: 0 });
    r.run(RV_T0 + 1_600);
    expect(r.of('switch').at(-1)).toMatchObject({ t: RV_T0 + 1_500, to: { part: 1 } });
  });
});

describe('argument narrowing (§2.2, HC-ERRATA-4)', () => {
  it('truncates each argument to the declared width', () => {
    // halt_partition's id is 32-bit on x86: 2^32 + 1 is partition 1
    const x = rig(sys('x86'), { programs: { '0.0': [op.hc(1, 2 ** 32 + 1)] } });
    x.run(X86_T0 + 10);
    expect(codes(x)).toEqual([0]);
    // and 64-bit on riscv64: out of range
    const r = rig(sys('riscv64'), {
      programs: { '0.0': [op.hc(1, 2 ** 32 + 1), op.hc(4, 1, 2 ** 32 + 1, 0)] },
    });
    r.run(RV_T0 + 10);
    expect(codes(r)).toEqual([-3, 0]);
  });

  it('x86 set_timer takes its 64-bit times as two registers each', () => {
    const value = X86_T0 + 5_000;
    const r = rig(sys('x86'), { programs: { '0.0': [op.hc(10, 0, value, 0, 7, 0)] } });
    r.run(X86_T0 + 10);
    expect(r.kernel.view.vcpus[0]?.hwTimer).toEqual({ armed: true, value, interval: 7 });
  });
});

describe('raise trap (45) with an unchecked number (A19)', () => {
  it('intended: ignored; with raise-trap-unchecked-panic: a system panic', () => {
    for (const trap of [9, 40]) {
      const r = rig(sys('riscv64'), { programs: { '0.0': [op.hc(45, trap)] } });
      r.run(RV_T0 + 10);
      expect(codes(r)).toEqual([45]);
      expect(r.of('hm')).toEqual([]);
      const q = rig(sys('riscv64'), {
        programs: { '0.0': [op.hc(45, trap)] },
        quirks: ['raise-trap-unchecked-panic'],
      });
      q.run(RV_T0 + 10);
      expect(q.of('system')).toMatchObject([{ what: 'panic' }]);
    }
  });
});

describe('multicall (§3.2, x86)', () => {
  const B = 0x6000100;
  it('runs each entry and stores its result in the upper half of its second word', () => {
    const batch = [
      op.store(B, 32),
      op.store(B + 4, 0),
      op.store(B + 8, 3),
      op.store(B + 12, 1),
      op.store(B + 16, 0),
      op.hc(0, B, B + 20),
      op.load(B + 4),
      op.load(B + 12),
    ];
    const r = rig(sys('x86'), { programs: { '0.0': batch } });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([0]);
    const loads = r.guest(0, 0)?.completed.filter((c) => c.kind === 'load');
    // get_vcpuid → 0; resume_partition(0) on itself → NO_ACTION (-1 << 16 | argc 1)
    expect(loads).toEqual([
      { kind: 'load', value: 0n },
      { kind: 'load', value: BigInt(((-1 << 16) | 1) >>> 0) },
    ]);
  });

  it('stops at a bad argument count with MULTICALL_ERROR; checks the range first', () => {
    const batch = [
      op.store(B, 32),
      op.store(B + 4, 2),
      op.hc(0, B, B + 8),
      op.load(B + 4),
      op.hc(0, B + 8, B),
      op.hc(0, 0, 0),
    ];
    const r = rig(sys('x86'), { programs: { '0.0': batch } });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([-8, -3, 0]);
    expect(r.console.map((l) => l.text)).toEqual(['[MULTICALL] hyp 32 no. params mismatches']);
    expect(r.guest(0, 0)?.completed.find((c) => c.kind === 'load')).toEqual({
      kind: 'load',
      value: BigInt(((-3 << 16) | 2) >>> 0),
    });
  });
});

describe('get_gid_by_name (§3.26)', () => {
  it('finds partitions and plans by name; INVALID_CONFIG when absent, INVALID_PARAM for a bad entity or pointer', () => {
    const N = 0x6000200;
    const ops = [
      op.store(N, 0x6b726f57, 4),
      op.store(N + 4, 0x7265, 4),
      op.hc(27, N, 0),
      op.store(N, 0x72617073, 4),
      op.store(N + 4, 0x65, 4),
      op.hc(27, N, 1),
      op.hc(27, N, 0),
      op.hc(27, N, 2),
      op.hc(27, 0, 0),
    ];
    const r = rig(sys('x86'), { programs: { '0.0': ops } });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([1, 1, -5, -3, -3]);
  });
});

describe('x86 processor hypercalls', () => {
  it('set_if and clear_if set the virtual IF; load_gdt checks its size; the paging ones refuse', () => {
    const G = 0x6000300;
    const ops = [
      op.hc(42),
      op.hc(43),
      op.store(G, 255, 2),
      op.hc(37, G),
      op.store(G, 256 + 255, 2),
      op.hc(37, G),
      op.hc(38, G),
      op.hc(22, 0),
      op.hc(25, 0, 0),
      op.hc(20, 0x6000001, 0),
      op.hc(21, 0x6000000, 3),
      op.hc(33, 0),
    ];
    const r = rig(sys('x86'), { programs: { '0.0': ops } });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([0, 0, 0, -3, 0, 0, 0, -3, -3, -7]);
  });
});
