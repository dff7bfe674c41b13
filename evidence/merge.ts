/**
 * Joining the results of a sharded check (`prtos-ref check --shard i/n --json …`, one file per
 * shard) into the results of the whole check, so that a long campaign run on several cores or
 * machines gives one piece of evidence (DESIGN.md "Scale-out").
 *
 * Shards are only joined when they are parts of one check: same tool version, configuration text
 * (hash), architecture, fidelity, quirks, seeded faults, seed and shard count, each shard exactly
 * once and all of them present — a missing shard would make the joined figures claim runs that
 * never happened. Counts add up; verdicts are recomputed from the sums (a property's floor is a
 * share of all runs of the check; a failure in any shard fails the whole); the first failure, in
 * shard order, is kept with its counterexample. Coverage joins by its missed items: an item is
 * hit by the check if some shard hit it.
 */
import {
  parseShard,
  type CheckResults,
  type PropertyResult,
  type SuiteResult,
  type Verdict,
} from '../properties/results.js';

export type MergeOutcome =
  { readonly ok: true; readonly value: CheckResults } | { readonly ok: false; readonly error: string };

const SAME_CHECK: readonly (keyof CheckResults)[] = [
  'tool',
  'version',
  'configHash',
  'arch',
  'fidelity',
  'quirks',
  'faults',
  'seed',
];

function propertyVerdict(p: PropertyResult, parts: readonly PropertyResult[], runs: number): Verdict {
  if (parts.some((x) => x.verdict === 'fail')) return 'fail';
  if (parts.every((x) => x.verdict === 'not-applicable')) return 'not-applicable';
  return runs > 0 && p.antecedentRuns / runs + 1e-12 >= p.floor ? 'pass' : 'inconclusive';
}

function mergeSuite(parts: readonly SuiteResult[]): SuiteResult {
  const first = parts[0] as SuiteResult;
  const runs = parts.reduce((n, s) => n + s.runs, 0);
  const properties = first.properties.map((p) => {
    const same = parts.map((s) => s.properties.find((x) => x.key === p.key)).filter((x) => x !== undefined);
    const merged: PropertyResult = {
      ...p,
      antecedentRuns: same.reduce((n, x) => n + x.antecedentRuns, 0),
      antecedentHits: same.reduce((n, x) => n + x.antecedentHits, 0),
    };
    return { ...merged, verdict: propertyVerdict(merged, same, runs) };
  });
  const failure = parts.find((s) => s.failure !== undefined)?.failure;
  const verdict: Verdict = parts.some((s) => s.verdict === 'fail')
    ? 'fail'
    : properties.every((p) => p.verdict === 'pass' || p.verdict === 'not-applicable')
      ? 'pass'
      : 'inconclusive';
  const times = parts.map((s) => s.timeMs);
  return {
    id: first.id,
    title: first.title,
    requirements: first.requirements,
    runs,
    steps: parts.reduce((n, s) => n + s.steps, 0),
    properties,
    verdict,
    ...(failure === undefined ? {} : { failure }),
    // Summed: the work the suite cost over all shards, not the elapsed time of the campaign.
    ...(times.every((x) => x !== undefined) ? { timeMs: times.reduce((n, x) => n + x, 0) } : {}),
  };
}

export function mergeResults(shards: readonly CheckResults[]): MergeOutcome {
  const first = shards[0];
  if (first === undefined) return { ok: false, error: 'no results to merge' };
  for (const s of shards.slice(1)) {
    for (const key of SAME_CHECK) {
      if (JSON.stringify(s[key]) !== JSON.stringify(first[key])) {
        return {
          ok: false,
          error: `shard ${s.shard} is not part of the same check as shard ${first.shard}: its ${key} differs (${JSON.stringify(s[key])} against ${JSON.stringify(first[key])})`,
        };
      }
    }
  }
  const parsed = shards.map((s) => ({ s, shard: parseShard(s.shard) }));
  const count = parsed[0]?.shard?.count;
  if (count === undefined || parsed.some((p) => p.shard === undefined || p.shard.count !== count)) {
    return {
      ok: false,
      error: 'every file must be one shard i/n of the same n (prtos-ref check --shard i/n)',
    };
  }
  const seen = new Set<number>();
  for (const p of parsed) {
    const i = p.shard?.index ?? 0;
    if (seen.has(i)) return { ok: false, error: `shard ${i}/${count} is given twice` };
    seen.add(i);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) {
    const list = missing.map((i) => `${i}/${count}`).join(', ');
    return {
      ok: false,
      error: `${missing.length === 1 ? 'shard' : 'shards'} ${list} ${missing.length === 1 ? 'is' : 'are'} missing`,
    };
  }
  const ordered = [...parsed].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0)).map((p) => p.s);
  const suites = first.suites.map((suite) =>
    mergeSuite(ordered.map((s) => s.suites.find((x) => x.id === suite.id)).filter((x) => x !== undefined)),
  );
  const verdict: Verdict = suites.some((s) => s.verdict === 'fail')
    ? 'fail'
    : suites.every((s) => s.verdict === 'pass')
      ? 'pass'
      : 'inconclusive';
  const coverages = ordered.map((s) => s.coverage);
  let coverage: CheckResults['coverage'];
  const c0 = coverages[0];
  if (c0 !== undefined && coverages.every((c) => c !== undefined)) {
    const missed = c0.missed.filter((id) => coverages.every((c) => c?.missed.includes(id)));
    const hit = c0.reachable - missed.length;
    coverage = {
      items: c0.items,
      reachable: c0.reachable,
      hit,
      percent: c0.reachable === 0 ? 100 : (100 * hit) / c0.reachable,
      missed,
    };
  }
  const times = ordered.map((s) => s.timeMs);
  return {
    ok: true,
    value: {
      ...first,
      shard: `1-${count}/${count}`,
      runsPerSuite: ordered.reduce((n, s) => n + s.runsPerSuite, 0),
      suites,
      verdict,
      ...(times.every((x) => x !== undefined) ? { timeMs: times.reduce((n, x) => n + x, 0) } : {}),
      ...(coverage === undefined ? {} : { coverage }),
    },
  };
}
