/**
 * Which HM event a fault raises (prtos-states §4.1).
 *
 * The trap numbers come from the contract (spec/constants/guestIsa.ts): a refused load or store
 * is the architecture's access fault (x86 page fault 14; riscv64 and loongarch64 load/store page
 * faults 5/6; aarch64 stage-2 data abort 8), and an injected fault `{cpu, kind, addr}` is the
 * exception of its kind. The event is 6 + trap, except that an x86 page fault whose address is
 * at or above CONFIG_PRTOS_OFFSET — the hypervisor's window as a guest sees it — is re-classified
 * as MEM_PROTECTION, event 4 (x86/irqs.c:136-145, REQ-HM-2).
 */
import type { Arch } from '../spec/constants/arch.js';
import {
  accessFaultTrap,
  HM_EV,
  injectedFaultTrap,
  PRTOS_OFFSET,
  trapToHmEvent,
  type MemoryAccess,
} from '../spec/constants/index.js';
import type { FaultKind } from '../spec/trace/vocabulary.js';

export interface TrapOf {
  readonly trap: number;
  readonly event: number;
}

const X86_PAGE_FAULT = 14;

function withEvent(arch: Arch, trap: number, addr: number): TrapOf {
  const x86 = arch === 'x86' || arch === 'amd64';
  if (x86 && trap === X86_PAGE_FAULT && BigInt(Math.max(0, Math.trunc(addr))) >= PRTOS_OFFSET[arch]) {
    return { trap, event: HM_EV.MEM_PROTECTION };
  }
  return { trap, event: trapToHmEvent(trap) };
}

/** The trap and HM event of an injected fault of `kind` at guest address `addr` (L2). */
export function faultTrap(arch: Arch, kind: FaultKind, addr: number): TrapOf {
  return withEvent(arch, injectedFaultTrap(arch, kind), addr);
}

/** The trap and HM event of a guest op's access that the address space refuses at `addr`. */
export function accessTrap(arch: Arch, access: MemoryAccess, addr: number): TrapOf {
  return withEvent(arch, accessFaultTrap(arch, access), addr);
}
