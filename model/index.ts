/**
 * The abstract specification of PRTOS, slice 1 (DESIGN.md, model/): time, space, lifecycle, the
 * health monitor and interrupts, runnable in lockstep with the emulated implementation.
 *
 * - `createModel(spec)` gives the `LockstepSide` of spec/lockstep.ts;
 * - the four machines (`vcpuMachine`, `partitionMachine`, `schedulerMachine`, `hmMachine`) are
 *   exported for `prtos-ref model --list/--svg` and for coverage;
 * - `modelItems()` lists every state and transition with its requirement ids and note rows,
 *   `COORDINATOR_ROWS` the note rows counted outside the machines, and `CoverageRecorder` counts
 *   hits when passed to `createModel(spec, { coverage })`.
 */
import type { AnyStateMachine } from 'xstate';
import { machineItems, type MachineItem } from './coverage.js';
import { hmMachine } from './hmMachine.js';
import { partitionMachine } from './partitionMachine.js';
import { schedulerMachine } from './schedulerMachine.js';
import { vcpuMachine } from './vcpuMachine.js';

export { createModel, ModelSide, type ModelOptions } from './timeline.js';
export { vcpuMachine, type VcpuContext, type VcpuEvent } from './vcpuMachine.js';
export { partitionMachine, derivePartition } from './partitionMachine.js';
export {
  schedulerMachine,
  decide,
  cachedRunner,
  type SchedulerContext,
  type Decision,
} from './schedulerMachine.js';
export { hmMachine, hmEffect, type HmEffect } from './hmMachine.js';
export { gridPosition, nextDecisionAfter, type GridPosition } from './schedule.js';
export { CoverageRecorder, COORDINATOR_ROWS, ROWS_OUT_OF_SCOPE, type MachineItem } from './coverage.js';
export { OutOfSliceError } from './hypercalls/call.js';
export { faultTrap } from './faults.js';
export { systemView, type SystemView, type VcpuRef } from './system.js';

/** The machines of the model, by the name `model --list` and coverage use. */
export const MACHINES: Readonly<Record<'vcpu' | 'partition' | 'scheduler' | 'hm', AnyStateMachine>> = {
  vcpu: vcpuMachine,
  partition: partitionMachine,
  scheduler: schedulerMachine,
  hm: hmMachine,
};

/** Every state and transition of every machine, with requirement ids and note rows. */
export function modelItems(): readonly MachineItem[] {
  return Object.entries(MACHINES).flatMap(([name, m]) => machineItems(name, m));
}
