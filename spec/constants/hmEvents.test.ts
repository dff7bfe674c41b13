import { describe, expect, it } from 'vitest';
import { schemaHmEventNames } from '../config/codecs.js';
import { ARCHES, type Arch } from './arch.js';
import {
  GENERIC_HM_EVENTS,
  HM_EV,
  XSD_ONLY_HM_EVENT_NAMES,
  hmEventByXmlName,
  hmEventConsoleLabel,
  hmEventConsoleName,
  hmEventToTrap,
  hmEventXmlName,
  hmEventsOf,
  hmMaxEvents,
  isHmEvent,
  trapToHmEvent,
  xsdHmEventNames,
} from './hmEvents.js';
import { noteSection, plain, readNote, readTranscript, tableRows } from './testing/notes.js';

describe('HM events', () => {
  it('number the generic events 0-5 and size the tables 26 (x86/amd64) or 15', () => {
    GENERIC_HM_EVENTS.forEach((name, i) => expect(HM_EV[name]).toBe(i));
    expect(ARCHES.map(hmMaxEvents)).toEqual([26, 26, 15, 15, 15]);
    expect(isHmEvent('riscv64', 14)).toBe(true);
    expect(isHmEvent('riscv64', 15)).toBe(false);
    expect(isHmEvent('x86', 25)).toBe(true);
  });

  it('map trap t to event 6 + t and back', () => {
    expect(trapToHmEvent(0)).toBe(6);
    expect(trapToHmEvent(14)).toBe(20);
    expect(hmEventToTrap(12)).toBe(6);
    expect(hmEventToTrap(5)).toBeUndefined();
  });

  // Second source: the tables of prtos-states §4.1.
  it('agree with the event tables of prtos-states §4.1 (x86, riscv64, aarch64)', () => {
    const rows = tableRows(noteSection(readNote('prtos-states'), '### 4.1 Events')).filter((r) =>
      /^\d+$/.test(r[0] ?? ''),
    );
    const nameIn = (cell: string | undefined) => /^[A-Z][A-Z0-9_]+/.exec(plain(cell ?? ''))?.[0];
    let checked = 0;
    for (const row of rows) {
      const ev = Number(row[0]);
      if (ev < 6) {
        expect(hmEventXmlName('riscv64', ev)).toBe(`PRTOS_HM_EV_${nameIn(row[1])}`);
        checked++;
        continue;
      }
      const cols: readonly [Arch, string, string | undefined][] = [
        ['x86', 'X86', row[1]],
        ['riscv64', 'RISCV', row[2]],
        ['aarch64', 'ARM', row[3]],
      ];
      for (const [arch, prefix, cell] of cols) {
        const n = nameIn(cell);
        expect(hmEventXmlName(arch, ev), `${arch} event ${ev}`).toBe(
          n === undefined ? undefined : `PRTOS_HM_EV_${prefix}_${n}`,
        );
        checked++;
      }
    }
    expect(checked).toBe(6 + 3 * 20);
  });

  it('leave x86/amd64 event 21 (vector 15) without a name', () => {
    for (const arch of ['x86', 'amd64'] as const) {
      expect(hmEventXmlName(arch, 21)).toBeUndefined();
      expect(
        hmEventsOf(arch)
          .filter((e) => e.xmlName === undefined)
          .map((e) => e.event),
      ).toEqual([21]);
    }
    expect(hmEventXmlName('x86', 20)).toBe('PRTOS_HM_EV_X86_PAGE_FAULT');
    expect(hmEventXmlName('x86', 22)).toBe('PRTOS_HM_EV_X86_X87_FPU_ERROR');
    expect(hmEventXmlName('loongarch64', 12)).toBe('PRTOS_HM_EV_LOONGARCH_STORE_PAGE_FAULT');
  });

  // Second source: the schema codecs of spec/config, which transcribe the XSD's hmString_t.
  it('list the same names as the XSD, WATCHDOG_TIMER included, which the parser then rejects', () => {
    for (const arch of ARCHES) {
      expect(xsdHmEventNames(arch), arch).toEqual(schemaHmEventNames(arch));
      for (const name of XSD_ONLY_HM_EVENT_NAMES) {
        expect(xsdHmEventNames(arch)).toContain(name);
        expect(hmEventByXmlName(arch, name)).toBeUndefined();
      }
      const parserNames = hmEventsOf(arch).flatMap((e) => (e.xmlName === undefined ? [] : [e.xmlName]));
      expect(new Set(xsdHmEventNames(arch))).toEqual(new Set([...parserNames, ...XSD_ONLY_HM_EVENT_NAMES]));
    }
  });

  it('resolve XML names to numbers per architecture only', () => {
    for (const arch of ARCHES) {
      for (const { event, xmlName } of hmEventsOf(arch)) {
        if (xmlName !== undefined) expect(hmEventByXmlName(arch, xmlName)).toBe(event);
      }
    }
    expect(hmEventByXmlName('riscv64', 'PRTOS_HM_EV_RISCV_STORE_PAGE_FAULT')).toBe(12);
    expect(hmEventByXmlName('x86', 'PRTOS_HM_EV_RISCV_STORE_PAGE_FAULT')).toBeUndefined();
    expect(hmEventByXmlName('aarch64', 'PRTOS_HM_EV_ARM_DATA_ABORT')).toBe(8);
  });

  it('print names only where the kernel has them (A63)', () => {
    expect(hmEventConsoleLabel('riscv64', 6)).toBe('unknown (6)');
    expect(hmEventConsoleLabel('loongarch64', 12)).toBe('unknown (12)');
    expect(hmEventConsoleLabel('riscv64', 0)).toBe('PRTOS_HM_EV_FATAL_ERROR (0)');
    expect(hmEventConsoleLabel('x86', 20)).toBe('PRTOS_HM_EV_X86_PAGE_FAULT (20)');
    expect(hmEventConsoleLabel('x86', 21)).toBe('unknown (21)');
    expect(hmEventConsoleName('aarch64', 8)).toBe('PRTOS_HM_EV_ARM_DATA_ABORT');
  });

  // Ground truth: the riscv64 console of BAIL example.002.
  it('match the [HM] lines of the recorded riscv64 run', () => {
    const lines = [
      ...readTranscript('example.002.riscv64.log').matchAll(/^\[HM\] \d+:(.* \((\d+)\)):PART\(\d+\)$/gm),
    ];
    expect(lines.length).toBeGreaterThan(0);
    for (const [, label, event] of lines) expect(label).toBe(hmEventConsoleLabel('riscv64', Number(event)));
  });
});
