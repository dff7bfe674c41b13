/**
 * The kernel's side of the health monitor: taking a trap to the HM (prtos-states §4.3), raising
 * the events the kernel generates itself (UNEXPECTED_TRAP, FATAL_ERROR of a panic), and carrying
 * out the action the HM machine decided (§4.2, prtos-states §1.5 rows P9–P12).
 *
 * What the HM machine emits is routed here: a fast-propagated trap only marks the trap pending;
 * a raised event becomes an `hm` observation and its effect is applied to the partition in the
 * record, the scheduler (maintenance) or the whole system. A trap taken in hypervisor context (the
 * idle thread was running) ends in a system panic whatever its action did, and a panic raises
 * FATAL_ERROR with the SYS bit before the system stops (§4.6).
 *
 * Each function returns the number of HM events raised, which the entry charges `hmRecord` for
 * (spec/timing R10).
 */
import { HM_AC, HM_EV, MAINTENANCE_PLAN_ID } from '../spec/constants/index.js';
import type { HmEmitted } from './hmMachine.js';
import { planRefFor } from './schedulerMachine.js';
import type { VcpuRef } from './system.js';
import type { World } from './world.js';

type Raised = Extract<HmEmitted, { type: 'raised' }>;

function observe(w: World, e: Raised): void {
  w.counters.numOfHmEvents++;
  w.row(`hm:${e.sys ? 'hypervisor' : 'partition'}:${e.action}`);
  if (!e.sys && e.vcpu !== null) w.row('V6');
  w.emit({
    t: e.now,
    ev: 'hm',
    cpu: e.cpu,
    event: e.event,
    part: e.part,
    vcpu: e.vcpu,
    action: HM_AC[e.action],
    logged: e.logged,
    sys: e.sys,
  });
}

/** Carries out the decided action (prtos-states §4.2, intended semantics). */
function apply(w: World, e: Raised): void {
  const part = e.part;
  const at = e.now;
  switch (e.effect) {
    case 'ignore':
      return;
    case 'shutdownPartition':
      if (part !== null) {
        w.row('P12');
        w.shutdownPartition(part, at);
      }
      return;
    case 'partitionColdReset':
    case 'partitionWarmReset':
      if (part !== null) {
        w.row('P11');
        const done = w.resetPartition(
          part,
          e.effect === 'partitionColdReset' ? 'cold' : 'warm',
          e.event,
          e.cpu,
          at,
        );
        if (!done) {
          w.haltPartition(part, e.cpu, at);
          w.rescheduleRequested = true;
        }
      }
      return;
    case 'systemColdReset':
    case 'systemWarmReset':
      w.hmSystemReset(e.event, e.effect === 'systemColdReset' ? 'cold' : 'warm', at);
      return;
    case 'suspendPartition':
      if (part !== null) {
        w.row('P10');
        w.suspendPartition(part, e.cpu, at);
        w.rescheduleRequested = true;
      }
      return;
    case 'haltPartition':
      if (part !== null) {
        w.row('P9');
        w.haltPartition(part, e.cpu, at);
        w.rescheduleRequested = true;
      }
      return;
    case 'haltSystem':
      if (w.panicking === null) w.stopSystem('halt', at);
      else w.stopSystem('panic', at, { reason: w.panicking });
      return;
    case 'propagate':
      if (part !== null && e.vcpu !== null && e.trap !== null) {
        w.sendVcpu({ part, vcpu: e.vcpu }, { type: 'TRAP_PENDING', trap: e.trap }, at);
      }
      return;
    case 'switchToMaintenance':
      w.rescheduleRequested = true;
      // Plan 1 is requested on every CPU, and made current at once on this one (§3.6).
      for (const c of w.view.cpus) {
        w.sendScheduler(c.id, { type: 'REQUEST_PLAN', plan: planRefFor(c.plans, MAINTENANCE_PLAN_ID) });
      }
      for (const em of w.sendScheduler(e.cpu, { type: 'MAINTENANCE', now: at })) {
        if (em.type === 'planSwitch') {
          w.emit({
            t: at,
            ev: 'planSwitch',
            cpu: em.cpu,
            from: em.from === null ? null : em.from === 'empty' ? 0 : em.from,
            to: em.to === 'empty' ? 0 : em.to,
          });
        }
      }
      return;
  }
}

function handle(w: World, emitted: readonly HmEmitted[]): number {
  let raised = 0;
  for (const e of emitted) {
    if (e.type === 'raised') {
      raised++;
      observe(w, e);
      apply(w, e);
    }
  }
  return raised;
}

/**
 * A trap `trap` (event `event`) taken at `at` on `cpu` in the context of `ctx` (a vCPU), or of the
 * idle thread (`ctx` null: hypervisor context, SYS).
 */
export function takeTrap(
  w: World,
  cpu: number,
  at: number,
  ctx: VcpuRef | null,
  trap: number,
  event: number,
): number {
  // Whether this trap's action schedules is read by the trap entry when it ends (kernel.ts).
  w.rescheduleRequested = false;
  const emitted = w.sendHm({
    type: 'TRAP',
    trap,
    event,
    cpu,
    now: at,
    part: ctx?.part ?? null,
    vcpu: ctx?.vcpu ?? null,
  });
  for (const e of emitted) {
    if (e.type === 'fastPropagate' && ctx !== null) {
      w.row('hm:fastPropagate');
      w.sendVcpu(ctx, { type: 'TRAP_PENDING', trap }, at);
    }
  }
  let raised = handle(w, emitted);
  if (ctx === null && w.running) raised += panic(w, cpu, at, 'Unexpected/unhandled trap');
  return raised;
}

/** An event the kernel raises itself: SYS (hypervisor table) or in the name of `ctx`'s partition. */
export function raiseKernelEvent(
  w: World,
  cpu: number,
  at: number,
  event: number,
  sys: boolean,
  ctx: VcpuRef | null,
): number {
  return handle(
    w,
    w.sendHm({ type: 'RAISE', event, sys, cpu, now: at, part: ctx?.part ?? null, vcpu: ctx?.vcpu ?? null }),
  );
}

/**
 * `system_panic` (§4.6): FATAL_ERROR with SYS, handled with the hypervisor table (a system reset
 * there resets), then every CPU halts.
 */
export function panic(w: World, cpu: number, at: number, reason: string): number {
  w.panicking = reason;
  const raised = raiseKernelEvent(w, cpu, at, HM_EV.FATAL_ERROR, true, null);
  if (w.running) w.stopSystem('panic', at, { reason });
  return raised;
}
