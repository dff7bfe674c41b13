// Tests of virtual.ts: accesses through an MMU context are checked on every byte, are
// all-or-nothing, and land on the right physical bytes when a range is split.
import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from './memory.js';
import { Mmu } from './mmu.js';
import { loadVirtual, readVirtual, storeVirtual, writeVirtual } from './virtual.js';

function setup() {
  const writes: [number, number][] = [];
  const memory = new PhysicalMemory({ onWrite: (a, s) => writes.push([a, s]) });
  const mmu = new Mmu();
  const ctx = mmu.createContext();
  // Two virtually adjacent pages, physically apart; then a read-only page.
  mmu.map(ctx, { virt: 0x1000, phys: 0x9000, size: 0x1000, read: true, write: true, exec: false });
  mmu.map(ctx, { virt: 0x2000, phys: 0x4000, size: 0x1000, read: true, write: true, exec: false });
  mmu.map(ctx, { virt: 0x3000, phys: 0x5000, size: 0x1000, read: true, write: false, exec: false });
  return { memory, mmu, ctx, writes };
}

describe('virtual accesses', () => {
  it('stores and loads across physically split pages', () => {
    const { memory, mmu, ctx, writes } = setup();
    expect(storeVirtual(memory, mmu, ctx, 0x1ffe, 4, 0xaabbccdd)).toEqual({ ok: true });
    expect(memory.read(0x9ffe, 2)).toBe(0xccdd);
    expect(memory.read(0x4000, 2)).toBe(0xaabb);
    expect(writes).toEqual([
      [0x9ffe, 2],
      [0x4000, 2],
    ]);
    expect(loadVirtual(memory, mmu, ctx, 0x1ffe, 4)).toEqual({ ok: true, value: 0xaabbccddn });
    expect(loadVirtual(memory, mmu, ctx, 0x1fff, 1)).toEqual({ ok: true, value: 0xccn });
  });

  it('changes nothing when any byte of a store may not be written', () => {
    const { memory, mmu, ctx, writes } = setup();
    const r = storeVirtual(memory, mmu, ctx, 0x2ffc, 8, -1);
    expect(r).toEqual({ ok: false, fault: { kind: 'permission', vaddr: 0x3000, access: 'write' } });
    expect(writes).toEqual([]);
    expect(memory.read(0x4ffc, 4)).toBe(0);
    const w = writeVirtual(memory, mmu, ctx, 0x3ff0, new Uint8Array(0x20));
    expect(w.ok).toBe(false);
    expect(writes).toEqual([]);
  });

  it('copies byte ranges in and out', () => {
    const { memory, mmu, ctx } = setup();
    const bytes = Uint8Array.from({ length: 0x30 }, (_, i) => i + 1);
    expect(writeVirtual(memory, mmu, ctx, 0x1ff0, bytes)).toEqual({ ok: true });
    const back = readVirtual(memory, mmu, ctx, 0x1ff0, 0x30);
    expect(back).toEqual({ ok: true, value: bytes });
    expect(memory.read(0x4000, 1)).toBe(0x11);
    expect(readVirtual(memory, mmu, ctx, 0x3ff0, 0x20)).toEqual({
      ok: false,
      fault: { kind: 'unmapped', vaddr: 0x4000, access: 'read' },
    });
    expect(readVirtual(memory, mmu, ctx, 0x7777, 0)).toEqual({ ok: true, value: new Uint8Array(0) });
  });
});
