/**
 * The health-monitor table entry the configuration gives a partition for an event: the
 * parser's defaults (spec/constants defaultHmTable, prtos-states §4.4) with the partition's
 * `<HealthMonitor>` overrides on top (the last entry for an event wins, as prtoscparser fills its
 * table entry by entry).
 */
import type { SystemConfig } from '../spec/config/types.js';
import { HM_AC, defaultHmTable, hmActionByXmlName } from '../spec/constants/hmActions.js';
import { hmEventByXmlName } from '../spec/constants/hmEvents.js';

export interface HmEntry {
  /** Action number (IGNORE 0 … SWITCH_TO_MAINTENANCE 10). */
  readonly action: number;
  readonly log: boolean;
}

export function hmEntryOf(config: SystemConfig, part: number, event: number): HmEntry {
  const slot = defaultHmTable(config.arch, 'partition')[event];
  let entry: HmEntry = { action: slot === undefined ? 0 : HM_AC[slot.action], log: slot?.log ?? false };
  for (const e of config.partitions[part]?.healthMonitor ?? []) {
    if (hmEventByXmlName(config.arch, e.event) !== event) continue;
    const action = hmActionByXmlName(e.action);
    if (action !== undefined) entry = { action: HM_AC[action], log: e.log };
  }
  return entry;
}
