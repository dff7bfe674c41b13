// The expected-console format and matcher (expected.ts), and the expected files themselves:
// present for every example and architecture, parseable, with the "Verification Passed" counts of
// docs/bail-study.md §2 and the partition table of each configuration.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../../spec/config/decode.js';
import { compareConsole, matchLine, parseExpected, timeTolerance } from './expected.js';
import { BAIL_EXAMPLES, type BailArch } from './index.js';

const ARCHES: readonly BailArch[] = ['x86', 'riscv64'];

describe('expected-console format', () => {
  it('splits lines into text, masks and times, and skips comments', () => {
    const lines = parseExpected(
      '#| a comment\n[HM] <t:797850>:unknown (6):PART(0)\n  PC: 0x<A>  SP: 0x0\n\n',
    );
    expect(lines.map((l) => l.source)).toEqual([2, 3, 4]);
    expect(lines[0]?.tokens).toEqual([
      { kind: 'text', text: '[HM] ' },
      { kind: 'time', predicted: 797850 },
      { kind: 'text', text: ':unknown (6):PART(0)' },
    ]);
    expect(lines[2]?.tokens).toEqual([]);
  });

  it('masks numbers by kind and keeps other "<" literal', () => {
    const [eip] = parseExpected('EIP: 0x139:[<0x<A>>] ESP: 0x141:[<0x<A>>] EFLAGS: 0x<A>  ');
    expect(matchLine(eip!, 'EIP: 0x139:[<0x61000a4>] ESP: 0x141:[<0x60ffe00>] EFLAGS: 0x10246  ')).toBeNull();
    expect(matchLine(eip!, 'EIP: 0x139:[<0x61000a4>] ESP: 0x141:[<0x60ffe00>] EFLAGS: 0x10246')).toBe(
      'the text differs',
    );
    const [hart] = parseExpected('Starting secondary hart <H> (logical CPU 1)');
    expect(matchLine(hart!, 'Starting secondary hart 1 (logical CPU 1)')).toBeNull();
    expect(matchLine(hart!, 'Starting secondary hart x (logical CPU 1)')).not.toBeNull();
  });

  it('accepts a time within 200 ms + 2 % of the prediction and no further', () => {
    const [l] = parseExpected('[0] [<t:1207389>:<t:509548>] IRQ HW Timer');
    expect(timeTolerance(1_000_000)).toBe(220_000);
    expect(matchLine(l!, '[0] [1207389:509548] IRQ HW Timer')).toBeNull();
    expect(matchLine(l!, '[0] [1431536:509548] IRQ HW Timer')).toBeNull();
    expect(matchLine(l!, '[0] [1431537:509548] IRQ HW Timer')).toMatch(/off the predicted 1207389/);
  });

  it('reports the first difference: text, a missing line, an extra line', () => {
    const e = parseExpected('a\nb <n>\n');
    expect(compareConsole(e, ['a', 'b -3'])).toBeNull();
    expect(compareConsole(e, ['a', 'c 1'])).toMatchObject({
      index: 1,
      expectedSource: 2,
      reason: 'the text differs',
    });
    expect(compareConsole(e, ['a'])).toMatchObject({ index: 1, reason: 'the console ended early' });
    expect(compareConsole(e, ['a', 'b 2', 'z'])).toMatchObject({
      index: 2,
      actual: 'z',
      reason: 'an extra console line',
    });
  });
});

/** "Verification Passed" lines per example (docs/bail-study.md §2, the same on both ports). */
const PASSED: Readonly<Record<string, number>> = {
  helloworld: 1,
  helloworld_smp: 2,
  'example.001': 2,
  'example.002': 1,
  'example.006': 1,
  'example.007': 1,
  'example.008': 2,
};

describe('expected consoles of the examples', () => {
  for (const ex of BAIL_EXAMPLES) {
    for (const arch of ARCHES) {
      it(`${ex.name} on ${arch}: parses, has its "Verification Passed" count and the configuration's partition table`, () => {
        const text = readFileSync(fileURLToPath(ex.expected(arch)), 'utf8');
        const lines = parseExpected(text);
        const plain = lines.map((l) => l.tokens.map((t) => (t.kind === 'text' ? t.text : '#')).join(''));
        expect(plain.filter((l) => l.endsWith('Verification Passed')).length).toBe(PASSED[ex.name]);
        const r = decodeConfig(readFileSync(fileURLToPath(ex.config(arch)), 'utf8'), arch);
        if (!r.ok) throw new Error(`${ex.name} ${arch} configuration does not decode`);
        for (const p of r.config.partitions) {
          const flags = p.flags.includes('system') ? ' SYSTEM' : '';
          expect(plain).toContain(`P${p.id} ("${p.name ?? ''}":${p.id}:${p.vcpus}) flags: [${flags} ]:`);
          const a = p.areas[0]!;
          const end = (a.start + a.size - 1).toString(16);
          const area = `    [0x${a.start.toString(16)}:0x${a.mappedAt.toString(16)} - 0x${end}:0x${end}] flags: 0x`;
          expect(plain.some((l) => l.startsWith(area))).toBe(true);
        }
      });
    }
  }
});
