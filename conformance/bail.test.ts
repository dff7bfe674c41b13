/**
 * The BAIL examples on the emulated PRTOS (issue 5): with `--fidelity real` each prints what the
 * real PRTOS prints on that architecture (examples/bail/<name>/expected.<arch>.txt: line text
 * and order, numbers such as addresses masked, times within 200 ms + 2 %); with the intended
 * fidelity each still reaches its verdicts.
 */
import { describe, expect, it } from 'vitest';
import * as kernel from '../impl/kernel/index.js';
import { BAIL_EXAMPLES, checkBailExample, runBailExample } from '../examples/bail/index.js';

const ARCHES = ['x86', 'riscv64'] as const;

describe('BAIL examples with --fidelity real match the real PRTOS console', () => {
  for (const example of BAIL_EXAMPLES) {
    for (const arch of ARCHES) {
      it(`${example.name} on ${arch}`, () => {
        const { mismatch } = checkBailExample(kernel, example, arch);
        expect(mismatch).toBeNull();
      });
    }
  }
});

describe('BAIL examples with the intended fidelity', () => {
  for (const example of BAIL_EXAMPLES) {
    for (const arch of ARCHES) {
      it(`${example.name} on ${arch} passes as many verifications as on the real system`, () => {
        const count = (lines: readonly { text: string }[]) =>
          lines.filter((l) => l.text.includes('Verification Passed')).length;
        const real = runBailExample(kernel, example, arch);
        const intended = runBailExample(kernel, example, arch, { fidelity: 'intended' });
        expect(count(real.console)).toBeGreaterThan(0);
        expect(count(intended.console)).toBe(count(real.console));
      });
    }
  }
});
