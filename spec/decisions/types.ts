/**
 * The shape of a fidelity decision (DESIGN.md, "Fidelity: intended behaviour, real behaviour,
 * one switch"), as a TypeScript type and as the io-ts codec of its JSON form.
 *
 * One decision row covers one behaviour that the notes record as wrong, surprising or open: an
 * anomaly of prtos-states §9 (`ST-A<n>`) or prtos-hypercalls §8 (`HC-A<n>`), an erratum at the top
 * of a note (`ST-ERRATA-<n>`, `HC-ERRATA-<n>`), or an open point the notes leave inferred or
 * build-dependent (`ST-OPEN-<n>`, `HC-OPEN-<n>`, numbered by us). When both notes describe the same
 * behaviour the row has one primary id and lists the others as aliases.
 *
 * `choice` says what prtos-ref does:
 * - `'intended'`: the recorded behaviour *is* the specification (it only surprises), or it has no
 *   observable effect; model and implementation both do it and there is no quirk.
 * - `'quirk'`: the real kernel deviates from the intended behaviour. The model states the intended
 *   behaviour; the implementation does too, and reproduces the real one only when the named quirk
 *   is on. A deviation this emulation cannot reproduce still gets a quirk entry, marked
 *   `reproducible: false` with the reason, so that evidence lists it.
 */
import * as t from 'io-ts';
import { ARCHES, type Arch } from '../constants/arch.js';
import { NoteNameCodec, RequirementIdCodec } from '../requirements/types.js';

export const DECISION_ID_PATTERN = /^(ST|HC)-(A[1-9][0-9]*[a-z]?|ERRATA-[1-9][0-9]*|OPEN-[1-9][0-9]*)$/;
export type DecisionId = `${'ST' | 'HC'}-${string}`;

export function isDecisionId(s: unknown): s is DecisionId {
  return typeof s === 'string' && DECISION_ID_PATTERN.test(s);
}

export const DecisionIdCodec = new t.Type<DecisionId, string, unknown>(
  'DecisionId',
  isDecisionId,
  (u, c) => (isDecisionId(u) ? t.success(u) : t.failure(u, c, 'not a ST-/HC- decision id')),
  (id) => id,
);

/** Quirk ids are what users pass to `--quirk`: lower-case words joined by single hyphens. */
export const QUIRK_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)+$/;
const QuirkIdCodec = t.refinement(t.string, (s) => QUIRK_ID_PATTERN.test(s), 'QuirkId');

export const ArchCodec = t.keyof(Object.fromEntries(ARCHES.map((a) => [a, null])) as Record<Arch, null>);

/**
 * One severity scale for both notes. prtos-states rates its anomalies critical/high/medium/low/info
 * by isolation impact and prtos-hypercalls tags them S/F/I; `NoteRef.tag` keeps each note's tag
 * verbatim. `severity` is the prtos-states rating where that note rates the behaviour, and our
 * judgement on the same scale otherwise (critical: breaks isolation from a non-system partition;
 * high: system-wide denial of service or widely visible wrong semantics; medium and low:
 * correctness and edge cases; info: cosmetic or no effect).
 */
export const SeverityCodec = t.keyof({ critical: null, high: null, medium: null, low: null, info: null });
export type Severity = t.TypeOf<typeof SeverityCodec>;

/** Where a note records the behaviour: `anomaly` is `A5`, `A26b`, `ERRATA-4` or `OPEN-1`. */
export const NoteRefCodec = t.readonly(
  t.intersection([
    t.type({
      note: NoteNameCodec,
      anomaly: t.string,
      section: t.string,
    }),
    t.partial({
      /** The note's own bracket tag for an anomaly, verbatim (e.g. `critical — system DoS`, `S/F`). */
      tag: t.string,
    }),
  ]),
);
export type NoteRef = t.TypeOf<typeof NoteRefCodec>;

export const QuirkCodec = t.readonly(
  t.intersection([
    t.type({
      id: QuirkIdCodec,
      /** The requirements whose property suites must fail when this quirk is on. */
      breaks: t.readonlyArray(RequirementIdCodec),
      reproducible: t.boolean,
      /** Delivery slice: 1 time, space, lifecycle, HM, interrupts, status, console; 2 ports, channels, IPVI, memory copy, trace; 3 x86 paging and the rest. */
      slice: t.union([t.literal(1), t.literal(2), t.literal(3)]),
    }),
    t.partial({
      /** Why the emulation cannot reproduce it (required when not reproducible). */
      whyNot: t.string,
      /** The part of a reproducible deviation that the emulation still does not reproduce, and why. */
      partial: t.string,
    }),
  ]),
);
export type Quirk = t.TypeOf<typeof QuirkCodec>;

export const DecisionCodec = t.readonly(
  t.intersection([
    t.type({
      id: DecisionIdCodec,
      aliases: t.readonlyArray(DecisionIdCodec),
      title: t.string,
      /** One entry per id and alias, in the same order. */
      notes: t.readonlyArray(NoteRefCodec),
      severity: SeverityCodec,
      /** The real architectures that show the behaviour. */
      arches: t.readonlyArray(ArchCodec),
      /** What the real PRTOS does, in one or two sentences. */
      real: t.string,
      /** What the model states and the implementation does by default. */
      intended: t.string,
      choice: t.keyof({ intended: null, quirk: null }),
      /** The architectures whose `--fidelity real` preset switches the quirk on. */
      inRealPreset: t.readonlyArray(ArchCodec),
      /** The requirements that state the behaviour this row is about. */
      requirements: t.readonlyArray(RequirementIdCodec),
      reason: t.string,
    }),
    t.partial({
      quirk: QuirkCodec,
      /** Other rows about a neighbouring behaviour (e.g. the parts of one note anomaly that the other note splits). */
      related: t.readonlyArray(DecisionIdCodec),
    }),
  ]),
);
export type Decision = t.TypeOf<typeof DecisionCodec>;
