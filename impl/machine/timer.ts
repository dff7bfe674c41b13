/**
 * The per-CPU timer device: one deadline, one-shot.
 *
 * DESIGN.md (impl/machine): "a timer device per CPU". The kernel arms it with an absolute time
 * in µs; when virtual time reaches the deadline the timer fires, which makes the interrupt
 * source `timer` pending on its CPU (spec/timing R3: taken at the first instant ≥ the deadline
 * at which the CPU is not in an atomic unit). Arming with a deadline already past fires at once.
 *
 * A `latched` timer (an interrupt controller's request register, x86) keeps a firing once the
 * deadline has been reached, until the CPU takes it, even if the timer is re-armed or disarmed in
 * between (say by the kernel entry that was running at the deadline). A `level` timer (a
 * comparator whose output is the pending bit, riscv64) is pending only while its deadline is
 * reached: re-arming it for later or disarming it withdraws a firing not yet taken. The latch is
 * made lazily, when the timer is next touched, so that no event is needed at the deadline itself.
 */
import { assertNat } from './ids.js';

/** What a firing not yet taken becomes when the timer is re-armed or disarmed (see above). */
export type TimerFiring = 'latched' | 'level';

export class Timer {
  #deadline: number | null = null;
  /** The deadline that fired and has not been taken yet. */
  #firedAt: number | null = null;
  readonly #now: () => number;
  readonly #firing: TimerFiring;

  constructor(now: () => number, firing: TimerFiring = 'latched') {
    this.#now = now;
    this.#firing = firing;
  }

  /** The armed deadline, or null. A deadline that has been reached is no longer armed. */
  get deadline(): number | null {
    this.#latch();
    return this.#deadline;
  }

  /** Sets the one deadline (replacing any other). */
  arm(deadline: number): void {
    assertNat(deadline, 'timer deadline');
    this.#latch();
    this.#deadline = deadline;
  }

  disarm(): void {
    this.#latch();
    this.#deadline = null;
  }

  /** When the source became (or becomes) pending: the latched firing or the deadline; ∞ if neither. */
  dueTime(): number {
    return this.#firedAt ?? this.#deadline ?? Infinity;
  }

  /** Takes the source if it is due at `now` (clearing it); says whether it was. */
  take(now: number): boolean {
    if (this.#firedAt === null && (this.#deadline === null || this.#deadline > now)) return false;
    this.#firedAt = null;
    if (this.#deadline !== null && this.#deadline <= now) this.#deadline = null;
    return true;
  }

  #latch(): void {
    if (this.#firing === 'level') return;
    if (this.#deadline !== null && this.#deadline <= this.#now()) {
      this.#firedAt ??= this.#deadline;
      this.#deadline = null;
    }
  }
}
