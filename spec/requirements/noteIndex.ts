/**
 * What a specification note contains that the catalogue and the decision table refer to: its
 * numbered sections, the anomaly markers of its anomaly section, and the errata at its top.
 * A pure function of the note's Markdown text, so that tests (and the evidence generator) can
 * check every `§` reference and every anomaly id against the notes themselves
 * (docs/reference/prtos-notes/).
 *
 * Conventions it relies on, as both notes follow them:
 * - numbered headings `## 8. Title` / `### 3.4 Title`, and `## Appendix A. Title`;
 * - the anomaly section is the numbered `##` section whose title starts with "Anomal", and each
 *   anomaly in it starts with a bold marker `**A<n> [<tag>]` (`A26b` style suffixes allowed; the
 *   bold may run past the tag, as in `**A1 [F] (inherited)**`);
 * - the errata are a block quote at the top whose first line contains `**Errata`, with items
 *   `> <n>. …`;
 * - transition tables have the row label in their first cell (`| P1' | …`, `| V4 | …`), and
 *   algorithms are numbered lists (`1. **Cached decision.** …`) directly in their section.
 */

export interface NoteIndex {
  /** `§3.4`, `§8`, `§A` …, plus `Errata` when the note has errata. */
  readonly sections: ReadonlySet<string>;
  /** Anomaly id (`A5`, `A26b`) to its bracket tag (`F`, `critical — system DoS`). */
  readonly anomalies: ReadonlyMap<string, string>;
  /** Number of errata items (0 if none). */
  readonly errata: number;
  /** Row labels of the transition tables, in order: `P0`, `P1'`, `V9` … */
  readonly transitions: readonly string[];
  /** Section to the number of top-level numbered steps listed directly in it. */
  readonly steps: ReadonlyMap<string, number>;
}

const NUMBERED_HEADING = /^#{2,3} ([0-9]+(?:\.[0-9]+)?)\.?\s/;
const APPENDIX_HEADING = /^## Appendix ([A-Z])\.?\s/;
const ANOMALY_SECTION = /^## [0-9]+\.\s+Anomal/;
const ANOMALY_MARKER = /\*\*(A[0-9]+[a-z]?) \[([^\]]*)\]/g;
const ERRATA_ITEM = /^>\s*([0-9]+)\.\s/;
const TRANSITION_ROW = /^\|\s*([PV][0-9]+'?)\s*\|/;
const STEP_ITEM = /^([0-9]+)\.\s/;

export function indexNote(markdown: string): NoteIndex {
  const lines = markdown.split(/\r?\n/);
  const sections = new Set<string>();
  const anomalies = new Map<string, string>();
  let errata = 0;
  const transitions: string[] = [];
  const steps = new Map<string, number>();
  let section = '';
  let inAnomalies = false;
  let inErrata = false;

  for (const line of lines) {
    const numbered = NUMBERED_HEADING.exec(line);
    const appendix = APPENDIX_HEADING.exec(line);
    if (numbered?.[1] !== undefined) sections.add((section = `§${numbered[1]}`));
    if (appendix?.[1] !== undefined) sections.add((section = `§${appendix[1]}`));
    const row = TRANSITION_ROW.exec(line)?.[1];
    if (row !== undefined) transitions.push(row);
    const step = STEP_ITEM.exec(line)?.[1];
    if (step !== undefined && section !== '')
      steps.set(section, Math.max(steps.get(section) ?? 0, Number(step)));
    // A new top-level section ends the anomaly list; its own subsections (### …) do not.
    if (line.startsWith('## ')) inAnomalies = ANOMALY_SECTION.test(line);
    if (inAnomalies) {
      for (const m of line.matchAll(ANOMALY_MARKER)) {
        const [, id, tag] = m;
        if (id !== undefined && tag !== undefined) {
          if (anomalies.has(id)) throw new Error(`anomaly ${id} is marked twice`);
          anomalies.set(id, tag);
        }
      }
    }

    if (line.startsWith('>') && line.includes('**Errata')) inErrata = true;
    else if (inErrata && !line.startsWith('>')) inErrata = false;
    if (inErrata) {
      const item = ERRATA_ITEM.exec(line);
      if (item?.[1] !== undefined) errata = Math.max(errata, Number(item[1]));
    }
  }
  if (errata > 0) sections.add('Errata');
  return { sections, anomalies, errata, transitions, steps };
}
