/**
 * The per-architecture facts of archFacts.ts against a second source: the tables of the real
 * prtoscparser (user/tools/prtoscparser/hm.c at PRTOS 93ec820), printed by a harness compiled
 * against each architecture's build (bit i of a mask = action i is permitted, hm.c TOBIT), and
 * the event numbers of core/include/<arch>/prtosconf.h as hm.c names them.
 */
import { describe, expect, it } from 'vitest';
import { ARCHES, type Arch } from '../../constants/arch.js';
import { HM_ACTION_NAMES } from '../codecs.js';
import { ARCH_FACTS, hmEventNumber, isHmActionPermitted } from './archFacts.js';

const X86_MASKS = {
  partition: [
    384, 1534, 1535, 1534, 1534, 1535, 2047, 2047, 2047, 2047, 2047, 2047, 2047, 2047, 2047, 2047, 2047, 2047,
    2047, 2047, 2047, 0, 2047, 2047, 2047, 2047,
  ],
  hypervisor: [
    304, 256, 256, 256, 256, 1407, 816, 816, 816, 816, 816, 816, 816, 816, 816, 816, 816, 816, 816, 816, 816,
    0, 816, 816, 816, 816,
  ],
};
const OTHER_MASKS = {
  partition: [384, 1534, 1535, 1534, 1534, 1535, 2045, 2045, 2045, 2045, 2045, 2045, 2045, 2045, 2045],
  hypervisor: [304, 256, 256, 256, 256, 1407, 1329, 1329, 1329, 1329, 1329, 1329, 1329, 1329, 1329],
};
const PARSER_MASKS: Readonly<Record<Arch, typeof X86_MASKS>> = {
  x86: X86_MASKS,
  amd64: X86_MASKS,
  riscv64: OTHER_MASKS,
  aarch64: OTHER_MASKS,
  loongarch64: OTHER_MASKS,
};

/** Event numbers as the kernel headers define them (a few per port). */
const EVENT_NUMBERS: readonly [Arch, string, number][] = [
  ['x86', 'PRTOS_HM_EV_FATAL_ERROR', 0],
  ['x86', 'PRTOS_HM_EV_UNEXPECTED_TRAP', 5],
  ['x86', 'PRTOS_HM_EV_X86_DIVIDE_ERROR', 6],
  ['x86', 'PRTOS_HM_EV_X86_PAGE_FAULT', 20],
  ['x86', 'PRTOS_HM_EV_X86_X87_FPU_ERROR', 22],
  ['amd64', 'PRTOS_HM_EV_X86_SIMD_FLOATING_POINT', 25],
  ['riscv64', 'PRTOS_HM_EV_RISCV_ILLEGAL_INSTR', 6],
  ['riscv64', 'PRTOS_HM_EV_RISCV_LOAD_MISALIGNED', 14],
  ['aarch64', 'PRTOS_HM_EV_ARM_DATA_ABORT', 8],
  ['loongarch64', 'PRTOS_HM_EV_LOONGARCH_LOAD_PAGE_FAULT', 11],
];

describe('HM facts agree with the parser built for each architecture', () => {
  it.each(ARCHES.map((a) => [a]))('%s: permitted actions per event and level', (arch) => {
    const facts = ARCH_FACTS[arch];
    const masks = PARSER_MASKS[arch];
    expect(facts.hm.events).toHaveLength(masks.partition.length);
    for (const level of ['partition', 'hypervisor'] as const) {
      masks[level].forEach((mask, event) => {
        HM_ACTION_NAMES.forEach((action, bit) => {
          expect(isHmActionPermitted(facts, level, event, action), `${level} event ${event} ${action}`).toBe(
            (mask & (1 << bit)) !== 0,
          );
        });
      });
    }
  });

  it.each(EVENT_NUMBERS)('%s: %s is event %i', (arch, name, n) => {
    expect(hmEventNumber(ARCH_FACTS[arch], name)).toBe(n);
  });

  it('the parser does not know the watchdog event the schema lists', () => {
    for (const arch of ARCHES)
      expect(hmEventNumber(ARCH_FACTS[arch], 'PRTOS_HM_EV_WATCHDOG_TIMER')).toBeUndefined();
  });

  it('default actions are permitted at their own level (so the parser never refuses a default)', () => {
    for (const arch of ARCHES) {
      const facts = ARCH_FACTS[arch];
      facts.hm.events.forEach((name, event) => {
        if (name === undefined) return;
        expect(isHmActionPermitted(facts, 'partition', event, facts.hm.partitionDefault[event]!)).toBe(true);
        expect(isHmActionPermitted(facts, 'hypervisor', event, facts.hm.hypervisorDefault[event]!)).toBe(
          true,
        );
      });
    }
  });
});

describe('reserved resources and layout', () => {
  it('PC ports reserve the PIC, LAPIC, IPI and UART lines; the others nothing', () => {
    expect([...ARCH_FACTS.x86.reservedIrqs].sort((a, b) => a - b)).toEqual([2, 4, 24, 26, 27]);
    expect(ARCH_FACTS.amd64.reservedIoPorts).toEqual(ARCH_FACTS.x86.reservedIoPorts);
    for (const arch of ['riscv64', 'aarch64', 'loongarch64'] as const) {
      expect(ARCH_FACTS[arch].reservedIrqs).toEqual([]);
      expect(ARCH_FACTS[arch].reservedPages).toEqual([]);
    }
  });
  it('hypervisor load addresses of the defconfigs (negative cases MA07, RV02, LA01)', () => {
    expect(ARCH_FACTS.x86.hypervisorLoadAddress).toBe(0x1000000);
    expect(ARCH_FACTS.riscv64.hypervisorLoadAddress).toBe(0x84000000);
    expect(ARCH_FACTS.loongarch64.hypervisorLoadAddress).toBe(0x08000000);
  });
});
