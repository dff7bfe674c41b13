/**
 * Exec clocks and timer expiry as numbers (prtos-states §3.8, spec/timing R6).
 */
import { describe, expect, it } from 'vitest';
import {
  checkExecTimer,
  checkHwTimer,
  execAt,
  execDeadline,
  startClock,
  stopClock,
  STOPPED_CLOCK,
} from './timers.js';

describe('exec clock', () => {
  it('reads acc while stopped and acc + elapsed while running, never before it starts', () => {
    const c = startClock(STOPPED_CLOCK, 50);
    expect([execAt(c, 40), execAt(c, 50), execAt(c, 75)]).toEqual([0, 0, 25]);
    const s = stopClock(c, 80);
    expect([execAt(s, 79), execAt(s, 1000)]).toEqual([29, 30]);
    expect(execAt(startClock(s, 200), 210)).toBe(40);
  });
  it('a running clock reaches a value at a computable instant; a stopping one never does', () => {
    const c = startClock({ acc: 100, since: null, stop: Number.POSITIVE_INFINITY }, 1000);
    expect(execDeadline(c, 150)).toBe(1050);
    expect(execDeadline(stopClock(c, 1010), 150)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('timer expiry', () => {
  it('HW: fires at value <= now; periodic ones skip missed periods (REQ-TIME-7)', () => {
    expect(checkHwTimer({ value: 100, interval: 0 }, 99)).toEqual({
      fired: false,
      next: { value: 100, interval: 0 },
    });
    expect(checkHwTimer({ value: 100, interval: 0 }, 100)).toEqual({ fired: true, next: null });
    expect(checkHwTimer({ value: 100, interval: 30 }, 175)).toEqual({
      fired: true,
      next: { value: 190, interval: 30 },
    });
    expect(checkHwTimer({ value: 100, interval: 30 }, 190)).toEqual({
      fired: true,
      next: { value: 220, interval: 30 },
    });
    expect(checkHwTimer(null, 5)).toEqual({ fired: false, next: null });
  });
  it('EXEC: missed periods collapse into one expiry (REQ-TIME-10, spec/lockstep.ts L10)', () => {
    // 100 expired at 175; 130 and 160 were missed too: the next value is 190.
    expect(checkExecTimer({ value: 100, interval: 30 }, 175)).toEqual({
      fired: true,
      next: { value: 190, interval: 30 },
    });
    expect(checkExecTimer({ value: 100, interval: 0 }, 100)).toEqual({ fired: true, next: null });
  });
});
