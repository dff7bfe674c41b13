/**
 * Model coverage reached by generated runs (issue 5, "Coverage that means something").
 *
 * The items, with denominators from the definitions and never from the runs:
 * - every state and transition of the model's four machines (model `modelItems`), minus those the
 *   model marks unreachable in slice 1 (listed, not counted);
 * - the rows of the notes' tables that the coordinator records: partition transitions P0–P15 and
 *   vCPU transitions V1–V9 (minus those out of scope, model `ROWS_OUT_OF_SCOPE`), the delivery
 *   stages of prtos-states §5.4, HM action × level;
 * - the hypercall × return-code cells of slice 1 (table below, from prtos-hypercalls §3 with the
 *   intended semantics of spec/decisions), a non-negative result counting as "ok".
 */
import type { CoverageRecorder } from '../model/index.js';
import { COORDINATOR_ROWS, ROWS_OUT_OF_SCOPE, modelItems } from '../model/index.js';

const OK = 'ok';
const NO_ACTION = -1;
const UNKNOWN = -2;
const INVALID_PARAM = -3;
const PERM_ERROR = -4;
const INVALID_CONFIG = -5;
const OP_NOT_ALLOWED = -7;

type Code = typeof OK | number;

/**
 * The return codes each slice-1 hypercall can give a caller, in the intended semantics.
 * Codes a generated run cannot produce on a configuration that passed validation are listed with
 * the reason in `UNREACHABLE_CELLS`.
 */
export const HYPERCALL_CODES: Readonly<Record<number, readonly Code[]>> = {
  1: [OK, NO_ACTION, INVALID_PARAM, PERM_ERROR],
  2: [OK, NO_ACTION, INVALID_PARAM, PERM_ERROR],
  3: [OK, NO_ACTION, INVALID_PARAM, PERM_ERROR],
  4: [OK, INVALID_PARAM, PERM_ERROR, INVALID_CONFIG],
  5: [OK, INVALID_PARAM, PERM_ERROR],
  6: [PERM_ERROR],
  7: [INVALID_PARAM, PERM_ERROR],
  8: [OK],
  9: [OK, INVALID_PARAM],
  10: [OK, INVALID_PARAM],
  11: [OK, INVALID_PARAM, PERM_ERROR, OP_NOT_ALLOWED],
  12: [OK, INVALID_PARAM, PERM_ERROR, OP_NOT_ALLOWED],
  13: [OK, INVALID_PARAM, PERM_ERROR, OP_NOT_ALLOWED],
  14: [OK, INVALID_PARAM, PERM_ERROR, OP_NOT_ALLOWED],
  15: [OK],
  16: [OK],
  17: [OK],
  18: [OK],
  19: [OK, INVALID_PARAM],
  26: [OK, NO_ACTION, INVALID_PARAM, PERM_ERROR],
  28: [OK, INVALID_PARAM],
  29: [OK, NO_ACTION, INVALID_PARAM],
  30: [OK, NO_ACTION, INVALID_PARAM],
  31: [OK, NO_ACTION, INVALID_PARAM],
  32: [OK],
};

/** Cells no run of a validated configuration can reach, and why. */
export const UNREACHABLE_CELLS: Readonly<Record<string, string>> = {
  '4:-5':
    'reset_partition fails only for a partition without an image; every configured partition has one here',
};

/** Unknown numbers: one cell (the intended UNKNOWN_HYPERCALL). */
export const UNKNOWN_CELL = `unknown:${UNKNOWN}`;

export interface CoverageSummary {
  readonly items: number;
  readonly reachable: number;
  readonly hit: number;
  readonly percent: number;
  /** Reachable items never hit, by id. */
  readonly missed: string[];
}

export interface CoverageItem {
  readonly id: string;
  readonly kind: 'state' | 'transition' | 'row' | 'hypercall';
  readonly requirements: readonly string[];
  readonly unreachable: string | undefined;
  readonly hits: number;
}

const cellKey = (nr: number, code: Code) => `hc${nr}:${code}`;

/** Every coverage item with its hits in `rec`. */
export function coverageItems(rec: CoverageRecorder): CoverageItem[] {
  const out: CoverageItem[] = [];
  for (const m of modelItems()) {
    out.push({
      id: m.id,
      kind: m.kind,
      requirements: m.requirements,
      unreachable: m.unreachable,
      hits: rec.items.get(m.id) ?? 0,
    });
  }
  for (const row of COORDINATOR_ROWS) {
    out.push({
      id: `row:${row}`,
      kind: 'row',
      requirements: [],
      unreachable: ROWS_OUT_OF_SCOPE[row],
      hits: rec.rows.get(row) ?? 0,
    });
  }
  for (const [row, why] of Object.entries(ROWS_OUT_OF_SCOPE)) {
    if (!COORDINATOR_ROWS.includes(row))
      out.push({ id: `row:${row}`, kind: 'row', requirements: [], unreachable: why, hits: 0 });
  }
  const hcHits = new Map<string, number>();
  for (const [key, n] of rec.hypercalls) {
    const [nr, code] = key.split(':').map(Number) as [number, number];
    const k = Number.isNaN(code) ? `hc${nr}:noreturn` : cellKey(nr, code >= 0 ? OK : code);
    hcHits.set(k, (hcHits.get(k) ?? 0) + n);
    if (code === UNKNOWN) hcHits.set(UNKNOWN_CELL, (hcHits.get(UNKNOWN_CELL) ?? 0) + n);
  }
  for (const [nrText, codes] of Object.entries(HYPERCALL_CODES)) {
    const nr = Number(nrText);
    for (const code of codes) {
      const key = cellKey(nr, code);
      out.push({
        id: key,
        kind: 'hypercall',
        requirements: [],
        unreachable: UNREACHABLE_CELLS[`${nr}:${code}`],
        hits: hcHits.get(key) ?? 0,
      });
    }
  }
  out.push({
    id: UNKNOWN_CELL,
    kind: 'hypercall',
    requirements: [],
    unreachable: undefined,
    hits: hcHits.get(UNKNOWN_CELL) ?? 0,
  });
  return out;
}

export function summarise(items: readonly CoverageItem[]): CoverageSummary {
  const reachable = items.filter((i) => i.unreachable === undefined);
  const hit = reachable.filter((i) => i.hits > 0);
  return {
    items: items.length,
    reachable: reachable.length,
    hit: hit.length,
    percent: reachable.length === 0 ? 100 : (100 * hit.length) / reachable.length,
    missed: reachable.filter((i) => i.hits === 0).map((i) => i.id),
  };
}
