/**
 * `prtos-ref quirks [--json] [--arch A]`: every quirk — a way the real PRTOS deviates from its
 * intended behaviour that the implementation can reproduce on demand (DESIGN.md "Fidelity").
 */
import type { Command } from 'commander';
import { ARCHES, isArch } from '../../spec/constants/arch.js';
import { QUIRKS, realPreset } from '../../spec/decisions/index.js';
import { EXIT, UserError } from '../errors.js';

export interface QuirkRow {
  readonly id: string;
  readonly decision: string;
  readonly notes: readonly string[];
  readonly title: string;
  readonly breaks: readonly string[];
  readonly arches: readonly string[];
  readonly inRealPreset: readonly string[];
  readonly slice: number;
  readonly reproducible: boolean;
  readonly whyNot: string | undefined;
}

export function quirkRows(): QuirkRow[] {
  return QUIRKS.map((d) => ({
    id: d.quirk.id,
    decision: d.id,
    notes: d.notes.map((n) => `${n.note} ${n.anomaly} (${n.section})`),
    title: d.title,
    breaks: d.quirk.breaks,
    arches: d.arches,
    inRealPreset: ARCHES.filter((a) => realPreset(a).includes(d.quirk.id)),
    slice: d.quirk.slice,
    reproducible: d.quirk.reproducible,
    whyNot: d.quirk.whyNot,
  }));
}

export function registerQuirks(program: Command): void {
  program
    .command('quirks')
    .description('list every quirk: id, note, requirements it breaks, architectures, reproducible or why not')
    .option('--json', 'print the list as JSON')
    .option('--arch <arch>', 'only quirks the real system shows on this architecture')
    .action((opts: { json?: boolean; arch?: string }) => {
      if (opts.arch !== undefined && !isArch(opts.arch)) {
        throw new UserError(`unknown architecture "${opts.arch}" (one of ${ARCHES.join(', ')})`, EXIT.usage);
      }
      const rows = quirkRows().filter((r) => opts.arch === undefined || r.arches.includes(opts.arch));
      if (opts.json === true) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      for (const r of rows) {
        process.stdout.write(`${r.id}  [${r.decision}; slice ${r.slice}]  ${r.title}\n`);
        process.stdout.write(`    notes:    ${r.notes.join('; ')}\n`);
        process.stdout.write(`    breaks:   ${r.breaks.join(', ') || '-'}\n`);
        process.stdout.write(`    arches:   ${r.arches.join(', ')}\n`);
        process.stdout.write(
          `    reproducible: ${r.reproducible ? `yes (in --fidelity real on: ${r.inRealPreset.join(', ') || '-'})` : `no: ${r.whyNot ?? ''}`}\n`,
        );
      }
      const repro = rows.filter((r) => r.reproducible).length;
      process.stdout.write(
        `\n${rows.length} quirks, ${repro} reproducible, ${rows.length - repro} not reproducible\n`,
      );
    });
}
