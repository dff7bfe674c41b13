import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HM_ACTION_NAMES } from '../config/codecs.js';
import { REAL_CONFIG_DIR, negativeCases, realConfigFiles } from '../config/fixtures.js';
import { ARCHES, archFromFileName, type Arch } from './arch.js';
import {
  HM_AC,
  HM_ACTIONS,
  PRTOS_HM_MAX_ACTIONS,
  defaultHmTable,
  hmActionByXmlName,
  hmActionConsoleLabel,
  hmActionEffect,
  hmActionXmlName,
  isActionPermitted,
  permittedActions,
  type HmActionName,
  type HmLevel,
} from './hmActions.js';
import { HM_EV, hmEventByXmlName, hmMaxEvents } from './hmEvents.js';
import { readTranscript } from './testing/notes.js';

/** The `<Event>` entries of a configuration, with the table they belong to and their line. */
function hmEntries(xml: string): { level: HmLevel; event: string; action: string; line: number }[] {
  const out: { level: HmLevel; event: string; action: string; line: number }[] = [];
  for (const m of xml.matchAll(/<Event\s+name="([^"]+)"\s+action="([^"]+)"/g)) {
    const before = xml.slice(0, m.index);
    const inHypervisor = before.lastIndexOf('<PRTOSHypervisor') > before.lastIndexOf('</PRTOSHypervisor>');
    out.push({
      level: inHypervisor ? 'hypervisor' : 'partition',
      event: m[1] ?? '',
      action: m[2] ?? '',
      line: before.split('\n').length,
    });
  }
  return out;
}

function permitted(arch: Arch, e: { level: HmLevel; event: string; action: string }): boolean {
  const event = hmEventByXmlName(arch, e.event);
  const action = hmActionByXmlName(e.action);
  expect(event, `${arch} ${e.event}`).toBeDefined();
  expect(action, e.action).toBeDefined();
  return isActionPermitted(arch, e.level, event ?? -1, action ?? 'IGNORE');
}

const set = (...a: HmActionName[]) => [...a].sort((x, y) => HM_AC[x] - HM_AC[y]);
const allBut = (...a: HmActionName[]) => HM_ACTIONS.filter((x) => !a.includes(x));

describe('HM actions', () => {
  it('number the 11 actions 0..10 and name them as the schema does', () => {
    expect(PRTOS_HM_MAX_ACTIONS).toBe(11);
    HM_ACTIONS.forEach((a, i) => expect(HM_AC[a]).toBe(i));
    expect(HM_ACTIONS.map(hmActionXmlName)).toEqual(HM_ACTION_NAMES);
    expect(hmActionByXmlName('PRTOS_HM_AC_PROPAGATE')).toBe('PROPAGATE');
    expect(hmActionByXmlName('PRTOS_HM_AC_RESUME')).toBeUndefined();
  });

  it('print the action line as the kernel does (recorded riscv64 example.002)', () => {
    const lines = [
      ...readTranscript('example.002.riscv64.log').matchAll(
        /^\[HM\] (PRTOS_HM_AC_[A-Z_]+)\((\d+)\) (PRTOS_HM_LOG_\w+)$/gm,
      ),
    ];
    expect(lines).toHaveLength(2);
    for (const [line, name = '', , log] of lines) {
      const action = hmActionByXmlName(name);
      expect(action).toBeDefined();
      expect(`[HM] ${hmActionConsoleLabel(action ?? 'IGNORE', log === 'PRTOS_HM_LOG_ENABLED')}`).toBe(line);
    }
  });

  describe('permitted actions (prtos-states §4.4)', () => {
    it('in partition tables', () => {
      for (const arch of ARCHES) {
        expect(permittedActions(arch, 'partition', HM_EV.FATAL_ERROR)).toEqual(
          set('PARTITION_HALT', 'HYPERVISOR_HALT'),
        );
        for (const ev of [HM_EV.SYSTEM_ERROR, HM_EV.FP_ERROR, HM_EV.MEM_PROTECTION]) {
          expect(permittedActions(arch, 'partition', ev)).toEqual(allBut('IGNORE', 'PROPAGATE'));
        }
        for (const ev of [HM_EV.PARTITION_ERROR, HM_EV.UNEXPECTED_TRAP]) {
          expect(permittedActions(arch, 'partition', ev)).toEqual(allBut('PROPAGATE'));
        }
      }
      expect(permittedActions('x86', 'partition', 20)).toEqual([...HM_ACTIONS]);
      expect(permittedActions('amd64', 'partition', 6)).toEqual([...HM_ACTIONS]);
      for (const arch of ['riscv64', 'aarch64', 'loongarch64'] as const) {
        for (let ev = 6; ev < 15; ev++)
          expect(permittedActions(arch, 'partition', ev)).toEqual(allBut('SHUTDOWN'));
      }
    });

    it('in the hypervisor table', () => {
      for (const arch of ARCHES) {
        expect(permittedActions(arch, 'hypervisor', HM_EV.FATAL_ERROR)).toEqual(
          set('HYPERVISOR_COLD_RESET', 'HYPERVISOR_WARM_RESET', 'HYPERVISOR_HALT'),
        );
        for (const ev of [HM_EV.SYSTEM_ERROR, HM_EV.PARTITION_ERROR, HM_EV.FP_ERROR, HM_EV.MEM_PROTECTION]) {
          expect(permittedActions(arch, 'hypervisor', ev)).toEqual(['HYPERVISOR_HALT']);
        }
        expect(permittedActions(arch, 'hypervisor', HM_EV.UNEXPECTED_TRAP)).toEqual(
          allBut('PARTITION_HALT', 'PROPAGATE'),
        );
      }
      expect(permittedActions('x86', 'hypervisor', 19)).toEqual(
        set('HYPERVISOR_COLD_RESET', 'HYPERVISOR_WARM_RESET', 'HYPERVISOR_HALT', 'PROPAGATE'),
      );
      expect(permittedActions('riscv64', 'hypervisor', 12)).toEqual(
        set(
          'IGNORE',
          'HYPERVISOR_COLD_RESET',
          'HYPERVISOR_WARM_RESET',
          'HYPERVISOR_HALT',
          'SWITCH_TO_MAINTENANCE',
        ),
      );
    });

    it('nothing for x86 event 21 or an event beyond the table', () => {
      for (const level of ['partition', 'hypervisor'] as const) {
        expect(permittedActions('x86', level, 21)).toEqual([]);
        expect(permittedActions('riscv64', level, 15)).toEqual([]);
        expect(permittedActions('riscv64', level, -1)).toEqual([]);
      }
    });

    // Second source: what the real prtoscparser answered for the negative configurations.
    it('as the real parser judged the negative configurations', () => {
      let judged = 0;
      for (const c of negativeCases()) {
        const entries = hmEntries(readFileSync(c.file, 'utf8'));
        const rejected = /Action "(\w+)" on event "(\w+)" is not permitted/.exec(c.firstLine);
        if (c.exitCode === 0) {
          for (const e of entries) expect(permitted(c.arch, e), `${c.id} ${e.event} ${e.action}`).toBe(true);
          judged += entries.length;
        } else if (rejected !== null) {
          const bad = entries.find((e) => e.line === c.referenceLine);
          expect(bad, c.id).toMatchObject({ action: rejected[1], event: rejected[2] });
          for (const e of entries) {
            expect(permitted(c.arch, e), `${c.id} ${e.event} ${e.action}`).toBe(e !== bad);
          }
          judged += entries.length;
        } else if (c.firstLine.includes('Expected a valid Health Monitor event')) {
          const bad = entries.find((e) => e.line === c.referenceLine);
          expect(bad && hmEventByXmlName(c.arch, bad.event), c.id).toBeUndefined();
          judged++;
        }
      }
      expect(judged).toBeGreaterThanOrEqual(9);
    });

    it('for every entry of the real PRTOS configurations', () => {
      let judged = 0;
      for (const f of realConfigFiles()) {
        const arch = archFromFileName(f);
        if (arch === undefined) continue;
        for (const e of hmEntries(readFileSync(join(REAL_CONFIG_DIR, f), 'utf8'))) {
          expect(permitted(arch, e), `${f}:${e.line}`).toBe(true);
          judged++;
        }
      }
      expect(judged).toBeGreaterThan(0);
    });
  });

  describe('default tables', () => {
    it('halt and log everything at hypervisor level', () => {
      for (const arch of ['riscv64', 'aarch64', 'loongarch64'] as const) {
        const t = defaultHmTable(arch, 'hypervisor');
        expect(t).toHaveLength(hmMaxEvents(arch));
        expect(t.every((s) => s.action === 'HYPERVISOR_HALT' && s.log)).toBe(true);
      }
    });

    it('halt the partition, logging generic events but not traps', () => {
      for (const arch of ARCHES) {
        defaultHmTable(arch, 'partition').forEach((s, ev) => {
          if ((arch === 'x86' || arch === 'amd64') && ev === 21) return;
          expect(s, `${arch} ${ev}`).toEqual({ action: 'PARTITION_HALT', log: ev < 6 });
        });
      }
    });

    it('leave x86/amd64 event 21 as IGNORE without log in both tables', () => {
      for (const arch of ['x86', 'amd64'] as const) {
        for (const level of ['partition', 'hypervisor'] as const) {
          expect(defaultHmTable(arch, level)[21]).toEqual({ action: 'IGNORE', log: false });
          expect(defaultHmTable(arch, level)).toHaveLength(26);
        }
      }
    });
  });

  describe('kernel treatment (prtos-states §4.2)', () => {
    it('at partition level every action has its own effect', () => {
      const effects = HM_ACTIONS.map((a) => hmActionEffect('x86', 'partition', a));
      expect(new Set(effects).size).toBe(HM_ACTIONS.length);
      expect(hmActionEffect('x86', 'partition', 'PROPAGATE')).toBe('propagate');
    });

    it('at hypervisor level only IGNORE, the system resets, HYPERVISOR_HALT and maintenance are known', () => {
      const known = HM_ACTIONS.filter((a) => hmActionEffect('x86', 'hypervisor', a) !== 'panicUnknownAction');
      expect(known).toEqual(
        set(
          'IGNORE',
          'HYPERVISOR_COLD_RESET',
          'HYPERVISOR_WARM_RESET',
          'HYPERVISOR_HALT',
          'SWITCH_TO_MAINTENANCE',
        ),
      );
      // A7: the parser accepts some of the unknown ones.
      expect(isActionPermitted('x86', 'hypervisor', HM_EV.UNEXPECTED_TRAP, 'SHUTDOWN')).toBe(true);
      expect(hmActionEffect('x86', 'hypervisor', 'SHUTDOWN')).toBe('panicUnknownAction');
    });

    it('system resets panic where reset_system is not implemented (A35)', () => {
      expect(hmActionEffect('x86', 'hypervisor', 'HYPERVISOR_COLD_RESET')).toBe('systemColdReset');
      expect(hmActionEffect('amd64', 'partition', 'HYPERVISOR_WARM_RESET')).toBe('systemWarmReset');
      for (const arch of ['riscv64', 'aarch64', 'loongarch64'] as const) {
        for (const level of ['partition', 'hypervisor'] as const) {
          expect(hmActionEffect(arch, level, 'HYPERVISOR_COLD_RESET')).toBe('panicUnreachable');
          expect(hmActionEffect(arch, level, 'HYPERVISOR_WARM_RESET')).toBe('panicUnreachable');
        }
      }
    });
  });
});
