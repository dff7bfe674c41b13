/**
 * Small constructors that keep the catalogue files readable: one call per requirement, the area
 * taken from the id, the note named by the helper (`st` = prtos-states, `hc` = prtos-hypercalls).
 * The catalogue test checks that every value built here is well formed.
 */
import type { Area, NoteName, Requirement, RequirementId, RequirementSource } from './types.js';

function source(note: NoteName, section: string, prtos: readonly string[]): RequirementSource {
  return { note, section, prtos };
}

/** A source in prtos-states.md. */
export function st(section: string, ...prtos: string[]): RequirementSource {
  return source('prtos-states', section, prtos);
}

/** A source in prtos-hypercalls.md. */
export function hc(section: string, ...prtos: string[]): RequirementSource {
  return source('prtos-hypercalls', section, prtos);
}

export interface RequirementExtra {
  /** Set for our own refinements; `rationale` must then say why. */
  readonly derived?: true;
  readonly rationale?: string;
  /** The decision id when the real kernel deviates from this (intended) requirement. */
  readonly intended?: string;
}

function areaOf(id: RequirementId): Area {
  return id.split('-')[1] as Area;
}

export function req(
  id: RequirementId,
  text: string,
  src: RequirementSource,
  extra: RequirementExtra = {},
): Requirement {
  return {
    id,
    area: areaOf(id),
    text,
    source: src,
    derived: extra.derived === true,
    ...(extra.rationale === undefined ? {} : { rationale: extra.rationale }),
    ...(extra.intended === undefined ? {} : { intended: extra.intended }),
    since: '1.0',
  };
}
