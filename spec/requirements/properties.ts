/**
 * The properties of DESIGN.md ("Properties (each maps to requirement ids)") and the requirement
 * ids each one checks. A property suite reports its verdict against these ids, and evidence
 * traces a requirement to the suites that check it through this table.
 *
 * `text` is the property as DESIGN.md words it; the ids are the requirements whose violation the
 * suite would detect (the invariant itself first, then the detailed rules it rests on).
 */
import type { RequirementId } from './types.js';

export const PROPERTY_KEYS = [
  'spatial.store-confinement',
  'spatial.fault-raises-event',
  'spatial.hypercall-pointer',
  'temporal.slot-confinement',
  'temporal.plan-switch-boundary',
  'temporal.exec-clock',
  'temporal.virq-in-own-slot',
  'temporal.budget',
  'hm.containment',
  'ipc.channels',
  'priv.system-only',
  'ni.unwinding',
  'conformance.lockstep',
] as const;
export type PropertyKey = (typeof PROPERTY_KEYS)[number];

export interface PropertyRequirements {
  readonly text: string;
  readonly requirements: readonly RequirementId[];
}

export const PROPERTY_REQUIREMENTS: Readonly<Record<PropertyKey, PropertyRequirements>> = {
  'spatial.store-confinement': {
    text: "No guest store changes a byte outside the areas its partition may write (own and shared areas; never read-only areas, other partitions' areas, hypervisor memory).",
    requirements: ['REQ-MEM-1', 'REQ-MEM-2', 'REQ-MEM-3', 'REQ-MEM-4', 'REQ-MEM-15', 'REQ-PRIV-9'],
  },
  'spatial.fault-raises-event': {
    text: "Every access outside the partition's address space raises the architecture's fault event (prtos-states §4.1) for the faulting partition only.",
    requirements: ['REQ-MEM-5', 'REQ-HM-2', 'REQ-HM-3', 'REQ-HM-4', 'REQ-HM-8'],
  },
  'spatial.hypercall-pointer': {
    text: "A hypercall whose guest pointer or length reaches outside the caller's address space returns INVALID_PARAM and changes nothing.",
    requirements: ['REQ-MEM-6', 'REQ-MEM-7', 'REQ-MEM-8', 'REQ-MEM-9', 'REQ-MEM-10'],
  },
  'temporal.slot-confinement': {
    text: 'On each CPU a vCPU runs only inside its slots of the plan in force, up to the declared interrupt latency; slot boundaries are on the plan grid whatever the guests do (busy loops, hypercall floods, interrupt storms, faults).',
    requirements: [
      'REQ-SCHED-25',
      'REQ-SCHED-26',
      'REQ-SCHED-8',
      'REQ-SCHED-13',
      'REQ-VCPU-3',
      'REQ-VCPU-10',
      'REQ-PART-27',
      'REQ-IRQ-4',
      'REQ-HCALL-5',
      'REQ-HCALL-7',
    ],
  },
  'temporal.plan-switch-boundary': {
    text: "A plan switch takes effect on each CPU at its own next major-frame boundary (HM maintenance: at the faulting CPU's next scheduling point, prtos-states §3.6); the new grid starts there.",
    requirements: [
      'REQ-SCHED-27',
      'REQ-SCHED-18',
      'REQ-SCHED-19',
      'REQ-SCHED-20',
      'REQ-SCHED-21',
      'REQ-SCHED-22',
      'REQ-SCHED-4',
      'REQ-SCHED-6',
    ],
  },
  'temporal.exec-clock': {
    text: "A partition's execution clock advances only while it runs.",
    requirements: ['REQ-TIME-2', 'REQ-TIME-3', 'REQ-TIME-14', 'REQ-SCHED-16'],
  },
  'temporal.virq-in-own-slot': {
    text: 'Its timer expiries and virtual interrupts are delivered only inside its own slots.',
    requirements: [
      'REQ-IRQ-20',
      'REQ-IRQ-14',
      'REQ-TIME-7',
      'REQ-TIME-8',
      'REQ-TIME-10',
      'REQ-TIME-11',
      'REQ-SCHED-11',
    ],
  },
  'temporal.budget': {
    text: 'Per partition per major frame: CPU time received equals CPU time configured (minus declared kernel overhead); slot-start jitter within the declared latency.',
    requirements: [
      'REQ-SCHED-28',
      'REQ-SCHED-13',
      'REQ-SCHED-14',
      'REQ-SCHED-26',
      'REQ-HCALL-7',
      'REQ-IRQ-4',
    ],
  },
  'hm.containment': {
    text: 'Each detected event takes the action of the configured table; its effect stays inside the faulting partition unless the table says otherwise.',
    requirements: [
      'REQ-HM-22',
      'REQ-HM-23',
      'REQ-HM-9',
      'REQ-HM-10',
      'REQ-HM-11',
      'REQ-HM-13',
      'REQ-HM-5',
      'REQ-HM-24',
      'REQ-PART-24',
      'REQ-PART-25',
      'REQ-TIME-11',
      'REQ-OBJ-9',
      'REQ-IPC-19',
    ],
  },
  'ipc.channels': {
    text: 'Sampling and queuing ports carry messages only along configured channels, in order, without loss up to capacity, with the specified errors beyond it and for bad sizes.',
    requirements: [
      'REQ-IPC-20',
      'REQ-IPC-3',
      'REQ-IPC-4',
      'REQ-IPC-5',
      'REQ-IPC-6',
      'REQ-IPC-7',
      'REQ-IPC-8',
      'REQ-IPC-9',
      'REQ-IPC-12',
      'REQ-IPC-14',
      'REQ-IPC-15',
      'REQ-IPC-16',
      'REQ-IPC-17',
    ],
  },
  'priv.system-only': {
    text: 'Only system partitions act on other partitions or the system; others get PERM_ERROR.',
    requirements: [
      'REQ-PRIV-1',
      'REQ-PRIV-2',
      'REQ-PRIV-3',
      'REQ-PRIV-4',
      'REQ-PRIV-5',
      'REQ-PRIV-6',
      'REQ-PRIV-7',
    ],
  },
  'ni.unwinding': {
    text: "For any partition A that B cannot reach in the configuration's flow graph, two runs that differ only in B's program give A the same view; the model also checks the unwinding conditions (output consistency, step consistency, local respect) at every step.",
    requirements: ['REQ-NI-1', 'REQ-NI-2', 'REQ-NI-3', 'REQ-NI-4', 'REQ-NI-5', 'REQ-NI-6', 'REQ-PRIV-9'],
  },
  'conformance.lockstep': {
    text: 'Model and implementation agree on every step of every generated run.',
    requirements: ['REQ-TOOL-1', 'REQ-TOOL-2', 'REQ-TOOL-3'],
  },
};
