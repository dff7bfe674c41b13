/**
 * The emulated implementation as one lockstep side: a machine built for the configuration, the
 * PRTOS kernel booted on it, and the guest runtime running the programs (straight-line programs
 * for generated runs; partition images for the BAIL examples and `prtos-ref run`).
 *
 * This is the composition root of impl/: the kernel and the guest runtime meet only here (they
 * may not import each other). Events come from three places — the kernel's observations and
 * `hypercall` events, the guest runtime's `op` events — and are handed out in the order they
 * happened; `state()` is the abstraction function over the kernel's view and the PCT bytes.
 */
import type { LockstepSide, RunSpec, SideEvent, StimulusInput } from '../spec/lockstep.js';
import type { ModelState } from '../spec/modelState.js';
import { bootKernel, createMachineFor, type GuestLoader, type Kernel } from '../impl/kernel/index.js';
import { imageLoader, programLoader, type PartitionImage } from '../impl/guest/index.js';
import type { Machine } from '../impl/machine/index.js';
import { abstractState } from './abstraction.js';

export interface ImplOptions {
  /** Seeded faults of the kernel (impl/kernel/faults.ts), for the suites' self-tests. */
  readonly faults?: readonly string[];
  /** Partition images instead of the spec's straight-line programs. */
  readonly images?: Readonly<Record<number, PartitionImage>>;
  /** Every console line, kernel and partitions, in output order. */
  readonly onConsole?: (line: { t: number; part: number | null; text: string }) => void;
  /** Keep the machine's witness records (default true). */
  readonly witness?: boolean;
}

export class ImplSide implements LockstepSide {
  readonly machine: Machine;
  readonly kernel: Kernel;
  #pending: SideEvent[] = [];

  constructor(spec: RunSpec, opts: ImplOptions = {}) {
    const recording =
      opts.witness === false
        ? { ops: false, writes: false, vectors: false, faults: false, cpuActivity: false }
        : {};
    this.machine = createMachineFor(spec.config, { tieBreaks: spec.tieBreaks, recording });
    const quirks = new Set(spec.quirks);
    const observe = (e: SideEvent) => {
      this.#pending.push(e);
    };
    const loaderOptions = { config: spec.config, machine: this.machine, quirks, observe };
    const loader: GuestLoader =
      opts.images === undefined
        ? programLoader({ ...loaderOptions, programs: spec.programs })
        : imageLoader({ ...loaderOptions, images: opts.images });
    this.kernel = bootKernel(this.machine, {
      config: spec.config,
      quirks,
      faults: new Set(opts.faults ?? []),
      fidelity: spec.fidelity,
      loader,
      observe,
      ...(opts.onConsole === undefined ? {} : { console: opts.onConsole }),
    });
  }

  get now(): number {
    return this.machine.now;
  }

  get stopped(): boolean {
    return this.machine.stopped !== null;
  }

  advance(t: number): readonly SideEvent[] {
    if (!this.stopped && t > this.machine.now) this.machine.advanceTo(t);
    return this.#drain();
  }

  stimulate(s: StimulusInput): readonly SideEvent[] {
    if (this.stopped) return [];
    if (s.ev === 'hwIrq') this.machine.raiseLine(s.line);
    else this.machine.injectFault(s.cpu, s.kind, s.addr);
    return this.#drain();
  }

  state(): ModelState {
    return abstractState(this.kernel.view, this.machine.memory, this.machine.now);
  }

  #drain(): SideEvent[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }
}
