/**
 * Accesses through an MMU context: check every byte, then touch physical memory.
 *
 * The CPU uses these for guest loads and stores; the kernel uses them to copy to and from a
 * guest's address space with the same checks the guest's own accesses get (a kernel that wants
 * PRTOS's real, unchecked pointer handling reads physical memory directly instead —
 * prtos-hypercalls §4.3). An access is all-or-nothing: nothing is written unless every byte
 * passed, so a faulting store changes no memory.
 *
 * A range that crosses into a mapping whose physical pages are not adjacent is split into its
 * physically contiguous pieces; each piece is one physical write (one witness record).
 */
import type { AccessSize, Access, ContextId } from './ids.js';
import type { PhysicalMemory } from './memory.js';
import type { Mmu, MmuFault, Piece } from './mmu.js';

export type VirtualRead<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fault: MmuFault };
export type VirtualWrite = { readonly ok: true } | { readonly ok: false; readonly fault: MmuFault };

const WRITE_OK: VirtualWrite = { ok: true };

/** A load of `size` bytes at `vaddr` (unsigned, little-endian, as a bigint). */
export function loadVirtual(
  memory: PhysicalMemory,
  mmu: Mmu,
  ctx: ContextId,
  vaddr: number,
  size: AccessSize,
  access: Access = 'read',
): VirtualRead<bigint> {
  const tr = mmu.translate(ctx, vaddr, size, access);
  if (!tr.ok) return tr;
  if (tr.contiguous) return { ok: true, value: memory.readBig(tr.paddr, size) };
  const bytes = gather(memory, mmu, ctx, vaddr, size, access);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return { ok: true, value: v };
}

/** A store of the low `8 * size` bits of `value` at `vaddr`. */
export function storeVirtual(
  memory: PhysicalMemory,
  mmu: Mmu,
  ctx: ContextId,
  vaddr: number,
  size: AccessSize,
  value: number | bigint,
): VirtualWrite {
  const tr = mmu.translate(ctx, vaddr, size, 'write');
  if (!tr.ok) return tr;
  if (tr.contiguous) {
    memory.write(tr.paddr, size, value);
    return WRITE_OK;
  }
  let v = BigInt.asUintN(64, BigInt(value));
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return scatter(memory, mmu, ctx, vaddr, bytes);
}

/** Copies `len` bytes out of the context (`len` 0 gives an empty array and checks nothing). */
export function readVirtual(
  memory: PhysicalMemory,
  mmu: Mmu,
  ctx: ContextId,
  vaddr: number,
  len: number,
  access: Access = 'read',
): VirtualRead<Uint8Array> {
  if (len === 0) return { ok: true, value: new Uint8Array(0) };
  const r = mmu.pieces(ctx, vaddr, len, access);
  if (!r.ok) return r;
  const out = new Uint8Array(len);
  for (const p of r.pieces) out.set(memory.readBytes(p.paddr, p.size), p.vaddr - vaddr);
  return { ok: true, value: out };
}

/** Copies `bytes` into the context, or changes nothing if any byte is not writable. */
export function writeVirtual(
  memory: PhysicalMemory,
  mmu: Mmu,
  ctx: ContextId,
  vaddr: number,
  bytes: Uint8Array,
): VirtualWrite {
  if (bytes.length === 0) return WRITE_OK;
  return scatter(memory, mmu, ctx, vaddr, bytes);
}

function gather(
  memory: PhysicalMemory,
  mmu: Mmu,
  ctx: ContextId,
  vaddr: number,
  len: number,
  access: Access,
): Uint8Array {
  const r = readVirtual(memory, mmu, ctx, vaddr, len, access);
  // The caller translated the same range successfully just before; nothing ran in between.
  if (!r.ok) throw new Error('translation changed between two checks of the same access');
  return r.value;
}

function scatter(
  memory: PhysicalMemory,
  mmu: Mmu,
  ctx: ContextId,
  vaddr: number,
  bytes: Uint8Array,
): VirtualWrite {
  const r = mmu.pieces(ctx, vaddr, bytes.length, 'write');
  if (!r.ok) return r;
  for (const p of r.pieces as readonly Piece[]) {
    const from = p.vaddr - vaddr;
    memory.writeBytes(p.paddr, bytes.subarray(from, from + p.size));
  }
  return WRITE_OK;
}
