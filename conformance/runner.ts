/**
 * The lockstep runner (DESIGN.md, "The lockstep protocol"; spec/lockstep.ts).
 *
 * A run is cut into steps: `advance(t)` on both sides, then at most one external stimulus at t.
 * Step instants are the stimuli's instants, the end of the run, and checkpoints every
 * `checkpointInterval` µs in between (so that a divergence is found close to where it starts).
 * After every step the two event lists must agree instant by instant (L5) and the two abstract
 * states must be equal (L6). The first disagreement stops the run and is reported with the steps
 * before it.
 */
import type { LockstepSide, RunSpec, SideEvent, StimulusInput } from '../spec/lockstep.js';
import {
  firstEventDifference,
  stateDifferences,
  type EventDifference,
  type StateDifference,
} from './compare.js';

export interface StepRecord {
  readonly index: number;
  /** The instant the step advanced to. */
  readonly t: number;
  readonly stimulus: StimulusInput | undefined;
  /** What the implementation did in this step (the model said the same, or the run stopped here). */
  readonly events: readonly SideEvent[];
}

export type Divergence =
  | {
      readonly kind: 'events';
      readonly step: number;
      readonly t: number;
      readonly difference: EventDifference;
    }
  | {
      readonly kind: 'state';
      readonly step: number;
      readonly t: number;
      readonly differences: readonly StateDifference[];
    }
  | {
      readonly kind: 'stopped';
      readonly step: number;
      readonly t: number;
      readonly model: boolean;
      readonly impl: boolean;
    };

export interface LockstepResult {
  readonly ok: boolean;
  readonly steps: readonly StepRecord[];
  readonly divergence: Divergence | undefined;
  /** Every event of the implementation, in order (the run's trace). */
  readonly events: readonly SideEvent[];
  /** Every event of the model, in order. */
  readonly modelEvents: readonly SideEvent[];
  /** Whether the system stopped (halt, reset or panic) before the end. */
  readonly stopped: boolean;
}

export interface LockstepOptions {
  /** µs between checkpoints (default 1000); 0 = only at stimuli and at the end. */
  readonly checkpointInterval?: number;
  /** Compare abstract states after every step (default true). */
  readonly compareStates?: boolean;
}

/** The instants of a run's steps, each with the stimulus applied after advancing to it. */
export function stepPlan(
  spec: RunSpec,
  interval: number,
): { t: number; stimulus: StimulusInput | undefined }[] {
  const plan: { t: number; stimulus: StimulusInput | undefined }[] = [];
  let last = 0;
  const addCheckpoints = (upTo: number) => {
    if (interval <= 0) return;
    for (let t = last + interval; t < upTo; t += interval) plan.push({ t, stimulus: undefined });
  };
  for (const s of spec.stimuli) {
    if (s.t > spec.until) break;
    addCheckpoints(s.t);
    plan.push({ t: s.t, stimulus: s.stimulus });
    last = s.t;
  }
  addCheckpoints(spec.until);
  plan.push({ t: spec.until, stimulus: undefined });
  return plan;
}

export function runLockstep(
  spec: RunSpec,
  model: LockstepSide,
  impl: LockstepSide,
  opts: LockstepOptions = {},
): LockstepResult {
  const steps: StepRecord[] = [];
  const events: SideEvent[] = [];
  const modelEvents: SideEvent[] = [];
  const compareStates = opts.compareStates ?? true;
  const plan = stepPlan(spec, opts.checkpointInterval ?? 1000);
  let index = 0;
  const finish = (divergence: Divergence | undefined): LockstepResult => ({
    ok: divergence === undefined,
    steps,
    divergence,
    events,
    modelEvents,
    stopped: impl.stopped || model.stopped,
  });
  for (const { t, stimulus } of plan) {
    const m = [...model.advance(t)];
    const i = [...impl.advance(t)];
    if (stimulus !== undefined && !impl.stopped && !model.stopped) {
      m.push(...model.stimulate(stimulus));
      i.push(...impl.stimulate(stimulus));
    }
    modelEvents.push(...m);
    events.push(...i);
    steps.push({ index, t, stimulus, events: i });
    const difference = firstEventDifference(m, i);
    if (difference !== undefined) return finish({ kind: 'events', step: index, t: difference.t, difference });
    if (model.stopped !== impl.stopped) {
      return finish({ kind: 'stopped', step: index, t, model: model.stopped, impl: impl.stopped });
    }
    if (compareStates && !impl.stopped) {
      const differences = stateDifferences(model.state(), impl.state());
      if (differences.length > 0) return finish({ kind: 'state', step: index, t, differences });
    }
    if (impl.stopped) break;
    index++;
  }
  return finish(undefined);
}
