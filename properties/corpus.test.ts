/**
 * The regression corpus (conformance/corpus/, see its README): every file there is the
 * counterexample of a real failure that was fixed. Each must still read as a counterexample
 * (conformance/counterexample.ts) and, replayed exactly from the file (properties/replay.ts;
 * DESIGN.md "Determinism and replay"), must now hold — the bug stays fixed.
 *
 * This file sits in properties/ because replaying needs the suites, and conformance/ may not
 * import properties/ (.dependency-cruiser.cjs, `conformance-below-the-tools`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCounterexample } from '../conformance/counterexample.js';
import { replayCounterexample } from './replay.js';

const CORPUS = new URL('../conformance/corpus/', import.meta.url);
const FILES = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('the regression corpus', () => {
  it('is not empty', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  it.each(FILES)('%s parses and now holds when replayed', (file) => {
    const read = parseCounterexample(readFileSync(new URL(file, CORPUS), 'utf8'));
    if (!read.ok) expect.fail(`${file}: ${read.message}`);
    const ce = read.value;
    const replay = replayCounterexample(ce);
    if (!replay.ok) expect.fail(`${file}: cannot be replayed: ${replay.error}`);
    // The replay ran the run the file describes: the kernel did something.
    expect(replay.outcome.events.length).toBeGreaterThan(0);
    const f = replay.failure;
    const again =
      f === undefined
        ? ''
        : `${f.property} fails again: ${f.violation?.summary ?? ''}${
            f.divergence?.divergence === undefined
              ? ''
              : ` ${f.divergence.divergence.kind} divergence at ${f.divergence.divergence.t} µs`
          } (it once failed with: ${ce.summary})`;
    expect(f, `${file}: ${again}`).toBeUndefined();
  });
});
