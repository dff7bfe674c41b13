/**
 * The kernel's handle on one physical CPU.
 *
 * DESIGN.md (impl/machine): "N CPUs each with a virtual cycle counter, a timer device per CPU".
 * What the kernel may do with a CPU other than through its entries: read what it is doing,
 * program its timer (any CPU's, from any CPU), and — during an entry of this very CPU — inject
 * a vector into the guest context the entry returns to. The execution semantics live in
 * `core.ts`; this is the narrow public face of it.
 */
import type { CpuCore } from './core.js';
import type { ContextId, CpuId } from './ids.js';
import type { GuestContext } from './isa.js';
import type { Timer } from './timer.js';

/**
 * What a CPU is doing (brief: booting(until), guest, kernel(busyUntil), idle, halted).
 * `guest` covers a context at an op boundary as well as one inside an op.
 */
export type CpuMode =
  | { readonly mode: 'booting'; readonly until: number }
  | { readonly mode: 'guest'; readonly context: GuestContext; readonly mmu: ContextId }
  | { readonly mode: 'kernel'; readonly busyUntil: number }
  | { readonly mode: 'idle' }
  | { readonly mode: 'halted' };

export class Cpu {
  readonly id: CpuId;
  /** This CPU's timer device (`arm(deadline)`, `disarm()`). */
  readonly timer: Timer;
  readonly #core: CpuCore;

  /** Made by the machine; kernels get CPUs from `Machine.cpus`. */
  constructor(core: CpuCore) {
    this.#core = core;
    this.id = core.id;
    this.timer = core.timer;
  }

  get mode(): CpuMode {
    const c = this.#core;
    switch (c.phase) {
      case 'booting':
        return { mode: 'booting', until: c.until };
      case 'kernel':
        return { mode: 'kernel', busyUntil: c.until };
      case 'idle':
        return { mode: 'idle' };
      case 'halted':
        return { mode: 'halted' };
      default:
        return { mode: 'guest', context: c.context as GuestContext, mmu: c.mmu as ContextId };
    }
  }

  /** The guest context current on this CPU: running, or the one the kernel entry in progress came from. */
  get context(): GuestContext | null {
    return this.#core.context;
  }

  /** The MMU context of `context`, or null. */
  get mmu(): ContextId | null {
    return this.#core.mmu;
  }

  /**
   * Queues a vector for the guest context this CPU's kernel entry in progress returns to; it is
   * delivered (`GuestContext.deliver`, witness `vectors`) just before that context's next op.
   * Throws outside an entry of this CPU, and at the entry's end if it does not return to a guest.
   */
  injectVector(vector: number): void {
    this.#core.injectVector(vector);
  }
}
