/**
 * The decision table covers every anomaly, erratum and open point of both notes exactly once,
 * refers to nothing the notes do not contain, links only to requirements that exist, and keeps
 * its quirks and presets consistent.
 */
import { readFileSync } from 'node:fs';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { ARCHES } from '../constants/arch.js';
import { NOTES, REQUIREMENTS, requirementById, type NoteName } from '../requirements/index.js';
import { indexNote, type NoteIndex } from '../requirements/noteIndex.js';
import {
  DECISIONS,
  DECISION_ID_PATTERN,
  DecisionCodec,
  QUIRKS,
  QUIRK_ID_PATTERN,
  decisionById,
  quirkById,
  realPreset,
  type Decision,
} from './index.js';

function loadNote(note: NoteName): NoteIndex {
  const url = new URL(`../../docs/reference/prtos-notes/${note}.md`, import.meta.url);
  return indexNote(readFileSync(url, 'utf8'));
}

const NOTE_INDEX: Readonly<Record<NoteName, NoteIndex>> = {
  'prtos-states': loadNote('prtos-states'),
  'prtos-hypercalls': loadNote('prtos-hypercalls'),
};

const PREFIX: Readonly<Record<NoteName, 'ST' | 'HC'>> = { 'prtos-states': 'ST', 'prtos-hypercalls': 'HC' };

function allIds(d: Decision): string[] {
  return [d.id, ...d.aliases];
}

/** Every id the notes themselves define: anomaly markers and errata items. */
function noteDefinedIds(): string[] {
  return NOTES.flatMap((note) => {
    const ix = NOTE_INDEX[note];
    const errata = Array.from({ length: ix.errata }, (_, i) => `${PREFIX[note]}-ERRATA-${i + 1}`);
    return [...[...ix.anomalies.keys()].map((a) => `${PREFIX[note]}-${a}`), ...errata];
  });
}

describe('coverage of the notes', () => {
  it('finds the anomaly lists and errata in both notes', () => {
    expect(NOTE_INDEX['prtos-states'].anomalies.size).toBeGreaterThanOrEqual(29);
    expect(NOTE_INDEX['prtos-hypercalls'].anomalies.size).toBeGreaterThanOrEqual(50);
    expect(NOTE_INDEX['prtos-states'].errata).toBeGreaterThan(0);
    expect(NOTE_INDEX['prtos-hypercalls'].errata).toBeGreaterThan(0);
  });

  it('gives every anomaly and erratum of both notes exactly one row', () => {
    const owners = new Map<string, string[]>();
    for (const d of DECISIONS) for (const id of allIds(d)) owners.set(id, [...(owners.get(id) ?? []), d.id]);
    for (const id of noteDefinedIds()) expect(owners.get(id), id).toHaveLength(1);
  });

  it('uses every id, primary or alias, once across the table', () => {
    const ids = DECISIONS.flatMap(allIds);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(DECISION_ID_PATTERN);
  });

  it('refers to no anomaly or erratum the notes do not contain', () => {
    const defined = new Set(noteDefinedIds());
    for (const id of DECISIONS.flatMap(allIds)) {
      if (!id.includes('-OPEN-')) expect(defined.has(id), id).toBe(true);
    }
  });

  it('numbers open points consecutively per note', () => {
    for (const prefix of ['ST', 'HC']) {
      const numbers = DECISIONS.flatMap(allIds)
        .filter((id) => id.startsWith(`${prefix}-OPEN-`))
        .map((id) => Number(id.split('-')[2]))
        .sort((a, b) => a - b);
      expect(numbers, prefix).toEqual(numbers.map((_, i) => i + 1));
    }
  });
});

describe('note references', () => {
  it('list each id and alias once, in order, in the note its prefix names', () => {
    for (const d of DECISIONS) {
      const fromNotes = d.notes.map((n) => `${PREFIX[n.note]}-${n.anomaly}`);
      expect(fromNotes, d.id).toEqual(allIds(d));
    }
  });

  it("carry the note's own tag for anomalies and cite existing sections", () => {
    for (const d of DECISIONS) {
      for (const n of d.notes) {
        const ix = NOTE_INDEX[n.note];
        expect([...ix.sections], `${d.id} ${n.section}`).toContain(n.section);
        if (/^A[0-9]/.test(n.anomaly)) {
          expect(n.tag, `${d.id} ${n.anomaly}`).toBe(ix.anomalies.get(n.anomaly));
          expect(n.section, `${d.id} ${n.anomaly}`).toBe(n.note === 'prtos-states' ? '§9' : '§8');
        } else if (n.anomaly.startsWith('ERRATA-')) {
          expect(n.section, d.id).toBe('Errata');
          expect(n.tag, d.id).toBeUndefined();
        } else {
          expect(n.anomaly, d.id).toMatch(/^OPEN-[1-9][0-9]*$/);
        }
      }
    }
  });

  it('cover at least the architectures a prtos-states tag names', () => {
    for (const d of DECISIONS) {
      for (const n of d.notes.filter((x) => x.note === 'prtos-states' && x.tag !== undefined)) {
        const named = ARCHES.filter((a) => new RegExp(`\\b${a}\\b`).test(n.tag ?? ''));
        for (const a of named) expect(d.arches, `${d.id} tag "${n.tag}"`).toContain(a);
      }
    }
  });
});

describe('choices and quirks', () => {
  it('have a quirk exactly when the choice is quirk, and a reason and requirements always', () => {
    for (const d of DECISIONS) {
      expect(d.quirk !== undefined, d.id).toBe(d.choice === 'quirk');
      expect(d.reason.length, d.id).toBeGreaterThan(10);
      expect(d.requirements.length, d.id).toBeGreaterThan(0);
      expect(d.arches.length, d.id).toBeGreaterThan(0);
    }
  });

  it('use unique kebab-case quirk ids, found by quirkById', () => {
    const ids = QUIRKS.map((d) => d.quirk.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const d of QUIRKS) {
      expect(d.quirk.id).toMatch(QUIRK_ID_PATTERN);
      expect(quirkById(d.quirk.id)).toBe(d);
    }
    expect(quirkById('no-such-quirk')).toBeUndefined();
  });

  it('explain every quirk that cannot be reproduced, and keep it out of the presets', () => {
    for (const d of QUIRKS) {
      if (d.quirk.reproducible) {
        expect(d.quirk.whyNot, d.id).toBeUndefined();
      } else {
        expect(d.quirk.whyNot?.length ?? 0, d.id).toBeGreaterThan(20);
        expect(d.quirk.partial, d.id).toBeUndefined();
        expect(d.inRealPreset, d.id).toEqual([]);
      }
    }
  });

  it('put a quirk in a real preset only for architectures that show it', () => {
    for (const d of DECISIONS) {
      for (const a of d.inRealPreset) expect(d.arches, d.id).toContain(a);
      if (d.choice === 'intended') expect(d.inRealPreset, d.id).toEqual([]);
    }
  });

  it('build each real preset from the reproducible quirks of that architecture', () => {
    for (const arch of ARCHES) {
      const preset = realPreset(arch);
      expect(new Set(preset).size, arch).toBe(preset.length);
      for (const q of preset) {
        const d = quirkById(q);
        expect(d?.quirk.reproducible, `${arch} ${q}`).toBe(true);
        expect(d?.inRealPreset, `${arch} ${q}`).toContain(arch);
      }
      const expected = QUIRKS.filter((d) => d.quirk.reproducible && d.inRealPreset.includes(arch)).length;
      expect(preset.length, arch).toBe(expected);
      expect(preset.length, arch).toBeGreaterThan(0);
    }
  });

  it('tell architectures apart in the presets where the notes do', () => {
    // prtos-states tags A1 "riscv64" and A4 "x86": the presets must differ accordingly.
    const a1 = decisionById('ST-A1')?.quirk?.id;
    const a4 = decisionById('ST-A4')?.quirk?.id;
    expect(a1).toBeDefined();
    expect(a4).toBeDefined();
    expect(realPreset('riscv64')).toContain(a1);
    expect(realPreset('x86')).not.toContain(a1);
    expect(realPreset('x86')).toContain(a4);
    expect(realPreset('riscv64')).not.toContain(a4);
  });
});

describe('links to requirements', () => {
  it('name only requirements that exist', () => {
    for (const d of DECISIONS) {
      for (const id of [...d.requirements, ...(d.quirk?.breaks ?? [])]) {
        expect(requirementById(id), `${d.id} ${id}`).toBeDefined();
      }
      if (d.quirk !== undefined) expect(d.quirk.breaks.length, d.id).toBeGreaterThan(0);
    }
  });

  it('match the intended links of the catalogue both ways', () => {
    for (const r of REQUIREMENTS.filter((x) => x.intended !== undefined)) {
      const d = decisionById(r.intended ?? '');
      expect(d, `${r.id} -> ${r.intended}`).toBeDefined();
      expect(d?.id, `${r.id} names an alias`).toBe(r.intended);
      expect(d?.choice, `${r.id} -> ${r.intended}`).toBe('quirk');
      expect(d?.quirk?.breaks, `${r.id} -> ${r.intended}`).toContain(r.id);
    }
    // Every quirk is the `intended` decision of at least one requirement it breaks.
    for (const d of QUIRKS) {
      const linked = REQUIREMENTS.filter((r) => r.intended === d.id);
      expect(linked.length, d.id).toBeGreaterThan(0);
    }
  });

  it('name related rows that exist and are not the row itself', () => {
    for (const d of DECISIONS) {
      for (const id of d.related ?? []) {
        expect(decisionById(id), `${d.id} -> ${id}`).toBeDefined();
        expect(decisionById(id), `${d.id} -> ${id}`).not.toBe(d);
      }
    }
  });
});

describe('lookup and the JSON form', () => {
  it('finds a row by its id and by each alias', () => {
    for (const d of DECISIONS) for (const id of allIds(d)) expect(decisionById(id), id).toBe(d);
    expect(decisionById('ST-A999')).toBeUndefined();
  });

  it('round-trips every row through the codec', () => {
    for (const d of DECISIONS) {
      const decoded = DecisionCodec.decode(JSON.parse(JSON.stringify(d)));
      expect(isRight(decoded), d.id).toBe(true);
      if (isRight(decoded)) expect(decoded.right).toEqual(d);
    }
  });

  it('rejects malformed rows', () => {
    const good = JSON.parse(JSON.stringify(QUIRKS[0])) as Record<string, unknown> & { quirk: object };
    const bad: unknown[] = [
      { ...good, id: 'XX-A1' },
      { ...good, aliases: ['HC-5'] },
      { ...good, choice: 'maybe' },
      { ...good, severity: 'huge' },
      { ...good, arches: ['sparc'] },
      { ...good, quirk: { ...good.quirk, id: 'Exec_Timer' } },
      { ...good, quirk: { ...good.quirk, slice: 4 } },
      { ...good, quirk: { ...good.quirk, breaks: ['REQ-XYZ-1'] } },
      (({ reason: _reason, ...rest }) => rest)(good),
    ];
    for (const b of bad) expect(isLeft(DecisionCodec.decode(b)), JSON.stringify(b).slice(0, 80)).toBe(true);
  });
});
