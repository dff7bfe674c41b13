import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeConfig } from '../../spec/config/encode.js';
import { validateConfig } from '../../spec/config/validate/validate.js';
import { buildConfig, configShapeArb } from './config.js';

describe('generated configurations', () => {
  it('are valid for prtoscparser rules (validator) on every architecture they are made for', () => {
    fc.assert(
      fc.property(
        configShapeArb({ arches: ['x86', 'riscv64', 'amd64', 'aarch64', 'loongarch64'] }),
        (shape) => {
          const config = buildConfig(shape);
          const r = validateConfig(encodeConfig(config), config.arch);
          if (!r.ok) expect.fail(r.issues.map((i) => `${i.line}: ${i.message} [${i.rule}]`).join('\n'));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('pin every vCPU to exactly one CPU and schedule it in plan 0 there', () => {
    fc.assert(
      fc.property(configShapeArb(), (shape) => {
        const c = buildConfig(shape);
        for (const p of c.partitions) {
          for (let v = 0; v < p.vcpus; v++) {
            const cpus = c.hw.processors.filter((cpu) =>
              cpu.plans.some((plan) => plan.slots.some((s) => s.partitionId === p.id && s.vcpuId === v)),
            );
            expect(cpus).toHaveLength(1);
            expect(cpus[0]?.plans[0]?.slots.some((s) => s.partitionId === p.id && s.vcpuId === v)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
