/**
 * switch_sched_plan (26) and get_gid_by_name (27) (prtos-hypercalls §3.25, §3.26; prtos-states
 * §3.6; requirements REQ-SCHED-18..21, REQ-HCALL-12).
 *
 * A plan switch is checked against the caller's CPU (its current plan and its plan count, HC-A44)
 * and requested on every CPU: each CPU's own plan with that id, or the empty plan where it has none
 * (REQ-SCHED-21). Each CPU activates it at its own next major-frame boundary (schedulerMachine).
 */
import { GID_ENTITY, RETURN_CODES as RC } from '../../spec/constants/index.js';
import { ID_STRING_LENGTH } from '../../spec/pct.js';
import { readGuestBytes, writeGuest } from '../memory.js';
import { pctReader } from '../pctImage.js';
import { planId, planRefFor } from '../schedulerMachine.js';
import { arg, callerIsSystem, code, ok, pointer, type Call, type Outcome } from './call.js';

/** 26 switch_sched_plan(new, *old). */
export function switchSchedPlan(c: Call): Outcome {
  const requested = arg(c, 0);
  const ptr = arg(c, 1);
  const w = c.w;
  if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
  if (!pointer(c, ptr, { size: 4, write: true, notNull: true })) return code(RC.INVALID_PARAM);
  const ctx = w.scheds[c.cpu]?.context;
  const plans = w.view.cpus[c.cpu]?.plans ?? [];
  if (ctx === undefined) return code(RC.INVALID_PARAM);
  const current = ctx.planCurrent === null ? -1 : planId(ctx.planCurrent);
  if (requested === current) return code(RC.NO_ACTION);
  if (requested < 1 || requested >= plans.length) return code(RC.INVALID_PARAM);
  const space = w.spaces[c.caller.part];
  if (space !== undefined) writeGuest(space, w.store, ptr, 4, current);
  for (const cpu of w.view.cpus) {
    w.sendScheduler(cpu.id, { type: 'REQUEST_PLAN', plan: planRefFor(cpu.plans, requested) });
  }
  return ok([current]);
}

/** `strncmp(a, b, 16) == 0` between guest bytes and a configured name. */
function sameName(guest: Uint8Array, name: string | undefined): boolean {
  if (name === undefined) return false;
  for (let i = 0; i < ID_STRING_LENGTH; i++) {
    const a = guest[i] ?? 0;
    const b = i < name.length ? name.charCodeAt(i) & 0xff : 0;
    if (a !== b) return false;
    if (a === 0) return true;
  }
  return true;
}

/** 27 get_gid_by_name(name, entity). */
export function getGidByName(c: Call): Outcome {
  const ptr = arg(c, 0);
  const entity = arg(c, 1);
  const w = c.w;
  if (!pointer(c, ptr, { size: ID_STRING_LENGTH, write: false, notNull: true }))
    return code(RC.INVALID_PARAM);
  const space = w.spaces[c.caller.part];
  const name =
    space === undefined
      ? new Uint8Array(ID_STRING_LENGTH)
      : readGuestBytes(space, w.store, ptr, ID_STRING_LENGTH, pctReader(w, c.caller.part));
  if (entity === GID_ENTITY.PARTITION_NAME) {
    const p = w.view.config.partitions.find((x) => sameName(name, x.name));
    return p === undefined ? code(RC.INVALID_CONFIG) : { kind: 'return', code: p.id };
  }
  if (entity === GID_ENTITY.PLAN_NAME) {
    for (const cpu of w.view.cpus) {
      const plan = cpu.plans.find((x) => sameName(name, x.name));
      if (plan !== undefined) return { kind: 'return', code: plan.id };
    }
    return code(RC.INVALID_CONFIG);
  }
  return code(RC.INVALID_PARAM);
}
