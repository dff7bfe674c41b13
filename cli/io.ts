/**
 * Reading the user's files: every way a path can be wrong becomes one clear line.
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from './errors.js';

/** Hard limit on input files: PRTOS configurations are a few kB; traces may be larger. */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export function readTextFile(path: string, what = 'file'): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${path}: is a directory, expected a ${what}`);
    if (!st.isFile()) throw new UserError(`${path}: is not a regular file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: ${describeFsError(e)}`);
  }
  if (size > MAX_INPUT_BYTES) throw new UserError(`${path}: file too large (${size} bytes)`);
  try {
    const buf = readFileSync(path);
    const text = buf.toString('utf8');
    if (text.includes('\u0000')) throw new UserError(`${path}: binary file, expected a ${what}`);
    return text;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${path}: ${describeFsError(e)}`);
  }
}

export function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a component of the path is not a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
