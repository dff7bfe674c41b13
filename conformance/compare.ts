/**
 * What "the two sides agree" means (spec/lockstep.ts L5, L6).
 *
 * Events: per instant, as multisets — the relative order of simultaneous events is not part of
 * the contract, their effects on state are. Lines of the hypervisor's own console are left out
 * (informational: the kernel prints them for people, the model need not). States: equal field by
 * field; a difference is reported as the dotted paths that differ, with both values.
 */
import type { ModelState } from '../spec/modelState.js';
import type { SideEvent } from '../spec/lockstep.js';

/**
 * What of an event is compared: everything but the informational `reason` text of a `system`
 * event (the kernel's panic message; the model states only that the system panicked).
 */
export function comparable(e: SideEvent): unknown {
  if (e.ev === 'system') return { t: e.t, ev: e.ev, what: e.what, mode: e.mode };
  return e;
}

/** Whether an event takes part in the comparison (L5). */
export function isCompared(e: SideEvent): boolean {
  return !(e.ev === 'console' && e.part === null);
}

/** A canonical text for an event: keys sorted, so that equal events give equal text. */
export function canonical(e: unknown): string {
  return JSON.stringify(e, (_k, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export interface EventDifference {
  readonly t: number;
  /** Events the model produced at t that the implementation did not. */
  readonly onlyModel: readonly SideEvent[];
  /** Events the implementation produced at t that the model did not. */
  readonly onlyImpl: readonly SideEvent[];
}

/** The first instant at which the two event lists differ as multisets, or undefined. */
export function firstEventDifference(
  model: readonly SideEvent[],
  impl: readonly SideEvent[],
): EventDifference | undefined {
  const byT = (events: readonly SideEvent[]) => {
    const m = new Map<number, SideEvent[]>();
    for (const e of events) {
      if (!isCompared(e)) continue;
      const list = m.get(e.t);
      if (list === undefined) m.set(e.t, [e]);
      else list.push(e);
    }
    return m;
  };
  const a = byT(model);
  const b = byT(impl);
  const instants = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  for (const t of instants) {
    const left = a.get(t) ?? [];
    const right = b.get(t) ?? [];
    const rest = new Map<string, { e: SideEvent; n: number }>();
    for (const e of right) {
      const k = canonical(comparable(e));
      const r = rest.get(k);
      if (r === undefined) rest.set(k, { e, n: 1 });
      else r.n++;
    }
    const onlyModel: SideEvent[] = [];
    for (const e of left) {
      const r = rest.get(canonical(comparable(e)));
      if (r !== undefined && r.n > 0) r.n--;
      else onlyModel.push(e);
    }
    const onlyImpl: SideEvent[] = [];
    for (const { e, n } of rest.values()) for (let i = 0; i < n; i++) onlyImpl.push(e);
    if (onlyModel.length > 0 || onlyImpl.length > 0) return { t, onlyModel, onlyImpl };
  }
  return undefined;
}

export interface StateDifference {
  readonly path: string;
  readonly model: unknown;
  readonly impl: unknown;
}

/** Every leaf where two states differ (at most `limit` of them). */
export function stateDifferences(model: ModelState, impl: ModelState, limit = 20): StateDifference[] {
  const out: StateDifference[] = [];
  const walk = (path: string, a: unknown, b: unknown): void => {
    if (out.length >= limit) return;
    if (Object.is(a, b)) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) {
        out.push({ path: `${path}.length`, model: a.length, impl: b.length });
      }
      for (let i = 0; i < Math.min(a.length, b.length); i++) walk(`${path}[${labelOf(a[i], i)}]`, a[i], b[i]);
      return;
    }
    if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys)
        walk(
          path === '' ? k : `${path}.${k}`,
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
        );
      return;
    }
    out.push({ path, model: a, impl: b });
  };
  walk('', model, impl);
  return out;
}

/** Array elements are named by their PRTOS identity where they have one (P1.v0, CPU0). */
function labelOf(x: unknown, i: number): string {
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o['part'] === 'number' && typeof o['vcpu'] === 'number') return `P${o['part']}.v${o['vcpu']}`;
    if (typeof o['id'] === 'number' && 'planCurrent' in o) return `CPU${o['id']}`;
    if (typeof o['id'] === 'number' && 'opMode' in o) return `P${o['id']}`;
  }
  return String(i);
}
