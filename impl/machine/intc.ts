/**
 * The interrupt controller: 32 hardware lines and the inter-processor interrupts.
 *
 * DESIGN.md (impl/machine): "an interrupt controller". Hardware lines 0..31 (PRTOS's hardware
 * IRQ numbers fit in a 32-bit mask, prtos-states §5.1) are edge-latched: `raise` sets the
 * line's pending bit (a raise while pending coalesces); taking the interrupt acknowledges it
 * (clears the bit). A line is delivered to the one CPU it is routed to (CPU 0 by default) and
 * only while unmasked. All lines are masked at reset, as on real controllers: the owner of the
 * machine unmasks the lines it handles.
 *
 * An IPI sets the target CPU's single IPI pending bit (several coalesce).
 *
 * Each pending source remembers since when it is *deliverable* — raised, unmasked and routed
 * to its CPU — because spec/timing R3 times the interrupt from that instant: unmasking or
 * re-routing a pending line makes it deliverable from that moment on.
 */
import { assertNat, type CpuId } from './ids.js';

/** Number of hardware interrupt lines. */
export const LINE_COUNT = 32;

export class InterruptController {
  readonly #cpuCount: number;
  readonly #now: () => number;
  readonly #route = new Array<number>(LINE_COUNT).fill(0);
  readonly #masked = new Array<boolean>(LINE_COUNT).fill(true);
  readonly #pending = new Array<boolean>(LINE_COUNT).fill(false);
  /** For each pending line, since when it is deliverable (meaningful only if pending). */
  readonly #since = new Array<number>(LINE_COUNT).fill(0);
  readonly #ipiSince: (number | null)[];
  /** Per-CPU earliest deliverable line time, recomputed when a line changes. */
  readonly #lineDue: number[];
  #lineDueStale = true;

  constructor(cpuCount: number, now: () => number) {
    this.#cpuCount = cpuCount;
    this.#now = now;
    this.#ipiSince = new Array<number | null>(cpuCount).fill(null);
    this.#lineDue = new Array<number>(cpuCount).fill(Infinity);
  }

  /** Sends line `line` to CPU `cpu` from now on. */
  route(line: number, cpu: CpuId): void {
    this.#checkLine(line);
    this.#checkCpu(cpu);
    if (this.#route[line] === cpu) return;
    this.#route[line] = cpu;
    this.#becameDeliverable(line);
  }

  routeOf(line: number): CpuId {
    this.#checkLine(line);
    return this.#route[line] as CpuId;
  }

  mask(line: number): void {
    this.#checkLine(line);
    this.#masked[line] = true;
    this.#lineDueStale = true;
  }

  unmask(line: number): void {
    this.#checkLine(line);
    if (!this.#masked[line]) return;
    this.#masked[line] = false;
    this.#becameDeliverable(line);
  }

  isMasked(line: number): boolean {
    this.#checkLine(line);
    return this.#masked[line] as boolean;
  }

  isPending(line: number): boolean {
    this.#checkLine(line);
    return this.#pending[line] as boolean;
  }

  /** Latches line `line` (an external device, or software forcing it). */
  raise(line: number): void {
    this.#checkLine(line);
    if (this.#pending[line]) return;
    this.#pending[line] = true;
    this.#since[line] = this.#now();
    this.#lineDueStale = true;
  }

  /** Drops a pending line without delivering it. */
  clearPending(line: number): void {
    this.#checkLine(line);
    this.#pending[line] = false;
    this.#lineDueStale = true;
  }

  /** Sends an IPI to `to`. */
  sendIpi(to: CpuId): void {
    this.#checkCpu(to);
    this.#ipiSince[to] ??= this.#now();
  }

  isIpiPending(cpu: CpuId): boolean {
    this.#checkCpu(cpu);
    return this.#ipiSince[cpu] !== null;
  }

  /** Earliest instant from which an IPI or a line is deliverable to `cpu` (∞ if none). */
  dueTime(cpu: CpuId): number {
    if (this.#lineDueStale) this.#recomputeLineDue();
    const ipi = this.#ipiSince[cpu] ?? Infinity;
    const line = this.#lineDue[cpu] as number;
    return ipi < line ? ipi : line;
  }

  /** Acknowledges the IPI and every deliverable line of `cpu`. */
  take(cpu: CpuId): { ipi: boolean; lines: number[] } {
    const ipi = this.#ipiSince[cpu] !== null;
    this.#ipiSince[cpu] = null;
    const lines: number[] = [];
    for (let l = 0; l < LINE_COUNT; l++) {
      if (this.#pending[l] && !this.#masked[l] && this.#route[l] === cpu) {
        this.#pending[l] = false;
        lines.push(l);
      }
    }
    if (lines.length > 0) this.#lineDueStale = true;
    return { ipi, lines };
  }

  #becameDeliverable(line: number): void {
    if (this.#pending[line]) this.#since[line] = this.#now();
    this.#lineDueStale = true;
  }

  #recomputeLineDue(): void {
    this.#lineDue.fill(Infinity);
    for (let l = 0; l < LINE_COUNT; l++) {
      if (!this.#pending[l] || this.#masked[l]) continue;
      const c = this.#route[l] as number;
      const s = this.#since[l] as number;
      if (s < (this.#lineDue[c] as number)) this.#lineDue[c] = s;
    }
    this.#lineDueStale = false;
  }

  #checkLine(line: number): void {
    if (!Number.isInteger(line) || line < 0 || line >= LINE_COUNT) {
      throw new RangeError(`interrupt line ${line} is not in 0..${LINE_COUNT - 1}`);
    }
  }

  #checkCpu(cpu: number): void {
    assertNat(cpu, 'cpu');
    if (cpu >= this.#cpuCount) throw new RangeError(`cpu ${cpu} is not in 0..${this.#cpuCount - 1}`);
  }
}
