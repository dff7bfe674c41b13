/**
 * Inter-partition virtual interrupt rules: the IPVI id, its destinations, and the partitions
 * it names.
 *
 * prtos-states §5.6 and process_xml.c:594-648, checks.c:267-284. The id is checked when read,
 * with the parser's bound `id > CONFIG_PRTOS_MAX_IPVI`, so id 8 passes although the kernel has
 * IPVIs 0-7 (negative case IV02); a destination listed twice in one Ipvi is refused when read;
 * source and destination partitions are checked once the document is read, Ipvi by Ipvi.
 */
import { asInt32 } from '../addr.js';
import type { ArchFacts } from '../archFacts.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';
import type { IpviEntry } from '../tables.js';

export const IPVI_ID = defineRule({
  id: 'CFG-IPVI-ID',
  requirement: 'TODO(REQ-CFG)',
  title: 'An Ipvi id is at most CONFIG_PRTOS_MAX_IPVI (8; the parser lets 8 through, the kernel has 0-7).',
  source: 'process_xml.c:640-643',
  parserLine: 'element',
  example:
    'IPVI id 9 is out of range: ids go from 0 to 8 (CONFIG_PRTOS_MAX_IPVI; the kernel delivers 0 to 7)',
});

export const IPVI_DUPLICATE = defineRule({
  id: 'CFG-IPVI-DUPLICATE',
  requirement: 'TODO(REQ-CFG)',
  title: 'An Ipvi lists each destination partition once (the parser reads an empty item as partition 0).',
  source: 'process_xml.c:611-632',
  parserLine: 'element',
  example:
    'destination partition 1 is listed twice in this Ipvi (destinationId "1 1"): list each destination once',
});

export const IPVI_SOURCE = defineRule({
  id: 'CFG-IPVI-SOURCE',
  requirement: 'TODO(REQ-CFG)',
  title: 'An Ipvi source names an existing partition.',
  source: 'checks.c:277',
  parserLine: 'element',
  example: 'IPVI source partition 3 does not exist (partitions are 0 to 2)',
});

export const IPVI_DESTINATION = defineRule({
  id: 'CFG-IPVI-DESTINATION',
  requirement: 'TODO(REQ-CFG)',
  title: 'Every Ipvi destination names an existing partition.',
  source: 'checks.c:278-282',
  parserLine: 'element',
  example: 'IPVI destination partition 5 does not exist (partitions are 0 to 2)',
});

const known = (partitions: number): string =>
  partitions === 0 ? 'there are no partitions' : `partitions are 0 to ${partitions - 1}`;

export function checkIpviId(facts: ArchFacts, id: number, line: number): ConfigIssue | undefined {
  const signed = asInt32(id);
  if (signed >= 0 && signed <= facts.maxIpviId) return undefined;
  return issueOf(
    IPVI_ID,
    line,
    `IPVI id ${signed} is out of range: ids go from 0 to ${facts.maxIpviId} (CONFIG_PRTOS_MAX_IPVI; the kernel delivers 0 to ${facts.maxIpviId - 1})`,
  );
}

/** `earlier`: the destinations of this Ipvi read before this one. */
export function checkIpviDestinationOnce(
  destination: number,
  earlier: readonly number[],
  text: string,
  line: number,
): ConfigIssue | undefined {
  if (!earlier.includes(destination)) return undefined;
  return issueOf(
    IPVI_DUPLICATE,
    line,
    `destination partition ${asInt32(destination)} is listed twice in this Ipvi (destinationId ${JSON.stringify(text)}` +
      `${/(^ | {2})/.test(text) ? ', where an empty item between spaces counts as partition 0' : ''}): list each destination once`,
  );
}

export function checkIpviSource(ipvi: IpviEntry, partitions: number): ConfigIssue | undefined {
  const id = asInt32(ipvi.sourceId);
  if (id >= 0 && id < partitions) return undefined;
  return issueOf(IPVI_SOURCE, ipvi.line, `IPVI source partition ${id} does not exist (${known(partitions)})`);
}

export function checkIpviDestinations(ipvi: IpviEntry, partitions: number): ConfigIssue | undefined {
  const bad = ipvi.destinations.map(asInt32).find((d) => d < 0 || d >= partitions);
  if (bad === undefined) return undefined;
  return issueOf(
    IPVI_DESTINATION,
    ipvi.line,
    `IPVI destination partition ${bad} does not exist (${known(partitions)})`,
  );
}
