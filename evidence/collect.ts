/**
 * Collecting model coverage: the model runs generated runs for a system with a coverage recorder
 * switched on (model `CoverageRecorder`), and the items of evidence/coverage.ts are counted.
 */
import fc from 'fast-check';
import type { SystemConfig } from '../spec/config/types.js';
import { CoverageRecorder, createModel } from '../model/index.js';
import { runOnConfigArb, runSpecArb, type RunArbOptions } from '../properties/arbitraries/run.js';
import { coverageItems, summarise, type CoverageItem, type CoverageSummary } from './coverage.js';

export interface CollectedCoverage {
  readonly items: CoverageItem[];
  readonly summary: CoverageSummary;
}

/** Runs `runs` generated runs on the model (on `system`, or on generated configurations) and counts coverage. */
export function collectCoverage(
  system: { readonly config: SystemConfig; readonly xml: string } | undefined,
  runs: number,
  seed: number,
  shape: RunArbOptions = { maxOps: 12, maxStimuli: 3, maxFrames: 4 },
): CollectedCoverage {
  const rec = new CoverageRecorder();
  const arb = system === undefined ? runSpecArb(shape) : runOnConfigArb(system.config, system.xml, shape);
  for (const { spec } of fc.sample(arb, { seed, numRuns: runs })) {
    const m = createModel(spec, { coverage: rec });
    for (const s of spec.stimuli) {
      if (s.t > spec.until) break;
      m.advance(s.t);
      if (!m.stopped) m.stimulate(s.stimulus);
    }
    m.advance(spec.until);
  }
  const items = coverageItems(rec);
  return { items, summary: summarise(items) };
}
