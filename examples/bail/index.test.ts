// The example list (index.ts): every example's configurations validate for their architecture,
// and its images cover exactly the configuration's partitions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../spec/config/validate/validate.js';
import { BAIL_EXAMPLES, bailExampleNamed, type BailArch } from './index.js';

describe('BAIL examples', () => {
  it('are the seven of the study, by name', () => {
    expect(BAIL_EXAMPLES.map((e) => e.name)).toEqual([
      'helloworld',
      'helloworld_smp',
      'example.001',
      'example.002',
      'example.006',
      'example.007',
      'example.008',
    ]);
    expect(bailExampleNamed('example.006')?.name).toBe('example.006');
    expect(bailExampleNamed('example.003')).toBeUndefined();
  });

  for (const ex of BAIL_EXAMPLES) {
    for (const arch of ['x86', 'riscv64'] as const satisfies readonly BailArch[]) {
      it(`${ex.name} ${arch}: the configuration validates and every partition has an image`, () => {
        const r = validateConfig(readFileSync(fileURLToPath(ex.config(arch)), 'utf8'), arch);
        expect(r.issues).toEqual([]);
        const ids = r.config?.partitions.map((p) => p.id) ?? [];
        const images = ex.images(arch);
        expect(Object.keys(images).map(Number)).toEqual(ids);
        // Fresh instances per call: statics are not shared between runs.
        expect(ex.images(arch)[0]).not.toBe(images[0]);
      });
    }
  }
});
