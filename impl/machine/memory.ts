/**
 * Physical memory: a sparse array of 4 KiB pages of bytes.
 *
 * DESIGN.md (impl/machine): "physical memory (sparse pages of bytes)". Addresses are plain
 * numbers; the machine stays below 2^53, so every address is exact. Multi-byte values are
 * little-endian, as on every PRTOS target (x86, amd64, riscv64, aarch64, loongarch64). Memory
 * that was never written reads as zero and costs nothing.
 *
 * Value types: `read` returns a `number` for 1, 2 and 4 bytes (always exact) and a `bigint` for
 * 8 bytes (a u64 may exceed 2^53); `readBig` returns a `bigint` for any width. All values read
 * are unsigned. `write` takes a number or a bigint and keeps its low `8 * size` bits (two's
 * complement for negatives), as a store instruction does.
 *
 * Every write — `write` or `writeBytes` — goes through one private path that reports the
 * written range to the write observer, from which the machine builds its witness records
 * (`witness.ts`). Reads are not observed.
 */
import { assertNat, type AccessSize } from './ids.js';

/** Page size of the memory store (and the granularity PRTOS memory areas use). */
export const PAGE_SIZE = 4096;

/** Told of every physical write, after the bytes have changed. */
export interface WriteObserver {
  onWrite(paddr: number, size: number): void;
}

interface Page {
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

const U64 = 64;

export class PhysicalMemory {
  readonly #pages = new Map<number, Page>();
  #observer: WriteObserver | null;

  constructor(observer: WriteObserver | null = null) {
    this.#observer = observer;
  }

  /** Replaces the write observer (the machine installs its witness recorder here). */
  setObserver(observer: WriteObserver | null): void {
    this.#observer = observer;
  }

  /** Number of pages that hold data (a page exists once any byte of it was written). */
  get pageCount(): number {
    return this.#pages.size;
  }

  /** Reads an unsigned little-endian value: a number for 1, 2 or 4 bytes, a bigint for 8. */
  read(addr: number, size: 1 | 2 | 4): number;
  read(addr: number, size: 8): bigint;
  read(addr: number, size: AccessSize): number | bigint;
  read(addr: number, size: AccessSize): number | bigint {
    if (size === 8) return this.readBig(addr, 8);
    checkAccess(addr, size);
    const off = addr % PAGE_SIZE;
    if (off + size <= PAGE_SIZE) {
      const page = this.#pages.get((addr - off) / PAGE_SIZE);
      if (page === undefined) return 0;
      if (size === 1) return page.view.getUint8(off);
      if (size === 2) return page.view.getUint16(off, true);
      return page.view.getUint32(off, true);
    }
    let v = 0;
    for (let i = size - 1; i >= 0; i--) v = v * 256 + this.#byte(addr + i);
    return v;
  }

  /** Reads an unsigned little-endian value of any width as a bigint. */
  readBig(addr: number, size: AccessSize): bigint {
    checkAccess(addr, size);
    if (size !== 8) return BigInt(this.read(addr, size));
    const off = addr % PAGE_SIZE;
    if (off + 8 <= PAGE_SIZE) {
      const page = this.#pages.get((addr - off) / PAGE_SIZE);
      return page === undefined ? 0n : page.view.getBigUint64(off, true);
    }
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(this.#byte(addr + i));
    return v;
  }

  /** Writes the low `8 * size` bits of `value`, little-endian. */
  write(addr: number, size: AccessSize, value: number | bigint): void {
    checkAccess(addr, size);
    const off = addr % PAGE_SIZE;
    if (off + size <= PAGE_SIZE) {
      const view = this.#page((addr - off) / PAGE_SIZE).view;
      if (size === 8) view.setBigUint64(off, toU64(value), true);
      else {
        const v = toU32(value);
        if (size === 1) view.setUint8(off, v & 0xff);
        else if (size === 2) view.setUint16(off, v & 0xffff, true);
        else view.setUint32(off, v, true);
      }
    } else {
      let v = size === 8 ? toU64(value) : BigInt(toU32(value));
      for (let i = 0; i < size; i++) {
        this.#setByte(addr + i, Number(v & 0xffn));
        v >>= 8n;
      }
    }
    this.#observer?.onWrite(addr, size);
  }

  /** Copies `len` bytes out (a fresh array; unwritten bytes are 0). */
  readBytes(addr: number, len: number): Uint8Array {
    assertNat(addr, 'address');
    assertNat(len, 'length');
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const off = a % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, len - done);
      const page = this.#pages.get((a - off) / PAGE_SIZE);
      if (page !== undefined) out.set(page.bytes.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** Copies `bytes` in at `addr` (one observed write of `bytes.length` bytes). */
  writeBytes(addr: number, bytes: Uint8Array): void {
    assertNat(addr, 'address');
    assertNat(addr + bytes.length, 'end address');
    if (bytes.length === 0) return;
    let done = 0;
    while (done < bytes.length) {
      const a = addr + done;
      const off = a % PAGE_SIZE;
      const n = Math.min(PAGE_SIZE - off, bytes.length - done);
      this.#page((a - off) / PAGE_SIZE).bytes.set(bytes.subarray(done, done + n), off);
      done += n;
    }
    this.#observer?.onWrite(addr, bytes.length);
  }

  #byte(addr: number): number {
    const off = addr % PAGE_SIZE;
    return this.#pages.get((addr - off) / PAGE_SIZE)?.bytes[off] ?? 0;
  }

  #setByte(addr: number, v: number): void {
    const off = addr % PAGE_SIZE;
    this.#page((addr - off) / PAGE_SIZE).bytes[off] = v;
  }

  #page(n: number): Page {
    let page = this.#pages.get(n);
    if (page === undefined) {
      const bytes = new Uint8Array(PAGE_SIZE);
      page = { bytes, view: new DataView(bytes.buffer) };
      this.#pages.set(n, page);
    }
    return page;
  }
}

function checkAccess(addr: number, size: number): void {
  if (!Number.isSafeInteger(addr) || addr < 0 || !Number.isSafeInteger(addr + size)) {
    throw new RangeError(`physical address ${addr} (+${size}) is not a safe integer ≥ 0`);
  }
}

function toU32(value: number | bigint): number {
  if (typeof value === 'bigint') return Number(BigInt.asUintN(32, value));
  if (!Number.isSafeInteger(value)) throw new RangeError(`stored value ${value} is not a safe integer`);
  // ToUint32 (`>>> 0`) is reduction modulo 2^32, exact for every safe integer.
  return value >>> 0;
}

function toU64(value: number | bigint): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new RangeError(`stored value ${value} is not a safe integer`);
  }
  return BigInt.asUintN(U64, BigInt(value));
}
