/**
 * Health-monitor actions: numbers and names, which action the configuration parser permits for
 * which event at which level, the default tables, and what the kernel does with each action.
 *
 * Sources: prtos-states §4.2 (actions and their effect at partition and hypervisor level), §4.4
 * (default tables and permitted actions); PRTOS core/include/prtosconf.h:21-40 (action numbers,
 * log flag), user/tools/prtoscparser/hm.c:120-490 (permitted-action bitmaps, partition and
 * hypervisor), :492-858 (default tables), :860-876 (the checks and their message),
 * core/objects/hm.c:239-360 (the kernel's switch over the action).
 *
 * The parser and the kernel disagree on the hypervisor table: the parser accepts SHUTDOWN,
 * partition resets and SUSPEND for UNEXPECTED_TRAP, and PROPAGATE for x86 trap events, but the
 * kernel's hypervisor branch knows only IGNORE, the two hypervisor resets, HYPERVISOR_HALT and
 * SWITCH_TO_MAINTENANCE and panics on anything else (A7). Both facts are kept: the validator
 * enforces `isActionPermitted`, the kernel obeys `hmActionEffect`.
 */
import type { Arch } from './arch.js';
import { SYSTEM_RESET_IMPLEMENTED } from './archParams.js';
import { hmMaxEvents, HM_EV, PRTOS_HM_MAX_GENERIC_EVENTS, hmEventXmlName } from './hmEvents.js';

export const HM_ACTIONS = [
  'IGNORE',
  'SHUTDOWN',
  'PARTITION_COLD_RESET',
  'PARTITION_WARM_RESET',
  'HYPERVISOR_COLD_RESET',
  'HYPERVISOR_WARM_RESET',
  'SUSPEND',
  'PARTITION_HALT',
  'HYPERVISOR_HALT',
  'PROPAGATE',
  'SWITCH_TO_MAINTENANCE',
] as const;
export type HmActionName = (typeof HM_ACTIONS)[number];

/** Action numbers (`PRTOS_HM_AC_*`, prtosconf.h:29-39). */
export const HM_AC: Readonly<Record<HmActionName, number>> = Object.fromEntries(
  HM_ACTIONS.map((a, i) => [a, i]),
) as Record<HmActionName, number>;

export const PRTOS_HM_MAX_ACTIONS = HM_ACTIONS.length;

/** The plan SWITCH_TO_MAINTENANCE switches to; the parser then needs ≥ 2 plans on every CPU (hm.c:878-894). */
export const MAINTENANCE_PLAN_ID = 1;

export function hmActionXmlName(action: HmActionName): `PRTOS_HM_AC_${HmActionName}` {
  return `PRTOS_HM_AC_${action}`;
}

/** The action an XML name denotes (`to_hm_action`), or `undefined` ("Expected a valid Health Monitor action"). */
export function hmActionByXmlName(name: string): HmActionName | undefined {
  return HM_ACTIONS.find((a) => hmActionXmlName(a) === name);
}

export function hmActionName(action: number): HmActionName | undefined {
  return HM_ACTIONS[action];
}

/** Log flag of an HM slot (`PRTOS_HM_LOG_*`) and the names the XML and the console use for it. */
export const HM_LOG = { DISABLED: 0, ENABLED: 1 } as const;
export function hmLogName(log: boolean): 'PRTOS_HM_LOG_ENABLED' | 'PRTOS_HM_LOG_DISABLED' {
  return log ? 'PRTOS_HM_LOG_ENABLED' : 'PRTOS_HM_LOG_DISABLED';
}

/** The kernel's verbose line after an event, e.g. `PRTOS_HM_AC_PARTITION_HALT(7) PRTOS_HM_LOG_ENABLED` (hm.c:217-224). */
export function hmActionConsoleLabel(action: HmActionName, log: boolean): string {
  return `${hmActionXmlName(action)}(${HM_AC[action]}) ${hmLogName(log)}`;
}

export type HmLevel = 'partition' | 'hypervisor';

const bits = (actions: readonly HmActionName[]): number => actions.reduce((m, a) => m | (1 << HM_AC[a]), 0);
const ALL = bits(HM_ACTIONS);
const allBut = (...except: HmActionName[]): number => ALL & ~bits(except);

/** Partition tables, generic events (hm.c:122-143). */
const PARTITION_GENERIC: readonly number[] = [
  /* FATAL_ERROR */ bits(['PARTITION_HALT', 'HYPERVISOR_HALT']),
  /* SYSTEM_ERROR */ allBut('IGNORE', 'PROPAGATE'),
  /* PARTITION_ERROR */ allBut('PROPAGATE'),
  /* FP_ERROR */ allBut('IGNORE', 'PROPAGATE'),
  /* MEM_PROTECTION */ allBut('IGNORE', 'PROPAGATE'),
  /* UNEXPECTED_TRAP */ allBut('PROPAGATE'),
];

/** Hypervisor table, generic events (hm.c:359-371). */
const HYPERVISOR_GENERIC: readonly number[] = [
  /* FATAL_ERROR */ bits(['HYPERVISOR_COLD_RESET', 'HYPERVISOR_WARM_RESET', 'HYPERVISOR_HALT']),
  /* SYSTEM_ERROR */ bits(['HYPERVISOR_HALT']),
  /* PARTITION_ERROR */ bits(['HYPERVISOR_HALT']),
  /* FP_ERROR */ bits(['HYPERVISOR_HALT']),
  /* MEM_PROTECTION */ bits(['HYPERVISOR_HALT']),
  /* UNEXPECTED_TRAP */ allBut('PARTITION_HALT', 'PROPAGATE'),
];

/** Every trap event of an architecture gets the same set; only the family differs. */
function trapEventMask(arch: Arch, level: HmLevel): number {
  const x86Family = arch === 'x86' || arch === 'amd64';
  if (level === 'partition') return x86Family ? ALL : allBut('SHUTDOWN');
  return x86Family
    ? bits(['HYPERVISOR_COLD_RESET', 'HYPERVISOR_WARM_RESET', 'HYPERVISOR_HALT', 'PROPAGATE'])
    : bits([
        'IGNORE',
        'HYPERVISOR_COLD_RESET',
        'HYPERVISOR_WARM_RESET',
        'HYPERVISOR_HALT',
        'SWITCH_TO_MAINTENANCE',
      ]);
}

/**
 * The bitmap (bit n = action n) of actions the parser accepts for `event` at `level`; 0 for an
 * event that does not exist on `arch` or has no entry (x86/amd64 event 21).
 */
export function permittedActionMask(arch: Arch, level: HmLevel, event: number): number {
  if (!Number.isInteger(event) || event < 0 || event >= hmMaxEvents(arch)) return 0;
  if (event < PRTOS_HM_MAX_GENERIC_EVENTS) {
    return (level === 'partition' ? PARTITION_GENERIC : HYPERVISOR_GENERIC)[event] ?? 0;
  }
  if (hmEventXmlName(arch, event) === undefined) return 0;
  return trapEventMask(arch, level);
}

export function permittedActions(arch: Arch, level: HmLevel, event: number): readonly HmActionName[] {
  const m = permittedActionMask(arch, level, event);
  return HM_ACTIONS.filter((a) => (m & (1 << HM_AC[a])) !== 0);
}

/**
 * Whether the parser accepts `action` for `event` in a partition table or in the hypervisor
 * table (`hm_part_is_action_permitted_on_event` / `hm_hpv_is_action_permitted_on_event`).
 * Rejection message: `Action "<action>" on event "<event>" is not permitted`.
 */
export function isActionPermitted(arch: Arch, level: HmLevel, event: number, action: HmActionName): boolean {
  return (permittedActionMask(arch, level, event) & (1 << HM_AC[action])) !== 0;
}

/** One slot of an HM table (`struct prtos_conf_hm_slot`). */
export interface HmSlot {
  readonly action: HmActionName;
  readonly log: boolean;
}

/**
 * The table the parser starts from before applying the XML `<HealthMonitor>` entries
 * (`setup_default_*_hm_actions`): the hypervisor halts and logs on every event; a partition halts
 * itself, logging generic events but not trap events. A slot the source leaves out (x86/amd64
 * event 21) is zero: IGNORE without log. Ground truth: riscv64 example.009, a store to foreign
 * memory ends in PARTITION_HALT with no log entry.
 */
export function defaultHmTable(arch: Arch, level: HmLevel): readonly HmSlot[] {
  return Array.from({ length: hmMaxEvents(arch) }, (_, event): HmSlot => {
    if (event >= PRTOS_HM_MAX_GENERIC_EVENTS && hmEventXmlName(arch, event) === undefined) {
      return { action: 'IGNORE', log: false };
    }
    if (level === 'hypervisor') return { action: 'HYPERVISOR_HALT', log: true };
    return { action: 'PARTITION_HALT', log: event < PRTOS_HM_MAX_GENERIC_EVENTS };
  });
}

/**
 * What the kernel does when an event's slot names an action (prtos-states §4.2; hm.c:239-264 for
 * the hypervisor table, :293-360 for a partition table):
 * - `partition*` effects act on the partition named in the record; a failed partition reset halts
 *   it and reschedules;
 * - `systemColdReset` / `systemWarmReset` first set `reset_status_init := (2 << 16) | event`;
 * - `propagate`: the trap is marked pending for the faulting vCPU (delivered through
 *   `trap_to_vector`);
 * - `switchToMaintenance`: plan 1 is requested on every CPU and made current at once on this CPU;
 * - `panicUnknownAction`: `system_panic("Unknown health-monitor action %d")`;
 * - `panicUnreachable`: the system reset has no implementation on this port and falls through to
 *   `system_panic("Unreachable point")` (A35, setup.c:121-132).
 */
export type HmActionEffect =
  | 'ignore'
  | 'shutdownPartition'
  | 'partitionColdReset'
  | 'partitionWarmReset'
  | 'systemColdReset'
  | 'systemWarmReset'
  | 'suspendPartition'
  | 'haltPartition'
  | 'haltSystem'
  | 'propagate'
  | 'switchToMaintenance'
  | 'panicUnknownAction'
  | 'panicUnreachable';

const PARTITION_EFFECT: Readonly<Record<HmActionName, HmActionEffect>> = {
  IGNORE: 'ignore',
  SHUTDOWN: 'shutdownPartition',
  PARTITION_COLD_RESET: 'partitionColdReset',
  PARTITION_WARM_RESET: 'partitionWarmReset',
  HYPERVISOR_COLD_RESET: 'systemColdReset',
  HYPERVISOR_WARM_RESET: 'systemWarmReset',
  SUSPEND: 'suspendPartition',
  PARTITION_HALT: 'haltPartition',
  HYPERVISOR_HALT: 'haltSystem',
  PROPAGATE: 'propagate',
  SWITCH_TO_MAINTENANCE: 'switchToMaintenance',
};

const HYPERVISOR_EFFECT: Readonly<Record<HmActionName, HmActionEffect>> = {
  IGNORE: 'ignore',
  SHUTDOWN: 'panicUnknownAction',
  PARTITION_COLD_RESET: 'panicUnknownAction',
  PARTITION_WARM_RESET: 'panicUnknownAction',
  HYPERVISOR_COLD_RESET: 'systemColdReset',
  HYPERVISOR_WARM_RESET: 'systemWarmReset',
  SUSPEND: 'panicUnknownAction',
  PARTITION_HALT: 'panicUnknownAction',
  HYPERVISOR_HALT: 'haltSystem',
  PROPAGATE: 'panicUnknownAction',
  SWITCH_TO_MAINTENANCE: 'switchToMaintenance',
};

export function hmActionEffect(arch: Arch, level: HmLevel, action: HmActionName): HmActionEffect {
  const e = (level === 'partition' ? PARTITION_EFFECT : HYPERVISOR_EFFECT)[action];
  if ((e === 'systemColdReset' || e === 'systemWarmReset') && !SYSTEM_RESET_IMPLEMENTED[arch]) {
    return 'panicUnreachable';
  }
  return e;
}

/**
 * Events the kernel always raises with the SYS bit, so the hypervisor table decides, even while a
 * partition runs: an interrupt line with no owner and no handler (irqs.c:31-55, prtos-states §4.3).
 */
export const ALWAYS_SYSTEM_LEVEL_EVENTS: readonly number[] = [HM_EV.UNEXPECTED_TRAP];
