/**
 * The seeded-fault registry: every fault is described, names requirements of the catalogue, is
 * checked somewhere in the kernel and shown to change behaviour by some test of this folder
 * (the scenarios live beside the code each fault breaks; this file adds the one that has no
 * better home and makes sure none is forgotten).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUIREMENTS } from '../../spec/requirements/index.js';
import { SEEDED_FAULT_IDS, SEEDED_FAULTS, SeededFaults } from './faults.js';
import { buildSystem } from './testConfigs.js';
import { op, rig, sources } from './testkit.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('SEEDED_FAULTS', () => {
  const files = sources(here);
  const code = files.filter((f) => !f.file.endsWith('.test.ts') && f.file !== 'faults.ts');
  const tests = files.filter((f) => f.file.endsWith('.test.ts') && f.file !== 'faults.test.ts');
  const known = new Set(REQUIREMENTS.map((r) => r.id));

  it('lists each id once, described, breaking requirements of the catalogue', () => {
    expect(SEEDED_FAULTS.map((f) => f.id)).toEqual([...SEEDED_FAULT_IDS]);
    for (const f of SEEDED_FAULTS) {
      expect(f.description.length).toBeGreaterThan(20);
      expect(f.breaks.length).toBeGreaterThan(0);
      for (const id of f.breaks) expect(known.has(id), `${f.id} breaks unknown ${id}`).toBe(true);
    }
  });

  it('checks every fault in the kernel and exercises every fault in a test', () => {
    for (const id of SEEDED_FAULT_IDS) {
      expect(
        code.some((f) => f.text.includes(`'${id}'`)),
        `${id} in the kernel`,
      ).toBe(true);
      expect(
        tests.some((f) => f.text.includes(`'${id}'`)) || id === 'suspend-ignored-by-scheduler',
        `${id} in a test`,
      ).toBe(true);
    }
  });

  it('refuses an unknown id', () => {
    expect(() => new SeededFaults(['no-such-fault'])).toThrow(/unknown seeded fault/);
  });
});

describe('suspend-ignored-by-scheduler', () => {
  it('lets a suspended partition keep its slots', () => {
    const sys = buildSystem({
      arch: 'riscv64',
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
      partitions: [{ system: true }, {}],
    });
    const programs = { '0.0': [op.hc(2, 1)] };
    const clean = rig(sys, { programs });
    clean.run(197_841 + 1_500);
    expect(clean.kernel.view.cpus[0]?.current).toBe('idle');
    const bad = rig(sys, { programs, faults: ['suspend-ignored-by-scheduler'] });
    bad.run(197_841 + 1_500);
    expect(bad.kernel.view.cpus[0]?.current).toEqual({ part: 1, vcpu: 0 });
  });
});
