/**
 * Address spaces and guest pointers (prtos-states §8 S1, S2; prtos-hypercalls §4; decisions
 * ST-A2/HC-A13, ST-A3, HC-A14): what a partition's own ops may touch, and what a hypercall
 * accepts as a pointer, intended and with each quirk.
 */
import { describe, expect, it } from 'vitest';
import { objDescBuild, OBJ_CLASS } from '../../spec/constants/objects.js';
import { X86_PCT_VIRTUAL_BASE } from '../../spec/pct.js';
import { buildSystem, type TestArea } from './testConfigs.js';
import { op, rig } from './testkit.js';

const X86_T0 = 21_000;
const RV_T0 = 197_841;

function system(arch: 'x86' | 'riscv64') {
  const base = arch === 'riscv64' ? 0x80000000 : 0;
  const own: TestArea[] = [
    { start: base + 0x6000000, size: 0x100000 },
    { start: base + 0x6800000, size: 0x10000, flags: 'read-only' },
    { start: base + 0x6900000, size: 0x10000, flags: 'shared' },
    { start: base + 0x6a00000, size: 0x10000, flags: 'unmapped' },
  ];
  return buildSystem({
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
    partitions: [
      { areas: own },
      {
        areas: [
          { start: base + 0x6100000, size: 0x100000 },
          { start: base + 0x6900000, size: 0x10000, flags: 'shared' },
        ],
      },
    ],
  });
}

const codes = (r: ReturnType<typeof rig>) => r.of('ret').map((e) => e.code);

describe('a partition address space (S1)', () => {
  it('x86: own rw, read-only no store, shared rw, unmapped absent, others absent, PCT read-only', () => {
    const pct = X86_PCT_VIRTUAL_BASE;
    const ops = [op.store(0x6000000, 1), op.load(0x6800000), op.store(0x6900000, 5), op.load(pct)];
    const r = rig(system('x86'), { programs: { '0.0': ops, '1.0': [op.load(0x6900000)] } });
    r.run(X86_T0 + 2_000);
    expect(r.of('hm')).toEqual([]);
    expect(r.guest(1, 0)?.completed[0]).toEqual({ kind: 'load', value: 5n });
    for (const bad of [
      op.store(0x6800000, 1),
      op.load(0x6a00000),
      op.load(0x6100000),
      op.store(pct, 1),
      op.load(0x1000000),
    ]) {
      const f = rig(system('x86'), { programs: { '0.0': [bad] } });
      f.run(X86_T0 + 10);
      expect(f.of('hm')).toMatchObject([{ part: 0, event: 20 }]);
    }
  });

  it('riscv64 with riscv-stage2-ignores-area-flags: every area writable, the PCT too (A3)', () => {
    const r = rig(system('riscv64'), { quirks: ['riscv-stage2-ignores-area-flags'] });
    const pct = r.kernel.view.vcpus[0]?.pct ?? 0;
    const q = rig(system('riscv64'), {
      quirks: ['riscv-stage2-ignores-area-flags'],
      programs: { '0.0': [op.store(0x86800000, 1), op.store(0x86a00000, 1), op.store(pct + 24, 99)] },
    });
    q.run(RV_T0 + 10);
    expect(q.of('hm')).toEqual([]);
    expect(q.machine.memory.read(pct + 24, 4)).toBe(99);
    const intended = rig(system('riscv64'), { programs: { '0.0': [op.store(pct + 24, 99)] } });
    intended.run(RV_T0 + 10);
    expect(intended.of('hm')).toMatchObject([{ event: 12 }]);
  });
});

describe('hypercall pointers (S2)', () => {
  it('intended: a written range must be writable in the caller space, a read range readable', () => {
    const console = objDescBuild(OBJ_CLASS.CONSOLE, 0, 0);
    const ops = [
      op.hc(9, 0, 0x6000000),
      op.hc(9, 0, 0),
      op.hc(9, 0, 0x6800000),
      op.hc(9, 0, 0x6100000),
      op.hc(9, 0, 0x60ffffc),
      op.hc(9, 0, X86_PCT_VIRTUAL_BASE),
      op.hc(9, 0, 0xfc000000),
      op.hc(12, console, 0x6800000, 4, 0),
      op.hc(12, console, X86_PCT_VIRTUAL_BASE, 4, 0),
    ];
    const r = rig(system('x86'), { programs: { '0.0': ops } });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([0, -3, -3, -3, -3, -3, -3, 4, 4]);
  });

  it('x86 with x86-gp-probe-no-readonly: a read-only page passes a write check, and is written (HC-A14)', () => {
    const r = rig(system('x86'), {
      programs: { '0.0': [op.hc(9, 0, 0x6800000)] },
      quirks: ['x86-gp-probe-no-readonly'],
    });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([0]);
    expect(r.machine.memory.readBig(0x6800000, 8)).toBe(BigInt(X86_T0 + 2));
  });

  it('riscv64 with gp-param-unchecked: any address of the board is accepted and written (A2)', () => {
    const ops = [op.hc(9, 0, 0x86100000), op.hc(9, 0, 0x1_86100008)];
    const r = rig(system('riscv64'), { programs: { '0.0': ops }, quirks: ['gp-param-unchecked'] });
    r.run(RV_T0 + 100);
    expect(codes(r)).toEqual([0, 0]);
    expect(r.machine.memory.readBig(0x86100000, 8)).toBe(BigInt(RV_T0 + 2));
    // bits above 32 are dropped
    expect(r.machine.memory.readBig(0x86100008, 8)).toBe(BigInt(RV_T0 + 4));
    const intended = rig(system('riscv64'), { programs: { '0.0': ops } });
    intended.run(RV_T0 + 100);
    expect(codes(intended)).toEqual([-3, -3]);
  });

  it('riscv64 with gp-param-unchecked: an address outside the memory regions makes the hypervisor fault', () => {
    const r = rig(system('riscv64'), {
      programs: { '0.0': [op.hc(9, 0, 0x10000)] },
      quirks: ['gp-param-unchecked'],
    });
    r.run(RV_T0 + 100);
    expect(r.of('system')).toMatchObject([{ what: 'halt' }]);
    expect(r.of('hm')).toEqual([]);
  });
});
