/**
 * The choice of what to inject on a return into the guest (prtos-states §5.4, REQ-IRQ-15..19).
 */
import { describe, expect, it } from 'vitest';
import { chooseInjection, defaultRouting, type IrqView } from './virq.js';

const base = (over: Partial<IrqView> = {}): IrqView => ({
  trapPending: null,
  hwPend: 0,
  hwMask: 0xffffffff,
  extPend: 0,
  extMask: 0xffffffff,
  virtualIf: true,
  irqVector: 0,
  trapEntry: 0x8000,
  routing: defaultRouting('x86'),
  ...over,
});

describe('priority', () => {
  it('trap first, then the extended trap 16, then hardware lines, then extended interrupts, lowest bit first', () => {
    const all = base({ trapPending: 14, hwPend: 0b1100, hwMask: 0, extPend: (1 << 16) | 0b110, extMask: 0 });
    expect(chooseInjection('x86', all)).toEqual({ kind: 'trap', irq: 14, vector: 14, stage: 'trapPending' });
    expect(chooseInjection('x86', { ...all, trapPending: null })).toEqual({
      kind: 'ext',
      irq: 16,
      vector: 0xa0,
      stage: 'extendedTrap',
    });
    const noTraps = { ...all, trapPending: null, extPend: 0b110 };
    expect(chooseInjection('x86', noTraps)).toEqual({ kind: 'hw', irq: 2, vector: 0x22, stage: 'hwIrq' });
    expect(chooseInjection('x86', { ...noTraps, hwPend: 0 })).toEqual({
      kind: 'ext',
      irq: 1,
      vector: 0x91,
      stage: 'extIrq',
    });
  });
  it('masked sources wait; traps ignore masks', () => {
    expect(chooseInjection('x86', base({ extPend: 1 }))).toBeUndefined();
    expect(chooseInjection('x86', base({ trapPending: 3 }))?.stage).toBe('trapPending');
  });
});

describe('per architecture', () => {
  it('x86: with the virtual IF off only traps get through', () => {
    const v = base({ virtualIf: false, extPend: 1, extMask: 0 });
    expect(chooseInjection('x86', v)).toBeUndefined();
    expect(chooseInjection('x86', { ...v, extPend: 1 << 16 })?.stage).toBe('extendedTrap');
  });
  it('riscv64 has no IF gate, but needs a trap entry and no delivery in progress; else it keeps it pending', () => {
    const v = base({ routing: defaultRouting('riscv64'), virtualIf: false, extPend: 1, extMask: 0 });
    expect(chooseInjection('riscv64', v)?.irq).toBe(0);
    expect(chooseInjection('riscv64', { ...v, trapEntry: 0 })).toBeUndefined();
    expect(chooseInjection('riscv64', { ...v, irqVector: 224 })).toBeUndefined();
  });
});
