/**
 * JSON Lines traces: every generated trace survives encodeTrace → decodeTrace; the writer and
 * encodeTrace produce the same bytes; and each kind of defect of a file is reported at its line
 * with a message that names what is wrong (invalid JSON, blank line, header missing or repeated,
 * unknown event, bad field, seq gap, time going backwards).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TraceWriteError,
  TraceWriter,
  decodeTrace,
  encodeTrace,
  formatTraceError,
  type TraceError,
} from './jsonl.js';
import type { TraceEvent, TraceHeader } from './vocabulary.js';
import { anyEvent, trace, unsequenced } from './vocabulary.arbitraries.test-util.js';

const HEADER: TraceHeader = {
  trace: 'prtos-ref',
  format: 1,
  tool: '0.1.0',
  configHash: '5e'.repeat(32),
  config: 'example.001.prtos_cf.riscv64.xml',
  arch: 'riscv64',
  fidelity: 'intended',
  quirks: [],
};
const HEADER_LINE = JSON.stringify(HEADER);

/** A small valid trace, written out by hand. */
const GOOD_LINES = [
  HEADER_LINE,
  '{"seq":0,"t":0,"ev":"planSwitch","cpu":0,"from":null,"to":0}',
  '{"seq":1,"t":0,"ev":"slot","cpu":0,"plan":0,"slot":0}',
  '{"seq":2,"t":0,"ev":"switch","cpu":0,"from":"idle","to":{"part":0,"vcpu":0}}',
  '{"seq":3,"t":120,"ev":"hypercall","cpu":0,"part":0,"vcpu":0,"nr":9,"args":[0,4096]}',
  '{"seq":4,"t":121,"ev":"ret","cpu":0,"part":0,"vcpu":0,"nr":9,"code":0,"out":[121]}',
  '{"seq":5,"t":500000,"ev":"tick","cpu":0}',
];

function file(lines: readonly string[]): string {
  return lines.map((l) => `${l}\n`).join('');
}

/** The lines with line `n` (1-based) replaced. */
function withLine(n: number, text: string, lines: readonly string[] = GOOD_LINES): string[] {
  return lines.map((l, i) => (i + 1 === n ? text : l));
}

function errorsOf(text: string, name = 'trace.jsonl'): readonly TraceError[] {
  const r = decodeTrace(text, name);
  return r._tag === 'Left' ? r.left : [];
}

function rendered(text: string): string[] {
  return errorsOf(text).map(formatTraceError);
}

describe('encodeTrace / decodeTrace', () => {
  it('round-trips every generated trace', () => {
    fc.assert(
      fc.property(trace, ({ header, events }) => {
        const text = encodeTrace(header, events);
        expect(decodeTrace(text, 'gen.jsonl')).toStrictEqual({ _tag: 'Right', right: { header, events } });
      }),
    );
  });

  it('writes one newline-terminated JSON object a line, the header first', () => {
    fc.assert(
      fc.property(trace, ({ header, events }) => {
        const text = encodeTrace(header, events);
        expect(text.endsWith('\n')).toBe(true);
        const lines = text.slice(0, -1).split('\n');
        expect(lines).toHaveLength(events.length + 1);
        expect(JSON.parse(lines[0] ?? '')).toMatchObject({ trace: 'prtos-ref', format: 1 });
        lines.slice(1).forEach((l, i) => expect(JSON.parse(l)).toMatchObject({ seq: i }));
      }),
    );
  });

  it('reads the hand-written trace', () => {
    const r = decodeTrace(file(GOOD_LINES));
    expect(r._tag).toBe('Right');
    if (r._tag === 'Right') {
      expect(r.right.header).toEqual(HEADER);
      expect(r.right.events.map((e) => e.ev)).toEqual([
        'planSwitch',
        'slot',
        'switch',
        'hypercall',
        'ret',
        'tick',
      ]);
      expect(r.right.events[4]).toEqual({
        seq: 4,
        t: 121,
        ev: 'ret',
        cpu: 0,
        part: 0,
        vcpu: 0,
        nr: 9,
        code: 0,
        out: [121],
      });
      // Re-encoding gives back the same bytes: the hand-written lines are in canonical key order.
      expect(encodeTrace(r.right.header, r.right.events)).toBe(file(GOOD_LINES));
    }
  });

  it('accepts a header-only trace', () => {
    expect(decodeTrace(file([HEADER_LINE]))).toStrictEqual({
      _tag: 'Right',
      right: { header: HEADER, events: [] },
    });
  });

  it('tolerates a missing final newline, CR LF line ends and a byte-order mark', () => {
    const expected = decodeTrace(file(GOOD_LINES));
    expect(expected._tag).toBe('Right');
    expect(decodeTrace(GOOD_LINES.join('\n'))).toStrictEqual(expected);
    expect(decodeTrace(GOOD_LINES.map((l) => `${l}\r\n`).join(''))).toStrictEqual(expected);
    expect(decodeTrace(`\uFEFF${file(GOOD_LINES)}`)).toStrictEqual(expected);
  });

  it('refuses to encode events that are not numbered 0, 1, 2, ...', () => {
    const e: TraceEvent = { seq: 1, t: 0, ev: 'tick', cpu: 0 };
    expect(() => encodeTrace(HEADER, [e])).toThrow(
      new TraceWriteError('event #0 "tick": field "seq" must be 0, got 1'),
    );
  });
});

describe('decodeTrace reports each defect at its line', () => {
  it('a bad field, in the form of the brief', () => {
    const text = file(withLine(7, '{"seq":5,"t":500000,"ev":"slot","cpu":5,"plan":0,"slot":1}'));
    expect(rendered(text)).toEqual([
      'trace.jsonl:7: event "slot": field "cpu" must be an integer 0..3, got 5',
    ]);
  });

  it('invalid JSON', () => {
    const errors = errorsOf(file(withLine(3, '{"seq":1,"t":0,"ev":"slot",')));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(3);
    expect(errors[0]?.message).toMatch(/^invalid JSON: /);
  });

  it('a blank line', () => {
    const lines = [...GOOD_LINES.slice(0, 4), '   ', ...GOOD_LINES.slice(4)];
    expect(rendered(file(lines))).toEqual([
      'trace.jsonl:5: blank line: every line of a trace holds one JSON object',
    ]);
  });

  it('a line that is not an object', () => {
    expect(rendered(file(withLine(4, '[1,2]')))).toEqual([
      'trace.jsonl:4: expected a JSON object, got an array',
    ]);
    expect(rendered(file(withLine(4, '42')))).toEqual([
      'trace.jsonl:4: expected a JSON object, got a number (42)',
    ]);
  });

  it('no header on line 1', () => {
    expect(rendered(file(GOOD_LINES.slice(1)))).toEqual([
      'trace.jsonl:1: line 1 must be the trace header {"trace":"prtos-ref",...}, got an event',
    ]);
    expect(rendered('')).toEqual(['trace.jsonl:1: the trace is empty: line 1 must be the trace header']);
    expect(rendered(file(['', ...GOOD_LINES.slice(1)]))).toEqual([
      'trace.jsonl:1: line 1 is blank: it must be the trace header',
    ]);
  });

  it('a bad header', () => {
    expect(rendered(file(withLine(1, JSON.stringify({ ...HEADER, format: 2, arch: 'mips' }))))).toEqual([
      'trace.jsonl:1: header: field "format" must be 1 (the only trace format this tool reads), got 2',
      'trace.jsonl:1: header: field "arch" must be one of "x86", "amd64", "riscv64", "aarch64", "loongarch64", got "mips"',
    ]);
  });

  it('a second header', () => {
    const lines = [...GOOD_LINES.slice(0, 3), HEADER_LINE, ...GOOD_LINES.slice(3)];
    expect(rendered(file(lines))).toEqual([
      'trace.jsonl:4: a second trace header: the header belongs on line 1 only',
    ]);
  });

  it('an unknown event name', () => {
    expect(rendered(file(withLine(6, '{"seq":4,"t":121,"ev":"reboot"}')))).toEqual([
      'trace.jsonl:6: unknown event "reboot" (the events are hwIrq, fault, op, hypercall, ret, tick, vcpuState, ' +
        'partState, switch, slot, planSwitch, hm, virqPend, virqDeliver, port, console, system)',
    ]);
  });

  it('an event without a name', () => {
    expect(errorsOf(file(withLine(6, '{"seq":4,"t":121,"cpu":0}')))).toEqual([
      expect.objectContaining({ line: 6, message: expect.stringMatching(/^event: field "ev" is missing/) }),
    ]);
  });

  it('an unknown field', () => {
    expect(rendered(file(withLine(7, '{"seq":5,"t":500000,"ev":"tick","cpu":0,"why":"timer"}')))).toEqual([
      'trace.jsonl:7: event "tick": field "why" is not expected here (the fields are seq, t, ev, cpu)',
    ]);
  });

  it('a seq gap, once, and numbering resumes from the line that broke it', () => {
    const lines = withLine(4, '{"seq":7,"t":0,"ev":"switch","cpu":0,"from":"idle","to":{"part":0,"vcpu":0}}');
    const renumbered = lines.map((l, i) => (i >= 4 ? l.replace(/"seq":\d+/, `"seq":${i + 4}`) : l));
    expect(rendered(file(renumbered))).toEqual([
      'trace.jsonl:4: event "switch": field "seq" must be 2 (one more than the previous event\'s), got 7',
    ]);
  });

  it('a first event not numbered 0', () => {
    const lines = GOOD_LINES.map((l, i) =>
      i === 0 ? l : l.replace(/"seq":(\d+)/, (_m, d) => `"seq":${Number(d) + 1}`),
    );
    expect(rendered(file(lines))).toEqual([
      'trace.jsonl:2: event "planSwitch": field "seq" must be 0 (the first event is numbered 0), got 1',
    ]);
  });

  it('time going backwards', () => {
    expect(
      rendered(file(withLine(6, '{"seq":4,"t":119,"ev":"ret","cpu":0,"part":0,"vcpu":0,"nr":9,"code":0}'))),
    ).toEqual([
      'trace.jsonl:6: event "ret": field "t" must not be less than the previous event\'s time 120 (line 5), got 119',
    ]);
  });

  it('every defect of a file, in line order, under the given file name', () => {
    const lines = [
      HEADER_LINE,
      '{"seq":0,"t":10,"ev":"tick","cpu":0}',
      'not json',
      '{"seq":2,"t":5,"ev":"tick","cpu":9}',
      '{"seq":4,"t":6,"ev":"tick","cpu":0}',
    ];
    const errors = errorsOf(file(lines), 'run-42.jsonl');
    expect(errors.map((e) => [e.file, e.line])).toEqual([
      ['run-42.jsonl', 3],
      ['run-42.jsonl', 4],
      ['run-42.jsonl', 4],
      ['run-42.jsonl', 5],
    ]);
    expect(errors[1]?.message).toBe('event "tick": field "cpu" must be an integer 0..3, got 9');
    expect(errors[2]?.message).toBe(
      'event "tick": field "t" must not be less than the previous event\'s time 10 (line 2), got 5',
    );
    expect(errors[3]?.message).toBe(
      'event "tick": field "seq" must be 3 (one more than the previous event\'s), got 4',
    );
  });

  it('property: one damaged event line gives errors at that line only', () => {
    fc.assert(
      fc.property(
        trace.filter((x) => x.events.length > 0),
        fc.nat(),
        fc.constantFrom('{', '', '[]', 'null', '{"seq":0}', '{"ev":"nope","seq":0,"t":0}'),
        ({ header, events }, pick, garbage) => {
          const lines = encodeTrace(header, events).slice(0, -1).split('\n');
          const n = 2 + (pick % events.length);
          const errors = errorsOf(file(withLine(n, garbage, lines)));
          expect(errors.length).toBeGreaterThan(0);
          expect(errors.every((e) => e.line === n)).toBe(true);
        },
      ),
    );
  });

  it('property: a deleted event line is reported as a seq gap at the next line, unless it was the last', () => {
    fc.assert(
      fc.property(
        trace.filter((x) => x.events.length > 1),
        fc.nat(),
        ({ header, events }, pick) => {
          const k = pick % events.length;
          const lines = encodeTrace(header, events).slice(0, -1).split('\n');
          lines.splice(k + 1, 1);
          const errors = errorsOf(file(lines));
          if (k === events.length - 1) {
            expect(errors).toEqual([]);
          } else {
            expect(errors).toHaveLength(1);
            expect(errors[0]?.line).toBe(k + 2);
            expect(errors[0]?.message).toMatch(new RegExp(`field "seq" must be ${k} .*, got ${k + 1}$`));
          }
        },
      ),
    );
  });
});

describe('TraceWriter', () => {
  it('numbers events and writes the same bytes as encodeTrace', () => {
    fc.assert(
      fc.property(trace, ({ header, events }) => {
        const w = new TraceWriter(header);
        const appended = events.map((e) => w.append(unsequenced(e)));
        expect(w.nextSeq).toBe(events.length);
        expect(w.lastTime).toBe(events.at(-1)?.t);
        expect(w.text()).toBe(encodeTrace(header, events));
        expect(w.lines.slice(1)).toEqual(appended);
      }),
    );
  });

  it('refuses time going backwards, and keeps nothing of the refused event', () => {
    const w = new TraceWriter(HEADER);
    w.append({ t: 100, ev: 'tick', cpu: 0 });
    expect(() => w.append({ t: 99, ev: 'tick', cpu: 1 })).toThrow(
      new TraceWriteError(
        'event #1 "tick": field "t" must not be less than the previous event\'s time 100, got 99',
      ),
    );
    expect(w.nextSeq).toBe(1);
    expect(w.lines).toHaveLength(2);
    expect(w.append({ t: 100, ev: 'tick', cpu: 1 })).toBe('{"seq":1,"t":100,"ev":"tick","cpu":1}\n');
  });

  it('refuses an invalid event, naming the field', () => {
    const w = new TraceWriter(HEADER);
    expect(() => w.append({ t: 0, ev: 'slot', cpu: 4, plan: 0, slot: 0 })).toThrow(
      new TraceWriteError('event #0 "slot": field "cpu" must be an integer 0..3, got 4'),
    );
    expect(() => w.append({ t: 0, ev: 'tick', cpu: 0, seq: 9 } as never)).toThrow(TraceWriteError);
    expect(w.nextSeq).toBe(0);
  });

  it('refuses an invalid header', () => {
    expect(() => new TraceWriter({ ...HEADER, configHash: 'xyz' })).toThrow(
      new TraceWriteError(
        'header: field "configHash" must be 64 lower-case hex digits (a sha-256), got "xyz"',
      ),
    );
  });

  it('writes any single valid event as one line that reads back', () => {
    fc.assert(
      fc.property(anyEvent, (e) => {
        const w = new TraceWriter(HEADER);
        const line = w.append(unsequenced(e));
        expect(line.endsWith('\n')).toBe(true);
        expect(line.slice(0, -1)).not.toContain('\n');
        expect(decodeTrace(w.text())).toStrictEqual({
          _tag: 'Right',
          right: { header: HEADER, events: [{ ...e, seq: 0 }] },
        });
      }),
    );
  });
});
