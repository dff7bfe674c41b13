/**
 * Identifiers and small shared types of the emulated machine.
 *
 * The machine is bare hardware (DESIGN.md, impl/machine): it numbers its CPUs and its MMU
 * translation contexts and nothing else. Both numbers are branded so that a CPU id cannot be
 * passed where an MMU context is expected (the two are easy to mix up in kernel code, which
 * holds both for every running thread).
 */

/** A physical CPU, 0 .. cpuCount-1 (the machine has 1 to 4, PRTOS `CONFIG_NO_CPUS=4`). */
export type CpuId = number & { readonly __brand: 'CpuId' };

/** An MMU translation context (one address space). See `mmu.ts` for context 0. */
export type ContextId = number & { readonly __brand: 'ContextId' };

/** Width of one load or store, in bytes. */
export type AccessSize = 1 | 2 | 4 | 8;

/** The kind of access an MMU check is made for. */
export type Access = 'read' | 'write' | 'exec';

/** The most CPUs a machine may have. */
export const MAX_CPUS = 4;

/** Marks a number as a CPU id; throws unless it is an integer in 0..count-1. */
export function cpuId(n: number, count: number = MAX_CPUS): CpuId {
  if (!Number.isInteger(n) || n < 0 || n >= count) {
    throw new RangeError(`cpu id ${n} is not in 0..${count - 1}`);
  }
  return n as CpuId;
}

/** Throws unless `n` is a safe integer ≥ 0 (addresses, sizes, times and costs all are). */
export function assertNat(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${what} must be a safe integer ≥ 0, got ${n}`);
  }
}
