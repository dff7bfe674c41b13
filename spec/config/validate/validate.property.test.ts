/**
 * Mutating valid configurations (issue 4): whatever a mutation does — drop, duplicate,
 * reorder, rename or insert elements, change attributes to boundary values or to values taken
 * from elsewhere in the file (swapping ids, shifting addresses), write tags over several lines,
 * or damage the text itself — validateConfig does not throw, reports issues on lines of the
 * file, and accepts only configurations that satisfy every semantic rule re-checked on the
 * decoded value (recheck.ts).
 *
 * Runs: PRTOS_REF_FUZZ_RUNS (default 300) per property; the seed is fast-check's unless
 * PRTOS_REF_FUZZ_SEED is set. The same mutations were run through the real prtoscparser for
 * the differential check (outside the repository; see docs/validation-rules.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { archFromFileName, type Arch } from '../../constants/arch.js';
import { REAL_CONFIG_DIR, realConfigFiles } from '../fixtures.js';
import { parseXml } from '../xml.js';
import { ARCH_FACTS } from './archFacts.js';
import { mutationsArb } from './fuzz/arbitraries.js';
import { applyMutation } from './fuzz/mutate.js';
import { toMutable, writeXml } from './fuzz/tree.js';
import { RECHECKS, recheckAll } from './recheck.js';
import { validateConfig } from './validate.js';

const RUNS = Number(process.env['PRTOS_REF_FUZZ_RUNS'] ?? 300);
const SEED =
  process.env['PRTOS_REF_FUZZ_SEED'] === undefined ? undefined : Number(process.env['PRTOS_REF_FUZZ_SEED']);
const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

const bases = realConfigFiles().map((file) => {
  const parsed = parseXml(readFileSync(join(REAL_CONFIG_DIR, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  return { file, arch: archFromFileName(file) ?? ('x86' as Arch), root: parsed.root };
});
const baseArb = fc.constantFrom(...bases);

/**
 * A semantic rejection the re-check of the same rule does not see: the walk is order-aware
 * (an area read before the region that covers it), two rules are lexical, and an empty
 * IoPorts element leaves no trace in the decoded value.
 */
const ORDER_OR_TEXT_ONLY = new Set(['CFG-MEM-AREA-COVERAGE', 'CFG-FLAG-LIST', 'CFG-IOPORT-ARCH']);

function lineCount(text: string): number {
  return text.split('\n').length;
}

describe('validateConfig on mutated configurations', () => {
  it('never throws; issue lines are lines of the file; accepted means every re-check holds', () => {
    fc.assert(
      fc.property(baseArb, mutationsArb(4), (base, mutations) => {
        const tree = toMutable(base.root);
        for (const m of mutations) applyMutation(tree, m);
        const text = writeXml(tree);
        const r = validateConfig(text, base.arch);
        for (const issue of r.issues) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.line).toBeLessThanOrEqual(lineCount(text));
        }
        if (r.ok) {
          expect(recheckAll(r.config, ARCH_FACTS[base.arch])).toEqual([]);
        } else if (
          r.config !== undefined &&
          r.issues[0] !== undefined &&
          !ORDER_OR_TEXT_ONLY.has(r.issues[0].rule)
        ) {
          // A semantic rejection is one the declarative form of the same rule confirms.
          const rule = r.issues[0].rule;
          const recheck = RECHECKS.find((x) => x.rule === rule);
          if (recheck?.violations !== undefined)
            expect(recheck.violations(r.config, ARCH_FACTS[base.arch]).length).toBeGreaterThan(0);
        }
      }),
      params,
    );
  });

  it('damaged text (cut, inserted markup characters) never throws and locates its issues in the file', () => {
    const damage = fc.record({
      at: fc.nat(),
      cut: fc.nat({ max: 40 }),
      insert: fc.constantFrom('', '<', '>', '&', '"', "'", '</', '<!--', ']]>', '\u0000', '&#0;', '<x', '='),
    });
    fc.assert(
      fc.property(baseArb, damage, (base, d) => {
        const text = writeXml(toMutable(base.root));
        const at = d.at % (text.length + 1);
        const damaged = text.slice(0, at) + d.insert + text.slice(at + d.cut);
        const r = validateConfig(damaged, base.arch);
        for (const issue of r.issues) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.line).toBeLessThanOrEqual(lineCount(damaged));
        }
      }),
      params,
    );
  });
});

describe('the mutation machinery', () => {
  it('writes a configuration back unchanged in meaning (all 79 real configurations)', () => {
    for (const base of bases) {
      const again = validateConfig(writeXml(toMutable(base.root)), base.arch);
      const original = validateConfig(readFileSync(join(REAL_CONFIG_DIR, base.file), 'utf8'), base.arch);
      expect(again.ok, base.file).toBe(original.ok);
      expect(again.issues.map((i) => i.rule)).toEqual(original.issues.map((i) => i.rule));
    }
  });

  it('reaches the semantic rules, not only the schema (at least a third of the runs pass the schema)', () => {
    const samples = fc.sample(fc.tuple(baseArb, mutationsArb(3)), { numRuns: 200, seed: 42 });
    const semantic = samples.filter(([base, ms]) => {
      const tree = toMutable(base.root);
      for (const m of ms) applyMutation(tree, m);
      const r = validateConfig(writeXml(tree), base.arch);
      return r.config !== undefined;
    });
    expect(semantic.length).toBeGreaterThan(samples.length / 3);
  });
});
