/**
 * The fidelity decisions of prtos-ref (DESIGN.md, "Fidelity"): every anomaly, erratum and open
 * point of the notes with what prtos-ref does about it, lookup by decision id (primary or alias)
 * and by quirk id, and the `--fidelity real` preset of each architecture.
 *
 * Topic files hold the rows; this file only assembles them and derives the indexes.
 */
import type { Arch } from '../constants/arch.js';
import { DISPATCH_DECISIONS } from './dispatch.js';
import { HEALTH_DECISIONS } from './health.js';
import { INTERRUPT_DECISIONS } from './interrupts.js';
import { IPC_DECISIONS } from './ipc.js';
import { LIBPRTOS_DECISIONS } from './libprtos.js';
import { LIFECYCLE_DECISIONS } from './lifecycle.js';
import { OBJECT_DECISIONS } from './objects.js';
import { SPATIAL_DECISIONS } from './spatial.js';
import { TEMPORAL_DECISIONS } from './temporal.js';
import type { Decision, Quirk } from './types.js';

export * from './types.js';

export const DECISIONS: readonly Decision[] = [
  ...SPATIAL_DECISIONS,
  ...TEMPORAL_DECISIONS,
  ...HEALTH_DECISIONS,
  ...LIFECYCLE_DECISIONS,
  ...INTERRUPT_DECISIONS,
  ...IPC_DECISIONS,
  ...OBJECT_DECISIONS,
  ...DISPATCH_DECISIONS,
  ...LIBPRTOS_DECISIONS,
];

/** A decision row that carries a quirk, with the quirk made non-optional. */
export type QuirkDecision = Decision & { readonly quirk: Quirk };

function hasQuirk(d: Decision): d is QuirkDecision {
  return d.quirk !== undefined;
}

/** Every row with a quirk, reproducible or not, in table order. */
export const QUIRKS: readonly QuirkDecision[] = DECISIONS.filter(hasQuirk);

const BY_ID: ReadonlyMap<string, Decision> = new Map(
  DECISIONS.flatMap((d) => [d.id, ...d.aliases].map((id) => [id, d] as const)),
);

const BY_QUIRK: ReadonlyMap<string, QuirkDecision> = new Map(QUIRKS.map((d) => [d.quirk.id, d]));

/** The row for a decision id, primary or alias (`HC-A37` finds the row `ST-A5`). */
export function decisionById(id: string): Decision | undefined {
  return BY_ID.get(id);
}

/** The row of a quirk id as users pass it to `--quirk`. */
export function quirkById(quirkId: string): QuirkDecision | undefined {
  return BY_QUIRK.get(quirkId);
}

/**
 * The quirk ids `--fidelity real` switches on for `arch`: the reproducible quirks whose real
 * system on that architecture shows the deviation, in table order.
 */
export function realPreset(arch: Arch): string[] {
  return QUIRKS.filter((d) => d.quirk.reproducible && d.inRealPreset.includes(arch)).map((d) => d.quirk.id);
}
