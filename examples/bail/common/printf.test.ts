// BAIL's printf rules (printf.ts, from user/bail/common/std_c.c:188-391).
import { describe, expect, it } from 'vitest';
import { formatBail } from './printf.js';

const rv = (fmt: string, ...args: (number | bigint | string)[]) => formatBail(fmt, args, { longBits: 64 });
const x86 = (fmt: string, ...args: (number | bigint | string)[]) => formatBail(fmt, args, { longBits: 32 });

describe('formatBail', () => {
  it('prints %d %u %s %c as C would, without any prefix', () => {
    expect(rv('[%d] ', 2)).toBe('[2] ');
    expect(rv('%d|%u', -5, -5)).toBe('-5|4294967291');
    expect(rv("I'm Partition%d:vCPU%d,My name is %s\n", 0, 1, 'Partition0')).toBe(
      "I'm Partition0:vCPU1,My name is Partition0\n",
    );
    expect(rv('%c%c', 65, 'z')).toBe('Az');
  });

  it('prints hexadecimal with upper-case digits and no 0x', () => {
    expect(rv('0x%x', 0xfecf)).toBe('0xFECF');
    expect(rv('%X', 255)).toBe('FF');
    expect(rv('Status P2 => 0x%x ;  P3 => 0x%x', 2, 3)).toBe('Status P2 => 0x2 ;  P3 => 0x3');
  });

  it('reads an argument without length as a 32-bit int, %ll as 64 bits, %l as the port long', () => {
    expect(rv('%d', 0x1_0000_0007)).toBe('7');
    expect(rv('[%lld:%lld]', 1_207_389, 509_548)).toBe('[1207389:509548]');
    expect(rv('%lld', 2n ** 40n)).toBe('1099511627776');
    expect(rv('%ld', 2 ** 40)).toBe('1099511627776');
    expect(x86('%ld', 2 ** 40)).toBe('0');
    expect(x86('%lu', -1)).toBe('4294967295');
    expect(rv('%llx', -1)).toBe('FFFFFFFFFFFFFFFF');
  });

  it('pads only with an explicit fill, counting digits, the sign before the padding', () => {
    expect(rv('%05d', 42)).toBe('00042');
    expect(rv('% 4x', 10)).toBe('   A');
    expect(rv('%05d', -42)).toBe('-00042');
    expect(rv('%02d', 123)).toBe('123');
    // A width without a fill character is not a width: "5" and "d" are printed, no argument used.
    expect(rv('%5d|%d', 1)).toBe('5d|1');
  });

  it('prints any other conversion character as itself and drops a trailing %', () => {
    expect(rv('100%%')).toBe('100%');
    expect(rv('%q')).toBe('q');
    expect(rv('end%')).toBe('end');
  });
});
