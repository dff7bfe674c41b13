/**
 * Memory as address ranges with rights (REQ-MEM-1..4, REQ-MEM-6), and the byte store.
 */
import { pctField } from '../spec/pct.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pctrlTabAddr } from '../spec/constants/index.js';
import {
  pctArrayBase,
  accessible,
  addressSpaces,
  ByteStore,
  firstInaccessible,
  pointerOk,
  physicalOf,
} from './memory.js';
import { systemView } from './system.js';
import { areaOf, system } from './testkit.test-util.js';

const x86 = systemView(
  system({
    arch: 'x86',
    partitions: [
      {
        areas:
          '<Area start="0x7000000" size="64KB" flags="read-only" /><Area start="0x7100000" size="64KB" flags="unmapped" />' +
          '<Area start="0x7200000" size="64KB" mappedAt="0x40000000" flags="shared" />',
      },
      { areas: '<Area start="0x7200000" size="64KB" flags="shared" />' },
    ],
    cpus: [
      [
        [
          1000,
          [
            [0, 500, 0],
            [500, 500, 1],
          ],
        ],
      ],
    ],
  }),
);
const [s0, s1] = addressSpaces(x86);
if (s0 === undefined || s1 === undefined) throw new Error('two address spaces expected');
const own = areaOf('x86', 0);

describe('address spaces (intended: flags and mappedAt honoured, PCT read-only)', () => {
  it('own area rw, read-only area r, unmapped area absent, shared area at its mappedAt', () => {
    expect(accessible(s0, own, 8, 'write')).toBe(true);
    expect([accessible(s0, 0x7000000, 4, 'read'), accessible(s0, 0x7000000, 4, 'write')]).toEqual([
      true,
      false,
    ]);
    expect(accessible(s0, 0x7100000, 1, 'read')).toBe(false);
    expect([accessible(s0, 0x40000000, 4, 'write'), accessible(s0, 0x7200000, 4, 'read')]).toEqual([
      true,
      false,
    ]);
  });
  it("x86 maps each partition's PCT array read-only at PRTOS_PCTRLTAB_ADDR", () => {
    const pct = Number(pctrlTabAddr('x86'));
    expect([accessible(s0, pct, 4, 'read'), accessible(s0, pct, 4, 'write')]).toEqual([true, false]);
  });
  it('riscv64 maps the PCT array at its physical address, read-only but for trap_entry (spec/pct.ts)', () => {
    const view = systemView(system({ arch: 'riscv64', partitions: [{}], cpus: [[[1000, [[0, 500, 0]]]]] }));
    const rv = addressSpaces(view);
    const base = pctArrayBase(view, 0);
    const trapEntry = base + pctField('riscv64', 'archTrapEntry').offset;
    const space = rv[0];
    if (space === undefined) throw new Error('no space');
    expect(accessible(space, base, 4, 'read')).toBe(true);
    expect(accessible(space, base, 4, 'write')).toBe(false);
    expect(accessible(space, trapEntry, 8, 'write')).toBe(true);
    expect(accessible(space, trapEntry - 4, 8, 'write')).toBe(false);
  });
  it("a range may not run off its area nor touch another partition's memory", () => {
    expect(accessible(s0, own + 0x100000 - 4, 8, 'read')).toBe(false);
    expect(firstInaccessible(s0, own + 0x100000 - 4, 8, 'read')).toBe(own + 0x100000);
    expect(accessible(s0, areaOf('x86', 1), 1, 'read')).toBe(false);
  });
  it('shared areas are one memory: the same physical bytes behind both mappings', () => {
    expect(physicalOf(s0, 0x40000010)).toBe(physicalOf(s1, 0x7200010));
  });
});

describe('the intended pointer rule (prtos-hypercalls §4.3)', () => {
  it('NULL is refused only where the call needs a pointer; a write needs writable memory', () => {
    expect(pointerOk(s0, 0, { size: 8, write: true, notNull: true })).toBe(false);
    expect(pointerOk(s0, 0, { size: 8, write: true, notNull: false })).toBe(true);
    expect(pointerOk(s0, 0x7000000, { size: 4, write: false, notNull: true })).toBe(true);
    expect(pointerOk(s0, 0x7000000, { size: 4, write: true, notNull: true })).toBe(false);
  });
  it('a pointer is accepted exactly when every byte is mapped with the right', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: own - 64, max: own + 0x100000 + 64 }),
        fc.integer({ min: 0, max: 128 }),
        (ptr, size) => {
          const inside = ptr >= own && ptr + size <= own + 0x100000;
          expect(pointerOk(s0, ptr, { size, write: true, notNull: true })).toBe(
            inside || (size === 0 && ptr !== 0),
          );
        },
      ),
    );
  });
});

describe('ByteStore', () => {
  it('little-endian, unwritten bytes 0, 8-byte values signed', () => {
    const b = new ByteStore();
    b.writeLE(100, 4, 0x11223344);
    expect([b.readByte(100), b.readByte(103), b.readByte(104)]).toEqual([0x44, 0x11, 0]);
    b.writeLE(200, 8, -1);
    expect([b.readLE(200, 8), b.readLE(200, 4)]).toEqual([-1, 0xffffffff]);
  });
});
