/**
 * The trace vocabulary's codecs: every kind of event and the header survive encode → JSON →
 * decode unchanged; the fields and their order are those of the brief (written out here by
 * hand, not read from the codecs); and decoding rejects, with a message naming the field, every
 * kind of defect: wrong type, out of range, missing, unknown field, unknown event.
 */
import fc from 'fast-check';
import * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { explain } from './combinators.js';
import {
  EVENT_CODECS,
  EVENT_NAMES,
  GUEST_EVENT_NAMES,
  GuestEvent,
  OBSERVATION_NAMES,
  Observation,
  STIMULUS_NAMES,
  Stimulus,
  TraceEvent,
  TraceHeader,
  isGuestEvent,
  isObservation,
  isStimulus,
  type EventName,
  type SlotEvent,
  type Unsequenced,
} from './vocabulary.js';
import { EVENT_BODIES, anyEvent, eventOf, header } from './vocabulary.arbitraries.test-util.js';

/** The fields of each event after seq, t, ev, in the order the brief lists them. */
const FIELD_ORDER: { readonly [N in EventName]: readonly string[] } = {
  hwIrq: ['line'],
  fault: ['cpu', 'kind', 'addr'],
  op: ['cpu', 'part', 'vcpu', 'op'],
  hypercall: ['cpu', 'part', 'vcpu', 'nr', 'args'],
  ret: ['cpu', 'part', 'vcpu', 'nr', 'code', 'out'],
  tick: ['cpu'],
  vcpuState: ['part', 'vcpu', 'from', 'to'],
  partState: ['part', 'from', 'to'],
  switch: ['cpu', 'from', 'to'],
  slot: ['cpu', 'plan', 'slot'],
  planSwitch: ['cpu', 'from', 'to'],
  hm: ['cpu', 'event', 'part', 'vcpu', 'action', 'logged', 'sys'],
  virqPend: ['part', 'vcpu', 'irq', 'kind'],
  virqDeliver: ['part', 'vcpu', 'irq', 'kind', 'vector'],
  port: ['op', 'part', 'port', 'bytes'],
  console: ['part', 'text'],
  system: ['what', 'mode', 'reason'],
};
const OPTIONAL_FIELDS = new Set(['ret.out', 'system.mode', 'system.reason']);

function decodeErrors(codec: t.Mixed, value: unknown): string[] {
  const r = codec.decode(value);
  return r._tag === 'Left' ? explain(r.left) : [];
}

function viaJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Rebuilds an object with its keys in a random order (decoding must not depend on it). */
function shuffledKeys(o: object, order: readonly number[]): Record<string, unknown> {
  const entries = Object.entries(o);
  const keyed = entries.map((e, i) => ({ e, k: order[i % Math.max(order.length, 1)] ?? 0 }));
  keyed.sort((a, b) => a.k - b.k);
  return Object.fromEntries(keyed.map((x) => x.e));
}

describe('event names and groups', () => {
  it('has exactly the events of the brief, in three disjoint groups', () => {
    expect([...STIMULUS_NAMES]).toEqual(['hwIrq', 'fault']);
    expect([...GUEST_EVENT_NAMES]).toEqual(['op', 'hypercall']);
    expect(new Set(OBSERVATION_NAMES)).toEqual(
      new Set([
        'ret',
        'tick',
        'vcpuState',
        'partState',
        'switch',
        'slot',
        'planSwitch',
        'hm',
        'virqPend',
        'virqDeliver',
        'port',
        'console',
        'system',
      ]),
    );
    expect(EVENT_NAMES).toHaveLength(17);
    expect(new Set(EVENT_NAMES)).toEqual(new Set(Object.keys(FIELD_ORDER)));
  });

  it('classifies every event into the group whose codec accepts it, and only that one', () => {
    fc.assert(
      fc.property(anyEvent, (e) => {
        expect(isStimulus(e)).toBe(Stimulus.is(e));
        expect(isGuestEvent(e)).toBe(GuestEvent.is(e));
        expect(isObservation(e)).toBe(Observation.is(e));
        expect([isStimulus(e), isGuestEvent(e), isObservation(e)].filter(Boolean)).toHaveLength(1);
        expect(isObservation(e)).toBe((OBSERVATION_NAMES as readonly string[]).includes(e.ev));
      }),
    );
  });

  it('narrows by group at the type level, also for unsequenced events', () => {
    const e: Unsequenced<TraceEvent> = { t: 3, ev: 'tick', cpu: 1 };
    if (isObservation(e)) {
      // @ts-expect-error an observation is never an op, so the comparison cannot be true
      expect(e.ev === 'op').toBe(false);
    }
    expect(isObservation(e)).toBe(true);
  });
});

describe('round trip: decode(JSON(encode(x))) = x', () => {
  it.each(EVENT_NAMES)('event "%s"', (name) => {
    fc.assert(
      fc.property(eventOf(name), (e) => {
        const codec = EVENT_CODECS[name] as t.Mixed;
        expect(codec.is(e)).toBe(true);
        const back = codec.decode(viaJson(codec.encode(e)));
        expect(back).toStrictEqual({ _tag: 'Right', right: e });
        // The whole vocabulary's codec agrees with the event's own.
        expect(TraceEvent.decode(viaJson(TraceEvent.encode(e)))).toStrictEqual({ _tag: 'Right', right: e });
      }),
    );
  });

  it('the header', () => {
    fc.assert(
      fc.property(header, (h) => {
        expect(TraceHeader.is(h)).toBe(true);
        expect(TraceHeader.decode(viaJson(TraceHeader.encode(h)))).toStrictEqual({ _tag: 'Right', right: h });
      }),
    );
  });

  it('reads -0 as 0', () => {
    const r = TraceEvent.decode({ seq: -0, t: 0, ev: 'tick', cpu: -0 });
    expect(r._tag).toBe('Right');
    if (r._tag === 'Right') {
      expect(Object.is(r.right.seq, 0)).toBe(true);
      expect(r.right.ev === 'tick' && Object.is(r.right.cpu, 0)).toBe(true);
    }
  });
});

describe('encoding order', () => {
  it('writes seq, t, ev, then the fields in the order of the brief, whatever the input order', () => {
    fc.assert(
      fc.property(anyEvent, fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (e, order) => {
        const shuffled = shuffledKeys(e, order);
        const keys = Object.keys(TraceEvent.encode(shuffled as TraceEvent));
        const expected = ['seq', 't', 'ev', ...FIELD_ORDER[e.ev].filter((k) => k in e)];
        expect(keys).toEqual(expected);
        const decoded = TraceEvent.decode(shuffled);
        expect(decoded._tag === 'Right' && Object.keys(TraceEvent.encode(decoded.right))).toEqual(expected);
      }),
    );
  });

  it('writes the header keys in the order of the brief', () => {
    const h = {
      seed: 7,
      quirks: [],
      fidelity: 'real',
      arch: 'riscv64',
      config: 'a.xml',
      configHash: '0'.repeat(64),
      tool: '0.1.0',
      format: 1,
      trace: 'prtos-ref',
    };
    const r = TraceHeader.decode(h);
    expect(r._tag === 'Right' && JSON.stringify(TraceHeader.encode(r.right))).toBe(
      `{"trace":"prtos-ref","format":1,"tool":"0.1.0","configHash":"${'0'.repeat(64)}","config":"a.xml",` +
        '"arch":"riscv64","fidelity":"real","quirks":[],"seed":7}',
    );
  });
});

describe('rejection, with the field named', () => {
  it('a non-integer in any field (other than ev) is an error naming that field', () => {
    fc.assert(
      fc.property(
        anyEvent.chain((e) =>
          fc.constantFrom(...Object.keys(e).filter((k) => k !== 'ev')).map((k) => ({ e, k })),
        ),
        ({ e, k }) => {
          const errors = decodeErrors(TraceEvent, { ...e, [k]: 1.5 });
          expect(errors).toEqual([expect.stringMatching(new RegExp(`^field "${k}" must be .*, got 1\\.5$`))]);
        },
      ),
    );
  });

  it('a missing required field is an error naming that field', () => {
    fc.assert(
      fc.property(
        anyEvent.chain((e) =>
          fc
            .constantFrom(
              'seq',
              't',
              ...FIELD_ORDER[e.ev].filter((f) => !OPTIONAL_FIELDS.has(`${e.ev}.${f}`)),
            )
            .map((k) => ({ e, k })),
        ),
        ({ e, k }) => {
          const copy: Record<string, unknown> = { ...e };
          delete copy[k];
          expect(decodeErrors(TraceEvent, copy)).toEqual([
            expect.stringMatching(new RegExp(`^field "${k}" is missing \\(expected .+\\)$`)),
          ]);
        },
      ),
    );
  });

  it('an unknown field is rejected, not stripped', () => {
    fc.assert(
      fc.property(
        anyEvent,
        fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !/^(seq|t|ev)$/.test(k)),
        fc.jsonValue(),
        (e, k, v) => {
          fc.pre(!FIELD_ORDER[e.ev].includes(k));
          const errors = decodeErrors(TraceEvent, { ...e, [k]: v });
          expect(errors).toHaveLength(1);
          expect(errors[0]).toContain(`field "${k}" is not expected here (the fields are seq, t, ev`);
        },
      ),
    );
  });

  it('an unknown or missing event name is rejected, listing the names', () => {
    const [unknown] = decodeErrors(TraceEvent, { seq: 0, t: 0, ev: 'reboot' });
    expect(unknown).toMatch(/^field "ev" must be one of "hwIrq", "fault", .*"system", got "reboot"$/);
    const [missing] = decodeErrors(TraceEvent, { seq: 0, t: 0, cpu: 0 });
    expect(missing).toMatch(/^field "ev" is missing \(expected one of "hwIrq", /);
    // An event of the wrong group is unknown to the group's codec.
    expect(decodeErrors(Observation, { seq: 0, t: 0, ev: 'hwIrq', line: 1 })[0]).toMatch(/field "ev"/);
  });

  const tick = { seq: 0, t: 0, ev: 'tick', cpu: 0 };
  const cases: readonly (readonly [string, object, string])[] = [
    ['cpu 4', { ...tick, cpu: 4 }, 'field "cpu" must be an integer 0..3, got 4'],
    ['cpu -1', { ...tick, cpu: -1 }, 'field "cpu" must be an integer 0..3, got -1'],
    ['cpu as a string', { ...tick, cpu: '0' }, 'field "cpu" must be an integer 0..3, got "0"'],
    ['seq negative', { ...tick, seq: -1 }, 'field "seq" must be an integer ≥ 0, got -1'],
    ['t not safe', { ...tick, t: 2 ** 53 }, 'field "t" must be an integer ≥ 0 (µs), got 9007199254740992'],
    ['t huge', { ...tick, t: 1e300 }, 'field "t" must be an integer ≥ 0 (µs), got 1e+300'],
    ['line 32', { seq: 0, t: 0, ev: 'hwIrq', line: 32 }, 'field "line" must be an integer 0..31, got 32'],
    [
      'part 255',
      { seq: 0, t: 0, ev: 'partState', part: 255, from: 'READY', to: 'HALTED' },
      'field "part" must be an integer 0..254, got 255',
    ],
    [
      'vcpu 4',
      { seq: 0, t: 0, ev: 'vcpuState', part: 0, vcpu: 4, from: 'READY', to: 'HALTED' },
      'field "vcpu" must be an integer 0..3, got 4',
    ],
    [
      'state spelled in lower case',
      { seq: 0, t: 0, ev: 'partState', part: 0, from: 'ready', to: 'HALTED' },
      'field "from" must be one of "IDLE", "READY", "SUSPENDED", "HALTED", got "ready"',
    ],
    [
      'fault address negative',
      { seq: 0, t: 0, ev: 'fault', cpu: 0, kind: 'store', addr: -4 },
      'field "addr" must be an integer ≥ 0, got -4',
    ],
    [
      'fault kind unknown',
      { seq: 0, t: 0, ev: 'fault', cpu: 0, kind: 'nmi', addr: 4 },
      'field "kind" must be one of "illegalInstr", "fetch", "load", "store", "misaligned", "divide", got "nmi"',
    ],
    [
      'access size 3',
      { seq: 0, t: 0, ev: 'op', cpu: 0, part: 0, vcpu: 0, op: { k: 'load', addr: 0, size: 3 } },
      'field "op.size" must be one of 1, 2, 4, 8, got 3',
    ],
    [
      'unknown op',
      { seq: 0, t: 0, ev: 'op', cpu: 0, part: 0, vcpu: 0, op: { k: 'jump' } },
      'field "op.k" must be one of "compute", "load", "store", "halt", got "jump"',
    ],
    [
      'extra field inside an op',
      { seq: 0, t: 0, ev: 'op', cpu: 0, part: 0, vcpu: 0, op: { k: 'halt', code: 1 } },
      'field "op.code" is not expected here (the fields are k)',
    ],
    [
      'seven hypercall arguments',
      { seq: 0, t: 0, ev: 'hypercall', cpu: 0, part: 0, vcpu: 0, nr: 4, args: [1, 2, 3, 4, 5, 6, 7] },
      'field "args" must be a list of at most 6 integers, got [1,2,3,4,5,6,7]',
    ],
    [
      'a fractional hypercall argument',
      { seq: 0, t: 0, ev: 'hypercall', cpu: 0, part: 0, vcpu: 0, nr: 4, args: [1, 2.5] },
      'field "args[1]" must be an integer, got 2.5',
    ],
    [
      'ret out given as null',
      { seq: 0, t: 0, ev: 'ret', cpu: 0, part: 0, vcpu: 0, nr: 9, code: 0, out: null },
      'field "out" must be a list of integers, got null',
    ],
    [
      'runner with a bad vcpu',
      { seq: 0, t: 0, ev: 'switch', cpu: 0, from: 'idle', to: { part: 1, vcpu: 9 } },
      'field "to.vcpu" must be an integer 0..3, got 9',
    ],
    [
      'runner neither idle nor an object',
      { seq: 0, t: 0, ev: 'switch', cpu: 0, from: 'none', to: 'idle' },
      'field "from" must be "idle" or {part, vcpu}, got "none"',
    ],
    [
      'hm action 11',
      { seq: 0, t: 0, ev: 'hm', cpu: 0, event: 12, part: 0, vcpu: 0, action: 11, logged: false, sys: false },
      'field "action" must be an integer 0..10, got 11',
    ],
    [
      'hm event 26',
      {
        seq: 0,
        t: 0,
        ev: 'hm',
        cpu: 0,
        event: 26,
        part: null,
        vcpu: null,
        action: 8,
        logged: true,
        sys: true,
      },
      'field "event" must be an integer 0..25, got 26',
    ],
    [
      'hm logged as 0',
      { seq: 0, t: 0, ev: 'hm', cpu: 0, event: 2, part: 1, vcpu: 0, action: 7, logged: 0, sys: false },
      'field "logged" must be a boolean, got 0',
    ],
    [
      'virq irq 32',
      { seq: 0, t: 0, ev: 'virqPend', part: 0, vcpu: 0, irq: 32, kind: 'ext' },
      'field "irq" must be an integer 0..31, got 32',
    ],
    [
      'console text with a newline',
      { seq: 0, t: 0, ev: 'console', part: null, text: 'a\nb' },
      'field "text" must be a string without a newline, got "a\\nb"',
    ],
    [
      'system mode unknown',
      { seq: 0, t: 0, ev: 'system', what: 'reset', mode: 'hot' },
      'field "mode" must be one of "cold", "warm", got "hot"',
    ],
  ];
  it.each(cases)('%s', (_name, value, message) => {
    expect(decodeErrors(TraceEvent, value)).toEqual([message]);
  });

  it('reports every defect of one event, not only the first', () => {
    expect(decodeErrors(TraceEvent, { seq: 0, t: -1, ev: 'slot', cpu: 5, plan: 0, slot: 0.5 })).toEqual([
      'field "t" must be an integer ≥ 0 (µs), got -1',
      'field "cpu" must be an integer 0..3, got 5',
      'field "slot" must be an integer ≥ 0, got 0.5',
    ]);
  });

  const good = {
    trace: 'prtos-ref',
    format: 1,
    tool: '0.1.0',
    configHash: 'ab'.repeat(32),
    arch: 'x86',
    fidelity: 'intended',
    quirks: ['A5'],
  };
  const headerCases: readonly (readonly [string, object, string])[] = [
    [
      'format 2',
      { ...good, format: 2 },
      'field "format" must be 1 (the only trace format this tool reads), got 2',
    ],
    ['another tool', { ...good, trace: 'xtratum' }, 'field "trace" must be "prtos-ref", got "xtratum"'],
    [
      'upper-case hash',
      { ...good, configHash: 'AB'.repeat(32) },
      // Long values are cut to 60 characters in messages.
      `field "configHash" must be 64 lower-case hex digits (a sha-256), got "${'AB'.repeat(28)}...`,
    ],
    [
      'short hash',
      { ...good, configHash: 'ab' },
      'field "configHash" must be 64 lower-case hex digits (a sha-256), got "ab"',
    ],
    [
      'unknown arch',
      { ...good, arch: 'sparc' },
      'field "arch" must be one of "x86", "amd64", "riscv64", "aarch64", "loongarch64", got "sparc"',
    ],
    [
      'fidelity',
      { ...good, fidelity: 'exact' },
      'field "fidelity" must be one of "intended", "real", got "exact"',
    ],
    [
      'duplicate quirk',
      { ...good, quirks: ['A5', 'A5'] },
      'field "quirks" must not list the same value twice',
    ],
    ['empty quirk id', { ...good, quirks: [''] }, 'field "quirks[0]" must be a non-empty string, got ""'],
    ['seed null', { ...good, seed: null }, 'field "seed" must be an integer, got null'],
    ['empty tool', { ...good, tool: '' }, 'field "tool" must be a non-empty string, got ""'],
    [
      'missing arch',
      { ...good, arch: undefined },
      'field "arch" is missing (expected one of "x86", "amd64", "riscv64", "aarch64", "loongarch64")',
    ],
    [
      'unknown field',
      { ...good, host: 'ci-7' },
      'field "host" is not expected here (the fields are trace, format, tool, configHash, config, arch, fidelity, quirks, seed)',
    ],
  ];
  it.each(headerCases)('header: %s', (_name, value, message) => {
    expect(decodeErrors(TraceHeader, good)).toEqual([]);
    expect(decodeErrors(TraceHeader, value)).toEqual([message]);
  });
});

describe('static types', () => {
  it('are as precise as the codecs', () => {
    // @ts-expect-error `slot` is required
    const missing: SlotEvent = { seq: 0, t: 0, ev: 'slot', cpu: 0, plan: 0 };
    // @ts-expect-error the event name is part of the type
    const misnamed: SlotEvent = { seq: 0, t: 0, ev: 'tick', cpu: 0, plan: 0, slot: 0 };
    expect(TraceEvent.is(missing)).toBe(false);
    expect(TraceEvent.is(misnamed)).toBe(false);
  });

  it('cover every event kind with an arbitrary', () => {
    expect(Object.keys(EVENT_BODIES).sort()).toEqual([...EVENT_NAMES].sort());
  });
});
