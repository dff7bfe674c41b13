/**
 * Memory as address ranges with rights, and the bytes that guests and the kernel wrote.
 *
 * The intended spatial semantics (prtos-states §8 S1, S2; requirements REQ-MEM-1..3, REQ-MEM-6):
 * a partition sees its configured memory areas at their `mappedAt` addresses (read-only areas
 * readable only, `unmapped` areas not at all; flags honoured on every architecture, unlike the
 * riscv64 stage-2 table of anomaly A3) and its own PCT array read-only; nothing else. A guest
 * load or store outside that space is a fault; a hypercall pointer must lie entirely inside it,
 * and inside writable ranges where the kernel writes (prtos-hypercalls §4.3, the intended rule).
 *
 * Bytes are kept sparsely, keyed by *physical* address, so that a store through one partition's
 * mapping of a shared area is visible through another's (REQ-MEM-4). Memory nobody wrote reads as
 * 0. The PCT is not kept as bytes: its content is a function of the vCPU state (pct.ts), so reads
 * of it are answered by a callback.
 *
 * Where the PCT array appears: x86 and amd64 map it read-only at PRTOS_PCTRLTAB_ADDR (spec/pct.ts,
 * prtos-states §7). The other ports pass its physical address in a register and the notes do not
 * fix where the kernel allocates it; the model then gives the guest no PCT mapping (reported to
 * the lead as an open point).
 */
import type { Arch } from '../spec/constants/arch.js';
import { PRTOS_LOAD_ADDR, pctrlTabAddr } from '../spec/constants/index.js';
import { guestWritablePctFields, pctField, pctSlotSize, placePctArrays } from '../spec/pct.js';
import type { SystemView } from './system.js';

export type Access = 'read' | 'write';

/** A mapped range of a partition's address space. */
export interface MappedRange {
  /** Virtual (guest) start and end (exclusive). */
  readonly start: number;
  readonly end: number;
  readonly writable: boolean;
  /** Physical address of `start`, or `pct` for the PCT array (its bytes are computed, not stored). */
  readonly phys: number | 'pct';
}

export interface AddressSpace {
  readonly part: number;
  /** Sorted by start; ranges do not overlap (CFG rule REQ-CFG-10). */
  readonly ranges: readonly MappedRange[];
}

/**
 * Where the PCT array of partition `part` is mapped: x86 and amd64 at PRTOS_PCTRLTAB_ADDR, the
 * other ports at the array's physical address (spec/pct.ts `placePctArrays`).
 */
export function pctArrayBase(view: SystemView, part: number): number {
  if (view.arch === 'x86' || view.arch === 'amd64') return Number(pctrlTabAddr(view.arch));
  return placePctArrays(view.config, PRTOS_LOAD_ADDR[view.arch])[part]?.array ?? 0;
}

/** Offsets inside one vCPU's PCT that the guest may write (spec/pct.ts), as [from, to) pairs. */
export function writablePctOffsets(arch: Arch): readonly (readonly [number, number])[] {
  return guestWritablePctFields(arch).map((name) => {
    const f = pctField(arch, name);
    return [f.offset, f.offset + f.size * f.count] as const;
  });
}

/** Bytes of one vCPU's PCT slot for partition `part`. */
export function pctStride(view: SystemView, part: number): number {
  const p = view.partitions[part];
  if (p === undefined) return 0;
  return pctSlotSize(view.arch, p.config.areas.length, p.config.ports.length);
}

/** The address space of every partition of `view`. */
export function addressSpaces(view: SystemView): readonly AddressSpace[] {
  return view.partitions.map((p) => {
    const ranges: MappedRange[] = [];
    for (const a of p.config.areas) {
      if (a.flags.includes('unmapped') || a.size === 0) continue;
      ranges.push({
        start: a.mappedAt,
        end: a.mappedAt + a.size,
        writable: !a.flags.includes('read-only'),
        phys: a.start,
      });
    }
    // The PCT array: read-only but for the fields a guest writes itself (spec/pct.ts).
    const base = pctArrayBase(view, p.id);
    const stride = pctStride(view, p.id);
    let at = base;
    for (let v = 0; v < p.vcpus; v++) {
      for (const [from, to] of writablePctOffsets(view.arch)) {
        const w0 = base + v * stride + from;
        if (w0 > at) ranges.push({ start: at, end: w0, writable: false, phys: 'pct' });
        ranges.push({ start: w0, end: base + v * stride + to, writable: true, phys: 'pct' });
        at = base + v * stride + to;
      }
    }
    // Mapped to the end of the array's whole pages, as the kernel maps it (spec/pct.ts).
    const end =
      base + (placePctArrays(view.config, PRTOS_LOAD_ADDR[view.arch])[p.id]?.size ?? p.vcpus * stride);
    if (end > at) ranges.push({ start: at, end, writable: false, phys: 'pct' });
    ranges.sort((x, y) => x.start - y.start);
    return { part: p.id, ranges };
  });
}

/** The range holding `addr`, or undefined. */
export function rangeAt(space: AddressSpace, addr: number): MappedRange | undefined {
  for (const r of space.ranges) {
    if (addr < r.start) return undefined;
    if (addr < r.end) return r;
  }
  return undefined;
}

/**
 * Whether every byte of [addr, addr + size) is mapped with the access's right. A range may cross
 * from one mapped range into an adjacent one; it may not wrap around or touch a hole.
 */
export function accessible(space: AddressSpace, addr: number, size: number, access: Access): boolean {
  if (!Number.isSafeInteger(addr) || addr < 0 || size < 0) return false;
  let at = addr;
  const end = addr + size;
  while (at < end) {
    const r = rangeAt(space, at);
    if (r === undefined) return false;
    if (access === 'write' && !r.writable) return false;
    at = r.end;
  }
  return true;
}

/** The first address of [addr, addr + size) that the access may not touch, or undefined. */
export function firstInaccessible(
  space: AddressSpace,
  addr: number,
  size: number,
  access: Access,
): number | undefined {
  let at = addr;
  const end = addr + size;
  while (at < end) {
    const r = rangeAt(space, at);
    if (r === undefined || (access === 'write' && !r.writable)) return at;
    at = r.end;
  }
  return undefined;
}

/** What a hypercall says about one pointer argument (prtos-hypercalls §4.4). */
export interface PointerCheck {
  readonly size: number;
  /** The kernel writes through it (`PFLAG_RW`). */
  readonly write: boolean;
  /** NULL is rejected (`PFLAG_NOT_NULL`); a NULL that is allowed is accepted and not used. */
  readonly notNull: boolean;
}

/**
 * The intended `check_gp_param` (prtos-hypercalls §4.3): NULL is rejected where the call requires
 * a pointer and accepted otherwise; any other pointer must lie entirely inside the caller's
 * address space, in writable ranges when the kernel writes. Alignment is never checked (§4.1).
 */
export function pointerOk(space: AddressSpace, ptr: number, check: PointerCheck): boolean {
  if (ptr === 0) return !check.notNull;
  return accessible(space, ptr, check.size, check.write ? 'write' : 'read');
}

/** Translates a guest address of `space` to its physical address (undefined for holes and the PCT). */
export function physicalOf(space: AddressSpace, addr: number): number | undefined {
  const r = rangeAt(space, addr);
  if (r === undefined || r.phys === 'pct') return undefined;
  return r.phys + (addr - r.start);
}

/**
 * The bytes guests stored and the kernel wrote, by physical address. Unwritten bytes read as 0.
 * Mutable: one instance per run, owned by the model's world.
 */
export class ByteStore {
  private readonly bytes = new Map<number, number>();

  get size(): number {
    return this.bytes.size;
  }

  readByte(phys: number): number {
    return this.bytes.get(phys) ?? 0;
  }

  writeByte(phys: number, value: number): void {
    const b = value & 0xff;
    if (b === 0) this.bytes.delete(phys);
    else this.bytes.set(phys, b);
  }

  /** Little-endian write of `value` (two's complement for negatives) in `size` bytes. */
  writeLE(phys: number, size: number, value: number | bigint): void {
    let v = BigInt.asUintN(size * 8, BigInt(value));
    for (let i = 0; i < size; i++) {
      this.writeByte(phys + i, Number(v & 0xffn));
      v >>= 8n;
    }
  }

  /**
   * Little-endian read: unsigned for 1, 2 and 4 bytes; an 8-byte value is read as signed 64-bit
   * (so that a stored time or -1 reads back as itself) and converted to a JS number.
   */
  readLE(phys: number, size: number): number {
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.readByte(phys + i));
    return Number(size === 8 ? BigInt.asIntN(64, v) : v);
  }
}

/**
 * Reads `size` bytes of a guest address range that `accessible` accepted, byte by byte through the
 * address space (a range may span adjacent areas). `pctByte` answers bytes of the PCT array.
 */
export function readGuest(
  space: AddressSpace,
  store: ByteStore,
  addr: number,
  size: number,
  pctByte: (offset: number) => number,
): number {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) {
    const a = addr + i;
    const r = rangeAt(space, a);
    let b = 0;
    if (r !== undefined) b = r.phys === 'pct' ? pctByte(a - r.start) : store.readByte(r.phys + (a - r.start));
    v = (v << 8n) | BigInt(b & 0xff);
  }
  return Number(size === 8 ? BigInt.asIntN(64, v) : v);
}

/** Writes `size` bytes of `value` (little-endian) to a guest range the caller has checked. */
export function writeGuest(
  space: AddressSpace,
  store: ByteStore,
  addr: number,
  size: number,
  value: number | bigint,
): void {
  let v = BigInt.asUintN(size * 8, BigInt(value));
  for (let i = 0; i < size; i++) {
    const phys = physicalOf(space, addr + i);
    if (phys !== undefined) store.writeByte(phys, Number(v & 0xffn));
    v >>= 8n;
  }
}

/** Reads `length` bytes of guest memory as a byte array (for console text and multicall batches). */
export function readGuestBytes(
  space: AddressSpace,
  store: ByteStore,
  addr: number,
  length: number,
  pctByte: (offset: number) => number,
): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = readGuest(space, store, addr + i, 1, pctByte);
  return out;
}
