/**
 * Test helper: reads the reference notes and transcripts shipped in docs/reference, so that the
 * tables of spec/constants can be checked against a second, independently written source.
 *
 * The notes (docs/reference/prtos-notes) were written from the PRTOS source by hand; the
 * transcripts (docs/reference/prtos-transcripts) are console output of the real system. Neither
 * is generated from spec/constants, so agreement is evidence, not tautology.
 */
import { readFileSync } from 'node:fs';

const DOCS = new URL('../../../docs/reference/', import.meta.url);

export function readNote(name: 'prtos-hypercalls' | 'prtos-states'): string {
  return readFileSync(new URL(`prtos-notes/${name}.md`, DOCS), 'utf8');
}

export function readTranscript(name: string): string {
  return readFileSync(new URL(`prtos-transcripts/${name}`, DOCS), 'utf8');
}

/** The text from the heading that starts with `from` up to the next heading of the same or a higher level. */
export function noteSection(md: string, from: string): string {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith(from));
  if (start < 0) throw new Error(`no heading ${from}`);
  const level = /^#+/.exec(from)?.[0].length ?? 0;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => {
    const m = /^(#+) /.exec(l);
    return m?.[1] !== undefined && m[1].length <= level;
  });
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

/** The cells of every markdown table row in `text` (header and separator rows dropped); `\|` stays inside a cell. */
export function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    rows.push(cells);
  }
  return rows;
}

/** Drops markdown emphasis and code marks. */
export function plain(cell: string): string {
  return cell.replace(/\*\*|`/g, '');
}
