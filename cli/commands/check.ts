/**
 * `prtos-ref check`: run the isolation property suites on a system and report.
 *
 * `prtos-ref check [--config <xml> | --example <folder|name>] [--arch A] [--suite id...]
 *   [--runs N] [--steps N] [--seed S] [--quirk id...] [--fidelity intended|real] [--fault id...]
 *   [--shard i/n] [--json out.json] [--out dir] [--coverage]`
 *
 * Without a system it checks the bundled default system (examples/default). Each suite runs N
 * generated runs (programs, stimuli and tie-breaks on that configuration) with a progress bar, then
 * a summary table; a failing suite prints the broken requirement, the shrunk counterexample as a
 * short step list, writes the counterexample file and prints the one line that replays it. Exit 0
 * only if every suite holds; 2 if a property failed or was not tested enough (inconclusive).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Option, type Command } from 'commander';
import cliProgress from 'cli-progress';
import type { Arch } from '../../spec/constants/arch.js';
import { realPreset, QUIRKS } from '../../spec/decisions/index.js';
import { serializeCounterexample, type Counterexample } from '../../conformance/counterexample.js';
import { runSuite } from '../../properties/execute.js';
import { parseShard, type CheckResults, type Shard, type SuiteResult } from '../../properties/results.js';
import { SUITES } from '../../properties/suites/index.js';
import { SEEDED_FAULT_IDS } from '../../impl/kernel/index.js';
import { EXIT, UserError } from '../errors.js';
import { parseInteger } from '../options.js';
import { DEFAULT_SYSTEM, loadSystem } from '../system.js';
import { TOOL_VERSION } from '../version.js';
import { renderCounterexample } from '../render/counterexample.js';
import { renderResultsTable } from '../render/results.js';
import { collectCoverage } from '../../evidence/collect.js';
import type { CoverageSummary } from '../../evidence/coverage.js';

export interface CheckOptions {
  config?: string;
  example?: string;
  arch?: Arch;
  suite?: string[];
  runs: string;
  steps?: string;
  seed?: string;
  quirk: string[];
  fault: string[];
  fidelity: 'intended' | 'real';
  shard?: string;
  json?: string;
  out: string;
  coverage?: boolean;
  progress: boolean;
}

function parseShardOption(value: string | undefined): Shard {
  if (value === undefined) return { index: 1, count: 1 };
  const shard = parseShard(value);
  if (shard === undefined) {
    throw new UserError(`--shard must be i/n with 1 ≤ i ≤ n, got "${value}"`, EXIT.usage);
  }
  return shard;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('run the isolation property suites on a system (default: examples/default) and report')
    .option('--config <xml>', 'a PRTOS XML configuration')
    .option('--example <folder|name>', 'an example folder or name (default, helloworld, example.001, ...)')
    .addOption(
      new Option('--arch <arch>', 'architecture').choices([
        'x86',
        'amd64',
        'riscv64',
        'aarch64',
        'loongarch64',
      ]),
    )
    .option('--suite <id...>', `suites to run (${SUITES.map((s) => s.id).join(', ')}; default all)`)
    .option('--runs <n>', 'generated runs per suite', '100')
    .option('--steps <n>', 'at most this many guest ops per vCPU program of a generated run')
    .option('--seed <s>', 'fast-check seed (default: chosen at random and printed)')
    .option('--quirk <id...>', 'switch on quirks of the real PRTOS (see `prtos-ref quirks`)', [])
    .option('--fault <id...>', 'switch on seeded faults of the implementation (suite self-test)', [])
    .addOption(
      new Option('--fidelity <f>', 'intended, or real (the quirks the real system shows)')
        .choices(['intended', 'real'])
        .default('intended'),
    )
    .option(
      '--shard <i/n>',
      "run shard i of n (seed + i - 1); join the shards' results with `prtos-ref evidence merge`",
    )
    .option(
      '--json <file>',
      'where the results go as JSON (schema: docs/results-schema.md; default out/evidence/check-<seed>.json)',
    )
    .option('--out <dir>', 'where counterexample files go', 'out/counterexamples')
    .option('--coverage', 'report the model coverage reached by the generated runs')
    .option('--no-progress', 'no progress bar')
    .action((opts: CheckOptions) => {
      const code = check(opts);
      process.exitCode = code;
    });
}

export function check(opts: CheckOptions): number {
  if (opts.config !== undefined && opts.example !== undefined) {
    throw new UserError('give --config or --example, not both', EXIT.usage);
  }
  const runs = parseInteger('runs', opts.runs, 1) ?? 100;
  const steps = parseInteger('steps', opts.steps, 1);
  const shard = parseShardOption(opts.shard);
  // The only place a seed is chosen at random: the command line (DESIGN.md, Determinism).
  const baseSeed = parseInteger('seed', opts.seed, 0) ?? Math.floor(Math.random() * 2 ** 31);
  const seed = baseSeed + (shard.index - 1);
  const unknownFaults = opts.fault.filter((f) => !(SEEDED_FAULT_IDS as readonly string[]).includes(f));
  if (unknownFaults.length > 0) {
    throw new UserError(
      `unknown seeded fault ${unknownFaults.join(', ')} (known: ${SEEDED_FAULT_IDS.join(', ')})`,
      EXIT.usage,
    );
  }
  const known = new Set(QUIRKS.map((q) => q.quirk.id));
  const unknownQuirks = opts.quirk.filter((q) => !known.has(q));
  if (unknownQuirks.length > 0) {
    throw new UserError(`unknown quirk ${unknownQuirks.join(', ')} (see \`prtos-ref quirks\`)`, EXIT.usage);
  }
  const system = loadSystem(opts.config ?? opts.example ?? DEFAULT_SYSTEM, opts.arch);
  const quirks = [...new Set([...(opts.fidelity === 'real' ? realPreset(system.arch) : []), ...opts.quirk])];
  const suites =
    opts.suite === undefined
      ? SUITES
      : opts.suite.map((id) => {
          const s = SUITES.find((x) => x.id === id);
          if (s === undefined)
            throw new UserError(`unknown suite "${id}" (${SUITES.map((x) => x.id).join(', ')})`, EXIT.usage);
          return s;
        });
  const perShard = Math.ceil(runs / shard.count);

  process.stdout.write(
    `prtos-ref ${TOOL_VERSION}: checking ${system.file} (${system.arch}, ${system.config.partitions.length} partitions, ${system.config.hw.processors.length} CPUs)\n` +
      `seed ${baseSeed}${shard.count > 1 ? `, shard ${shard.index}/${shard.count}` : ''}, ${perShard} runs per suite, fidelity ${opts.fidelity}` +
      `${quirks.length > 0 ? `, quirks: ${quirks.join(' ')}` : ''}${opts.fault.length > 0 ? `, seeded faults: ${opts.fault.join(' ')}` : ''}\n\n`,
  );

  const results: SuiteResult[] = [];
  const failures: { suite: string; ce: Counterexample; file: string }[] = [];
  const started = Date.now();
  const coverage: CoverageSummary | undefined =
    opts.coverage === true ? collectCoverage(system, perShard, seed).summary : undefined;
  for (const suite of suites) {
    const bar =
      opts.progress && process.stderr.isTTY
        ? new cliProgress.SingleBar(
            {
              format: `  ${suite.id.padEnd(12)} {bar} {value}/{total} runs  {duration_formatted}`,
              hideCursor: true,
              clearOnComplete: true,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    bar?.start(perShard, 0);
    const t0 = Date.now();
    let lastLine = t0;
    const outcome = runSuite(suite, {
      runs: perShard,
      seed,
      config: { config: system.config, xml: system.xml },
      quirks,
      faults: opts.fault,
      ...(steps === undefined ? {} : { shape: { maxOps: steps } }),
      toolVersion: TOOL_VERSION,
      onProgress: (done, total) => {
        bar?.update(done);
        // Without a terminal: a line every ten seconds, so long runs show progress in CI logs.
        if (bar === undefined && opts.progress && Date.now() - lastLine >= 10_000) {
          lastLine = Date.now();
          process.stderr.write(`  ${suite.id}: ${done}/${total} runs\n`);
        }
      },
    });
    bar?.stop();
    let result: SuiteResult = { ...outcome.result, timeMs: Date.now() - t0 };
    const ce = outcome.counterexample;
    if (ce !== undefined) {
      mkdirSync(opts.out, { recursive: true });
      const file = join(opts.out, `${suite.id}-${seed}.json`);
      writeFileSync(file, serializeCounterexample(ce));
      failures.push({ suite: suite.id, ce, file });
      result = {
        ...result,
        failure: {
          property: ce.property,
          requirements: [...ce.requirements],
          summary: ce.summary,
          details: [...ce.details],
          counterexample: file,
          replay: `npx prtos-ref replay ${file}`,
          steps: ce.steps ?? ce.stimuli.length + ce.programs.reduce((n, p) => n + p.ops.length, 0),
        },
      };
    }
    results.push(result);
    process.stderr.write(
      `  ${suite.id}: ${result.verdict} (${result.runs} runs, ${((result.timeMs ?? 0) / 1000).toFixed(1)} s)\n`,
    );
  }

  process.stdout.write(`\n${renderResultsTable(results)}\n`);
  for (const f of failures) process.stdout.write(`\n${renderCounterexample(f.ce, f.file)}\n`);
  if (coverage !== undefined) {
    process.stdout.write(
      `\ncoverage: ${coverage.hit}/${coverage.reachable} reachable items (${coverage.percent.toFixed(1)}%), ${coverage.items - coverage.reachable} listed as unreachable\n`,
    );
  }
  const verdict = results.some((r) => r.verdict === 'fail')
    ? 'fail'
    : results.every((r) => r.verdict === 'pass')
      ? 'pass'
      : 'inconclusive';
  // The results are evidence: always written, to --json or to a file named after the seed.
  const jsonFile =
    opts.json ??
    join(
      'out',
      'evidence',
      `check-${baseSeed}${shard.count > 1 ? `-shard-${shard.index}-of-${shard.count}` : ''}.json`,
    );
  const json: CheckResults = {
    tool: 'prtos-ref',
    version: TOOL_VERSION,
    config: system.file,
    configHash: system.hash,
    arch: system.arch,
    fidelity: opts.fidelity,
    quirks,
    faults: opts.fault,
    seed: baseSeed,
    shard: `${shard.index}/${shard.count}`,
    runsPerSuite: perShard,
    suites: results,
    verdict,
    timeMs: Date.now() - started,
    ...(coverage === undefined ? {} : { coverage }),
  };
  mkdirSync(dirname(jsonFile), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(
    `\nevidence: results in ${jsonFile} (schema: docs/results-schema.md)` +
      `${failures.length > 0 ? `; counterexamples in ${opts.out}` : ''}\n`,
  );
  process.stdout.write(
    `\n${verdict === 'pass' ? 'all suites hold' : verdict === 'fail' ? `${failures.length} suite(s) failed` : 'some properties were not tested enough'} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  return verdict === 'pass' ? EXIT.ok : EXIT.failed;
}
