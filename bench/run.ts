/**
 * `npx tsx bench/run.ts [--runs N] [--seed S] [--rounds R] [--only KEY,...]` — performance as
 * ratios side by side in one run (DESIGN.md "Performance targets (bench/)"; bench/README.md).
 *
 * Two sets of runs are drawn once from a fixed seed, in the conformance suite's run shape: runs on
 * generated configurations (properties/arbitraries/run.ts runSpecArb) and runs on the default
 * system (examples/default, runOnConfigArb). On each run of a set, in one process, the model alone,
 * the implementation alone (witness off, witness on) and both in lockstep (states compared, events
 * only) are timed one after the other, their order rotating from run to run and from round to
 * round so that none always pays for another's garbage. The conformance and temporal suites are
 * then run through properties/execute.ts with the same seed and shape: fast-check draws the very
 * same runs (checked below), so their rows are comparable with the others. Last, the BAIL examples
 * and the default system left idle give virtual-to-wall figures.
 *
 * Inputs are deterministic; wall times are what they are on this machine at this moment, which is
 * why only the ratios inside one table mean anything.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { runOnConfigArb, runSpecArb, type RunArbOptions } from '../properties/arbitraries/run.js';
import { stepCount } from '../properties/execute.js';
import { conformanceSuite } from '../properties/suites/conformance.js';
import { temporalSuite } from '../properties/suites/temporal.js';
import type { Suite } from '../properties/suite.js';
import { BAIL_EXAMPLES } from '../examples/bail/index.js';
import { validateConfig } from '../spec/config/validate/validate.js';
import type { SystemConfig } from '../spec/config/types.js';
import { archFromFileName } from '../spec/constants/arch.js';
import type { RunSpec } from '../spec/lockstep.js';
import { BENCH_USAGE, parseBenchArgs, type BenchArgs, type ItemKey } from './args.js';
import {
  CHECKPOINT_US,
  bailRun,
  idleRun,
  implAlone,
  lockstep,
  modelAlone,
  suiteRun,
  timed,
  type Work,
} from './items.js';
import { emptyTally, formatBlock, type Tally } from './table.js';

const BAIL_ARCHES = ['x86', 'riscv64'] as const;
/** Virtual time of the idle run: `prtos-ref run`'s default for a configuration without an example. */
const IDLE_UNTIL_US = 2_000_000;
const DEFAULT_SYSTEM_FILE = new URL('../examples/default/prtos_cf.x86.xml', import.meta.url);

interface RunSet {
  readonly name: string;
  readonly description: string;
  readonly config: { readonly config: SystemConfig; readonly xml: string } | undefined;
  readonly draw: () => readonly RunSpec[];
}

/** The items timed on every run of a set, with the row each one fills. */
const PER_RUN: readonly { key: ItemKey; label: string; run: (spec: RunSpec) => Work & { ok?: boolean } }[] = [
  { key: 'model', label: 'model alone', run: modelAlone },
  { key: 'impl', label: 'impl alone, witness off', run: (s) => implAlone(s, false) },
  { key: 'impl-witness', label: 'impl alone, witness on', run: (s) => implAlone(s, true) },
  { key: 'lockstep', label: 'lockstep, states compared', run: (s) => lockstep(s, true) },
  { key: 'lockstep-events', label: 'lockstep, events only', run: (s) => lockstep(s, false) },
];
const BASELINE = 'impl alone, witness off';

/** The suites timed on each set, and the per-run item whose work they repeat. */
const SUITES: readonly { key: ItemKey; suite: Suite; label: string; sameWorkAs: ItemKey }[] = [
  { key: 'suite-conformance', suite: conformanceSuite, label: 'suite conformance', sameWorkAs: 'lockstep' },
  // executeRun keeps the witness and drives without checkpoints; the work is that of the witness row.
  { key: 'suite-temporal', suite: temporalSuite, label: 'suite temporal', sameWorkAs: 'impl-witness' },
];

function loadDefaultSystem(): { config: SystemConfig; xml: string } {
  const file = fileURLToPath(DEFAULT_SYSTEM_FILE);
  const xml = readFileSync(file, 'utf8');
  const r = validateConfig(xml, archFromFileName(file) ?? 'x86');
  if (!r.ok || r.config === undefined) {
    throw new Error(`examples/default: not a valid configuration (${r.issues[0]?.message ?? '?'})`);
  }
  return { config: r.config, xml };
}

function toolVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const v = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
  return typeof v === 'string' ? v : 'unknown';
}

function machineFacts(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const gib = (os.totalmem() / 2 ** 30).toFixed(1);
  return `node ${process.version} (V8 ${process.versions.v8}), ${process.platform} ${process.arch}, ${cpus.length} CPUs (${model}), ${gib} GiB`;
}

function add(t: Tally, wallMs: number, w: Work | undefined): void {
  t.runs++;
  t.wallMs += wallMs;
  t.guestSteps = w === undefined || t.guestSteps === undefined ? undefined : t.guestSteps + w.guestSteps;
  t.virtualUs = w === undefined || t.virtualUs === undefined ? undefined : t.virtualUs + w.virtualUs;
}

function sum(works: readonly Work[]): Work {
  return {
    guestSteps: works.reduce((n, w) => n + w.guestSteps, 0),
    virtualUs: works.reduce((n, w) => n + w.virtualUs, 0),
  };
}

function divergedNote(n: number, of: number): string {
  return n === 0
    ? `lockstep: none of the ${of} runs diverged.`
    : `lockstep: ${n} of ${of} runs DIVERGED (a conformance failure: \`prtos-ref check --suite conformance\` with this seed shows it); a divergent run stops there, and the failing suite shrinks, so those rows measure less work or extra work.`;
}

function bench(args: BenchArgs): string {
  const out: string[] = [];
  const on = (k: ItemKey) => args.only.has(k);
  const shape: RunArbOptions = conformanceSuite.runs;
  const version = toolVersion();
  const defaultSystem = loadDefaultSystem();
  const sample = (arb: fc.Arbitrary<{ spec: RunSpec }>) =>
    fc.sample(arb, { seed: args.seed, numRuns: args.runs }).map((x) => x.spec);
  const sets: readonly RunSet[] = [
    {
      name: 'generated',
      description: `generated configurations (runSpecArb)`,
      config: undefined,
      draw: () => sample(runSpecArb(shape)),
    },
    {
      name: 'default',
      description: `the default system, examples/default (runOnConfigArb)`,
      config: defaultSystem,
      draw: () => sample(runOnConfigArb(defaultSystem.config, defaultSystem.xml, shape)),
    },
  ];

  out.push(
    `prtos-ref bench (prtos-ref ${version}): seed ${args.seed}, ${args.runs} runs a set, ${args.rounds} round${args.rounds === 1 ? '' : 's'}`,
    machineFacts(),
    `run shape: the conformance suite's ${JSON.stringify(shape)}; lockstep checkpoints every ${CHECKPOINT_US} µs`,
    '',
  );

  const drawn = sets.map((set) => {
    const first = timed(set.draw);
    return { set, specs: first.value, firstDrawMs: first.wallMs };
  });

  // Per set: a tally for every row, and the work of each per-run item in round 1 (for the checks).
  const tallies = new Map<string, Map<ItemKey, Tally>>();
  const firstWork = new Map<string, Map<ItemKey, Work[]>>();
  const diverged = new Map<string, number>();
  const suiteChecks = new Map<string, string[]>();
  for (const { set } of drawn) {
    tallies.set(set.name, new Map());
    firstWork.set(set.name, new Map());
    diverged.set(set.name, 0);
    suiteChecks.set(set.name, []);
  }
  const tallyOf = (set: string, key: ItemKey): Tally => {
    const m = tallies.get(set) as Map<ItemKey, Tally>;
    let t = m.get(key);
    if (t === undefined) m.set(key, (t = emptyTally()));
    return t;
  };
  const bailTallies = new Map<string, Tally>();
  const bailTally = (label: string): Tally => {
    let t = bailTallies.get(label);
    if (t === undefined) bailTallies.set(label, (t = emptyTally()));
    return t;
  };

  // Warm-up, untimed: the first runs of each set through every item, one BAIL example, a short idle run.
  const perRun = PER_RUN.filter((i) => on(i.key));
  for (const { specs } of drawn) for (const spec of specs.slice(0, 2)) for (const i of perRun) i.run(spec);
  if (on('bail') && BAIL_EXAMPLES[0] !== undefined) bailRun(BAIL_EXAMPLES[0], 'x86');
  if (on('idle')) idleRun(defaultSystem.config, 100_000);

  const perRunBlock = (round: number) => {
    for (const { set, specs } of drawn) {
      if (on('generate')) {
        const again = timed(set.draw);
        const t = tallyOf(set.name, 'generate');
        t.runs += again.value.length;
        t.wallMs += again.wallMs;
        t.guestSteps = undefined;
        t.virtualUs = undefined;
      }
      specs.forEach((spec, n) => {
        for (let k = 0; k < perRun.length; k++) {
          const item = perRun[(n + round + k) % perRun.length];
          if (item === undefined) continue;
          const { value, wallMs } = timed(() => item.run(spec));
          add(tallyOf(set.name, item.key), wallMs, value);
          if (round === 0) {
            const works = firstWork.get(set.name) as Map<ItemKey, Work[]>;
            works.set(item.key, [...(works.get(item.key) ?? []), value]);
            if (item.key === 'lockstep' && value.ok === false)
              diverged.set(set.name, (diverged.get(set.name) ?? 0) + 1);
          }
        }
      });
    }
  };

  const suiteBlock = (round: number) => {
    for (const { set, specs } of drawn) {
      const order = SUITES.filter((s) => on(s.key));
      for (let k = 0; k < order.length; k++) {
        const s = order[(round + k) % order.length];
        if (s === undefined) continue;
        const { value: result, wallMs } = timed(() =>
          suiteRun(s.suite, {
            runs: args.runs,
            seed: args.seed,
            shape,
            config: set.config,
            toolVersion: version,
          }),
        );
        const t = tallyOf(set.name, s.key);
        t.runs += result.runs;
        t.wallMs += wallMs;
        // A failing suite stops drawing and shrinks: its work is no longer the set's.
        const same = result.verdict === 'fail' ? undefined : firstWork.get(set.name)?.get(s.sameWorkAs);
        const work = same === undefined ? undefined : sum(same);
        t.guestSteps =
          work === undefined || t.guestSteps === undefined ? undefined : t.guestSteps + work.guestSteps;
        t.virtualUs =
          work === undefined || t.virtualUs === undefined ? undefined : t.virtualUs + work.virtualUs;
        if (round === 0) {
          const expected = specs.reduce((n, spec) => n + stepCount(spec), 0);
          const drewTheSet = result.runs === specs.length && result.steps === expected;
          (suiteChecks.get(set.name) as string[]).push(
            result.verdict === 'fail'
              ? `${s.label}: FAILED after ${result.runs} runs; its time includes shrinking, so its row is not comparable`
              : drewTheSet
                ? `${s.label}: verdict ${result.verdict}; drew the set's runs (${result.runs} runs, ${result.steps} program ops + stimuli, as in the set)`
                : `${s.label}: verdict ${result.verdict}; WARNING: drew other runs than the set (${result.runs} runs, ${result.steps} ops + stimuli; the set has ${specs.length}, ${expected}): its row is not comparable`,
          );
        }
      }
    }
  };

  const systemBlock = () => {
    if (on('bail')) {
      for (const example of BAIL_EXAMPLES) {
        for (const arch of BAIL_ARCHES) {
          const { value, wallMs } = timed(() => bailRun(example, arch));
          add(bailTally(`bail ${example.name}`), wallMs, value);
        }
      }
    }
    if (on('idle')) {
      const { value, wallMs } = timed(() => idleRun(defaultSystem.config, IDLE_UNTIL_US));
      add(bailTally(`default system, idle ${IDLE_UNTIL_US / 1_000_000} s`), wallMs, value);
    }
  };

  const blocks = [perRunBlock, suiteBlock, systemBlock];
  for (let round = 0; round < args.rounds; round++) {
    process.stderr.write(`round ${round + 1}/${args.rounds}\n`);
    for (let k = 0; k < blocks.length; k++) blocks[(round + k) % blocks.length]?.(round);
  }

  for (const { set, specs, firstDrawMs } of drawn) {
    const m = tallies.get(set.name) as Map<ItemKey, Tally>;
    const rows = [
      ...(on('generate')
        ? [{ label: 'generate the runs (fc.sample)', tally: tallyOf(set.name, 'generate') }]
        : []),
      ...PER_RUN.filter((i) => m.has(i.key)).map((i) => ({
        label: i.label,
        tally: tallyOf(set.name, i.key),
      })),
      ...SUITES.filter((s) => m.has(s.key)).map((s) => ({ label: s.label, tally: tallyOf(set.name, s.key) })),
    ];
    const works = firstWork.get(set.name) as Map<ItemKey, Work[]>;
    const opsOf = (k: ItemKey) => {
      const w = works.get(k);
      return w === undefined ? undefined : sum(w).guestSteps;
    };
    const ops = PER_RUN.map((i) => opsOf(i.key)).filter((n): n is number => n !== undefined);
    const notes = [
      `${specs.length} runs of ${set.description}, drawn in ${firstDrawMs.toFixed(1)} ms the first time.`,
      'guest steps: guest ops started (`op` and `hypercall` events); suite rows repeat the work of the',
      'lockstep row (conformance) and of the witness row (temporal) on the same runs.',
      divergedNote(diverged.get(set.name) ?? 0, specs.length),
      ops.length > 1 && ops.every((n) => n === ops[0])
        ? 'model, implementation and lockstep started the same number of guest ops.'
        : ops.length > 1
          ? `the items started different numbers of guest ops (${ops.join(', ')})${(diverged.get(set.name) ?? 0) > 0 ? ': lockstep stops at a divergence' : ' — WARNING: model and implementation disagree'}.`
          : '',
      ...(suiteChecks.get(set.name) ?? []),
    ].filter((n) => n.length > 0);
    out.push(formatBlock({ title: `== set "${set.name}" ==`, rows, baseline: BASELINE, notes }));
  }
  if (bailTallies.size > 0) {
    out.push(
      formatBlock({
        title: '== system runs: virtual time against wall time ==',
        rows: [...bailTallies].map(([label, tally]) => ({ label, tally })),
        baseline: undefined,
        notes: [
          `bail rows: each example on ${BAIL_ARCHES.join(' and ')} with --fidelity real, to its end or its halt, ${args.rounds} round(s);`,
          'guest steps here are hypercalls (partition images emit no `op` events).',
        ],
      }),
    );
  }
  return out.join('\n');
}

function main(): number {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${BENCH_USAGE}\n`);
    return 2;
  }
  const whole = timed(() => bench(args));
  process.stdout.write(`${whole.value}\nbench took ${(whole.wallMs / 1000).toFixed(1)} s\n`);
  return 0;
}

process.exitCode = main();
