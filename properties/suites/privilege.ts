/**
 * Privilege (DESIGN.md "Properties", Communication and privilege; prtos-states §6.4): only system
 * partitions act on other partitions or the system; others get PERM_ERROR. Checked on every such
 * call of a non-system partition in the implementation's trace: lifecycle calls on another
 * partition (halt, suspend, resume, reset, shutdown), system halt and reset, plan switches, the
 * HM log, and another partition's (or the system's) status. Where the notes put a check before the
 * permission check (the status object's argument pointer), that check's code is accepted too.
 */
import { OBJ_CLASS, PRTOS_HYPERVISOR_ID, decodeDescriptor } from '../../spec/constants/objects.js';
import { PROPERTY_REQUIREMENTS } from '../../spec/requirements/index.js';
import type { RunOutcome } from '../outcome.js';
import type { Judgement, Property, Suite } from '../suite.js';

const req = PROPERTY_REQUIREMENTS['priv.system-only'];
const PERM_ERROR = -4;
const INVALID_PARAM = -3;

/** The codes a non-system caller may get for this call, or undefined if the call is not privileged. */
function allowedCodes(nr: number, args: readonly number[], self: number): readonly number[] | undefined {
  const a = (i: number) => (args[i] ?? 0) >>> 0;
  switch (nr) {
    case 1:
    case 2:
    case 4:
    case 5:
    case 3:
      return a(0) === self ? undefined : [PERM_ERROR];
    case 6:
    case 7:
    case 26:
      return [PERM_ERROR];
    case 11:
    case 13:
    case 14: {
      const d = decodeDescriptor(a(0));
      if (d.class === OBJ_CLASS.HM) return d.partition === PRTOS_HYPERVISOR_ID ? [PERM_ERROR] : undefined;
      if (d.class === OBJ_CLASS.STATUS && nr === 14 && d.partition !== self)
        return [PERM_ERROR, INVALID_PARAM];
      return undefined;
    }
    default:
      return undefined;
  }
}

export const systemOnly: Property = {
  key: 'priv.system-only',
  text: req.text,
  requirements: req.requirements,
  floor: 0.2,
  applicable: (c) => c.partitions.some((p) => !p.flags.includes('system')),
  judge(o: RunOutcome): Judgement {
    const config = o.spec.config;
    let hits = 0;
    const events = o.events;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      if (e === undefined || e.ev !== 'hypercall') continue;
      if (config.partitions[e.part]?.flags.includes('system') ?? true) continue;
      const allowed = allowedCodes(e.nr, e.args, e.part);
      if (allowed === undefined) continue;
      hits++;
      const ret = events.slice(i + 1).find((x) => x.ev === 'ret' && x.part === e.part && x.vcpu === e.vcpu);
      // A call that does not return (a halt or reset of the whole system) is itself the violation.
      const code = ret?.ev === 'ret' ? ret.code : undefined;
      if (
        code === undefined ? o.events.some((x) => x.ev === 'system' && x.t === e.t) : !allowed.includes(code)
      ) {
        return {
          hits,
          violation: {
            requirement: 'REQ-PRIV-1',
            t: e.t,
            summary: `non-system P${e.part} called hypercall ${e.nr}(${e.args.join(', ')}) and got ${code === undefined ? 'no refusal (the system stopped)' : String(code)}, not PERM_ERROR`,
            details: [],
          },
        };
      }
    }
    return { hits };
  },
};

export const privilegeSuite: Suite = {
  id: 'privilege',
  title: 'System-partition privilege',
  properties: [systemOnly],
  runs: { maxOps: 10, maxStimuli: 0, maxFrames: 3 },
};
