/**
 * Architecture trap numbers: the name the kernel prints for each (CONFIG_VERBOSE_TRAP) and, on
 * riscv64, which hardware exception causes become which trap.
 *
 * A trap reaches the health monitor as event 6 + trap (hmEvents.ts). With VERBOSE_TRAP=y (the
 * recorded builds) the kernel prints `[TRAP] <name>(0x<trap>)` and a CPU dump before the HM line,
 * also on the fast PROPAGATE path (prtos-states errata 1; core/kernel/irqs.c:126-129, 150).
 * The names come from each port's `trap_to_str` (core/kernel/x86/irqs.c:32-53,
 * core/kernel/amd64/irqs.c:33-54, core/kernel/{riscv64,aarch64,loongarch64}/irqs.c:22-32). They
 * are not the HM event names: x86 prints `NMI_INTERUPT` (sic) and `UNDEFINED_OPCODE` where the
 * event is `NMI_INTERRUPT` / `INVALID_OPCODE`, and aarch64 traps 7 and 8 print
 * `INSTR_PAGE_FAULT` / `LOAD_PAGE_FAULT` while their events are INSTR_BACKGROUND_FAULT /
 * INSTR_PERMISSION_FAULT.
 */
import type { Arch } from './arch.js';

/** Number of trap vectors every port routes (`NO_TRAPS`, <arch>/irqs.h:13). */
export const NO_TRAPS = 32;

const X86_TRAP_NAMES: readonly string[] = [
  'DIVIDE_ERROR',
  'RESERVED_TRAP_1',
  'NMI_INTERUPT',
  'BREAKPOINT',
  'OVERFLOW',
  'BOUND_RANGE_EXCEEDED',
  'UNDEFINED_OPCODE',
  'DEVICE_NOT_AVAILABLE',
  'DOUBLE_FAULT',
  'COPROCESSOR_SEGMENT_OVERRUN',
  'INVALID_TSS',
  'SEGMENT_NOT_PRESENT',
  'STACK_SEGMENT_FAULT',
  'GENERAL_PROTECTION',
  'PAGE_FAULT',
  'RESERVED_TRAP_15',
  'X87_FPU_ERROR',
  'ALIGNMENT_CHECK',
  'MACHINE_CHECK',
  'SIMD_EXCEPTION',
];

const RISCV_LIKE_TRAP_NAMES: readonly string[] = [
  'ILLEGAL_INSTR',
  'INSTR_ACCESS_FAULT',
  'LOAD_ACCESS_FAULT',
  'STORE_ACCESS_FAULT',
  'INSTR_PAGE_FAULT',
  'LOAD_PAGE_FAULT',
  'STORE_PAGE_FAULT',
  'INSTR_MISALIGNED',
  'LOAD_MISALIGNED',
];

const AARCH64_TRAP_NAMES: readonly string[] = [
  'UNDEFINED_INSTR',
  'SVC_TRAP',
  'PREFETCH_ABORT',
  'DATA_ABORT',
  'IRQ_TRAP',
  'FIQ_TRAP',
  'SERROR',
  'INSTR_PAGE_FAULT',
  'LOAD_PAGE_FAULT',
];

const TRAP_NAMES: Readonly<Record<Arch, readonly string[]>> = {
  x86: X86_TRAP_NAMES,
  amd64: X86_TRAP_NAMES,
  riscv64: RISCV_LIKE_TRAP_NAMES,
  aarch64: AARCH64_TRAP_NAMES,
  loongarch64: RISCV_LIKE_TRAP_NAMES,
};

/**
 * The name in the kernel's `[TRAP]` line, or `undefined` past the end of the port's table (the
 * kernel would read beyond its array there; only reachable through RAISE_TRAP, A38).
 */
export function verboseTrapName(arch: Arch, trap: number): string | undefined {
  return TRAP_NAMES[arch][trap];
}

/** The kernel's `[TRAP] <name>(0x<trap>)` line (irqs.c:150), when the name is known. */
export function verboseTrapLine(arch: Arch, trap: number): string | undefined {
  const name = verboseTrapName(arch, trap);
  return name === undefined ? undefined : `[TRAP] ${name}(0x${trap.toString(16)})`;
}

/**
 * riscv64: the exception causes (scause) the hypervisor itself handles while a guest runs
 * (riscv64/traps.c:134-219). Causes 0-8, 12, 13 and 15 are delegated to the guest's own VS-mode
 * handler and never reach PRTOS; any cause not listed halts the system without an HM event.
 */
export const RISCV64_SCAUSE = {
  ECALL_FROM_S: 9,
  ECALL_FROM_VS: 10,
  INSTR_GUEST_PAGE_FAULT: 20,
  LOAD_GUEST_PAGE_FAULT: 21,
  VIRTUAL_INSTRUCTION: 22,
  STORE_GUEST_PAGE_FAULT: 23,
} as const;

/** G-stage faults become PRTOS traps 4/5/6 (events 10/11/12); the record's `psr` slot holds stval. */
export const RISCV64_GUEST_PAGE_FAULT_TRAP: Readonly<Record<number, number>> = { 20: 4, 21: 5, 23: 6 };

/** aarch64: stage-2 instruction and data aborts become traps 7 and 8 (prtos-states §4.1). */
export const AARCH64_STAGE2_ABORT_TRAP = { INSTRUCTION: 7, DATA: 8 } as const;
