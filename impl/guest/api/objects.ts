/**
 * The object interface: hypercalls 11-14 with raw guest pointers, and the console write built on
 * it (prtos-hypercalls §3.13, §5.1, §5.2, §7.2).
 *
 * An object is named by a 32-bit descriptor (class, vCPU, partition, id; `objDescBuild` in
 * spec/constants/objects.ts, with the C macro's masking). `writeConsole` is libprtos's
 * `prtos_write_console`: a write on the CONSOLE object of the caller's own partition, whose
 * partition field is `PRTOS_PARTITION_SELF` (a PCT load). The kernel rejects more than 128 bytes
 * with INVALID_PARAM and prints nothing (§5.2).
 */
import { OBJ_CLASS, objDescBuild } from '../../../spec/constants/index.js';
import type { Guest } from '../guest.js';
import { partitionSelf } from '../libprtos.js';
import { storeBytes } from '../memory.js';
import type { ApiCall } from '../steps.js';
import { call } from './call.js';

/** `prtos_read_object(desc, buffer, size, flags)` (11). */
export function readObject(
  g: Guest,
  desc: number,
  buffer: number,
  size: number,
  flagsPtr: number,
): ApiCall<number> {
  return call(g, 'read_object', desc, buffer, size, flagsPtr);
}

/** `prtos_write_object(desc, buffer, size, flags)` (12). */
export function writeObject(
  g: Guest,
  desc: number,
  buffer: number,
  size: number,
  flagsPtr: number,
): ApiCall<number> {
  return call(g, 'write_object', desc, buffer, size, flagsPtr);
}

/** `prtos_seek_object(desc, offset, whence)` (13); whence is `SEEK_WHENCE.*`. */
export function seekObject(g: Guest, desc: number, offset: number, whence: number): ApiCall<number> {
  return call(g, 'seek_object', desc, offset, whence);
}

/** `prtos_ctrl_object(desc, cmd, arg)` (14). */
export function ctrlObject(g: Guest, desc: number, cmd: number, argPtr: number): ApiCall<number> {
  return call(g, 'ctrl_object', desc, cmd, argPtr);
}

/**
 * `prtos_write_console(buffer, length)` for `bytes` placed in guest memory first: the stores of
 * the buffer, the load of the partition id, the write. Returns the kernel's result (the length,
 * or an error).
 */
export function* writeConsole(g: Guest, bytes: Uint8Array): ApiCall<number> {
  const mark = g.scratch.mark();
  try {
    const buf = g.scratch.push(Math.max(1, bytes.length), 8);
    yield* storeBytes(buf, bytes);
    return yield* writeConsoleAt(g, buf, bytes.length);
  } finally {
    g.scratch.release(mark);
  }
}

/** `prtos_write_console(buffer, length)` for a buffer already in guest memory. */
export function* writeConsoleAt(g: Guest, buffer: number, length: number): ApiCall<number> {
  const self = yield* partitionSelf(g);
  return yield* writeObject(g, objDescBuild(OBJ_CLASS.CONSOLE, self, 0), buffer, length, 0);
}
