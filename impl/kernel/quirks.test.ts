/**
 * The kernel's quirks are exactly the reproducible slice-1 quirks of spec/decisions that concern
 * the kernel, each one acted on somewhere in the kernel and shown on and off by some test here.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QUIRKS } from '../../spec/decisions/index.js';
import { KERNEL_QUIRKS, Quirks } from './quirks.js';
import { sources } from './testkit.js';

/** Slice-1 quirks that live in the guest library, not the kernel (spec/decisions libprtos.ts). */
const GUEST_SIDE = ['libprtos-vcpu-pct-stride'];

const here = fileURLToPath(new URL('.', import.meta.url));

describe('KERNEL_QUIRKS', () => {
  it('are the reproducible slice-1 kernel quirks of spec/decisions', () => {
    const slice1 = QUIRKS.filter((d) => d.quirk.slice === 1 && d.quirk.reproducible)
      .map((d) => d.quirk.id)
      .filter((id) => !GUEST_SIDE.includes(id));
    expect([...KERNEL_QUIRKS].sort()).toEqual(slice1.sort());
  });

  it('are each acted on in the kernel and tested', () => {
    const files = sources(here);
    const code = files.filter((f) => !f.file.endsWith('.test.ts') && f.file !== 'quirks.ts');
    const tests = files.filter((f) => f.file.endsWith('.test.ts') && f.file !== 'quirks.test.ts');
    for (const id of KERNEL_QUIRKS) {
      expect(
        code.some((f) => f.text.includes(`'${id}'`)),
        `${id} in the kernel`,
      ).toBe(true);
      expect(
        tests.some((f) => f.text.includes(`'${id}'`)),
        `${id} in a test`,
      ).toBe(true);
    }
  });

  it('answers for the ids given and keeps ids of other slices', () => {
    const q = new Quirks(['verbose-trap-print', 'trace-seq-mask']);
    expect(q.on('verbose-trap-print')).toBe(true);
    expect(q.on('riscv-virq-lost')).toBe(false);
    expect(q.ids).toContain('trace-seq-mask');
  });
});
