/**
 * `prtos-ref validate` end to end (issue 4): the command as a user runs it, its output and exit
 * codes, on good files, bad configurations and files that are not configurations at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = join(root, 'cli', 'bin', 'prtos-ref.js');
const fixtures = join(root, 'spec', 'config', '__fixtures__');
const negative = (name: string) => join(fixtures, 'negative', name);
const extra = (name: string) => join(fixtures, 'validator-extra', name);

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'validate', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), 'prtos-ref-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const scratchFile = (name: string, content: string | Buffer) => {
  const f = join(scratch, name);
  writeFileSync(f, content);
  return f;
};

const noStackTrace = (s: string) => expect(s).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);

describe('prtos-ref validate', () => {
  it('exits 0 and prints nothing for valid configurations of several architectures', () => {
    const r = run(negative('OK00.x86.xml'), negative('RV01.riscv64.xml'), negative('LA01.loongarch64.xml'));
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('prints <file>:<line>: <message> [<rule>] and exits 2 for an invalid one', () => {
    const file = negative('MA07.x86.xml');
    const r = run(file);
    expect(r.code).toBe(2);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:27: .*\\(line 22\\).* \\[CFG-MEM-OVERLAP\\]$`,
      ),
    );
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('takes the architecture from the file name unless --arch is given', () => {
    const file = extra('XO06.riscv64.xml'); // an empty IoPorts element: refused on riscv64 only
    expect(run(file).stdout).toMatch(/\[CFG-IOPORT-ARCH\]/);
    expect(run('--arch', 'x86', file).code).toBe(0);
  });

  it('--json prints one array and nothing else on standard output, one entry per file', () => {
    const dir = join(scratch, 'a-directory');
    mkdirSync(dir, { recursive: true });
    const files = [negative('OK00.x86.xml'), negative('IO04.riscv64.xml'), dir, join(scratch, 'missing.xml')];
    const r = run('--json', ...files);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as {
      file: string;
      arch: string;
      ok: boolean;
      errors: { line: number; rule: string; message: string }[];
    }[];
    expect(out.map((v) => v.file)).toEqual(files);
    expect(out.map((v) => v.ok)).toEqual([true, false, false, false]);
    expect(out[1]?.arch).toBe('riscv64');
    expect(out[1]?.errors[0]?.rule).toBe('CFG-IOPORT-ARCH');
    expect(out[2]?.errors[0]).toMatchObject({ line: 0, rule: 'CFG-FILE' });
    expect(out[3]?.errors[0]?.message).toMatch(/no such file/);
  });

  it('usage errors exit 1: no file, unknown architecture', () => {
    expect(run().code).toBe(1);
    expect(run('--arch', 'sparc', negative('OK00.x86.xml')).code).toBe(1);
  });

  it('files that are not configurations: one clear line each, exit 2, no stack trace, no hang', () => {
    const deep = 200;
    const files = [
      scratchFile('empty.xml', ''),
      scratchFile('text.xml', 'this is not XML\n'),
      scratchFile('binary.xml', Buffer.from([0x3c, 0x00, 0x01, 0x02])),
      scratchFile('deep.xml', `${'<a>'.repeat(deep)}${'</a>'.repeat(deep)}`),
      scratchFile('huge.xml', `<SystemDescription>${'<!-- padding -->'.repeat(200_000)}</SystemDescription>`),
      scratchFile(
        'unclosed.xml',
        '<SystemDescription xmlns="http://www.prtos.org/prtos-1.x">\n<HwDescription>\n',
      ),
      join(scratch),
    ];
    const r = run(...files);
    expect(r.code).toBe(2);
    noStackTrace(r.stdout);
    noStackTrace(r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(files.length);
    lines.forEach((line, i) => expect(line.startsWith(files[i] ?? '?')).toBe(true));
    expect(lines[0]).toMatch(/empty file.*\[CFG-XML\]$/);
    expect(lines[2]).toMatch(/binary file.*\[CFG-FILE\]$/);
    expect(lines[3]).toMatch(/nested too deeply.*\[CFG-XML\]$/);
    expect(lines[4]).toMatch(/\[CFG-SIZE\]$/);
    expect(lines[6]).toMatch(/is a directory.*\[CFG-FILE\]$/);
  });
});
