/**
 * The cyclic scheduler of one CPU as an xstate machine (prtos-states §3.2–§3.6).
 *
 * The schedule itself is the closed form of schedule.ts: who owns the CPU at an instant follows
 * from the plan in force, the instant T it was activated on this CPU, the slot table, and whether
 * the slot's vCPU was READY when the CPU made its first decision inside the slot. This machine
 * keeps the rest of the per-CPU state that PRTOS reports — current, requested and previous plan,
 * the plan switch time — and the record of the decision interval being served: which slot
 * occurrence, which vCPU was chosen, when the next decision falls, and whether the vCPU yielded
 * the rest of the slot with idle_self (V5). The state names are the situations of §3.4: serving a
 * slot, an unserved slot (its vCPU was not READY), a gap before a slot, the tail after the last
 * slot, the empty plan, and the yielded rest of a slot.
 *
 * A plan switch requested by a system partition (or by the HM) takes effect at the CPU's own next
 * major-frame boundary, where the new plan's grid starts (REQ-SCHED-19); the HM maintenance action
 * switches the plan pointers at once on the faulting CPU but keeps the decision interval in
 * progress, and plan 1's grid starts at its end (REQ-SCHED-22, erratum 2 of prtos-hypercalls). A
 * CPU that has no plan with the requested id runs the built-in empty plan: no partition, no
 * decisions, no hang (REQ-SCHED-21, intended side of ST-A9).
 *
 * Decisions are computed by `decide` (a pure function) and recorded with the DECIDE event; driven
 * only through xstate's pure `transition`.
 */
import { assign, enqueueActions, setup } from 'xstate';
import type { Plan } from '../spec/config/types.js';
import type { RequirementId } from '../spec/requirements/types.js';
import { boundaryReached, gridPosition, nextDecisionAfter, type GridPosition } from './schedule.js';
import type { VcpuRef } from './system.js';

/** A plan of this CPU by id, or the built-in empty plan (REQ-SCHED-21). */
export type PlanRef = number | 'empty';

/** The built-in empty plan: no slots, no major frame. PRTOS gives it id 0 (sched.c:42-48). */
const EMPTY_PLAN: Plan = { id: 0, name: undefined, majorFrame: 0, slots: [], line: 0 };

/** The decision interval being served (the effect of the last non-cached decision). */
export interface Served {
  /** Instant of the decision. */
  readonly at: number;
  readonly position: GridPosition;
  /** The vCPU chosen for the interval, or null (idle). */
  readonly chosen: VcpuRef | null;
  /** Instant of the next (non-cached) decision. */
  readonly until: number;
}

export interface SchedulerContext {
  readonly cpu: number;
  readonly plans: readonly Plan[];
  readonly planCurrent: PlanRef | null;
  readonly planNew: PlanRef;
  readonly planPrev: PlanRef | null;
  readonly planSwitchTime: number;
  /** Origin T of the current plan's grid; null before the first decision and after HM maintenance. */
  readonly origin: number | null;
  readonly served: Served | null;
  /** idle_self: the chosen vCPU gave the rest of the interval to the idle thread. */
  readonly yielded: boolean;
  /**
   * The HM made the maintenance plan current; its grid starts at the CPU's next decision, which
   * is when `planSwitch` is observed (spec/lockstep.ts L4).
   */
  readonly gridPending: boolean;
  /** This decision started the grid of a plan made current by the HM (emit `planSwitch` now). */
  readonly announceGrid: boolean;
}

/** What a non-cached decision at `now` does (computed by `decide`). */
export interface Decision {
  readonly now: number;
  /** Plan activated by this decision (step 2), if any. */
  readonly activated: { readonly from: PlanRef | null; readonly to: PlanRef } | null;
  readonly origin: number;
  readonly served: Served;
}

export type SchedulerEvent =
  /** The first decision (R7) or a decision at/after the previous interval's end (a tick). */
  | { readonly type: 'DECIDE'; readonly decision: Decision }
  /** switch_sched_plan (or HM maintenance) sets the requested plan of this CPU. */
  | { readonly type: 'REQUEST_PLAN'; readonly plan: PlanRef }
  /** HM SWITCH_TO_MAINTENANCE on this CPU: make the requested plan current now (§3.6). */
  | { readonly type: 'MAINTENANCE'; readonly now: number }
  /** idle_self by the chosen vCPU (V5). */
  | { readonly type: 'YIELD' }
  /** System halt or reset: nothing more happens. */
  | { readonly type: 'STOP' };

export type SchedulerEmitted =
  | { readonly type: 'planSwitch'; readonly cpu: number; readonly from: PlanRef | null; readonly to: PlanRef }
  | { readonly type: 'slot'; readonly cpu: number; readonly plan: PlanRef; readonly slot: number };

export function planOf(ctx: Pick<SchedulerContext, 'plans'>, ref: PlanRef | null): Plan {
  if (ref === null || ref === 'empty') return EMPTY_PLAN;
  return ctx.plans[ref] ?? EMPTY_PLAN;
}

/** The plan this CPU runs when `id` is requested: its own plan `id`, or the empty plan (sched.c:42-48). */
export function planRefFor(plans: readonly Plan[], id: number): PlanRef {
  return id >= 0 && id < plans.length ? id : 'empty';
}

/** The id PRTOS reports for a plan reference (the empty plan has id 0, sched.c:42-48). */
export function planId(ref: PlanRef): number {
  return ref === 'empty' ? 0 : ref;
}

/** Whether a decision at `now` is not cached: there is no interval yet, or its end has come. */
export function decisionDue(ctx: SchedulerContext, now: number): boolean {
  return ctx.served === null || now >= ctx.served.until;
}

/**
 * The non-cached decision at `now` (§3.4 steps 2–6 in closed form). `isReady` tells whether a
 * vCPU is READY (not H, not S, R) at this instant.
 */
export function decide(ctx: SchedulerContext, now: number, isReady: (ref: VcpuRef) => boolean): Decision {
  let current = ctx.planCurrent;
  let origin = ctx.origin;
  let activated: Decision['activated'] = null;
  const atBoundary =
    origin === null ||
    (ctx.served !== null &&
      ctx.served.position.kind !== 'empty' &&
      boundaryReached(planOf(ctx, current), origin, ctx.served.position.k, now));
  if (atBoundary && ctx.planNew !== current) {
    activated = { from: current, to: ctx.planNew };
    current = ctx.planNew;
    origin = now;
  } else if (origin === null) {
    origin = now;
  }
  const position = gridPosition(planOf(ctx, current), origin, now);
  let chosen: VcpuRef | null = null;
  if (position.kind === 'slot') {
    const ref = { part: position.slot.partitionId, vcpu: position.slot.vcpuId };
    if (isReady(ref)) chosen = ref;
  }
  return {
    now,
    activated,
    origin,
    served: { at: now, position, chosen, until: nextDecisionAfter(position, chosen !== null) },
  };
}

/** The thread a cached decision keeps (§3.4 step 1): the chosen vCPU if still READY and it did not yield. */
export function cachedRunner(ctx: SchedulerContext, isReady: (ref: VcpuRef) => boolean): VcpuRef | null {
  const chosen = ctx.served?.chosen ?? null;
  if (chosen === null || ctx.yielded || !isReady(chosen)) return null;
  return chosen;
}

/** `ModelState.cpus[].slot`: index of the slot being (or next to be) served; -1 before the grid starts. */
export function slotIndex(ctx: SchedulerContext): number {
  if (ctx.origin === null || ctx.served === null) return -1;
  const p = ctx.served.position;
  return p.kind === 'empty' ? -1 : p.index;
}

const R = (...ids: RequirementId[]): readonly RequirementId[] => ids;

type Kind = 'serving' | 'unserved' | 'gap' | 'tail' | 'empty';

function kindOf(d: Decision): Kind {
  const p = d.served.position;
  if (p.kind === 'slot') return d.served.chosen === null ? 'unserved' : 'serving';
  return p.kind;
}

const DECISION_REQS: Readonly<Record<Kind, readonly RequirementId[]>> = {
  serving: R('REQ-SCHED-8', 'REQ-SCHED-11', 'REQ-SCHED-12', 'REQ-SCHED-13'),
  unserved: R('REQ-SCHED-8', 'REQ-SCHED-14', 'REQ-SCHED-26'),
  gap: R('REQ-SCHED-9'),
  tail: R('REQ-SCHED-7'),
  empty: R('REQ-SCHED-21'),
};

const DECISION_ROWS: Readonly<Record<Kind, readonly string[]>> = {
  serving: ['§3.4 step 5 (slot, READY)', '§3.4 step 7'],
  unserved: ['§3.4 step 5 (slot, not READY)'],
  gap: ['§3.4 step 5 (gap)'],
  tail: ['§3.4 step 4 (no slot left)'],
  empty: ['§3.6 empty plan'],
};

/** The candidates of a DECIDE transition: one per situation the decision leads to. */
function decideTransitions() {
  return (['serving', 'unserved', 'gap', 'tail', 'empty'] as const).map((kind) => ({
    guard: { type: 'decisionIs' as const, params: { kind } },
    target: `#scheduler.running.${kind}`,
    actions: ['recordDecision' as const, 'emitDecision' as const],
    meta: {
      requirements: [...DECISION_REQS[kind], 'REQ-SCHED-4', 'REQ-SCHED-5', 'REQ-SCHED-6', 'REQ-SCHED-10'],
      rows: DECISION_ROWS[kind],
    },
  }));
}

export const schedulerMachine = setup({
  types: {
    context: {} as SchedulerContext,
    events: {} as SchedulerEvent,
    emitted: {} as SchedulerEmitted,
    input: {} as { cpu: number; plans: readonly Plan[] },
  },
  guards: {
    decisionIs: ({ event }, params: { kind: Kind }) =>
      event.type === 'DECIDE' && kindOf(event.decision) === params.kind,
    switchPending: ({ context }) => context.planNew !== context.planCurrent,
  },
  actions: {
    recordDecision: assign(({ context, event }) => {
      if (event.type !== 'DECIDE') return {};
      const d = event.decision;
      return {
        planPrev: d.activated === null ? context.planPrev : d.activated.from,
        planCurrent: d.activated === null ? context.planCurrent : d.activated.to,
        planSwitchTime: d.activated === null ? context.planSwitchTime : d.now,
        origin: d.origin,
        served: d.served,
        yielded: false,
        announceGrid: context.gridPending && d.activated === null,
        gridPending: false,
      };
    }),
    emitDecision: enqueueActions(({ context, event, enqueue }) => {
      // Runs after recordDecision, so `context` already holds the decision's plan.
      if (event.type !== 'DECIDE') return;
      const d = event.decision;
      if (d.activated !== null) {
        enqueue.emit({ type: 'planSwitch', cpu: context.cpu, from: d.activated.from, to: d.activated.to });
      } else if (context.announceGrid && context.planCurrent !== null) {
        enqueue.emit({
          type: 'planSwitch',
          cpu: context.cpu,
          from: context.planPrev,
          to: context.planCurrent,
        });
      }
      const p = d.served.position;
      if (p.kind === 'slot')
        enqueue.emit({ type: 'slot', cpu: context.cpu, plan: context.planCurrent ?? 'empty', slot: p.index });
    }),
  },
}).createMachine({
  id: 'scheduler',
  // Safe without input: xstate builds an inert actor's initial snapshot without one.
  context: ({ input }: { input: { cpu: number; plans: readonly Plan[] } | undefined }): SchedulerContext => ({
    cpu: input?.cpu ?? 0,
    plans: input?.plans ?? [],
    planCurrent: null,
    planNew: planRefFor(input?.plans ?? [], 0),
    planPrev: null,
    planSwitchTime: 0,
    origin: null,
    served: null,
    yielded: false,
    gridPending: false,
    announceGrid: false,
  }),
  initial: 'booting',
  meta: { requirements: R('REQ-SCHED-1', 'REQ-SCHED-23'), rows: ['§3.2'] },
  on: {
    // A CPU still booting takes a request too: its first decision then activates that plan.
    REQUEST_PLAN: {
      actions: assign({ planNew: ({ event }) => event.plan }),
      meta: { requirements: R('REQ-SCHED-18', 'REQ-SCHED-20', 'REQ-SCHED-21'), rows: ['§3.6 request'] },
    },
    STOP: { target: '.stopped', meta: { requirements: R('REQ-SYS-4', 'REQ-SYS-6'), rows: ['§6.2', '§6.3'] } },
  },
  states: {
    booting: {
      meta: { requirements: R('REQ-SYS-3'), rows: ['§3.2 init_sched_local', '§6.1'] },
      on: { DECIDE: decideTransitions() },
    },
    running: {
      // Always entered through a DECIDE transition that names its child; `serving` is only the
      // default xstate requires of a compound state.
      initial: 'serving',
      meta: { requirements: R('REQ-SCHED-2', 'REQ-SCHED-3'), rows: ['§3.3'] },
      on: {
        DECIDE: decideTransitions(),
        MAINTENANCE: [
          {
            guard: 'switchPending',
            actions: [
              // The plan becomes current now (plan status shows it, §7.4); its grid, and the
              // `planSwitch` observation, start at the next decision (spec/lockstep.ts L4).
              assign(({ context, event }) => ({
                planPrev: context.planCurrent,
                planCurrent: context.planNew,
                planSwitchTime: event.now,
                origin: null,
                gridPending: true,
              })),
            ],
            meta: { requirements: R('REQ-SCHED-22'), rows: ['§3.6 maintenance (switch now)'] },
          },
          { meta: { requirements: R('REQ-SCHED-22'), rows: ['§3.6 maintenance (plan already current)'] } },
        ],
      },
      states: {
        serving: {
          meta: { requirements: R('REQ-SCHED-8', 'REQ-VCPU-3'), rows: ['slot served'] },
          on: {
            YIELD: {
              target: 'yielded',
              actions: assign({ yielded: true }),
              meta: { requirements: R('REQ-VCPU-10'), rows: ['V5'] },
            },
          },
        },
        yielded: { meta: { requirements: R('REQ-VCPU-10', 'REQ-SCHED-26'), rows: ['V5 rest of slot idle'] } },
        unserved: {
          meta: { requirements: R('REQ-SCHED-8', 'REQ-SCHED-26'), rows: ['slot idle (vCPU not READY)'] },
        },
        gap: { meta: { requirements: R('REQ-SCHED-9'), rows: ['gap idle'] } },
        tail: { meta: { requirements: R('REQ-SCHED-7'), rows: ['tail idle'] } },
        empty: { meta: { requirements: R('REQ-SCHED-21'), rows: ['empty plan'] } },
      },
    },
    stopped: { type: 'final', meta: { requirements: R('REQ-SYS-4'), rows: ['§6.2'] } },
  },
});
