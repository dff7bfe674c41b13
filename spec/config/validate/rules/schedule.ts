/**
 * Processor and cyclic-schedule rules: processor count and ids, plan and slot ids, slot order
 * within the major frame, and what slots refer to (partitions, vCPUs, one CPU per vCPU).
 *
 * prtos-states §3.1 and process_xml.c:164-301, checks.c:170-249. Ids are checked as each element
 * is read; a plan's slots when the plan ends (check_sched_cyclic_plan: each slot in turn, first
 * against the end of the slot before it, then against the major frame); the references once the
 * whole document is read, when every partition is known.
 *
 * Times are held as prtoscparser holds them: unsigned 32-bit microseconds, and a slot's end is
 * `start + duration` in 32 bits (it wraps, process_xml.c:214-216).
 */
import { asInt32 } from '../addr.js';
import type { ArchFacts } from '../archFacts.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';
import type { CpuEntry, PlanEntry, SlotEntry } from '../tables.js';

export const CPU_COUNT = defineRule({
  id: 'CFG-CPU-COUNT',
  requirement: 'TODO(REQ-CFG)',
  title: 'There are at most CONFIG_NO_CPUS (4) processors.',
  source: 'process_xml.c:297-301',
  parserLine: 'element',
  example: 'processor 5 is one too many: at most 4 processors are supported (CONFIG_NO_CPUS)',
});

export const CPU_ID = defineRule({
  id: 'CFG-CPU-ID',
  requirement: 'TODO(REQ-CFG)',
  title: 'Processor ids are 0, 1, 2, ... in the order of the Processor elements.',
  source: 'process_xml.c:278-283',
  parserLine: 'element',
  example: 'processor id 0 is out of sequence: processor ids start at 0 (expected 1 here)',
});

export const PLAN_ID = defineRule({
  id: 'CFG-PLAN-ID',
  requirement: 'TODO(REQ-CFG)',
  title: "A processor's plan ids are 0, 1, 2, ... in the order of its Plan elements.",
  source: 'process_xml.c:232-237',
  parserLine: 'element',
  example: 'plan id 1 of processor 0 is out of sequence: plan ids start at 0 (expected 0 here)',
});

export const SLOT_ID = defineRule({
  id: 'CFG-SLOT-ID',
  requirement: 'TODO(REQ-CFG)',
  title: "A plan's slot ids are 0, 1, 2, ... in the order of its Slot elements.",
  source: 'process_xml.c:164-171',
  parserLine: 'element',
  example: 'slot id 1 is out of sequence: slot ids start at 0 (expected 0 here)',
});

export const SCHED_SLOT_ORDER = defineRule({
  id: 'CFG-SCHED-SLOT-ORDER',
  requirement: 'TODO(REQ-CFG)',
  title: 'A slot starts no earlier than the end of the slot before it in its plan.',
  source: 'checks.c:174-181',
  parserLine: 'element',
  example:
    'slot 1 ([0 - 500000] usec) starts before slot 0 ([500000 - 1000000] usec) ends: list the slots of a plan in time order, without overlap',
});

export const SCHED_MAJOR_FRAME = defineRule({
  id: 'CFG-SCHED-MAJOR-FRAME',
  requirement: 'TODO(REQ-CFG)',
  title: "Every slot ends within its plan's major frame (majorFrame defaults to 0s).",
  source: 'checks.c:182-185',
  parserLine: 'element',
  example:
    'slot 2 ([1000000 - 1500000] usec) ends after the major frame of plan 0 of processor 0 (1400000 usec): lengthen majorFrame or shorten the slot',
});

export const SLOT_PARTITION = defineRule({
  id: 'CFG-SLOT-PARTITION',
  requirement: 'TODO(REQ-CFG)',
  title: 'A slot names an existing partition.',
  source: 'checks.c:189-202',
  parserLine: 'element',
  example:
    'slot 1 of plan 0 of processor 0 is given to partition 3, which does not exist (partitions are 0 to 2)',
});

export const SLOT_VCPU = defineRule({
  id: 'CFG-SLOT-VCPU',
  requirement: 'TODO(REQ-CFG)',
  title: "A slot names an existing vCPU of its partition (vCpuId below the partition's noVCpus).",
  source: 'checks.c:235-249',
  parserLine: 'element',
  example: 'slot 2 of plan 0 of processor 0 runs vCPU 1 of partition 2, which has 1 vCPU (vCpuId 0 only)',
});

export const VCPU_CPU = defineRule({
  id: 'CFG-VCPU-CPU',
  requirement: 'TODO(REQ-CFG)',
  title: 'A vCPU is scheduled on one processor only (in every plan).',
  source: 'checks.c:204-233',
  parserLine: 'element',
  example:
    'vCPU 0 of partition 0 is scheduled on processor 1 here and on processor 0 at line 10: a vCPU runs on one processor only',
});

function sequenceIssue(
  rule: typeof CPU_ID | typeof PLAN_ID | typeof SLOT_ID,
  what: string,
  rest: string,
  id: number,
  expected: number,
  line: number,
) {
  if (asInt32(id) === expected) return undefined;
  return issueOf(
    rule,
    line,
    `${what} id ${asInt32(id)}${rest} is out of sequence: ${what} ids start at 0 (expected ${expected} here)`,
  );
}

/** `count`: processors read so far, this one included. */
export function checkCpuCount(facts: ArchFacts, count: number, line: number): ConfigIssue | undefined {
  if (count <= facts.maxCpus) return undefined;
  return issueOf(
    CPU_COUNT,
    line,
    `processor ${count} is one too many: at most ${facts.maxCpus} processors are supported (CONFIG_NO_CPUS)`,
  );
}

export function checkCpuId(id: number, position: number, line: number): ConfigIssue | undefined {
  return sequenceIssue(CPU_ID, 'processor', '', id, position, line);
}

export function checkPlanId(
  cpu: number,
  id: number,
  position: number,
  line: number,
): ConfigIssue | undefined {
  return sequenceIssue(PLAN_ID, 'plan', ` of processor ${cpu}`, id, position, line);
}

export function checkSlotId(id: number, position: number, line: number): ConfigIssue | undefined {
  return sequenceIssue(SLOT_ID, 'slot', '', id, position, line);
}

const span = (s: SlotEntry): string => `[${s.start} - ${s.end}] usec`;
const planName = (p: PlanEntry): string => `plan ${p.index} of processor ${p.cpu}`;

/** `previous`: the slot before in the plan, if any (the parser starts from time 0). */
export function checkSlotOrder(slot: SlotEntry, previous: SlotEntry | undefined): ConfigIssue | undefined {
  const from = previous?.end ?? 0;
  if (from <= slot.start || previous === undefined) return undefined;
  return issueOf(
    SCHED_SLOT_ORDER,
    slot.line,
    `slot ${slot.index} (${span(slot)}) starts before slot ${previous.index} (${span(previous)}) ends: ` +
      'list the slots of a plan in time order, without overlap',
  );
}

export function checkSlotInMajorFrame(slot: SlotEntry, plan: PlanEntry): ConfigIssue | undefined {
  if (slot.end <= plan.majorFrame) return undefined;
  return issueOf(
    SCHED_MAJOR_FRAME,
    slot.line,
    `slot ${slot.index} (${span(slot)}) ends after the major frame of ${planName(plan)} (${plan.majorFrame} usec): ` +
      'lengthen majorFrame or shorten the slot',
  );
}

export function checkSlotPartition(
  slot: SlotEntry,
  plan: PlanEntry,
  partitions: number,
): ConfigIssue | undefined {
  if (slot.partitionId < partitions) return undefined;
  const known = partitions === 0 ? 'there are no partitions' : `partitions are 0 to ${partitions - 1}`;
  return issueOf(
    SLOT_PARTITION,
    slot.line,
    `slot ${slot.index} of ${planName(plan)} is given to partition ${asInt32(slot.partitionId)}, which does not exist (${known})`,
  );
}

export function checkSlotVcpu(slot: SlotEntry, plan: PlanEntry, vcpus: number): ConfigIssue | undefined {
  if (slot.vcpuId < vcpus) return undefined;
  const known =
    vcpus === 0
      ? 'no vCPU'
      : vcpus === 1
        ? '1 vCPU (vCpuId 0 only)'
        : `${vcpus} vCPUs (vCpuId 0 to ${vcpus - 1})`;
  return issueOf(
    SLOT_VCPU,
    slot.line,
    `slot ${slot.index} of ${planName(plan)} runs vCPU ${asInt32(slot.vcpuId)} of partition ${slot.partitionId}, which has ${known}`,
  );
}

/**
 * Walks processors, their plans and slots in order, remembering where each (partition, vCPU)
 * first ran, as check_part_not_alloc_to_more_than_a_cpu does.
 */
export function checkVcpuOnOneCpu(cpus: readonly CpuEntry[]): ConfigIssue | undefined {
  const firstSeen = new Map<string, { cpu: number; line: number }>();
  for (const [cpu, entry] of cpus.entries()) {
    for (const plan of entry.plans) {
      for (const slot of plan.slots) {
        const key = `${slot.partitionId}/${slot.vcpuId}`;
        const seen = firstSeen.get(key);
        if (seen === undefined) firstSeen.set(key, { cpu, line: slot.line });
        else if (seen.cpu !== cpu) {
          return issueOf(
            VCPU_CPU,
            slot.line,
            `vCPU ${slot.vcpuId} of partition ${slot.partitionId} is scheduled on processor ${cpu} here and on processor ` +
              `${seen.cpu} at line ${seen.line}: a vCPU runs on one processor only`,
          );
        }
      }
    }
  }
  return undefined;
}
