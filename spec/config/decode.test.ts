import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { archFromFileName } from '../constants/arch.js';
import { decodeConfig } from './decode.js';
import { REAL_CONFIG_DIR, negativeCases, realConfigFiles } from './fixtures.js';
import { XML_LIMITS } from './xml.js';

describe('decoding the real PRTOS configurations', () => {
  const files = realConfigFiles();
  it('has all 79 configurations', () => expect(files).toHaveLength(79));
  it.each(files)('%s decodes under its own architecture', (file) => {
    const arch = archFromFileName(file);
    expect(arch).toBeDefined();
    const r = decodeConfig(readFileSync(join(REAL_CONFIG_DIR, file), 'utf8'), arch!);
    if (!r.ok) expect.fail(r.issues.map((i) => `${i.line}: ${i.message}`).join('\n'));
    expect(r.config.arch).toBe(arch);
    expect(r.config.partitions.length).toBeGreaterThan(0);
    expect(r.config.hw.processors.length).toBeGreaterThan(0);
  });
});

describe('schema errors of the negative cases (prtoscparser rule "R1" = schema)', () => {
  const schemaCases = negativeCases().filter((c) => c.label === 'R1');
  it('covers the schema cases', () => expect(schemaCases.length).toBeGreaterThanOrEqual(10));
  it.each(schemaCases.map((c) => [c.id, c] as const))(
    '%s is refused at the line prtoscparser names',
    (_id, c) => {
      const r = decodeConfig(readFileSync(c.file, 'utf8'), c.arch);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.issues[0]?.line).toBe(c.referenceLine);
    },
  );
  it('accepts, at the schema stage, every case prtoscparser accepted', () => {
    for (const c of negativeCases().filter((x) => x.exitCode === 0)) {
      const r = decodeConfig(readFileSync(c.file, 'utf8'), c.arch);
      expect(r.ok, `${c.id}: ${r.ok ? '' : r.issues[0]?.message}`).toBe(true);
    }
  });
});

describe('decoded values', () => {
  const helloworld = () => {
    const r = decodeConfig(readFileSync(join(REAL_CONFIG_DIR, 'helloworld.prtos_cf.x86.xml'), 'utf8'), 'x86');
    if (!r.ok) throw new Error('helloworld must decode');
    return r.config;
  };
  it('converts units and keeps lines', () => {
    const c = helloworld();
    expect(c.name).toBe('hello_world');
    expect(c.hw.memoryLayout[0]).toMatchObject({ type: 'ram', start: 0, size: 512 * 1024 * 1024, line: 4 });
    const plan = c.hw.processors[0]?.plans[0];
    expect(plan?.majorFrame).toBeGreaterThan(0);
    expect(plan?.slots[0]?.partitionId).toBe(0);
    expect(c.partitions[0]?.flags).toContain('system');
  });
});

describe('reading bad input never throws', () => {
  const refuse = (text: string) => {
    const r = decodeConfig(text, 'x86');
    expect(r.ok).toBe(false);
    return r.ok ? undefined : r.issues[0];
  };
  it('empty file', () => expect(refuse('')?.message).toMatch(/empty/));
  it('not XML', () => expect(refuse('hello, world')?.rule).toBe('CFG-XML'));
  it('unclosed element reports a line', () => expect(refuse('<a>\n<b>\n</a>')?.line).toBeGreaterThan(1));
  it('wrong root', () => expect(refuse('<Foo/>')?.message).toMatch(/root element/));
  it('deep nesting is refused, not recursed', () => {
    const depth = XML_LIMITS.maxDepth + 10;
    expect(refuse('<a>'.repeat(depth) + '</a>'.repeat(depth))?.message).toMatch(/nested too deeply/);
  });
  it('a DOCTYPE with entities is refused', () => {
    const text = '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "xx">]>\n<a>&x;</a>';
    expect(refuse(text)?.rule).toBe('CFG-XML');
  });
  it('a huge file is refused before parsing', () => {
    expect(refuse(' '.repeat(XML_LIMITS.maxBytes + 1))?.message).toMatch(/too large/);
  });
});
