/**
 * Traces as JSON Lines files: the form a run is kept in as evidence, replayed from, and read
 * back by `prtos-ref diff` (DESIGN.md, "The trace vocabulary"; "Determinism and replay").
 *
 * Layout: line 1 is the header (vocabulary.ts, `TraceHeader`); every further line is one event,
 * `seq` 0, 1, 2, ... in file order and `t` never decreasing. Each line is one JSON object with
 * its keys in a stable order (seq, t, ev, then the event's fields in codec order), and every
 * line, the last included, ends with a newline; so two runs that behaved alike give
 * byte-identical files, and a plain text diff of two traces lines up event by event.
 *
 * Reading is strict (a certification tool must not guess), but reports every defect it finds,
 * each with its 1-based line number and one sentence saying what is wrong and what was expected.
 * Tolerated, because they change no meaning: a missing newline after the last line, CR LF line
 * ends, a byte-order mark before line 1.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { explain, isPlainObject, own, show } from './combinators.js';
import {
  EVENT_NAMES,
  Seq,
  Time,
  TraceEvent,
  TraceHeader,
  isEventName,
  type Unsequenced,
  EVENT_CODECS,
} from './vocabulary.js';

/** One defect of a trace file. */
export interface TraceError {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** One line, e.g. `event "slot": field "cpu" must be an integer 0..3, got 5`. */
  readonly message: string;
}

export interface Trace {
  readonly header: TraceHeader;
  readonly events: readonly TraceEvent[];
}

/** `file:line: message`, the form compilers use, so editors can jump to the line. */
export function formatTraceError(e: TraceError): string {
  return `${e.file}:${e.line}: ${e.message}`;
}

/** Thrown when a recorder hands the writer something that is not a valid next event. */
export class TraceWriteError extends Error {
  override readonly name = 'TraceWriteError';
}

/**
 * Builds a trace one event at a time, as the recorders of both lockstep sides produce it: it
 * numbers the events, refuses time going backwards, checks each event against its codec, and
 * gives back the JSON line it wrote, so that a trace that was written can always be read back.
 */
export class TraceWriter {
  readonly #lines: string[];
  #nextSeq = 0;
  #lastTime: number | undefined;

  constructor(header: TraceHeader) {
    const r = TraceHeader.decode(header);
    if (r._tag === 'Left') throw new TraceWriteError(`header: ${explain(r.left).join('; ')}`);
    this.#lines = [`${JSON.stringify(TraceHeader.encode(r.right))}\n`];
  }

  /** The `seq` the next appended event gets. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** Virtual time of the last event written, if any. */
  get lastTime(): number | undefined {
    return this.#lastTime;
  }

  /** Every line written so far, the header first, each with its newline. */
  get lines(): readonly string[] {
    return this.#lines;
  }

  /** The whole trace file so far. */
  text(): string {
    return this.#lines.join('');
  }

  /** Numbers `event`, checks it, and returns the line it adds (newline included). */
  append(event: Unsequenced<TraceEvent>): string {
    const seq = this.#nextSeq;
    if (own(event, 'seq') !== undefined) {
      throw new TraceWriteError(
        `event #${seq}: field "seq" is the writer's to assign, got ${show(own(event, 'seq'))}`,
      );
    }
    const r = TraceEvent.decode({ ...event, seq });
    const label = `event #${seq} ${show((event as { readonly ev?: unknown }).ev)}`;
    if (r._tag === 'Left') throw new TraceWriteError(`${label}: ${explain(r.left).join('; ')}`);
    const sequenced = r.right;
    if (this.#lastTime !== undefined && sequenced.t < this.#lastTime) {
      throw new TraceWriteError(
        `${label}: field "t" must not be less than the previous event's time ${this.#lastTime}, got ${sequenced.t}`,
      );
    }
    const line = `${JSON.stringify(TraceEvent.encode(sequenced))}\n`;
    this.#lines.push(line);
    this.#nextSeq = seq + 1;
    this.#lastTime = sequenced.t;
    return line;
  }
}

/**
 * The JSON Lines text of a trace. Throws `TraceWriteError` unless the events are numbered
 * 0, 1, 2, ... and valid, with time never decreasing — exactly what `decodeTrace` accepts.
 */
export function encodeTrace(header: TraceHeader, events: readonly TraceEvent[]): string {
  const writer = new TraceWriter(header);
  for (const e of events) {
    if (e.seq !== writer.nextSeq) {
      throw new TraceWriteError(
        `event #${writer.nextSeq} ${show(e.ev)}: field "seq" must be ${writer.nextSeq}, got ${show(e.seq)}`,
      );
    }
    const { seq: _seq, ...rest } = e;
    writer.append(rest as Unsequenced<TraceEvent>);
  }
  return writer.text();
}

function kindOf(u: unknown): string {
  if (u === null) return 'null';
  if (Array.isArray(u)) return 'an array';
  return `a ${typeof u} (${show(u)})`;
}

/**
 * Reads a trace file. `fileName` only labels the errors. On success, the header and the events
 * in file order; otherwise every defect found, in line order.
 *
 * After a line whose `seq` is unreadable (blank, invalid JSON, not an object, a bad `seq`) or out of
 * sequence, the numbering restarts from the next line that has a readable `seq`: one damaged or
 * missing line gives errors at one line, not at every line after it. Time is compared with the
 * last line whose `t` could be read.
 */
export function decodeTrace(text: string, fileName = '<trace>'): Either<readonly TraceError[], Trace> {
  const errors: TraceError[] = [];
  const fail = (line: number, message: string) => errors.push({ file: fileName, line, message });

  const lines = text.replace(/^\uFEFF/, '').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) {
    fail(1, 'the trace is empty: line 1 must be the trace header');
    return left(errors);
  }

  let header: TraceHeader | undefined;
  const events: TraceEvent[] = [];
  let expectedSeq: number | undefined = 0;
  let previous: { readonly t: number; readonly line: number } | undefined;

  lines.forEach((raw, index) => {
    const n = index + 1;
    if (raw.trim() === '') {
      fail(
        n,
        n === 1
          ? 'line 1 is blank: it must be the trace header'
          : 'blank line: every line of a trace holds one JSON object',
      );
      // It may stand where an event was lost: do not also blame the next line's seq.
      expectedSeq = undefined;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      fail(n, `invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
      expectedSeq = undefined;
      return;
    }
    if (!isPlainObject(value)) {
      fail(n, `expected a JSON object, got ${kindOf(value)}`);
      expectedSeq = undefined;
      return;
    }
    const ev = own(value, 'ev');
    const isHeaderLike = own(value, 'trace') !== undefined && ev === undefined;

    if (n === 1 && isHeaderLike) {
      const r = TraceHeader.decode(value);
      if (r._tag === 'Left') for (const m of explain(r.left)) fail(n, `header: ${m}`);
      else header = r.right;
      return;
    }
    if (n === 1) fail(n, `line 1 must be the trace header {"trace":"prtos-ref",...}, got an event`);
    if (isHeaderLike) {
      fail(n, 'a second trace header: the header belongs on line 1 only');
      return;
    }

    const before = errors.length;
    let decoded: TraceEvent | undefined;
    const label = typeof ev === 'string' && isEventName(ev) ? `event "${ev}"` : 'event';
    if (ev === undefined) {
      fail(n, `event: field "ev" is missing (expected one of ${EVENT_NAMES.join(', ')})`);
    } else if (typeof ev !== 'string' || !isEventName(ev)) {
      fail(n, `unknown event ${show(ev)} (the events are ${EVENT_NAMES.join(', ')})`);
    } else {
      const r = EVENT_CODECS[ev].decode(value);
      if (r._tag === 'Left') for (const m of explain(r.left)) fail(n, `${label}: ${m}`);
      else decoded = r.right;
    }

    const seq = own(value, 'seq');
    if (Seq.is(seq)) {
      if (expectedSeq !== undefined && seq !== expectedSeq) {
        const why =
          expectedSeq === 0 ? 'the first event is numbered 0' : "one more than the previous event's";
        fail(n, `${label}: field "seq" must be ${expectedSeq} (${why}), got ${seq}`);
        expectedSeq = undefined;
      } else {
        expectedSeq = seq + 1;
      }
    } else {
      expectedSeq = undefined;
    }

    const time = own(value, 't');
    if (Time.is(time)) {
      if (previous !== undefined && time < previous.t) {
        fail(
          n,
          `${label}: field "t" must not be less than the previous event's time ${previous.t} (line ${previous.line}), got ${time}`,
        );
      }
      previous = { t: time, line: n };
    }

    if (decoded !== undefined && errors.length === before) events.push(decoded);
  });

  if (errors.length > 0 || header === undefined) return left(errors);
  return right({ header, events });
}
