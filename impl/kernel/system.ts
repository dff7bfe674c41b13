/**
 * The whole system stops: `halt_system` and `reset_system` (prtos-states §6.2, §6.3;
 * core/kernel/setup.c:93-133).
 *
 * A run ends at any system halt, reset or panic (brief; spec/lockstep `stopped`): the kernel
 * reports `system`, stops the machine — every CPU at once, the calling one at the end of its
 * entry — and unwinds the entry. A reset updates `sys_reset_counter` first (cold sets it to 0
 * after the increment). x86 then reboots, which this emulation reports and does not carry out;
 * riscv64, aarch64 and loongarch64 have no reset path and fall into `system_panic("Unreachable
 * point")` (A8, quirk `sysreset-unimplemented-panic`; intended: reset as on x86).
 */
import type { ResetMode, SystemWhat } from '../../spec/trace/vocabulary.js';
import { systemPanic } from './panic.js';
import { SystemStop, type KernelContext, type SystemStatusName } from './state.js';

/** Stops the machine and unwinds: the last thing any system-level path does. */
export function stopSystem(
  k: KernelContext,
  what: SystemWhat,
  status: SystemStatusName,
  extra: { readonly mode?: ResetMode; readonly reason?: string } = {},
): never {
  if (k.system.status === 'running') {
    k.system.status = status;
    const ev = { t: k.entry.now, ev: 'system' as const, what, ...extra };
    k.obs.emit(ev);
    k.machine.halt(extra.reason ?? what);
  }
  throw new SystemStop(what);
}

/**
 * `halt_system`: "System halted." comes from CPU 0 (x86 halts CPU 0 by IPI, which prints it).
 * Reached from a system panic, the stop is reported as the panic.
 */
export function haltSystem(k: KernelContext): never {
  if (k.entry.cpu.id === 0 || k.port.x86Family) k.console.print(k.entry.now, 'System halted.\n');
  if (k.panicking !== null) stopSystem(k, 'panic', 'panicked', { reason: k.panicking });
  stopSystem(k, 'halt', 'halted');
}

/** `reset_system(mode)`. */
export function resetSystem(k: KernelContext, mode: ResetMode, reason?: string): never {
  k.system.resetCounter = (k.system.resetCounter + 1) >>> 0;
  if (mode === 'cold') k.system.resetCounter = 0;
  if (!k.port.systemResetImplemented && k.quirks.on('sysreset-unimplemented-panic')) {
    systemPanic(k, 'Unreachable point\n');
  }
  stopSystem(k, 'reset', 'reset', reason === undefined ? { mode } : { mode, reason });
}
