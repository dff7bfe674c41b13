/**
 * Where a vCPU may run, according to the specification: the windows of its slots in the plan in
 * force on its CPU.
 *
 * The plan in force comes from the model's `planSwitch` observations (the model is the
 * specification's account of when each plan became current, prtos-states §3.4 step 2, §3.6); the
 * slot grid of a plan starts at the instant it became current (its T0) and repeats every major
 * frame. A window of slot s is `[T0 + k·MAF + start_s, T0 + k·MAF + end_s)`, cut at the next
 * activation.
 */
import type { SystemConfig } from '../spec/config/types.js';
import type { SideEvent } from '../spec/lockstep.js';

export interface Activation {
  readonly t: number;
  readonly plan: number;
}

/** Plan activations per CPU, in time order. */
export function activations(events: readonly SideEvent[], cpus: number): Activation[][] {
  const out: Activation[][] = Array.from({ length: cpus }, () => []);
  for (const e of events) if (e.ev === 'planSwitch') out[e.cpu]?.push({ t: e.t, plan: e.to });
  return out;
}

export interface Window {
  readonly from: number;
  readonly to: number;
  readonly plan: number;
  readonly slot: number;
}

/** The windows of (part, vcpu) on `cpu` that intersect [from, to). */
export function windowsOf(
  config: SystemConfig,
  acts: readonly Activation[],
  cpu: number,
  part: number,
  vcpu: number,
  from: number,
  to: number,
): Window[] {
  const out: Window[] = [];
  const plans = config.hw.processors[cpu]?.plans ?? [];
  acts.forEach((a, i) => {
    const end = acts[i + 1]?.t ?? Number.POSITIVE_INFINITY;
    if (end <= from || a.t >= to) return;
    const plan = plans[a.plan];
    if (plan === undefined || plan.majorFrame <= 0) return;
    const maf = plan.majorFrame;
    const k0 = Math.max(0, Math.floor((Math.max(from, a.t) - a.t) / maf) - 1);
    for (let k = k0; a.t + k * maf < Math.min(to, end); k++) {
      const base = a.t + k * maf;
      plan.slots.forEach((s, index) => {
        if (s.partitionId !== part || s.vcpuId !== vcpu) return;
        const w0 = Math.max(base + s.start, a.t);
        const w1 = Math.min(base + s.start + s.duration, end);
        if (w1 > w0 && w1 > from && w0 < to) out.push({ from: w0, to: w1, plan: a.plan, slot: index });
      });
    }
  });
  return out.sort((x, y) => x.from - y.from);
}

/** The part of [from, to) that no window covers, or undefined if it is covered. */
export function uncovered(
  from: number,
  to: number,
  windows: readonly Window[],
): { from: number; to: number } | undefined {
  let at = from;
  for (const w of windows) {
    if (w.to <= at) continue;
    if (w.from > at) return { from: at, to: Math.min(w.from, to) };
    at = Math.max(at, w.to);
    if (at >= to) return undefined;
  }
  return at < to ? { from: at, to } : undefined;
}
