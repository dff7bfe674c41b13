// Sizes and offsets of the structures read back (layouts.ts), against the notes' figures and the
// spec's own record size.
import { describe, expect, it } from 'vitest';
import { hmLogRecordSize } from '../../spec/constants/index.js';
import {
  HM_STATUS_LAYOUT,
  hmLogLayout,
  partStatusLayout,
  planStatusLayout,
  sysStatusLayout,
} from './layouts.js';

describe('read-back layouts', () => {
  it('HM record: 36 bytes on x86, 52 on riscv64 (prtos-hypercalls §5.6), timestamp at 12 (packed)', () => {
    expect(hmLogLayout('x86').size).toBe(36);
    expect(hmLogLayout('riscv64').size).toBe(52);
    expect(hmLogLayout('riscv64').size).toBe(hmLogRecordSize('riscv64'));
    expect(hmLogLayout('x86').size).toBe(hmLogRecordSize('x86'));
    expect(hmLogLayout('riscv64').fields.timestamp).toEqual({ offset: 12, size: 8, signed: true });
  });

  it('system status: counters after the u32 at 4 on i386, at 8 on 64-bit ports', () => {
    expect(sysStatusLayout('x86').fields.numOfHmEvents.offset).toBe(4);
    expect(sysStatusLayout('riscv64').fields.numOfHmEvents.offset).toBe(8);
    expect(sysStatusLayout('riscv64').size).toBe(64);
  });

  it('partition status fits the 64-byte status union; exec clock is a signed 64-bit at 24', () => {
    expect(partStatusLayout('riscv64').size).toBe(64);
    expect(partStatusLayout('x86').fields.execClock).toEqual({ offset: 24, size: 8, signed: true });
  });

  it('plan status is 20 bytes on i386 and 24 elsewhere; HM status 12', () => {
    expect(planStatusLayout('x86').size).toBe(20);
    expect(planStatusLayout('riscv64').size).toBe(24);
    expect(HM_STATUS_LAYOUT.size).toBe(12);
  });
});
