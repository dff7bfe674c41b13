import { describe, expect, it } from 'vitest';
import { ARCHES } from './arch.js';
import { noteSection, plain, readNote, tableRows } from './testing/notes.js';
import {
  EXT_IRQ,
  PRTOS_EXT_TRAPS_MASK,
  defaultRoutingVector,
  deliveryStages,
  extIrqIpvi,
  extIrqName,
  ipviExtIrq,
  type ExtIrqName,
} from './virqs.js';

describe('extended interrupts', () => {
  // Second source: the table of prtos-states §5.2.
  it('carry the numbers of prtos-states §5.2', () => {
    const rows = tableRows(noteSection(readNote('prtos-states'), '### 5.2 Extended')).filter((r) =>
      /^\d/.test(r[0] ?? ''),
    );
    let checked = 0;
    for (const [num = '', nameCell = ''] of rows) {
      const name = /^[A-Z_0-9]+/.exec(plain(nameCell))?.[0] ?? '';
      const range = /^(\d+)–(\d+)$/.exec(num);
      if (range !== null) {
        // IPVI0–IPVI7 at 24–31
        for (let n = Number(range[1]); n <= Number(range[2]); n++) {
          expect(extIrqName(n)).toBe(`IPVI${n - Number(range[1])}`);
          checked++;
        }
      } else {
        expect(EXT_IRQ[name as ExtIrqName], name).toBe(Number(num));
        checked++;
      }
    }
    expect(checked).toBe(Object.keys(EXT_IRQ).length);
  });

  it('map IPVI i to extended interrupt 24 + i and back', () => {
    for (let i = 0; i < 8; i++) {
      expect(ipviExtIrq(i)).toBe(24 + i);
      expect(extIrqIpvi(24 + i)).toBe(i);
    }
    expect(extIrqIpvi(23)).toBeUndefined();
    expect(extIrqIpvi(32)).toBeUndefined();
    expect(PRTOS_EXT_TRAPS_MASK).toBe(0x10000);
  });
});

describe('delivery order (prtos-states §5.4)', () => {
  it('checks traps first and gates hw/ext on the virtual IF only on x86/amd64', () => {
    expect(deliveryStages('x86')).toEqual([
      'softwareTrap',
      'trapPending',
      'extendedTrap',
      'virtualIfGate',
      'hwIrq',
      'extIrq',
    ]);
    for (const arch of ['riscv64', 'aarch64', 'loongarch64'] as const) {
      expect(deliveryStages(arch)).toEqual([
        'softwareTrap',
        'trapPending',
        'extendedTrap',
        'hwIrq',
        'extIrq',
      ]);
    }
    expect(deliveryStages('amd64')).toContain('virtualIfGate');
  });
});

describe('default routing vectors (prtos-states §1.3)', () => {
  it('x86: trap n → n, hw n → 0x20 + n, ext n → 0x90 + n; the others all 0', () => {
    for (const arch of ['x86', 'amd64'] as const) {
      expect(defaultRoutingVector(arch, 'trap', 14)).toBe(14);
      expect(defaultRoutingVector(arch, 'hwIrq', 4)).toBe(0x24);
      expect(defaultRoutingVector(arch, 'extIrq', EXT_IRQ.IPVI0)).toBe(0x90 + 24);
    }
    for (const arch of ARCHES.filter((a) => a !== 'x86' && a !== 'amd64')) {
      for (const type of ['trap', 'hwIrq', 'extIrq'] as const) {
        for (let n = 0; n < 32; n++) expect(defaultRoutingVector(arch, type, n)).toBe(0);
      }
    }
  });
});
