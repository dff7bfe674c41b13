/**
 * Health-monitor events per architecture: their numbers, their XML names, and the name the
 * kernel prints for them on the console.
 *
 * An event number indexes the HM tables. Events 0-5 are generic; from 6 on, event = 6 + the
 * architecture's trap number (prtos-states §4.1; core/kernel/irqs.c:111). Sources:
 * core/include/prtosconf.h:43-62 (generic), core/include/<arch>/prtosconf.h (trap events and
 * PRTOS_HM_MAX_EVENTS: 26 on x86/amd64, 15 elsewhere), user/tools/prtoscparser/hm.c:36-100 (the
 * names the configuration parser accepts), user/tools/prtoscparser/prtos_conf.xsd.in:152-219 (the
 * names the schema lists) and core/objects/hm.c:96-136, 193-200 (the console names).
 *
 * Three name tables disagree and all three matter:
 * - the XSD lists `PRTOS_HM_EV_WATCHDOG_TIMER`, which the parser does not know: a configuration
 *   using it passes the schema and then fails with "Expected a valid Health Monitor event"
 *   (negative case HM04);
 * - x86/amd64 event 21 (IA-32 vector 15) has no name at all: it cannot be configured, its
 *   permitted-action sets are empty, and its default slot is zero (IGNORE, no log);
 * - the kernel's console name table (CONFIG_OBJ_HM_VERBOSE) has the generic names everywhere, the
 *   x86 names on x86/amd64 and the ARM names on aarch64, but none for riscv64 or loongarch64, which
 *   therefore print `unknown (N)` for every trap event (anomaly A63; recorded run example.002).
 */
import type { Arch } from './arch.js';

export const PRTOS_HM_MAX_GENERIC_EVENTS = 6;

export const GENERIC_HM_EVENTS = [
  'FATAL_ERROR',
  'SYSTEM_ERROR',
  'PARTITION_ERROR',
  'FP_ERROR',
  'MEM_PROTECTION',
  'UNEXPECTED_TRAP',
] as const;
export type GenericHmEventName = (typeof GENERIC_HM_EVENTS)[number];

/** Generic event numbers (prtosconf.h:45-60). */
export const HM_EV = {
  FATAL_ERROR: 0,
  SYSTEM_ERROR: 1,
  PARTITION_ERROR: 2,
  FP_ERROR: 3,
  MEM_PROTECTION: 4,
  UNEXPECTED_TRAP: 5,
} as const satisfies Record<GenericHmEventName, number>;

/**
 * Trap event names by trap number, without the `PRTOS_HM_EV_<PREFIX>_` part; `undefined` marks a
 * trap number that has an event slot but no name (x86 vector 15).
 */
const X86_TRAP_EVENTS: readonly (string | undefined)[] = [
  'DIVIDE_ERROR',
  'DEBUG',
  'NMI_INTERRUPT',
  'BREAKPOINT',
  'OVERFLOW',
  'BOUND_RANGE_EXCEEDED',
  'INVALID_OPCODE',
  'DEVICE_NOT_AVAILABLE',
  'DOUBLE_FAULT',
  'COPROCESSOR_SEGMENT_OVERRUN',
  'INVALID_TSS',
  'SEGMENT_NOT_PRESENT',
  'STACK_FAULT',
  'GENERAL_PROTECTION',
  'PAGE_FAULT',
  undefined,
  'X87_FPU_ERROR',
  'ALIGNMENT_CHECK',
  'MACHINE_CHECK',
  'SIMD_FLOATING_POINT',
];

const ARM_TRAP_EVENTS: readonly string[] = [
  'UNDEF_INSTR',
  'PREFETCH_ABORT',
  'DATA_ABORT',
  'DATA_ALIGNMENT_FAULT',
  'DATA_BACKGROUND_FAULT',
  'DATA_PERMISSION_FAULT',
  'INSTR_ALIGNMENT_FAULT',
  'INSTR_BACKGROUND_FAULT',
  'INSTR_PERMISSION_FAULT',
];

/** riscv64 and loongarch64 share the trap list; only the prefix differs. */
const RISCV_LIKE_TRAP_EVENTS: readonly string[] = [
  'ILLEGAL_INSTR',
  'INSTR_ACCESS_FAULT',
  'LOAD_ACCESS_FAULT',
  'STORE_ACCESS_FAULT',
  'INSTR_PAGE_FAULT',
  'LOAD_PAGE_FAULT',
  'STORE_PAGE_FAULT',
  'INSTR_MISALIGNED',
  'LOAD_MISALIGNED',
];

interface ArchTrapEvents {
  readonly prefix: string;
  readonly traps: readonly (string | undefined)[];
  /** Whether the kernel's verbose name table has these names (hm.c:104-135). */
  readonly consoleNames: boolean;
}

const TRAP_EVENTS: Readonly<Record<Arch, ArchTrapEvents>> = {
  x86: { prefix: 'X86', traps: X86_TRAP_EVENTS, consoleNames: true },
  amd64: { prefix: 'X86', traps: X86_TRAP_EVENTS, consoleNames: true },
  riscv64: { prefix: 'RISCV', traps: RISCV_LIKE_TRAP_EVENTS, consoleNames: false },
  aarch64: { prefix: 'ARM', traps: ARM_TRAP_EVENTS, consoleNames: true },
  loongarch64: { prefix: 'LOONGARCH', traps: RISCV_LIKE_TRAP_EVENTS, consoleNames: false },
};

/** `PRTOS_HM_MAX_EVENTS`: the size of every HM table (26 on x86/amd64, 15 elsewhere). */
export function hmMaxEvents(arch: Arch): number {
  return PRTOS_HM_MAX_GENERIC_EVENTS + TRAP_EVENTS[arch].traps.length;
}

export function isHmEvent(arch: Arch, event: number): boolean {
  return Number.isInteger(event) && event >= 0 && event < hmMaxEvents(arch);
}

/** Event raised for architecture trap `trap` (irqs.c:111). Not range-checked by the kernel (A19/A38). */
export function trapToHmEvent(trap: number): number {
  return PRTOS_HM_MAX_GENERIC_EVENTS + trap;
}

/** The trap number behind a trap event, or `undefined` for a generic event. */
export function hmEventToTrap(event: number): number | undefined {
  return event >= PRTOS_HM_MAX_GENERIC_EVENTS ? event - PRTOS_HM_MAX_GENERIC_EVENTS : undefined;
}

/** The `PRTOS_HM_EV_*` name of an event on `arch`, or `undefined` if the event has none or does not exist. */
export function hmEventXmlName(arch: Arch, event: number): string | undefined {
  if (!isHmEvent(arch, event)) return undefined;
  const generic = GENERIC_HM_EVENTS[event];
  if (generic !== undefined) return `PRTOS_HM_EV_${generic}`;
  const t = TRAP_EVENTS[arch];
  const trap = t.traps[event - PRTOS_HM_MAX_GENERIC_EVENTS];
  return trap === undefined ? undefined : `PRTOS_HM_EV_${t.prefix}_${trap}`;
}

/** Every event number of `arch` with its XML name (`undefined` for x86/amd64 event 21). */
export function hmEventsOf(
  arch: Arch,
): readonly { readonly event: number; readonly xmlName: string | undefined }[] {
  return Array.from({ length: hmMaxEvents(arch) }, (_, event) => ({
    event,
    xmlName: hmEventXmlName(arch, event),
  }));
}

/**
 * The event number the configuration parser gives an XML event name (`to_hm_event`, hm.c:111-118),
 * or `undefined` where it reports "Expected a valid Health Monitor event" — which includes
 * `PRTOS_HM_EV_WATCHDOG_TIMER` and the names of other architectures.
 */
export function hmEventByXmlName(arch: Arch, name: string): number | undefined {
  for (let e = 0; e < hmMaxEvents(arch); e++) if (hmEventXmlName(arch, e) === name) return e;
  return undefined;
}

/** Names the XSD lists that no parser knows. */
export const XSD_ONLY_HM_EVENT_NAMES: readonly string[] = ['PRTOS_HM_EV_WATCHDOG_TIMER'];

/**
 * The `hmString_t` enumeration of the XSD for `arch`, in schema order: the generic names with
 * WATCHDOG_TIMER inserted after PARTITION_ERROR, then the trap names (the unnamed x86 slot is
 * simply absent).
 */
export function xsdHmEventNames(arch: Arch): readonly string[] {
  const generic = GENERIC_HM_EVENTS.map((n) => `PRTOS_HM_EV_${n}`);
  const t = TRAP_EVENTS[arch];
  const traps = t.traps
    .filter((n): n is string => n !== undefined)
    .map((n) => `PRTOS_HM_EV_${t.prefix}_${n}`);
  return [...generic.slice(0, 3), ...XSD_ONLY_HM_EVENT_NAMES, ...generic.slice(3), ...traps];
}

/**
 * The name the kernel prints for an event in its `[HM]` line: the `PRTOS_HM_EV_*` identifier where
 * its verbose table has one, else `unknown` (hm.c:195-198).
 */
export function hmEventConsoleName(arch: Arch, event: number): string {
  const generic = event >= 0 && event < PRTOS_HM_MAX_GENERIC_EVENTS;
  if (!generic && !TRAP_EVENTS[arch].consoleNames) return 'unknown';
  return hmEventXmlName(arch, event) ?? 'unknown';
}

/** The event part of the kernel's `[HM] <time>:<name> (<event>):PART(<id>)` line, e.g. `unknown (6)`. */
export function hmEventConsoleLabel(arch: Arch, event: number): string {
  return `${hmEventConsoleName(arch, event)} (${event})`;
}
