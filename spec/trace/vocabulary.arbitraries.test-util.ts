/**
 * fast-check arbitraries for the trace vocabulary, shared by the tests of spec/trace only.
 *
 * They are kept out of the runtime modules (spec/ must not need fast-check to run) and out of
 * `*.test.ts` (so importing them does not run a suite twice). The table `EVENT_BODIES` is typed
 * by event name, so adding an event to the vocabulary without an arbitrary fails to compile.
 *
 * Ranges are the full ranges the codecs accept, edges included (fast-check biases towards
 * them), so the round-trip properties also cover 0, the maxima and the safe-integer limits.
 */
import fc from 'fast-check';
import { ARCHES } from '../constants/arch.js';
import {
  ACCESS_SIZES,
  FAULT_KINDS,
  FIDELITIES,
  PORT_OPS,
  RESET_MODES,
  RUN_STATES,
  SYSTEM_WHATS,
  VIRQ_KINDS,
  type EventName,
  type EventOf,
  type GuestOp,
  type Runner,
  type TraceEvent,
  type TraceHeader,
  type Unsequenced,
} from './vocabulary.js';

/** Plain objects, like the ones JSON.parse and the decoders make (fast-check's default has no prototype). */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<T> {
  return fc.record(model, { noNullPrototype: true });
}

export const safeInt = fc.maxSafeInteger();
export const nat = fc.maxSafeNat();
export const cpu = fc.integer({ min: 0, max: 3 });
export const part = fc.integer({ min: 0, max: 254 });
export const vcpu = fc.integer({ min: 0, max: 3 });
const bit = fc.integer({ min: 0, max: 31 });
const anyText = fc.string({ unit: 'binary', maxLength: 40 });
const nonEmptyText = fc.string({ unit: 'binary', minLength: 1, maxLength: 20 });
const lineText = anyText.filter((s) => !s.includes('\n'));

export const guestOp: fc.Arbitrary<GuestOp> = fc.oneof(
  rec({ k: fc.constant('compute' as const), n: nat }),
  rec({ k: fc.constant('load' as const), addr: nat, size: fc.constantFrom(...ACCESS_SIZES) }),
  rec({
    k: fc.constant('store' as const),
    addr: nat,
    size: fc.constantFrom(...ACCESS_SIZES),
    value: safeInt,
  }),
  rec({ k: fc.constant('halt' as const) }),
);

export const runner: fc.Arbitrary<Runner> = fc.oneof(fc.constant('idle' as const), rec({ part, vcpu }));

/** An event's own fields (everything but `seq` and `t`). */
type Body<N extends EventName> = Omit<EventOf<N>, 'seq' | 't'>;

const ev = <N extends EventName>(name: N) => fc.constant(name);

export const EVENT_BODIES: { readonly [N in EventName]: fc.Arbitrary<Body<N>> } = {
  hwIrq: rec({ ev: ev('hwIrq'), line: bit }),
  fault: rec({ ev: ev('fault'), cpu, kind: fc.constantFrom(...FAULT_KINDS), addr: nat }),
  op: rec({ ev: ev('op'), cpu, part, vcpu, op: guestOp }),
  hypercall: rec({
    ev: ev('hypercall'),
    cpu,
    part,
    vcpu,
    nr: safeInt,
    args: fc.array(safeInt, { maxLength: 6 }),
  }),
  ret: fc.record(
    { ev: ev('ret'), cpu, part, vcpu, nr: safeInt, code: safeInt, out: fc.array(safeInt, { maxLength: 4 }) },
    { requiredKeys: ['ev', 'cpu', 'part', 'vcpu', 'nr', 'code'], noNullPrototype: true },
  ),
  tick: rec({ ev: ev('tick'), cpu }),
  vcpuState: rec({
    ev: ev('vcpuState'),
    part,
    vcpu,
    from: fc.constantFrom(...RUN_STATES),
    to: fc.constantFrom(...RUN_STATES),
  }),
  partState: rec({
    ev: ev('partState'),
    part,
    from: fc.constantFrom(...RUN_STATES),
    to: fc.constantFrom(...RUN_STATES),
  }),
  switch: rec({ ev: ev('switch'), cpu, from: runner, to: runner }),
  slot: rec({ ev: ev('slot'), cpu, plan: nat, slot: nat }),
  planSwitch: rec({ ev: ev('planSwitch'), cpu, from: fc.option(nat, { nil: null }), to: nat }),
  hm: rec({
    ev: ev('hm'),
    cpu,
    event: fc.integer({ min: 0, max: 25 }),
    part: fc.option(part, { nil: null }),
    vcpu: fc.option(vcpu, { nil: null }),
    action: fc.integer({ min: 0, max: 10 }),
    logged: fc.boolean(),
    sys: fc.boolean(),
  }),
  virqPend: rec({ ev: ev('virqPend'), part, vcpu, irq: bit, kind: fc.constantFrom(...VIRQ_KINDS) }),
  virqDeliver: rec({
    ev: ev('virqDeliver'),
    part,
    vcpu,
    irq: bit,
    kind: fc.constantFrom(...VIRQ_KINDS),
    vector: nat,
  }),
  port: rec({ ev: ev('port'), op: fc.constantFrom(...PORT_OPS), part, port: nat, bytes: nat }),
  console: rec({ ev: ev('console'), part: fc.option(part, { nil: null }), text: lineText }),
  system: fc.record(
    {
      ev: ev('system'),
      what: fc.constantFrom(...SYSTEM_WHATS),
      mode: fc.constantFrom(...RESET_MODES),
      reason: anyText,
    },
    { requiredKeys: ['ev', 'what'], noNullPrototype: true },
  ),
};

/** A whole event of kind `name`, with any `seq` and `t`. */
export function eventOf<N extends EventName>(name: N): fc.Arbitrary<EventOf<N>> {
  const body: fc.Arbitrary<Body<N>> = EVENT_BODIES[name];
  return fc.tuple(nat, nat, body).map(([seq, t, b]) => ({ seq, t, ...b }) as EventOf<N>);
}

/** Any event, every kind equally likely. */
export const anyEvent: fc.Arbitrary<TraceEvent> = fc.oneof(
  ...(Object.keys(EVENT_BODIES) as EventName[]).map((n) => eventOf(n) as fc.Arbitrary<TraceEvent>),
);

export const header: fc.Arbitrary<TraceHeader> = fc.record(
  {
    trace: fc.constant('prtos-ref' as const),
    format: fc.constant(1 as const),
    tool: nonEmptyText,
    configHash: fc.stringMatching(/^[0-9a-f]{64}$/),
    config: nonEmptyText,
    arch: fc.constantFrom(...ARCHES),
    fidelity: fc.constantFrom(...FIDELITIES),
    quirks: fc.uniqueArray(nonEmptyText, { maxLength: 4 }),
    seed: safeInt,
  },
  {
    requiredKeys: ['trace', 'format', 'tool', 'configHash', 'arch', 'fidelity', 'quirks'],
    noNullPrototype: true,
  },
);

/**
 * A well-formed trace: seq 0, 1, 2, ... and `t` a running sum of non-negative steps, starting
 * anywhere (a trace need not start at time 0).
 */
export const trace: fc.Arbitrary<{ header: TraceHeader; events: TraceEvent[] }> = fc
  .tuple(
    header,
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 5_000 }), anyEvent), { maxLength: 30 }),
  )
  .map(([h, start, steps]) => {
    let t = start;
    const events = steps.map(([dt, e], seq) => {
      t += dt;
      return { ...e, seq, t };
    });
    return { header: h, events };
  });

/** The same event without its `seq`, as recorders hand it to the writer. */
export function unsequenced(e: TraceEvent): Unsequenced<TraceEvent> {
  const { seq: _seq, ...rest } = e;
  return rest as Unsequenced<TraceEvent>;
}
