/**
 * The abstraction function is checked field by field (DESIGN.md, "The lockstep protocol": "the
 * abstraction function over every ModelState field — a test perturbs each field and sees the
 * divergence"; spec/lockstep.ts L6).
 *
 * One fixed run on the default system (examples/default) is built so that every field has an
 * element to perturb: two CPUs, a partition with two vCPUs, HW and EXEC timers armed by P0, and an
 * injected load fault in P1's slot that puts a record in the HM log (P1 is warm-reset; prtos-states
 * §4.4). The run is first checked to agree unperturbed. Then, for every entry of
 * `MODEL_STATE_FIELDS`, the implementation side is wrapped so that at one step after the fault its
 * `state()` answers with that one field changed (on the last element of each array on the path),
 * and `runLockstep` must stop at exactly that step with a state divergence naming exactly that
 * field, with the model's value and the changed one. The changes are derived from the io-ts codec
 * (spec/modelState.ts), so a field added to the codec is perturbed without editing this file, and
 * every changed state is checked to be a well-typed `ModelState` (the divergence is a difference of
 * value, not of shape).
 *
 * A second test walks the codec: every leaf of `ModelState` must be named by `MODEL_STATE_FIELDS`
 * or by the short list below of leaves that are not kernel state (identities, configuration
 * constants, slice 2), so a new field cannot be forgotten. Those leaves are perturbed too: the
 * comparison sees them all the same.
 */
import { readFileSync } from 'node:fs';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { createModel } from '../model/index.js';
import { validateConfig } from '../spec/config/validate/validate.js';
import type { SystemConfig } from '../spec/config/types.js';
import { CLOCK } from '../spec/constants/hypercallArgs.js';
import { hypercallByName } from '../spec/constants/hypercalls.js';
import type { LockstepSide, RunSpec, SideEvent, StimulusInput } from '../spec/lockstep.js';
import { MODEL_STATE_FIELDS, ModelState } from '../spec/modelState.js';
import { TIMING, bootTime } from '../spec/timing.js';
import { ImplSide } from './implSide.js';
import { runLockstep, type LockstepResult } from './runner.js';

/**
 * Leaves of `ModelState` that `MODEL_STATE_FIELDS` does not list, and why: they are not state the
 * kernel changes, so a perturbation of the kernel could not move them. `elements: false` marks
 * arrays that are always empty in slice 1 (only the array itself can be changed).
 */
const NOT_KERNEL_STATE: readonly { path: string; why: string; elements: boolean }[] = [
  { path: 't', why: 'the instant: the runner advances both sides to it (L1)', elements: true },
  { path: 'partitions[].id', why: 'identity of the element', elements: true },
  { path: 'vcpus[].part', why: 'identity of the element', elements: true },
  { path: 'vcpus[].vcpu', why: 'identity of the element', elements: true },
  {
    path: 'vcpus[].cpu',
    why: 'configuration: the CPU the vCPU is pinned to (prtos-states §3.7)',
    elements: true,
  },
  { path: 'cpus[].id', why: 'identity of the element', elements: true },
  { path: 'hmLog.capacity', why: 'configuration: the size of the HM log device', elements: true },
  { path: 'ports', why: 'slice 2: empty in slice 1', elements: false },
  { path: 'channels', why: 'slice 2: empty in slice 1', elements: false },
];

// ---------------------------------------------------------------------------------------------
// The codec, walked: leaves, the codec at a path, well-typed values and changes of a value.

/**
 * Paths use the notation of `MODEL_STATE_FIELDS`: object keys joined by `.`, `[]` after an array.
 * A leaf is anything but an object or an array of objects (a union such as a timer or a runner
 * is one leaf: it is compared as one value).
 */
function codecLeaves(codec: t.Mixed, path = ''): string[] {
  if (codec instanceof t.InterfaceType) {
    const props = codec.props as Record<string, t.Mixed>;
    return Object.entries(props).flatMap(([k, c]) => codecLeaves(c, path === '' ? k : `${path}.${k}`));
  }
  if (codec instanceof t.ArrayType && codec.type instanceof t.InterfaceType) {
    return codecLeaves(codec.type as t.Mixed, `${path}[]`);
  }
  return [path];
}

interface Segment {
  readonly key: string;
  readonly array: boolean;
}

function segments(path: string): Segment[] {
  return path
    .split('.')
    .map((s) => (s.endsWith('[]') ? { key: s.slice(0, -2), array: true } : { key: s, array: false }));
}

function codecAt(path: string): t.Mixed | undefined {
  let codec: t.Mixed = ModelState;
  for (const { key, array } of segments(path)) {
    if (!(codec instanceof t.InterfaceType)) return undefined;
    const next = (codec.props as Record<string, t.Mixed | undefined>)[key];
    if (next === undefined) return undefined;
    codec = next;
    if (array) {
      if (!(codec instanceof t.ArrayType)) return undefined;
      codec = codec.type as t.Mixed;
    }
  }
  return codec;
}

/** Whether `field` names `leaf` or a part of the state that contains it. */
function covers(field: string, leaf: string): boolean {
  return leaf === field || leaf.startsWith(`${field}.`) || leaf.startsWith(`${field}[]`);
}

/** A well-typed value of a codec (the smallest one), for switching a union to another member. */
function sample(codec: t.Mixed): unknown {
  if (codec instanceof t.InterfaceType) {
    const props = codec.props as Record<string, t.Mixed>;
    return Object.fromEntries(Object.entries(props).map(([k, c]) => [k, sample(c)]));
  }
  if (codec instanceof t.ArrayType) return [];
  if (codec instanceof t.UnionType) return sample((codec.types as t.Mixed[])[0] as t.Mixed);
  if (codec instanceof t.KeyofType) return Object.keys(codec.keys as object)[0];
  if (codec instanceof t.LiteralType) return codec.value;
  if (codec instanceof t.NullType) return null;
  if (codec instanceof t.BooleanType) return false;
  if (codec instanceof t.StringType) return '';
  const n = [0, 1].find((x) => codec.is(x));
  if (n === undefined) throw new Error(`no sample for codec ${codec.name}`);
  return n;
}

/**
 * One change of a value: the new value, and what the runner should report — the path below the
 * changed leaf (`''`, `.value` inside a timer, `.length` of an array) and the two values there.
 */
interface Change {
  readonly what: string;
  readonly value: unknown;
  readonly sub: string;
  readonly model: unknown;
  readonly impl: unknown;
}

function changesOf(codec: t.Mixed, v: unknown): Change[] {
  const same = (value: unknown, what: string): Change => ({ what, value, sub: '', model: v, impl: value });
  if (codec instanceof t.BooleanType) return [same(!(v as boolean), 'flipped')];
  if (codec instanceof t.KeyofType) {
    const other = Object.keys(codec.keys as object).find((k) => k !== v);
    return other === undefined ? [] : [same(other, `set to ${other}`)];
  }
  if (codec instanceof t.StringType) return [same(`${String(v)}?`, 'appended to')];
  if (codec instanceof t.ArrayType) {
    const list = v as readonly unknown[];
    const length = (value: unknown[], what: string): Change => ({
      what,
      value,
      sub: '.length',
      model: list.length,
      impl: value.length,
    });
    return [
      ...(list.length > 0 ? [length(list.slice(0, -1), 'last element dropped')] : []),
      length([...list, sample(codec.type as t.Mixed)], 'element appended'),
    ];
  }
  if (codec instanceof t.UnionType) {
    const members = codec.types as t.Mixed[];
    const mine = members.find((m) => m.is(v));
    const out = members.filter((m) => m !== mine).map((m) => same(sample(m), `switched to ${m.name}`));
    if (mine instanceof t.InterfaceType && v !== null && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const [k, c] of Object.entries(mine.props as Record<string, t.Mixed>)) {
        for (const ch of changesOf(c, o[k])) {
          out.push({ ...ch, what: `${k} ${ch.what}`, value: { ...o, [k]: ch.value }, sub: `.${k}${ch.sub}` });
        }
      }
    }
    return out;
  }
  if (typeof v === 'number') {
    const n = codec.is(v + 1) ? v + 1 : v - 1;
    return codec.is(n) ? [same(n, n > v ? 'plus 1' : 'minus 1')] : [];
  }
  return [];
}

/**
 * How the runner names an element of these arrays (conformance/compare.ts: by PRTOS identity). Other
 * arrays' elements are not pinned here (compare.ts names HM records by their raiser, see the report).
 */
function elementLabel(arrayKey: string, e: unknown): string | undefined {
  const o = (e ?? {}) as Record<string, unknown>;
  if (arrayKey === 'vcpus') return `P${String(o['part'])}.v${String(o['vcpu'])}`;
  if (arrayKey === 'cpus') return `CPU${String(o['id'])}`;
  if (arrayKey === 'partitions') return `P${String(o['id'])}`;
  return undefined;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A perturbation of one target (a leaf, or an array field itself): given the state at a step,
 * the changed state and the difference the runner must report, or undefined while the target
 * has no element (an empty array on its path).
 */
interface Perturbed {
  readonly state: ModelState;
  readonly expected: { path: RegExp; model: unknown; impl: unknown };
}

function perturbAt(target: string, pick: (changes: Change[]) => Change | undefined) {
  const codec = codecAt(target);
  if (codec === undefined) throw new Error(`${target} is not a path of ModelState`);
  return (s: ModelState): Perturbed | undefined => {
    const state = structuredClone(s);
    let holder: Record<string, unknown> = state as unknown as Record<string, unknown>;
    let pattern = ''; // regex source of the path the runner must report
    const segs = segments(target);
    for (const [n, { key, array }] of segs.entries()) {
      pattern = pattern === '' ? escape(key) : `${pattern}\\.${escape(key)}`;
      if (n === segs.length - 1 && !array) {
        const ch = pick(changesOf(codec, holder[key]));
        if (ch === undefined) return undefined;
        holder[key] = ch.value;
        return {
          state,
          expected: { path: new RegExp(`^${pattern}${escape(ch.sub)}$`), model: ch.model, impl: ch.impl },
        };
      }
      if (!array) {
        holder = holder[key] as Record<string, unknown>;
        continue;
      }
      const list = holder[key] as unknown[];
      if (list.length === 0) return undefined;
      const last = list[list.length - 1];
      const label = elementLabel(key, last);
      pattern = `${pattern}\\[${label === undefined ? '[^\\]]*' : escape(label)}\\]`;
      holder = last as Record<string, unknown>;
    }
    return undefined;
  };
}

// ---------------------------------------------------------------------------------------------
// The run.

function defaultSystem(): SystemConfig {
  const xml = readFileSync(new URL('../examples/default/prtos_cf.x86.xml', import.meta.url), 'utf8');
  const r = validateConfig(xml, 'x86');
  if (!r.ok || r.config === undefined) throw new Error('the default system does not validate');
  return r.config;
}

const config = defaultSystem();
const T0 = bootTime(TIMING[config.arch], config.hw.processors.length);
const setTimer = hypercallByName('set_timer')?.nr;
if (setTimer === undefined) throw new Error('no set_timer in the hypercall table');
/** In P1's slot of plan 0 on CPU0 (2 ms to 6 ms after T0): PAGE_FAULT, logged, warm reset. */
const FAULT_AT = T0 + 3000;

/** Every field gets a value worth changing: timers armed on both clocks, a logged HM record. */
const SPEC: RunSpec = {
  config,
  programs: [
    {
      part: 0,
      vcpu: 0,
      ops: [
        // x86 set_timer: clock, abs_lo, abs_hi, int_lo, int_hi (L7).
        { k: 'hypercall', nr: setTimer, args: [CLOCK.HW, T0 + 40_000, 0, 5000, 0] },
        { k: 'hypercall', nr: setTimer, args: [CLOCK.EXEC, 30_000, 0, 0, 0] },
      ],
    },
  ],
  stimuli: [{ t: FAULT_AT, stimulus: { ev: 'fault', cpu: 0, kind: 'load', addr: 0x1234 } }],
  tieBreaks: [],
  fidelity: 'intended',
  quirks: [],
  until: T0 + 10_000,
};

/** The implementation side, whose `state()` is changed once: at its first step after `from`. */
class PerturbedImpl implements LockstepSide {
  readonly #inner: ImplSide;
  readonly #perturb: (s: ModelState) => Perturbed | undefined;
  readonly #from: number;
  #calls = 0;
  /** The step (= the `state()` call) and instant at which the state was changed, and the expected report. */
  applied: { step: number; t: number; perturbed: Perturbed } | undefined;

  constructor(spec: RunSpec, from: number, perturb: (s: ModelState) => Perturbed | undefined) {
    this.#inner = new ImplSide(spec, { witness: false });
    this.#from = from;
    this.#perturb = perturb;
  }
  get now(): number {
    return this.#inner.now;
  }
  get stopped(): boolean {
    return this.#inner.stopped;
  }
  advance(t: number): readonly SideEvent[] {
    return this.#inner.advance(t);
  }
  stimulate(s: StimulusInput): readonly SideEvent[] {
    return this.#inner.stimulate(s);
  }
  state(): ModelState {
    const s = this.#inner.state();
    const step = this.#calls++;
    if (this.applied !== undefined || s.t <= this.#from) return s;
    const perturbed = this.#perturb(s);
    if (perturbed === undefined) return s;
    this.applied = { step, t: s.t, perturbed };
    return perturbed.state;
  }
}

function describeResult(r: LockstepResult): string {
  return r.divergence === undefined ? 'no divergence' : JSON.stringify(r.divergence).slice(0, 1500);
}

/** Runs SPEC with the target changed by the `index`-th of its changes; checks the report. */
function checkPerturbation(target: string, index: number): string {
  const impl = new PerturbedImpl(
    SPEC,
    FAULT_AT,
    perturbAt(target, (changes) => changes[index]),
  );
  const r = runLockstep(SPEC, createModel(SPEC), impl);
  const applied = impl.applied;
  expect(applied, `${target}: the run never had an element to change`).toBeDefined();
  if (applied === undefined) return '';
  const { step, t: at, perturbed } = applied;
  expect(ModelState.is(perturbed.state), `${target}: the changed state is not a well-typed ModelState`).toBe(
    true,
  );
  const { path, model, impl: changed } = perturbed.expected;
  expect(r.divergence, `${target}: ${describeResult(r)}`).toEqual({
    kind: 'state',
    step,
    t: at,
    differences: [{ path: expect.stringMatching(path), model, impl: changed }],
  });
  expect(r.ok).toBe(false);
  return r.divergence?.kind === 'state' ? (r.divergence.differences[0]?.path ?? '') : '';
}

/** The unchanged run, and its state at the first step after the fault (what the tests change). */
const baseline = (() => {
  let at: ModelState | undefined;
  const impl = new PerturbedImpl(SPEC, FAULT_AT, (s) => {
    at ??= s;
    return undefined;
  });
  const result = runLockstep(SPEC, createModel(SPEC), impl);
  if (at === undefined) throw new Error('the run has no step after its fault');
  return { result, state: at };
})();

/** Every change of a target that the run offers (found on the unchanged states, after FAULT_AT). */
function changeCount(target: string): number {
  const codec = codecAt(target);
  if (codec === undefined) return 0;
  let count = 0;
  perturbAt(target, (changes) => {
    count = changes.length;
    return undefined;
  })(baseline.state);
  return count;
}

/**
 * The targets of a field: the field itself if it is a leaf or an array (changed as a whole:
 * an element dropped or added), and the leaves under it (changed on its last element).
 */
function targetsOf(field: string, elements: boolean): string[] {
  const under = codecLeaves(ModelState).filter((l) => l !== field && covers(field, l));
  const whole = codecAt(field) instanceof t.ArrayType || under.length === 0;
  return [...(whole ? [field] : []), ...(elements ? under : [])];
}

describe('the fixed run of the perturbation tests', () => {
  it('agrees unperturbed, at every step, to the end', () => {
    expect(baseline.result.ok, describeResult(baseline.result)).toBe(true);
    expect(baseline.result.stopped).toBe(false);
    expect(baseline.result.steps.at(-1)?.t).toBe(SPEC.until);
  });
  it('has what every field needs: two CPUs, a two-vCPU partition, armed timers, an HM record', () => {
    const s = baseline.state;
    expect(s.cpus.length).toBe(2);
    expect(s.vcpus.filter((v) => v.part === 2).length).toBe(2);
    expect(s.vcpus.find((v) => v.part === 0)?.hwTimer).not.toBeNull();
    expect(s.vcpus.find((v) => v.part === 0)?.execTimer).not.toBeNull();
    expect(s.hmLog.records.length).toBeGreaterThan(0);
  });
});

describe('every MODEL_STATE_FIELDS entry, perturbed on the implementation side, is a divergence', () => {
  for (const field of MODEL_STATE_FIELDS) {
    it(field, () => {
      const targets = targetsOf(field, true);
      expect(targets.length, `${field} names nothing in the ModelState codec`).toBeGreaterThan(0);
      for (const target of targets) {
        const n = changeCount(target);
        expect(n, `${target}: no change applies on this run`).toBeGreaterThan(0);
        for (let i = 0; i < n; i++) {
          const path = checkPerturbation(target, i);
          // The report names the field (array elements by their identity, conformance/compare.ts).
          expect(path.replace(/\[[^\]]*\]/g, '[]').startsWith(field)).toBe(true);
        }
      }
    });
  }
});

describe('the leaves outside MODEL_STATE_FIELDS are compared all the same', () => {
  for (const { path: field, elements } of NOT_KERNEL_STATE) {
    it(field, () => {
      const targets = targetsOf(field, elements);
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) {
        const n = changeCount(target);
        expect(n, `${target}: no change applies on this run`).toBeGreaterThan(0);
        for (let i = 0; i < n; i++) checkPerturbation(target, i);
      }
    });
  }
});

describe('MODEL_STATE_FIELDS and the ModelState codec', () => {
  const leaves = codecLeaves(ModelState);
  const listed = [...MODEL_STATE_FIELDS, ...NOT_KERNEL_STATE.map((e) => e.path)];

  it('every leaf of the codec is named by MODEL_STATE_FIELDS or is not kernel state', () => {
    const forgotten = leaves.filter((l) => !listed.some((f) => covers(f, l)));
    expect(forgotten).toEqual([]);
  });
  it('every entry names a part of the codec, and no leaf is claimed twice', () => {
    for (const f of listed) expect(codecAt(f), f).toBeDefined();
    for (const l of leaves) {
      const claims = listed.filter((f) => covers(f, l));
      expect(claims.length, `${l} is named by ${claims.join(', ')}`).toBeLessThanOrEqual(1);
    }
  });
  it('the walk finds leaves at every depth (it would not pass on an empty list)', () => {
    expect(leaves).toContain('system.status');
    expect(leaves).toContain('vcpus[].hwTimer');
    expect(leaves).toContain('hmLog.records[].timestamp');
    expect(leaves.length).toBeGreaterThan(MODEL_STATE_FIELDS.length);
  });
});
