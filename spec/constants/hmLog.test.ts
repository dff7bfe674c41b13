import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeHmOpCodeHi,
  decodeHmOpCodeLo,
  encodeHmOpCodeHi,
  encodeHmOpCodeLo,
  hmLogRecordSize,
  logStreamCapacity,
} from './hmLog.js';

describe('HM log records (prtos-states §4.5)', () => {
  it('are 36 bytes on x86 and 52 on the 64-bit ports', () => {
    expect(hmLogRecordSize('x86')).toBe(36);
    for (const arch of ['amd64', 'riscv64', 'aarch64', 'loongarch64'] as const)
      expect(hmLogRecordSize(arch)).toBe(52);
  });

  it('encode op codes with event 31..16, vCPU 15..8, partition 7..0 and seq 31..4, ctxt bit 1, SYS bit 0', () => {
    expect(encodeHmOpCodeLo({ event: 6, vcpu: 1, partition: 2 })).toBe(0x00060102);
    expect(encodeHmOpCodeHi({ seq: 3, cpuCtxtValid: true, sys: false })).toBe(0x32);
    fc.assert(
      fc.property(
        fc.record({
          event: fc.integer({ min: 0, max: 0xffff }),
          vcpu: fc.integer({ min: 0, max: 0xff }),
          partition: fc.integer({ min: 0, max: 0xff }),
        }),
        fc.record({
          seq: fc.integer({ min: 0, max: 0xfffffff }),
          cpuCtxtValid: fc.boolean(),
          sys: fc.boolean(),
        }),
        (lo, hi) => {
          expect(decodeHmOpCodeLo(encodeHmOpCodeLo(lo))).toEqual(lo);
          expect(decodeHmOpCodeHi(encodeHmOpCodeHi(hi))).toEqual(hi);
          expect(encodeHmOpCodeHi(hi) & 0xc).toBe(0);
        },
      ),
    );
  });

  it('hold (device size − 56) / record size entries', () => {
    expect(logStreamCapacity(0, 52)).toBe(0);
    expect(logStreamCapacity(56 + 52 * 3 + 51, 52)).toBe(3);
  });
});
