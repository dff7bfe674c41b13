/**
 * The things bench/ times, one function each: the model alone, the implementation alone, both in
 * lockstep, a property suite, a BAIL example and the default system left idle.
 *
 * The model and the implementation are driven alone exactly as conformance/runner.ts drives them
 * together — the same step plan (checkpoints every CHECKPOINT_US, stimuli at their instants, a
 * stimulus skipped once the side has stopped) — so that "lockstep minus model minus
 * implementation" is the cost of comparing, and nothing else. Every function builds its side(s)
 * inside the timed part: booting the kernel and setting up the model are part of a run's cost.
 *
 * bench/ is the one layer besides cli/ that may read the wall clock (eslint.config.js lists the
 * layers that may not); it reads it only here, through `timed`.
 */
import { performance } from 'node:perf_hooks';
import * as kernel from '../impl/kernel/index.js';
import { createModel } from '../model/index.js';
import { ImplSide } from '../conformance/implSide.js';
import { runLockstep, stepPlan } from '../conformance/runner.js';
import { runSuite } from '../properties/execute.js';
import type { Suite } from '../properties/suite.js';
import type { RunArbOptions } from '../properties/arbitraries/run.js';
import type { SuiteResult } from '../properties/results.js';
import { runBailExample, type BailArch, type BailExample } from '../examples/bail/index.js';
import type { SystemConfig } from '../spec/config/types.js';
import type { LockstepSide, RunSpec, SideEvent } from '../spec/lockstep.js';

/**
 * µs between lockstep checkpoints: runLockstep's default, and what the conformance suite uses
 * (properties/execute.ts judgeRun passes no interval).
 */
export const CHECKPOINT_US = 1000;

/** What one run did: guest steps (see countOps) and the virtual time it reached. */
export interface Work {
  readonly guestSteps: number;
  readonly virtualUs: number;
}

export interface Timed<T> {
  readonly value: T;
  readonly wallMs: number;
}

export function timed<T>(f: () => T): Timed<T> {
  const start = performance.now();
  const value = f();
  return { value, wallMs: performance.now() - start };
}

/**
 * Guest ops started: spec/lockstep.ts L3 gives each op of a straight-line program one event when it
 * starts — `hypercall` for a hypercall op, `op` for the others (a faulting access run again after
 * the HM returned to it counts again, as the contract emits it again).
 */
function countOps(events: readonly SideEvent[]): number {
  let n = 0;
  for (const e of events) if (e.ev === 'op' || e.ev === 'hypercall') n++;
  return n;
}

/** One side on its own, through the step plan runLockstep would use. */
function driveAlone(side: LockstepSide, spec: RunSpec): Work {
  let ops = 0;
  for (const { t, stimulus } of stepPlan(spec, CHECKPOINT_US)) {
    ops += countOps(side.advance(t));
    if (stimulus !== undefined && !side.stopped) ops += countOps(side.stimulate(stimulus));
    if (side.stopped) break;
  }
  return { guestSteps: ops, virtualUs: side.now };
}

export function modelAlone(spec: RunSpec): Work {
  return driveAlone(createModel(spec), spec);
}

export function implAlone(spec: RunSpec, witness: boolean): Work {
  return driveAlone(new ImplSide(spec, { witness }), spec);
}

export interface LockstepWork extends Work {
  readonly ok: boolean;
}

/** Both sides in lockstep, as the conformance suite runs them (witness off). */
export function lockstep(spec: RunSpec, compareStates: boolean): LockstepWork {
  const impl = new ImplSide(spec, { witness: false });
  const r = runLockstep(spec, createModel(spec), impl, { checkpointInterval: CHECKPOINT_US, compareStates });
  return { guestSteps: countOps(r.events), virtualUs: impl.now, ok: r.ok };
}

export interface SuiteBenchOptions {
  readonly runs: number;
  readonly seed: number;
  readonly shape: RunArbOptions;
  readonly config: { readonly config: SystemConfig; readonly xml: string } | undefined;
  readonly toolVersion: string;
}

/** A whole suite through properties/execute.ts, generation and judging included. */
export function suiteRun(suite: Suite, opts: SuiteBenchOptions): SuiteResult {
  return runSuite(suite, {
    runs: opts.runs,
    seed: opts.seed,
    shape: opts.shape,
    ...(opts.config === undefined ? {} : { config: opts.config }),
    toolVersion: opts.toolVersion,
  }).result;
}

/**
 * A BAIL example on impl/kernel with its own partition images, `--fidelity real` (the example's
 * default), to its `until` or its halt. Images emit no `op` events, so the guest steps counted here
 * are the hypercalls the partitions made.
 */
export function bailRun(example: BailExample, arch: BailArch): Work {
  let hypercalls = 0;
  const run = runBailExample(kernel, example, arch, {
    observe: (e) => {
      if (e.ev === 'hypercall') hypercalls++;
    },
  });
  return { guestSteps: hypercalls, virtualUs: run.stopped?.t ?? example.until };
}

/** µs between `advance` calls of an idle run: what `prtos-ref run` uses (cli/commands/run.ts). */
const IDLE_STEP_US = 10_000;

/**
 * A configuration booted with no programs (every bootable vCPU runs its idle loop), as
 * `prtos-ref run <config>` does: the cost of the kernel's own work, ticks, slots and switches.
 */
export function idleRun(config: SystemConfig, until: number): Work {
  const spec: RunSpec = {
    config,
    programs: [],
    stimuli: [],
    tieBreaks: [],
    fidelity: 'intended',
    quirks: [],
    until,
  };
  const side = new ImplSide(spec, { witness: false });
  let hypercalls = 0;
  for (let t = Math.min(IDLE_STEP_US, until); ; t = Math.min(t + IDLE_STEP_US, until)) {
    for (const e of side.advance(t)) if (e.ev === 'hypercall') hypercalls++;
    if (side.stopped || t >= until) break;
  }
  return { guestSteps: hypercalls, virtualUs: side.now };
}
