// Tests of memory.ts: little-endian values, sparse pages, page crossing, and the write observer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccessSize } from './ids.js';
import { PAGE_SIZE, PhysicalMemory } from './memory.js';

const sizes: readonly AccessSize[] = [1, 2, 4, 8];

describe('PhysicalMemory', () => {
  it('reads never-written memory as zero without creating pages', () => {
    const m = new PhysicalMemory();
    expect(m.read(0x1234, 4)).toBe(0);
    expect(m.read(0x1234, 8)).toBe(0n);
    expect([...m.readBytes(PAGE_SIZE - 2, 5)]).toEqual([0, 0, 0, 0, 0]);
    expect(m.pageCount).toBe(0);
  });

  it('stores values little-endian', () => {
    const m = new PhysicalMemory();
    m.write(0x100, 4, 0x11223344);
    expect([...m.readBytes(0x100, 4)]).toEqual([0x44, 0x33, 0x22, 0x11]);
    expect(m.read(0x100, 2)).toBe(0x3344);
    expect(m.read(0x102, 1)).toBe(0x22);
    m.write(0x200, 8, 0x0102030405060708n);
    expect([...m.readBytes(0x200, 8)]).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(m.read(0x204, 4)).toBe(0x01020304);
  });

  it('keeps the low bits of a value, two’s complement for negatives', () => {
    const m = new PhysicalMemory();
    m.write(0, 2, -1);
    expect(m.read(0, 2)).toBe(0xffff);
    expect(m.read(2, 1)).toBe(0);
    m.write(8, 4, 0x1_2345_6789);
    expect(m.read(8, 4)).toBe(0x2345_6789);
    m.write(16, 8, -2);
    expect(m.read(16, 8)).toBe(0xffff_ffff_ffff_fffen);
    m.write(24, 1, 0x1ffn);
    expect(m.read(24, 1)).toBe(0xff);
  });

  it('reads and writes across a page boundary', () => {
    const m = new PhysicalMemory();
    for (const size of sizes) {
      const addr = 3 * PAGE_SIZE - 1;
      const v = 0x8877665544332211n & ((1n << BigInt(8 * size)) - 1n);
      m.write(addr, size, v);
      expect(m.readBig(addr, size)).toBe(v);
      expect(m.read(addr, 1)).toBe(0x11);
    }
    const bytes = Uint8Array.from({ length: PAGE_SIZE + 10 }, (_, i) => i & 0xff);
    m.writeBytes(5 * PAGE_SIZE - 5, bytes);
    expect(m.readBytes(5 * PAGE_SIZE - 5, bytes.length)).toEqual(bytes);
    expect(m.pageCount).toBe(2 + 3);
  });

  it('reports every write once, with its range', () => {
    const seen: [number, number][] = [];
    const m = new PhysicalMemory({ onWrite: (a, s) => seen.push([a, s]) });
    m.write(PAGE_SIZE - 2, 4, 7);
    m.writeBytes(0x10, new Uint8Array(3));
    m.writeBytes(0x20, new Uint8Array(0));
    m.read(0x10, 4);
    m.readBytes(0, 100);
    expect(seen).toEqual([
      [PAGE_SIZE - 2, 4],
      [0x10, 3],
    ]);
  });

  it('rejects addresses that are not safe non-negative integers', () => {
    const m = new PhysicalMemory();
    expect(() => m.read(-1, 1)).toThrow(RangeError);
    expect(() => m.write(1.5, 1, 0)).toThrow(RangeError);
    expect(() => m.write(Number.MAX_SAFE_INTEGER, 4, 0)).toThrow(RangeError);
    expect(() => m.write(0, 4, 0.5)).toThrow(RangeError);
  });

  it('agrees with a byte-map reference on random write sequences', () => {
    const access = fc.record({
      addr: fc.oneof(
        fc.integer({ min: 0, max: 3 * PAGE_SIZE }),
        fc.integer({ min: 2 ** 40, max: 2 ** 40 + 64 }),
      ),
      size: fc.constantFrom(...sizes),
      value: fc.bigInt({ min: -(1n << 63n), max: (1n << 64n) - 1n }),
    });
    fc.assert(
      fc.property(
        fc.array(access, { maxLength: 40 }),
        fc.array(access, { maxLength: 10 }),
        (writes, reads) => {
          const m = new PhysicalMemory();
          const ref = new Map<number, number>();
          for (const w of writes) {
            m.write(w.addr, w.size, w.value);
            let v = BigInt.asUintN(64, w.value);
            for (let i = 0; i < w.size; i++) {
              ref.set(w.addr + i, Number(v & 0xffn));
              v >>= 8n;
            }
          }
          for (const r of [...writes, ...reads]) {
            let expected = 0n;
            for (let i = r.size - 1; i >= 0; i--)
              expected = (expected << 8n) | BigInt(ref.get(r.addr + i) ?? 0);
            expect(m.readBig(r.addr, r.size)).toBe(expected);
            const n = m.read(r.addr, r.size);
            expect(BigInt(n)).toBe(expected);
            expect(typeof n).toBe(r.size === 8 ? 'bigint' : 'number');
          }
        },
      ),
    );
  });
});
