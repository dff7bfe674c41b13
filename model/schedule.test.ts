/**
 * The closed-form schedule against hand-computed tables (example.006's plans, a plan with gaps)
 * and against its defining property on generated plans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../spec/config/types.js';
import { boundaryReached, frameEnd, gridPosition, nextDecisionAfter } from './schedule.js';
import { fixture } from './testkit.test-util.js';

const T = 197_841;

function plan(majorFrame: number, slots: readonly [number, number, number][]): Plan {
  return {
    id: 0,
    name: undefined,
    majorFrame,
    line: 0,
    slots: slots.map(([start, duration, partitionId], id) => ({
      id,
      start,
      duration,
      partitionId,
      vcpuId: 0,
      line: 0,
    })),
  };
}

describe('gridPosition on example.006 plan 0 (MAF 2000 ms: P2, P0, P1, P0, P1 in 400 ms slots)', () => {
  const p0 = fixture('example.006.prtos_cf.riscv64.xml', 'riscv64').hw.processors[0]?.plans[0];
  if (p0 === undefined) throw new Error('fixture has no plan 0');
  // [now - T, expected kind, k, slot index, partition, absolute start, absolute end, next start]
  const table: readonly [number, number, number, number, number, number, number][] = [
    [0, 0, 0, 2, 0, 400_000, 400_000],
    [399_999, 0, 0, 2, 0, 400_000, 400_000],
    [400_000, 0, 1, 0, 400_000, 800_000, 800_000],
    [1_234_567, 0, 3, 0, 1_200_000, 1_600_000, 1_600_000],
    [1_999_999, 0, 4, 1, 1_600_000, 2_000_000, 2_000_000],
    [2_000_000, 1, 0, 2, 2_000_000, 2_400_000, 2_400_000],
    [11_234_567, 5, 3, 0, 11_200_000, 11_600_000, 11_600_000],
  ];
  it.each(table)(
    'at T0 + %i µs: frame %i, slot %i (partition %i)',
    (dt, k, index, part, start, end, next) => {
      const pos = gridPosition(p0, T, T + dt);
      expect(pos).toMatchObject({
        kind: 'slot',
        k,
        index,
        start: T + start,
        end: T + end,
        nextStart: T + next,
      });
      if (pos.kind === 'slot') expect(pos.slot.partitionId).toBe(part);
    },
  );
});

describe('gridPosition and nextDecisionAfter with gaps and a tail', () => {
  const p = plan(1000, [
    [100, 200, 0],
    [500, 100, 1],
  ]);
  it('classifies gap, slot, gap, slot, tail, and the next frame', () => {
    expect(gridPosition(p, T, T + 50)).toEqual({ kind: 'gap', k: 0, index: 0, until: T + 100 });
    expect(gridPosition(p, T, T + 100)).toMatchObject({
      kind: 'slot',
      index: 0,
      end: T + 300,
      nextStart: T + 500,
    });
    expect(gridPosition(p, T, T + 300)).toEqual({ kind: 'gap', k: 0, index: 1, until: T + 500 });
    expect(gridPosition(p, T, T + 599)).toMatchObject({
      kind: 'slot',
      index: 1,
      end: T + 600,
      nextStart: T + 1000,
    });
    expect(gridPosition(p, T, T + 600)).toEqual({ kind: 'tail', k: 0, index: 2, until: T + 1000 });
    expect(gridPosition(p, T, T + 1000)).toEqual({ kind: 'gap', k: 1, index: 0, until: T + 1100 });
  });
  it('a served slot ends at its end; an unserved one stays idle until the next slot starts (never given away)', () => {
    const s = gridPosition(p, T, T + 150);
    expect(nextDecisionAfter(s, true)).toBe(T + 300);
    expect(nextDecisionAfter(s, false)).toBe(T + 500);
    expect(nextDecisionAfter(gridPosition(p, T, T + 550), false)).toBe(T + 1000);
    expect(nextDecisionAfter(gridPosition(p, T, T + 700), false)).toBe(T + 1000);
  });
  it('an empty plan never decides again', () => {
    const empty = plan(0, []);
    expect(gridPosition(empty, T, T + 5)).toEqual({ kind: 'empty' });
    expect(nextDecisionAfter({ kind: 'empty' }, false)).toBe(Number.POSITIVE_INFINITY);
    expect(boundaryReached(empty, T, 0, T + 10_000)).toBe(false);
  });
  it("a boundary is reached at the end of the decision's frame, not before", () => {
    expect(frameEnd(p, T, 2)).toBe(T + 3000);
    expect(boundaryReached(p, T, 2, T + 2999)).toBe(false);
    expect(boundaryReached(p, T, 2, T + 3000)).toBe(true);
  });
});

describe('the defining property of the grid (REQ-SCHED-13)', () => {
  const plans = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 })), { maxLength: 6 })
    .chain((parts) => {
      const slots: [number, number, number][] = [];
      let at = 0;
      parts.forEach(([gap, dur], i) => {
        at += gap;
        slots.push([at, dur, i]);
        at += dur;
      });
      return fc.integer({ min: Math.max(1, at), max: at + 100 }).map((maf) => plan(maf, slots));
    });
  it('every instant is in exactly the slot whose occurrence contains it, or in a gap/tail before the next', () => {
    fc.assert(
      fc.property(
        plans,
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (p, origin, dt) => {
          const now = origin + dt;
          const pos = gridPosition(p, origin, now);
          const k = Math.floor(dt / p.majorFrame);
          const off = dt - k * p.majorFrame;
          const inside = p.slots.findIndex((s) => s.start <= off && off < s.start + s.duration);
          if (inside >= 0) {
            expect(pos).toMatchObject({ kind: 'slot', k, index: inside });
            if (pos.kind === 'slot') expect(pos.start <= now && now < pos.end).toBe(true);
          } else {
            expect(pos.kind === 'gap' || pos.kind === 'tail').toBe(true);
            if (pos.kind === 'gap' || pos.kind === 'tail') {
              expect(pos.until).toBeGreaterThan(now);
              expect(pos.k).toBe(k);
            }
          }
        },
      ),
    );
  });
});
