/**
 * switch_sched_plan (26) and get_gid_by_name (27) (prtos-hypercalls §3.25, §3.26;
 * core/kernel/hypercalls.c:234-252, 634-659; prtos-states §3.6).
 *
 * A plan request needs a system partition and a valid out pointer; asking for the plan already
 * current returns NO_ACTION and leaves an earlier pending request in place (ST-ERRATA-2); plan 0
 * can never be requested again. The request is recorded for every CPU and each CPU applies it at
 * its own next major-frame boundary (the seeded fault `plan-switch-immediate` applies it at once
 * on the caller's CPU).
 */
import { GID_ENTITY } from '../../../spec/constants/hypercallArgs.js';
import { ID_STRING_LENGTH } from '../../../spec/pct.js';
import { checkGpParam, RO_NOT_NULL, RW_NOT_NULL } from '../gaccess.js';
import { schedule, switchSchedPlan } from '../sched.js';
import { arg, INVALID_CONFIG, INVALID_PARAM, NO_ACTION, PERM_ERROR, ret, type HcHandler } from './result.js';

export const switchSchedPlanSys: HcHandler = (k, caller, a) => {
  const id = arg(a, 0);
  const ptr = arg(a, 1);
  if (!caller.part.system) return PERM_ERROR;
  const range = checkGpParam(k, caller, ptr, 4, RW_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  const cpu = k.entry.cpu;
  if (cpu.sched.current !== null && cpu.sched.current.id === id) return NO_ACTION;
  const plans = k.schedPlans[cpu.id] ?? [];
  if (id < 1 || id >= plans.length) return INVALID_PARAM;
  const old = switchSchedPlan(k, id);
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setInt32(0, old, true);
  range.write(0, bytes);
  if (k.faults.on('plan-switch-immediate')) {
    cpu.sched.majorFrame = k.entry.now;
    cpu.sched.nextAct = k.entry.now;
    schedule(k);
  }
  return ret(0, [old]);
};

/** `strncmp(a, b, 16) == 0` over NUL-terminated byte strings. */
function sameName(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < ID_STRING_LENGTH; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return false;
    if (x === 0) return true;
  }
  return true;
}

function nameBytes(s: string | undefined): Uint8Array {
  return new TextEncoder().encode(s ?? '');
}

export const getGidByNameSys: HcHandler = (k, caller, a) => {
  const ptr = arg(a, 0);
  const entity = arg(a, 1);
  const range = checkGpParam(k, caller, ptr, ID_STRING_LENGTH, RO_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  const name = range.read(0, ID_STRING_LENGTH);
  if (entity === GID_ENTITY.PARTITION_NAME) {
    for (const p of k.partitions) if (sameName(nameBytes(p.cfg.name), name)) return ret(p.cfg.id);
    return INVALID_CONFIG;
  }
  if (entity === GID_ENTITY.PLAN_NAME) {
    for (const plans of k.schedPlans)
      for (const p of plans) if (sameName(nameBytes(p.name), name)) return ret(p.id);
    return INVALID_CONFIG;
  }
  return INVALID_PARAM;
};
