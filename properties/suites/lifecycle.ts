/**
 * Partition and vCPU lifecycle (prtos-states §1, §2; the rows P0–P15 and V1–V9): a vCPU that the
 * specification says is halted or suspended does not execute guest code, from the declared
 * interrupt latency after it became so (a vCPU running on another CPU is stopped by an IPI,
 * decision ST-A10 intended) until the specification says it is ready again. The specification's
 * account of each vCPU's state is the model's `vcpuState` observations; the execution is the
 * machine's witness.
 */
import { TIMING, declaredInterruptLatency } from '../../spec/timing.js';
import { parseContext, type RunOutcome } from '../outcome.js';
import type { Judgement, Property, Suite } from '../suite.js';

interface Stopped {
  readonly from: number;
  readonly to: number;
  readonly state: string;
}

/** Intervals in which each vCPU is HALTED or SUSPENDED according to the model (all but vCPU 0 start halted). */
function stoppedIntervals(o: RunOutcome): Map<string, Stopped[]> {
  const out = new Map<string, Stopped[]>();
  const since = new Map<string, { t: number; state: string }>();
  for (const p of o.spec.config.partitions)
    for (let v = 1; v < p.vcpus; v++) since.set(`P${p.id}.v${v}`, { t: 0, state: 'HALTED' });
  const close = (label: string, t: number) => {
    const s = since.get(label);
    if (s === undefined) return;
    const list = out.get(label) ?? [];
    list.push({ from: s.t, to: t, state: s.state });
    out.set(label, list);
    since.delete(label);
  };
  for (const e of o.modelEvents) {
    if (e.ev !== 'vcpuState') continue;
    const label = `P${e.part}.v${e.vcpu}`;
    close(label, e.t);
    if (e.to === 'HALTED' || e.to === 'SUSPENDED') since.set(label, { t: e.t, state: e.to });
  }
  for (const label of [...since.keys()]) close(label, Number.POSITIVE_INFINITY);
  return out;
}

export const stoppedDoesNotRun: Property = {
  key: 'lifecycle.stopped-does-not-run',
  text: 'A halted or suspended vCPU executes no guest code until it is reset or resumed (within the declared interrupt latency of the change).',
  requirements: [
    'REQ-PART-7',
    'REQ-PART-9',
    'REQ-VCPU-3',
    'REQ-VCPU-4',
    'REQ-VCPU-7',
    'REQ-VCPU-8',
    'REQ-SCHED-8',
    'REQ-PART-27',
    'REQ-HM-13',
  ],
  floor: 0.5,
  judge(o: RunOutcome): Judgement {
    const latency = declaredInterruptLatency(TIMING[o.spec.config.arch]);
    const stopped = stoppedIntervals(o);
    let hits = 0;
    for (const [, list] of stopped) hits += list.length;
    for (const a of o.witness.cpuActivity) {
      if (a.what !== 'guest' || parseContext(a.context) === undefined || a.context === null) continue;
      for (const s of stopped.get(a.context) ?? []) {
        const from = s.from + latency;
        if (a.from < s.to && a.to > from && from < s.to) {
          return {
            hits,
            violation: {
              requirement: 'REQ-VCPU-3',
              t: Math.max(a.from, from),
              summary: `${a.context} ran guest code on CPU${a.cpu} during [${Math.max(a.from, from)}, ${Math.min(a.to, s.to)}) µs while ${s.state} (since ${s.from} µs)`,
              details: [],
            },
          };
        }
      }
    }
    return { hits };
  },
};

export const lifecycleSuite: Suite = {
  id: 'lifecycle',
  title: 'Partition and vCPU lifecycle',
  properties: [stoppedDoesNotRun],
  runs: { maxOps: 12, maxStimuli: 2, maxFrames: 4 },
};
