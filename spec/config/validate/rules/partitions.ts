/**
 * Partition rules: ids in order, distinct names, vCPU count, and the total number of kernel
 * threads.
 *
 * prtos-states §3.1 (partition i is the i-th Partition) and process_xml.c:713-745,
 * checks.c:251-265. A partition's name is compared, when its `name` attribute is read, with the
 * names of all partitions read so far, including its own slot, which is still empty: prtoscparser
 * then reads string 0 of its string table, the name of the SystemDescription. So a partition may
 * not take the system's name, and a partition without a name counts as having the system's name.
 */
import { asInt32 } from '../addr.js';
import type { ArchFacts } from '../archFacts.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';

export const PART_ID = defineRule({
  id: 'CFG-PART-ID',
  requirement: 'TODO(REQ-CFG)',
  title: 'Partition ids are 0, 1, 2, ... in the order of the Partition elements.',
  source: 'process_xml.c:713-720',
  parserLine: 'element',
  example:
    'partition id 1 is out of sequence: partition ids start at 0 and follow the order of the file (expected 0 here)',
});

export const PART_NAME = defineRule({
  id: 'CFG-PART-NAME',
  requirement: 'TODO(REQ-CFG)',
  title: 'A partition name differs from the names of the partitions before it and from the system name.',
  source: 'checks.c:251-256',
  parserLine: 'element',
  example:
    'partition name "Partition0" is already the name of partition 0 (line 25): give each partition its own name',
});

export const PART_VCPUS = defineRule({
  id: 'CFG-PART-VCPUS',
  requirement: 'TODO(REQ-CFG)',
  title: 'A partition has at most CONFIG_MAX_NO_VCPUS (4) virtual CPUs.',
  source: 'process_xml.c:739-745',
  parserLine: 'element',
  example: 'partition 1 asks for 5 virtual CPUs; at most 4 are supported (CONFIG_MAX_NO_VCPUS)',
});

export const KTHREADS = defineRule({
  id: 'CFG-KTHREADS',
  requirement: 'TODO(REQ-CFG)',
  title: 'Partitions plus their vCPUs number at most CONFIG_MAX_NO_KTHREADS (255) kernel threads.',
  source: 'checks.c:258-265',
  parserLine: 'none',
  example:
    '52 partitions with 208 vCPUs need 260 kernel threads (one per partition and one per vCPU); PRTOS supports at most 255 (CONFIG_MAX_NO_KTHREADS): remove partitions or vCPUs',
});

/** `int d = to_u32(...)` compared with the partition's position (C_PARTITION). */
export function checkPartitionId(id: number, position: number, line: number): ConfigIssue | undefined {
  if (asInt32(id) === position) return undefined;
  return issueOf(
    PART_ID,
    line,
    `partition id ${asInt32(id)} is out of sequence: partition ids start at 0 and follow the order of the file ` +
      `(expected ${position} here)`,
  );
}

export interface KnownPartitionName {
  readonly partition: number;
  /** The partition's name as prtoscparser sees it (the system name when it has none). */
  readonly name: string;
  readonly line: number | undefined;
  readonly named: boolean;
}

/** `known` holds every partition read so far, the current one last (its name not yet stored). */
export function checkPartitionName(
  name: string,
  line: number,
  known: readonly KnownPartitionName[],
  systemLine: number,
): ConfigIssue | undefined {
  const clash = known.find((k) => k.name === name);
  if (clash === undefined) return undefined;
  let what: string;
  if (clash === known[known.length - 1])
    what = `the name of the system (SystemDescription, line ${systemLine})`;
  else if (!clash.named)
    what = `the name partition ${clash.partition} takes from the system, as it has no name attribute (SystemDescription, line ${systemLine})`;
  else what = `the name of partition ${clash.partition} (line ${clash.line ?? 0})`;
  return issueOf(
    PART_NAME,
    line,
    `partition name "${name}" is already ${what}: give each partition its own name`,
  );
}

export function checkVcpuCount(
  facts: ArchFacts,
  partition: number,
  vcpus: number,
  line: number,
): ConfigIssue | undefined {
  if (vcpus <= facts.maxVcpus) return undefined;
  return issueOf(
    PART_VCPUS,
    line,
    `partition ${partition} asks for ${asInt32(vcpus)} virtual CPUs; at most ${facts.maxVcpus} are supported (CONFIG_MAX_NO_VCPUS)`,
  );
}

export function checkKthreads(
  facts: ArchFacts,
  vcpusPerPartition: readonly number[],
  line: number,
): ConfigIssue | undefined {
  const vcpus = vcpusPerPartition.reduce((a, b) => a + b, 0);
  const total = vcpusPerPartition.length + vcpus;
  if (total <= facts.maxKthreads) return undefined;
  return issueOf(
    KTHREADS,
    line,
    `${vcpusPerPartition.length} partitions with ${vcpus} vCPUs need ${total} kernel threads (one per partition and one ` +
      `per vCPU); PRTOS supports at most ${facts.maxKthreads} (CONFIG_MAX_NO_KTHREADS): remove partitions or vCPUs`,
  );
}
