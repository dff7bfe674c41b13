/**
 * The summary table of a check's results (`prtos-ref check`, `prtos-ref evidence merge`): one row
 * per suite, then a line for every property that was not tested enough.
 */
import type { SuiteResult } from '../../properties/results.js';
import { formatTable } from './table.js';

function summariseRequirements(ids: readonly string[]): string {
  const shown = ids.slice(0, 3).join(', ');
  return ids.length > 3 ? `${shown} +${ids.length - 3}` : shown;
}

export function renderResultsTable(results: readonly SuiteResult[]): string {
  const table = formatTable(
    ['suite', 'requirements', 'runs', 'steps', 'antecedent hits', 'verdict', 'time'],
    results.map((r) => [
      r.id,
      summariseRequirements(r.requirements),
      String(r.runs),
      String(r.steps),
      r.properties.map((p) => `${p.antecedentHits}`).join('/'),
      r.verdict.toUpperCase(),
      `${((r.timeMs ?? 0) / 1000).toFixed(1)} s`,
    ]),
  );
  const notes: string[] = [];
  for (const r of results) {
    if (r.verdict === 'fail') continue; // its other properties stopped being tested at the failure
    for (const p of r.properties.filter((x) => x.verdict === 'inconclusive')) {
      notes.push(
        `  ${r.id}: ${p.key} inconclusive: its antecedent was met in ${p.antecedentRuns} runs, below the floor of ${Math.round(p.floor * 100)}% — run more (--runs)`,
      );
    }
  }
  return [table, ...notes].join('\n');
}
