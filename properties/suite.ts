/**
 * What a property suite is: properties of executed runs, each tagged with requirement ids and an
 * antecedent floor (DESIGN.md "Properties": each property reports how many runs met its
 * antecedent and fails below a floor — a property that is never exercised proves nothing).
 */
import type { RunArbOptions } from './arbitraries/run.js';
import type { SystemConfig } from '../spec/config/types.js';
import type { RunOutcome } from './outcome.js';

export interface Violation {
  /** The requirement at stake (one of the property's). */
  readonly requirement: string;
  /** One line: what was violated, where and when. */
  readonly summary: string;
  readonly details: readonly string[];
  /** The instant it shows (for the step list of the counterexample). */
  readonly t: number;
}

export interface Judgement {
  /** How many instances of the antecedent this run had (0: it did not test the property). */
  readonly hits: number;
  readonly violation?: Violation;
}

export interface Property {
  /** PROPERTY_REQUIREMENTS key, or `<suite>.<name>` for a suite-local property. */
  readonly key: string;
  readonly text: string;
  readonly requirements: readonly string[];
  /** Share of runs (0..1) that must meet the antecedent. */
  readonly floor: number;
  /**
   * Whether a configuration can meet the antecedent at all; when it cannot (a fixed configuration
   * with no owned hardware line, no system partition, a single plan), the property is reported as
   * not applicable rather than untested. Default: always.
   */
  readonly applicable?: (config: SystemConfig) => boolean;
  judge(o: RunOutcome): Judgement;
}

export interface Suite {
  readonly id: string;
  readonly title: string;
  readonly properties: readonly Property[];
  /** Shape of the generated runs. */
  readonly runs: RunArbOptions;
  /** Conformance runs both sides in lockstep instead of judging an outcome. */
  readonly lockstep?: boolean;
}

export function suiteRequirements(s: Suite): string[] {
  return [...new Set(s.properties.flatMap((p) => p.requirements))].sort();
}
