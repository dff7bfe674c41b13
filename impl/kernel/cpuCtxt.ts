/**
 * The CPU context a trap saves, as far as the op-level ISA has one, and the ways the kernel
 * prints it: the `dump_state` lines after a `[TRAP]` line or a panic, and the context line of an
 * HM event (docs/bail-study.md K4, K4x, K6).
 *
 * Guests of this emulation have no registers (DESIGN.md, impl/guest), so the program counter is 0
 * and the stack pointer slot carries what PRTOS puts there for the trap: riscv64 records `stval`
 * (the faulting address) of a G-stage fault in it and 0 for a raised trap (riscv64/traps.c:
 * 177-206); x86 records CR2 for page faults. These numbers are masked in every comparison.
 */
import type { KernelContext } from './state.js';

export interface CpuCtxt {
  readonly pc: number;
  /** riscv64: the SP slot (stval for G-stage faults); x86: EFLAGS. */
  readonly psr: number;
  /** x86 CR2 at the trap. */
  readonly cr2: number;
}

export const NO_CTXT: CpuCtxt = { pc: 0, psr: 0, cr2: 0 };

const hex = (n: number) => (n >>> 0).toString(16);

/** Ring-1 guest selectors with 32 GDT entries for partitions (x86/segments.h:31-32). */
const X86_GUEST_CS = 0x139;
const X86_GUEST_SS = 0x141;

export function dumpState(k: KernelContext, c: CpuCtxt): void {
  const t = k.entry.now;
  k.console.print(t, 'CPU state:\n');
  if (k.port.x86Family) {
    k.console.print(
      t,
      `EIP: 0x${hex(X86_GUEST_CS)}:[<0x${hex(c.pc)}>] ESP: 0x${hex(X86_GUEST_SS)}:[<0x0>] EFLAGS: 0x${hex(c.psr)}  \n`,
    );
    k.console.print(t, 'EAX: 0x0 EBX: 0x0 ECX: 0x0 EDX: 0x0\n');
    k.console.print(t, 'ESI: 0x0 EDI: 0x0 EBP: 0x0\n');
    k.console.print(t, `CR2: 0x${hex(c.cr2)}\n`);
  } else {
    k.console.print(t, `  PC: 0x${hex(c.pc)}  SP: 0x${hex(c.psr)}\n`);
  }
}

/** The context line of a verbose HM event (`print_hm_cpu_ctxt`). */
export function hmContextLine(k: KernelContext, c: CpuCtxt): string {
  return k.port.x86Family
    ? `ip: 0x${hex(c.pc)} flags: 0x${hex(c.psr)}\n`
    : `pc: 0x${hex(c.pc)} sp: 0x${hex(c.psr)}\n`;
}
