/**
 * The MMU: numbered translation contexts, each a set of non-overlapping mappings with rights.
 *
 * DESIGN.md (impl/machine): "an MMU with per-context translation and permissions that faults".
 * A context is one address space; whoever owns the machine (the kernel) creates one per
 * address space it needs and tells the CPU which one to use when it resumes a guest.
 *
 * Mappings are byte ranges, not page-table entries: `{virt, phys, size}` with read, write and
 * exec rights. PRTOS memory areas are page-multiples, so a page-based MMU would give the same
 * answers for them; byte ranges cost nothing more and let a configuration with odd sizes be
 * modelled exactly instead of rounded.
 *
 * A check covers every byte of the access: an access that crosses from one mapping into the
 * next is allowed only if every byte is mapped with the right, and the fault names the first
 * byte that fails (as the faulting-address register of a real MMU does for the page that
 * faulted). Rights are checked per mapping; nothing is cached that `map`/`unmap` could stale.
 *
 * Context 0 (`IDENTITY_CONTEXT`) exists from the start: it maps every address to itself with all
 * rights and cannot be changed. It is the "MMU off" view, for kernel code and tests that want to
 * go through the same checked path as guests.
 */
import { assertNat, type Access, type ContextId } from './ids.js';

/** The identity context: virtual = physical, every right, immutable. */
export const IDENTITY_CONTEXT = 0 as ContextId;

/** One mapping of a context. */
export interface Mapping {
  readonly virt: number;
  readonly phys: number;
  readonly size: number;
  readonly read: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

/** Why a translation failed: no mapping for the byte, or a mapping without the right. */
export type MmuFaultKind = 'unmapped' | 'permission';

/** A failed translation: the first byte that failed and the access that was attempted. */
export interface MmuFault {
  readonly kind: MmuFaultKind;
  readonly vaddr: number;
  readonly access: Access;
}

/**
 * A translation. `paddr` is the physical address of the first byte; `contiguous` says whether
 * the whole range is physically contiguous (it may not be when it crosses mappings; then use
 * `pieces` or the helpers of `virtual.ts`).
 */
export type Translation =
  | { readonly ok: true; readonly paddr: number; readonly contiguous: boolean }
  | { readonly ok: false; readonly fault: MmuFault };

/** A physically contiguous part of a translated range. */
export interface Piece {
  readonly vaddr: number;
  readonly paddr: number;
  readonly size: number;
}

export type PieceTranslation =
  { readonly ok: true; readonly pieces: readonly Piece[] } | { readonly ok: false; readonly fault: MmuFault };

export class Mmu {
  /** Mappings of each context, sorted by `virt`. */
  readonly #contexts = new Map<number, Mapping[]>();
  #next = 1;

  /** Makes an empty context and returns its number (1, 2, … in creation order). */
  createContext(): ContextId {
    const id = this.#next++;
    this.#contexts.set(id, []);
    return id as ContextId;
  }

  /** Whether `ctx` names a context (the identity context always exists). */
  hasContext(ctx: number): boolean {
    return ctx === IDENTITY_CONTEXT || this.#contexts.has(ctx);
  }

  /** Adds a mapping; throws if it overlaps one already in the context (in virtual space). */
  map(ctx: ContextId, m: Mapping): void {
    const list = this.#mutable(ctx);
    assertNat(m.virt, 'mapping virt');
    assertNat(m.phys, 'mapping phys');
    assertNat(m.size, 'mapping size');
    assertNat(m.virt + m.size, 'mapping virtual end');
    assertNat(m.phys + m.size, 'mapping physical end');
    if (m.size === 0) throw new RangeError('a mapping must have a size > 0');
    const i = upperBound(list, m.virt);
    const before = list[i - 1];
    const after = list[i];
    if (
      (before !== undefined && before.virt + before.size > m.virt) ||
      (after !== undefined && m.virt + m.size > after.virt)
    ) {
      throw new RangeError(
        `mapping [${hex(m.virt)}, ${hex(m.virt + m.size)}) overlaps another in context ${ctx}`,
      );
    }
    list.splice(i, 0, {
      virt: m.virt,
      phys: m.phys,
      size: m.size,
      read: m.read,
      write: m.write,
      exec: m.exec,
    });
  }

  /** Removes the virtual range [virt, virt+size), trimming or splitting mappings it cuts. */
  unmap(ctx: ContextId, virt: number, size: number): void {
    const list = this.#mutable(ctx);
    assertNat(virt, 'unmap virt');
    assertNat(size, 'unmap size');
    const end = virt + size;
    const kept: Mapping[] = [];
    for (const m of list) {
      const mEnd = m.virt + m.size;
      if (mEnd <= virt || m.virt >= end) {
        kept.push(m);
        continue;
      }
      if (m.virt < virt) kept.push({ ...m, size: virt - m.virt });
      if (mEnd > end) kept.push({ ...m, virt: end, phys: m.phys + (end - m.virt), size: mEnd - end });
    }
    list.splice(0, list.length, ...kept);
  }

  /** Removes every mapping of the context. */
  clear(ctx: ContextId): void {
    this.#mutable(ctx).length = 0;
  }

  /** The mappings of a context, sorted by virtual address. */
  mappings(ctx: ContextId): readonly Mapping[] {
    if (ctx === IDENTITY_CONTEXT) return [];
    return [...this.#get(ctx)];
  }

  /** Checks and translates the `size` bytes at `vaddr` (size ≥ 1). */
  translate(ctx: ContextId, vaddr: number, size: number, access: Access): Translation {
    checkRange(vaddr, size);
    if (ctx === IDENTITY_CONTEXT) return { ok: true, paddr: vaddr, contiguous: true };
    const list = this.#get(ctx);
    // Fast path: the whole access inside one mapping (every guest op that does not cross).
    const m = list[upperBound(list, vaddr) - 1];
    if (m !== undefined && vaddr + size <= m.virt + m.size && vaddr >= m.virt) {
      if (!allows(m, access)) return { ok: false, fault: { kind: 'permission', vaddr, access } };
      return { ok: true, paddr: m.phys + (vaddr - m.virt), contiguous: true };
    }
    const r = this.pieces(ctx, vaddr, size, access);
    if (!r.ok) return r;
    const first = r.pieces[0] as Piece;
    let contiguous = true;
    for (let i = 1; i < r.pieces.length; i++) {
      const prev = r.pieces[i - 1] as Piece;
      if ((r.pieces[i] as Piece).paddr !== prev.paddr + prev.size) contiguous = false;
    }
    return { ok: true, paddr: first.paddr, contiguous };
  }

  /** Like `translate`, but returns every physically contiguous piece of the range, in order. */
  pieces(ctx: ContextId, vaddr: number, size: number, access: Access): PieceTranslation {
    checkRange(vaddr, size);
    if (ctx === IDENTITY_CONTEXT) return { ok: true, pieces: [{ vaddr, paddr: vaddr, size }] };
    const list = this.#get(ctx);
    const end = vaddr + size;
    const out: Piece[] = [];
    let i = upperBound(list, vaddr) - 1;
    let addr = vaddr;
    while (addr < end) {
      const m = list[i];
      if (m === undefined || addr < m.virt || addr >= m.virt + m.size) {
        return { ok: false, fault: { kind: 'unmapped', vaddr: addr, access } };
      }
      if (!allows(m, access)) return { ok: false, fault: { kind: 'permission', vaddr: addr, access } };
      const pieceEnd = Math.min(end, m.virt + m.size);
      const paddr = m.phys + (addr - m.virt);
      const last = out[out.length - 1];
      if (last !== undefined && last.paddr + last.size === paddr) {
        out[out.length - 1] = { vaddr: last.vaddr, paddr: last.paddr, size: last.size + (pieceEnd - addr) };
      } else out.push({ vaddr: addr, paddr, size: pieceEnd - addr });
      addr = pieceEnd;
      i++;
    }
    return { ok: true, pieces: out };
  }

  #get(ctx: number): Mapping[] {
    const list = this.#contexts.get(ctx);
    if (list === undefined) throw new RangeError(`no MMU context ${ctx}`);
    return list;
  }

  #mutable(ctx: ContextId): Mapping[] {
    if (ctx === IDENTITY_CONTEXT) throw new RangeError('the identity context cannot be changed');
    return this.#get(ctx);
  }
}

function allows(m: Mapping, access: Access): boolean {
  return access === 'read' ? m.read : access === 'write' ? m.write : m.exec;
}

/** Index of the first mapping whose `virt` is greater than `addr`. */
function upperBound(list: readonly Mapping[], addr: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Mapping).virt <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function checkRange(vaddr: number, size: number): void {
  assertNat(vaddr, 'virtual address');
  assertNat(vaddr + size, 'virtual end address');
  if (size < 1 || !Number.isSafeInteger(size)) throw new RangeError(`access size must be ≥ 1, got ${size}`);
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
