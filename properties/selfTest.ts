/**
 * The suites' self-test: does each property suite catch the bugs it is meant to catch?
 *
 * DESIGN.md ("Properties") and issue 5 ask that a suite prove its worth by failing: every seeded
 * fault of the implementation (impl/kernel/faults.ts) and every quirk of the real PRTOS that this
 * emulation reproduces in slice 1 (spec/decisions, `reproducible` and `slice: 1`) must make some
 * check fail. This module turns that promise into a catalogue that is derived, never written by
 * hand: a case is a fault or a quirk with the requirements it breaks; the suites expected to
 * catch it are those with a property that checks one of those requirements; conformance (the
 * lockstep of model and implementation) is run on every case, since any deviation from the
 * intended behaviour must show there as a divergence.
 *
 * Some quirks change only what the console prints (a trap dump, an unknown event's name), or a
 * guest library's layout; no isolation property can see them, but the real PRTOS transcripts can:
 * for each quirk in the real preset of x86 or riscv64, the BAIL examples are run with the real
 * preset minus that quirk, and a transcript that stops matching the real one shows that the
 * transcripts depend on the quirk being reproduced.
 *
 * Verdicts, strongest first:
 * - `caught`: a property suite fails and its counterexample names a requirement the case breaks;
 * - `caught-unnamed`: a property suite fails, but names other requirements (the bug is caught,
 *   the traceability is off: worth a look);
 * - `conformance-only`: only the lockstep sees it (no property checks what the case breaks);
 * - `transcript-only`: only a BAIL transcript differs;
 * - `missed`: nothing failed within the runs given. A missed case is a hole in the suites.
 */
import {
  parseCounterexample,
  serializeCounterexample,
  type Counterexample,
} from '../conformance/counterexample.js';
import * as kernel from '../impl/kernel/index.js';
import { SEEDED_FAULTS } from '../impl/kernel/index.js';
import { BAIL_EXAMPLES, checkBailExample, type BailArch } from '../examples/bail/index.js';
import { QUIRKS, realPreset } from '../spec/decisions/index.js';
import { runSuite } from './execute.js';
import { replaysExactly } from './replay.js';
import type { SuiteResult } from './results.js';
import type { Suite } from './suite.js';
import { SUITES } from './suites/index.js';

/** The architectures slice 1 runs generated systems and BAIL examples on. */
const SLICE1_ARCHES: readonly BailArch[] = ['x86', 'riscv64'];

export interface SelfTestCase {
  readonly kind: 'fault' | 'quirk';
  readonly id: string;
  readonly description: string;
  /** Requirements the case violates (faults.ts `breaks`, the quirk's `breaks`). */
  readonly breaks: readonly string[];
  /** Where the case can be switched on in slice 1. */
  readonly arches: readonly BailArch[];
  /** Property suites (not conformance) with a property that checks one of `breaks`. */
  readonly expectedSuites: readonly string[];
}

export interface SuiteCatch {
  readonly suite: string;
  readonly verdict: SuiteResult['verdict'];
  /** Requirements the counterexample names, when the suite failed. */
  readonly requirements: readonly string[];
  /** Whether one of them is a requirement the case breaks. */
  readonly namesBroken: boolean;
  /** Steps of the shrunk counterexample. */
  readonly steps: number | undefined;
  /** One line: what the counterexample shows. */
  readonly summary: string | undefined;
  /** Whether the counterexample, rebuilt from its file alone, gives the very same failure. */
  readonly replaysExactly: boolean | undefined;
}

export interface TranscriptCatch {
  readonly example: string;
  readonly arch: BailArch;
  /** The first console line that differs from the real one, as the comparison words it. */
  readonly reason: string;
}

export type SelfTestVerdict = 'caught' | 'caught-unnamed' | 'conformance-only' | 'transcript-only' | 'missed';

export interface SelfTestResult {
  readonly case: SelfTestCase;
  readonly suites: readonly SuiteCatch[];
  readonly transcripts: readonly TranscriptCatch[];
  readonly verdict: SelfTestVerdict;
}

export interface SelfTestOptions {
  readonly runs: number;
  readonly seed: number;
  readonly toolVersion: string;
  /** Only these case ids (default: all). */
  readonly only?: readonly string[];
  /** Called before each case is run. */
  readonly onCase?: (c: SelfTestCase, index: number, total: number) => void;
  /** Called with each case's result as soon as it is known. */
  readonly onResult?: (r: SelfTestResult) => void;
}

function suitesChecking(breaks: readonly string[]): string[] {
  return SUITES.filter(
    (s) => s.lockstep !== true && s.properties.some((p) => p.requirements.some((r) => breaks.includes(r))),
  ).map((s) => s.id);
}

/** Every seeded fault and every quirk slice 1 reproduces, in catalogue order. */
export function selfTestCases(): SelfTestCase[] {
  const faults = SEEDED_FAULTS.map((f): SelfTestCase => ({
    kind: 'fault',
    id: f.id,
    description: f.description,
    breaks: f.breaks,
    arches: SLICE1_ARCHES,
    expectedSuites: suitesChecking(f.breaks),
  }));
  const quirks = QUIRKS.filter((q) => q.quirk.reproducible && q.quirk.slice === 1)
    .map((q): SelfTestCase => ({
      kind: 'quirk',
      id: q.quirk.id,
      description: q.title,
      breaks: q.quirk.breaks,
      arches: SLICE1_ARCHES.filter((a) => q.arches.includes(a)),
      expectedSuites: suitesChecking(q.quirk.breaks),
    }))
    // A quirk of another architecture only (aarch64, loongarch64) cannot be switched on in slice 1.
    .filter((c) => c.arches.length > 0);
  return [...faults, ...quirks];
}

/** Written to the file format and read back, as a user's replay would, then replayed. */
function replaysFromFile(ce: Counterexample): boolean {
  const parsed = parseCounterexample(serializeCounterexample(ce));
  return parsed.ok && replaysExactly(parsed.value);
}

function runOne(suite: Suite, c: SelfTestCase, opts: SelfTestOptions): SuiteCatch {
  const r = runSuite(suite, {
    runs: opts.runs,
    seed: opts.seed,
    toolVersion: opts.toolVersion,
    faults: c.kind === 'fault' ? [c.id] : [],
    quirks: c.kind === 'quirk' ? [c.id] : [],
    shape: { arches: c.arches },
  });
  const ce = r.counterexample;
  const requirements = ce?.requirements ?? [];
  return {
    suite: suite.id,
    verdict: r.result.verdict,
    requirements,
    namesBroken: requirements.some((x) => c.breaks.includes(x)),
    steps: ce?.steps,
    summary: ce?.summary,
    replaysExactly: ce === undefined ? undefined : replaysFromFile(ce),
  };
}

/**
 * BAIL examples whose console stops matching the real transcript when the quirk is taken out of
 * the real preset (only for quirks the real system shows on x86 or riscv64).
 */
function transcriptCatches(c: SelfTestCase): TranscriptCatch[] {
  if (c.kind !== 'quirk') return [];
  const found: TranscriptCatch[] = [];
  for (const arch of c.arches) {
    const preset = realPreset(arch);
    if (!preset.includes(c.id)) continue;
    const without = preset.filter((q) => q !== c.id);
    for (const example of BAIL_EXAMPLES) {
      const { mismatch } = checkBailExample(kernel, example, arch, { fidelity: 'real', quirks: without });
      if (mismatch !== null) found.push({ example: example.name, arch, reason: mismatch.reason });
    }
  }
  return found;
}

function verdictOf(suites: readonly SuiteCatch[], transcripts: readonly TranscriptCatch[]): SelfTestVerdict {
  const failing = suites.filter((s) => s.verdict === 'fail');
  const properties = failing.filter((s) => s.suite !== 'conformance');
  if (properties.some((s) => s.namesBroken)) return 'caught';
  if (properties.length > 0) return 'caught-unnamed';
  if (failing.length > 0) return 'conformance-only';
  if (transcripts.length > 0) return 'transcript-only';
  return 'missed';
}

/**
 * Runs every case: its expected suites, conformance, and (for quirks of the real preset) the BAIL
 * transcripts. Suites other than the expected ones are not run: a case they would catch is still
 * reported by the expected ones or by conformance, and the self-test stays affordable.
 */
export function runSelfTest(opts: SelfTestOptions): SelfTestResult[] {
  const cases = selfTestCases().filter((c) => opts.only === undefined || opts.only.includes(c.id));
  return cases.map((c, i) => {
    opts.onCase?.(c, i, cases.length);
    const suites = SUITES.filter((s) => s.lockstep === true || c.expectedSuites.includes(s.id)).map((s) =>
      runOne(s, c, opts),
    );
    const transcripts = transcriptCatches(c);
    const result: SelfTestResult = { case: c, suites, transcripts, verdict: verdictOf(suites, transcripts) };
    opts.onResult?.(result);
    return result;
  });
}
