/**
 * Plans and names: hypercalls 26 and 27 (prtos-hypercalls §3.25, §3.26, §7.1).
 *
 * `switch_sched_plan` writes the plan in force through a u32 pointer (only when it succeeds,
 * step 5). `get_gid_by_name` reads a 16-byte name from guest memory; libprtos defines its wrapper
 * on x86/amd64 only (HC-A47), but the slot exists on every port and prtos-ref's guest API is
 * arch-neutral (REQ-LIB-9), so it is offered everywhere.
 */
import { ID_STRING_LENGTH } from '../../../spec/pct.js';
import type { Guest } from '../guest.js';
import { bytesOf, storeBytes } from '../memory.js';
import { load, type ApiCall } from '../steps.js';
import { call } from './call.js';

/** `prtos_switch_sched_plan(new, &current)`: the code and, on success, the plan that was in force. */
export function* switchSchedPlan(
  g: Guest,
  newPlanId: number,
): ApiCall<{ readonly code: number; readonly current?: number }> {
  const mark = g.scratch.mark();
  try {
    const buf = g.scratch.push(4, 4);
    const code = yield* call(g, 'switch_sched_plan', newPlanId, buf);
    if (code !== 0) return { code };
    return { code, current: Number(BigInt.asIntN(32, yield* load(buf, 4))) };
  } finally {
    g.scratch.release(mark);
  }
}

/** `prtos_get_gid_by_name(name, entity)`; entity is `GID_ENTITY.PARTITION_NAME` or `.PLAN_NAME`. */
export function* getGidByName(g: Guest, name: string, entity: number): ApiCall<number> {
  const mark = g.scratch.mark();
  try {
    const buf = g.scratch.push(ID_STRING_LENGTH, 8);
    // strncpy into a 16-byte field: NUL-padded, cut at 16.
    const field = new Uint8Array(ID_STRING_LENGTH);
    field.set(bytesOf(name).subarray(0, ID_STRING_LENGTH));
    yield* storeBytes(buf, field);
    return yield* call(g, 'get_gid_by_name', buf, entity);
  } finally {
    g.scratch.release(mark);
  }
}
