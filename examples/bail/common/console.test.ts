// BAIL's console buffer (console.ts, from putchar in user/bail/common/std_c.c:393-407).
import { describe, expect, it } from 'vitest';
import { LineBuffer } from './console.js';

describe('LineBuffer', () => {
  it('sends one write per completed line, newline included, and keeps a line without one', () => {
    const b = new LineBuffer();
    expect(b.put('[2][197019] ')).toEqual([]);
    expect(b.put('Switch to plan 1 --> ')).toEqual([]);
    expect(b.put('OK\n')).toEqual(['[2][197019] Switch to plan 1 --> OK\n']);
    expect(b.pending).toBe('');
  });

  it('sends "\\n\\n" as a line and then a one-byte empty line; "\\r" also sends', () => {
    const b = new LineBuffer();
    expect(b.put('x\n\n')).toEqual(['x\n', '\n']);
    expect(b.put('a\rb')).toEqual(['a\r']);
    expect(b.pending).toBe('b');
  });

  it('drops zero bytes and sends 511 bytes before the 512th character', () => {
    const b = new LineBuffer();
    expect(b.put('a\0b')).toEqual([]);
    expect(b.pending).toBe('ab');
    b.clear();
    const long = 'y'.repeat(511);
    expect(b.put(long)).toEqual([]);
    expect(b.put('z')).toEqual([long]);
    expect(b.pending).toBe('z');
  });
});
