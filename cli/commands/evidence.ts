/**
 * `prtos-ref evidence merge <results.json...> [--json out.json]`: join the results of the shards
 * of one check (`prtos-ref check --shard i/n`) into the results of the whole check
 * (evidence/merge.ts says when shards may be joined and how the figures add up).
 *
 * Prints the joined summary table; exit 0 when every suite holds, 2 when one fails or was not
 * tested enough, 1 for files that are not results of one check (one line saying why).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { isLeft } from 'fp-ts/lib/Either.js';
import { mergeResults } from '../../evidence/merge.js';
import { CheckResults } from '../../properties/results.js';
import { EXIT, UserError } from '../errors.js';
import { readTextFile } from '../io.js';
import { renderResultsTable } from '../render/results.js';

function readResults(file: string): CheckResults {
  let json: unknown;
  try {
    json = JSON.parse(readTextFile(file, 'results file (JSON)'));
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(
      `${file}: not JSON (${e instanceof Error ? e.message.replace(/\s*\n\s*/g, ' ') : String(e)})`,
    );
  }
  const r = CheckResults.decode(json);
  if (isLeft(r)) {
    const where = r.left[0]?.context
      .map((c) => c.key)
      .filter((k) => k !== '' && !/^\d+$/.test(k))
      .join('.');
    throw new UserError(`${file}: not the results of prtos-ref check (field ${where || '(top)'} is wrong)`);
  }
  return r.right;
}

export function registerEvidence(program: Command): void {
  const evidence = program.command('evidence').description('work with the results files that checks write');
  evidence
    .command('merge')
    .description('join the results of the shards of one check (check --shard i/n) into one')
    .argument('<results...>', 'results files, one per shard')
    .option('--json <file>', 'where the joined results go', 'out/evidence/merged.json')
    .action((files: string[], opts: { json: string }) => {
      const merged = mergeResults(files.map(readResults));
      if (!merged.ok) throw new UserError(merged.error, EXIT.usage);
      const r = merged.value;
      process.stdout.write(
        `${r.config} (${r.arch}), seed ${r.seed}, ${files.length} shards, ${r.runsPerSuite} runs per suite, fidelity ${r.fidelity}\n\n` +
          `${renderResultsTable(r.suites)}\n`,
      );
      for (const s of r.suites) {
        if (s.failure !== undefined)
          process.stdout.write(`\nFAILED ${s.id}: ${s.failure.summary}\n  replay: ${s.failure.replay}\n`);
      }
      if (r.coverage !== undefined) {
        process.stdout.write(
          `\ncoverage: ${r.coverage.hit}/${r.coverage.reachable} reachable items (${r.coverage.percent.toFixed(1)}%)\n`,
        );
      }
      mkdirSync(dirname(opts.json), { recursive: true });
      writeFileSync(opts.json, `${JSON.stringify(r, null, 2)}\n`);
      process.stdout.write(
        `\n${r.verdict === 'pass' ? 'all suites hold' : r.verdict === 'fail' ? 'some suite failed' : 'some properties were not tested enough'}` +
          ` (suite time summed over shards: ${((r.timeMs ?? 0) / 1000).toFixed(1)} s)\nevidence: joined results in ${opts.json}\n`,
      );
      process.exitCode = r.verdict === 'pass' ? EXIT.ok : EXIT.failed;
    });
}
