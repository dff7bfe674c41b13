/**
 * Clock hypercalls 9–10 (prtos-hypercalls §3.11, §3.12; core/kernel/hypercalls.c:345-398).
 *
 * get_time checks its pointer first (8 bytes, written), then the clock; the HW clock is the
 * entry's time (spec/timing R2), the EXEC clock the caller's own exec clock. set_timer rejects
 * negative times before looking at the clock; a zero time disarms that clock's timer.
 */
import { CLOCK } from '../../../spec/constants/hypercallArgs.js';
import { checkGpParam, RW_NOT_NULL, uncheckedRange } from '../gaccess.js';
import { armExecTimer, armHwTimer, disarmExecTimer, disarmHwTimer, execClock } from '../ktimer.js';
import { arg, INVALID_PARAM, OK, ret, type HcHandler } from './result.js';

export const getTimeSys: HcHandler = (k, caller, a) => {
  const clock = arg(a, 0);
  const ptr = arg(a, 1);
  const range = k.faults.on('missing-pointer-check')
    ? uncheckedRange(k, ptr, 8)
    : checkGpParam(k, caller, ptr, 8, RW_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  let time: number;
  if (clock === CLOCK.HW) time = k.entry.now;
  else if (clock === CLOCK.EXEC) time = execClock(caller, k.entry.now);
  else return INVALID_PARAM;
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(time), true);
  range.write(0, bytes);
  return ret(0, [time]);
};

export const setTimerSys: HcHandler = (k, caller, a) => {
  const clock = arg(a, 0);
  const abs = arg(a, 1);
  const interval = arg(a, 2);
  if (abs < 0 || interval < 0) return INVALID_PARAM;
  if (abs === 0) {
    if (clock === CLOCK.HW) disarmHwTimer(caller);
    else if (clock === CLOCK.EXEC) disarmExecTimer(k, caller);
    else return INVALID_PARAM;
    return OK;
  }
  if (clock === CLOCK.HW) armHwTimer(k, caller, abs, interval);
  else if (clock === CLOCK.EXEC) armExecTimer(k, caller, abs, interval);
  else return INVALID_PARAM;
  return OK;
};
