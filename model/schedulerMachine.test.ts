/**
 * The scheduler machine of one CPU: decisions at boot, in slots, gaps and at frame boundaries;
 * plan requests and their activation; HM maintenance; idle_self (prtos-states §3.2–§3.6).
 */
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../spec/config/types.js';
import {
  cachedRunner,
  decide,
  decisionDue,
  planRefFor,
  schedulerMachine,
  slotIndex,
  type SchedulerEvent,
} from './schedulerMachine.js';
import type { VcpuRef } from './system.js';
import { emittedOf } from './testkit.test-util.js';

function plan(id: number, majorFrame: number, slots: readonly [number, number, number][]): Plan {
  return {
    id,
    name: undefined,
    majorFrame,
    line: 0,
    slots: slots.map(([start, duration, partitionId], i) => ({
      id: i,
      start,
      duration,
      partitionId,
      vcpuId: 0,
      line: 0,
    })),
  };
}

const plans = [
  plan(0, 1000, [
    [0, 400, 0],
    [600, 300, 1],
  ]),
  plan(1, 500, [[0, 500, 1]]),
];

type Snap = ReturnType<typeof initialTransition<typeof schedulerMachine>>[0];

const emitted = emittedOf;

function decideAt(s: Snap, now: number, ready: (r: VcpuRef) => boolean = () => true) {
  const [next, actions] = transition(schedulerMachine, s, {
    type: 'DECIDE',
    decision: decide(s.context, now, ready),
  });
  return { s: next, out: emitted(actions) };
}

function send(s: Snap, e: SchedulerEvent) {
  const [next, actions] = transition(schedulerMachine, s, e);
  return { s: next, out: emitted(actions) };
}

const start = (): Snap => initialTransition(schedulerMachine, { cpu: 2, plans })[0];

describe('boot (R7, §3.2)', () => {
  it('starts with no current plan, plan 0 requested, slot -1', () => {
    const s = start();
    expect(s.context).toMatchObject({ planCurrent: null, planNew: 0, planPrev: null });
    expect(slotIndex(s.context)).toBe(-1);
    expect(decisionDue(s.context, 0)).toBe(true);
  });
  it('the first decision activates plan 0 with its grid at now and serves slot 0', () => {
    const { s, out } = decideAt(start(), 5000);
    expect(out).toEqual([
      { type: 'planSwitch', cpu: 2, from: null, to: 0 },
      { type: 'slot', cpu: 2, plan: 0, slot: 0 },
    ]);
    expect(s.value).toEqual({ running: 'serving' });
    expect(s.context).toMatchObject({ planCurrent: 0, planSwitchTime: 5000, origin: 5000 });
    expect(s.context.served).toMatchObject({ chosen: { part: 0, vcpu: 0 }, until: 5400 });
  });
});

describe('decisions inside the grid (§3.4)', () => {
  const booted = () => decideAt(start(), 5000).s;
  it('a slot whose vCPU is not READY is idle until the next slot, and announced all the same', () => {
    const { s, out } = decideAt(start(), 5000, () => false);
    expect(s.value).toEqual({ running: 'unserved' });
    expect(s.context.served?.until).toBe(5600);
    expect(out).toContainEqual({ type: 'slot', cpu: 2, plan: 0, slot: 0 });
  });
  it('gap, then slot 1, then the next frame; cached decisions keep the chosen vCPU', () => {
    let s = decideAt(booted(), 5400).s;
    expect([s.value, s.context.served?.until, slotIndex(s.context)]).toEqual([{ running: 'gap' }, 5600, 1]);
    expect(decisionDue(s.context, 5599)).toBe(false);
    s = decideAt(s, 5600).s;
    expect(cachedRunner(s.context, () => true)).toEqual({ part: 1, vcpu: 0 });
    expect(cachedRunner(s.context, () => false)).toBeNull();
    s = decideAt(s, 5900).s;
    expect([s.value, s.context.served?.until]).toEqual([{ running: 'tail' }, 6000]);
  });
  it('idle_self gives the rest of the interval to idle (V5)', () => {
    const s = send(booted(), { type: 'YIELD' }).s;
    expect(s.value).toEqual({ running: 'yielded' });
    expect(cachedRunner(s.context, () => true)).toBeNull();
    // The next decision serves again.
    expect(decideAt(s, 5400).s.context.yielded).toBe(false);
  });
});

describe('plan switches (§3.6)', () => {
  it('a request takes effect at the next frame boundary, where the new grid starts', () => {
    let s = send(decideAt(start(), 5000).s, { type: 'REQUEST_PLAN', plan: 1 }).s;
    expect([s.context.planCurrent, s.context.planNew]).toEqual([0, 1]);
    s = decideAt(s, 5600).s;
    expect(s.context.planCurrent).toBe(0);
    const b = decideAt(s, 6003);
    expect(b.out).toEqual([
      { type: 'planSwitch', cpu: 2, from: 0, to: 1 },
      { type: 'slot', cpu: 2, plan: 1, slot: 0 },
    ]);
    // A late boundary decision starts the new grid late (R4).
    expect(b.s.context).toMatchObject({ planCurrent: 1, planPrev: 0, planSwitchTime: 6003, origin: 6003 });
    expect(b.s.context.served?.until).toBe(6503);
  });
  it('a CPU without the requested plan runs the empty plan from its boundary: no decisions any more', () => {
    expect(planRefFor(plans, 7)).toBe('empty');
    let s = send(decideAt(start(), 5000).s, { type: 'REQUEST_PLAN', plan: 'empty' }).s;
    s = decideAt(decideAt(s, 5400).s, 6000).s;
    expect(s.value).toEqual({ running: 'empty' });
    expect([s.context.served?.until, slotIndex(s.context)]).toEqual([Number.POSITIVE_INFINITY, -1]);
  });
  it('HM maintenance switches the pointers at once; the chosen thread keeps the CPU; plan 1 starts at the old decision time', () => {
    let s = decideAt(start(), 5000).s;
    s = send(s, { type: 'REQUEST_PLAN', plan: 1 }).s;
    const m = send(s, { type: 'MAINTENANCE', now: 5123 });
    // The pointers change now; the grid (and its `planSwitch` observation) starts at the next decision.
    expect(m.out).toEqual([]);
    expect(m.s.context).toMatchObject({ planCurrent: 1, planPrev: 0, planSwitchTime: 5123, origin: null });
    expect(slotIndex(m.s.context)).toBe(-1);
    expect(cachedRunner(m.s.context, () => true)).toEqual({ part: 0, vcpu: 0 });
    expect(decisionDue(m.s.context, 5399)).toBe(false);
    const d = decideAt(m.s, 5400);
    expect(d.out).toEqual([
      { type: 'planSwitch', cpu: 2, from: 0, to: 1 },
      { type: 'slot', cpu: 2, plan: 1, slot: 0 },
    ]);
    expect(d.s.context).toMatchObject({ origin: 5400, planSwitchTime: 5123 });
  });
  it('maintenance with plan 1 already current changes nothing', () => {
    let s = send(decideAt(start(), 5000).s, { type: 'REQUEST_PLAN', plan: 1 }).s;
    s = decideAt(decideAt(s, 5600).s, 6000).s;
    const m = send(s, { type: 'MAINTENANCE', now: 6100 });
    expect(m.out).toEqual([]);
    expect(m.s.context.origin).toBe(6000);
  });
});
