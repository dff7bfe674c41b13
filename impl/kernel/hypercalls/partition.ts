/**
 * Partition and system hypercalls 1–8 (prtos-hypercalls §3.3–§3.10; core/kernel/hypercalls.c:
 * 61-93, 186-211, 254-343), every check in the kernel's order.
 *
 * "Other" means a partition id different from the caller's; acting on another partition needs
 * a system partition (§6.4). A self-halt never returns; a self-suspend and idle_self return OK
 * when the caller runs again. After a reset issued by a secondary vCPU of its own partition the
 * caller is halted: the intended kernel reschedules at once; the real one does not when vCPU0 is
 * on another CPU (A21, quirk `hm-reset-no-reschedule`).
 */
import { RESET_MODE } from '../../../spec/constants/hypercallArgs.js';
import { HYPERCALL_SYSTEM_RESET_STATUS } from '../../../spec/constants/partition.js';
import { KTHREAD_FLAGS } from '../../../spec/constants/vcpu.js';
import { flagsSet, isReady } from '../kthread.js';
import {
  haltPartition,
  resetPartition,
  resumePartition,
  shutdownPartition,
  suspendPartition,
} from '../lifecycle.js';
import { idleSelf, schedule } from '../sched.js';
import type { KernelContext, Kthread } from '../state.js';
import { haltSystem, resetSystem } from '../system.js';
import {
  arg,
  INVALID_CONFIG,
  INVALID_PARAM,
  NO_ACTION,
  NO_RETURN,
  OK,
  PERM_ERROR,
  type HcHandler,
  type HcResult,
} from './result.js';

const H = KTHREAD_FLAGS.HALTED;
const S = KTHREAD_FLAGS.SUSPENDED;

/** The system-partition right; the seeded fault `privilege-check-skipped` drops it for halt_partition. */
function mayActOnOthers(k: KernelContext, caller: Kthread, halt = false): boolean {
  return caller.part.system || (halt && k.faults.on('privilege-check-skipped'));
}

/** PERM_ERROR / INVALID_PARAM for another partition, or undefined when the target is acceptable. */
function otherChecks(k: KernelContext, caller: Kthread, id: number, halt = false): HcResult | undefined {
  if (id === caller.part.id) return undefined;
  if (!mayActOnOthers(k, caller, halt)) return PERM_ERROR;
  if (id >= k.partitions.length) return INVALID_PARAM;
  return undefined;
}

function haltedMessage(k: KernelContext, id: number): void {
  k.console.print(k.entry.now, `[HYPERCALL] (0x${id.toString(16)}) Halted\n`);
}

export const haltPartitionSys: HcHandler = (k, caller, a) => {
  const id = arg(a, 0);
  const bad = otherChecks(k, caller, id, true);
  if (bad !== undefined) return bad;
  const p = k.partitions[id];
  if (p === undefined) return INVALID_PARAM;
  if (p !== caller.part) {
    if (p.vcpus.every((kt) => flagsSet(kt, H))) return NO_ACTION;
    haltPartition(k, p);
    haltedMessage(k, id);
    return OK;
  }
  haltPartition(k, p);
  haltedMessage(k, id);
  schedule(k);
  return NO_RETURN;
};

export const suspendPartitionSys: HcHandler = (k, caller, a) => {
  const id = arg(a, 0);
  const bad = otherChecks(k, caller, id);
  if (bad !== undefined) return bad;
  const p = k.partitions[id];
  if (p === undefined) return INVALID_PARAM;
  if (p !== caller.part) {
    if (p.vcpus.every((kt) => flagsSet(kt, S | H))) return NO_ACTION;
    suspendPartition(k, p);
    return OK;
  }
  suspendPartition(k, p);
  schedule(k);
  return OK;
};

export const resumePartitionSys: HcHandler = (k, caller, a) => {
  const id = arg(a, 0);
  if (id === caller.part.id) return NO_ACTION;
  if (!mayActOnOthers(k, caller)) return PERM_ERROR;
  const p = k.partitions[id];
  if (p === undefined) return INVALID_PARAM;
  if (!p.vcpus.some((kt) => flagsSet(kt, S) && !flagsSet(kt, H))) return NO_ACTION;
  resumePartition(k, p);
  return OK;
};

export const resetPartitionSys: HcHandler = (k, caller, a) => {
  const id = arg(a, 0);
  const mode = arg(a, 1);
  const status = arg(a, 2);
  const bad = otherChecks(k, caller, id);
  if (bad !== undefined) return bad;
  if (mode !== RESET_MODE.COLD && mode !== RESET_MODE.WARM) return INVALID_PARAM;
  const p = k.partitions[id];
  if (p === undefined) return INVALID_PARAM;
  const done = resetPartition(k, p, mode === RESET_MODE.WARM ? 'warm' : 'cold', status);
  if (!k.quirks.on('hm-reset-no-reschedule') && k.entry.cpu.current === caller && !isReady(k, caller)) {
    schedule(k);
  }
  return done ? OK : INVALID_CONFIG;
};

export const shutdownPartitionSys: HcHandler = (k, caller, a) => {
  const id = arg(a, 0);
  const bad = otherChecks(k, caller, id);
  if (bad !== undefined) return bad;
  const p = k.partitions[id];
  if (p === undefined) return INVALID_PARAM;
  shutdownPartition(k, p);
  return OK;
};

export const haltSystemSys: HcHandler = (k, caller) => {
  if (!caller.part.system) return PERM_ERROR;
  haltSystem(k);
};

export const resetSystemSys: HcHandler = (k, caller, a) => {
  if (!caller.part.system) return PERM_ERROR;
  const mode = arg(a, 0);
  if (mode !== RESET_MODE.COLD && mode !== RESET_MODE.WARM) return INVALID_PARAM;
  k.system.resetStatusInit = HYPERCALL_SYSTEM_RESET_STATUS;
  resetSystem(k, mode === RESET_MODE.WARM ? 'warm' : 'cold');
};

export const idleSelfSys: HcHandler = (k) => {
  idleSelf(k);
  return OK;
};
