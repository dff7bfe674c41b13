/**
 * Fidelity decisions on temporal isolation and scheduling: the partition-controlled timer,
 * device-interrupt masking, the idle plan, remote lifecycle operations, long kernel entries,
 * exec-clock accounting and plan-switch details (prtos-states §9 "Temporal", §3.6, §3.8;
 * prtos-hypercalls §8 A12, A44, errata 2 and the §3.12 inference).
 */
import { ALL_ARCHES, hcA, hcErratum, hcOpen, stA, stErratum } from './build.js';
import type { Decision } from './types.js';

export const TEMPORAL_DECISIONS: readonly Decision[] = [
  {
    id: 'ST-A1',
    aliases: [],
    title: 'A riscv64 partition can reprogram the physical timer through SBI',
    notes: [stA('A1', 'high, riscv64')],
    severity: 'high',
    arches: ['riscv64'],
    real: "An ecall with a7 = 0 and a0 > 45 (legacy SBI set_timer), or the SBI TIME extension, is forwarded to M-mode for any partition and overwrites the hypervisor's own deadline; the slot-end interrupt is lost and the partition keeps the CPU until its chosen time or another interrupt.",
    intended: 'Partition SBI timer requests never touch the timer that ends slots; slot boundaries hold.',
    choice: 'quirk',
    quirk: {
      id: 'riscv-sbi-set-timer-passthrough',
      breaks: ['REQ-SCHED-25', 'REQ-SCHED-26', 'REQ-SCHED-28', 'REQ-HCALL-5'],
      reproducible: true,
      slice: 1,
      partial:
        'Only the legacy form is reproduced: a hypercall op with number > 45 is the legacy set_timer with that value. The SBI TIME extension needs a7, which the op-level ISA does not have (see HC-A12).',
    },
    inRealPreset: ['riscv64'],
    requirements: ['REQ-HCALL-5', 'REQ-SCHED-25'],
    related: ['HC-A12'],
    reason:
      "A direct break of T1/T2 from any partition; reproducing it is the temporal suite's best counterexample.",
  },
  {
    id: 'ST-A4',
    aliases: [],
    title: 'Device interrupts of other partitions are not masked during a slot',
    notes: [stA('A4', 'medium, x86')],
    severity: 'medium',
    arches: ['x86'],
    real: "With the APIC the per-thread mask load at context switch does nothing (and the mask computed in create_partition keeps only the last owned line per word), so partition B's device interrupts are taken during A's slot and charged to A's exec clock; an edge-triggered device of B can steal A's time.",
    intended:
      "A partition's lines are masked at the controller while none of its vCPUs runs; its interrupts wait for its slot.",
    choice: 'quirk',
    quirk: {
      id: 'hwirq-mask-not-switched',
      breaks: ['REQ-IRQ-4', 'REQ-SCHED-26', 'REQ-SCHED-28', 'REQ-NI-2'],
      reproducible: true,
      slice: 1,
    },
    inRealPreset: ['x86'],
    requirements: ['REQ-IRQ-4'],
    reason:
      "The mask load is PRTOS's own design intent (prtos-states §5.1); riscv64 has empty mask functions too but delivers no device interrupts to partitions at all, so only x86 shows the effect.",
  },
  {
    id: 'ST-A9',
    aliases: [],
    title: 'The empty "idle plan" hangs a CPU',
    notes: [stA('A9', 'high')],
    severity: 'high',
    arches: ALL_ARCHES,
    real: 'A CPU without the requested plan id gets a plan with major frame 0; activating it calls idle_task() from the scheduler and at the next boundary the catch-up loop never ends with interrupts disabled (or the ASSERT at sched.c:153 panics the system). A plan whose majorFrame is left at its schema default 0s does the same.',
    intended:
      'Such a CPU runs no partition from its next boundary, keeps taking interrupts and does not disturb the other CPUs.',
    choice: 'quirk',
    quirk: {
      id: 'idle-plan-hang',
      breaks: ['REQ-SCHED-21'],
      reproducible: true,
      slice: 1,
      partial:
        'Reproduced as the hang: the CPU stops taking interrupts for good. Which of hang and ASSERT panic happens first depends on the timing of the two scheduler calls after activation; the emulation follows the algorithm of sched.c:93-171 step by step, so it does whichever the same times give.',
    },
    inRealPreset: ALL_ARCHES,
    requirements: ['REQ-SCHED-21'],
    related: ['HC-A44'],
    reason:
      'A system partition (or a bad default) can kill a CPU; the intended reading of "idle plan" is an idle CPU.',
  },
  {
    id: 'ST-A10',
    aliases: ['HC-A45'],
    title:
      "Halting or suspending a vCPU that runs on another CPU takes effect only at that CPU's next decision",
    notes: [stA('A10', 'medium'), hcA('A45', 'F')],
    severity: 'medium',
    arches: ALL_ARCHES,
    real: 'halt_partition, suspend_partition, halt_vcpu and suspend_vcpu set flags without a cross-CPU notification, so a target running on another CPU keeps executing until that CPU next schedules (at the latest its slot end); resume, IPVI and reset do notify.',
    intended: "The target's CPU is notified and stops running it within the declared interrupt latency.",
    choice: 'quirk',
    quirk: {
      id: 'remote-lifecycle-no-ipi',
      breaks: ['REQ-PART-27'],
      reproducible: true,
      slice: 1,
      partial:
        'The second half of prtos-states A10, a reset_kthread racing with the target CPU saving its stack pointer, is not reproduced: the emulated kernel keeps no kernel stacks and its entries are atomic per CPU (DESIGN.md, impl/machine).',
    },
    inRealPreset: ALL_ARCHES,
    requirements: ['REQ-PART-27', 'REQ-SCHED-24'],
    reason:
      'A halted partition that keeps running up to a slot is a temporal defect on SMP systems; the delay is fully reproducible.',
  },
  {
    id: 'ST-A11',
    aliases: [],
    title: 'Unbounded kernel work delays the next slot',
    notes: [stA('A11', 'low')],
    severity: 'low',
    arches: ['x86', 'amd64'],
    real: 'multicall runs an arbitrarily long batch with interrupts disabled; the next slot starts late and, because its end does not move, the next partition loses time.',
    intended:
      'No kernel entry exceeds the declared maximum; a multicall batch that would is refused with INVALID_PARAM before any entry runs.',
    choice: 'quirk',
    quirk: {
      id: 'unbounded-kernel-entry',
      breaks: ['REQ-HCALL-7', 'REQ-SCHED-26', 'REQ-SCHED-28'],
      reproducible: true,
      slice: 3,
    },
    inRealPreset: ['x86', 'amd64'],
    requirements: ['REQ-HCALL-7'],
    reason:
      "Only x86 and amd64 run multicall (HC-A5). PRTOS defines no bound, so the intended refusal rule is prtos-ref's own choice and must be confirmed by the project; HM re-fault loops are separate entries and do not delay slots.",
  },
  {
    id: 'ST-A28',
    aliases: [],
    title: "Kernel work for other partitions is charged to the current partition's exec clock",
    notes: [stA('A28', 'info')],
    severity: 'info',
    arches: ALL_ARCHES,
    real: "The exec clock of the current vCPU includes kernel time spent during its slot on other partitions' interrupts, cross-CPU notifications and HM logging.",
    intended: 'The same; the noninterference policy declares the resulting timing channel.',
    choice: 'intended',
    inRealPreset: [],
    requirements: ['REQ-TIME-14', 'REQ-TIME-2', 'REQ-NI-6'],
    reason:
      'This IS the specified behaviour: the exec clock counts all time while the vCPU is current (prtos-states §3.8, spec/timing R6). T5 still holds; the leak is a declared flow edge (REQ-NI-6).',
  },
  {
    id: 'HC-A44',
    aliases: [],
    title: "switch_sched_plan validates against the caller's CPU and compares plan ids with indices",
    notes: [hcA('A44', 'I')],
    severity: 'low',
    arches: ALL_ARCHES,
    real: "The plan number is checked against the caller's CPU's plan count but applied to every CPU; the NO_ACTION test compares the plan's configured id while the argument is used as an index; the INVALID_CONFIG return is unreachable.",
    intended: 'The same checks.',
    choice: 'intended',
    inRealPreset: [],
    requirements: ['REQ-SCHED-18'],
    related: ['ST-A9'],
    reason:
      'This IS the specified behaviour for valid configurations: plan ids are consecutive from 0 on every CPU (REQ-CFG-21), so id and index agree; what happens on CPUs with fewer plans is ST-A9.',
  },
  {
    id: 'HC-A12',
    aliases: [],
    title: 'riscv64 hypercall routing depends on a7',
    notes: [hcA('A12', 'F')],
    severity: 'medium',
    arches: ['riscv64'],
    real: 'An ecall with a7 != 0 goes to the SBI emulator first; libprtos never sets a7, so a stale a7 equal to an SBI extension id turns a PRTOS hypercall into an SBI call.',
    intended:
      'The libprtos stubs set a7 to 0, so a hypercall from libprtos is always dispatched as a hypercall.',
    choice: 'quirk',
    quirk: {
      id: 'riscv-ecall-a7-routing',
      breaks: ['REQ-LIB-10'],
      reproducible: false,
      whyNot:
        "The op-level ISA's hypercall op carries no a7 register (a7 is always 0), so a stale a7 cannot be expressed.",
      slice: 3,
    },
    inRealPreset: [],
    requirements: ['REQ-LIB-10', 'REQ-HCALL-5'],
    related: ['ST-A1'],
    reason:
      "The kernel's routing is the SBI convention; the defect is the library leaving a7 undefined. It needs register-level guests; the a7 = 0 half of the routing is ST-A1.",
  },
  {
    id: 'HC-OPEN-2',
    aliases: [],
    title: 'HW-clock timer expiries are delivered at the next switch-in',
    notes: [hcOpen(2, '§3.12')],
    severity: 'info',
    arches: ALL_ARCHES,
    real: 'A vCPU\'s HW-clock timers are processed only while it is current or when it is switched in, so an expiry during another partition\'s slot reaches it when it next runs (prtos-hypercalls §3.12 says "inferred").',
    intended: 'The same.',
    choice: 'intended',
    inRealPreset: [],
    requirements: ['REQ-TIME-8', 'REQ-IRQ-20'],
    reason:
      'This IS the specified behaviour, confirmed from the source by prtos-states §3.8 (ktimer.c:73-88, sched.c:243) and consistent with T4: a partition observes its timer only in its own slots.',
  },
  {
    id: 'ST-ERRATA-2',
    aliases: [],
    title: 'Requesting the current plan returns NO_ACTION and keeps a pending switch',
    notes: [stErratum(2)],
    severity: 'info',
    arches: ALL_ARCHES,
    real: 'The NO_ACTION test compares with the current plan, so asking for it cannot cancel an earlier pending request; a request for a third plan replaces the pending one.',
    intended: 'The same.',
    choice: 'intended',
    inRealPreset: [],
    requirements: ['REQ-SCHED-20'],
    reason:
      'This IS the specified behaviour (hypercalls.c:243); the erratum corrects the note\'s "last request wins".',
  },
  {
    id: 'HC-ERRATA-2',
    aliases: [],
    title: 'HM maintenance switches the plan pointers at once but keeps the current decision interval',
    notes: [hcErratum(2)],
    severity: 'info',
    arches: ALL_ARCHES,
    real: "SWITCH_TO_MAINTENANCE changes only current plan, plan switch time, slot and major frame on the faulting CPU; next_act is unchanged, so the thread already chosen keeps the CPU until then and plan 1's grid starts at that time.",
    intended: 'The same.',
    choice: 'intended',
    inRealPreset: [],
    requirements: ['REQ-SCHED-22'],
    reason:
      'This IS the specified behaviour (sched.c:61-66, prtos-states §3.6); the erratum corrects prtos-hypercalls §3.25 and §5.6.',
  },
];
