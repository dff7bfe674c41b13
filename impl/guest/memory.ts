/**
 * Moving bytes and fields between the guest program and guest memory with load and store ops.
 *
 * Buffers are written with 4-byte stores (and a 2- and 1-byte tail): the trace's `op` event
 * carries a store's value as a safe integer (spec/trace/vocabulary.ts), which an 8-byte pattern
 * may not be. Reads use 8-byte loads where the length allows, since a loaded value is a bigint.
 */
import type { AccessSize } from '../machine/index.js';
import type { FieldAt } from './layouts.js';
import { load, store, toSigned32, toSigned64, toUnsigned, type ApiCall } from './steps.js';

/** Stores `bytes` at `addr`. */
export function* storeBytes(addr: number, bytes: Uint8Array): ApiCall<void> {
  let i = 0;
  const n = bytes.length;
  const at = (k: number) => bytes[k] ?? 0;
  for (; i + 4 <= n; i += 4) {
    yield* store(addr + i, 4, (at(i) | (at(i + 1) << 8) | (at(i + 2) << 16) | (at(i + 3) << 24)) >>> 0);
  }
  if (i + 2 <= n) {
    yield* store(addr + i, 2, at(i) | (at(i + 1) << 8));
    i += 2;
  }
  if (i < n) yield* store(addr + i, 1, at(i));
}

/** Loads `n` bytes from `addr`. */
export function* loadBytes(addr: number, n: number): ApiCall<Uint8Array> {
  const out = new Uint8Array(n);
  let i = 0;
  while (i < n) {
    const size: AccessSize = n - i >= 8 ? 8 : n - i >= 4 ? 4 : n - i >= 2 ? 2 : 1;
    let v = yield* load(addr + i, size);
    for (let k = 0; k < size; k++) {
      out[i + k] = Number(v & 0xffn);
      v >>= 8n;
    }
    i += size;
  }
  return out;
}

/**
 * The NUL-terminated string at `addr`, reading at most `max` bytes (a C `%s` of a fixed-size
 * field such as the PCT name reads on past the field when it holds no NUL; here it stops there).
 */
export function* loadCString(addr: number, max: number): ApiCall<string> {
  const bytes = yield* loadBytes(addr, max);
  const end = bytes.indexOf(0);
  return latin1(end === -1 ? bytes : bytes.subarray(0, end));
}

/** One field of a structure at `base`, as a number. */
export function* loadField(base: number, f: FieldAt): ApiCall<number> {
  const v = yield* load(base + f.offset, f.size);
  if (f.signed) return f.size === 8 ? toSigned64(v) : toSigned32(v);
  return f.size === 8 ? Number(v) : toUnsigned(v);
}

/** The bytes of a string, one byte per character (code units above 0xff keep their low byte). */
export function bytesOf(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}

/** A string with one character per byte. */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}
