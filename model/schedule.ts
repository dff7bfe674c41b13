/**
 * The cyclic schedule in closed form: where an instant falls in a plan's grid, and what a
 * scheduling decision taken at that instant chooses.
 *
 * prtos-states §3.4 gives the kernel's algorithm as a step procedure over `next_act`,
 * `major_frame` and a catch-up loop. Its meaning (the "timing consequences" paragraph of §3.4 and
 * invariants T1/T2 of §8) is declarative: with T the instant the plan was activated on the CPU and
 * M its major frame, slot i is owned during [T + k·M + start_i, T + k·M + end_i) for k = 0, 1, …;
 * the vCPU of a slot gets it if it is READY when the CPU makes its first decision inside it, and
 * otherwise the slot is idle time until the next slot starts (never given to anyone else); a gap
 * between slots and the tail after the last slot are idle until the next slot or the end of the
 * major frame. Everything here is a function of (plan, T, now, readiness): no accumulated state,
 * no loop over missed frames, so it cannot share the kernel's failure modes (A9, A11).
 *
 * Requirements: REQ-SCHED-5..10 and REQ-SCHED-13 (the grid), REQ-SCHED-26 (boundaries never move).
 */
import type { Plan, Slot } from '../spec/config/types.js';

/** Where `now` falls in the grid of a plan activated at `origin`. */
export type GridPosition =
  /** Inside slot `index` of major-frame iteration `k`. */
  | {
      readonly kind: 'slot';
      readonly k: number;
      readonly index: number;
      readonly slot: Slot;
      /** Absolute start and end of this occurrence of the slot. */
      readonly start: number;
      readonly end: number;
      /** Absolute start of the next slot of the same frame, or the frame's end when there is none. */
      readonly nextStart: number;
    }
  /** In the gap before slot `index` of iteration `k`, which starts at `until`. */
  | { readonly kind: 'gap'; readonly k: number; readonly index: number; readonly until: number }
  /** After the last slot of iteration `k`; `index` = number of slots; the frame ends at `until`. */
  | { readonly kind: 'tail'; readonly k: number; readonly index: number; readonly until: number }
  /** The plan has no time at all (major frame 0, or the built-in empty plan of REQ-SCHED-21). */
  | { readonly kind: 'empty' };

/** End of major-frame iteration `k` of a plan activated at `origin`. */
export function frameEnd(plan: Plan, origin: number, k: number): number {
  return origin + (k + 1) * plan.majorFrame;
}

/** The position of `now` (≥ `origin`) in the grid of `plan` activated at `origin` (REQ-SCHED-13). */
export function gridPosition(plan: Plan, origin: number, now: number): GridPosition {
  const maf = plan.majorFrame;
  if (maf <= 0) return { kind: 'empty' };
  const elapsed = Math.max(0, now - origin);
  const k = Math.floor(elapsed / maf);
  const offset = elapsed - k * maf;
  const frameStart = origin + k * maf;
  const slots = plan.slots;
  // The first slot whose end lies after the offset: earlier ones are over (step 4 of §3.4).
  let index = 0;
  while (index < slots.length && (slots[index] as Slot).start + (slots[index] as Slot).duration <= offset)
    index++;
  const slot = slots[index];
  if (slot === undefined) return { kind: 'tail', k, index, until: frameStart + maf };
  if (offset < slot.start) return { kind: 'gap', k, index, until: frameStart + slot.start };
  const next = slots[index + 1];
  return {
    kind: 'slot',
    k,
    index,
    slot,
    start: frameStart + slot.start,
    end: frameStart + slot.start + slot.duration,
    nextStart: next === undefined ? frameStart + maf : frameStart + next.start,
  };
}

/**
 * The instant of the next scheduling decision after a decision at `position` that chose
 * (`chosen` true) or did not choose the slot's vCPU: the slot's end when it runs, otherwise the
 * start of the next slot or the end of the frame — the rest of an unserved slot is idle time
 * (REQ-SCHED-8, REQ-SCHED-9, REQ-SCHED-10). An empty plan never decides again.
 */
export function nextDecisionAfter(position: GridPosition, chosen: boolean): number {
  switch (position.kind) {
    case 'slot':
      return chosen ? position.end : position.nextStart;
    case 'gap':
    case 'tail':
      return position.until;
    case 'empty':
      return Number.POSITIVE_INFINITY;
  }
}

/**
 * Whether `now` lies in a later major-frame iteration than iteration `k` (the one of the previous
 * decision), i.e. whether a major-frame boundary has been reached (step 2 of §3.4).
 */
export function boundaryReached(plan: Plan, origin: number, k: number, now: number): boolean {
  if (plan.majorFrame <= 0) return false;
  return now >= frameEnd(plan, origin, k);
}
