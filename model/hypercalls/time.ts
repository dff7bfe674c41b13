/**
 * get_time (9) and set_timer (10) (prtos-hypercalls §3.11, §3.12; prtos-states §3.8; requirements
 * REQ-TIME-4..11).
 *
 * The HW clock a hypercall reads is the instant of its entry (spec/timing R2); the exec clock is
 * the caller's at that instant. Arming replaces the clock's one timer; `abs` 0 disarms it (really:
 * the intended side of ST-A5). A HW-clock timer whose time is already past expires inside the
 * call; one set exactly for now expires at the timer interrupt that follows the call (the kernel
 * programs the hardware timer for a delta of 0, ktimer.c:21-45). The EXEC-clock timer likewise,
 * on the exec clock.
 */
import { CLOCK, EXT_IRQ, RETURN_CODES as RC } from '../../spec/constants/index.js';
import type { TimerState } from '../../spec/modelState.js';
import { writeGuest } from '../memory.js';
import { checkExecTimer, checkHwTimer, execAt } from '../timers.js';
import { arg, code, ok, pointer, type Call, type Outcome } from './call.js';

/** 9 get_time(clock, *t). */
export function getTime(c: Call): Outcome {
  const clock = arg(c, 0);
  const ptr = arg(c, 1);
  if (!pointer(c, ptr, { size: 8, write: true, notNull: true })) return code(RC.INVALID_PARAM);
  let value: number;
  if (clock === CLOCK.HW) value = c.at;
  else if (clock === CLOCK.EXEC) value = execAt(c.w.vcpu(c.caller).context.clock, c.at);
  else return code(RC.INVALID_PARAM);
  const space = c.w.spaces[c.caller.part];
  if (space !== undefined) writeGuest(space, c.w.store, ptr, 8, value);
  return ok([value]);
}

/** 10 set_timer(clock, abs, interval). */
export function setTimer(c: Call): Outcome {
  const clock = arg(c, 0);
  const abs = arg(c, 1);
  const interval = arg(c, 2);
  if (abs < 0 || interval < 0) return code(RC.INVALID_PARAM);
  if (clock !== CLOCK.HW && clock !== CLOCK.EXEC) return code(RC.INVALID_PARAM);
  const { w, caller, at } = c;
  const ctx = w.vcpu(caller).context;
  const armed: TimerState = abs === 0 ? null : { value: abs, interval };
  if (clock === CLOCK.HW) {
    w.sendVcpu(caller, { type: 'SET_TIMERS', hwTimer: armed, execTimer: ctx.execTimer }, at);
    if (armed !== null && armed.value < at) {
      const r = checkHwTimer(armed, at);
      w.sendVcpu(caller, { type: 'SET_TIMERS', hwTimer: r.next, execTimer: ctx.execTimer }, at);
      w.pendExt(caller, EXT_IRQ.HW_TIMER, at, true);
    }
  } else {
    w.sendVcpu(caller, { type: 'SET_TIMERS', hwTimer: ctx.hwTimer, execTimer: armed }, at);
    const exec = execAt(ctx.clock, at);
    if (armed !== null && armed.value < exec) {
      const r = checkExecTimer(armed, exec);
      w.sendVcpu(caller, { type: 'SET_TIMERS', hwTimer: ctx.hwTimer, execTimer: r.next }, at);
      w.pendExt(caller, EXT_IRQ.EXEC_TIMER, at, true);
    }
  }
  return ok();
}
