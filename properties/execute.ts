/**
 * Running a property suite with fast-check: generated runs, the properties judged on each, the
 * antecedent counts, shrinking on failure, and the counterexample that reproduces it.
 *
 * Deterministic for a given seed (no wall clock, no Math.random): the command line picks the
 * seed, and the seed, the fast-check path and the counterexample file reproduce a failure.
 * Antecedent counts are taken over the generated runs only, not over the runs fast-check makes
 * while shrinking.
 */
import fc from 'fast-check';
import type { SystemConfig } from '../spec/config/types.js';
import type { RunSpec } from '../spec/lockstep.js';
import { createModel } from '../model/index.js';
import { COUNTEREXAMPLE_FORMAT, type Counterexample } from '../conformance/counterexample.js';
import { ImplSide } from '../conformance/implSide.js';
import { runLockstep, type LockstepResult } from '../conformance/runner.js';
import { formatEvent } from '../spec/trace/format.js';
import { runOnConfigArb, runSpecArb, type RunArbOptions } from './arbitraries/run.js';
import { executeRun } from './outcome.js';
import type { PropertyResult, SuiteResult } from './results.js';
import { suiteRequirements, type Suite, type Violation } from './suite.js';

export interface SuiteRunOptions {
  readonly runs: number;
  readonly seed: number;
  /** fast-check path of a failing run, to replay it exactly. */
  readonly path?: string;
  /** A fixed configuration (and its file's text); otherwise configurations are generated. */
  readonly config?: { readonly config: SystemConfig; readonly xml: string };
  readonly quirks?: readonly string[];
  readonly faults?: readonly string[];
  /** Overrides of the suite's run shape (e.g. `--steps`). */
  readonly shape?: RunArbOptions;
  readonly toolVersion: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SuiteOutcome {
  readonly result: SuiteResult;
  readonly counterexample: Counterexample | undefined;
}

export interface Failed {
  readonly property: string;
  readonly requirements: readonly string[];
  readonly violation: Violation | undefined;
  readonly divergence: LockstepResult | undefined;
}

/** Judges one run; the first failing property, if any. */
export function judgeRun(
  suite: Suite,
  spec: RunSpec,
  xml: string,
  faults: readonly string[],
  count?: (key: string, hits: number) => void,
): Failed | undefined {
  if (suite.lockstep === true) {
    const r = runLockstep(spec, createModel(spec), new ImplSide(spec, { faults, witness: false }));
    const p = suite.properties[0];
    count?.(p?.key ?? 'conformance.lockstep', r.steps.length);
    return r.ok
      ? undefined
      : {
          property: p?.key ?? 'conformance.lockstep',
          requirements: p?.requirements ?? [],
          violation: undefined,
          divergence: r,
        };
  }
  const o = executeRun(spec, xml, { faults });
  for (const p of suite.properties) {
    const j = p.judge(o);
    count?.(p.key, j.hits);
    if (j.violation !== undefined)
      return { property: p.key, requirements: p.requirements, violation: j.violation, divergence: undefined };
  }
  return undefined;
}

export function runSuite(suite: Suite, opts: SuiteRunOptions): SuiteOutcome {
  const shape: RunArbOptions = { ...suite.runs, ...opts.shape, quirks: opts.quirks ?? [] };
  const arb =
    opts.config === undefined
      ? runSpecArb(shape)
      : runOnConfigArb(opts.config.config, opts.config.xml, shape);
  const faults = opts.faults ?? [];
  // Per property: runs in which it was applicable, runs that met its antecedent, instances.
  const stats = new Map<string, { applicable: number; runs: number; hits: number }>();
  for (const p of suite.properties) stats.set(p.key, { applicable: 0, runs: 0, hits: 0 });
  let generated = 0;
  let steps = 0;
  let shrinking = false;
  const count = (key: string, hits: number) => {
    if (shrinking) return;
    const s = stats.get(key);
    if (s === undefined) return;
    s.hits += hits;
    if (hits > 0) s.runs++;
  };
  const details = fc.check(
    fc.property(arb, ({ spec, xml }) => {
      if (!shrinking) {
        generated++;
        steps += stepCount(spec);
        opts.onProgress?.(generated, opts.runs);
        for (const p of suite.properties) {
          const s = stats.get(p.key);
          if (s !== undefined && (p.applicable === undefined || p.applicable(spec.config))) s.applicable++;
        }
      }
      const failed = judgeRun(suite, spec, xml, faults, count);
      if (failed !== undefined) shrinking = true;
      return failed === undefined;
    }),
    {
      numRuns: opts.runs,
      seed: opts.seed,
      ...(opts.path === undefined ? {} : { path: opts.path }),
      endOnFailure: false,
    },
  );
  const properties: PropertyResult[] = suite.properties.map((p) => {
    const s = stats.get(p.key) ?? { applicable: 0, runs: 0, hits: 0 };
    const met = s.applicable === 0 ? 0 : s.runs / s.applicable;
    const applicable = s.applicable > 0;
    return {
      key: p.key,
      text: p.text,
      requirements: [...p.requirements],
      antecedentRuns: s.runs,
      antecedentHits: s.hits,
      floor: p.floor,
      verdict: !applicable ? 'not-applicable' : met + 1e-12 >= p.floor ? 'pass' : 'inconclusive',
    };
  });
  let counterexample: Counterexample | undefined;
  if (details.failed && details.counterexample !== null) {
    const [{ spec, xml }] = details.counterexample;
    const failed = judgeRun(suite, spec, xml, faults);
    counterexample = makeCounterexample(
      suite,
      spec,
      xml,
      failed,
      opts,
      details.seed,
      details.counterexamplePath ?? undefined,
    );
    const key = failed?.property;
    for (const p of properties) if (p.key === key) p.verdict = 'fail';
  }
  const verdict =
    counterexample !== undefined
      ? 'fail'
      : properties.every((p) => p.verdict === 'pass' || p.verdict === 'not-applicable')
        ? 'pass'
        : 'inconclusive';
  return {
    result: {
      id: suite.id,
      title: suite.title,
      requirements: suiteRequirements(suite),
      runs: generated,
      steps,
      properties,
      verdict,
    },
    counterexample,
  };
}

/** Steps of a run: one a stimulus, one a guest op (DESIGN.md, counterexample size). */
export function stepCount(spec: RunSpec): number {
  return spec.stimuli.length + spec.programs.reduce((n, p) => n + p.ops.length, 0);
}

/**
 * The one-line summary and the detail lines of a failure, as a counterexample file records them
 * (and as a replay compares them, to tell the same failure from a different one).
 */
export function describeFailure(
  failed: Failed | undefined,
  arch: RunSpec['config']['arch'],
): { summary: string; details: string[] } {
  const lines: string[] = [];
  let summary = failed === undefined ? 'the failure did not reproduce on the shrunk run' : '';
  if (failed?.violation !== undefined) {
    summary = `${failed.property} violated: ${failed.violation.summary}`;
    lines.push(...failed.violation.details);
  }
  const d = failed?.divergence?.divergence;
  if (d !== undefined) {
    if (d.kind === 'events') {
      summary = `model and implementation disagree at ${d.t} µs`;
      for (const e of d.difference.onlyModel)
        lines.push(`expected (model):   ${formatEvent(e as never, { arch: arch })}`);
      for (const e of d.difference.onlyImpl)
        lines.push(`actual (kernel):    ${formatEvent(e as never, { arch: arch })}`);
    } else if (d.kind === 'state') {
      summary = `model and implementation states differ at ${d.t} µs`;
      for (const x of d.differences)
        lines.push(`${x.path}: model ${JSON.stringify(x.model)}, kernel ${JSON.stringify(x.impl)}`);
    } else {
      summary = `only the ${d.model ? 'model' : 'kernel'} stopped at ${d.t} µs`;
    }
  }
  return { summary, details: lines };
}

function makeCounterexample(
  suite: Suite,
  spec: RunSpec,
  xml: string,
  failed: Failed | undefined,
  opts: SuiteRunOptions,
  seed: number,
  path: string | undefined,
): Counterexample {
  const { summary, details: lines } = describeFailure(failed, spec.config.arch);
  return {
    format: COUNTEREXAMPLE_FORMAT,
    version: 1,
    tool: opts.toolVersion,
    suite: suite.id,
    property: failed?.property ?? suite.properties[0]?.key ?? suite.id,
    requirements: [...(failed?.requirements ?? [])],
    arch: spec.config.arch,
    configXml: xml,
    programs: spec.programs.map((p) => ({ part: p.part, vcpu: p.vcpu, ops: [...p.ops] })),
    stimuli: spec.stimuli.map((s) => ({ t: s.t, stimulus: s.stimulus })),
    tieBreaks: spec.tieBreaks.map((b) => ({ t: b.t, order: [...b.order] })),
    fidelity: spec.fidelity,
    quirks: [...spec.quirks],
    faults: [...(opts.faults ?? [])],
    until: spec.until,
    summary,
    details: lines,
    seed,
    ...(path === undefined ? {} : { path }),
    steps: stepCount(spec),
  };
}
