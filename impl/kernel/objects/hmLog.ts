/**
 * The HM log object, class 6 (prtos-hypercalls §5.6; core/objects/hm.c:30-81).
 *
 * Only system partitions may use it, through a descriptor whose partition field is 0xff
 * (INVALID_PARAM first if it is not, then PERM_ERROR). read copies whole records from the read
 * cursor on; seek moves the cursor; ctrl answers GET_STATUS {stored, capacity, cursor}, locks,
 * unlocks, or resets the stream — which the real kernel does by re-reading the committed header,
 * so nothing is emptied (A12, quirk `logstream-reset-keeps-log`; intended: emptied).
 */
import { HM_CMD } from '../../../spec/constants/objectCommands.js';
import { decodeDescriptor, PRTOS_HYPERVISOR_ID } from '../../../spec/constants/objects.js';
import { hmLogRecordSize } from '../../../spec/constants/hmLog.js';
import { checkGpParam, RW_NOT_NULL } from '../gaccess.js';
import { INVALID_PARAM, OK, PERM_ERROR, ret, type HcResult } from '../hypercalls/result.js';
import type { KernelContext, Kthread } from '../state.js';

function access(caller: Kthread, desc: number): HcResult | undefined {
  if (decodeDescriptor(desc).partition !== PRTOS_HYPERVISOR_ID) return INVALID_PARAM;
  if (!caller.part.system) return PERM_ERROR;
  return undefined;
}

export function readHmLog(
  k: KernelContext,
  caller: Kthread,
  desc: number,
  buffer: number,
  size: number,
): HcResult {
  const bad = access(caller, desc);
  if (bad !== undefined) return bad;
  const range = checkGpParam(k, caller, buffer, size, RW_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  const rec = hmLogRecordSize(k.arch);
  const n = Math.floor(size / rec);
  if (n === 0) return INVALID_PARAM;
  const out: number[] = [];
  for (let e = 0; e < n; e++) {
    const bytes = k.hmLog.get();
    if (bytes === null) return done(k, e * rec, out);
    range.write(e * rec, bytes);
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    out.push(v.getUint32(4, true), v.getUint32(8, true), Number(v.getBigInt64(12, true)));
  }
  return done(k, n * rec, out);
}

function done(k: KernelContext, bytes: number, out: number[]): HcResult {
  k.entry.bytesCopied += bytes;
  return ret(bytes, out);
}

export function seekHmLog(
  k: KernelContext,
  caller: Kthread,
  desc: number,
  offset: number,
  whence: number,
): HcResult {
  const bad = access(caller, desc);
  if (bad !== undefined) return bad;
  if (k.hmLog.seek(offset | 0, whence) < 0) return INVALID_PARAM;
  return OK;
}

export function ctrlHmLog(
  k: KernelContext,
  caller: Kthread,
  desc: number,
  cmd: number,
  args: number,
): HcResult {
  const bad = access(caller, desc);
  if (bad !== undefined) return bad;
  const range = checkGpParam(k, caller, args, 12, RW_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  const log = k.hmLog;
  switch (cmd) {
    case HM_CMD.GET_STATUS: {
      const status = [log.ctrl.elem, log.maxNumOfElem, log.ctrl.d];
      const bytes = new Uint8Array(12);
      const v = new DataView(bytes.buffer);
      status.forEach((x, i) => v.setInt32(4 * i, x, true));
      range.write(0, bytes);
      return ret(0, status);
    }
    case HM_CMD.LOCK_EVENTS:
      log.locked = true;
      return OK;
    case HM_CMD.UNLOCK_EVENTS:
      log.locked = false;
      return OK;
    case HM_CMD.RESET_EVENTS:
      if (k.quirks.on('logstream-reset-keeps-log')) log.init();
      else log.clear();
      return OK;
    default:
      return INVALID_PARAM;
  }
}
