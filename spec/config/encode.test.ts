import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archFromFileName } from '../constants/arch.js';
import { decodeConfig } from './decode.js';
import { encodeConfig } from './encode.js';
import { REAL_CONFIG_DIR, realConfigFiles } from './fixtures.js';

/** The decoded value without anything that depends on where text sits in the file. */
function withoutPositions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutPositions);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => k !== 'line' && !k.endsWith('Line') && k !== 'sectionOrder')
        .map(([k, x]) => [k, withoutPositions(x)]),
    );
  }
  return v;
}

describe('encodeConfig writes back what decodeConfig read', () => {
  it.each(realConfigFiles())('%s round-trips', (file) => {
    const arch = archFromFileName(file) ?? 'x86';
    const first = decodeConfig(readFileSync(join(REAL_CONFIG_DIR, file), 'utf8'), arch);
    if (!first.ok) throw new Error(`${file} must decode`);
    const text = encodeConfig(first.config, 'round trip');
    const second = decodeConfig(text, arch);
    if (!second.ok) expect.fail(second.issues.map((i) => `${i.line}: ${i.message}`).join('\n') + '\n' + text);
    expect(withoutPositions(second.config)).toEqual(withoutPositions(first.config));
  });
});
