/**
 * docs/validation-rules.md documents exactly the rules of the code: the same ids both ways, the
 * table as the catalogue renders it, and examples that are real messages of the validator.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { archFromFileName } from '../../constants/arch.js';
import { ALL_RULES, SEMANTIC_RULES } from './catalogue.js';
import { renderRuleTable } from './ruleTable.js';
import { validateConfig } from './validate.js';

const doc = readFileSync(new URL('../../../docs/validation-rules.md', import.meta.url), 'utf8');
const table = /<!-- rule-table:start -->\n([\s\S]*?)\n<!-- rule-table:end -->/.exec(doc)?.[1] ?? '';

describe('docs/validation-rules.md', () => {
  it('lists every rule id of the code, and only those', () => {
    const inDoc = [...table.matchAll(/^\| `(CFG-[A-Z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect([...new Set(inDoc)].sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
    expect(inDoc).toHaveLength(ALL_RULES.length);
  });

  it('has the table the catalogue renders (regenerate with npx tsx spec/config/validate/ruleTable.ts)', () => {
    expect(table).toBe(renderRuleTable());
  });

  it('gives as example of each semantic rule a message the validator prints on a fixture', () => {
    const messages = new Map<string, Set<string>>();
    for (const dir of ['negative', 'validator-extra']) {
      const url = new URL(`../__fixtures__/${dir}/`, import.meta.url);
      for (const f of readdirSync(url).filter((x) => x.endsWith('.xml'))) {
        const r = validateConfig(readFileSync(new URL(f, url), 'utf8'), archFromFileName(f) ?? 'x86');
        const i = r.issues[0];
        if (i !== undefined) messages.set(i.rule, (messages.get(i.rule) ?? new Set()).add(i.message));
      }
    }
    // CFG-IRQ-RANGE cannot be reached through the schema (rules/irq.ts).
    for (const rule of SEMANTIC_RULES.filter((r) => r.id !== 'CFG-IRQ-RANGE')) {
      expect([...(messages.get(rule.id) ?? [])], rule.id).toContain(rule.example);
    }
  });
});
