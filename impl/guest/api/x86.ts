/**
 * x86 processor hypercalls used by guests of this slice: 37, 38, 42, 43
 * (prtos-hypercalls §3.32, §7.1). BAIL's x86 start-up loads its GDT and IDT descriptor
 * registers (user/bail/x86/arch.c) and enables interrupts with `x86_set_if` (`hw_sti`).
 *
 * 42 and 43 return no value: eax keeps the hypercall number (A51), so they "return" 42 and 43.
 * On the other ports these slots are empty and answer -1 (the wrappers exist only on x86/amd64;
 * calling them elsewhere is a program that would not have compiled, kept callable for tests).
 */
import type { Guest } from '../guest.js';
import type { ApiCall } from '../steps.js';
import { call } from './call.js';

/** `prtos_x86_load_gdt(&desc)` (37); desc points to a `struct x86_desc_reg`. */
export function x86LoadGdt(g: Guest, descAddr: number): ApiCall<number> {
  return call(g, 'x86_load_gdt', descAddr);
}

/** `prtos_x86_load_idtr(&desc)` (38). */
export function x86LoadIdtr(g: Guest, descAddr: number): ApiCall<number> {
  return call(g, 'x86_load_idtr', descAddr);
}

/** `prtos_x86_set_if()` (42): enable virtual interrupts (BAIL `hw_sti` on x86). */
export function x86SetIf(g: Guest): ApiCall<number> {
  return call(g, 'x86_set_if');
}

/** `prtos_x86_clear_if()` (43): disable virtual interrupts (BAIL `hw_cli` on x86). */
export function x86ClearIf(g: Guest): ApiCall<number> {
  return call(g, 'x86_clear_if');
}
