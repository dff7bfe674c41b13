/**
 * xstate's pure transition function, without its per-call set-up cost.
 *
 * The model is driven only through the pure `transition(machine, snapshot, event)` of xstate v5
 * (TOOLCHAIN.md; DESIGN.md, model/). That function is `machine.transition(snapshot, event,
 * scope)` with a freshly built inert actor scope whose action executor collects the actions
 * instead of running them; building the scope creates an actor, which computes the machine's
 * initial snapshot every time — most of the cost of a call. The model makes tens of thousands of
 * transitions per run (a fault that re-executes under IGNORE or PROPAGATE loops for a whole slot),
 * so this module builds the inert scope once per machine and reuses it. Nothing else differs:
 * the same `machine.transition`, the same collected actions, no action executed, no actor
 * started; the model's machines spawn and invoke nothing, so no state lives in the scope. The
 * test of this file checks equality with xstate's own `transition` on generated event sequences.
 */
import { createActor, type AnyActorScope, type AnyStateMachine, type SnapshotFrom } from 'xstate';

interface Inert {
  readonly scope: AnyActorScope;
  collected: unknown[];
}

const scopes = new WeakMap<AnyStateMachine, Inert>();

function inertScope(machine: AnyStateMachine): Inert {
  let s = scopes.get(machine);
  if (s !== undefined) return s;
  const self = createActor(machine);
  const inert: Inert = {
    collected: [],
    scope: {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: (action: unknown) => {
        inert.collected.push(action);
      },
    } as unknown as AnyActorScope,
  };
  s = inert;
  scopes.set(machine, s);
  return s;
}

/** Like xstate's `transition`: the next snapshot and the actions to execute (not executed). */
export function pureTransition<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
  event: unknown,
): [SnapshotFrom<M>, readonly unknown[]] {
  const inert = inertScope(machine);
  inert.collected = [];
  const next = machine.transition(snapshot as never, event as never, inert.scope) as SnapshotFrom<M>;
  return [next, inert.collected];
}
