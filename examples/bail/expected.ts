/**
 * Expected consoles: the format of `expected.<arch>.txt` and the comparison of a run's console
 * with it, by the rule the examples are judged by — line text and order with numbers masked, and
 * times within 200 ms + 2 % (issue 5, "How we will judge it"; docs/bail-study.md §1.5).
 *
 * Format: one console line per file line, as printed (kernel and partition lines in output order,
 * without the newline; an empty line is an empty console line). A line starting with `#|` is a
 * comment. Placeholders (docs/bail-study.md conventions):
 * - `<A>` a build- or layout-dependent hexadecimal number (kernel pointers, guest PC/SP/registers);
 * - `<H>` a host-measured decimal number (x86 MHz and LAPIC kHz, the riscv64 hart id);
 * - `<J>` junk from a format/argument size mismatch (x86 boot lines; hex or decimal digits);
 * - `<n>` any decimal integer;
 * - `<t:V>` a time in µs whose predicted value is V: the printed time T must satisfy
 *   |T − V| ≤ 200 000 + 2 % of V.
 * Every other character must match exactly (a `<` that does not start one of these is literal).
 */

export type Token =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'mask'; readonly mask: 'A' | 'H' | 'J' | 'n' }
  | { readonly kind: 'time'; readonly predicted: number };

export interface ExpectedLine {
  /** Line number in the expected file (1-based). */
  readonly source: number;
  readonly tokens: readonly Token[];
}

const PLACEHOLDER = /<(A|H|J|n)>|<t:(\d+)>/g;

/** The expected lines of an `expected.<arch>.txt` text. */
export function parseExpected(text: string): ExpectedLine[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: ExpectedLine[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith('#|')) return;
    const tokens: Token[] = [];
    let last = 0;
    for (const m of line.matchAll(PLACEHOLDER)) {
      if (m.index > last) tokens.push({ kind: 'text', text: line.slice(last, m.index) });
      if (m[2] !== undefined) tokens.push({ kind: 'time', predicted: Number(m[2]) });
      else tokens.push({ kind: 'mask', mask: m[1] as 'A' | 'H' | 'J' | 'n' });
      last = m.index + m[0].length;
    }
    if (last < line.length) tokens.push({ kind: 'text', text: line.slice(last) });
    out.push({ source: i + 1, tokens });
  });
  return out;
}

/** The tolerance on a time predicted as `v` µs. */
export function timeTolerance(v: number): number {
  return 200_000 + 0.02 * v;
}

const MASK_PATTERN: Readonly<Record<'A' | 'H' | 'J' | 'n', string>> = {
  A: '[0-9a-fA-F]+',
  H: '[0-9]+',
  J: '[0-9a-fA-F]+',
  n: '-?[0-9]+',
};

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Why one actual line does not match its expected line, or null if it does. */
export function matchLine(expected: ExpectedLine, actual: string): string | null {
  const re = new RegExp(
    '^' +
      expected.tokens
        .map((t) =>
          t.kind === 'text' ? escape(t.text) : t.kind === 'mask' ? MASK_PATTERN[t.mask] : '(-?[0-9]+)',
        )
        .join('') +
      '$',
  );
  const m = re.exec(actual);
  if (m === null) return 'the text differs';
  let group = 1;
  for (const t of expected.tokens) {
    if (t.kind !== 'time') continue;
    const got = Number(m[group++]);
    if (Math.abs(got - t.predicted) > timeTolerance(t.predicted)) {
      return `time ${got} is off the predicted ${t.predicted} by more than ${Math.round(timeTolerance(t.predicted))} µs`;
    }
  }
  return null;
}

export interface ConsoleMismatch {
  /** Index of the console line (0-based), or the line count when lines are missing. */
  readonly index: number;
  readonly expectedSource: number | null;
  readonly actual: string | null;
  readonly reason: string;
}

/** The first difference between the expected lines and a console, or null if they match. */
export function compareConsole(
  expected: readonly ExpectedLine[],
  actual: readonly string[],
): ConsoleMismatch | null {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === undefined)
      return { index: i, expectedSource: null, actual: a ?? null, reason: 'an extra console line' };
    if (a === undefined)
      return { index: i, expectedSource: e.source, actual: null, reason: 'the console ended early' };
    const why = matchLine(e, a);
    if (why !== null) return { index: i, expectedSource: e.source, actual: a, reason: why };
  }
  return null;
}
