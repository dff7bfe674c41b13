import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HYPERCALL_SYSTEM_RESET_STATUS,
  PART_FLAGS,
  RESET_STATUS,
  hmPartitionResetStatus,
  hmSystemResetStatus,
  resetStatusWord,
} from './partition.js';

describe('partition flags', () => {
  it('are SYSTEM 0x100, FP 0x200, HWVIRT 0x400 (prtosconf.h:127-129)', () => {
    expect(PART_FLAGS).toEqual({ SYSTEM: 0x100, FP: 0x200, HWVIRT: 0x400 });
  });
});

describe('reset status words (prtos-states §1.3, §6.3)', () => {
  it('an HM system reset records (2 << 16) | event', () => {
    expect(hmSystemResetStatus(0)).toBe(0x20000);
    expect(hmSystemResetStatus(12)).toBe(0x2000c);
    expect(RESET_STATUS.HM_MODULE_RESTART).toBe(2);
  });

  it('a reset_system hypercall records 0, an HM partition reset the raw event', () => {
    expect(HYPERCALL_SYSTEM_RESET_STATUS).toBe(0);
    expect(hmPartitionResetStatus(20)).toBe(20);
  });

  it('keeps the event in the low 16 bits and the code in the high 16', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (code, event) => {
          const w = resetStatusWord(code, event);
          expect(w >>> 16).toBe(code);
          expect(w & 0xffff).toBe(event & 0xffff);
        },
      ),
    );
  });
});
