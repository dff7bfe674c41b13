/**
 * Seeded faults: bugs put into the kernel on purpose, each behind an id, so that the property
 * suites can prove they catch a broken kernel (issue 5, "seed faults of your own too … and show
 * each caught"). None is ever on unless the run names it.
 *
 * Each entry says what is broken and which requirements a suite must then find violated; the
 * checks themselves sit at the one place in the kernel each fault changes (grep the id).
 */
import type { RequirementId } from '../../spec/requirements/types.js';

export interface SeededFault {
  readonly id: SeededFaultId;
  readonly description: string;
  readonly breaks: readonly RequirementId[];
}

export const SEEDED_FAULT_IDS = [
  'slot-end-off-by-one',
  'missing-pointer-check',
  'timer-fires-in-wrong-slot',
  'hm-action-on-wrong-partition',
  'idle-slot-given-away',
  'exec-clock-runs-while-preempted',
  'suspend-ignored-by-scheduler',
  'plan-switch-immediate',
  'virq-ignores-mask',
  'reset-clears-suspend',
  'privilege-check-skipped',
] as const;

export type SeededFaultId = (typeof SEEDED_FAULT_IDS)[number];

const R = (...ids: RequirementId[]): readonly RequirementId[] => ids;

export const SEEDED_FAULTS: readonly SeededFault[] = [
  {
    id: 'slot-end-off-by-one',
    description: 'A slot whose vCPU is chosen runs 1 µs past its configured end (next_act = end + 1).',
    breaks: R('REQ-SCHED-13', 'REQ-SCHED-25', 'REQ-SCHED-26'),
  },
  {
    id: 'missing-pointer-check',
    description:
      "get_time skips its guest-pointer check and writes the 8 bytes at the pointer taken as a physical address, whoever's memory that is.",
    breaks: R('REQ-MEM-6', 'REQ-MEM-7', 'REQ-TIME-4'),
  },
  {
    id: 'timer-fires-in-wrong-slot',
    description:
      'An expired HW-clock timer is handled at its expiry by the CPU it is pinned to, and its HW_TIMER interrupt is made pending on whichever vCPU is current there rather than on its owner.',
    breaks: R('REQ-TIME-7', 'REQ-TIME-8', 'REQ-IRQ-20'),
  },
  {
    id: 'hm-action-on-wrong-partition',
    description:
      'A partition-level HM action is carried out on the next partition (id + 1 modulo the partition count) instead of the faulting one.',
    breaks: R('REQ-HM-10', 'REQ-HM-22', 'REQ-PART-24'),
  },
  {
    id: 'idle-slot-given-away',
    description:
      "A slot whose vCPU is not READY when it starts is given, until the slot's end, to another READY vCPU pinned to the same CPU.",
    breaks: R('REQ-SCHED-8', 'REQ-SCHED-25', 'REQ-SCHED-26', 'REQ-SCHED-28'),
  },
  {
    id: 'exec-clock-runs-while-preempted',
    description:
      "A vCPU's exec clock is not stopped when it is switched out, so it counts the time other threads run.",
    breaks: R('REQ-TIME-2'),
  },
  {
    id: 'suspend-ignored-by-scheduler',
    description: 'The scheduler treats a suspended vCPU as ready (only H and R are tested).',
    breaks: R('REQ-VCPU-1', 'REQ-VCPU-3', 'REQ-PART-19'),
  },
  {
    id: 'plan-switch-immediate',
    description:
      "switch_sched_plan makes the requested plan current at once on the caller's CPU instead of at its next major-frame boundary.",
    breaks: R('REQ-SCHED-19', 'REQ-SCHED-27', 'REQ-SCHED-13', 'REQ-SCHED-25'),
  },
  {
    id: 'virq-ignores-mask',
    description: 'Virtual-interrupt delivery ignores the extended-interrupt mask word.',
    breaks: R('REQ-IRQ-15'),
  },
  {
    id: 'reset-clears-suspend',
    description: 'A partition reset also clears S on the vCPUs it restarts.',
    breaks: R('REQ-PART-19'),
  },
  {
    id: 'privilege-check-skipped',
    description: 'halt_partition of another partition skips the system-partition check.',
    breaks: R('REQ-PRIV-1', 'REQ-PART-8'),
  },
];

export class SeededFaults {
  readonly #on: ReadonlySet<string>;

  constructor(ids: Iterable<string> = []) {
    const set = new Set(ids);
    for (const id of set) {
      if (!(SEEDED_FAULT_IDS as readonly string[]).includes(id))
        throw new RangeError(`unknown seeded fault ${id}`);
    }
    this.#on = set;
  }

  on(id: SeededFaultId): boolean {
    return this.#on.size > 0 && this.#on.has(id);
  }
}
