/**
 * The partition control table in emulated memory: reading and writing its fields at a PCT's
 * physical address, with the layout of spec/pct.ts.
 *
 * PRTOS keeps one PCT per vCPU inside the partition's PCT array (prtos-states §7.3,
 * core/include/guest.h:93-124), and some values live only there: the reset counter and status
 * a partition status reports, and the pending and mask words of every virtual interrupt
 * (prtos-states §1.3, §5.3). The kernel therefore reads them back from memory each time rather
 * than caching them — on riscv64 the guest may have written them (anomaly A3).
 * Kernel writes go straight to physical memory, so the machine's witness records them as kernel
 * writes of the entry in progress.
 */
import type { Arch } from '../../spec/constants/arch.js';
import { pctLayout, type FieldLayout, type PctFieldName, type PctLayout } from '../../spec/pct.js';
import { ID_STRING_LENGTH } from '../../spec/pct.js';
import type { PhysicalMemory } from '../machine/index.js';

export class PctMemory {
  readonly layout: PctLayout;
  readonly #memory: PhysicalMemory;
  readonly #fields = new Map<PctFieldName, FieldLayout>();

  constructor(memory: PhysicalMemory, arch: Arch) {
    this.#memory = memory;
    this.layout = pctLayout(arch);
    for (const [name, f] of this.layout.fields) this.#fields.set(name, f);
  }

  field(name: PctFieldName): FieldLayout {
    const f = this.#fields.get(name);
    if (f === undefined) throw new Error(`this architecture's PCT has no field ${name}`);
    return f;
  }

  has(name: PctFieldName): boolean {
    return this.#fields.has(name);
  }

  /** An unsigned field (or element `index` of an array field), as a number (64-bit ones lose precision above 2^53). */
  get(pct: number, name: PctFieldName, index = 0): number {
    const f = this.field(name);
    const addr = pct + f.offset + index * f.size;
    if (f.size === 8) return Number(this.#memory.readBig(addr, 8));
    return this.#memory.read(addr, f.size as 1 | 2 | 4);
  }

  set(pct: number, name: PctFieldName, value: number, index = 0): void {
    const f = this.field(name);
    const addr = pct + f.offset + index * f.size;
    if (f.size === 8) this.#memory.write(addr, 8, BigInt.asUintN(64, BigInt(Math.trunc(value))));
    else this.#memory.write(addr, f.size as 1 | 2 | 4, value);
  }

  /** `name[16]` as the NUL-terminated string it holds. */
  getName(pct: number): string {
    const f = this.field('name');
    const bytes = this.#memory.readBytes(pct + f.offset, ID_STRING_LENGTH);
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(end < 0 ? bytes : bytes.subarray(0, end));
  }

  /** `strncpy(name, s, 16)`: the bytes of `s`, NUL-padded, not terminated when 16 long. */
  setName(pct: number, s: string): void {
    const f = this.field('name');
    const out = new Uint8Array(ID_STRING_LENGTH);
    out.set(new TextEncoder().encode(s).subarray(0, ID_STRING_LENGTH));
    this.#memory.writeBytes(pct + f.offset, out);
  }

  /** Zeroes `len` bytes at `addr` (one write). */
  zero(addr: number, len: number): void {
    if (len > 0) this.#memory.writeBytes(addr, new Uint8Array(len));
  }

  writeBytes(addr: number, bytes: Uint8Array): void {
    this.#memory.writeBytes(addr, bytes);
  }

  writeWord(addr: number, size: 4 | 8, value: number): void {
    if (size === 8) this.#memory.write(addr, 8, BigInt.asUintN(64, BigInt(Math.trunc(value))));
    else this.#memory.write(addr, 4, value >>> 0);
  }
}
