/**
 * Guest pointers: `check_gp_param` and the kernel's reads and writes through an accepted pointer
 * (prtos-hypercalls §4; core/include/gaccess.h).
 *
 * Intended (§4.3): [ptr, ptr + size) must lie in the caller's address space — its MMU context,
 * which holds its areas with their rights and its PCT — readable, and writable where the kernel
 * writes; the kernel then accesses it through that context. NULL is refused where the call asks
 * for NOT_NULL; size 0 touches nothing. The x86 family also bounds the range below
 * CONFIG_PRTOS_OFFSET (x86/gaccess.h:20-25).
 *
 * Real deviations, each behind its quirk:
 * - `gp-param-unchecked` (riscv64, loongarch64, aarch64, A2/HC-A13): only NULL is checked
 *   (aarch64 also compares with PRTOS_OFFSET) and the address modulo 2^32 is used as a physical
 *   address through the hypervisor's direct map — any memory of the board, other partitions' and
 *   the hypervisor's included. An address outside every memory region makes the hypervisor
 *   itself fault, which on riscv64 halts the system (riscv64/traps.c:214-219).
 * - `x86-gp-probe-no-readonly` (HC-A14): the write probe runs with CR0.WP clear, so a read-only
 *   page passes and the kernel then writes it; a range whose end wraps past 2^32 passes with no
 *   page probed.
 */
import { PRTOS_OFFSET } from '../../spec/constants/archParams.js';
import { readVirtual, writeVirtual } from '../machine/index.js';
import { HM_EV, trapToHmEvent } from '../../spec/constants/hmEvents.js';
import { hmRaiseEvent } from './hm.js';
import { systemPanic } from './panic.js';
import { haltSystem } from './system.js';
import type { KernelContext, Kthread } from './state.js';

export interface GpFlags {
  /** PFLAG_RW: the kernel will write. */
  readonly rw: boolean;
  /** PFLAG_NOT_NULL. */
  readonly notNull: boolean;
}

export const RW_NOT_NULL: GpFlags = { rw: true, notNull: true };
export const RO_NOT_NULL: GpFlags = { rw: false, notNull: true };
export const RW_NULL_OK: GpFlags = { rw: true, notNull: false };

/** An accepted guest range: the kernel reads and writes it through here. */
export interface GuestRange {
  readonly ptr: number;
  readonly size: number;
  read(offset: number, len: number): Uint8Array;
  write(offset: number, bytes: Uint8Array): void;
}

const TWO32 = 2 ** 32;

/** `check_gp_param(ptr, size, _, flags)`: the range, or null (→ INVALID_PARAM). */
export function checkGpParam(
  k: KernelContext,
  caller: Kthread,
  ptr: number,
  size: number,
  f: GpFlags,
): GuestRange | null {
  if (f.notNull && ptr === 0) return null;
  if (k.port.pointerCheck !== 'probe' && k.quirks.on('gp-param-unchecked')) {
    if (k.port.pointerCheck === 'belowOffset') {
      const off = Number(PRTOS_OFFSET[k.arch]);
      if (!(ptr < off && ptr + size < off)) return null;
    }
    return physicalRange(k, ptr % TWO32, size);
  }
  if (size === 0) return emptyRange(ptr);
  if (!Number.isSafeInteger(ptr) || !Number.isSafeInteger(ptr + size)) return null;
  if (k.port.pointerCheck === 'probe' && k.quirks.on('x86-gp-probe-no-readonly'))
    return x86ProbeRange(k, caller, ptr, size);
  const off = k.port.guestOffset;
  if (off !== null && !(ptr < off && ptr + size < off)) return null;
  const r = k.machine.mmu.pieces(caller.part.mmu, ptr, size, f.rw ? 'write' : 'read');
  if (!r.ok) return null;
  return virtualRange(k, caller, ptr, size);
}

/** The seeded fault `missing-pointer-check`: no check at all, the pointer taken as physical. */
export function uncheckedRange(k: KernelContext, ptr: number, size: number): GuestRange {
  return physicalRange(k, ptr % TWO32, size);
}

function emptyRange(ptr: number): GuestRange {
  return {
    ptr,
    size: 0,
    read: () => new Uint8Array(0),
    write: () => undefined,
  };
}

function virtualRange(k: KernelContext, caller: Kthread, ptr: number, size: number): GuestRange {
  const m = k.machine;
  const ctx = caller.part.mmu;
  return {
    ptr,
    size,
    read(offset, len) {
      const r = readVirtual(m.memory, m.mmu, ctx, ptr + offset, len);
      if (!r.ok)
        throw new Error(`kernel read outside a checked guest range at 0x${(ptr + offset).toString(16)}`);
      return r.value;
    },
    write(offset, bytes) {
      const r = writeVirtual(m.memory, m.mmu, ctx, ptr + offset, bytes);
      if (!r.ok)
        throw new Error(`kernel write outside a checked guest range at 0x${(ptr + offset).toString(16)}`);
    },
  };
}

/**
 * The x86 probe with WP clear: every touched page present (read-only pages pass an RW probe);
 * a range that wraps past 2^32 probes nothing. The kernel's access then bypasses the page rights.
 */
function x86ProbeRange(k: KernelContext, caller: Kthread, ptr: number, size: number): GuestRange | null {
  const off = k.port.guestOffset ?? TWO32;
  const wraps = ptr + size > TWO32;
  if (!(ptr < off && (ptr + size) % TWO32 < off)) return null;
  if (!wraps && !k.machine.mmu.pieces(caller.part.mmu, ptr, size, 'read').ok) return null;
  const m = k.machine;
  const paddr = (offset: number): number => {
    const va = (ptr + offset) % TWO32;
    const t = m.mmu.translate(caller.part.mmu, va, 1, 'read');
    return t.ok ? t.paddr : kernelPageFault(k, va);
  };
  return {
    ptr,
    size,
    read(offset, len) {
      const out = new Uint8Array(len);
      for (let i = 0; i < len; i++) out[i] = m.memory.read(paddr(offset + i), 1);
      return out;
    },
    write(offset, bytes) {
      for (let i = 0; i < bytes.length; i++) m.memory.writeBytes(paddr(offset + i), bytes.subarray(i, i + 1));
    },
  };
}

/**
 * The kernel itself faults on a guest address (x86, reachable only through a wrapping range):
 * a page fault in hypervisor context — a system-level HM event, then a system panic.
 */
function kernelPageFault(k: KernelContext, va: number): never {
  const event =
    k.port.guestOffset !== null && va >= k.port.guestOffset ? HM_EV.MEM_PROTECTION : trapToHmEvent(14);
  hmRaiseEvent(k, { event, kthread: k.entry.cpu.current, sys: true, ctxt: { pc: 0, psr: 0, cr2: va } });
  systemPanic(k, 'Unexpected/unhandled trap - TRAP: 0xe ERROR CODE: 0x0\n');
}

/** Direct-map access to physical memory; outside every memory region the hypervisor faults. */
function physicalRange(k: KernelContext, paddr: number, size: number): GuestRange {
  const m = k.machine;
  const inRegions = (a: number, len: number) =>
    len === 0 || k.config.hw.memoryLayout.some((r) => a >= r.start && a + len <= r.start + r.size);
  const fault = (a: number): never => {
    k.console.print(
      k.entry.now,
      `[TRAP] UNHANDLED scause=0x${(k.arch === 'riscv64' ? 15 : 0).toString(16)} sepc=0x0 stval=0x${a.toString(16)}\n`,
    );
    haltSystem(k);
  };
  return {
    ptr: paddr,
    size,
    read(offset, len) {
      const a = paddr + offset;
      if (!inRegions(a, len)) fault(a);
      return m.memory.readBytes(a, len);
    },
    write(offset, bytes) {
      const a = paddr + offset;
      if (!inRegions(a, bytes.length)) fault(a);
      m.memory.writeBytes(a, bytes);
    },
  };
}
