/**
 * Helpers for the end-to-end tests of the `prtos-ref` command line (cli.test.ts,
 * cli.check.test.ts): run the command as a user runs it, as a child process from the repository
 * root, and hold its output to the contract of docs/cli.md — bad input is one line
 * `prtos-ref: <what is wrong>` on standard error and a documented exit code, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'cli', 'bin', 'prtos-ref.js');

/** docs/cli.md "Exit codes"; written out here, not imported, so a change to errors.ts shows. */
export const CODE = { ok: 0, usage: 1, failed: 2, internal: 3 } as const;

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `prtos-ref <args>` from the repository root, without a terminal and without debug output. */
export function cli(...args: string[]): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['PRTOS_REF_DEBUG'];
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scratch folder under the system's temporary folder, and its removal. */
export function scratchDir(prefix: string): { readonly dir: string; readonly remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const lines = (text: string): string[] => text.split('\n').filter((l) => l.trim() !== '');

/** No stack frame (`    at f (file:1:2)`), no thrown error printed by Node. */
export function expectNoStackTrace(r: CliRun): void {
  for (const text of [r.stdout, r.stderr]) {
    expect(text).not.toMatch(/^\s+at /m);
    expect(text).not.toMatch(/^\w*Error: /m);
    expect(text).not.toMatch(/node:internal|Node\.js v\d+/);
  }
  expect(r.stderr).not.toMatch(/internal error/);
}

/**
 * Bad input as docs/cli.md promises it: the exit code, no stack trace, and exactly one line on
 * standard error, `prtos-ref: ...`, matching `what`.
 */
export function expectOneLineError(r: CliRun, code: number, what: RegExp): void {
  expectNoStackTrace(r);
  expect(r.stderr).toMatch(/\n$/);
  const errs = lines(r.stderr);
  expect(errs).toHaveLength(1);
  expect(errs[0]).toMatch(/^prtos-ref: /);
  expect(errs[0]).toMatch(what);
  expect(r.code).toBe(code);
}

/** Escapes a path for use inside a RegExp. */
export const literal = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
