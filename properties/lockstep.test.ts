/**
 * Model and implementation in lockstep on fixed batches of generated runs (DESIGN.md, "The
 * lockstep protocol"; spec/lockstep.ts L5 and L6): on every step of every run the two sides must
 * report the same events at every instant and equal abstract states.
 *
 * Three batches, each drawn with `fc.sample` at a fixed seed so that a failure reproduces: runs on
 * generated configurations for x86 and for riscv64, and runs on the default system
 * (examples/default, decoded as cli/system.ts does). The run shape is the conformance suite's
 * (properties/suites/conformance.ts). A second group turns on a seeded fault of the kernel
 * (impl/kernel/faults.ts) and requires that some run of each batch diverges, so that the first
 * group's agreement is not the agreement of a runner that compares nothing.
 *
 * This file sits in properties/ rather than conformance/ because the run generators are in
 * properties/arbitraries and conformance/ may not import properties/ (.dependency-cruiser.cjs,
 * `conformance-below-the-tools`).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImplSide } from '../conformance/implSide.js';
import { runLockstep, type LockstepResult } from '../conformance/runner.js';
import { createModel } from '../model/index.js';
import type { SystemConfig } from '../spec/config/types.js';
import { validateConfig } from '../spec/config/validate/validate.js';
import type { Arch } from '../spec/constants/arch.js';
import type { RunSpec, SideEvent } from '../spec/lockstep.js';
import { formatEvent } from '../spec/trace/format.js';
import type { TraceEvent } from '../spec/trace/vocabulary.js';
import { runOnConfigArb, runSpecArb } from './arbitraries/run.js';
import { conformanceSuite } from './suites/conformance.js';

const SEED = 20240611;
const GENERATED_RUNS = 40; // per architecture
const DEFAULT_RUNS = 20;
/** The fault whose divergence the second group looks for: every slot's end moves by 1 µs. */
const FAULT = 'slot-end-off-by-one';

function defaultSystem(): { config: SystemConfig; xml: string } {
  const xml = readFileSync(new URL('../examples/default/prtos_cf.x86.xml', import.meta.url), 'utf8');
  const r = validateConfig(xml, 'x86');
  if (!r.ok || r.config === undefined) {
    throw new Error(`the default system does not validate: ${r.issues[0]?.message ?? ''}`);
  }
  return { config: r.config, xml };
}

interface Batch {
  readonly name: string;
  readonly arch: Arch;
  readonly specs: readonly RunSpec[];
}

const shape = conformanceSuite.runs;
const system = defaultSystem();
const BATCHES: readonly Batch[] = [
  ...(['x86', 'riscv64'] as const).map((arch) => ({
    name: `generated ${arch} configurations`,
    arch,
    specs: fc
      .sample(runSpecArb({ ...shape, arches: [arch] }), { seed: SEED, numRuns: GENERATED_RUNS })
      .map((r) => r.spec),
  })),
  {
    name: 'the default system',
    arch: 'x86',
    specs: fc
      .sample(runOnConfigArb(system.config, system.xml, shape), { seed: SEED, numRuns: DEFAULT_RUNS })
      .map((r) => r.spec),
  },
];

function lockstep(spec: RunSpec, faults: readonly string[] = []): LockstepResult {
  return runLockstep(spec, createModel(spec), new ImplSide(spec, { faults, witness: false }));
}

function line(e: SideEvent, arch: Arch): string {
  return formatEvent({ ...e, seq: 0 } as TraceEvent, { arch });
}

/** The first divergence of a run, readably, with what reproduces it. */
function describeDivergence(batch: Batch, index: number, r: LockstepResult): string {
  const spec = batch.specs[index] as RunSpec;
  const arch = spec.config.arch;
  const head =
    `${batch.name}: run ${index} of fc.sample(seed ${SEED}) (fast-check path "${index}"), ` +
    `${arch}, ${spec.config.hw.processors.length} CPU(s), ${spec.config.partitions.length} partition(s), until ${spec.until} µs`;
  const d = r.divergence;
  if (d === undefined) return `${head}: no divergence`;
  const lines: string[] = [];
  if (d.kind === 'events') {
    lines.push(`events differ at ${d.t} µs (step ${d.step})`);
    for (const e of d.difference.onlyModel) lines.push(`  model only:  ${line(e, arch)}`);
    for (const e of d.difference.onlyImpl) lines.push(`  kernel only: ${line(e, arch)}`);
  } else if (d.kind === 'state') {
    lines.push(`states differ at ${d.t} µs (step ${d.step})`);
    for (const x of d.differences)
      lines.push(`  ${x.path}: model ${JSON.stringify(x.model)}, kernel ${JSON.stringify(x.impl)}`);
  } else {
    lines.push(`only the ${d.model ? 'model' : 'kernel'} stopped, at ${d.t} µs (step ${d.step})`);
  }
  lines.push(`  stimuli: ${JSON.stringify(spec.stimuli)}`);
  lines.push(`  tie-breaks: ${JSON.stringify(spec.tieBreaks)}`);
  return `${head}\n${lines.join('\n')}`;
}

describe('model and implementation in lockstep', () => {
  it('the batches are what they claim: the asked number of runs, each on its architecture', () => {
    expect(BATCHES.map((b) => b.specs.length)).toEqual([GENERATED_RUNS, GENERATED_RUNS, DEFAULT_RUNS]);
    for (const b of BATCHES) for (const s of b.specs) expect(s.config.arch).toBe(b.arch);
    // Generated configurations vary; the default system's runs all use its one configuration.
    const [x86] = BATCHES;
    expect(new Set(x86?.specs.map((s) => s.config.partitions.length)).size).toBeGreaterThan(1);
  });

  it.each(BATCHES.map((b) => [b.name, b] as const))('agree on every step of every run on %s', (_, batch) => {
    const divergences: string[] = [];
    let steps = 0;
    let compared = 0;
    for (const [i, spec] of batch.specs.entries()) {
      const r = lockstep(spec);
      steps += r.steps.length;
      compared += r.events.length;
      if (!r.ok) divergences.push(describeDivergence(batch, i, r));
    }
    expect(
      divergences.length,
      `${divergences.length} run(s) diverge; the first:\n${divergences[0] ?? ''}`,
    ).toBe(0);
    // Agreement must have been about something: steps taken and events compared.
    expect(steps).toBeGreaterThan(batch.specs.length);
    expect(compared).toBeGreaterThan(0);
  });
});

describe(`with the seeded fault ${FAULT}`, () => {
  it.each(BATCHES.map((b) => [b.name, b] as const))('some run on %s diverges', (_, batch) => {
    const index = batch.specs.findIndex((spec) => !lockstep(spec, [FAULT]).ok);
    expect(index, `no run of the batch on ${batch.name} diverged with ${FAULT} on`).toBeGreaterThanOrEqual(0);
    // The same run agrees without the fault: the divergence is the fault's doing.
    const spec = batch.specs[index] as RunSpec;
    const clean = lockstep(spec);
    expect(clean.ok, describeDivergence(batch, index, clean)).toBe(true);
  });
});
