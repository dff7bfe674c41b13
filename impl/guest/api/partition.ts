/**
 * Partition and system control: hypercalls 1-8 (prtos-hypercalls §3.3-3.10, §7.1).
 *
 * Each is a direct wrapper: the arguments go in registers, the result register comes back.
 * `resetPartition` takes three arguments on every port (§7.1; the riscv64 API document's two is
 * wrong, HC-A47).
 */
import type { Guest } from '../guest.js';
import type { ApiCall } from '../steps.js';
import { call } from './call.js';

/** `prtos_halt_partition(id)` (1). On the caller itself it does not return. */
export function haltPartition(g: Guest, id: number): ApiCall<number> {
  return call(g, 'halt_partition', id);
}

/** `prtos_suspend_partition(id)` (2). */
export function suspendPartition(g: Guest, id: number): ApiCall<number> {
  return call(g, 'suspend_partition', id);
}

/** `prtos_resume_partition(id)` (3). */
export function resumePartition(g: Guest, id: number): ApiCall<number> {
  return call(g, 'resume_partition', id);
}

/** `prtos_reset_partition(id, mode, status)` (4); mode is `RESET_MODE.COLD` or `.WARM`. */
export function resetPartition(g: Guest, id: number, mode: number, status: number): ApiCall<number> {
  return call(g, 'reset_partition', id, mode, status);
}

/** `prtos_shutdown_partition(id)` (5). */
export function shutdownPartition(g: Guest, id: number): ApiCall<number> {
  return call(g, 'shutdown_partition', id);
}

/** `prtos_halt_system()` (6). */
export function haltSystem(g: Guest): ApiCall<number> {
  return call(g, 'halt_system');
}

/** `prtos_reset_system(mode)` (7). */
export function resetSystem(g: Guest, mode: number): ApiCall<number> {
  return call(g, 'reset_system', mode);
}

/** `prtos_idle_self()` (8): yields the rest of the slot; returns at the vCPU's next slot. */
export function idleSelf(g: Guest): ApiCall<number> {
  return call(g, 'idle_self');
}
