/**
 * Partition and vCPU lifecycle: the primitives of core/include/sched.h:102-169 and the resets of
 * core/kernel/kthread.c:452-655 (prtos-states §1.2, §1.3, §2.3).
 *
 * All partition-level operations go through the vCPU flags: halting sets H and op mode IDLE,
 * suspending sets S, resuming clears S (on halted vCPUs too), shutting down only makes the
 * SHUTDOWN interrupt pending. A reset halts the partition, checks it has an image, sets the op
 * modes, closes its ports and restarts vCPU0 alone, and does *not* clear S or TP, disarm timers
 * or reset the exec clock (§1.3, "What a reset does not do"; ST-A23 is intended).
 *
 * Halting or suspending a vCPU that runs on another CPU: the intended kernel notifies that CPU
 * so that it stops running it (its scheduler then replaces it by idle, §3.4 step 1); the real
 * one sends nothing and the vCPU runs on until that CPU next schedules (A10, quirk
 * `remote-lifecycle-no-ipi`). Resets, resume_vcpu and IPVIs notify in both.
 */
import { KTHREAD_FLAGS, OP_MODE } from '../../spec/constants/vcpu.js';
import { EXT_IRQ } from '../../spec/constants/virqs.js';
import { clearFlags, setFlags, setupPct, startPctArgument } from './kthread.js';
import { crossCpuNotify, schedule } from './sched.js';
import { EnterGuest, type KernelContext, type Kthread, type Partition, type StartReason } from './state.js';
import { setPartExtIrqPending } from './virq.js';

const H = KTHREAD_FLAGS.HALTED;
const S = KTHREAD_FLAGS.SUSPENDED;
const R = KTHREAD_FLAGS.READY;

/** Intended: a vCPU stopped while it runs on another CPU makes that CPU reschedule. */
function notifyStopped(k: KernelContext, kt: Kthread): void {
  if (k.quirks.on('remote-lifecycle-no-ipi')) return;
  const here = k.entry.cpu.id;
  if (kt.cpu !== here && kt.cpu >= 0 && k.cpus[kt.cpu]?.current === kt) crossCpuNotify(k, kt.cpu);
}

/** HALT_PARTITION. */
export function haltPartition(k: KernelContext, p: Partition): void {
  for (const kt of p.vcpus) {
    setFlags(k, kt, H);
    kt.opMode = OP_MODE.IDLE;
  }
  p.opMode = OP_MODE.IDLE;
  for (const kt of p.vcpus) notifyStopped(k, kt);
}

/** SUSPEND_PARTITION. */
export function suspendPartition(k: KernelContext, p: Partition): void {
  for (const kt of p.vcpus) setFlags(k, kt, S);
  for (const kt of p.vcpus) notifyStopped(k, kt);
}

/** RESUME_PARTITION: clears S on every vCPU, halted ones included; no notification (§1.2). */
export function resumePartition(k: KernelContext, p: Partition): void {
  for (const kt of p.vcpus) clearFlags(k, kt, S);
}

/** SHUTDOWN_PARTITION: only the SHUTDOWN interrupt, on every non-halted vCPU. */
export function shutdownPartition(k: KernelContext, p: Partition): void {
  setPartExtIrqPending(k, p, EXT_IRQ.SHUTDOWN);
}

/** HALT_VCPU. */
export function haltVcpu(k: KernelContext, kt: Kthread): void {
  setFlags(k, kt, H);
  kt.opMode = OP_MODE.IDLE;
  notifyStopped(k, kt);
}

/** SUSPEND_VCPU. */
export function suspendVcpu(k: KernelContext, kt: Kthread): void {
  setFlags(k, kt, S);
  notifyStopped(k, kt);
}

/** RESUME_VCPU. */
export function resumeVcpu(k: KernelContext, kt: Kthread): void {
  clearFlags(k, kt, S);
}

/**
 * `reset_kthread`: a fresh PCT (reset counter kept), counter + 1, status stored, a fresh guest
 * context at `entry`, then R set and H cleared. Another vCPU starts when its CPU next selects it
 * (that CPU is notified, or this one reschedules); the calling vCPU itself is entered at once and
 * the call never returns (`EnterGuest` unwinds the entry).
 */
export function resetKthread(
  k: KernelContext,
  kt: Kthread,
  entry: number,
  status: number,
  reason: StartReason,
): void {
  setupPct(k, kt);
  k.pct.set(kt.pct, 'resetCounter', (k.pct.get(kt.pct, 'resetCounter') + 1) >>> 0);
  k.pct.set(kt.pct, 'resetStatus', status >>> 0);
  kt.context = k.loader.start({
    part: kt.part.id,
    vcpu: kt.vcpu,
    entry,
    pct: startPctArgument(k, kt),
    reason,
  });
  kt.fresh = true;
  kt.pending = null;
  kt.savedIf.length = 0;
  if (k.faults.on('reset-clears-suspend')) clearFlags(k, kt, S);
  const self = k.entry.cpu.current === kt;
  setFlags(k, kt, R);
  clearFlags(k, kt, H);
  if (self) throw new EnterGuest(kt.label);
  if (kt.cpu !== k.entry.cpu.id) {
    if (kt.cpu >= 0) crossCpuNotify(k, kt.cpu);
  } else schedule(k);
}

export type ResetMode = 'cold' | 'warm';

/**
 * `reset_partition`: false if the partition has no image (it is then left halted, A55 intended).
 * Only vCPU0 is restarted; a cold reset makes its reset counter read 0 afterwards.
 */
export function resetPartition(
  k: KernelContext,
  p: Partition,
  mode: ResetMode,
  status: number,
  reason: StartReason = mode,
): boolean {
  haltPartition(k, p);
  if (!p.bootable) return false;
  const v0 = p.vcpus[0];
  if (v0 === undefined) return false;
  const op = mode === 'warm' ? OP_MODE.WARM_RESET : OP_MODE.COLD_RESET;
  v0.opMode = op;
  p.opMode = op;
  if (mode === 'cold') k.pct.set(v0.pct, 'resetCounter', 0xffffffff);
  resetKthread(k, v0, p.entry, status, reason);
  return true;
}
