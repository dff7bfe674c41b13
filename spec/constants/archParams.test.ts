import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../config/decode.js';
import { negativeCases, type NegativeCase } from '../config/fixtures.js';
import { X86_PCT_VIRTUAL_BASE } from '../pct.js';
import { resolveAddress } from '../program.js';
import {
  DEVICE_ELEMENTS,
  HW_CLOCK,
  IO_PORTS,
  PRTOS_BANNER,
  PRTOS_LOAD_ADDR,
  PRTOS_OFFSET,
  RESERVED,
  hypervisorArea,
  isReservedHwIrq,
  pctrlTabAddr,
} from './index.js';
import { BUILD_CONFIG, parserLimits } from './limits.js';
import { readTranscript } from './testing/notes.js';

const cases = new Map(negativeCases().map((c) => [c.id, c]));
function negative(id: string): NegativeCase {
  const c = cases.get(id);
  if (c === undefined) throw new Error(`no negative case ${id}`);
  return c;
}
const hex = (n: number) => `0x${n.toString(16)}`;

// Second source throughout: what the real prtoscparser printed for the negative configurations,
// and the console of the real kernel.
describe('hypervisor placement', () => {
  it('puts the hypervisor area at the load address (MA07, OR01 on x86; RV02 on riscv64)', () => {
    const x86 = hypervisorArea('x86', 4 * 1024 * 1024);
    expect(negative('MA07').firstLine).toContain(`overlaps [${hex(x86.start)} - ${hex(x86.end)}]`);
    expect(negative('OR01').firstLine).toContain(`[${hex(x86.start)} - ${hex(x86.end)}] is not covered`);
    const rv = hypervisorArea('riscv64', 4 * 1024 * 1024);
    expect(negative('RV02').firstLine).toContain(`[${hex(rv.start)} - ${hex(rv.end)}] is not covered`);
    expect(negative('LA01').exitCode).toBe(0);
    expect(PRTOS_LOAD_ADDR.loongarch64).toBe(0x08000000);
  });

  it('matches the "PRTOS map" line the real kernel prints first', () => {
    for (const [log, arch] of [
      ['helloworld.x86.log', 'x86'],
      ['helloworld.riscv64.log', 'riscv64'],
    ] as const) {
      const m = /^PRTOS map: \[0x([0-9a-f]+) - /.exec(readTranscript(log));
      expect(m, log).not.toBeNull();
      expect(parseInt(m?.[1] ?? '', 16)).toBe(PRTOS_LOAD_ADDR[arch]);
    }
  });

  it('maps the x86 PCT 256 KiB below the offset, as spec/pct.ts does', () => {
    expect(pctrlTabAddr('x86')).toBe(BigInt(X86_PCT_VIRTUAL_BASE));
  });

  it('resolves a symbolic hypervisor address of a program to where a guest meets the hypervisor', () => {
    // x86: the kernel's virtual window at CONFIG_PRTOS_OFFSET (a guest access there is the page
    // fault re-classified as MEM_PROTECTION, prtos-states §4.1), not its physical load address.
    const r = decodeConfig(readFileSync(negative('OK00').file, 'utf8'), 'x86');
    expect(r.ok).toBe(true);
    if (r.ok) expect(resolveAddress('hypervisor', 0, r.config, 0)).toBe(Number(PRTOS_OFFSET.x86));
  });
});

describe('reserved resources and devices', () => {
  it('x86 reserves IRQ 4 for the UART; riscv64 reserves nothing (IR04, RV07)', () => {
    expect(negative('IR04').firstLine).toContain('hw interrupt line 4 reserved for PRTOS');
    expect(isReservedHwIrq('x86', 4)).toBe(true);
    expect(negative('RV07').exitCode).toBe(0);
    expect(isReservedHwIrq('riscv64', 4)).toBe(false);
    expect(RESERVED.riscv64.hwIrqs).toEqual([]);
  });

  it('x86 reserves the master PIC ports (IO01)', () => {
    const m = /reserved for prtos \(\[0x([0-9a-f]+):(\d+)\]\)/.exec(negative('IO01').firstLine);
    expect(m).not.toBeNull();
    expect(RESERVED.x86.ioPorts).toContainEqual(
      expect.objectContaining({ base: parseInt(m?.[1] ?? '', 16), count: Number(m?.[2]) }),
    );
  });

  it('rejects IoPorts on riscv64 and loongarch64 with the parser’s message, accepts them on aarch64', () => {
    for (const [id, arch] of [
      ['IO04', 'riscv64'],
      ['LA03', 'loongarch64'],
    ] as const) {
      const p = IO_PORTS[arch];
      expect(p.allowed).toBe(false);
      if (!p.allowed) expect(negative(id).firstLine).toContain(p.message);
    }
    expect(negative('AA02').exitCode).toBe(0);
    expect(IO_PORTS.aarch64.allowed).toBe(true);
  });

  it('allows Vga only on x86/amd64 (RV08 lists what riscv64 accepts)', () => {
    const m = /Expected is one of \( (.*) \)\./.exec(negative('RV08').firstLine);
    const names = (m?.[1] ?? '').split(', ').map((s) => s.replace(/^\{[^}]*\}/, ''));
    expect(new Set(names)).toEqual(new Set(DEVICE_ELEMENTS.riscv64));
    expect(DEVICE_ELEMENTS.x86).toContain('Vga');
    expect(DEVICE_ELEMENTS.riscv64).not.toContain('Vga');
  });
});

describe('build limits', () => {
  it('agree with the parser messages of the negative cases', () => {
    const num = (id: string, re: RegExp) => Number(re.exec(negative(id).firstLine)?.[1]);
    const x86 = BUILD_CONFIG.x86;
    expect(num('SC10', /no more than (\d+) cpus/)).toBe(x86.NO_CPUS);
    expect(num('PA09', /maximum of (\d+) kthreads/)).toBe(x86.MAX_NO_KTHREADS);
    expect(num('IR01', /must be less than '\s*(\d+)\s*'/)).toBe(x86.NO_HWIRQS);
    const limits = parserLimits('x86');
    expect(num('SC10', /no more than (\d+) cpus/)).toBe(limits.processors.max);
    expect(num('DV03', /invalid uart id (\d+)/)).toBe(limits.uartId.max + 1);
    expect(num('IV01', /Invalid ipvi id (\d+)/)).toBe(limits.ipviId.max + 1);
    expect(negative('IV02').exitCode).toBe(0); // id 8 accepted: the parser's off-by-one
    expect(limits.ipviId.max).toBe(x86.PRTOS_MAX_IPVI);
  });

  it('record the options that differ per port', () => {
    expect(BUILD_CONFIG.x86.OBJ_STATUS_ACC).toBe(true);
    expect(BUILD_CONFIG.amd64.OBJ_STATUS_ACC).toBe(true);
    expect(BUILD_CONFIG.riscv64.OBJ_STATUS_ACC).toBe(false);
    expect(BUILD_CONFIG.x86.APIC && BUILD_CONFIG.x86.DEV_VGA).toBe(true);
    expect(BUILD_CONFIG.riscv64.DEV_VGA).toBe(false);
    for (const c of Object.values(BUILD_CONFIG)) {
      expect([c.NO_CPUS, c.MAX_NO_VCPUS, c.PRTOS_MAX_IPVI, c.NO_HWIRQS, c.ID_STRING_LENGTH]).toEqual([
        4, 4, 8, 32, 16,
      ]);
      expect(c.DEBUG && c.VERBOSE_TRAP && c.OBJ_HM_VERBOSE && c.HWIRQ_PRIO_FBS).toBe(true);
    }
  });
});

describe('what the kernel announces', () => {
  it('the banner and the clocks of the recorded runs', () => {
    for (const log of ['helloworld.x86.log', 'helloworld.riscv64.log', 'example.002.riscv64.log']) {
      expect(readTranscript(log).split('\n')).toContain(PRTOS_BANNER);
    }
    for (const [log, arch] of [
      ['helloworld.x86.log', 'x86'],
      ['helloworld.riscv64.log', 'riscv64'],
    ] as const) {
      const c = HW_CLOCK[arch].clock;
      expect(readTranscript(log)).toContain(`>> HWClocks [${c.name} (${c.khz}khz)]`);
    }
    expect(PRTOS_BANNER).toBe('PRTOS Hypervisor (1.0 r0)');
  });
});
