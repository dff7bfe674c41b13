/**
 * The health monitor as an xstate machine: the decision procedure of prtos-states §4.3 with the
 * tables of §4.4 and the log of §4.5.
 *
 * A trap reaches the HM as event 6 + trap (x86 page faults at hypervisor addresses as
 * MEM_PROTECTION, REQ-HM-2). In partition context, an event whose entry in the partition's table
 * is PROPAGATE without logging takes the fast path: the trap is only marked pending, and no HM
 * event is raised, counted or logged (REQ-HM-7). Every other trap, and every event the kernel
 * raises itself (UNEXPECTED_TRAP from an unowned line, FATAL_ERROR from a panic), raises an HM
 * event: stamped with the time, handled with the hypervisor table when the SYS bit is set (a trap
 * in hypervisor context, or an event that is always system-level) and with the table of the
 * partition in the record otherwise, logged with the next sequence number when the entry's log
 * flag is set, then acted upon (REQ-HM-8, REQ-HM-9).
 *
 * The machine decides; it does not act. Its emitted `raised` event names the effect of the action
 * at that level (REQ-HM-10, REQ-HM-11), and the coordinator carries it out on the partitions, the
 * scheduler and the system. At hypervisor level the kernel knows only IGNORE, the two hypervisor
 * resets, HYPERVISOR_HALT and SWITCH_TO_MAINTENANCE; any other action the parser allowed there
 * halts the system (the intended side of anomaly ST-A7), and a system reset is a reset on every
 * port (the intended side of ST-A8).
 *
 * Driven only through xstate's pure `transition`; no delays, actors or messages.
 */
import { assign, emit, setup } from 'xstate';
import type { HmActionName, HmSlot } from '../spec/constants/index.js';
import type { RequirementId } from '../spec/requirements/types.js';
import {
  emptyHmLog,
  logRecord,
  readRecords,
  resetRecords,
  seekRecords,
  setLocked,
  type HmLogState,
  type SeekWhence,
} from './hmLog.js';

/** What the coordinator must do after an HM event (prtos-states §4.2, intended semantics). */
export type HmEffect =
  | 'ignore'
  | 'shutdownPartition'
  | 'partitionColdReset'
  | 'partitionWarmReset'
  | 'systemColdReset'
  | 'systemWarmReset'
  | 'suspendPartition'
  | 'haltPartition'
  | 'haltSystem'
  | 'propagate'
  | 'switchToMaintenance';

const PARTITION_LEVEL: Readonly<Record<HmActionName, HmEffect>> = {
  IGNORE: 'ignore',
  SHUTDOWN: 'shutdownPartition',
  PARTITION_COLD_RESET: 'partitionColdReset',
  PARTITION_WARM_RESET: 'partitionWarmReset',
  HYPERVISOR_COLD_RESET: 'systemColdReset',
  HYPERVISOR_WARM_RESET: 'systemWarmReset',
  SUSPEND: 'suspendPartition',
  PARTITION_HALT: 'haltPartition',
  HYPERVISOR_HALT: 'haltSystem',
  PROPAGATE: 'propagate',
  SWITCH_TO_MAINTENANCE: 'switchToMaintenance',
};

/** Hypervisor level: what the kernel knows acts as at partition level, the rest halts (ST-A7). */
const HYPERVISOR_LEVEL: Readonly<Record<HmActionName, HmEffect>> = {
  IGNORE: 'ignore',
  SHUTDOWN: 'haltSystem',
  PARTITION_COLD_RESET: 'haltSystem',
  PARTITION_WARM_RESET: 'haltSystem',
  HYPERVISOR_COLD_RESET: 'systemColdReset',
  HYPERVISOR_WARM_RESET: 'systemWarmReset',
  SUSPEND: 'haltSystem',
  PARTITION_HALT: 'haltSystem',
  HYPERVISOR_HALT: 'haltSystem',
  PROPAGATE: 'haltSystem',
  SWITCH_TO_MAINTENANCE: 'switchToMaintenance',
};

export function hmEffect(level: 'partition' | 'hypervisor', action: HmActionName): HmEffect {
  return (level === 'partition' ? PARTITION_LEVEL : HYPERVISOR_LEVEL)[action];
}

export interface HmInput {
  readonly hypervisorTable: readonly HmSlot[];
  readonly partitionTables: readonly (readonly HmSlot[])[];
  readonly log: HmLogState;
}

export interface HmContext {
  readonly hypervisorTable: readonly HmSlot[];
  /** Indexed by partition id. */
  readonly partitionTables: readonly (readonly HmSlot[])[];
  readonly log: HmLogState;
}

/** Where an event comes from: the partition and vCPU that ran, or none (idle thread / kernel). */
export interface HmOrigin {
  readonly cpu: number;
  readonly now: number;
  readonly part: number | null;
  readonly vcpu: number | null;
}

export type HmEvent =
  /** A trap taken in `origin`'s context; `event` is 6 + trap unless the arch pre-handler changed it. */
  | ({ readonly type: 'TRAP'; readonly trap: number; readonly event: number } & HmOrigin)
  /** An event the kernel raises itself; `sys` chooses the hypervisor table (REQ-HM-8). */
  | ({ readonly type: 'RAISE'; readonly event: number; readonly sys: boolean } & HmOrigin)
  | { readonly type: 'LOG_READ'; readonly max: number }
  | { readonly type: 'LOG_SEEK'; readonly offset: number; readonly whence: SeekWhence }
  | { readonly type: 'LOG_LOCK' }
  | { readonly type: 'LOG_UNLOCK' }
  | { readonly type: 'LOG_RESET' };

export type HmEmitted =
  | { readonly type: 'fastPropagate'; readonly trap: number; readonly event: number }
  | ({
      readonly type: 'raised';
      readonly event: number;
      readonly sys: boolean;
      readonly action: HmActionName;
      readonly logged: boolean;
      readonly effect: HmEffect;
      /** The trap behind the event, when it came from a trap (for PROPAGATE). */
      readonly trap: number | null;
    } & HmOrigin)
  | { readonly type: 'logRead'; readonly records: HmLogState['records'] };

type RaiseLike = Extract<HmEvent, { type: 'TRAP' | 'RAISE' }>;

function isSys(e: RaiseLike): boolean {
  return e.type === 'RAISE' ? e.sys : e.part === null;
}

function slotFor(ctx: HmContext, e: RaiseLike): HmSlot {
  const table = isSys(e) ? ctx.hypervisorTable : (ctx.partitionTables[e.part ?? -1] ?? ctx.hypervisorTable);
  return table[e.event] ?? { action: 'IGNORE', log: false };
}

function raised(ctx: HmContext, e: RaiseLike): HmEmitted {
  const sys = isSys(e);
  const slot = slotFor(ctx, e);
  return {
    type: 'raised',
    event: e.event,
    sys,
    action: slot.action,
    logged: slot.log,
    effect: hmEffect(sys ? 'hypervisor' : 'partition', slot.action),
    trap: e.type === 'TRAP' ? e.trap : null,
    cpu: e.cpu,
    now: e.now,
    part: e.part,
    vcpu: e.vcpu,
  };
}

const NO_ID = 0xff;

const REQ = {
  fast: ['REQ-HM-7'],
  raise: ['REQ-HM-8', 'REQ-HM-9', 'REQ-HM-10', 'REQ-HM-11'],
  log: ['REQ-HM-16', 'REQ-HM-17'],
  read: ['REQ-HM-18'],
  seek: ['REQ-HM-19'],
  ctrl: ['REQ-HM-20'],
} as const satisfies Record<string, readonly RequirementId[]>;

export const hmMachine = setup({
  types: {
    context: {} as HmContext,
    events: {} as HmEvent,
    emitted: {} as HmEmitted,
    input: {} as {
      hypervisorTable: readonly HmSlot[];
      partitionTables: readonly (readonly HmSlot[])[];
      log: HmLogState;
    },
  },
  guards: {
    /** Partition context, and the partition's entry is PROPAGATE with logging off (§4.3 step 3). */
    fastPropagate: ({ context, event }) => {
      if (event.type !== 'TRAP' || event.part === null) return false;
      const slot = slotFor(context, event);
      return slot.action === 'PROPAGATE' && !slot.log;
    },
    logged: ({ context, event }) =>
      (event.type === 'TRAP' || event.type === 'RAISE') && slotFor(context, event).log,
  },
  actions: {
    emitFast: emit(({ event }) => {
      const e = event as Extract<HmEvent, { type: 'TRAP' }>;
      return { type: 'fastPropagate' as const, trap: e.trap, event: e.event };
    }),
    emitRaised: emit(({ context, event }) => raised(context, event as RaiseLike)),
    appendRecord: assign({
      log: ({ context, event }) => {
        const e = event as RaiseLike;
        return logRecord(context.log, {
          event: e.event,
          part: e.part ?? NO_ID,
          vcpu: e.vcpu ?? NO_ID,
          sys: isSys(e),
          timestamp: e.now,
        });
      },
    }),
  },
}).createMachine({
  id: 'hm',
  // Safe without input: xstate builds an inert actor's initial snapshot without one.
  context: ({ input }: { input: HmInput | undefined }) => ({
    hypervisorTable: input?.hypervisorTable ?? [],
    partitionTables: input?.partitionTables ?? [],
    log: input?.log ?? emptyHmLog(0),
  }),
  initial: 'monitoring',
  meta: { requirements: ['REQ-HM-1', 'REQ-HM-8'], rows: ['§4'] },
  states: {
    monitoring: {
      meta: { requirements: ['REQ-HM-8', 'REQ-HM-9'], rows: ['§4.3'] },
      on: {
        TRAP: [
          {
            guard: 'fastPropagate',
            actions: 'emitFast',
            meta: { requirements: REQ.fast, rows: ['§4.3 step 3'] },
          },
          {
            guard: 'logged',
            actions: ['appendRecord', 'emitRaised'],
            meta: { requirements: [...REQ.raise, ...REQ.log], rows: ['§4.3 step 4', 'hm_raise_event log'] },
          },
          {
            actions: 'emitRaised',
            meta: { requirements: REQ.raise, rows: ['§4.3 step 4', 'hm_raise_event no log'] },
          },
        ],
        RAISE: [
          {
            guard: 'logged',
            actions: ['appendRecord', 'emitRaised'],
            meta: { requirements: [...REQ.raise, ...REQ.log], rows: ['hm_raise_event log'] },
          },
          { actions: 'emitRaised', meta: { requirements: REQ.raise, rows: ['hm_raise_event no log'] } },
        ],
        LOG_READ: {
          actions: [
            emit(({ context, event }) => ({
              type: 'logRead' as const,
              records: readRecords(context.log, event.max).records,
            })),
            assign({ log: ({ context, event }) => readRecords(context.log, event.max).log }),
          ],
          meta: { requirements: REQ.read, rows: ['§5.6 read'] },
        },
        LOG_SEEK: {
          actions: assign({
            log: ({ context, event }) => seekRecords(context.log, event.offset, event.whence),
          }),
          meta: { requirements: REQ.seek, rows: ['§5.6 seek'] },
        },
        LOG_LOCK: {
          actions: assign({ log: ({ context }) => setLocked(context.log, true) }),
          meta: { requirements: REQ.ctrl, rows: ['§5.6 LOCK_EVENTS'] },
        },
        LOG_UNLOCK: {
          actions: assign({ log: ({ context }) => setLocked(context.log, false) }),
          meta: { requirements: REQ.ctrl, rows: ['§5.6 UNLOCK_EVENTS'] },
        },
        LOG_RESET: {
          actions: assign({ log: ({ context }) => resetRecords(context.log) }),
          meta: { requirements: REQ.ctrl, rows: ['§5.6 RESET_EVENTS'] },
        },
      },
    },
  },
});
