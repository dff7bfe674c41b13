/**
 * Panics (prtos-states §4.6; core/kernel/panic.c:17-111).
 *
 * `system_panic`: the message (docs/bail-study.md K9) and a CPU dump — every caller passes the
 * context it has (`get_cpu_ctxt`), so the event's context is always valid — then a system-level
 * FATAL_ERROR event handled by the hypervisor table, then all CPUs halt. Failed assertions (CONFIG_DEBUG is on in every
 * build) end here. If the table's action resets the system, the panic becomes a reset; a panic
 * raised while one is being handled (the panic–reset recursion of A8) halts at once.
 *
 * `part_panic`: the message, a partition-level FATAL_ERROR for the current partition, then the
 * current vCPU alone is halted and its CPU reschedules; with the idle thread current the system
 * halts.
 */
import { HM_EV } from '../../spec/constants/hmEvents.js';
import { KTHREAD_FLAGS } from '../../spec/constants/vcpu.js';
import { dumpState, NO_CTXT, type CpuCtxt } from './cpuCtxt.js';
import { hmRaiseEvent } from './hm.js';
import { setFlags } from './kthread.js';
import { schedule } from './sched.js';
import { haltSystem } from './system.js';
import type { KernelContext } from './state.js';

export function systemPanic(k: KernelContext, message: string, ctxt?: CpuCtxt): never {
  const reason = message.replace(/\n+$/, '');
  if (k.panicking !== null) haltSystem(k);
  k.panicking = reason;
  try {
    const t = k.entry.now;
    k.console.print(t, 'System FATAL ERROR:\n');
    k.console.print(t, message);
    k.console.print(t, '\n');
    const c = ctxt ?? NO_CTXT;
    dumpState(k, c);
    hmRaiseEvent(k, { event: HM_EV.FATAL_ERROR, kthread: k.entry.cpu.current, sys: true, ctxt: c });
    haltSystem(k);
  } finally {
    k.panicking = null;
  }
}

/** `part_panic`; returns only after the current vCPU was halted and the CPU rescheduled. */
export function partPanic(k: KernelContext, message: string, ctxt?: CpuCtxt): void {
  const t = k.entry.now;
  const cur = k.entry.cpu.current;
  k.console.print(
    t,
    cur !== null
      ? `Partition PANIC [0x${cur.kid.toString(16)}:id(${cur.part.id})]:\n`
      : 'Partition PANIC [0x0:IDLE]:\n',
  );
  k.console.print(t, message);
  k.console.print(t, '\n');
  if (ctxt !== undefined) dumpState(k, ctxt);
  if (cur === null) haltSystem(k);
  hmRaiseEvent(k, { event: HM_EV.FATAL_ERROR, kthread: cur, sys: false, ctxt: ctxt ?? null });
  setFlags(k, cur, KTHREAD_FLAGS.HALTED);
  schedule(k);
}
