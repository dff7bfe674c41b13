/**
 * The cyclic scheduler of one CPU: the real algorithm of prtos-states §3.4
 * (`get_ready_kthread`, core/kernel/sched.c:93-171), `schedule()` (sched.c:208-277), plan
 * switching (§3.6, sched.c:35-75) and the cross-CPU notification.
 *
 * Decisions are cached until `next_act`: before it, the thread chosen for the interval keeps the
 * CPU if it is still READY and idle replaces it otherwise. At a major-frame boundary a pending
 * plan is applied (the new grid starts at `now`) or the frame advances by whole frames on the old
 * grid; slots that ended are skipped; inside a slot its vCPU is chosen if READY, else the rest of
 * the slot is idle (never given to another vCPU); in a gap the CPU idles until the next slot.
 *
 * The empty "idle plan" that a CPU gets when it lacks a requested plan (major frame 0): the real
 * kernel enters `idle_task()` from inside the scheduler and later spins for ever in the catch-up
 * loop (A9, quirk `idle-plan-hang`); intended, the CPU simply runs nothing from then on.
 */
import { EXT_IRQ } from '../../spec/constants/virqs.js';
import { isReady } from './kthread.js';
import { runner } from './observe.js';
import { traverseLocal } from './ktimer.js';
import { systemPanic } from './panic.js';
import {
  CpuHang,
  IdleTask,
  type KernelContext,
  type Kthread,
  type LocalCpu,
  type SchedData,
  type SchedPlan,
} from './state.js';
import { setExtIrqPending } from './virq.js';

/** The built-in empty plan (sched.c:26-33). */
export const IDLE_PLAN: SchedPlan = { id: 0, name: undefined, majorFrame: 0, slots: [] };

export function initialSchedData(plan0: SchedPlan): SchedData {
  return {
    current: null,
    new: plan0,
    prev: null,
    slot: -1,
    majorFrame: 0,
    startExec: 0,
    planSwitchTime: 0,
    nextAct: 0,
    timer: { armed: false, value: 0, interval: 0 },
    kthread: null,
    activations: 0,
    lastSlotServed: '',
  };
}

/** `make_plan_switch`: the pending plan becomes current (its grid starts at the next decision). */
export function makePlanSwitch(k: KernelContext, cpu: LocalCpu, now: number): void {
  const d = cpu.sched;
  if (d.current === d.new) return;
  d.prev = d.current;
  d.current = d.new;
  d.planSwitchTime = now;
  d.slot = -1;
  d.majorFrame = 0;
  d.activations++;
  // The `planSwitch` observation marks the start of the new plan's grid, at the decision that
  // applies it (getReadyKthread); for the HM's maintenance plan that is the CPU's next decision
  // (spec/lockstep.ts L4, prtos-states §3.6).
  if (d.new.majorFrame === 0 && k.quirks.on('idle-plan-hang')) throw new IdleTask(`cpu ${cpu.id}`);
}

/** `switch_sched_plan`: every CPU's pending plan := its plan `id`, or the idle plan if it has none. */
export function switchSchedPlan(k: KernelContext, id: number): number {
  const here = k.entry.cpu.sched.current;
  const old = here === null ? -1 : here.id;
  for (const c of k.cpus) c.sched.new = planOf(k, c.id, id) ?? IDLE_PLAN;
  return old;
}

export function planOf(k: KernelContext, cpu: number, id: number): SchedPlan | undefined {
  return k.schedPlans[cpu]?.[id];
}

function ready(k: KernelContext, kt: Kthread | null | 'idle'): Kthread | null {
  return kt === null || kt === 'idle' || !isReady(k, kt) ? null : kt;
}

/** `get_ready_kthread`: the thread for this CPU now (null = idle), updating the scheduler data. */
export function getReadyKthread(k: KernelContext, cpu: LocalCpu): Kthread | null {
  const d = cpu.sched;
  const now = k.entry.now;
  if (d.nextAct > now) return ready(k, d.kthread);

  if (d.majorFrame <= now) {
    makePlanSwitch(k, cpu, now);
    const plan = d.current as SchedPlan;
    if (d.slot < 0)
      k.obs.emit({ t: now, ev: 'planSwitch', cpu: cpu.id, from: d.prev?.id ?? null, to: plan.id });
    if (plan.majorFrame === 0 && !k.quirks.on('idle-plan-hang')) {
      d.nextAct = Infinity;
      d.timer.armed = false;
      d.kthread = null;
      return null;
    }
    if (d.slot >= 0) {
      if (plan.majorFrame === 0) throw new CpuHang(`cpu ${cpu.id}: major frame 0 never ends`);
      while (d.majorFrame <= now) {
        d.startExec = d.majorFrame;
        d.majorFrame += plan.majorFrame;
      }
      k.counters.currentMaf++;
    } else {
      d.startExec = now;
      d.majorFrame = plan.majorFrame + d.startExec;
    }
    d.slot = 0;
  }
  const plan = d.current as SchedPlan;
  const t = now - d.startExec;
  let next = plan.majorFrame;
  let chosen: Kthread | null = null;
  const slots = plan.slots;
  outer: {
    if (d.slot >= slots.length) break outer;
    while (t >= (slots[d.slot] as (typeof slots)[number]).end) {
      d.slot++;
      if (d.slot >= slots.length) break outer;
    }
    const s = slots[d.slot] as (typeof slots)[number];
    if (t >= s.start) {
      slotServed(k, cpu, plan, d);
      const kt = k.partitions[s.part]?.vcpus[s.vcpu] ?? null;
      if (kt !== null && isReady(k, kt)) {
        chosen = kt;
        next = k.faults.on('slot-end-off-by-one') ? s.end + 1 : s.end;
      } else {
        const other = k.faults.on('idle-slot-given-away') ? anyReadyOn(k, cpu) : null;
        if (other !== null) {
          chosen = other;
          next = s.end;
        } else {
          const after = slots[d.slot + 1];
          if (after !== undefined) next = after.start;
        }
      }
    } else next = s.start;
  }
  if (!(d.nextAct < next + d.startExec)) {
    systemPanic(k, "sched.c:153: failed assertion `cyclic->next_act < (next_time + cyclic->start_exec)'\n");
  }
  d.nextAct = next + d.startExec;
  d.timer.value = d.nextAct;
  d.timer.armed = true;
  if (chosen !== null) {
    const s = slots[d.slot];
    chosen.opMode = 3;
    if (s !== undefined) {
      k.pct.set(chosen.pct, 'slotIndex', d.slot);
      k.pct.set(chosen.pct, 'slotId', s.id);
      k.pct.set(chosen.pct, 'slotDuration', s.end - s.start);
    }
    setExtIrqPending(k, chosen, EXT_IRQ.CYCLIC_SLOT_START);
  }
  d.kthread = chosen;
  return chosen;
}

/** The `slot` observation: the first decision inside each slot of each plan activation (L4). */
function slotServed(k: KernelContext, cpu: LocalCpu, plan: SchedPlan, d: SchedData): void {
  const key = `${d.activations}:${d.startExec}:${d.slot}`;
  if (d.lastSlotServed === key) return;
  d.lastSlotServed = key;
  k.obs.emit({ t: k.entry.now, ev: 'slot', cpu: cpu.id, plan: plan.id, slot: d.slot });
}

/** Seeded fault `idle-slot-given-away`: the first READY vCPU pinned to this CPU. */
function anyReadyOn(k: KernelContext, cpu: LocalCpu): Kthread | null {
  for (const kt of k.kthreads) if (kt.cpu === cpu.id && isReady(k, kt)) return kt;
  return null;
}

/**
 * `schedule()`: decide, and switch if the thread changes. A switched-in vCPU's expired
 * HW-clock timers fire now (§3.5 step 2); its clock restarts when the entry ends (R6).
 */
export function schedule(k: KernelContext): void {
  const cpu = k.entry.cpu;
  if (!cpu.schedEnabled) return;
  const next = getReadyKthread(k, cpu);
  if (next !== cpu.current) switchTo(k, cpu, next);
  else if (next !== null) traverseLocal(k, next, k.entry.now);
}

export function switchTo(k: KernelContext, cpu: LocalCpu, next: Kthread | null): void {
  k.obs.emit({ t: k.entry.now, ev: 'switch', cpu: cpu.id, from: runner(cpu.current), to: runner(next) });
  cpu.current = next;
  if (next !== null) traverseLocal(k, next, k.entry.now);
}

/** `sched_yield(idle)` (idle_self): the idle thread takes the rest of the interval. */
export function idleSelf(k: KernelContext): void {
  k.entry.cpu.sched.kthread = 'idle';
  schedule(k);
}

/**
 * CROSS_CPU_SCHED_NOTIFY: an IPI that makes `cpu` run `schedule()`. A CPU whose scheduler is not
 * enabled yet (during setup) ignores it, as it ignores scheduling requests (sched.c:214-217).
 */
export function crossCpuNotify(k: KernelContext, cpu: number): void {
  const c = k.cpus[cpu];
  if (c === undefined || !c.schedEnabled || cpu === k.entry.cpu.id) return;
  k.machine.sendIpi(cpu);
}
