// Tests of intc.ts and timer.ts on their own: when a source becomes deliverable, coalescing,
// acknowledgement, and the timer's latch.
import { describe, expect, it } from 'vitest';
import { cpuId } from './ids.js';
import { InterruptController } from './intc.js';
import { Timer } from './timer.js';

describe('InterruptController', () => {
  it('makes a line deliverable from the instant it is raised, unmasked or re-routed', () => {
    let now = 10;
    const ic = new InterruptController(2, () => now);
    const [c0, c1] = [cpuId(0, 2), cpuId(1, 2)];
    ic.raise(4);
    expect(ic.isPending(4)).toBe(true);
    expect(ic.dueTime(c0)).toBe(Infinity); // masked at reset
    now = 15;
    ic.unmask(4);
    expect(ic.dueTime(c0)).toBe(15);
    now = 18;
    ic.raise(4); // coalesces: still deliverable since 15
    expect(ic.dueTime(c0)).toBe(15);
    now = 20;
    ic.route(4, c1);
    expect(ic.routeOf(4)).toBe(1);
    expect(ic.dueTime(c0)).toBe(Infinity);
    expect(ic.dueTime(c1)).toBe(20);
    expect(ic.take(c1)).toEqual({ ipi: false, lines: [4] });
    expect(ic.isPending(4)).toBe(false);
    expect(ic.dueTime(c1)).toBe(Infinity);
  });

  it('coalesces IPIs, acknowledges them on take, and drops cleared lines', () => {
    let now = 5;
    const ic = new InterruptController(2, () => now);
    const c1 = cpuId(1, 2);
    ic.sendIpi(c1);
    now = 7;
    ic.sendIpi(c1);
    expect(ic.dueTime(c1)).toBe(5);
    ic.unmask(2);
    ic.route(2, c1);
    ic.raise(2);
    ic.clearPending(2);
    expect(ic.take(c1)).toEqual({ ipi: true, lines: [] });
    expect(ic.isIpiPending(c1)).toBe(false);
    expect(() => ic.raise(32)).toThrow(RangeError);
    expect(() => ic.route(0, 3 as typeof c1)).toThrow(RangeError);
  });
});

describe('Timer', () => {
  it('is due at its deadline and is taken once', () => {
    const t = new Timer(() => 0);
    expect(t.dueTime()).toBe(Infinity);
    t.arm(30);
    expect(t.dueTime()).toBe(30);
    expect(t.take(29)).toBe(false);
    expect(t.take(30)).toBe(true);
    expect(t.take(31)).toBe(false);
    expect(t.deadline).toBeNull();
  });

  it('latches a deadline reached before it is re-armed or disarmed', () => {
    let now = 0;
    const t = new Timer(() => now);
    t.arm(10);
    now = 12;
    t.arm(50);
    expect(t.dueTime()).toBe(10);
    expect(t.deadline).toBe(50);
    expect(t.take(12)).toBe(true);
    expect(t.dueTime()).toBe(50);
    t.disarm();
    expect(t.dueTime()).toBe(Infinity);
  });

  it('as a level timer, withdraws a firing not yet taken when re-armed or disarmed', () => {
    let now = 0;
    const t = new Timer(() => now, 'level');
    t.arm(10);
    now = 12;
    t.arm(50);
    expect(t.dueTime()).toBe(50);
    expect(t.take(12)).toBe(false);
    t.arm(11);
    expect(t.take(12)).toBe(true);
    t.arm(20);
    now = 25;
    t.disarm();
    expect(t.take(25)).toBe(false);
  });
});
