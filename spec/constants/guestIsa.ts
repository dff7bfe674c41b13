/**
 * How the op-level ISA of guest programs meets the architecture: which trap a faulting op or an
 * injected fault raises, and how a guest returns from a virtual interrupt.
 *
 * DESIGN.md (impl/guest): guest programs run on an op-level ISA (compute, load, store,
 * hypercall, halt), not a real instruction set. These tables say what each op-level event is in
 * PRTOS terms, per architecture, so that the model and the implementation raise the same trap
 * number (and hence the same HM event, event = 6 + trap, prtos-states §4.1).
 *
 * - A load or store that the partition's address space does not allow: x86 takes a page fault
 *   (vector 14; the kernel re-classifies it as MEM_PROTECTION when the address is in the
 *   hypervisor's window, x86/irqs.c:136-145); riscv64 takes a G-stage page fault, load → trap 5
 *   LOAD_PAGE_FAULT, store → trap 6 STORE_PAGE_FAULT (riscv64/traps.c: causes 21/23 → traps 5/6);
 *   aarch64 a stage-2 data abort (trap 8); loongarch64 its load/store page-fault traps (5/6).
 * - An injected fault (trace stimulus `fault {cpu, kind, addr}`) is the hardware exception of
 *   its kind: illegal instruction, instruction fetch fault, load/store fault, misaligned access,
 *   divide error (x86 #DE; the other ports have no divide trap and report an illegal
 *   instruction, which is how BAIL's riscv64 port raises its "divide" test, prtos-states §4.1).
 * - Returning from a virtual interrupt: riscv64/aarch64/loongarch64 use pseudo-hypercall 44
 *   (`PRTOS_IRET`, prtos-hypercalls §2.2); x86 and amd64 use a separate call gate / `int $0x83`,
 *   which the op ISA expresses as a hypercall op with the reserved number `X86_IRET_GATE`
 *   (never a hypercall number: the table has 44 entries).
 */
import type { Arch } from './arch.js';
import type { FaultKind } from '../trace/vocabulary.js';

/** The op ISA's number for the x86/amd64 IRET gate (outside every hypercall table). */
export const X86_IRET_GATE = 0x10000;

/** The hypercall-op number a guest uses to return from a virtual interrupt. */
export function iretNumber(arch: Arch): number {
  return arch === 'x86' || arch === 'amd64' ? X86_IRET_GATE : 44;
}

export type MemoryAccess = 'read' | 'write' | 'exec';

/** Trap number of an op-level access that the address space refuses. */
export function accessFaultTrap(arch: Arch, access: MemoryAccess): number {
  switch (arch) {
    case 'x86':
    case 'amd64':
      return 14; // PAGE_FAULT
    case 'riscv64':
    case 'loongarch64':
      return access === 'read' ? 5 : access === 'write' ? 6 : 4; // LOAD/STORE/INSTR_PAGE_FAULT
    case 'aarch64':
      return access === 'exec' ? 7 : 8; // stage-2 instruction / data abort
  }
}

/** Trap number of an injected fault of each kind. */
export function injectedFaultTrap(arch: Arch, kind: FaultKind): number {
  const x86 = arch === 'x86' || arch === 'amd64';
  switch (kind) {
    case 'illegalInstr':
      return x86 ? 6 : 0; // INVALID_OPCODE / ILLEGAL_INSTR (aarch64 UNDEF_INSTR)
    case 'fetch':
      return accessFaultTrap(arch, 'exec');
    case 'load':
      return accessFaultTrap(arch, 'read');
    case 'store':
      return accessFaultTrap(arch, 'write');
    case 'misaligned':
      return x86 ? 17 : arch === 'aarch64' ? 3 : 8; // ALIGNMENT_CHECK / DATA_ALIGNMENT_FAULT / LOAD_MISALIGNED
    case 'divide':
      return 0; // x86 DIVIDE_ERROR (vector 0); trap 0 is ILLEGAL_INSTR / UNDEF_INSTR elsewhere
  }
}
