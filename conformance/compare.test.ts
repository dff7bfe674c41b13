import { describe, expect, it } from 'vitest';
import type { SideEvent } from '../spec/lockstep.js';
import { canonical, firstEventDifference } from './compare.js';

const tick = (t: number, cpu: number): SideEvent => ({ t, ev: 'tick', cpu });
const slot = (t: number, cpu: number, s: number): SideEvent => ({ t, ev: 'slot', cpu, plan: 0, slot: s });

describe('event comparison (spec/lockstep.ts L5)', () => {
  it('ignores the order of events at one instant', () => {
    expect(firstEventDifference([tick(5, 0), slot(5, 0, 1)], [slot(5, 0, 1), tick(5, 0)])).toBeUndefined();
  });
  it('counts duplicates', () => {
    const d = firstEventDifference([tick(5, 0), tick(5, 0)], [tick(5, 0)]);
    expect(d).toEqual({ t: 5, onlyModel: [tick(5, 0)], onlyImpl: [] });
  });
  it('reports the earliest differing instant', () => {
    const d = firstEventDifference([tick(5, 0), slot(9, 1, 0)], [tick(5, 0), slot(9, 1, 1), tick(3, 1)]);
    expect(d?.t).toBe(3);
    expect(d?.onlyImpl).toEqual([tick(3, 1)]);
  });
  it('leaves the hypervisor console out, not partition consoles', () => {
    const hyp: SideEvent = { t: 1, ev: 'console', part: null, text: '[HYPERCALL] (0x0) Halted' };
    const p0: SideEvent = { t: 1, ev: 'console', part: 0, text: 'hello' };
    expect(firstEventDifference([], [hyp])).toBeUndefined();
    expect(firstEventDifference([], [p0])?.onlyImpl).toEqual([p0]);
  });
  it('canonical text does not depend on key order', () => {
    expect(canonical({ b: 1, a: { d: 2, c: 3 } })).toBe(canonical({ a: { c: 3, d: 2 }, b: 1 }));
  });
});
