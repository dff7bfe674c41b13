/**
 * `prtos-ref selftest [--runs N] [--seed S] [--only id...] [--json file]`: do the property suites
 * catch what they must? Every seeded fault of the implementation and every quirk of the real PRTOS
 * that slice 1 reproduces is switched on in turn, and the suites expected to catch it (those with
 * a property checking a requirement it breaks) run on generated systems, with conformance; quirks
 * the real system shows are also taken out of the BAIL examples' real preset to see whether a
 * transcript stops matching (properties/selfTest.ts).
 *
 * One line per case as it completes, then a table of the verdicts, and how the counterexamples
 * fared: each is written to the file format, read back and replayed, and must give the very same
 * failure. Exit 0 when nothing was missed and every counterexample replayed exactly, 2 otherwise
 * (a missed case is a hole in the suites or too few runs: the report says which to try).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  runSelfTest,
  selfTestCases,
  type SelfTestResult,
  type SuiteCatch,
} from '../../properties/selfTest.js';
import { EXIT, UserError } from '../errors.js';
import { parseInteger } from '../options.js';
import { formatTable } from '../render/table.js';
import { TOOL_VERSION } from '../version.js';

interface SelftestOptions {
  runs: string;
  seed?: string;
  only?: string[];
  json?: string;
}

function describeCatch(s: SuiteCatch): string {
  if (s.verdict !== 'fail') return `${s.suite} ${s.verdict}`;
  // Conformance names the tool's own requirements (REQ-TOOL-*), never the case's.
  const named = s.suite === 'conformance' || s.namesBroken ? '' : ', other requirements';
  const replay = s.replaysExactly === true ? '' : ', DOES NOT REPLAY EXACTLY';
  return `${s.suite} FAIL (${s.steps ?? '?'} steps${named}${replay})`;
}

function line(r: SelfTestResult): string {
  const suites = r.suites.map(describeCatch).join('; ');
  const transcripts =
    r.transcripts.length === 0
      ? ''
      : `; transcripts differ without it: ${r.transcripts.map((t) => `${t.example} (${t.arch})`).join(', ')}`;
  return `${r.case.kind} ${r.case.id}: ${r.verdict} — ${suites}${transcripts}`;
}

export function registerSelftest(program: Command): void {
  program
    .command('selftest')
    .description(
      'switch on each seeded fault and each reproducible quirk in turn and show which suites catch it',
    )
    .option('--runs <n>', 'generated runs per suite and case', '150')
    .option('--seed <s>', 'fast-check seed (default: chosen at random and printed)')
    .option('--only <id...>', 'only these faults or quirks')
    .option('--json <file>', 'write the results as JSON')
    .action((opts: SelftestOptions) => {
      const runs = parseInteger('runs', opts.runs, 1) ?? 150;
      // The only place a seed is chosen at random: the command line (DESIGN.md, Determinism).
      const seed = parseInteger('seed', opts.seed, 0) ?? Math.floor(Math.random() * 2 ** 31);
      const known = new Set(selfTestCases().map((c) => c.id));
      const unknown = (opts.only ?? []).filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new UserError(
          `unknown fault or quirk ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
          EXIT.usage,
        );
      }
      process.stdout.write(
        `prtos-ref ${TOOL_VERSION} selftest: seed ${seed}, ${runs} runs per suite and case\n\n`,
      );
      const started = Date.now();
      const results = runSelfTest({
        runs,
        seed,
        toolVersion: TOOL_VERSION,
        ...(opts.only === undefined ? {} : { only: opts.only }),
        onCase: (c, i, total) => process.stderr.write(`  [${i + 1}/${total}] ${c.kind} ${c.id} ...\n`),
        onResult: (r) => process.stdout.write(`${line(r)}\n`),
      });
      process.stdout.write(
        `\n${formatTable(
          ['kind', 'id', 'breaks', 'expected suites', 'verdict'],
          results.map((r) => [
            r.case.kind,
            r.case.id,
            r.case.breaks.slice(0, 2).join(', ') +
              (r.case.breaks.length > 2 ? ` +${r.case.breaks.length - 2}` : ''),
            r.case.expectedSuites.join(', ') || '—',
            r.verdict,
          ]),
        )}\n`,
      );
      const count = (v: SelfTestResult['verdict']) => results.filter((r) => r.verdict === v).length;
      const failures = results.flatMap((r) => r.suites.filter((s) => s.verdict === 'fail'));
      const exact = failures.filter((s) => s.replaysExactly === true).length;
      const steps = failures.map((s) => s.steps ?? 0).sort((a, b) => a - b);
      const median = steps.length === 0 ? 0 : (steps[Math.floor((steps.length - 1) / 2)] ?? 0);
      const missed = results.filter((r) => r.verdict === 'missed');
      process.stdout.write(
        `\n${results.length} cases: ${count('caught')} caught by a property suite naming a broken requirement, ` +
          `${count('caught-unnamed')} caught naming other requirements, ${count('conformance-only')} by conformance only, ` +
          `${count('transcript-only')} by a BAIL transcript only, ${missed.length} missed ` +
          `(${((Date.now() - started) / 1000).toFixed(1)} s)\n` +
          `${failures.length} counterexamples: ${exact} replay exactly from their file; shrunk to ${median} steps (median), ${steps[steps.length - 1] ?? 0} at most\n`,
      );
      if (missed.length > 0) {
        process.stdout.write(
          `missed: ${missed.map((r) => r.case.id).join(', ')} — run more (--runs) or another --seed to tell a hole from bad luck\n`,
        );
      }
      if (opts.json !== undefined) {
        writeFileSync(
          opts.json,
          `${JSON.stringify({ tool: 'prtos-ref', version: TOOL_VERSION, seed, runs, results }, null, 2)}\n`,
        );
        process.stdout.write(`results written to ${opts.json}\n`);
      }
      process.exitCode = missed.length > 0 || exact < failures.length ? EXIT.failed : EXIT.ok;
    });
}
