/**
 * Fidelity decisions on the partition and vCPU lifecycle and status reporting (prtos-states §9
 * "Lifecycle / API semantics" and A27; prtos-hypercalls §8 "Partition and vCPU control").
 */
import { ALL_ARCHES, hcA, stA } from './build.js';
import type { Decision } from './types.js';

export const LIFECYCLE_DECISIONS: readonly Decision[] = [
  {
    id: 'ST-A29',
    aliases: ['HC-A1', 'HC-A2'],
    title: 'suspend_vcpu and resume_vcpu have their guards inverted',
    notes: [stA('A29', 'medium'), hcA('A1', 'F'), hcA('A2', 'F')],
    severity: 'medium',
    arches: ALL_ARCHES,
    real: 'suspend_vcpu returns NO_ACTION for a vCPU that is neither suspended nor halted and "succeeds" only on one already suspended or halted; resume_vcpu returns NO_ACTION exactly for a vCPU that is suspended and not halted. Inherited from XtratuM.',
    intended:
      'suspend_vcpu suspends a running or ready vCPU and refuses one already suspended or halted; resume_vcpu resumes a suspended, non-halted vCPU and refuses the others (compare the partition calls).',
    choice: 'quirk',
    quirk: {
      id: 'vcpu-suspend-resume-inverted',
      breaks: ['REQ-VCPU-7', 'REQ-VCPU-8'],
      reproducible: true,
      slice: 1,
    },
    inRealPreset: ALL_ARCHES,
    requirements: ['REQ-VCPU-7', 'REQ-VCPU-8'],
    reason:
      'The evident intent is the mirror of suspend_partition/resume_partition; a guest that must match the real kernel bit for bit turns the quirk on.',
  },
  {
    id: 'ST-A23',
    aliases: [],
    title: 'A partition reset keeps S, the timers and the exec clock',
    notes: [stA('A23', 'medium')],
    severity: 'medium',
    arches: ALL_ARCHES,
    real: "reset_partition re-initialises vCPU0's PCT and restarts it, but does not clear S (a suspended partition stays suspended), does not disarm the HW-clock or EXEC-clock timers, and does not reset the exec clock.",
    intended: 'The same.',
    choice: 'intended',
    inRealPreset: [],
    requirements: ['REQ-PART-19', 'REQ-TIME-3', 'REQ-TIME-13'],
    reason:
      "This IS the specified behaviour: a reset restarts the partition's code, it does not undo external control (a suspension ordered by a system partition stays in force), the exec clock measures the vCPU's whole life (prtos-states §3.8), and old timer interrupts stay masked in the fresh PCT until the guest unmasks them.",
  },
  {
    id: 'ST-A24',
    aliases: ['HC-A30'],
    title: 'GET_VCPU_STATUS accepts vcpu_id == number of vCPUs',
    notes: [stA('A24', 'low'), hcA('A30', 'S')],
    severity: 'low',
    arches: ALL_ARCHES,
    real: "The range test is `>` instead of `>=`, so vcpu_id equal to the vCPU count reads past the partition's kthread array; results are staged in one global array shared by all callers. (prtos-states A24 also notes raise_partition_ipvi's ineffective range check, row HC-A3.)",
    intended: 'vcpu_id at or above the number of vCPUs returns INVALID_PARAM.',
    choice: 'quirk',
    quirk: {
      id: 'vcpu-status-off-by-one',
      breaks: ['REQ-SYS-12'],
      reproducible: false,
      whyNot:
        'The extra index reads hypervisor memory past the kthread array (C out-of-bounds read), whose content depends on the C build; the shared staging array is only a race, which atomic kernel entries exclude.',
      slice: 1,
    },
    inRealPreset: [],
    requirements: ['REQ-SYS-12'],
    related: ['HC-A3'],
    reason: 'Out-of-bounds reads have no defined result to reproduce.',
  },
  {
    id: 'ST-A27',
    aliases: [],
    title: 'A vCPU that appears in no slot is given CPU -1',
    notes: [stA('A27', 'low, config')],
    severity: 'low',
    arches: ALL_ARCHES,
    real: "cgen writes CPU -1 for a vCPU with no slot and create_partition indexes local_processor_info[-1]; partitions with more vCPUs than CPUs overflow into the next partition's row of the vCPU table.",
    intended: 'Such a vCPU never runs and disturbs nothing.',
    choice: 'quirk',
    quirk: {
      id: 'vcpu-without-slot',
      breaks: ['REQ-VCPU-5'],
      reproducible: false,
      whyNot:
        "The effect is a write through index -1 and a table overflow in the C build's memory (C out-of-bounds access).",
      slice: 3,
    },
    inRealPreset: [],
    requirements: ['REQ-VCPU-5', 'REQ-VCPU-4'],
    reason:
      'The configuration allows it, so the intended behaviour must be defined; the real one is memory corruption.',
  },
  {
    id: 'HC-A54',
    aliases: [],
    title: 'A self-halt prints a message and never returns',
    notes: [hcA('A54', 'I')],
    severity: 'info',
    arches: ALL_ARCHES,
    real: 'halt_partition of the caller prints "[HYPERCALL] (0x<id>) Halted" and schedules away; if the vCPU were ever run again the kernel would panic.',
    intended: 'The same.',
    choice: 'intended',
    inRealPreset: [],
    requirements: ['REQ-PART-7'],
    reason:
      'This IS the specified behaviour; the panic is unreachable because a halted vCPU runs again only after a reset, which gives it a fresh start.',
  },
  {
    id: 'HC-A55',
    aliases: [],
    title: 'reset_partition halts first; a failed reset leaves the partition halted',
    notes: [hcA('A55', 'F')],
    severity: 'medium',
    arches: ALL_ARCHES,
    real: 'The partition is halted before the image is checked; a partition without a bootable image ends HALTED with INVALID_CONFIG, and only vCPU0 is restarted.',
    intended: 'The same.',
    choice: 'intended',
    inRealPreset: [],
    requirements: ['REQ-PART-13', 'REQ-PART-16'],
    reason:
      "This IS the specified behaviour: a partition with no image is HALTED at boot too (P1'), and restarting secondaries is vCPU0's job (BAIL smp.c).",
  },
];
