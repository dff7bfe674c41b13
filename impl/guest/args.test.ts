// Argument encoding per architecture (args.ts): widths from spec/constants, x86 64-bit times in
// two registers low word first (prtos-hypercalls §7.1 set_timer note).
import { describe, expect, it } from 'vitest';
import { encodeArg, encodeArgs, hypercallNumber, u32 } from './args.js';

describe('encodeArg', () => {
  it('narrows u32, u16 and u8 to their unsigned values on every port', () => {
    expect(encodeArg('riscv64', 'u32', -1)).toEqual([0xffffffff]);
    expect(encodeArg('x86', 'u32', 0x1_0000_0005)).toEqual([5]);
    expect(encodeArg('riscv64', 'u16', 0x12345)).toEqual([0x2345]);
    expect(encodeArg('x86', 'u8', 256 + 24)).toEqual([24]);
  });

  it('wraps s32 to its signed value', () => {
    expect(encodeArg('x86', 's32', 0xffffffff)).toEqual([-1]);
    expect(encodeArg('riscv64', 's32', -7)).toEqual([-7]);
  });

  it('gives ids and pointers the port width: 32 bits on x86, the value itself on riscv64', () => {
    expect(encodeArg('x86', 'id', -1)).toEqual([0xffffffff]);
    expect(encodeArg('riscv64', 'id', -1)).toEqual([-1]);
    expect(encodeArg('x86', 'pointer', 0x1_8600_0000)).toEqual([0x8600_0000]);
    expect(encodeArg('riscv64', 'pointer', 0x1_8600_0000)).toEqual([0x1_8600_0000]);
  });

  it('splits a 64-bit time into low and high words on x86 only', () => {
    expect(encodeArg('x86', 'time', 0x2_0000_0003)).toEqual([3, 2]);
    expect(encodeArg('x86', 'time', -2)).toEqual([0xfffffffe, 0xffffffff]);
    expect(encodeArg('riscv64', 'time', 0x2_0000_0003)).toEqual([0x2_0000_0003]);
    expect(encodeArg('amd64', 'time', -2)).toEqual([-2]);
  });

  it('rejects values that are not safe integers', () => {
    expect(() => encodeArg('x86', 'u32', 1.5)).toThrow(RangeError);
  });
});

describe('encodeArgs', () => {
  it('lays out set_timer as five registers on x86 and three on riscv64', () => {
    expect(encodeArgs('x86', 'set_timer', [0, 1_207_389, 1_000_000])).toEqual([
      0, 1_207_389, 0, 1_000_000, 0,
    ]);
    expect(encodeArgs('riscv64', 'set_timer', [1, 2 ** 40, 5])).toEqual([1, 2 ** 40, 5]);
  });

  it('checks the argument count against the declaration', () => {
    expect(() => encodeArgs('riscv64', 'halt_partition', [])).toThrow(/takes 1 arguments/);
  });

  it('knows hypercall numbers by name', () => {
    expect(hypercallNumber('get_vcpuid')).toBe(32);
    expect(hypercallNumber('write_object')).toBe(12);
  });

  it('u32 turns a JavaScript bit pattern into its unsigned value', () => {
    expect(u32(1 << 31)).toBe(0x80000000);
    expect(u32(~0)).toBe(0xffffffff);
  });
});
