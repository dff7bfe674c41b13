/**
 * Virtual interrupts and traps: hypercalls 15-19, 23, 24, the IRET op and riscv64's raise-trap
 * pseudo-hypercall (prtos-hypercalls §3.14-3.18, §3.22-3.23, §2.2, §7.1).
 *
 * Masks and pending words are u32 bit sets (bit n = hardware line n, or extended interrupt n,
 * spec/constants/virqs.ts `EXT_IRQ`). Returning from a virtual interrupt is `iretNumber(arch)`
 * (spec/constants/guestIsa.ts): pseudo-hypercall 44 on riscv64, the IRET gate on x86; the
 * generator runtime issues it itself when a handler returns.
 */
import { iretNumber, PRTOS_RAISE_TRAP_NR } from '../../../spec/constants/index.js';
import type { Guest } from '../guest.js';
import { hypercall, type ApiCall } from '../steps.js';
import { call } from './call.js';

/** `prtos_clear_irqmask(hw, ext)` (15): unmask the given sources. */
export function clearIrqMask(g: Guest, hwMask: number, extMask: number): ApiCall<number> {
  return call(g, 'clear_irqmask', hwMask, extMask);
}

/** `prtos_set_irqmask(hw, ext)` (16): mask the given sources. */
export function setIrqMask(g: Guest, hwMask: number, extMask: number): ApiCall<number> {
  return call(g, 'set_irqmask', hwMask, extMask);
}

/** `prtos_set_irqpend(hw, ext)` (17): make the given sources pending on the caller. */
export function setIrqPend(g: Guest, hwMask: number, extMask: number): ApiCall<number> {
  return call(g, 'set_irqpend', hwMask, extMask);
}

/** `prtos_clear_irqpend(hw, ext)` (18). */
export function clearIrqPend(g: Guest, hwMask: number, extMask: number): ApiCall<number> {
  return call(g, 'clear_irqpend', hwMask, extMask);
}

/** `prtos_route_irq(type, irq, vector)` (19); type is `ROUTE_IRQ_TYPE.TRAP`, `.HWIRQ` or `.EXTIRQ`. */
export function routeIrq(g: Guest, type: number, irq: number, vector: number): ApiCall<number> {
  return call(g, 'route_irq', type, irq, vector);
}

/** `prtos_raise_ipvi(n)` (23); n is the extended interrupt number 24..31. */
export function raiseIpvi(g: Guest, ipviNumber: number): ApiCall<number> {
  return call(g, 'raise_ipvi', ipviNumber);
}

/** `prtos_raise_partition_ipvi(id, n)` (24). */
export function raisePartitionIpvi(g: Guest, id: number, ipviNumber: number): ApiCall<number> {
  return call(g, 'raise_partition_ipvi', id, ipviNumber);
}

/** `prtos_x86_iret()` under its name on every port: return from a virtual interrupt. */
export function iret(g: Guest): ApiCall<number> {
  return hypercall(iretNumber(g.arch), []);
}

/**
 * `prtos_raise_partition_trap(trap)`: pseudo-hypercall 45 on riscv64, aarch64 and loongarch64,
 * which raises trap `trap` against the caller (prtos-hypercalls §2.2); it returns 45 because the
 * kernel leaves a0 alone (A38). x86 has no such call: there 45 is an unknown hypercall (-1).
 */
export function raisePartitionTrap(_g: Guest, trap: number): ApiCall<number> {
  return hypercall(PRTOS_RAISE_TRAP_NR, [trap]);
}
