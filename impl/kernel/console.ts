/**
 * Console output: the hypervisor's own console (`kprintf`, core/klibc/stdio.c) and the partition
 * consoles behind the console object (core/objects/console.c), on the configured devices.
 *
 * Bytes written to a UART or VGA console appear on the machine's UART at the stamp of the write
 * (spec/timing R9), one UART channel per writer, and every completed line is reported: as a
 * `console` observation (L4; the hypervisor's own lines with `part` null, L5) and to the
 * composition root's listener, in output order. A console on a memory block writes into the
 * block and wraps to its start when full (console.c:32-38, memblock.c); such output is not a line
 * anyone reads, so it is not reported.
 */
import type { Machine } from '../machine/index.js';
import type { KDevice } from './devices.js';
import { DEV_SEEK } from './devices.js';

export type ConsoleListener = (line: {
  readonly t: number;
  readonly part: number | null;
  readonly text: string;
}) => void;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const HYP_CHANNEL = 'prtos';

export class KernelConsole {
  readonly #machine: Machine;
  readonly #hyp: KDevice | undefined;
  readonly #parts: readonly (KDevice | undefined)[];
  readonly #onLine: ConsoleListener;
  /** Unfinished line of each writer (hypervisor = -1). */
  readonly #pending = new Map<number, string>();

  constructor(
    machine: Machine,
    hyp: KDevice | undefined,
    parts: readonly (KDevice | undefined)[],
    onLine: ConsoleListener,
  ) {
    this.#machine = machine;
    this.#hyp = hyp;
    this.#parts = parts;
    this.#onLine = onLine;
  }

  /** `kprintf` on the hypervisor console (nothing without one: console_put_char). */
  print(t: number, text: string): void {
    const dev = this.#hyp;
    if (dev === undefined) return;
    if (dev.kind === 'memblock') {
      for (const b of encoder.encode(text)) writeWrapping(dev, b);
      return;
    }
    this.#machine.uart.write(HYP_CHANNEL, text, t);
    this.#lines(-1, null, t, text);
  }

  /** Whether a partition has a console device (without one, every write reports 0 bytes). */
  hasDevice(part: number): boolean {
    return this.#parts[part] !== undefined;
  }

  /** Writes a partition's bytes to its console; returns how many were written (console.c:59-64). */
  write(t: number, part: number, bytes: Uint8Array): number {
    const dev = this.#parts[part];
    if (dev === undefined) return 0;
    if (dev.kind === 'memblock') {
      let n = 0;
      for (const b of bytes) {
        if (!writeWrapping(dev, b)) return n;
        n++;
      }
      return n;
    }
    this.#machine.uart.write(`P${part}`, bytes, t);
    this.#lines(part, part, t, decoder.decode(bytes));
    return bytes.length;
  }

  #lines(key: number, part: number | null, t: number, text: string): void {
    let buf = (this.#pending.get(key) ?? '') + text;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      this.#onLine({ t, part, text: line.endsWith('\r') ? line.slice(0, -1) : line });
    }
    if (buf === '') this.#pending.delete(key);
    else this.#pending.set(key, buf);
  }
}

/** One byte to a memory block, rewinding once when it is full (`write_mod`). */
function writeWrapping(dev: KDevice & { kind: 'memblock' }, b: number): boolean {
  const one = new Uint8Array([b]);
  if (dev.write(one) === 1) return true;
  dev.seek(0, DEV_SEEK.START);
  return dev.write(one) === 1;
}
