/**
 * Kernel devices (`kdevice_t`, core/drivers/): the configured UART and VGA consoles and the
 * memory blocks, found by the names the configuration gives them.
 *
 * A memory block is a byte range of physical memory with a position (core/drivers/memblock.c):
 * a write stops at its end and returns the bytes it wrote, `seek` moves the position, `reset`
 * rewinds it. The HM log stream and a console configured on a memory block use it. `Null` is no
 * device at all (prtoscparser registers it with the invalid id).
 */
import type { Device, SystemConfig } from '../../spec/config/types.js';
import type { PhysicalMemory } from '../machine/index.js';

export type KDevice = { readonly kind: 'uart' | 'vga'; readonly name: string } | MemBlock;

export const DEV_SEEK = { START: 0, CURRENT: 1, END: 2 } as const;

export class MemBlock {
  readonly kind = 'memblock';
  pos = 0;

  constructor(
    readonly name: string,
    readonly start: number,
    readonly size: number,
    readonly memory: PhysicalMemory,
  ) {}

  reset(): void {
    this.pos = 0;
  }

  write(bytes: Uint8Array): number {
    const len = Math.min(bytes.length, this.size - this.pos);
    if (len <= 0) return 0;
    this.memory.writeBytes(this.start + this.pos, bytes.subarray(0, len));
    this.pos += len;
    return len;
  }

  read(len: number): Uint8Array {
    const n = Math.min(len, this.size - this.pos);
    if (n <= 0) return new Uint8Array(0);
    const out = this.memory.readBytes(this.start + this.pos, n);
    this.pos += n;
    return out;
  }

  /** Moves the position; returns it (the END form gives the device size, as log streams use it). */
  seek(offset: number, whence: (typeof DEV_SEEK)[keyof typeof DEV_SEEK]): number {
    const base = whence === DEV_SEEK.START ? 0 : whence === DEV_SEEK.CURRENT ? this.pos : this.size;
    this.pos = Math.max(0, Math.min(this.size, base + offset));
    return this.pos;
  }
}

/** The devices of a configuration by name. */
export function buildDevices(config: SystemConfig, memory: PhysicalMemory): ReadonlyMap<string, KDevice> {
  const out = new Map<string, KDevice>();
  for (const d of config.hw.devices) {
    const dev = device(d, memory);
    if (dev !== undefined) out.set(dev.name, dev);
  }
  return out;
}

function device(d: Device, memory: PhysicalMemory): KDevice | undefined {
  switch (d.kind) {
    case 'uart':
      return { kind: 'uart', name: d.name };
    case 'vga':
      return { kind: 'vga', name: d.name };
    case 'memoryBlock':
      return new MemBlock(d.name, d.start, d.size, memory);
    case 'null':
      return undefined;
  }
}
