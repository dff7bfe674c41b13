/**
 * Temporal isolation (DESIGN.md "Properties", Temporal; prtos-states §8 T1–T5), judged on the
 * machine's witness records against the specification's schedule (properties/schedule.ts).
 *
 * - slot confinement: guest execution of a vCPU lies inside the windows of its slots — exactly:
 *   compute is cut at the boundary and loads and stores cannot straddle it (spec/timing R1, R3),
 *   so only kernel time (an entry in progress at the boundary) may run over, and that is not guest
 *   execution;
 * - plan switch at the boundary: a plan becomes current on a CPU at a major-frame boundary of the
 *   previous plan's grid (within the declared interrupt latency), except the maintenance plan the
 *   HM applies at the faulting CPU's next scheduling point;
 * - exec clock: every EXEC-clock reading equals the time the vCPU has had its CPU (its guest
 *   execution and the kernel entries charged to it, spec/timing R6);
 * - virtual interrupts in own slots: every vector is delivered inside a window of the receiving
 *   vCPU, and a timer interrupt becomes pending only on the vCPU whose timer expired.
 */
import { PROPERTY_REQUIREMENTS } from '../../spec/requirements/index.js';
import { TIMING, declaredInterruptLatency } from '../../spec/timing.js';
import { activations, uncovered, windowsOf } from '../schedule.js';
import { parseContext, type RunOutcome } from '../outcome.js';
import type { Judgement, Property, Suite } from '../suite.js';

const req = (key: keyof typeof PROPERTY_REQUIREMENTS) => PROPERTY_REQUIREMENTS[key];

export const slotConfinement: Property = {
  key: 'temporal.slot-confinement',
  text: req('temporal.slot-confinement').text,
  requirements: req('temporal.slot-confinement').requirements,
  floor: 0.9,
  judge(o: RunOutcome): Judgement {
    const cpus = o.spec.config.hw.processors.length;
    const acts = activations(o.modelEvents, cpus);
    let hits = 0;
    for (const a of o.witness.cpuActivity) {
      if (a.what !== 'guest' || a.to <= a.from) continue;
      const who = parseContext(a.context);
      if (who === undefined) continue;
      hits++;
      const ws = windowsOf(o.spec.config, acts[a.cpu] ?? [], a.cpu, who.part, who.vcpu, a.from, a.to);
      const gap = uncovered(a.from, a.to, ws);
      if (gap !== undefined) {
        return {
          hits,
          violation: {
            requirement: 'REQ-SCHED-25',
            t: gap.from,
            summary: `P${who.part}.v${who.vcpu} ran on CPU${a.cpu} during [${gap.from}, ${gap.to}) µs, outside every slot it has in the plan in force`,
            details: [
              `guest execution [${a.from}, ${a.to}) on CPU${a.cpu}`,
              ws.length === 0
                ? 'no window of this vCPU on this CPU overlaps it'
                : `its windows nearby: ${ws.map((w) => `[${w.from}, ${w.to}) plan ${w.plan} slot ${w.slot}`).join(', ')}`,
            ],
          },
        };
      }
    }
    return { hits };
  },
};

export const planSwitchBoundary: Property = {
  key: 'temporal.plan-switch-boundary',
  text: req('temporal.plan-switch-boundary').text,
  requirements: req('temporal.plan-switch-boundary').requirements,
  floor: 0.05,
  // A switch needs a second plan and a system partition (or an HM table that asks for maintenance).
  applicable: (c) =>
    c.hw.processors.some((p) => p.plans.length > 1) &&
    (c.partitions.some((p) => p.flags.includes('system')) ||
      c.partitions.some((p) =>
        p.healthMonitor.some((e) => e.action === 'PRTOS_HM_AC_SWITCH_TO_MAINTENANCE'),
      )),
  judge(o: RunOutcome): Judgement {
    const config = o.spec.config;
    const latency = declaredInterruptLatency(TIMING[config.arch]);
    const last = new Map<number, { t: number; plan: number }>();
    const maintenanceSince = new Map<number, number>();
    let hits = 0;
    for (const e of o.events) {
      if (e.ev === 'hm' && e.action === 10) maintenanceSince.set(e.cpu, e.t);
      if (e.ev !== 'planSwitch') continue;
      const prev = last.get(e.cpu);
      last.set(e.cpu, { t: e.t, plan: e.to });
      if (prev === undefined || e.from === null) continue;
      hits++;
      const hm = maintenanceSince.get(e.cpu);
      // The HM's maintenance switch applies at this CPU's next decision (plan 1, or the empty
      // idle plan, id 0, on a CPU without a plan 1).
      if (hm !== undefined && hm >= prev.t) continue;
      const maf = config.hw.processors[e.cpu]?.plans[prev.plan]?.majorFrame ?? 0;
      if (maf <= 0) continue;
      const late = (e.t - prev.t) % maf;
      if (e.t - prev.t < maf || late > latency) {
        return {
          hits,
          violation: {
            requirement: 'REQ-SCHED-27',
            t: e.t,
            summary: `CPU${e.cpu} switched from plan ${prev.plan} to plan ${e.to} at ${e.t} µs, ${late} µs after a major-frame boundary of plan ${prev.plan} (grid from ${prev.t} µs, frame ${maf} µs; allowed ${latency} µs)`,
            details: [],
          },
        };
      }
    }
    return { hits };
  },
};

export const execClock: Property = {
  key: 'temporal.exec-clock',
  text: req('temporal.exec-clock').text,
  requirements: req('temporal.exec-clock').requirements,
  floor: 0.2,
  judge(o: RunOutcome): Judgement {
    // Time each vCPU had its CPU, as the hardware saw it: guest execution plus kernel entries that
    // began while it was current (spec/timing R6).
    const spans = new Map<string, { from: number; to: number }[]>();
    for (const a of o.witness.cpuActivity) {
      if ((a.what !== 'guest' && a.what !== 'kernel') || a.context === null) continue;
      let list = spans.get(a.context);
      if (list === undefined) spans.set(a.context, (list = []));
      list.push({ from: a.from, to: a.to });
    }
    const ranUntil = (label: string, t: number) =>
      (spans.get(label) ?? []).reduce((sum, s) => sum + Math.max(0, Math.min(s.to, t) - s.from), 0);
    let hits = 0;
    const calls = new Map<string, number>();
    for (const e of o.events) {
      if (e.ev === 'hypercall' && e.nr === 9) calls.set(`${e.part}.${e.vcpu}`, e.args[0] ?? -1);
      if (e.ev !== 'ret' || e.nr !== 9 || e.code !== 0) continue;
      if (calls.get(`${e.part}.${e.vcpu}`) !== 1 || e.out?.[0] === undefined) continue;
      hits++;
      const label = `P${e.part}.v${e.vcpu}`;
      const expected = ranUntil(label, e.t);
      if (e.out[0] !== expected) {
        return {
          hits,
          violation: {
            requirement: 'REQ-TIME-2',
            t: e.t,
            summary: `${label} read its exec clock as ${e.out[0]} µs at ${e.t} µs, but it had its CPU for ${expected} µs`,
            details: [],
          },
        };
      }
    }
    return { hits };
  },
};

export const virqInOwnSlot: Property = {
  key: 'temporal.virq-in-own-slot',
  text: req('temporal.virq-in-own-slot').text,
  requirements: req('temporal.virq-in-own-slot').requirements,
  floor: 0.2,
  judge(o: RunOutcome): Judgement {
    const config = o.spec.config;
    const acts = activations(o.modelEvents, config.hw.processors.length);
    let hits = 0;
    for (const v of o.witness.vectors) {
      const who = parseContext(v.context);
      if (who === undefined) continue;
      hits++;
      const ws = windowsOf(config, acts[v.cpu] ?? [], v.cpu, who.part, who.vcpu, v.t, v.t + 1);
      if (uncovered(v.t, v.t + 1, ws) !== undefined) {
        return {
          hits,
          violation: {
            requirement: 'REQ-IRQ-20',
            t: v.t,
            summary: `vector ${v.vector} was delivered to ${v.context} on CPU${v.cpu} at ${v.t} µs, outside its slots`,
            details: [],
          },
        };
      }
    }
    // A timer interrupt becomes pending only on the vCPU whose timer expired: one that set a timer
    // on that clock, for an instant already reached.
    // (A vCPU may also make its own timer bits pending with set_irqpend, hypercall 17, A57.)
    const armed = new Map<string, { clock: number; at: number }[]>();
    const forcedAt = new Map<string, number>();
    for (const e of o.events) {
      const who = 'part' in e && 'vcpu' in e ? `${String(e.part)}.${String(e.vcpu)}` : '';
      if (e.ev === 'hypercall' && e.nr === 17) forcedAt.set(who, e.t);
      // The call itself may expire the timer at once (a time already past): count it from the call.
      if (e.ev === 'hypercall' && e.nr === 10) {
        const list = armed.get(who) ?? [];
        list.push({ clock: e.args[0] ?? -1, at: e.t });
        armed.set(who, list);
      }
      if (e.ev === 'virqPend' && e.kind === 'ext' && (e.irq === 0 || e.irq === 1)) {
        hits++;
        const ok =
          forcedAt.get(who) === e.t || (armed.get(who) ?? []).some((a) => a.clock === e.irq && a.at <= e.t);
        if (!ok) {
          return {
            hits,
            violation: {
              requirement: 'REQ-TIME-7',
              t: e.t,
              summary: `P${e.part}.v${e.vcpu} got a ${e.irq === 0 ? 'HW-clock' : 'EXEC-clock'} timer interrupt at ${e.t} µs without having set such a timer`,
              details: [],
            },
          };
        }
      }
    }
    return { hits };
  },
};

/**
 * Device interrupts wait for their owner's slot (REQ-IRQ-4, decision ST-A4 intended): a hardware
 * line becomes pending on its owner only while the CPU taking it runs that owner.
 */
export const deviceIrqInOwnSlot: Property = {
  key: 'temporal.device-irq-in-own-slot',
  text: "A partition's hardware interrupt lines are taken only while one of its vCPUs runs on the CPU that takes them.",
  requirements: ['REQ-IRQ-4', 'REQ-SCHED-26', 'REQ-SCHED-28'],
  floor: 0.02,
  applicable: (c) =>
    (c.arch === 'x86' || c.arch === 'amd64') &&
    c.partitions.some((p) => (p.interrupts?.lines.length ?? 0) > 0),
  judge(o: RunOutcome): Judgement {
    let hits = 0;
    const seen = new Set<number>();
    // set_irqpend (17) lets a partition make hardware bits pending on itself (prtos-states §5.3).
    const forced = new Set(
      o.events
        .filter((e) => e.ev === 'hypercall' && e.nr === 17)
        .map((e) => `${e.t}:${'part' in e ? e.part : ''}`),
    );
    for (const e of o.events) {
      if (e.ev !== 'virqPend' || e.kind !== 'hw' || seen.has(e.t * 64 + e.irq)) continue;
      if (forced.has(`${e.t}:${e.part}`)) continue;
      seen.add(e.t * 64 + e.irq);
      hits++;
      // The entry that took the line runs on some CPU at e.t on behalf of a vCPU of the owner.
      const taker = o.witness.cpuActivity.find(
        (a) => a.what === 'kernel' && a.from <= e.t && e.t < a.to && parseContext(a.context)?.part === e.part,
      );
      if (taker === undefined) {
        return {
          hits,
          violation: {
            requirement: 'REQ-IRQ-4',
            t: e.t,
            summary: `hardware line ${e.irq} of P${e.part} was taken at ${e.t} µs while no vCPU of P${e.part} ran on the CPU that took it`,
            details: [],
          },
        };
      }
    }
    return { hits };
  },
};

/**
 * The CPU time a partition is given (REQ-SCHED-28): from each instant the specification switches
 * a vCPU in until it switches it out (the model's `switch` observations, which follow the slot
 * table and the vCPU's readiness), the CPU runs that vCPU — its guest code or kernel entries on its
 * behalf — and nothing else, up to the declared interrupt latency at each end.
 */
export const budget: Property = {
  key: 'temporal.budget',
  text: req('temporal.budget').text,
  requirements: req('temporal.budget').requirements,
  floor: 0.9,
  judge(o: RunOutcome): Judgement {
    const latency = declaredInterruptLatency(TIMING[o.spec.config.arch]);
    const until = o.spec.until;
    const cpus = o.spec.config.hw.processors.length;
    // The model's intervals: [switch in, switch out) per CPU and vCPU.
    const intervals: { cpu: number; label: string; from: number; to: number }[] = [];
    const open = new Map<number, { label: string; from: number }>();
    for (const e of o.modelEvents) {
      if (e.ev !== 'switch') continue;
      const cur = open.get(e.cpu);
      if (cur !== undefined) intervals.push({ cpu: e.cpu, label: cur.label, from: cur.from, to: e.t });
      open.delete(e.cpu);
      if (e.to !== 'idle') open.set(e.cpu, { label: `P${e.to.part}.v${e.to.vcpu}`, from: e.t });
    }
    for (const [cpu, cur] of open) intervals.push({ cpu, label: cur.label, from: cur.from, to: until });
    // A system stop ends every interval (the model stopped too, or hm.containment reports it).
    const stop = o.modelEvents.find((e) => e.ev === 'system')?.t ?? Number.POSITIVE_INFINITY;
    let hits = 0;
    for (const iv of intervals) {
      const from = iv.from + latency;
      const to = Math.min(iv.to, stop, until) - latency;
      if (to <= from || iv.cpu >= cpus) continue;
      hits++;
      for (const a of o.witness.activityOf(iv.cpu as never)) {
        if (a.to <= from || a.from >= to) continue;
        const mine = a.context === iv.label && (a.what === 'guest' || a.what === 'kernel');
        if (!mine) {
          return {
            hits,
            violation: {
              requirement: 'REQ-SCHED-28',
              t: Math.max(a.from, from),
              summary: `CPU${iv.cpu} should run ${iv.label} during [${iv.from}, ${iv.to}) µs but was ${a.what}${a.context === null ? '' : ` for ${a.context}`} during [${Math.max(a.from, from)}, ${Math.min(a.to, to)})`,
              details: [],
            },
          };
        }
      }
    }
    return { hits };
  },
};

export const temporalSuite: Suite = {
  id: 'temporal',
  title: 'Temporal isolation',
  properties: [slotConfinement, planSwitchBoundary, execClock, virqInOwnSlot, deviceIrqInOwnSlot, budget],
  runs: { maxOps: 10, maxStimuli: 2, maxFrames: 4 },
};
