/**
 * Health-monitor rules: event names the parser knows, actions permitted per event and level,
 * and the maintenance plan that SWITCH_TO_MAINTENANCE needs.
 *
 * prtos-states §4.4 and hm.c:100-116, 868-894, process_xml.c:96-127. The schema lists
 * PRTOS_HM_EV_WATCHDOG_TIMER but the parser has no such event, so it passes the schema and is
 * refused here (negative case HM04). Each Event is checked against the table of its level: the
 * hypervisor's table (PRTOSHypervisor/HealthMonitor) or a partition's. Once the document is
 * read, if any table (after defaults) switches to maintenance, every processor needs a second
 * plan to switch to.
 */
import type { ArchFacts, HmActionName, HmLevel } from '../archFacts.js';
import { isHmActionPermitted } from '../archFacts.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';
import type { CpuEntry, HmTableEntry } from '../tables.js';

export const HM_EVENT = defineRule({
  id: 'CFG-HM-EVENT',
  requirement: 'TODO(REQ-CFG)',
  title: 'An HM event name is one prtoscparser knows on this architecture.',
  source: 'hm.c:109-116',
  parserLine: 'element',
  example:
    'health-monitor event "PRTOS_HM_EV_WATCHDOG_TIMER" is in the schema but not known to PRTOS on x86: remove the Event (prtoscparser has no number for it)',
});

export const HM_ACTION = defineRule({
  id: 'CFG-HM-ACTION',
  requirement: 'TODO(REQ-CFG)',
  title: 'An HM action is permitted for its event at its level (partition or hypervisor table).',
  source: 'hm.c:868-876',
  parserLine: 'element',
  example:
    'action PRTOS_HM_AC_IGNORE is not permitted on event PRTOS_HM_EV_FATAL_ERROR in a partition table (permitted: PRTOS_HM_AC_PARTITION_HALT, PRTOS_HM_AC_HYPERVISOR_HALT)',
});

export const HM_MAINTENANCE = defineRule({
  id: 'CFG-HM-MAINTENANCE',
  requirement: 'TODO(REQ-CFG)',
  title: 'When an HM table uses SWITCH_TO_MAINTENANCE, every processor has at least two plans.',
  source: 'hm.c:878-894',
  parserLine: 'element',
  example:
    'the HM table of partition 0 switches to maintenance, but processor 0 has 1 plan: add a maintenance plan (Plan id="1") to every processor',
});

export function checkHmEvent(facts: ArchFacts, name: string, line: number): ConfigIssue | undefined {
  if (facts.hm.events.includes(name)) return undefined;
  return issueOf(
    HM_EVENT,
    line,
    `health-monitor event "${name}" is in the schema but not known to PRTOS on ${facts.arch}: remove the Event ` +
      '(prtoscparser has no number for it)',
  );
}

export function checkHmAction(
  facts: ArchFacts,
  level: HmLevel,
  event: number,
  action: HmActionName,
  line: number,
): ConfigIssue | undefined {
  if (isHmActionPermitted(facts, level, event, action)) return undefined;
  const permitted =
    (level === 'partition' ? facts.hm.partitionPermitted : facts.hm.hypervisorPermitted)[event] ?? [];
  const table = level === 'partition' ? 'a partition table' : 'the hypervisor table';
  return issueOf(
    HM_ACTION,
    line,
    `action ${action} is not permitted on event ${facts.hm.events[event] ?? `#${event}`} in ${table} ` +
      `(permitted: ${permitted.length === 0 ? 'none' : permitted.join(', ')})`,
  );
}

export function checkMaintenancePlan(
  tables: readonly HmTableEntry[],
  cpus: readonly CpuEntry[],
): ConfigIssue | undefined {
  const user = tables.find((t) => t.actions.includes('PRTOS_HM_AC_SWITCH_TO_MAINTENANCE'));
  if (user === undefined) return undefined;
  const cpu = cpus.findIndex((c) => c.plans.length < 2);
  const entry = cpus[cpu];
  if (entry === undefined) return undefined;
  return issueOf(
    HM_MAINTENANCE,
    entry.line,
    `the HM table of ${user.owner} switches to maintenance, but processor ${cpu} has ${entry.plans.length} ` +
      `plan${entry.plans.length === 1 ? '' : 's'}: add a maintenance plan (Plan id="1") to every processor`,
  );
}
