// The per-vCPU scratch stack (scratch.ts): aligned, last-in first-out, bounded.
import { describe, expect, it } from 'vitest';
import { ScratchStack } from './scratch.js';

describe('ScratchStack', () => {
  it('hands out aligned blocks from the bottom of its region', () => {
    const s = new ScratchStack({ base: 0x1000, size: 64 });
    expect(s.push(3, 1)).toBe(0x1000);
    expect(s.push(8, 8)).toBe(0x1008);
    expect(s.used).toBe(16);
  });

  it('gives blocks back to a mark, so an inner user reuses the same bytes', () => {
    const s = new ScratchStack({ base: 0, size: 64 });
    const outer = s.push(8);
    const m = s.mark();
    const inner = s.push(16);
    expect(inner).toBe(outer + 8);
    s.release(m);
    expect(s.push(16)).toBe(inner);
  });

  it('refuses to overflow its region and bad marks', () => {
    const s = new ScratchStack({ base: 0, size: 16 });
    s.push(12);
    expect(() => s.push(8)).toThrow(/exhausted/);
    expect(() => s.release(40)).toThrow(RangeError);
  });
});
