/**
 * vCPU control: hypercalls 28-32 (prtos-hypercalls §3.27-3.31, §7.1).
 *
 * `resetVcpu` is how a partition starts its other vCPUs: BAIL's `setup_vcpus` resets vCPU i ≥ 1
 * at the image's start address (user/bail/common/smp.c:15-19).
 */
import type { Guest } from '../guest.js';
import type { ApiCall } from '../steps.js';
import { call } from './call.js';

/** `prtos_reset_vcpu(vcpu, ptd_level_1, entry, status)` (28). */
export function resetVcpu(
  g: Guest,
  vcpu: number,
  ptdLevel1: number,
  entry: number,
  status: number,
): ApiCall<number> {
  return call(g, 'reset_vcpu', vcpu, ptdLevel1, entry, status);
}

/** `prtos_halt_vcpu(vcpu)` (29). */
export function haltVcpu(g: Guest, vcpu: number): ApiCall<number> {
  return call(g, 'halt_vcpu', vcpu);
}

/** `prtos_suspend_vcpu(vcpu)` (30). */
export function suspendVcpu(g: Guest, vcpu: number): ApiCall<number> {
  return call(g, 'suspend_vcpu', vcpu);
}

/** `prtos_resume_vcpu(vcpu)` (31). */
export function resumeVcpu(g: Guest, vcpu: number): ApiCall<number> {
  return call(g, 'resume_vcpu', vcpu);
}

/** `prtos_get_vcpuid()` (32): the caller's vCPU index. */
export function getVcpuId(g: Guest): ApiCall<number> {
  return call(g, 'get_vcpuid');
}
