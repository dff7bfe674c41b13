/**
 * The command line of `npx tsx bench/run.ts` (bench/README.md, "Running it").
 *
 * Every input of a bench run is fixed by these options: the seed picks the generated runs, so two
 * runs with the same options measure the same work and only their wall times differ. The default
 * seed is a constant, never a random one — a bench that measures different work each time cannot
 * be compared with itself.
 */
import { parseArgs } from 'node:util';

/** What a bench run can measure; `--only` picks some of them. */
export const ITEM_KEYS = [
  'generate',
  'model',
  'impl',
  'impl-witness',
  'lockstep',
  'lockstep-events',
  'suite-conformance',
  'suite-temporal',
  'bail',
  'idle',
] as const;
export type ItemKey = (typeof ITEM_KEYS)[number];

export interface BenchArgs {
  /** Generated runs in each set (generated configurations, the default system). */
  readonly runs: number;
  readonly seed: number;
  /** Times every item is repeated; the order of the items rotates from one round to the next. */
  readonly rounds: number;
  readonly only: ReadonlySet<ItemKey>;
}

export const BENCH_DEFAULTS = { runs: 20, seed: 1, rounds: 2 } as const;

export const BENCH_USAGE = `usage: npx tsx bench/run.ts [--runs N] [--seed S] [--rounds R] [--only KEY,...]
  --runs N     generated runs in each set (default ${BENCH_DEFAULTS.runs})
  --seed S     fast-check seed of the generated runs (default ${BENCH_DEFAULTS.seed})
  --rounds R   repeat every item R times, in rotating order (default ${BENCH_DEFAULTS.rounds})
  --only KEYS  measure only these items: ${ITEM_KEYS.join(', ')}`;

function integer(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new Error(`--${name} takes a whole number, not "${text}"`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${name} must be at least ${min}`);
  return n;
}

function isItemKey(s: string): s is ItemKey {
  return (ITEM_KEYS as readonly string[]).includes(s);
}

/** Parses the arguments after the script name; throws with a one-line message when they are wrong. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: 'string' },
      seed: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  let only: Set<ItemKey> = new Set(ITEM_KEYS);
  if (values.only !== undefined) {
    const keys = values.only
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k.length > 0);
    const unknown = keys.filter((k) => !isItemKey(k));
    if (unknown.length > 0 || keys.length === 0) {
      throw new Error(
        `--only: unknown item ${unknown.join(', ') || '(none given)'} (known: ${ITEM_KEYS.join(', ')})`,
      );
    }
    only = new Set(keys.filter(isItemKey));
  }
  return {
    runs: integer('runs', values.runs, BENCH_DEFAULTS.runs, 1),
    seed: integer('seed', values.seed, BENCH_DEFAULTS.seed, 0),
    rounds: integer('rounds', values.rounds, BENCH_DEFAULTS.rounds, 1),
    only,
  };
}
