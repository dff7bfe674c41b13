/**
 * Clocks and timers: hypercalls 9 and 10 (prtos-hypercalls §3.11, §3.12, §7.1).
 *
 * `get_time` writes the time through a pointer: the runtime passes an 8-byte buffer from the
 * vCPU's scratch stack and loads it back when the call succeeds (on failure the kernel writes
 * nothing, so there is nothing to read). `set_timer`'s 64-bit times take two registers each on
 * x86 (`encodeArgs`).
 */
import type { Guest } from '../guest.js';
import { load, toSigned64, type ApiCall } from '../steps.js';
import { call } from './call.js';

export interface TimeReading {
  readonly code: number;
  /** µs; undefined when the call failed. */
  readonly time: number | undefined;
}

/** `prtos_get_time(clock, &time)` (9); clock is `CLOCK.HW` or `CLOCK.EXEC`. */
export function* getTime(g: Guest, clock: number): ApiCall<TimeReading> {
  const mark = g.scratch.mark();
  try {
    const buf = g.scratch.push(8, 8);
    const code = yield* call(g, 'get_time', clock, buf);
    if (code !== 0) return { code, time: undefined };
    return { code, time: toSigned64(yield* load(buf, 8)) };
  } finally {
    g.scratch.release(mark);
  }
}

/** `prtos_set_timer(clock, abs_time, interval)` (10), times in µs. */
export function setTimer(g: Guest, clock: number, absTime: number, interval: number): ApiCall<number> {
  return call(g, 'set_timer', clock, absTime, interval);
}
