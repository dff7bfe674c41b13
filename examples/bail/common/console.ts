/**
 * BAIL's console buffer: `putchar` (user/bail/common/std_c.c:393-407), one 512-byte buffer per
 * partition image, shared by the partition's vCPUs (it is a static variable in the image).
 *
 * Each character is appended (a zero byte is dropped); a `\n` or `\r` sends the buffer, newline
 * included, with one `prtos_write_console` call and empties it; before appending, a buffer holding
 * more than 510 bytes is sent first. So a line built by several `printf` calls leaves the partition
 * as one console write at the moment its newline is formatted, a `printf` without newline stays
 * buffered, and `"\n\n"` sends a second, one-byte write (docs/bail-study.md §1.2).
 *
 * The buffer here holds the characters; the bytes reach guest memory when a write is sent (the
 * runtime stores them on the vCPU's scratch stack just before the console hypercall). In C the
 * buffer is emptied after the write returns; here it is emptied when the write is decided, which
 * differs only if another vCPU of the partition printed during that hypercall — a race no BAIL
 * example has.
 */

/** Bytes of the buffer (`static char buff[512]`). */
export const CONSOLE_BUFFER_SIZE = 512;

export class LineBuffer {
  #chars = '';

  /** Characters waiting for a newline. */
  get pending(): string {
    return this.#chars;
  }

  /** Empties the buffer (BSS cleared at start-up). */
  clear(): void {
    this.#chars = '';
  }

  /** `putchar(c)` for every character of `text`: the console writes it causes, in order. */
  put(text: string): string[] {
    const writes: string[] = [];
    for (const c of text) {
      if (this.#chars.length > CONSOLE_BUFFER_SIZE - 2) {
        writes.push(this.#chars);
        this.#chars = '';
      }
      if (c !== '\0') this.#chars += c;
      if (c === '\n' || c === '\r') {
        if (this.#chars.length > 0) writes.push(this.#chars);
        this.#chars = '';
      }
    }
    return writes;
  }
}
