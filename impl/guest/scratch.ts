/**
 * The scratch stack of one vCPU: guest memory for the buffers API calls pass by pointer.
 *
 * A C guest keeps such buffers on its stack (a `prtos_time_t` for get_time, a status record, the
 * characters of a console line), so the kernel checks and writes real partition memory. The
 * runtime does the same with a region of the partition's own memory reserved per vCPU (where it
 * is: `loader.ts`). Allocation is last-in first-out, like a stack: an interrupt handler that runs
 * in the middle of an API call allocates above that call's buffers and frees them before the call
 * continues, so a handler never overwrites a result the interrupted call has not read yet.
 */

export interface ScratchRegion {
  /** Guest address of the first byte. */
  readonly base: number;
  readonly size: number;
}

export class ScratchStack {
  readonly region: ScratchRegion;
  #top = 0;

  constructor(region: ScratchRegion) {
    this.region = region;
  }

  /** Bytes in use. */
  get used(): number {
    return this.#top;
  }

  /** Reserves `size` bytes aligned to `align` and returns their guest address. */
  push(size: number, align = 8): number {
    const start = Math.ceil(this.#top / align) * align;
    if (start + size > this.region.size) {
      throw new RangeError(
        `guest scratch exhausted: ${size} bytes wanted, ${this.region.size - start} left of ${this.region.size}`,
      );
    }
    this.#top = start + size;
    return this.region.base + start;
  }

  /** The current top, to give back to `release` when the buffers above it are no longer needed. */
  mark(): number {
    return this.#top;
  }

  /** Frees every buffer pushed since `mark` returned `m`. */
  release(m: number): void {
    if (!Number.isInteger(m) || m < 0 || m > this.#top) throw new RangeError(`guest scratch: bad mark ${m}`);
    this.#top = m;
  }
}
