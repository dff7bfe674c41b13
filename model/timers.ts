/**
 * Clocks and timers as numbers (prtos-states §3.8; requirements REQ-TIME-1..14).
 *
 * The HW clock is the virtual time itself. A vCPU's exec clock advances only while the vCPU is the
 * current thread of its CPU, including the kernel entries that began while it was current, up to
 * the end of those entries (spec/timing R6): it is kept as an accumulated value plus the interval
 * it is accruing in, so that it can be read at any instant, even in the middle of a kernel entry
 * that will switch the vCPU out when it ends. It is never reset (REQ-TIME-3).
 *
 * Each vCPU has one HW-clock timer and one EXEC-clock timer, `{value, interval}` or `null`
 * (disarmed), absolute on their own clock. A HW-clock timer is examined only while its vCPU is
 * current or when it is switched in (REQ-TIME-8); a periodic one advances by whole intervals past
 * the instant it is examined, so missed periods collapse (REQ-TIME-7). An EXEC-clock timer expires
 * when the exec clock reaches its value and a periodic one advances by one interval per expiry
 * (REQ-TIME-10). Disarming really disarms (REQ-TIME-11, the intended side of anomaly A5/A37).
 */
import type { TimerState } from '../spec/modelState.js';

/**
 * A vCPU's exec clock: `acc` µs accumulated before `since`, then accruing from `since` until
 * `stop` (`Infinity` while it stays current). `since` may lie in the future: a vCPU switched in by
 * a kernel entry starts accruing when the entry ends (R6).
 */
export interface ExecClock {
  readonly acc: number;
  readonly since: number | null;
  readonly stop: number;
}

export const STOPPED_CLOCK: ExecClock = { acc: 0, since: null, stop: Number.POSITIVE_INFINITY };

/** The exec clock's value at instant `t`. */
export function execAt(c: ExecClock, t: number): number {
  if (c.since === null) return c.acc;
  return c.acc + Math.max(0, Math.min(t, c.stop) - c.since);
}

/** The clock starts accruing at `at` (the end of the entry that switches its vCPU in). */
export function startClock(c: ExecClock, at: number): ExecClock {
  return { acc: execAt(c, at), since: at, stop: Number.POSITIVE_INFINITY };
}

/** The clock stops at `at` (the end of the entry that switches its vCPU out). */
export function stopClock(c: ExecClock, at: number): ExecClock {
  if (c.since === null) return c;
  return { acc: c.acc, since: c.since, stop: Math.min(c.stop, at) };
}

/**
 * The HW instant at which a running vCPU's exec clock reaches `value`, given that it accrues from
 * `c.since` on (the vCPU is current). Infinity if the clock is not accruing.
 */
export function execDeadline(c: ExecClock, value: number): number {
  if (c.since === null || c.stop !== Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  return c.since + (value - c.acc);
}

/** Outcome of examining a timer at an instant. */
export interface TimerCheck {
  readonly fired: boolean;
  readonly next: TimerState;
}

/** A HW-clock timer examined at `now`: it expires if its value is at or before `now` (ktimer traversal). */
export function checkHwTimer(timer: TimerState, now: number): TimerCheck {
  if (timer === null || timer.value > now) return { fired: false, next: timer };
  if (timer.interval <= 0) return { fired: true, next: null };
  const periods = Math.floor((now - timer.value) / timer.interval) + 1;
  return { fired: true, next: { value: timer.value + periods * timer.interval, interval: timer.interval } };
}

/** An EXEC-clock timer examined when the exec clock reads `exec`: one interval per expiry. */
export function checkExecTimer(timer: TimerState, exec: number): TimerCheck {
  // Missed periods collapse into one expiry, as for the HW clock (spec/lockstep.ts L10).
  return checkHwTimer(timer, exec);
}
