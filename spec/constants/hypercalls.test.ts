import { describe, expect, it } from 'vitest';
import { ARCHES, type Arch } from './arch.js';
import {
  HYPERCALLS,
  NR_HYPERCALLS,
  PRTOS_IRET_NR,
  PRTOS_RAISE_TRAP_NR,
  argTypeBits,
  hypercallByName,
  hypercallByNumber,
  hypercallFlagsWord,
  hypercallsOf,
  type HypercallWho,
} from './hypercalls.js';
import { noteSection, plain, readNote, tableRows } from './testing/notes.js';

const X86_ONLY = [20, 21, 22, 25, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43];

describe('hypercall table', () => {
  it('has 44 entries indexed by number with distinct names', () => {
    expect(HYPERCALLS).toHaveLength(NR_HYPERCALLS);
    HYPERCALLS.forEach((h, i) => expect(h.nr).toBe(i));
    expect(new Set(HYPERCALLS.map((h) => h.name)).size).toBe(NR_HYPERCALLS);
    expect([PRTOS_IRET_NR, PRTOS_RAISE_TRAP_NR]).toEqual([44, 45]);
  });

  // Second source: the summary table of prtos-hypercalls §3.1, written by hand from the PRTOS tree.
  describe('agrees with prtos-hypercalls §3.1', () => {
    const rows = tableRows(noteSection(readNote('prtos-hypercalls'), '### 3.1 Summary')).filter(
      (r) => /^\d+$/.test(r[0] ?? '') && Number(r[0]) < NR_HYPERCALLS,
    );
    const whoOf = (cell: string): HypercallWho => {
      const w = plain(cell).replace(/\s*\(.*$/, '');
      if (w === 'per object') return 'per-object';
      if (w === 'own memory') return 'own';
      return w as HypercallWho;
    };

    it('row for row', () => {
      expect(rows).toHaveLength(NR_HYPERCALLS);
      for (const [
        nrCell = '',
        nameCell = '',
        handlerCell = '',
        tblCell = '',
        whoCell = '',
        availCell = '',
      ] of rows) {
        const nr = Number(nrCell);
        const h = HYPERCALLS[nr];
        expect(h?.name, `#${nr}`).toBe(/^[a-z0-9_]+/.exec(nameCell)?.[0]);
        expect(hypercallByNumber('x86', nr)?.handler, `#${nr}`).toBe(/`([a-z0-9_]+)`/.exec(handlerCell)?.[1]);
        const tbl = /^(–|\d+)\s*\/\s*(\d+)/.exec(plain(tblCell));
        expect(tbl, `#${nr} table args`).not.toBeNull();
        const [, rv, x86] = tbl ?? [];
        expect(hypercallByNumber('riscv64', nr)?.tableArgs, `#${nr} rv64`).toBe(
          rv === '–' ? undefined : Number(rv),
        );
        expect(hypercallByNumber('x86', nr)?.tableArgs, `#${nr} x86`).toBe(Number(x86));
        expect(h?.who, `#${nr} who`).toBe(whoOf(whoCell));
        const x86Only = plain(availCell).includes('x86/amd64');
        expect(Object.keys(h?.slots ?? {}).sort(), `#${nr} ports`).toEqual(
          (x86Only ? ['amd64', 'x86'] : [...ARCHES]).sort(),
        );
      }
    });
  });

  it('leaves 20-22, 25 and 33-43 empty off x86/amd64, and has no table entry for 44/45', () => {
    for (const arch of ['riscv64', 'aarch64', 'loongarch64'] as const) {
      for (const nr of X86_ONLY) expect(hypercallByNumber(arch, nr), `${arch} #${nr}`).toBeUndefined();
      expect(hypercallsOf(arch)).toHaveLength(NR_HYPERCALLS - X86_ONLY.length);
    }
    for (const arch of ARCHES) {
      expect(hypercallByNumber(arch, 44)).toBeUndefined();
      expect(hypercallByNumber(arch, 45)).toBeUndefined();
      expect(hypercallByNumber(arch, -1)).toBeUndefined();
    }
    expect(hypercallsOf('x86')).toHaveLength(NR_HYPERCALLS);
    expect(hypercallsOf('amd64')).toHaveLength(NR_HYPERCALLS);
  });

  it('records the per-port table counts that differ: reset_partition 3 vs 1, multicall 0 everywhere', () => {
    expect(hypercallByNumber('riscv64', 4)?.tableArgs).toBe(3);
    expect(hypercallByNumber('x86', 4)?.tableArgs).toBe(1);
    expect(hypercallByNumber('amd64', 4)?.tableArgs).toBe(1);
    for (const arch of ARCHES) expect(hypercallByNumber(arch, 0)?.tableArgs).toBe(0);
    expect(HYPERCALLS[0]?.args).toHaveLength(2);
  });

  it('names the amd64 handlers of the processor hypercalls amd64_*', () => {
    expect(hypercallByNumber('amd64', 36)?.handler).toBe('amd64_load_tss_sys');
    expect(hypercallByNumber('x86', 36)?.handler).toBe('x86_load_tss32_sys');
    expect(hypercallByNumber('amd64', 1)?.handler).toBe('halt_part_sys');
  });

  it('gives the argument widths of the port', () => {
    const widths = (arch: Arch, nr: number) => hypercallByNumber(arch, nr)?.argBits;
    expect(widths('x86', 28)).toEqual([32, 32, 32, 32]);
    expect(widths('amd64', 28)).toEqual([32, 64, 64, 32]);
    expect(widths('riscv64', 28)).toEqual([64, 64, 64, 32]);
    expect(widths('riscv64', 19)).toEqual([32, 32, 16]);
    expect(widths('aarch64', 23)).toEqual([8]);
    expect(argTypeBits('loongarch64', 'id')).toBe(64);
    // set_timer's two 64-bit times take two registers each on i386: five words (A10).
    expect(hypercallByNumber('x86', 10)?.argRegisters).toBe(5);
    expect(hypercallByNumber('riscv64', 10)?.argRegisters).toBe(3);
  });

  it('marks 42/43 as not returning a value and uses bit 63 on amd64', () => {
    expect(hypercallByNumber('x86', 42)?.returnsValue).toBe(false);
    expect(hypercallFlagsWord('x86', 42)).toBe(0n);
    expect(hypercallFlagsWord('x86', 4)).toBe(0x80000001n);
    expect(hypercallFlagsWord('riscv64', 4)).toBe(0x80000003n);
    expect(hypercallFlagsWord('amd64', 28)).toBe((1n << 63n) | 4n);
    expect(hypercallFlagsWord('riscv64', 20)).toBeUndefined();
  });

  it('looks calls up by libprtos name', () => {
    expect(hypercallByName('halt_partition')?.nr).toBe(1);
    expect(hypercallByName('set_irqpend')?.slots.riscv64?.handler).toBe('force_irqs_sys');
    expect(hypercallByName('flush_cache')).toBeUndefined();
    expect(hypercallByName('get_gid_by_name')?.libprtos).toEqual(['x86', 'amd64']);
  });
});
