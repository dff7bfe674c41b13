/**
 * The configuration fixtures shipped with the repository, for tests and tools.
 *
 * `__fixtures__/prtos-configs/` holds the real PRTOS XML configurations from the PRTOS source tree
 * (all valid for the architecture named last in the file name); `__fixtures__/negative/` holds
 * small configurations that each break one rule, with `expected.tsv`: what the real prtoscparser
 * answered (exit code, first and last line of its error output, `<file>` standing for the path).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isArch, type Arch } from '../constants/arch.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REAL_CONFIG_DIR = join(here, '__fixtures__', 'prtos-configs');
export const NEGATIVE_CONFIG_DIR = join(here, '__fixtures__', 'negative');

export function realConfigFiles(): string[] {
  return readdirSync(REAL_CONFIG_DIR)
    .filter((f) => f.endsWith('.xml'))
    .sort();
}

export interface NegativeCase {
  readonly id: string;
  readonly arch: Arch;
  readonly file: string;
  readonly exitCode: number;
  readonly label: string;
  readonly description: string;
  readonly firstLine: string;
  readonly lastLine: string;
  /** The line number the reference message gives inside the file, if it gives one. */
  readonly referenceLine: number | undefined;
}

export function negativeCases(): NegativeCase[] {
  const rows = readFileSync(join(NEGATIVE_CONFIG_DIR, 'expected.tsv'), 'utf8').split('\n').slice(1);
  const out: NegativeCase[] = [];
  for (const row of rows) {
    if (row.trim() === '') continue;
    const [id = '', arch = '', code = '', label = '', description = '', first = '', last = ''] =
      row.split('\t');
    if (!isArch(arch)) throw new Error(`expected.tsv: unknown architecture ${arch} for ${id}`);
    const m = /^<file>:(\d+):/.exec(first);
    out.push({
      id,
      arch,
      file: join(NEGATIVE_CONFIG_DIR, `${id}.${arch}.xml`),
      exitCode: Number(code),
      label,
      description,
      firstLine: first,
      lastLine: last,
      referenceLine: m?.[1] === undefined ? undefined : Number(m[1]),
    });
  }
  return out;
}
