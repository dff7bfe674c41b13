// Tests of mmu.ts: translation, rights, faults naming the first failing byte, accesses that
// cross mappings, map/unmap/clear, and agreement with a byte-by-byte reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Access, ContextId } from './ids.js';
import { IDENTITY_CONTEXT, Mmu, type Mapping } from './mmu.js';

const RW = { read: true, write: true, exec: false };
const RO = { read: true, write: false, exec: false };

describe('Mmu', () => {
  it('translates inside a mapping and faults outside it', () => {
    const mmu = new Mmu();
    const c = mmu.createContext();
    mmu.map(c, { virt: 0x1000, phys: 0x8000, size: 0x1000, ...RW });
    expect(mmu.translate(c, 0x1234, 4, 'read')).toEqual({ ok: true, paddr: 0x8234, contiguous: true });
    expect(mmu.translate(c, 0x0fff, 1, 'read')).toEqual({
      ok: false,
      fault: { kind: 'unmapped', vaddr: 0x0fff, access: 'read' },
    });
    expect(mmu.translate(c, 0x2000, 1, 'write')).toEqual({
      ok: false,
      fault: { kind: 'unmapped', vaddr: 0x2000, access: 'write' },
    });
    expect(mmu.translate(c, 0x1000, 1, 'exec')).toEqual({
      ok: false,
      fault: { kind: 'permission', vaddr: 0x1000, access: 'exec' },
    });
  });

  it('checks every byte of an access that crosses a mapping boundary', () => {
    const mmu = new Mmu();
    const c = mmu.createContext();
    mmu.map(c, { virt: 0x1000, phys: 0x5000, size: 0x1000, ...RW });
    mmu.map(c, { virt: 0x2000, phys: 0x6000, size: 0x1000, ...RO });
    // The first bytes are writable, the last two are read-only: the fault names 0x2000.
    expect(mmu.translate(c, 0x1ffe, 4, 'write')).toEqual({
      ok: false,
      fault: { kind: 'permission', vaddr: 0x2000, access: 'write' },
    });
    // Reading across is fine, and the two mappings are physically adjacent.
    expect(mmu.translate(c, 0x1ffe, 4, 'read')).toEqual({ ok: true, paddr: 0x5ffe, contiguous: true });
    // Running off the end of the last mapping faults at the first unmapped byte.
    expect(mmu.translate(c, 0x2ffc, 8, 'read')).toEqual({
      ok: false,
      fault: { kind: 'unmapped', vaddr: 0x3000, access: 'read' },
    });
  });

  it('splits a range over mappings that are not physically adjacent', () => {
    const mmu = new Mmu();
    const c = mmu.createContext();
    mmu.map(c, { virt: 0x1000, phys: 0x9000, size: 0x1000, ...RW });
    mmu.map(c, { virt: 0x2000, phys: 0x3000, size: 0x1000, ...RW });
    expect(mmu.translate(c, 0x1ffc, 8, 'read')).toEqual({ ok: true, paddr: 0x9ffc, contiguous: false });
    expect(mmu.pieces(c, 0x1ffc, 8, 'read')).toEqual({
      ok: true,
      pieces: [
        { vaddr: 0x1ffc, paddr: 0x9ffc, size: 4 },
        { vaddr: 0x2000, paddr: 0x3000, size: 4 },
      ],
    });
  });

  it('rejects overlapping mappings and changes to the identity context', () => {
    const mmu = new Mmu();
    const c = mmu.createContext();
    mmu.map(c, { virt: 0x1000, phys: 0, size: 0x1000, ...RW });
    expect(() => mmu.map(c, { virt: 0x1fff, phys: 0, size: 1, ...RW })).toThrow(/overlaps/);
    expect(() => mmu.map(c, { virt: 0x0800, phys: 0, size: 0x801, ...RW })).toThrow(/overlaps/);
    expect(() => mmu.map(c, { virt: 0x1000, phys: 0, size: 0x10, ...RW })).toThrow(/overlaps/);
    mmu.map(c, { virt: 0x0800, phys: 0, size: 0x800, ...RW });
    expect(() => mmu.map(IDENTITY_CONTEXT, { virt: 0, phys: 0, size: 1, ...RW })).toThrow();
    expect(() => mmu.translate(99 as ContextId, 0, 1, 'read')).toThrow(/no MMU context/);
  });

  it('unmaps a range, trimming and splitting the mappings it cuts', () => {
    const mmu = new Mmu();
    const c = mmu.createContext();
    mmu.map(c, { virt: 0x1000, phys: 0x8000, size: 0x3000, ...RW });
    mmu.unmap(c, 0x2000, 0x800);
    expect(mmu.mappings(c)).toEqual([
      { virt: 0x1000, phys: 0x8000, size: 0x1000, ...RW },
      { virt: 0x2800, phys: 0x9800, size: 0x1800, ...RW },
    ]);
    expect(mmu.translate(c, 0x2400, 1, 'read').ok).toBe(false);
    expect(mmu.translate(c, 0x2800, 1, 'read')).toEqual({ ok: true, paddr: 0x9800, contiguous: true });
    mmu.clear(c);
    expect(mmu.mappings(c)).toEqual([]);
    expect(mmu.translate(c, 0x1000, 1, 'read').ok).toBe(false);
  });

  it('gives the identity context every address with every right', () => {
    const mmu = new Mmu();
    expect(mmu.translate(IDENTITY_CONTEXT, 0xdead_beef, 8, 'exec')).toEqual({
      ok: true,
      paddr: 0xdead_beef,
      contiguous: true,
    });
    expect(mmu.createContext()).toBe(1);
    expect(mmu.createContext()).toBe(2);
  });

  it('agrees with a byte-by-byte reference', () => {
    const page = 0x100;
    // Up to 8 candidate slots of one "page" each; each slot mapped or not, with random rights/phys.
    const slot = fc.option(
      fc.record({
        phys: fc.integer({ min: 0, max: 15 }),
        read: fc.boolean(),
        write: fc.boolean(),
        exec: fc.boolean(),
      }),
    );
    const access = fc.record({
      vaddr: fc.integer({ min: 0, max: 8 * page + 8 }),
      size: fc.integer({ min: 1, max: 3 * page }),
      kind: fc.constantFrom<Access>('read', 'write', 'exec'),
    });
    fc.assert(
      fc.property(
        fc.array(slot, { minLength: 8, maxLength: 8 }),
        fc.array(access, { maxLength: 20 }),
        (slots, accesses) => {
          const mmu = new Mmu();
          const c = mmu.createContext();
          const maps: Mapping[] = [];
          slots.forEach((s, i) => {
            if (s === null) return;
            const m = {
              virt: i * page,
              phys: s.phys * page,
              size: page,
              read: s.read,
              write: s.write,
              exec: s.exec,
            };
            mmu.map(c, m);
            maps.push(m);
          });
          for (const a of accesses) {
            let expected: ReturnType<Mmu['translate']> | undefined;
            let first: number | undefined;
            let contiguous = true;
            for (let b = a.vaddr; b < a.vaddr + a.size && expected === undefined; b++) {
              const m = maps.find((x) => b >= x.virt && b < x.virt + x.size);
              if (m === undefined)
                expected = { ok: false, fault: { kind: 'unmapped', vaddr: b, access: a.kind } };
              else if (!m[a.kind])
                expected = { ok: false, fault: { kind: 'permission', vaddr: b, access: a.kind } };
              else {
                const p = m.phys + (b - m.virt);
                if (first === undefined) first = p;
                else if (p !== first + (b - a.vaddr)) contiguous = false;
              }
            }
            expected ??= { ok: true, paddr: first as number, contiguous };
            expect(mmu.translate(c, a.vaddr, a.size, a.kind)).toEqual(expected);
          }
        },
      ),
    );
  });
});
