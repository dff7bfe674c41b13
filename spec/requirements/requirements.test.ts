/**
 * The requirement catalogue is well formed and traces to sections that exist in the notes, every
 * numbered section of behaviour in the notes is the source of some requirement, and the property
 * table names only requirements that exist.
 */
import { readFileSync } from 'node:fs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  AREAS,
  BASELINE,
  NOTES,
  PROPERTY_KEYS,
  PROPERTY_REQUIREMENTS,
  REQUIREMENTS,
  REQUIREMENT_ID_PATTERN,
  RequirementCodec,
  isKnownRequirement,
  requirementById,
  requirementsOfArea,
  type NoteName,
} from './index.js';
import { indexNote, type NoteIndex } from './noteIndex.js';

function loadNote(note: NoteName): NoteIndex {
  const url = new URL(`../../docs/reference/prtos-notes/${note}.md`, import.meta.url);
  return indexNote(readFileSync(url, 'utf8'));
}

const NOTE_INDEX: Readonly<Record<NoteName, NoteIndex>> = {
  'prtos-states': loadNote('prtos-states'),
  'prtos-hypercalls': loadNote('prtos-hypercalls'),
};

/**
 * Sections that state no checkable behaviour of their own: headings that only group
 * subsections, the conventions/state inventory, the hypercall summary table (every hypercall has
 * its own section), the PCT field list that prtos-states §7.3 and spec/pct.ts restate, the
 * anomaly lists (covered by the decision table), and the model-structure advice.
 */
const NOT_SOURCES: Readonly<Record<NoteName, readonly string[]>> = {
  'prtos-states': ['§1', '§2', '§3', '§4', '§5', '§6', '§7', '§9'],
  'prtos-hypercalls': ['§2', '§3', '§3.1', '§4', '§5', '§6', '§7', '§2.1'],
};

describe('requirement ids', () => {
  it('are well formed, unique and name their own area', () => {
    const seen = new Set<string>();
    for (const r of REQUIREMENTS) {
      expect(r.id).toMatch(REQUIREMENT_ID_PATTERN);
      expect(seen.has(r.id), r.id).toBe(false);
      seen.add(r.id);
      expect(r.id.split('-')[1], r.id).toBe(r.area);
    }
  });

  it('increase within each area, and every area has requirements', () => {
    for (const area of AREAS) {
      const numbers = requirementsOfArea(area).map((r) => Number(r.id.split('-')[2]));
      expect(numbers.length, area).toBeGreaterThan(0);
      for (let i = 1; i < numbers.length; i++)
        expect(numbers[i], `${area} #${i}`).toBeGreaterThan(numbers[i - 1] ?? 0);
    }
  });

  it('are all found by requirementById, and nothing else is', () => {
    for (const r of REQUIREMENTS) {
      expect(requirementById(r.id)).toBe(r);
      expect(isKnownRequirement(r.id)).toBe(true);
    }
    expect(requirementById('REQ-SCHED-9999')).toBeUndefined();
    expect(requirementById('REQ-NOPE-1')).toBeUndefined();
    expect(isKnownRequirement('REQ-SCHED-0')).toBe(false);
  });
});

describe('requirement content', () => {
  it('is one sentence with "shall"', () => {
    for (const r of REQUIREMENTS) {
      expect(r.text, r.id).toMatch(/\bshall\b/);
      expect(r.text.endsWith('.'), r.id).toBe(true);
      // A full stop followed by a capital would start a second sentence.
      expect(r.text, r.id).not.toMatch(/\.\s+[A-Z]/);
    }
  });

  it('has a rationale whenever it is derived', () => {
    for (const r of REQUIREMENTS.filter((x) => x.derived)) {
      expect(r.rationale?.trim().length ?? 0, r.id).toBeGreaterThan(20);
    }
  });

  it('cites sections that exist in the named note', () => {
    for (const r of REQUIREMENTS) {
      expect(NOTES).toContain(r.source.note);
      expect([...NOTE_INDEX[r.source.note].sections], `${r.id} ${r.source.section}`).toContain(
        r.source.section,
      );
    }
  });

  it('cites PRTOS sources as path:line or path:first-last with first <= last', () => {
    for (const r of REQUIREMENTS) {
      for (const ref of r.source.prtos) {
        const m = /:([0-9]+)(?:-([0-9]+))?$/.exec(ref);
        expect(m, `${r.id} ${ref}`).not.toBeNull();
        if (m?.[2] !== undefined) expect(Number(m[2]), `${r.id} ${ref}`).toBeGreaterThanOrEqual(Number(m[1]));
      }
    }
  });

  it('covers every numbered section of behaviour in both notes', () => {
    for (const note of NOTES) {
      const cited = new Set(REQUIREMENTS.filter((r) => r.source.note === note).map((r) => r.source.section));
      const uncited = [...NOTE_INDEX[note].sections].filter(
        (s) => s !== 'Errata' && !cited.has(s) && !NOT_SOURCES[note].includes(s),
      );
      expect(uncited, note).toEqual([]);
    }
  });

  it('names every transition row of prtos-states §1.5 and §2.3 (P0–P15, V1–V9)', () => {
    const rows = NOTE_INDEX['prtos-states'].transitions;
    expect(rows).toContain('P0');
    expect(rows).toContain('V9');
    for (const label of rows) {
      const escaped = label.replace(/'/g, "\\'");
      const named = REQUIREMENTS.some((r) => new RegExp(`\\([^)]*\\b${escaped}(?=[,)])`).test(r.text));
      expect(named, label).toBe(true);
    }
  });

  it('states each step of the scheduler algorithm of prtos-states §3.4', () => {
    const count = NOTE_INDEX['prtos-states'].steps.get('§3.4') ?? 0;
    expect(count).toBeGreaterThanOrEqual(8);
    const stepTexts = REQUIREMENTS.filter((r) => r.source.section === '§3.4').map((r) => r.text);
    for (let n = 1; n <= count; n++) {
      const stated = stepTexts.some((t) => new RegExp(`\\(steps? [^)]*\\b${n}\\b[^)]*\\)`).test(t));
      expect(stated, `step ${n}`).toBe(true);
    }
  });

  it('excludes from coverage only sections that exist', () => {
    for (const note of NOTES) {
      for (const s of NOT_SOURCES[note]) expect([...NOTE_INDEX[note].sections], `${note} ${s}`).toContain(s);
    }
  });
});

describe('the JSON form', () => {
  it('round-trips every requirement through the codec', () => {
    for (const r of REQUIREMENTS) {
      const decoded = RequirementCodec.decode(JSON.parse(JSON.stringify(r)));
      expect(isRight(decoded), r.id).toBe(true);
      if (isRight(decoded)) expect(decoded.right).toEqual(r);
    }
  });

  it('rejects malformed requirements', () => {
    const good = JSON.parse(JSON.stringify(REQUIREMENTS[0])) as Record<string, unknown>;
    const bad: unknown[] = [
      { ...good, id: 'REQ-FOO-1' },
      { ...good, id: 'REQ-CFG-0' },
      { ...good, area: 'FOO' },
      { ...good, since: '2.0' },
      { ...good, derived: 'no' },
      { ...good, source: { note: 'prtos-other', section: '§1', prtos: [] } },
      { ...good, source: { note: 'prtos-states', section: '3.4', prtos: [] } },
      { ...good, source: { note: 'prtos-states', section: '§3.4', prtos: ['sched.c'] } },
      (({ text: _text, ...rest }) => rest)(good),
    ];
    for (const b of bad) expect(isLeft(RequirementCodec.decode(b)), JSON.stringify(b)).toBe(true);
  });
});

describe('the baseline and the property table', () => {
  it('has a fixed version and date', () => {
    expect(BASELINE.version).toMatch(/^[0-9]+\.[0-9]+\.[0-9]+$/);
    expect(BASELINE.date).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
    for (const r of REQUIREMENTS) expect(BASELINE.version.startsWith(r.since), r.id).toBe(true);
  });

  it('maps every DESIGN.md property to existing requirements', () => {
    expect(Object.keys(PROPERTY_REQUIREMENTS).sort()).toEqual([...PROPERTY_KEYS].sort());
    for (const key of PROPERTY_KEYS) {
      const p = PROPERTY_REQUIREMENTS[key];
      expect(p.text.length, key).toBeGreaterThan(20);
      expect(p.requirements.length, key).toBeGreaterThan(0);
      expect(new Set(p.requirements).size, key).toBe(p.requirements.length);
      for (const id of p.requirements) expect(requirementById(id), `${key} ${id}`).toBeDefined();
    }
  });

  it('gives every isolation invariant of prtos-states §8 a property', () => {
    const inProperties = new Set(PROPERTY_KEYS.flatMap((k) => PROPERTY_REQUIREMENTS[k].requirements));
    // CFG requirements cite §8 only for the memory-layout rules behind S1; they are not invariants.
    const invariants = REQUIREMENTS.filter(
      (r) => r.source.note === 'prtos-states' && r.source.section === '§8' && r.area !== 'CFG',
    );
    expect(invariants.length).toBeGreaterThan(5);
    for (const r of invariants) expect(inProperties.has(r.id), r.id).toBe(true);
  });
});
