/**
 * One generated run, executed: what the property suites judge.
 *
 * The implementation runs the spec on its own (machine, kernel, guests), keeping the machine's
 * witness records — the hardware's view, kept apart from any kernel code, on which the spatial
 * and temporal properties are judged (DESIGN.md "Properties"). The model runs the same spec on its
 * own: its observations are the specification's account of the run (which plan is in force when,
 * which vCPUs are halted when), which the properties use as the oracle for "where a vCPU may run".
 * Conformance runs both in lockstep instead (conformance/runner.ts).
 */
import type { RunSpec, SideEvent } from '../spec/lockstep.js';
import type { ModelState } from '../spec/modelState.js';
import { createModel } from '../model/index.js';
import { ImplSide } from '../conformance/implSide.js';
import type { Witness } from '../impl/machine/index.js';

export interface RunOutcome {
  readonly spec: RunSpec;
  /** The configuration file's text. */
  readonly xml: string;
  /** The implementation's events (its trace), in order. */
  readonly events: readonly SideEvent[];
  readonly witness: Witness;
  /** The implementation's abstract state at the end. */
  readonly finalState: ModelState;
  /** The model's events for the same spec, in order. */
  readonly modelEvents: readonly SideEvent[];
  /** Whether the system stopped (halt, reset, panic) before the end. */
  readonly stopped: boolean;
}

export interface ExecuteOptions {
  /** Seeded faults of the implementation (a suite's self-test). */
  readonly faults?: readonly string[];
  /** Run the model too (default true). */
  readonly model?: boolean;
}

/** Runs the spec on the implementation alone (stimuli at their instants), and on the model. */
export function executeRun(spec: RunSpec, xml: string, opts: ExecuteOptions = {}): RunOutcome {
  const impl = new ImplSide(spec, { faults: opts.faults ?? [] });
  const events = drive(impl, spec);
  const modelEvents = opts.model === false ? [] : drive(createModel(spec), spec);
  return {
    spec,
    xml,
    events,
    witness: impl.machine.witness,
    finalState: impl.state(),
    modelEvents,
    stopped: impl.stopped,
  };
}

function drive(
  side: {
    advance(t: number): readonly SideEvent[];
    stimulate: ImplSide['stimulate'];
    readonly stopped: boolean;
  },
  spec: RunSpec,
): SideEvent[] {
  const out: SideEvent[] = [];
  for (const s of spec.stimuli) {
    if (s.t > spec.until) break;
    out.push(...side.advance(s.t));
    if (!side.stopped) out.push(...side.stimulate(s.stimulus));
  }
  out.push(...side.advance(spec.until));
  return out;
}

/** `P<part>.v<vcpu>` → the vCPU, as the guest runtime labels its contexts. */
export function parseContext(label: string | null): { part: number; vcpu: number } | undefined {
  if (label === null) return undefined;
  const m = /^P(\d+)\.v(\d+)$/.exec(label);
  return m === null ? undefined : { part: Number(m[1]), vcpu: Number(m[2]) };
}
