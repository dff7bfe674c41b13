/**
 * Joining shard results: figures add up, verdicts are recomputed from the sums, and files that
 * are not the shards of one check are refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import type { CheckResults, SuiteResult } from '../properties/results.js';
import { mergeResults } from './merge.js';

function suite(runs: number, antecedentRuns: number, verdict: SuiteResult['verdict'] = 'pass'): SuiteResult {
  return {
    id: 'spatial',
    title: 'Spatial isolation',
    requirements: ['REQ-MEM-1'],
    runs,
    steps: runs * 10,
    properties: [
      {
        key: 'spatial.store-confinement',
        text: 'stores stay inside',
        requirements: ['REQ-MEM-1'],
        antecedentRuns,
        antecedentHits: antecedentRuns * 2,
        floor: 0.3,
        verdict: verdict === 'fail' ? 'fail' : antecedentRuns / runs >= 0.3 ? 'pass' : 'inconclusive',
      },
    ],
    verdict,
    timeMs: 1000,
  };
}

function shard(i: number, n: number, s: SuiteResult, over: Partial<CheckResults> = {}): CheckResults {
  return {
    tool: 'prtos-ref',
    version: '0.1.0',
    config: 'examples/default/prtos_cf.x86.xml',
    configHash: 'abc',
    arch: 'x86',
    fidelity: 'intended',
    quirks: [],
    faults: [],
    seed: 7,
    shard: `${i}/${n}`,
    runsPerSuite: s.runs,
    suites: [s],
    verdict: s.verdict,
    timeMs: 1000,
    coverage: { items: 10, reachable: 8, hit: 6, percent: 75, missed: i === 1 ? ['a', 'b'] : ['b', 'c'] },
    ...over,
  };
}

describe('mergeResults', () => {
  it('adds the figures up and judges the floor on the sums', () => {
    // Shard 1 alone is inconclusive (2/10 < 0.3); together 2 + 5 of 20 runs = 0.35 passes.
    const r = mergeResults([shard(2, 2, suite(10, 5)), shard(1, 2, suite(10, 2, 'inconclusive'))]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value.suites[0];
    expect(r.value.shard).toBe('1-2/2');
    expect(r.value.runsPerSuite).toBe(20);
    expect(s?.runs).toBe(20);
    expect(s?.steps).toBe(200);
    expect(s?.properties[0]?.antecedentRuns).toBe(7);
    expect(s?.properties[0]?.antecedentHits).toBe(14);
    expect(s?.properties[0]?.verdict).toBe('pass');
    expect(s?.verdict).toBe('pass');
    expect(r.value.verdict).toBe('pass');
    // Item b was missed by both shards; a and c were hit by one of them.
    expect(r.value.coverage?.missed).toEqual(['b']);
    expect(r.value.coverage?.hit).toBe(7);
  });

  it('a failure in any shard fails the whole, keeping that failure', () => {
    const failing: SuiteResult = {
      ...suite(10, 5, 'fail'),
      failure: {
        property: 'spatial.store-confinement',
        requirements: ['REQ-MEM-1'],
        summary: 'a store escaped',
        details: [],
        counterexample: 'out/counterexamples/spatial-8.json',
        replay: 'npx prtos-ref replay out/counterexamples/spatial-8.json',
        steps: 3,
      },
    };
    const r = mergeResults([shard(1, 2, suite(10, 5)), shard(2, 2, failing)]);
    expect(r.ok && r.value.verdict).toBe('fail');
    expect(r.ok && r.value.suites[0]?.failure?.summary).toBe('a store escaped');
  });

  it('refuses a missing shard, a shard given twice, and shards of different checks', () => {
    expect(mergeResults([shard(1, 3, suite(10, 5)), shard(3, 3, suite(10, 5))])).toEqual({
      ok: false,
      error: 'shard 2/3 is missing',
    });
    expect(mergeResults([shard(1, 2, suite(10, 5)), shard(1, 2, suite(10, 5))])).toEqual({
      ok: false,
      error: 'shard 1/2 is given twice',
    });
    const other = mergeResults([shard(1, 2, suite(10, 5)), shard(2, 2, suite(10, 5), { seed: 8 })]);
    expect(other.ok).toBe(false);
    expect(!other.ok && other.error).toMatch(/its seed differs/);
    expect(mergeResults([])).toEqual({ ok: false, error: 'no results to merge' });
  });
});
