/**
 * Replaying a counterexample file exactly (DESIGN.md "Determinism and replay"): the run is rebuilt
 * from the file alone — configuration text, programs, stimuli, tie-breaks, quirks, seeded faults —
 * and judged by the same suite property (or run in lockstep, for conformance).
 */
import { decodeConfig } from '../spec/config/decode.js';
import type { RunSpec } from '../spec/lockstep.js';
import type { Counterexample } from '../conformance/counterexample.js';
import { describeFailure, judgeRun, type Failed } from './execute.js';
import { executeRun, type RunOutcome } from './outcome.js';
import { suiteById } from './suites/index.js';

export type ReplayResult =
  | { readonly ok: false; readonly error: string }
  | {
      readonly ok: true;
      readonly spec: RunSpec;
      /** The failure found again, or undefined if the run now holds. */
      readonly failure: Failed | undefined;
      /** The implementation's run, for the step list and the trace. */
      readonly outcome: RunOutcome;
    };

export function specOf(ce: Counterexample): { ok: true; spec: RunSpec } | { ok: false; error: string } {
  const d = decodeConfig(ce.configXml, ce.arch);
  if (!d.ok) {
    const i = d.issues[0];
    return {
      ok: false,
      error: `its configuration does not decode (line ${i?.line ?? 0}: ${i?.message ?? ''})`,
    };
  }
  return {
    ok: true,
    spec: {
      config: d.config,
      programs: ce.programs,
      stimuli: ce.stimuli,
      tieBreaks: ce.tieBreaks,
      fidelity: ce.fidelity,
      quirks: ce.quirks,
      until: ce.until,
    },
  };
}

/** Rebuilds the run from the file alone and judges it again, without recording its trace. */
export function rejudgeCounterexample(
  ce: Counterexample,
): { ok: false; error: string } | { ok: true; spec: RunSpec; failure: Failed | undefined } {
  const suite = suiteById(ce.suite);
  if (suite === undefined) return { ok: false, error: `unknown suite "${ce.suite}"` };
  const s = specOf(ce);
  if (!s.ok) return s;
  return { ok: true, spec: s.spec, failure: judgeRun(suite, s.spec, ce.configXml, ce.faults) };
}

/** The implementation's run of the file (for the step list and the trace), not judged. */
export function replayOutcome(
  ce: Counterexample,
): { ok: false; error: string } | { ok: true; outcome: RunOutcome } {
  const s = specOf(ce);
  if (!s.ok) return s;
  return { ok: true, outcome: executeRun(s.spec, ce.configXml, { faults: ce.faults, model: false }) };
}

export function replayCounterexample(ce: Counterexample): ReplayResult {
  const r = rejudgeCounterexample(ce);
  if (!r.ok) return r;
  const outcome = executeRun(r.spec, ce.configXml, { faults: ce.faults, model: false });
  return { ...r, outcome };
}

/**
 * Whether a replayed failure is the recorded one: same property, and the same summary and detail
 * lines (the shrunk step list and the first divergence), which a deterministic run must give.
 * `now` is the failure's description, when the caller already has it.
 */
export function sameFailure(
  ce: Counterexample,
  failure: Failed | undefined,
  now = describeFailure(failure, ce.arch),
): boolean {
  return (
    failure !== undefined &&
    failure.property === ce.property &&
    now.summary === ce.summary &&
    now.details.length === ce.details.length &&
    now.details.every((l, i) => l === ce.details[i])
  );
}

/** Rebuilds the run from the counterexample alone and says whether the same failure comes back. */
export function replaysExactly(ce: Counterexample): boolean {
  const r = rejudgeCounterexample(ce);
  return r.ok && sameFailure(ce, r.failure);
}
