/**
 * The shape of a requirement of the prtos-ref baseline, as a TypeScript type and as the io-ts
 * codec of its JSON form (evidence reports embed requirements, and read them back).
 *
 * A requirement is one sentence ("... shall ...") about PRTOS as prtos-ref checks it. It traces
 * to the section of the specification note it comes from (docs/reference/prtos-notes/, the
 * notes prtos-states and prtos-hypercalls) and to the PRTOS source lines (commit 93ec820,
 * paths from the repository root) the note took it from. `derived` marks our own refinements:
 * isolation properties that the design intends but the real kernel does not meet everywhere,
 * and requirements on the tool itself; a derived requirement always says why it exists. When the
 * requirement states the intended behaviour and the real kernel does otherwise, `intended` names
 * the fidelity decision (spec/decisions) that records the deviation.
 *
 * Ids are stable: `REQ-<AREA>-<n>`, numbered within the area, never reused.
 */
import * as t from 'io-ts';

/**
 * Requirement areas. The first twelve are the ones of the brief; HCALL (dispatch, multicall and
 * the small hypercalls), OBJ (object directory, console, trace, log streams), LIB (the libprtos
 * side, which prtos-ref emulates in impl/guest) and TOOL (prtos-ref's own obligations) keep the
 * others focused.
 */
export const AREAS = [
  'CFG',
  'PART',
  'VCPU',
  'SCHED',
  'TIME',
  'IRQ',
  'HM',
  'MEM',
  'IPC',
  'PRIV',
  'SYS',
  'NI',
  'HCALL',
  'OBJ',
  'LIB',
  'TOOL',
] as const;
export type Area = (typeof AREAS)[number];

/** What each area covers, for generated documentation. */
export const AREA_TITLES: Readonly<Record<Area, string>> = {
  CFG: 'Configuration rules (prtoscparser checks and conversions)',
  PART: 'Partition lifecycle',
  VCPU: 'Virtual CPUs',
  SCHED: 'Cyclic scheduler and plan switching',
  TIME: 'Clocks and timers',
  IRQ: 'Hardware interrupts, virtual interrupts and IPVIs',
  HM: 'Health monitor',
  MEM: 'Spatial isolation: memory areas, PCT mapping, guest-pointer checks',
  IPC: 'Sampling and queuing ports and channels',
  PRIV: 'System-partition rights',
  SYS: 'Boot, system halt and reset, status',
  NI: 'Noninterference and information flow',
  HCALL: 'Hypercall dispatch, multicall and the remaining hypercalls',
  OBJ: 'Object directory, console, trace and log streams',
  LIB: 'The libprtos guest library',
  TOOL: 'Obligations of prtos-ref itself',
};

export const NOTES = ['prtos-states', 'prtos-hypercalls'] as const;
export type NoteName = (typeof NOTES)[number];

export const REQUIREMENT_ID_PATTERN = new RegExp(`^REQ-(${AREAS.join('|')})-[1-9][0-9]*$`);
export type RequirementId = `REQ-${Area}-${number}`;

export function isRequirementId(s: unknown): s is RequirementId {
  return typeof s === 'string' && REQUIREMENT_ID_PATTERN.test(s);
}

export const RequirementIdCodec = new t.Type<RequirementId, string, unknown>(
  'RequirementId',
  isRequirementId,
  (u, c) => (isRequirementId(u) ? t.success(u) : t.failure(u, c, 'not a REQ-<AREA>-<n> id')),
  (id) => id,
);

/** Section references look like the note's own numbering: `§3.4`, `§9`, `§A` (appendix). */
export const SECTION_PATTERN = /^§([0-9]+(\.[0-9]+)?|A)$/;
const SectionCodec = t.refinement(t.string, (s) => SECTION_PATTERN.test(s), 'Section');

/** `path:line` or `path:first-last`, path relative to the PRTOS repository root. */
export const PRTOS_REF_PATTERN = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*:[1-9][0-9]*(-[1-9][0-9]*)?$/;
const PrtosRefCodec = t.refinement(t.string, (s) => PRTOS_REF_PATTERN.test(s), 'PrtosRef');

export const AreaCodec = t.keyof(Object.fromEntries(AREAS.map((a) => [a, null])) as Record<Area, null>);
export const NoteNameCodec = t.keyof({ 'prtos-states': null, 'prtos-hypercalls': null });

export const RequirementSourceCodec = t.readonly(
  t.type({
    note: NoteNameCodec,
    section: SectionCodec,
    prtos: t.readonlyArray(PrtosRefCodec),
  }),
);
export type RequirementSource = t.TypeOf<typeof RequirementSourceCodec>;

export const RequirementCodec = t.readonly(
  t.intersection([
    t.type({
      id: RequirementIdCodec,
      area: AreaCodec,
      text: t.string,
      source: RequirementSourceCodec,
      derived: t.boolean,
      since: t.literal('1.0'),
    }),
    t.partial({
      /** Why a derived requirement exists (required when `derived`). */
      rationale: t.string,
      /** The decision id (spec/decisions) when the real kernel deviates from this requirement. */
      intended: t.string,
    }),
  ]),
);
export type Requirement = t.TypeOf<typeof RequirementCodec>;

/** The baseline a set of evidence was produced against. */
export const BaselineCodec = t.readonly(t.type({ version: t.string, date: t.string }));
export type Baseline = t.TypeOf<typeof BaselineCodec>;
