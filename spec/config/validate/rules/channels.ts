/**
 * Port and channel rules: distinct port names within a partition, and every channel end
 * naming an existing partition (by id, and by name when given), an existing port of it, of the
 * channel's type and of the end's direction.
 *
 * prtos-hypercalls §5.3 and checks.c:140-147 (ports, when each Port is read), prtos_conf.c:122-150
 * (`link_channels_to_ports`, once the document is read, end by end in document order: partition
 * id, partition name, port, type, direction). A partition without a name attribute answers to
 * the system's name. The same port may serve two channels (negative case CH11).
 */
import { asInt32 } from '../addr.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';
import type { ChannelEndEntry, ChannelEntry, PortEntry } from '../tables.js';

export const PORT_NAME = defineRule({
  id: 'CFG-PORT-NAME',
  requirement: 'TODO(REQ-CFG)',
  title: "Port names are distinct within a partition's PortTable.",
  source: 'checks.c:140-147',
  parserLine: 'element',
  example:
    'port name "portS" is already used by the port at line 40 of this partition: give each port of a partition its own name',
});

export const CHAN_PARTITION = defineRule({
  id: 'CFG-CHAN-PARTITION',
  requirement: 'TODO(REQ-CFG)',
  title: 'A channel end names an existing partition id.',
  source: 'prtos_conf.c:127-128',
  parserLine: 'element',
  example: 'Destination of this channel names partition 7, which does not exist (partitions are 0 to 2)',
});

export const CHAN_PARTITION_NAME = defineRule({
  id: 'CFG-CHAN-PARTITION-NAME',
  requirement: 'TODO(REQ-CFG)',
  title: "A channel end's partitionName, when given, is the name of the partition its partitionId names.",
  source: 'prtos_conf.c:129-132',
  parserLine: 'element',
  example:
    'Destination of this channel says partitionName "Partition1" but partition 2 is named "Partition2": fix the name or the id',
});

export const CHAN_PORT = defineRule({
  id: 'CFG-CHAN-PORT',
  requirement: 'TODO(REQ-CFG)',
  title: 'A channel end names a port declared in its partition.',
  source: 'prtos_conf.c:143-144',
  parserLine: 'element',
  example:
    'partition 1 has no port "portZ" (its ports: portS, portQ): declare it in its PortTable or fix portName',
});

export const CHAN_TYPE = defineRule({
  id: 'CFG-CHAN-TYPE',
  requirement: 'TODO(REQ-CFG)',
  title: 'A channel connects ports of its own type (sampling or queuing).',
  source: 'prtos_conf.c:145-146',
  parserLine: 'element',
  example:
    'this queuing channel uses port "portS" of partition 0 (line 56), a sampling port: connect sampling ports to a SamplingChannel',
});

export const CHAN_DIRECTION = defineRule({
  id: 'CFG-CHAN-DIRECTION',
  requirement: 'TODO(REQ-CFG)',
  title: "A channel's Source is a source port and its Destinations are destination ports.",
  source: 'prtos_conf.c:147-148',
  parserLine: 'wrong',
  parserLineNote:
    'prtoscparser never records the line of this check and prints line 0; we report the Source or Destination element',
  example:
    'Source of this channel is port "portS" of partition 2, a destination port: a Source must name a source port',
});

export function checkPortName(port: PortEntry, earlier: readonly PortEntry[]): ConfigIssue | undefined {
  const other = earlier.find((p) => p.name === port.name);
  if (other === undefined) return undefined;
  return issueOf(
    PORT_NAME,
    port.line,
    `port name "${port.name}" is already used by the port at line ${other.line} of this partition: give each port of a partition its own name`,
  );
}

const endName = (end: ChannelEndEntry): string => (end.direction === 'source' ? 'Source' : 'Destination');

export function checkEndPartition(end: ChannelEndEntry, partitions: number): ConfigIssue | undefined {
  if (end.partitionId < partitions) return undefined;
  const known = partitions === 0 ? 'there are no partitions' : `partitions are 0 to ${partitions - 1}`;
  return issueOf(
    CHAN_PARTITION,
    end.line,
    `${endName(end)} of this channel names partition ${asInt32(end.partitionId)}, which does not exist (${known})`,
  );
}

/** `name`: the partition's name as prtoscparser sees it (the system's name when it has none). */
export function checkEndPartitionName(end: ChannelEndEntry, name: string): ConfigIssue | undefined {
  if (end.partitionName === undefined || end.partitionName === name) return undefined;
  return issueOf(
    CHAN_PARTITION_NAME,
    end.line,
    `${endName(end)} of this channel says partitionName "${end.partitionName}" but partition ${end.partitionId} is named ` +
      `"${name}": fix the name or the id`,
  );
}

export function checkEndPort(
  end: ChannelEndEntry,
  port: PortEntry | undefined,
  ports: readonly PortEntry[],
): ConfigIssue | undefined {
  if (port !== undefined) return undefined;
  const known =
    ports.length === 0 ? 'it declares no ports' : `its ports: ${ports.map((p) => p.name).join(', ')}`;
  return issueOf(
    CHAN_PORT,
    end.line,
    `partition ${end.partitionId} has no port "${end.portName}" (${known}): declare it in its PortTable or fix portName`,
  );
}

/** The parser reports this one at the channel's line. */
export function checkEndType(
  end: ChannelEndEntry,
  channel: ChannelEntry,
  port: PortEntry,
): ConfigIssue | undefined {
  if (channel.kind === port.type) return undefined;
  return issueOf(
    CHAN_TYPE,
    channel.line,
    `this ${channel.kind} channel uses port "${port.name}" of partition ${end.partitionId} (line ${end.line}), a ${port.type} ` +
      `port: connect ${port.type} ports to a ${port.type === 'sampling' ? 'SamplingChannel' : 'QueuingChannel'}`,
  );
}

export function checkEndDirection(end: ChannelEndEntry, port: PortEntry): ConfigIssue | undefined {
  if (end.direction === port.direction) return undefined;
  const element = endName(end);
  return issueOf(
    CHAN_DIRECTION,
    end.line,
    `${element} of this channel is port "${port.name}" of partition ${end.partitionId}, a ${port.direction} port: ` +
      `a ${element} must name a ${end.direction} port`,
  );
}
