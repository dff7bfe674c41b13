/**
 * `prtos-ref` end to end, part 2 (docs/cli.md): the commands that run systems — `run` of a BAIL
 * example (console, `--until`, `--trace`), `check` (results file, a seeded fault caught, the
 * coverage line) and `replay` of the counterexample `check` wrote, which must fail again the
 * same way (DESIGN.md "Determinism and replay"). Run counts are small: these tests are about the
 * command line, the property suites have their own tests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isRight } from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { compareConsole, parseExpected } from '../examples/bail/expected.js';
import { CheckResults } from '../properties/results.js';
import { decodeTrace } from '../spec/trace/jsonl.js';
import { CODE, ROOT, cli, expectNoStackTrace, literal, scratchDir } from './cli.test-util.js';

const scratch = scratchDir('prtos-ref-cli-check-');
afterAll(() => scratch.remove());

describe('prtos-ref run', () => {
  const trace = join(scratch.dir, 'helloworld.jsonl');
  const full = cli('run', 'helloworld', '--arch', 'x86', '--fidelity', 'real', '--trace', trace);

  it('run helloworld --arch x86 --fidelity real prints the console of the real system and exits 0', () => {
    expectNoStackTrace(full);
    expect(full.code).toBe(CODE.ok);
    // The console PRTOS prints, line by line, as the example's expected file derives it.
    const expected = parseExpected(
      readFileSync(join(ROOT, 'examples', 'bail', 'helloworld', 'expected.x86.txt'), 'utf8'),
    );
    const out = full.stdout.split('\n');
    if (out.at(-1) === '') out.pop();
    expect(compareConsole(expected, out)).toBeNull();
    expect(out).toContain('PRTOS Hypervisor (1.0 r0)');
    expect(out).toContain('[0] Verification Passed');
    expect(full.stderr).toMatch(
      new RegExp(
        `^prtos-ref: run ended: every partition halted \\(at \\d+ µs\\); trace in ${literal(trace)}\\n$`,
      ),
    );
  });

  it('--trace writes a trace whose every line decodes with spec/trace', () => {
    const text = readFileSync(trace, 'utf8');
    const decoded = decodeTrace(text, trace);
    expect(isRight(decoded) ? [] : decoded.left).toEqual([]);
    if (!isRight(decoded)) return;
    const t = decoded.right;
    expect(t.header.arch).toBe('x86');
    expect(t.header.fidelity).toBe('real');
    expect(t.events.length).toBe(text.trimEnd().split('\n').length - 1);
    // The console lines of the trace are the partition's lines the run printed.
    const consoleTexts = t.events.flatMap((e) => (e.ev === 'console' ? [e.text] : []));
    expect(consoleTexts).toContain('[0] Verification Passed');
    for (const line of consoleTexts) expect(full.stdout).toContain(line);
  });

  it('--until stops the run early and says so', () => {
    const decoded = decodeTrace(readFileSync(trace, 'utf8'));
    const passed = isRight(decoded)
      ? decoded.right.events.find((e) => e.ev === 'console' && e.text.includes('Verification Passed'))
      : undefined;
    // A stop well before the full run printed its verdict (the full run's own trace says when).
    const until = 30_000;
    expect(passed?.t).toBeGreaterThan(until);
    const early = join(scratch.dir, 'early.jsonl');
    const r = cli('run', 'helloworld', '--fidelity', 'real', '--until', '30ms', '--trace', early);
    expectNoStackTrace(r);
    expect(r.code).toBe(CODE.ok);
    expect(r.stderr).toMatch(new RegExp(`^prtos-ref: run ended: reached --until ${until} µs`));
    expect(r.stdout).not.toContain('Verification Passed');
    const cut = decodeTrace(readFileSync(early, 'utf8'));
    expect(isRight(cut)).toBe(true);
    if (isRight(cut)) for (const e of cut.right.events) expect(e.t).toBeLessThanOrEqual(until);
  });
});

describe('prtos-ref check', () => {
  it('check --runs 3 --suite temporal --json out.json exits 0 and writes results in the CheckResults schema', () => {
    const out = join(scratch.dir, 'results.json');
    const r = cli(
      'check',
      '--runs',
      '3',
      '--suite',
      'temporal',
      '--json',
      out,
      '--no-progress',
      '--seed',
      '11',
    );
    expectNoStackTrace(r);
    expect(r.code).toBe(CODE.ok);
    expect(r.stdout).toContain(`evidence: results in ${out}`);
    expect(r.stdout).toMatch(/all suites hold/);
    const decoded = CheckResults.decode(JSON.parse(readFileSync(out, 'utf8')));
    expect(isRight(decoded)).toBe(true);
    if (!isRight(decoded)) return;
    const res = decoded.right;
    expect(res.verdict).toBe('pass');
    expect(res.seed).toBe(11);
    expect(res.runsPerSuite).toBe(3);
    expect(res.suites.map((s) => s.id)).toEqual(['temporal']);
    expect(res.suites[0]?.runs).toBe(3);
  });

  describe('a seeded fault: check fails, and its replay line reproduces the failure', () => {
    const out = join(scratch.dir, 'counterexamples');
    const fault = 'slot-end-off-by-one';
    const checked = cli(
      'check',
      '--runs',
      '30',
      '--suite',
      'temporal',
      '--fault',
      fault,
      '--seed',
      '1',
      '--out',
      out,
      '--no-progress',
    );
    const replayLine = /^ {2}replay: npx prtos-ref replay (\S+)$/m.exec(checked.stdout);
    const ceFile = replayLine?.[1];

    it('exits 2, names the broken requirement and prints the replay line', () => {
      expectNoStackTrace(checked);
      expect(checked.code).toBe(CODE.failed);
      expect(checked.stdout).toMatch(/^FAILED temporal: temporal\.[\w.-]+ violated: /m);
      expect(checked.stdout).toMatch(/^ {2}requirement REQ-SCHED-\d+: /m);
      expect(checked.stdout).toContain(`seeded faults on: ${fault}`);
      expect(ceFile).toBeDefined();
      // The counterexample file is in --out and is the one written.
      expect(readdirSync(out).map((f) => join(out, f))).toEqual([ceFile]);
    });

    it('the replay command fails again with the same exit code and the same report', () => {
      expect(ceFile).toBeDefined();
      if (ceFile === undefined) return;
      const r = cli('replay', ceFile);
      expectNoStackTrace(r);
      expect(r.code).toBe(checked.code);
      // The report check printed for the failure, from FAILED to the replay line, comes again
      // word for word (the step list in it is rebuilt by running the file's run again).
      const report = (text: string): string => {
        const start = text.indexOf('FAILED ');
        const end = text.indexOf('\n', text.indexOf('  replay: ', start));
        return text.slice(start, end < 0 ? undefined : end);
      };
      expect(report(checked.stdout)).toMatch(/what went wrong:/);
      expect(report(r.stdout)).toBe(report(checked.stdout));
    });
  });

  it('check --coverage prints the share of reachable coverage items hit', () => {
    const r = cli(
      'check',
      '--runs',
      '3',
      '--suite',
      'temporal',
      '--coverage',
      '--no-progress',
      '--seed',
      '11',
    );
    expectNoStackTrace(r);
    expect(r.code).toBe(CODE.ok);
    const m = /^coverage: (\d+)\/(\d+) reachable items \((\d+\.\d)%\), \d+ listed as unreachable$/m.exec(
      r.stdout,
    );
    expect(m).not.toBeNull();
    const [hit, reachable, percent] = [Number(m?.[1]), Number(m?.[2]), Number(m?.[3])];
    expect(hit).toBeGreaterThan(0);
    expect(hit).toBeLessThanOrEqual(reachable);
    expect(percent).toBeCloseTo((100 * hit) / reachable, 1);
  });
});
