/**
 * The model's listing and coverage: every state and transition carries known requirement ids,
 * and a run counts what it reached.
 */
import { describe, expect, it } from 'vitest';
import { isKnownRequirement } from '../spec/requirements/index.js';
import { COORDINATOR_ROWS, CoverageRecorder } from './coverage.js';
import { modelItems } from './index.js';
import { fixture, model, op, prog } from './testkit.test-util.js';

describe('modelItems', () => {
  const items = modelItems();
  it('lists every state and transition of the four machines, each with known requirement ids', () => {
    expect(new Set(items.map((i) => i.machine))).toEqual(new Set(['vcpu', 'partition', 'scheduler', 'hm']));
    const unknown = items.flatMap((i) =>
      i.requirements.filter((r) => !isKnownRequirement(r)).map((r) => `${i.id}: ${r}`),
    );
    expect(unknown).toEqual([]);
    expect(items.filter((i) => i.requirements.length === 0).map((i) => i.id)).toEqual([]);
  });
  it('gives every item a distinct id', () => {
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });
});

describe('CoverageRecorder', () => {
  it('counts the transitions, rows and hypercall × code cells a run reaches, and nothing else', () => {
    const coverage = new CoverageRecorder();
    const m = model(
      fixture('example.001.prtos_cf.riscv64.xml', 'riscv64'),
      [prog(0, [op.hc(8), op.hc(29, 5)])],
      { coverage },
    );
    m.advance(197_841 + 1_000_010);
    const ids = new Set(items().map((i) => i.id));
    for (const k of coverage.items.keys()) expect(ids.has(k)).toBe(true);
    expect(coverage.items.get('scheduler.booting:DECIDE#0')).toBe(1);
    expect(coverage.items.get('scheduler.running.serving:YIELD#0')).toBe(1);
    expect(coverage.items.get('scheduler.running:DECIDE#0')).toBe(2);
    expect(coverage.rows.get('V5')).toBe(1);
    expect(coverage.hypercalls.get('8:0')).toBe(1);
    expect(coverage.hypercalls.get('29:-3')).toBe(1);
    for (const r of coverage.rows.keys()) expect(COORDINATOR_ROWS).toContain(r);
  });
});

function items() {
  return modelItems();
}
