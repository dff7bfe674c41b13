import { describe, expect, it } from 'vitest';
import { ARCHES } from './arch.js';
import { hmEventXmlName, trapToHmEvent } from './hmEvents.js';
import { readTranscript } from './testing/notes.js';
import { RISCV64_GUEST_PAGE_FAULT_TRAP, verboseTrapLine, verboseTrapName } from './traps.js';

describe('verbose trap names', () => {
  it('match the [TRAP] lines of the recorded riscv64 run', () => {
    const lines = [
      ...readTranscript('example.002.riscv64.log').matchAll(/^\[TRAP\] \w+\(0x([0-9a-f]+)\)$/gm),
    ];
    expect(lines.length).toBeGreaterThan(0);
    for (const [line, trap = ''] of lines) expect(verboseTrapLine('riscv64', parseInt(trap, 16))).toBe(line);
  });

  it('cover every trap event of the port (20 on x86/amd64, 9 elsewhere)', () => {
    for (const arch of ARCHES) {
      const n = arch === 'x86' || arch === 'amd64' ? 20 : 9;
      expect(verboseTrapName(arch, n - 1)).toBeDefined();
      expect(verboseTrapName(arch, n)).toBeUndefined();
    }
  });

  it('differ from the HM event names where the kernel spells them differently', () => {
    expect(verboseTrapName('x86', 2)).toBe('NMI_INTERUPT');
    expect(hmEventXmlName('x86', trapToHmEvent(2))).toBe('PRTOS_HM_EV_X86_NMI_INTERRUPT');
    expect(verboseTrapName('aarch64', 8)).toBe('LOAD_PAGE_FAULT');
    expect(hmEventXmlName('aarch64', trapToHmEvent(8))).toBe('PRTOS_HM_EV_ARM_INSTR_PERMISSION_FAULT');
  });

  it('riscv64 guest-page faults land on the page-fault trap events', () => {
    expect(
      Object.values(RISCV64_GUEST_PAGE_FAULT_TRAP).map((t) => hmEventXmlName('riscv64', trapToHmEvent(t))),
    ).toEqual([
      'PRTOS_HM_EV_RISCV_INSTR_PAGE_FAULT',
      'PRTOS_HM_EV_RISCV_LOAD_PAGE_FAULT',
      'PRTOS_HM_EV_RISCV_STORE_PAGE_FAULT',
    ]);
  });
});
