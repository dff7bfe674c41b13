/**
 * Observations: what the kernel reports, in the trace vocabulary (spec/trace/vocabulary.ts), as
 * it happens (spec/lockstep.ts L3, L4).
 *
 * Every event is stamped with the start of the kernel entry that causes it (spec/timing R2).
 * Derived states are reported as net changes over an entry: an entry is atomic (DESIGN.md,
 * impl/machine), so a reset's halt-then-restart inside one entry is not a change anyone can see;
 * `flushStates` compares each vCPU's and partition's derived state with the last one reported.
 */
import type { SideEvent } from '../../spec/lockstep.js';
import { derivedPartitionState, derivedVcpuState, type StatusName } from '../../spec/constants/vcpu.js';
import type { Runner, VirqKind } from '../../spec/trace/vocabulary.js';
import type { Kthread, Partition } from './state.js';

export class Observer {
  readonly #sink: (ev: SideEvent) => void;
  readonly #vcpuStates = new Map<Kthread, StatusName>();
  readonly #partStates = new Map<Partition, StatusName>();
  /** A flag word changed since the last `flushStates`. */
  dirty = false;

  constructor(sink: (ev: SideEvent) => void) {
    this.#sink = sink;
  }

  emit(ev: SideEvent): void {
    this.#sink(ev);
  }

  /** Takes the current derived states as the reported ones, without events (the state at t = 0). */
  baseline(partitions: readonly Partition[]): void {
    for (const p of partitions) {
      for (const k of p.vcpus) this.#vcpuStates.set(k, derivedVcpuState(k.flags));
      this.#partStates.set(p, derivedPartitionState(p.vcpus.map((k) => k.flags)));
    }
    this.dirty = false;
  }

  /** Reports every derived state that differs from the last reported one (L4 vcpuState, partState). */
  flushStates(t: number, partitions: readonly Partition[]): void {
    if (!this.dirty) return;
    this.dirty = false;
    for (const p of partitions) {
      for (const k of p.vcpus) {
        const to = derivedVcpuState(k.flags);
        const from = this.#vcpuStates.get(k) ?? to;
        if (from !== to) {
          this.#vcpuStates.set(k, to);
          this.emit({ t, ev: 'vcpuState', part: p.id, vcpu: k.vcpu, from, to });
        }
      }
      const to = derivedPartitionState(p.vcpus.map((k) => k.flags));
      const from = this.#partStates.get(p) ?? to;
      if (from !== to) {
        this.#partStates.set(p, to);
        this.emit({ t, ev: 'partState', part: p.id, from, to });
      }
    }
  }

  virqPend(t: number, k: Kthread, irq: number, kind: VirqKind): void {
    this.emit({ t, ev: 'virqPend', part: k.part.id, vcpu: k.vcpu, irq, kind });
  }
}

export function runner(k: Kthread | null): Runner {
  return k === null ? 'idle' : { part: k.part.id, vcpu: k.vcpu };
}
