/**
 * Traps: from a faulting guest op or an injected exception to `do_hyp_trap` (prtos-states §4.1,
 * §4.3; core/kernel/irqs.c:87-160, the x86 pre-handlers x86/irqs.c:123-145).
 *
 * The event is 6 + trap, except that an x86 page fault at or above CONFIG_PRTOS_OFFSET is
 * MEM_PROTECTION. In partition context a trap whose table entry is PROPAGATE without log takes
 * the fast path: it is only made pending (no HM event, no log, not counted). Otherwise the HM
 * handles it — at partition level in partition context, with the hypervisor table (SYS) when the
 * idle thread or the kernel was running — and a trap in hypervisor context always ends in a
 * system panic once the HM returns. With CONFIG_VERBOSE_TRAP the kernel prints `[TRAP] …` and a
 * CPU dump first, on the fast path too (errata 1, quirk `verbose-trap-print`).
 */
import type { Fault } from '../machine/index.js';
import { HM_EV, hmMaxEvents, trapToHmEvent } from '../../spec/constants/hmEvents.js';
import { accessFaultTrap, injectedFaultTrap } from '../../spec/constants/guestIsa.js';
import { NO_TRAPS, verboseTrapLine } from '../../spec/constants/traps.js';
import { dumpState, type CpuCtxt } from './cpuCtxt.js';
import { hmRaiseEvent } from './hm.js';
import { systemPanic } from './panic.js';
import type { KernelContext } from './state.js';
import { setTrapPending } from './virq.js';

const X86_PAGE_FAULT = 14;

/** The trap a machine fault is, and the context PRTOS records for it. */
export function faultTrap(k: KernelContext, f: Fault): { readonly trap: number; readonly ctxt: CpuCtxt } {
  const trap = f.source === 'mmu' ? accessFaultTrap(k.arch, f.access) : injectedFaultTrap(k.arch, f.kind);
  const addr = f.source === 'mmu' ? f.vaddr : f.addr;
  if (k.port.x86Family) return { trap, ctxt: { pc: 0, psr: 0, cr2: trap === X86_PAGE_FAULT ? addr : 0 } };
  return { trap, ctxt: { pc: 0, psr: addr, cr2: 0 } };
}

/** `do_hyp_trap` for trap `trap` on this CPU. */
export function doHypTrap(k: KernelContext, trap: number, ctxt: CpuCtxt): void {
  if (trap >= NO_TRAPS) systemPanic(k, "irqs.c:97: failed assertion `ctxt->irq_nr < NO_TRAPS'\n", ctxt);
  let event = trapToHmEvent(trap);
  const cur = k.entry.cpu.current;
  if (k.port.x86Family && trap === X86_PAGE_FAULT) {
    if (cur !== null) k.pct.set(cur.pct, 'archCr2', ctxt.cr2 >>> 0);
    if (k.port.guestOffset !== null && ctxt.cr2 >= k.port.guestOffset) event = HM_EV.MEM_PROTECTION;
  }
  if (cur !== null) {
    if (event >= hmMaxEvents(k.arch)) {
      systemPanic(k, "irqs.c:123: failed assertion `hm_event < PRTOS_HM_MAX_EVENTS'\n", ctxt);
    }
    const slot = cur.part.hmTable[event];
    if (slot !== undefined && slot.action === 'PROPAGATE' && !slot.log) {
      printTrap(k, trap, ctxt);
      setTrapPending(k, cur, trap);
      return;
    }
  }
  printTrap(k, trap, ctxt);
  const propagate = hmRaiseEvent(k, { event, kthread: cur, sys: cur === null, ctxt });
  if (cur === null) {
    systemPanic(k, 'Unexpected/unhandled trap - TRAP: 0x0 ERROR CODE: 0x0\n', ctxt);
  }
  if (propagate) setTrapPending(k, cur, trap);
}

function printTrap(k: KernelContext, trap: number, ctxt: CpuCtxt): void {
  if (!k.quirks.on('verbose-trap-print')) return;
  const line = verboseTrapLine(k.arch, trap);
  if (line !== undefined) k.console.print(k.entry.now, `${line}\n`);
  dumpState(k, ctxt);
}
