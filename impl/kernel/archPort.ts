/**
 * What the kernel needs to know about the architecture it is built for, gathered in one record
 * so that the rest of the kernel asks `port.x` instead of testing architecture names.
 *
 * Everything here is a fact of spec/constants (archParams, virqs, hypercalls) or of the notes:
 * where guests see their PCT (prtos-states §7: x86 maps it read-only at PRTOS_PCTRLTAB_ADDR, the
 * other ports pass its physical address), whether hardware lines reach partitions at all
 * (riscv64 ignores supervisor external interrupts, prtos-states §5.1), whether the port has a
 * virtual interrupt flag (§5.4), the pseudo-hypercalls 44/45 (prtos-hypercalls §2.2), and the
 * console formats of the trap dump and the HM context line (docs/bail-study.md §4 K4/K6).
 */
import type { Arch } from '../../spec/constants/arch.js';
import { WORD_BITS } from '../../spec/constants/arch.js';
import { GUEST_POINTER_CHECK, HW_CLOCK, SYSTEM_RESET_IMPLEMENTED } from '../../spec/constants/archParams.js';
import { HAS_VIRTUAL_IF } from '../../spec/constants/virqs.js';
import { PSEUDO_HYPERCALL_ARCHES, UNKNOWN_HYPERCALL_CONSOLE } from '../../spec/constants/hypercalls.js';
import { X86_PCT_VIRTUAL_BASE } from '../../spec/pct.js';

export interface ArchPort {
  readonly arch: Arch;
  readonly x86Family: boolean;
  readonly wordBytes: 4 | 8;
  /** Guest-virtual base of the PCT array (x86 family), or null: mapped at its physical address. */
  readonly pctVirtualBase: number | null;
  /**
   * `CONFIG_PRTOS_OFFSET` where it fits a guest address (x86 family: 0xFC000000): the bound of the
   * pointer range check and the line above which a page fault is MEM_PROTECTION.
   */
  readonly guestOffset: number | null;
  readonly hasVirtualIf: boolean;
  /** Hardware lines are delivered to partitions (false on riscv64, prtos-states §5.1). */
  readonly hwLinesReachPartitions: boolean;
  /** IRET (44) and RAISE_TRAP (45) are handled before the table. */
  readonly pseudoHypercalls: boolean;
  /** The dispatcher prints `Hypercall (%d) unknown`. */
  readonly printsUnknownHypercall: boolean;
  readonly pointerCheck: 'probe' | 'belowOffset' | 'none';
  readonly systemResetImplemented: boolean;
  /** PCT `cpu_khz` and the `Detected … MHz` boot line (x86 measures it; the recorded run gave this). */
  readonly cpuKhz: number;
}

const X86_OFFSET = 0xfc000000;

export function archPort(arch: Arch): ArchPort {
  const x86Family = arch === 'x86' || arch === 'amd64';
  return {
    arch,
    x86Family,
    wordBytes: WORD_BITS[arch] === 32 ? 4 : 8,
    pctVirtualBase: x86Family ? X86_PCT_VIRTUAL_BASE : null,
    guestOffset: x86Family ? X86_OFFSET : null,
    hasVirtualIf: HAS_VIRTUAL_IF[arch],
    hwLinesReachPartitions: arch !== 'riscv64',
    pseudoHypercalls: PSEUDO_HYPERCALL_ARCHES.includes(arch),
    printsUnknownHypercall: UNKNOWN_HYPERCALL_CONSOLE[arch] !== 'nothing',
    pointerCheck: GUEST_POINTER_CHECK[arch],
    systemResetImplemented: SYSTEM_RESET_IMPLEMENTED[arch],
    cpuKhz: x86Family ? 2_091_879 : (HW_CLOCK[arch].clock.khz ?? 10_000),
  };
}
