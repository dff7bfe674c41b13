/**
 * What prtoscparser knows about each architecture, as far as its checks need it, gathered from
 * spec/constants and named as the checks use it.
 *
 * prtoscparser is built once per port (user/tools/prtoscparser/Makefile: `-D$(ARCH)`, the
 * kernel's generated `config.h` and `arch/ginfo.h`), so the same configuration can be valid on
 * one port and refused on another. The facts are those of the builds from the shipped defconfigs
 * (spec/constants/limits.ts `BUILD_CONFIG`, archParams.ts, hmEvents.ts, hmActions.ts):
 *
 * - limits: processors, vCPUs per partition, kernel threads, the largest IPVI id the parser lets
 *   through, UARTs, hardware IRQ lines (limits.ts `parserLimits`);
 * - where the hypervisor's own area lies: CONFIG_PRTOS_LOAD_ADDR (process_xml.c:67-72 places the
 *   `PRTOSHypervisor/PhysicalMemoryArea` there);
 * - address width: `prtos_address_t` is 32 bits on x86 and 64 bits on the other ports
 *   (core/include/<arch>/arch_types.h; arch.ts `WORD_BITS`), which changes what `start + size - 1`
 *   gives for an empty area (checks.c:58, 80);
 * - reserved IRQ lines, I/O ports and physical pages, in the order the kernel links them (the
 *   parser reports the first it meets), and whether areas are checked against the pages at all
 *   (checks.c:87 leaves it out on aarch64 and riscv64);
 * - I/O ports: taken on x86, amd64 and aarch64, refused on riscv64 and loongarch64;
 * - the health monitor: the event names the parser knows and their numbers (x86 and amd64 have no
 *   event 21, hm.c:59-60), the actions permitted per event in a partition table and in the
 *   hypervisor table, and the default tables. Action names are the XML names (`PRTOS_HM_AC_*`).
 *
 * archFacts.test.ts checks the HM tables against the tables of the real parser.
 */
import type { Arch } from '../../constants/arch.js';
import { WORD_BITS } from '../../constants/arch.js';
import { IO_PORTS, PAGE_SIZE, PRTOS_LOAD_ADDR, RESERVED } from '../../constants/archParams.js';
import {
  defaultHmTable,
  hmActionByXmlName,
  hmActionXmlName,
  isActionPermitted,
  permittedActions,
  type HmLevel as ConstantsHmLevel,
} from '../../constants/hmActions.js';
import { hmEventsOf } from '../../constants/hmEvents.js';
import { parserLimits } from '../../constants/limits.js';
import { HM_ACTION_NAMES } from '../codecs.js';

export type HmActionName = (typeof HM_ACTION_NAMES)[number];
export type HmLevel = ConstantsHmLevel;

export interface ReservedIoPorts {
  readonly base: number;
  readonly count: number;
}

export interface ReservedPages {
  readonly address: number;
  readonly pages: number;
}

export interface HmFacts {
  /** Event names by number; `undefined` where the port defines no event with that number. */
  readonly events: readonly (string | undefined)[];
  /** Per event number, the actions a partition's table may take (hm.c `hm_partition_events_and_actions`). */
  readonly partitionPermitted: readonly (readonly HmActionName[])[];
  /** Per event number, the actions the hypervisor's table may take (hm.c `hm_hypervisor_events_and_actions`). */
  readonly hypervisorPermitted: readonly (readonly HmActionName[])[];
  /** Default action per event number for a partition table (`default_partition_hm_table`). */
  readonly partitionDefault: readonly HmActionName[];
  /** Default action per event number for the hypervisor table (`default_hypervisor_hm_table`). */
  readonly hypervisorDefault: readonly HmActionName[];
}

export interface ArchFacts {
  readonly arch: Arch;
  readonly addressBits: 32 | 64;
  readonly pageSize: number;
  /** CONFIG_PRTOS_LOAD_ADDR: physical start of the hypervisor's memory area. */
  readonly hypervisorLoadAddress: number;
  readonly maxCpus: number;
  readonly maxVcpus: number;
  readonly maxKthreads: number;
  /** The largest Ipvi id the parser lets through (it tests `> CONFIG_PRTOS_MAX_IPVI`). */
  readonly maxIpviId: number;
  readonly uarts: number;
  readonly hwIrqs: number;
  readonly reservedIrqs: readonly number[];
  readonly reservedIoPorts: readonly ReservedIoPorts[];
  /** Pages areas may not cover; empty where the parser does not check them. */
  readonly reservedPages: readonly ReservedPages[];
  /** How the port treats `HwResources/IoPorts`: I/O port ranges, or a refusal naming the port. */
  readonly ioPorts: { readonly supported: true } | { readonly supported: false; readonly portName: string };
  readonly hm: HmFacts;
}

function hmFacts(arch: Arch): HmFacts {
  const events = hmEventsOf(arch).map((e) => e.xmlName);
  const permitted = (level: HmLevel) =>
    events.map((_, n) => permittedActions(arch, level, n).map(hmActionXmlName));
  const defaults = (level: HmLevel) =>
    defaultHmTable(arch, level).map((slot) => hmActionXmlName(slot.action));
  return {
    events,
    partitionPermitted: permitted('partition'),
    hypervisorPermitted: permitted('hypervisor'),
    partitionDefault: defaults('partition'),
    hypervisorDefault: defaults('hypervisor'),
  };
}

function archFacts(arch: Arch): ArchFacts {
  const limits = parserLimits(arch);
  const reserved = RESERVED[arch];
  const io = IO_PORTS[arch];
  return {
    arch,
    addressBits: WORD_BITS[arch],
    pageSize: PAGE_SIZE,
    hypervisorLoadAddress: PRTOS_LOAD_ADDR[arch],
    maxCpus: limits.processors.max,
    maxVcpus: limits.vcpusPerPartition.max,
    maxKthreads: limits.kthreads.max,
    maxIpviId: limits.ipviId.max,
    uarts: limits.uartId.max + 1,
    hwIrqs: limits.hwIrqLine.max + 1,
    reservedIrqs: reserved.hwIrqs.map((r) => r.line),
    reservedIoPorts: reserved.ioPorts.map((r) => ({ base: r.base, count: r.count })),
    reservedPages: reserved.physPagesChecked
      ? reserved.physPages.map((r) => ({ address: r.address, pages: r.pages }))
      : [],
    // The message names the port as the parser does ("IoPorts not supported on RISC-V").
    ioPorts: io.allowed
      ? { supported: true }
      : { supported: false, portName: io.message.replace(/^.* on /, '') },
    hm: hmFacts(arch),
  };
}

export const ARCH_FACTS: Readonly<Record<Arch, ArchFacts>> = {
  x86: archFacts('x86'),
  amd64: archFacts('amd64'),
  riscv64: archFacts('riscv64'),
  aarch64: archFacts('aarch64'),
  loongarch64: archFacts('loongarch64'),
};

/** The number prtoscparser gives an HM event name on this port, or undefined if it does not know it. */
export function hmEventNumber(facts: ArchFacts, name: string): number | undefined {
  const n = facts.hm.events.indexOf(name);
  return n < 0 ? undefined : n;
}

export function isHmActionPermitted(
  facts: ArchFacts,
  level: HmLevel,
  event: number,
  action: HmActionName,
): boolean {
  const a = hmActionByXmlName(action);
  return a !== undefined && isActionPermitted(facts.arch, level, event, a);
}
