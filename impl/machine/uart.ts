/**
 * The console UART: line-buffered output per writer.
 *
 * spec/timing R9: console output costs no time; bytes appear at the stamp of the write. The
 * kernel writes on behalf of someone — each partition console and the kernel itself — and
 * names that writer as the *channel*, so that bytes of different writers are never spliced
 * into one line (the real riscv64 console does interleave writers from different CPUs,
 * prtos-hypercalls §8 "Other observations"; a consumer that wants that byte stream can listen
 * to every write with `onWrite`).
 *
 * A line ends at `\n`; a `\r` just before it is dropped; the line's stamp is the time of the
 * write that completed it. Bytes are decoded as UTF-8 when the line completes.
 */
import { assertNat } from './ids.js';

/** One completed console line. */
export interface ConsoleLine {
  readonly t: number;
  readonly channel: string;
  readonly text: string;
}

export interface UartListeners {
  /** Called for every completed line, in output order. */
  readonly onLine?: (line: ConsoleLine) => void;
  /** Called for every write, before line splitting. */
  readonly onWrite?: (channel: string, bytes: Uint8Array, t: number) => void;
}

const NEWLINE = 0x0a;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

interface Pending {
  chunks: Uint8Array[];
  t: number;
}

export class Uart {
  readonly #lines: ConsoleLine[] = [];
  readonly #pending = new Map<string, Pending>();
  readonly #listeners: UartListeners;

  constructor(listeners: UartListeners = {}) {
    this.#listeners = listeners;
  }

  /** Every completed line so far, in the order completed. */
  get output(): readonly ConsoleLine[] {
    return this.#lines;
  }

  write(channel: string, data: Uint8Array | string, t: number): void {
    assertNat(t, 'console write time');
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    this.#listeners.onWrite?.(channel, bytes, t);
    let start = 0;
    for (let i = bytes.indexOf(NEWLINE); i >= 0; i = bytes.indexOf(NEWLINE, start)) {
      this.#emit(channel, bytes.subarray(start, i), t);
      start = i + 1;
    }
    if (start < bytes.length) {
      const p = this.#pending.get(channel);
      const rest = bytes.slice(start);
      if (p === undefined) this.#pending.set(channel, { chunks: [rest], t });
      else {
        p.chunks.push(rest);
        p.t = t;
      }
    }
  }

  /**
   * The unfinished line of every channel (in order of each channel's first pending byte),
   * stamped with its last write; the buffers are emptied. They are not added to `output`.
   */
  flush(): readonly ConsoleLine[] {
    const out: ConsoleLine[] = [];
    for (const [channel, p] of this.#pending) out.push({ t: p.t, channel, text: decode(p.chunks, null) });
    this.#pending.clear();
    return out;
  }

  #emit(channel: string, tail: Uint8Array, t: number): void {
    const p = this.#pending.get(channel);
    const text = decode(p?.chunks ?? [], tail);
    this.#pending.delete(channel);
    const line = { t, channel, text: text.endsWith('\r') ? text.slice(0, -1) : text };
    this.#lines.push(line);
    this.#listeners.onLine?.(line);
  }
}

function decode(chunks: readonly Uint8Array[], tail: Uint8Array | null): string {
  if (chunks.length === 0 && tail !== null) return decoder.decode(tail);
  let len = tail?.length ?? 0;
  for (const c of chunks) len += c.length;
  const all = new Uint8Array(len);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  if (tail !== null) all.set(tail, at);
  return decoder.decode(all);
}
