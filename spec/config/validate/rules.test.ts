/**
 * The pieces of the rules that no configuration file reaches on its own or that are easier to
 * see in isolation: prtoscparser's list cutting and atoi, its address arithmetic per port, its
 * two overlap tests, and the IRQ range check the schema makes unreachable.
 */
import { describe, expect, it } from 'vitest';
import { cAtoi, parserListItems } from '../units.js';
import { overlapsReserved, parserOverlap, rangeOf } from './addr.js';
import { ARCH_FACTS } from './archFacts.js';
import { checkIrqRange, IRQ_RANGE } from './rules/irq.js';
import { checkFlagList } from './rules/lexical.js';
import { checkSlotOrder } from './rules/schedule.js';

describe('lists as prtoscparser cuts them (conv.c to_flags / to_hw_irq_lines / process_id_list)', () => {
  it.each([
    ['1 3 5', ['1', '3', '5']],
    ['1  3', ['1', '', '3']],
    [' 5', ['', '5']],
    ['5 ', ['5']],
    ['', []],
    [' ', ['']],
    ['1\t3', ['1\t3']],
  ])('%j -> %j', (text, items) => expect(parserListItems(text)).toEqual(items));

  it.each([
    ['7', 7],
    ['', 0],
    ['+3', 3],
    ['-0', 0],
    ['1\t3', 1],
    [' \t12x', 12],
    ['99999999999999999999', -1],
  ])('atoi(%j) = %i', (text, n) => expect(cAtoi(text)).toBe(n));

  it('a flag list with an empty item is refused, a trailing space is not', () => {
    expect(checkFlagList('flags', 'system  fp', ['system', 'fp', 'none'], 3)?.line).toBe(3);
    expect(checkFlagList('flags', 'system ', ['system', 'fp', 'none'], 3)).toBeUndefined();
    expect(checkFlagList('flags', 'SYSTEM', ['system', 'fp', 'none'], 3)).toBeUndefined();
  });
});

describe('address arithmetic per port (checks.c: start + size - 1 in prtos_address_t)', () => {
  it('an empty area at 0 ends at the top of the address space: 32 bits on x86, 64 elsewhere', () => {
    expect(rangeOf(ARCH_FACTS.x86, 0, 0).end).toBe(0xffffffffn);
    expect(rangeOf(ARCH_FACTS.riscv64, 0, 0).end).toBe((1n << 64n) - 1n);
    expect(rangeOf(ARCH_FACTS.x86, 0xfffff000, 0x2000).end).toBe(0xfffn);
    expect(rangeOf(ARCH_FACTS.aarch64, 0xfffff000, 0x2000).end).toBe(0x100000fffn);
  });
  it('ranges sharing only a last byte do not overlap for the region/area test, but do for the reserved-page test', () => {
    const earlier = { start: 0x1000n, end: 0x2000n };
    const area = { start: 0x2000n, end: 0x2fffn };
    expect(parserOverlap(area, earlier)).toBe(false);
    expect(overlapsReserved(area, earlier)).toBe(true);
    expect(overlapsReserved(earlier, area)).toBe(false);
    expect(parserOverlap({ start: 0x1000n, end: 0x2fffn }, area)).toBe(true);
  });
});

describe('checks no file reaches or that are clearer alone', () => {
  it('an IRQ line beyond CONFIG_NO_HWIRQS (the schema refuses it first)', () => {
    expect(checkIrqRange(ARCH_FACTS.x86, 31, 9)).toBeUndefined();
    expect(checkIrqRange(ARCH_FACTS.x86, 32, 9)).toMatchObject({ line: 9, rule: IRQ_RANGE.id });
  });
  it('a slot may start exactly where the previous one ends, not a microsecond earlier', () => {
    const slot = (index: number, start: number, end: number) => ({
      line: 10 + index,
      index,
      start,
      end,
      partitionId: 0,
      vcpuId: 0,
    });
    expect(checkSlotOrder(slot(1, 500, 900), slot(0, 0, 500))).toBeUndefined();
    expect(checkSlotOrder(slot(1, 499, 900), slot(0, 0, 500))?.line).toBe(11);
  });
});
