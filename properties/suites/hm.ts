/**
 * Health-monitor containment (DESIGN.md "Properties", Health monitor; prtos-states §4, §8 H1–H2):
 * each detected event takes the action of the configured table (defaults of §4.4 with the
 * partition's overrides) with the configured log flag, and its effect stays inside the faulting
 * partition unless the table chose an action with system-wide effect (a hypervisor reset or halt,
 * the maintenance plan).
 */
import { PROPERTY_REQUIREMENTS } from '../../spec/requirements/index.js';
import type { SideEvent } from '../../spec/lockstep.js';
import { TIMING } from '../../spec/timing.js';
import { hmEntryOf } from '../hmTable.js';
import type { RunOutcome } from '../outcome.js';
import type { Judgement, Property, Suite } from '../suite.js';

const req = PROPERTY_REQUIREMENTS['hm.containment'];

/** Actions whose effect is system-wide by design (prtos-states §4.2). */
const SYSTEM_WIDE = new Set([4, 5, 8, 10]);

function partOf(e: SideEvent): number | undefined {
  return e.ev === 'vcpuState' || e.ev === 'partState' ? e.part : undefined;
}

export const containment: Property = {
  key: 'hm.containment',
  text: req.text,
  requirements: req.requirements,
  floor: 0.3,
  judge(o: RunOutcome): Judgement {
    const config = o.spec.config;
    let hits = 0;
    const byT = new Map<number, SideEvent[]>();
    for (const e of o.events) {
      const list = byT.get(e.t);
      if (list === undefined) byT.set(e.t, [e]);
      else list.push(e);
    }
    const haltCost = TIMING[config.arch].guest.halt;
    const haltTrapsAt = new Map<number, string[]>();
    for (const e of o.events) {
      if (e.ev !== 'op' || e.op.k !== 'halt') continue;
      const at = e.t + haltCost;
      haltTrapsAt.set(at, [...(haltTrapsAt.get(at) ?? []), `${e.part}.${e.vcpu}`]);
    }
    for (const e of o.events) {
      if (e.ev !== 'hm' || e.sys || e.part === null) continue;
      hits++;
      const entry = hmEntryOf(config, e.part, e.event);
      if (entry.action !== e.action || entry.log !== e.logged) {
        return {
          hits,
          violation: {
            requirement: 'REQ-HM-9',
            t: e.t,
            summary: `HM event ${e.event} of P${e.part} took action ${e.action}${e.logged ? ' (logged)' : ''}; its table says ${entry.action}${entry.log ? ' (logged)' : ''}`,
            details: [],
          },
        };
      }
      if (SYSTEM_WIDE.has(e.action)) continue;
      // Other causes at the same instant (another CPU's hypercall or HM event) may change other
      // partitions legitimately; judge only instants where this event is alone.
      const same = byT.get(e.t) ?? [];
      const others = same.filter((x) => (x.ev === 'hypercall' || x.ev === 'hm') && x !== e);
      if (others.length > 0) continue;
      // A vCPU whose `halt` op ends at this instant traps and halts itself then (timing R1): that
      // change, and its partition's, has its own cause.
      const selfHalted = new Set(haltTrapsAt.get(e.t) ?? []);
      const stray = same.find((x) => {
        const p = partOf(x);
        if (p === undefined || p === e.part) return false;
        if (x.ev === 'vcpuState' && x.to === 'HALTED' && selfHalted.has(`${x.part}.${x.vcpu}`)) return false;
        if (
          x.ev === 'partState' &&
          x.to === 'HALTED' &&
          [...selfHalted].some((k) => k.startsWith(`${x.part}.`))
        )
          return false;
        return true;
      });
      if (stray !== undefined) {
        return {
          hits,
          violation: {
            requirement: 'REQ-HM-22',
            t: e.t,
            summary: `HM event ${e.event} of P${e.part} (action ${e.action}) changed P${String(partOf(stray))}: ${stray.ev} ${'from' in stray ? `${String(stray.from)} -> ${String(stray.to)}` : ''}`,
            details: [],
          },
        };
      }
    }
    return { hits };
  },
};

/**
 * The system stops (halts, resets or panics) only when and how the specification says
 * (prtos-states §4.6, §6.2, §6.3; REQ-HM-22, REQ-HM-23): a partition cannot bring the whole
 * system down except through a configured system-level action or, if it is a system partition, a
 * system hypercall — in which case the model stops at the same instant, in the same way.
 */
export const systemStops: Property = {
  key: 'hm.system-stops',
  text: 'The system halts, resets or panics only when the specification does, at the same instant and in the same way.',
  requirements: ['REQ-HM-22', 'REQ-HM-23', 'REQ-HM-11', 'REQ-SYS-4', 'REQ-SYS-6', 'REQ-TIME-11', 'REQ-HM-5'],
  floor: 0,
  judge(o: RunOutcome): Judgement {
    const mine = o.events.find((e) => e.ev === 'system');
    const spec = o.modelEvents.find((e) => e.ev === 'system');
    const hits = mine === undefined && spec === undefined ? 0 : 1;
    const same =
      mine === undefined
        ? spec === undefined
        : spec !== undefined &&
          spec.ev === 'system' &&
          mine.ev === 'system' &&
          spec.t === mine.t &&
          spec.what === mine.what;
    if (same) return { hits };
    const describe = (e: typeof mine) =>
      e === undefined || e.ev !== 'system' ? 'keeps running' : `${e.what}s at ${e.t} µs`;
    return {
      hits,
      violation: {
        requirement:
          mine !== undefined && mine.ev === 'system' && mine.what === 'panic' ? 'REQ-HM-22' : 'REQ-HM-23',
        t: Math.min(mine?.t ?? Infinity, spec?.t ?? Infinity),
        summary: `the system ${describe(mine)}; the specification ${describe(spec)}`,
        details:
          mine !== undefined && mine.ev === 'system' && mine.reason !== undefined
            ? [`reason: ${mine.reason}`]
            : [],
      },
    };
  },
};

export const hmSuite: Suite = {
  id: 'hm',
  title: 'Health-monitor containment',
  properties: [containment, systemStops],
  // Weighted towards memory accesses, whose faults are the commonest HM events: at the default
  // weights the containment floor was met in only some seeds.
  runs: { maxOps: 10, maxStimuli: 3, maxFrames: 4, memoryWeight: 3 },
};
