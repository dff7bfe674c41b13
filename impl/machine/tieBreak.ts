/**
 * Same-instant order of CPUs (spec/timing R8).
 *
 * DESIGN.md (impl/machine): "Events at the same virtual time on different CPUs are ordered by
 * an explicit tie-break list, which fast-check generates and shrinks." An entry `{t, order}`
 * says that at instant t the CPUs act in `order` (highest priority first); CPUs left out of the
 * order follow it, by ascending id. At an instant with no entry, CPUs act by ascending id.
 */
import { assertNat } from './ids.js';

export interface TieBreak {
  readonly t: number;
  /** CPU ids, highest priority first; each at most once. */
  readonly order: readonly number[];
}

export class TieBreaks {
  /** For each listed instant, the rank of every CPU (lower acts first). */
  readonly #ranks = new Map<number, readonly number[]>();
  readonly #byId: readonly number[];

  constructor(list: readonly TieBreak[], cpuCount: number) {
    this.#byId = Array.from({ length: cpuCount }, (_, i) => i);
    for (const { t, order } of list) {
      assertNat(t, 'tie-break time');
      if (this.#ranks.has(t)) throw new RangeError(`tie-break list has two entries for t=${t}`);
      const rank = new Array<number>(cpuCount).fill(-1);
      order.forEach((cpu, i) => {
        if (!Number.isInteger(cpu) || cpu < 0 || cpu >= cpuCount) {
          throw new RangeError(`tie-break at t=${t} names cpu ${cpu}, not in 0..${cpuCount - 1}`);
        }
        if (rank[cpu] !== -1) throw new RangeError(`tie-break at t=${t} names cpu ${cpu} twice`);
        rank[cpu] = i;
      });
      for (let c = 0; c < cpuCount; c++) if (rank[c] === -1) rank[c] = order.length + c;
      this.#ranks.set(t, rank);
    }
  }

  /** Rank of each CPU at instant t (lower acts first). */
  ranks(t: number): readonly number[] {
    return this.#ranks.get(t) ?? this.#byId;
  }
}
