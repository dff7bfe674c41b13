/**
 * The bench's table: what was measured, in totals, and the ratios derived from them
 * (DESIGN.md "Performance targets (bench/)"; how to read them: bench/README.md).
 *
 * Totals are kept as they were measured and every ratio is computed here, from one row and the
 * baseline row of the same block, so that the printed ratios can be checked by hand against the
 * printed totals.
 */

/** What one item did over all its runs, and how long it took. */
export interface Tally {
  runs: number;
  /** Guest steps (see the block's note for what counts as one); undefined when not known. */
  guestSteps: number | undefined;
  /** Virtual time simulated, summed over the runs (µs); undefined when not known. */
  virtualUs: number | undefined;
  wallMs: number;
}

export function emptyTally(): Tally {
  return { runs: 0, guestSteps: 0, virtualUs: 0, wallMs: 0 };
}

export interface Row {
  readonly label: string;
  readonly tally: Tally;
}

export interface Block {
  readonly title: string;
  readonly rows: readonly Row[];
  /** The row whose wall time per run is 1.00 in the ratio column; none: no ratio column values. */
  readonly baseline: string | undefined;
  readonly notes: readonly string[];
}

/** Wall time per run of `row` over that of `baseline` (same runs: the ratio of the costs of one run). */
export function ratioTo(row: Tally, baseline: Tally | undefined): number | undefined {
  if (baseline === undefined || baseline.runs === 0 || row.runs === 0 || baseline.wallMs <= 0)
    return undefined;
  return row.wallMs / row.runs / (baseline.wallMs / baseline.runs);
}

/** Virtual time simulated per unit of wall time: above 1, the system runs faster than real time. */
export function virtualToWall(t: Tally): number | undefined {
  if (t.virtualUs === undefined || t.wallMs <= 0) return undefined;
  return t.virtualUs / 1000 / t.wallMs;
}

export function runsPerMinute(t: Tally): number | undefined {
  if (t.wallMs <= 0) return undefined;
  return (t.runs * 60_000) / t.wallMs;
}

const int = (n: number | undefined): string =>
  n === undefined ? '—' : Math.round(n).toLocaleString('en-US');
const fixed =
  (digits: number) =>
  (n: number | undefined): string =>
    n === undefined ? '—' : n.toFixed(digits);

const COLUMNS = [
  'item',
  'runs',
  'guest steps',
  'virtual µs',
  'wall ms',
  '× impl',
  'virtual:wall',
  'runs/min',
] as const;

/** The cells of one row, in COLUMNS order. */
export function rowCells(row: Row, baseline: Tally | undefined): string[] {
  const t = row.tally;
  return [
    row.label,
    int(t.runs),
    int(t.guestSteps),
    int(t.virtualUs),
    fixed(1)(t.wallMs),
    fixed(2)(ratioTo(t, baseline)),
    fixed(2)(virtualToWall(t)),
    fixed(1)(runsPerMinute(t)),
  ];
}

/** The block as aligned text: title, header, rows (numbers right-aligned), notes. */
export function formatBlock(block: Block): string {
  const baseline = block.rows.find((r) => r.label === block.baseline)?.tally;
  const body = block.rows.map((r) => rowCells(r, baseline));
  const all = [[...COLUMNS], ...body];
  const widths = COLUMNS.map((_, c) => Math.max(...all.map((cells) => cells[c]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [block.title, line(COLUMNS), rule, ...body.map(line), ...block.notes.map((n) => `  ${n}`), ''].join(
    '\n',
  );
}
