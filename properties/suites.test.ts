/**
 * Every property suite of slice 1 (properties/suites/index.ts) run at a fixed seed, as
 * `prtos-ref check` runs it but with few runs: once on generated configurations and once on the
 * default system (examples/default, decoded as cli/system.ts does).
 *
 * DESIGN.md "Properties": a suite passes only if no property is violated and each property met
 * its antecedent in at least its floor's share of the runs — a property never exercised proves
 * nothing. So beyond the `pass` verdict, every property that is applicable to the configuration
 * must have met its antecedent in some run (even those whose floor is 0), and the suite must have
 * made exactly the runs asked for.
 *
 * A suite found inconclusive at the common run count gets more runs below (RUNS), never a weaker
 * assertion.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SystemConfig } from '../spec/config/types.js';
import { validateConfig } from '../spec/config/validate/validate.js';
import { runSuite, type SuiteOutcome } from './execute.js';
import type { Suite } from './suite.js';
import { SUITES } from './suites/index.js';

const SEED = 20240611;

/**
 * Runs per suite. No suite has more runs than the common count yet: spatial is inconclusive at
 * this seed at 20, 40, 60 and 100 runs alike (the share of runs meeting an antecedent settles
 * below its floor rather than rising with the count), so more runs would only make it slower.
 */
const RUNS: Readonly<Record<string, number>> = {};
const COMMON_RUNS = 20;
const runsOf = (suite: Suite): number => RUNS[suite.id] ?? COMMON_RUNS;

function defaultSystem(): { config: SystemConfig; xml: string } {
  const xml = readFileSync(new URL('../examples/default/prtos_cf.x86.xml', import.meta.url), 'utf8');
  const r = validateConfig(xml, 'x86');
  if (!r.ok || r.config === undefined) {
    throw new Error(`the default system does not validate: ${r.issues[0]?.message ?? ''}`);
  }
  return { config: r.config, xml };
}

const system = defaultSystem();

/** The suite's result as `prtos-ref check` would summarise it, and its counterexample if any. */
function report(outcome: SuiteOutcome, where: string, runs: number): string {
  const r = outcome.result;
  const lines = [`suite ${r.id} on ${where}, seed ${SEED}, ${runs} runs: ${r.verdict} (${r.runs} runs made)`];
  for (const p of r.properties) {
    lines.push(
      `  ${p.key}: ${p.verdict}, antecedent met in ${p.antecedentRuns} run(s) (${p.antecedentHits} instance(s)), floor ${p.floor}`,
    );
  }
  const ce = outcome.counterexample;
  if (ce !== undefined) {
    lines.push(`  counterexample (seed ${ce.seed ?? '?'}, path ${ce.path ?? '?'}): ${ce.summary}`);
    for (const d of ce.details.slice(0, 12)) lines.push(`    ${d}`);
  }
  return lines.join('\n');
}

function check(outcome: SuiteOutcome, where: string, runs: number): void {
  const message = report(outcome, where, runs);
  expect(outcome.result.verdict, message).toBe('pass');
  expect(outcome.counterexample, message).toBeUndefined();
  expect(outcome.result.runs, message).toBe(runs);
  const applicable = outcome.result.properties.filter((p) => p.verdict !== 'not-applicable');
  expect(applicable.length, message).toBeGreaterThan(0);
  for (const p of applicable)
    expect(p.antecedentRuns, `${p.key} never met its antecedent\n${message}`).toBeGreaterThan(0);
}

describe.each(SUITES.map((s) => [s.id, s] as const))('suite %s', (_, suite) => {
  it('passes on generated configurations, every property exercised', () => {
    const runs = runsOf(suite);
    check(runSuite(suite, { runs, seed: SEED, toolVersion: 'test' }), 'generated configurations', runs);
  });

  it('passes on the default system, every applicable property exercised', () => {
    const runs = runsOf(suite);
    check(
      runSuite(suite, { runs, seed: SEED, config: system, toolVersion: 'test' }),
      'the default system',
      runs,
    );
  });
});
