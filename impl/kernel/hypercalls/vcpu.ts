/**
 * vCPU hypercalls 28–32 (prtos-hypercalls §3.27–§3.31; core/kernel/hypercalls.c:95-184;
 * prtos-states §2.3 V1–V5). They act only on vCPUs of the caller's own partition.
 *
 * suspend_vcpu and resume_vcpu: intended, suspend refuses a vCPU already suspended or halted and
 * resume refuses one that is not suspended-and-not-halted; the real guards are inverted (A29,
 * quirk `vcpu-suspend-resume-inverted`). reset_vcpu on x86 needs a level-1 page table of the
 * partition; page types are not modelled (DESIGN.md, Known limitations), so any page inside one
 * of the partition's areas is accepted as one.
 */
import { KTHREAD_FLAGS } from '../../../spec/constants/vcpu.js';
import { flagsSet } from '../kthread.js';
import { haltVcpu, resetKthread, resumeVcpu, suspendVcpu } from '../lifecycle.js';
import { crossCpuNotify, schedule } from '../sched.js';
import type { KernelContext, Kthread } from '../state.js';
import { arg, INVALID_PARAM, NO_ACTION, OK, ret, type HcHandler } from './result.js';

const H = KTHREAD_FLAGS.HALTED;
const S = KTHREAD_FLAGS.SUSPENDED;

function target(caller: Kthread, v: number): Kthread | undefined {
  return v < caller.part.vcpus.length ? caller.part.vcpus[v] : undefined;
}

function ownsPage(k: KernelContext, caller: Kthread, addr: number): boolean {
  return caller.part.cfg.areas.some((a) => addr >= a.start && addr < a.start + a.size);
}

export const resetVcpuSys: HcHandler = (k, caller, a) => {
  const kt = target(caller, arg(a, 0));
  if (kt === undefined) return INVALID_PARAM;
  if (k.port.x86Family && !ownsPage(k, caller, arg(a, 1))) return INVALID_PARAM;
  haltVcpu(k, kt);
  resetKthread(k, kt, arg(a, 2), arg(a, 3), 'vcpu');
  return OK;
};

export const getVcpuIdSys: HcHandler = (_k, caller) => ret(caller.vcpu);

export const haltVcpuSys: HcHandler = (k, caller, a) => {
  const kt = target(caller, arg(a, 0));
  if (kt === undefined) return INVALID_PARAM;
  if (flagsSet(kt, H)) return NO_ACTION;
  haltVcpu(k, kt);
  if (kt === caller) schedule(k);
  return OK;
};

export const suspendVcpuSys: HcHandler = (k, caller, a) => {
  const kt = target(caller, arg(a, 0));
  if (kt === undefined) return INVALID_PARAM;
  const stopped = flagsSet(kt, S | H);
  if (k.quirks.on('vcpu-suspend-resume-inverted') ? !stopped : stopped) return NO_ACTION;
  suspendVcpu(k, kt);
  if (kt === caller) schedule(k);
  return OK;
};

export const resumeVcpuSys: HcHandler = (k, caller, a) => {
  const kt = target(caller, arg(a, 0));
  if (kt === undefined) return INVALID_PARAM;
  const suspended = flagsSet(kt, S) && !flagsSet(kt, H);
  if (k.quirks.on('vcpu-suspend-resume-inverted') ? suspended : !suspended) return NO_ACTION;
  resumeVcpu(k, kt);
  if (kt === caller) schedule(k);
  else if (kt.cpu !== k.entry.cpu.id && kt.cpu >= 0) crossCpuNotify(k, kt.cpu);
  return OK;
};
