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

/**
 * Runs `runs` generated runs on the model and counts coverage: on `system` when given, and as many
 * on generated configurations of the same architecture (1 to many partitions and vCPUs, 1–4 CPUs,
 * several plans) — a single configuration cannot reach every item (one without owned hardware
 * lines never takes a device interrupt), generated ones can.
 */
export function collectCoverage(
  system: { readonly config: SystemConfig; readonly xml: string } | undefined,
  runs: number,
  seed: number,
  shape: RunArbOptions = { maxOps: 12, maxStimuli: 3, maxFrames: 4 },
): CollectedCoverage {
  const rec = new CoverageRecorder();
  if (system !== undefined) {
    record(rec, runOnConfigArb(system.config, system.xml, shape), runs, seed);
    record(rec, runSpecArb({ ...shape, arches: [system.config.arch] }), runs, seed + 1);
  } else {
    record(rec, runSpecArb(shape), runs, seed);
  }
  const items = coverageItems(rec);
  return { items, summary: summarise(items) };
}

function record(rec: CoverageRecorder, arb: ReturnType<typeof runSpecArb>, runs: number, seed: number): void {
  for (const { spec } of fc.sample(arb, { seed, numRuns: runs })) {
    const m = createModel(spec, { coverage: rec });
    for (const s of spec.stimuli) {
      if (s.t > spec.until) break;
      m.advance(s.t);
      if (!m.stopped) m.stimulate(s.stimulus);
    }
    m.advance(spec.until);
  }
}
