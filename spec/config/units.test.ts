import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimeUnit, SizeUnit, FreqUnit, Hex } from './simpleTypes.js';
import {
  UINT_MAX,
  cDoublePrefix,
  exceedsUintMax,
  strtoul64,
  toFrequencyKhz,
  toSize,
  toTime,
  toU32,
} from './units.js';

describe('time, size and frequency conversion as prtoscparser does it', () => {
  it.each([
    ['500ms', 500_000],
    ['1.5S', 1_500_000],
    ['1s', 1_000_000],
    ['250us', 250],
    ['0.5us', 0],
    ['100uS', 100],
    ['2mS', 2000],
    ['1x5ms', 1000], // the XSD's "." is any character; sscanf reads only "1"
  ])('time %s = %i µs', (s, us) => expect(toTime(s)).toBe(us));

  it.each([
    ['1MB', 1048576],
    ['0.5MB', 524288],
    ['4KB', 4096],
    ['16B', 16],
  ])('size %s = %i bytes', (s, b) => expect(toSize(s)).toBe(b));

  it.each([
    ['1.5MHz', 1500],
    ['100MHz', 100000],
    ['32KHz', 32],
  ])('frequency %s = %i kHz', (s, k) => expect(toFrequencyKhz(s)).toBe(k));

  it('refuses 32-bit overflow the way the parser does (value kept for the error)', () => {
    expect(exceedsUintMax(toTime('5000s'))).toBe(true);
    expect(exceedsUintMax(toSize('4096MB'))).toBe(true);
    expect(exceedsUintMax(toSize('4095MB'))).toBe(false);
    expect(toTime('4294.967295s')).toBeGreaterThanOrEqual(UINT_MAX);
  });

  it('truncates fractional microseconds toward zero like a C cast', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000 }), fc.integer({ min: 0, max: 999 }), (whole, frac) => {
        const s = `${whole}.${String(frac).padStart(3, '0')}ms`;
        expect(toTime(s)).toBe(Math.trunc(Number(`${whole}.${String(frac).padStart(3, '0')}`) * 1000));
      }),
    );
  });
});

describe('integers as strtoul then a 32-bit field', () => {
  it('wraps addresses above 4 GiB (negative case MX18)', () =>
    expect(toU32('0x106000000', 16)).toBe(0x6000000));
  it('saturates at 2^64-1 before narrowing', () => expect(toU32('0x' + 'f'.repeat(40), 16)).toBe(0xffffffff));
  it('accepts leading whitespace and a plus sign', () => expect(toU32('  +42', 10)).toBe(42));
  it('reads a minus modulo 2^64', () => expect(strtoul64('-1', 10)).toBe((1n << 64n) - 1n));
  it('reads hex floats and exponents like sscanf', () => {
    expect(cDoublePrefix('0x5ms')).toBe(5);
    expect(cDoublePrefix('1e3ms')).toBe(1000);
    expect(cDoublePrefix('ms')).toBe(0);
  });
});

describe('schema patterns of the unit types', () => {
  const valid = (c: { validate: (s: string, ctx: []) => { _tag: string } }, s: string) =>
    c.validate(s, [])._tag === 'Right';
  it('time needs a unit', () => {
    expect(valid(TimeUnit, '1500')).toBe(false);
    expect(valid(TimeUnit, '1500ms')).toBe(true);
    expect(valid(TimeUnit, '1.5S')).toBe(true);
  });
  it('size units are upper case', () => {
    expect(valid(SizeUnit, '1mb')).toBe(false);
    expect(valid(SizeUnit, '1MB')).toBe(true);
  });
  it('frequency allows Hz or hz after M or K', () => {
    expect(valid(FreqUnit, '10Mhz')).toBe(true);
    expect(valid(FreqUnit, '10Hz')).toBe(false);
  });
  it('hex needs a lower-case 0x and no whitespace', () => {
    expect(valid(Hex, '0X10')).toBe(false);
    expect(valid(Hex, ' 0x10')).toBe(false);
    expect(valid(Hex, '0xAbC')).toBe(true);
  });
});
