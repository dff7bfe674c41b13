import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RETURN_CODES,
  RETURN_CODE_NAMES,
  isReturnCode,
  returnCodeCName,
  returnCodeName,
  type ReturnCodeName,
} from './returnCodes.js';
import { noteSection, plain, readNote, tableRows } from './testing/notes.js';

describe('return codes', () => {
  it('agree with the table of prtos-hypercalls §1', () => {
    const rows = tableRows(noteSection(readNote('prtos-hypercalls'), '## 1. Return codes'))
      .map((r) => [plain(r[0] ?? ''), r[1] ?? ''] as const)
      .filter(([name, value]) => name.startsWith('PRTOS_') && /^-?\d+$/.test(value));
    expect(rows).toHaveLength(RETURN_CODE_NAMES.length);
    for (const [cName, value] of rows) {
      const name = cName.replace(/^PRTOS_/, '') as ReturnCodeName;
      expect(RETURN_CODES[name], cName).toBe(Number(value));
      expect(returnCodeCName(name)).toBe(cName);
    }
  });

  it('are 0 and the consecutive negatives down to -8', () => {
    expect(Object.values(RETURN_CODES).sort((a, b) => b - a)).toEqual([0, -1, -2, -3, -4, -5, -6, -7, -8]);
  });

  it('name every code and nothing else', () => {
    for (const name of RETURN_CODE_NAMES) expect(returnCodeName(RETURN_CODES[name])).toBe(name);
    fc.assert(
      fc.property(fc.integer(), (n) => {
        expect(isReturnCode(n)).toBe(n <= 0 && n >= -8);
        expect(returnCodeName(n) === undefined).toBe(!(n <= 0 && n >= -8));
      }),
    );
  });
});
