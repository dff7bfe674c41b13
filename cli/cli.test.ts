/**
 * `prtos-ref` end to end, part 1 (docs/cli.md): how every command treats bad input — one line
 * `prtos-ref: ...`, the documented exit code, never a stack trace — and the commands that only
 * read: `show`, `quirks`, `model`. The commands that run systems (`run`, `check`, `replay` of a
 * real failure) are in cli.check.test.ts.
 *
 * Facts the tests compare against come from the input files themselves (the example XML, the
 * validator fixtures, the corpus counterexample), never from an earlier run of the tool.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CODE,
  ROOT,
  cli,
  expectNoStackTrace,
  expectOneLineError,
  lines,
  literal,
  scratchDir,
  type CliRun,
} from './cli.test-util.js';

const scratch = scratchDir('prtos-ref-cli-');
afterAll(() => scratch.remove());
const scratchFile = (name: string, content: string): string => {
  const f = join(scratch.dir, name);
  writeFileSync(f, content);
  return f;
};

const DEFAULT_XML = join('examples', 'default', 'prtos_cf.x86.xml');
/** A configuration whose partition area overlaps the hypervisor's (validator fixture MA07). */
const OVERLAP_XML = join('spec', 'config', '__fixtures__', 'negative', 'MA07.x86.xml');
const CORPUS_CE = join(ROOT, 'conformance', 'corpus', 'hm-log-read-out-words.json');

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`fixture changed: "${needle}" not found`);
  return i + 1;
}

/**
 * An invalid configuration, as docs/cli.md and cli/system.ts print it: each problem as
 * `<file>:<line>: <message> [<rule>]` on standard error, then exactly one `prtos-ref:` line.
 */
function expectInvalidConfig(r: CliRun, file: string, line: number, rule: string): void {
  expectNoStackTrace(r);
  const errs = lines(r.stderr);
  const summary = errs.filter((l) => l.startsWith('prtos-ref: '));
  expect(summary).toEqual([`prtos-ref: ${file}: not a valid PRTOS configuration for x86`]);
  const issues = errs.filter((l) => !l.startsWith('prtos-ref: '));
  expect(issues.length).toBeGreaterThan(0);
  for (const l of issues) expect(l).toMatch(new RegExp(`^${literal(file)}:\\d+: .+ \\[CFG-[A-Z0-9-]+\\]$`));
  expect(issues[0]).toMatch(new RegExp(`^${literal(file)}:${line}: .* \\[${rule}\\]$`));
  expect(r.code).toBe(CODE.failed);
}

describe('bad input: one line, the documented exit code, no stack trace', () => {
  it('an unknown example name lists the examples there are', () => {
    const r = cli('run', 'no-such-example');
    expectOneLineError(
      r,
      CODE.failed,
      /no-such-example: no such file, folder or example \(examples: default, /,
    );
    // Every BAIL example folder is offered.
    const folders = readdirSync(join(ROOT, 'examples', 'bail'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'common')
      .map((d) => d.name);
    for (const name of folders) expect(r.stderr).toContain(name);
  });

  it('a missing file', () => {
    const missing = join(scratch.dir, 'missing.xml');
    expectOneLineError(cli('show', missing), CODE.failed, new RegExp(`${literal(missing)}: no such file$`));
  });

  it('a configuration that does not validate shows <file>:<line> (check, as run: cli/system.ts)', () => {
    const line = lineOf(readFileSync(join(ROOT, OVERLAP_XML), 'utf8'), 'start="0x1200000"');
    const c = cli('check', '--config', OVERLAP_XML, '--runs', '1', '--no-progress');
    expectInvalidConfig(c, OVERLAP_XML, line, 'CFG-MEM-OVERLAP');
    expect(c.stdout).toBe(''); // refused before any suite starts
  });

  it('malformed XML shows <file>:<line> of the bad tag (show decodes it itself: show.ts)', () => {
    // The close tag on line 3 does not match the element opened on line 2.
    const file = scratchFile('malformed.xml', '<SystemDescription>\n  <HwDescription>\n  </Hwdescription>\n');
    expectInvalidConfig(cli('show', file), file, 3, 'CFG-XML');
  });

  describe('usage errors reported by the option parser (commander)', () => {
    const cases: readonly (readonly [string, readonly string[], RegExp])[] = [
      ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
      ['--arch foo', ['run', 'helloworld', '--arch', 'foo'], /'--arch <arch>' argument 'foo' is invalid/],
    ];
    const results = new Map<string, CliRun>();
    const result = (args: readonly string[]): CliRun => {
      const key = args.join('\u0000');
      const cached = results.get(key);
      if (cached !== undefined) return cached;
      const r = cli(...args);
      results.set(key, r);
      return r;
    };

    it.each(cases)('%s: exit 1, no stack trace, the first line names the problem', (_, args, what) => {
      const r = result(args);
      expectNoStackTrace(r);
      expect(r.code).toBe(CODE.usage);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)[0]).toMatch(what);
    });

    it.each(cases)('%s: one line `prtos-ref: ...` as docs/cli.md promises', (_, args, what) => {
      expectOneLineError(result(args), CODE.usage, what);
    });
  });

  it('bad option values the commands check themselves', () => {
    expectOneLineError(cli('check', '--runs', 'abc'), CODE.usage, /--runs must be an integer ≥ 1, got "abc"/);
    expectOneLineError(cli('check', '--shard', '3/2'), CODE.usage, /--shard must be i\/n .*got "3\/2"/);
    expectOneLineError(
      cli('run', 'helloworld', '--until', 'garbage'),
      CODE.usage,
      /--until must be a time such as 2s, 500ms, 1500us or a number of µs, got "garbage"/,
    );
  });

  it('unknown --quirk, --fault and --suite ids', () => {
    expectOneLineError(
      cli('run', 'helloworld', '--quirk', 'no-such-quirk'),
      CODE.usage,
      /unknown quirk no-such-quirk \(see `prtos-ref quirks`\)/,
    );
    expectOneLineError(
      cli('check', '--fault', 'no-such-fault'),
      CODE.usage,
      /unknown seeded fault no-such-fault \(known: .*slot-end-off-by-one/,
    );
    const s = cli('check', '--suite', 'no-such-suite', '--runs', '1', '--no-progress');
    expectOneLineError(
      s,
      CODE.usage,
      /unknown suite "no-such-suite" \(temporal, spatial, hm, privilege, lifecycle, conformance\)/,
    );
  });

  describe('replay of a file that is not a usable counterexample', () => {
    const corpus = readFileSync(CORPUS_CE, 'utf8');
    const ce = JSON.parse(corpus) as Record<string, unknown> & { configXml: string };
    const variant = (name: string, patch: Record<string, unknown>): string =>
      scratchFile(name, `${JSON.stringify({ ...ce, ...patch }, null, 2)}\n`);

    it('the corpus file itself is usable (the variants below differ from it in one field only)', () => {
      const r = cli('replay', CORPUS_CE);
      expectNoStackTrace(r);
      expect(r.stdout).toMatch(/the run now holds/);
      expect(r.code).toBe(CODE.ok);
    });

    it('not JSON: one line even when the parser quotes several lines of the file', () => {
      const f = scratchFile('not-json.json', '{\n  "format": "prtos-ref-counterexample",\n  oops\n}\n');
      expectOneLineError(
        cli('replay', f),
        CODE.failed,
        new RegExp(`^prtos-ref: ${literal(f)}: not JSON \\(`),
      );
    });

    it('JSON of the wrong shape names the field at fault', () => {
      const badArch = variant('bad-arch.json', { arch: 'sparc' });
      expectOneLineError(cli('replay', badArch), CODE.failed, /field "[^"]*arch" is invalid \(got "sparc"\)/);
    });

    it('a configuration that no longer validates: the line inside configXml and the rule', () => {
      // Slot 1 of CPU0's first plan now names a partition the system does not have.
      const needle = 'partitionId="1"';
      expect(ce.configXml).toContain(needle);
      const configXml = ce.configXml.replace(needle, 'partitionId="9"');
      const line = lineOf(configXml, 'partitionId="9"');
      const f = variant('invalid-config.json', { configXml });
      expectOneLineError(
        cli('replay', f),
        CODE.failed,
        new RegExp(
          `${literal(f)}: its configuration is not a valid PRTOS configuration for x86 \\(configXml line ${line}: .+ \\[CFG-[A-Z0-9-]+\\]\\)$`,
        ),
      );
    });

    it('an unknown quirk or seeded fault', () => {
      const q = variant('unknown-quirk.json', { quirks: ['no-such-quirk'] });
      expectOneLineError(
        cli('replay', q),
        CODE.failed,
        /unknown quirk no-such-quirk \(see `prtos-ref quirks`\)$/,
      );
      const f = variant('unknown-fault.json', { faults: ['no-such-fault'] });
      expectOneLineError(cli('replay', f), CODE.failed, /unknown seeded fault no-such-fault \(known: /);
    });
  });

  it('a guest program that throws on a user configuration is bad input, not an internal error', () => {
    // A folder named after a BAIL example runs that example's programs (cli/system.ts) on the
    // folder's own configuration. helloworld's image lives in P0's first area; marked `shared`,
    // that area gives the vCPU no scratch stack (impl/guest/loader.ts), so the program's first
    // console write throws inside the guest runtime.
    const dir = join(scratch.dir, 'user', 'helloworld');
    mkdirSync(dir, { recursive: true });
    const shipped = readFileSync(join(ROOT, 'examples', 'bail', 'helloworld', 'prtos_cf.x86.xml'), 'utf8');
    const area = /<Area start="0x6000000" size="1MB" \/>/;
    expect(shipped).toMatch(area);
    const file = join(dir, 'prtos_cf.x86.xml');
    writeFileSync(file, shipped.replace(area, '<Area start="0x6000000" size="1MB" flags="shared" />'));
    const r = cli('run', dir);
    expectOneLineError(
      r,
      CODE.failed,
      new RegExp(
        `^prtos-ref: ${literal(file)}: guest program P0\\.v0 failed: .+ \\(the helloworld programs do not fit this configuration\\)$`,
      ),
    );
  });
});

describe('prtos-ref show', () => {
  const xml = readFileSync(join(ROOT, DEFAULT_XML), 'utf8');
  const systemName = /<SystemDescription [^>]*name="([^"]+)"/.exec(xml)?.[1];
  const partitions = [...xml.matchAll(/<Partition id="(\d+)" name="([^"]+)"/g)].map((m) => ({
    id: Number(m[1]),
    name: m[2] ?? '',
    line: lineOf(xml, m[0]),
  }));

  it('prints the summary of examples/default', () => {
    expect(systemName).toBeDefined();
    expect(partitions.length).toBeGreaterThan(1);
    const r = cli('show', DEFAULT_XML);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(CODE.ok);
    expect(r.stdout).toContain(`System "${systemName ?? ''}" (x86) from ${DEFAULT_XML}`);
    expect(r.stdout).toContain(`Partitions (${partitions.length}):`);
    for (const p of partitions) expect(r.stdout).toMatch(new RegExp(`^  P${p.id} "${p.name}"`, 'm'));
    const cpus = [...xml.matchAll(/<Processor id="(\d+)"/g)].length;
    expect(r.stdout).toContain(`Processors (${cpus}):`);
  });

  it('--json prints the decoded configuration, each node with its source line', () => {
    const r = cli('show', DEFAULT_XML, '--json');
    expect(r.code).toBe(CODE.ok);
    const decoded = JSON.parse(r.stdout) as {
      name: string;
      arch: string;
      partitions: { id: number; name: string; line: number }[];
    };
    expect(decoded.name).toBe(systemName);
    expect(decoded.arch).toBe('x86');
    expect(decoded.partitions.map((p) => ({ id: p.id, name: p.name, line: p.line }))).toEqual(partitions);
  });
});

describe('prtos-ref quirks', () => {
  interface Row {
    id: string;
    title: string;
    notes: string[];
    breaks: string[];
    arches: string[];
    reproducible: boolean;
    whyNot?: string;
  }
  const json = cli('quirks', '--json');
  const rows = JSON.parse(json.stdout) as Row[];

  it('--json: every entry has an id, its note and title, the requirements it breaks, arches, reproducible', () => {
    expect(json.code).toBe(CODE.ok);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((q) => q.id)).size).toBe(rows.length);
    for (const q of rows) {
      expect(q.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(q.title.length).toBeGreaterThan(0);
      expect(q.notes.length).toBeGreaterThan(0);
      expect(q.breaks.length).toBeGreaterThan(0);
      for (const req of q.breaks) expect(req).toMatch(/^REQ-[A-Z]+-\d+$/);
      expect(q.arches.length).toBeGreaterThan(0);
      expect(typeof q.reproducible).toBe('boolean');
      // A quirk this emulation cannot reproduce says why.
      if (!q.reproducible) expect(q.whyNot ?? '').not.toBe('');
    }
  });

  it('lists every id, and the counts, in text', () => {
    const r = cli('quirks');
    expect(r.code).toBe(CODE.ok);
    for (const q of rows) expect(r.stdout).toMatch(new RegExp(`^${literal(q.id)}  \\[`, 'm'));
    const repro = rows.filter((q) => q.reproducible).length;
    expect(r.stdout).toContain(
      `${rows.length} quirks, ${repro} reproducible, ${rows.length - repro} not reproducible`,
    );
  });
});

describe('prtos-ref model', () => {
  interface Item {
    id: string;
    kind: 'state' | 'transition';
    machine: string;
    requirements: string[];
  }
  const json = cli('model', '--list', '--json');
  const items = (JSON.parse(json.stdout) as { items: Item[] }).items;
  const machines = [...new Set(items.map((i) => i.machine))].sort();

  it('--list prints every state with its requirement ids', () => {
    expect(json.code).toBe(CODE.ok);
    const states = items.filter((i) => i.kind === 'state');
    expect(states.length).toBeGreaterThan(0);
    expect(states.some((s) => s.requirements.length > 0)).toBe(true);
    const r = cli('model', '--list');
    expect(r.code).toBe(CODE.ok);
    const out = r.stdout.split('\n');
    for (const s of states) {
      const row = out.find((l) => l.startsWith(`${s.id} `) || l === s.id);
      expect(row, s.id).toBeDefined();
      for (const req of s.requirements) expect(row).toMatch(new RegExp(`\\b${req}\\b`));
    }
    expect(r.stdout).toContain(`${states.length} states, ${items.length - states.length} transitions`);
  });

  it('--svg writes one SVG per machine', () => {
    const dir = join(scratch.dir, 'svg');
    const r = cli('model', '--svg', dir);
    expect(r.code).toBe(CODE.ok);
    expect(machines.length).toBeGreaterThan(1);
    expect(readdirSync(dir).sort()).toEqual(machines.map((m) => `${m}.svg`));
    for (const m of machines) {
      const svg = readFileSync(join(dir, `${m}.svg`), 'utf8');
      expect(svg).toMatch(/<svg[\s>]/);
      expect(svg).toMatch(/<\/svg>\s*$/);
    }
  });
});
