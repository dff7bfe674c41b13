/**
 * The object directory behind hypercalls 11–14 (prtos-hypercalls §3.13, §5.1;
 * core/kernel/hypercalls.c:499-563, core/kernel/objdir.c).
 *
 * The class comes from bits 30..24 of the descriptor (the validity bit is ignored, HC-A56): a
 * class of 8 or more is INVALID_PARAM, a class without a handler for the operation
 * OP_NOT_ALLOWED. This kernel implements the console (1), the HM log (6) and the status object
 * (7). Trace (2), sampling ports (3), queuing ports (4) and memory copy (5) are slice 2: they
 * answer OP_NOT_ALLOWED here, as a class with no registered object does.
 */
import { OBJ_CLASS, OBJ_NO_CLASSES, type ObjOp } from '../../../spec/constants/objects.js';
import { INVALID_PARAM, OP_NOT_ALLOWED, type HcResult } from '../hypercalls/result.js';
import type { KernelContext, Kthread } from '../state.js';
import { writeConsole } from './console.js';
import { ctrlHmLog, readHmLog, seekHmLog } from './hmLog.js';
import { ctrlStatus } from './status.js';

/** Arguments of the four object hypercalls after the descriptor, already narrowed. */
export function objectCall(
  k: KernelContext,
  caller: Kthread,
  op: ObjOp,
  desc: number,
  a: readonly number[],
): HcResult {
  const cls = (desc >>> 24) & 0x7f;
  if (cls >= OBJ_NO_CLASSES) return INVALID_PARAM;
  const x = (i: number) => a[i] ?? 0;
  switch (cls) {
    case OBJ_CLASS.CONSOLE:
      return op === 'write' ? writeConsole(k, caller, desc, x(0), x(1)) : OP_NOT_ALLOWED;
    case OBJ_CLASS.HM:
      if (op === 'read') return readHmLog(k, caller, desc, x(0), x(1) % 2 ** 32);
      if (op === 'seek') return seekHmLog(k, caller, desc, x(0), x(1));
      if (op === 'ctrl') return ctrlHmLog(k, caller, desc, x(0), x(1));
      return OP_NOT_ALLOWED;
    case OBJ_CLASS.STATUS:
      return op === 'ctrl' ? ctrlStatus(k, caller, desc, x(0), x(1)) : OP_NOT_ALLOWED;
    default:
      return OP_NOT_ALLOWED;
  }
}
