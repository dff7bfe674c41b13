/**
 * The results of `prtos-ref check`, as a documented io-ts schema (docs/results-schema.md).
 *
 * Certification evidence (evidence/) is built from this file, so every field says what it
 * means and nothing in it depends on the wall clock except the optional `timeMs` figures, which
 * the command line fills in (the only layer allowed to read a clock).
 */
import * as t from 'io-ts';

const Nat = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'integer >= 0');

export const Verdict = t.keyof({
  /** Every property held on every run and every antecedent floor was reached. */
  pass: null,
  /** A property was violated (a counterexample was found and shrunk). */
  fail: null,
  /** No violation, but an antecedent was met less often than its floor: the runs did not test enough. */
  inconclusive: null,
  /** The configuration cannot meet the antecedent at all (e.g. no partition owns a hardware line). */
  'not-applicable': null,
});
export type Verdict = t.TypeOf<typeof Verdict>;

export const PropertyResult = t.type({
  /** Property key (spec/requirements PROPERTY_REQUIREMENTS) or a suite-local name. */
  key: t.string,
  /** What it states, in one sentence. */
  text: t.string,
  requirements: t.array(t.string),
  /** Runs in which the property's antecedent held at least once (e.g. a run with a faulting access). */
  antecedentRuns: Nat,
  /** Instances of the antecedent over all runs (e.g. faulting accesses checked). */
  antecedentHits: Nat,
  /** Minimum share of runs (0..1) that must meet the antecedent for the verdict to count. */
  floor: t.number,
  verdict: Verdict,
});
export type PropertyResult = t.TypeOf<typeof PropertyResult>;

export const Failure = t.type({
  property: t.string,
  requirements: t.array(t.string),
  /** One line: what was violated. */
  summary: t.string,
  /** The shrunk counterexample as a short readable step list and the first divergence. */
  details: t.array(t.string),
  /** Path of the counterexample file, and the command that reproduces it. */
  counterexample: t.string,
  replay: t.string,
  /** Steps of the shrunk run (stimuli and guest ops). */
  steps: Nat,
});
export type Failure = t.TypeOf<typeof Failure>;

export const SuiteResult = t.intersection([
  t.type({
    id: t.string,
    title: t.string,
    requirements: t.array(t.string),
    runs: Nat,
    /** Lockstep steps or implementation steps executed, over all runs. */
    steps: Nat,
    properties: t.array(PropertyResult),
    verdict: Verdict,
  }),
  t.partial({
    failure: Failure,
    /** Wall-clock time of the suite, filled in by the command line. */
    timeMs: Nat,
  }),
]);
export type SuiteResult = t.TypeOf<typeof SuiteResult>;

/** Shard i of a check run in n shards (`prtos-ref check --shard i/n`). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** `i/n` with 1 ≤ i ≤ n, or undefined (the joined form `1-n/n` is not one shard). */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (m === null) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

export const CheckResults = t.intersection([
  t.type({
    tool: t.literal('prtos-ref'),
    version: t.string,
    /** The configuration checked: file name and sha-256 of its text. */
    config: t.string,
    configHash: t.string,
    arch: t.string,
    fidelity: t.string,
    quirks: t.array(t.string),
    faults: t.array(t.string),
    seed: t.number,
    /** `i/n` for shard i of a check run in n shards (`1/1` unsharded); `1-n/n` for all n joined. */
    shard: t.string,
    runsPerSuite: Nat,
    suites: t.array(SuiteResult),
    verdict: Verdict,
  }),
  t.partial({
    timeMs: Nat,
    /** Coverage of the model's states and transitions and of the notes' table rows (--coverage). */
    coverage: t.type({
      items: Nat,
      reachable: Nat,
      hit: Nat,
      percent: t.number,
      missed: t.array(t.string),
    }),
  }),
]);
export type CheckResults = t.TypeOf<typeof CheckResults>;
