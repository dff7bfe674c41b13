/**
 * Counterexample files: everything needed to reproduce a failing run exactly.
 *
 * DESIGN.md "Determinism and replay": a failing check writes the configuration, the programs,
 * the stimuli, the tie-breaks, the quirks, the tool version, the seed and the fast-check path
 * (with the replay path of commands where there is one), and prints one line,
 * `prtos-ref replay <counterexample.json>`, that reproduces it. The configuration is kept as its
 * XML text, so that it can also be validated and run on its own.
 */
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { ARCHES } from '../spec/constants/arch.js';
import { ProgramSet } from '../spec/program.js';
import { FAULT_KINDS, FIDELITIES } from '../spec/trace/vocabulary.js';

const Int = t.refinement(t.number, (n) => Number.isSafeInteger(n), 'integer');
const Nat = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'integer >= 0');
const keyof = <K extends string>(ks: readonly K[]) =>
  t.keyof(Object.fromEntries(ks.map((k) => [k, null])) as Record<K, null>);

export const StimulusInputCodec = t.union([
  t.type({ ev: t.literal('hwIrq'), line: Nat }),
  t.type({ ev: t.literal('fault'), cpu: Nat, kind: keyof(FAULT_KINDS), addr: Nat }),
]);

export const TimedStimulusCodec = t.type({ t: Nat, stimulus: StimulusInputCodec });
export const TieBreakCodec = t.type({ t: Nat, order: t.array(Nat) });

export const COUNTEREXAMPLE_FORMAT = 'prtos-ref-counterexample';

export const CounterexampleCodec = t.intersection([
  t.type({
    format: t.literal(COUNTEREXAMPLE_FORMAT),
    version: t.literal(1),
    /** Version of the tool that found it. */
    tool: t.string,
    /** The suite and property that failed, and the requirements at stake. */
    suite: t.string,
    property: t.string,
    requirements: t.array(t.string),
    arch: keyof(ARCHES),
    /** The configuration file's text. */
    configXml: t.string,
    programs: ProgramSet,
    stimuli: t.array(TimedStimulusCodec),
    tieBreaks: t.array(TieBreakCodec),
    fidelity: keyof(FIDELITIES),
    quirks: t.array(t.string),
    /** Seeded faults of the implementation (a suite's self-test), if any. */
    faults: t.array(t.string),
    until: Nat,
    /** What went wrong, for people: one line, then details. */
    summary: t.string,
    details: t.array(t.string),
  }),
  t.partial({
    /** fast-check: seed and path of the failing run (re-run the property with them). */
    seed: Int,
    path: t.string,
    /** Number of steps of the shrunk run (one external stimulus or one guest op each). */
    steps: Nat,
  }),
]);
export type Counterexample = t.TypeOf<typeof CounterexampleCodec>;

export type CounterexampleRead = { ok: true; value: Counterexample } | { ok: false; message: string };

/** Reads a counterexample file's text; every defect is one line that says where. */
export function parseCounterexample(text: string): CounterexampleRead {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const r = CounterexampleCodec.decode(json);
  if (isLeft(r)) {
    const first = r.left[0];
    const path =
      first?.context
        .map((c) => c.key)
        .filter((k) => k !== '')
        .join('.') ?? '';
    const actual = first === undefined ? '' : JSON.stringify(first.value)?.slice(0, 60);
    return {
      ok: false,
      message: `not a prtos-ref counterexample: field "${path || '(top)'}" is invalid${actual === undefined ? '' : ` (got ${actual})`}`,
    };
  }
  return { ok: true, value: r.right };
}

export function serializeCounterexample(c: Counterexample): string {
  return `${JSON.stringify(CounterexampleCodec.encode(c), null, 2)}\n`;
}
