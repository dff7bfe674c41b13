/**
 * The partition as an xstate machine whose state is computed from its vCPUs (prtos-states §1.1).
 *
 * PRTOS keeps no partition state: the state a status request reports is derived on demand from
 * the flags of the partition's vCPUs — READY if any vCPU is READY, else SUSPENDED if any is
 * SUSPENDED, else HALTED if any is HALTED, else IDLE (REQ-PART-1). The machine's four states are
 * those values; the coordinator sends `VCPUS` with the vCPUs' states after every unit of work, and
 * the machine moves to what they derive, emitting `partState` when that changes (L4). Its context
 * holds the one thing PRTOS does store per partition: the op mode (§1.4), written by resets,
 * halts, boot and PRTOS_SET_PARTITION_OPMODE, and never set to NORMAL on its own (REQ-PART-22).
 *
 * The triggers of the rows P0–P15 act on the vCPUs; the coordinator records which row fired.
 */
import { assign, emit, setup } from 'xstate';
import type { StatusName } from '../spec/constants/index.js';
import type { OpMode } from '../spec/modelState.js';
import type { RequirementId } from '../spec/requirements/types.js';
import type { PartState } from '../spec/trace/vocabulary.js';

export interface PartitionContext {
  readonly id: number;
  readonly opMode: OpMode;
}

export type PartitionEvent =
  | { readonly type: 'VCPUS'; readonly states: readonly StatusName[] }
  | { readonly type: 'SET_OP_MODE'; readonly opMode: OpMode };

export interface PartStateEmitted {
  readonly type: 'partState';
  readonly part: number;
  readonly from: PartState;
  readonly to: PartState;
}

/**
 * The partition state the vCPU states derive (§1.1): each vCPU's state already has H > S > R.
 * (spec/constants' `derivedPartitionState` does the same on flag words; the test checks they agree.)
 */
export function derivePartition(states: readonly StatusName[]): StatusName {
  const order: readonly StatusName[] = ['READY', 'SUSPENDED', 'HALTED'];
  for (const s of order) if (states.includes(s)) return s;
  return 'IDLE';
}

const R = (...ids: RequirementId[]): readonly RequirementId[] => ids;

function moves(from: PartState) {
  const targets: readonly PartState[] = (['IDLE', 'READY', 'SUSPENDED', 'HALTED'] as const).filter(
    (s) => s !== from,
  );
  return targets.map((to) => ({
    guard: { type: 'derives' as const, params: { to } },
    target: to,
    actions: { type: 'emitChange' as const, params: { from, to } },
    meta: {
      requirements: R('REQ-PART-1'),
      rows: [`${from} → ${to}`],
      ...(from === 'IDLE' || to === 'IDLE' ? { unreachable: IDLE_UNREACHABLE } : {}),
    },
  }));
}

/** Why IDLE is never derived in slice 1 (prtos-states §1.1). */
const IDLE_UNREACHABLE =
  'IDLE needs every vCPU without H, S and R; R is set by every path that clears H and never cleared by common code (only by the out-of-scope SBI/PSCI/IOCSR paths).';

export const partitionMachine = setup({
  types: {
    context: {} as PartitionContext,
    events: {} as PartitionEvent,
    emitted: {} as PartStateEmitted,
    input: {} as { id: number; opMode: OpMode; state: PartState },
  },
  guards: {
    derives: ({ event }, params: { to: PartState }) =>
      event.type === 'VCPUS' && derivePartition(event.states) === params.to,
  },
  actions: {
    emitChange: emit(({ context }, params: { from: PartState; to: PartState }) => ({
      type: 'partState' as const,
      part: context.id,
      from: params.from,
      to: params.to,
    })),
  },
}).createMachine({
  id: 'partition',
  // Safe without input: xstate builds an inert actor's initial snapshot without one.
  context: ({ input }: { input: { id: number; opMode: OpMode } | undefined }) => ({
    id: input?.id ?? 0,
    opMode: input?.opMode ?? 'IDLE',
  }),
  initial: 'HALTED',
  meta: { requirements: R('REQ-PART-1', 'REQ-PART-22'), rows: ['§1.1', '§1.4'] },
  on: {
    SET_OP_MODE: {
      actions: assign({ opMode: ({ event }) => event.opMode }),
      meta: { requirements: R('REQ-PART-22', 'REQ-SYS-9'), rows: ['§1.4'] },
    },
  },
  states: {
    IDLE: {
      meta: { requirements: R('REQ-PART-1'), rows: ['status 0'], unreachable: IDLE_UNREACHABLE },
      on: { VCPUS: moves('IDLE') },
    },
    READY: { meta: { requirements: R('REQ-PART-1'), rows: ['status 1'] }, on: { VCPUS: moves('READY') } },
    SUSPENDED: {
      meta: { requirements: R('REQ-PART-1'), rows: ['status 2'] },
      on: { VCPUS: moves('SUSPENDED') },
    },
    HALTED: { meta: { requirements: R('REQ-PART-1'), rows: ['status 3'] }, on: { VCPUS: moves('HALTED') } },
  },
});
