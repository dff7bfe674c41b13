/**
 * CFG — the configuration rules: what makes a PRTOS XML configuration acceptable and what the
 * accepted values mean.
 *
 * PRTOS checks configurations at build time, in prtoscparser (user/tools/prtoscparser): first the
 * XSD, then the handlers of process_xml.c in document order with the checks of checks.c, hm.c,
 * conv.c, prtos_conf.c and the arch files, then the end-of-document checks. The notes summarise
 * the rules in prtos-states §3.1 (plans and slots), §4.4 (HM tables), §5.1 (IRQ lines) and §8 S1
 * (area overlap); the rest is read from the parser sources cited on each requirement. The
 * configuration validator (spec/config/validate) implements one check per requirement here.
 *
 * Numbering follows prtoscparser's order of meeting things: schema and units, memory, partitions,
 * processors and plans, health monitor, hardware resources, devices, ports and channels, IPVIs.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

const P = 'user/tools/prtoscparser';

export const CFG_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-CFG-1',
    'A configuration shall be rejected unless it is well-formed XML that validates against the PRTOS configuration schema of its architecture; no semantic rule is applied to an invalid document.',
    st('§3.1', `${P}/main.c:82-101`),
  ),
  req(
    'REQ-CFG-2',
    'An attribute that the schema declares with a default and that the document omits shall take that default value (for example majorFrame 0s, validPeriod 0s, noVCpus 1, vCpuId 0, flags none), because prtoscparser validates with default-attribute creation before reading the tree.',
    st(
      '§3.1',
      `${P}/main.c:100`,
      `${P}/prtos_conf.xsd.in:364-366`,
      `${P}/prtos_conf.xsd.in:437`,
      `${P}/prtos_conf.xsd.in:628-634`,
    ),
  ),
  req(
    'REQ-CFG-3',
    'Time values shall be read in µs, ms or s and converted to microseconds, sizes in B, KB or MB to bytes, and frequencies in MHz to kHz, and a converted time or size of 2^32 or more shall be rejected.',
    st('§3.1', `${P}/conv.c:47-85`),
  ),
  req(
    'REQ-CFG-4',
    'The start address of every memory region shall be aligned to the page size and its size shall be a multiple of the page size.',
    st('§8', `${P}/checks.c:54-63`),
  ),
  req(
    'REQ-CFG-5',
    'Memory regions shall not overlap one another, and no two regions shall start at the same address.',
    st('§8', `${P}/checks.c:26-38`, `${P}/checks.c:64-71`, `${P}/prtos_conf.c:184-187`),
  ),
  req(
    'REQ-CFG-6',
    'The start address of every physical memory area (hypervisor, resident software, partition or memory-block device) shall be aligned to the page size and its size shall be a multiple of the page size.',
    st('§8', `${P}/checks.c:74-86`),
  ),
  req(
    'REQ-CFG-7',
    'Every physical memory area shall lie entirely inside one memory region.',
    st('§8', `${P}/checks.c:96-101`),
  ),
  req(
    'REQ-CFG-8',
    'Two physical memory areas shall not overlap unless both are flagged shared.',
    st('§8', `${P}/checks.c:103-111`),
  ),
  req(
    'REQ-CFG-9',
    'On x86, amd64 and loongarch64 a physical memory area shall not overlap the memory that PRTOS reserves for itself; prtoscparser skips this check on aarch64 and riscv64.',
    st('§8', `${P}/checks.c:87-95`),
  ),
  req(
    'REQ-CFG-10',
    'The virtual ranges (mappedAt, or the start address when mappedAt is absent) of the memory areas of one partition shall not overlap one another.',
    st('§8', `${P}/checks.c:116-132`, `${P}/process_xml.c:25-40`),
  ),
  req(
    'REQ-CFG-11',
    'The memory areas of each partition shall be kept sorted by start address, and no two areas of one partition shall start at the same address, because the kernel searches them by bisection.',
    st('§8', `${P}/prtos_conf.c:161-176`, `${P}/checks.c:40-52`, 'core/kernel/mmu/physmm.c:129-175'),
  ),
  req(
    'REQ-CFG-12',
    'Memory areas of the hypervisor shall not carry the shared, read-only or unmapped flag.',
    st('§8', `${P}/checks.c:149-162`),
  ),
  req(
    'REQ-CFG-13',
    'Memory-area flags shall be a space-separated list of unmapped, shared, read-only, uncacheable, rom, flag0 to flag3, iommu and none; any other word shall be rejected.',
    st('§8', `${P}/conv.c:146-244`, `${P}/conv.c:258-260`),
  ),
  req(
    'REQ-CFG-14',
    'A memory-block device shall be a physical memory area flagged shared and shall obey the memory-area rules.',
    st('§4.5', `${P}/process_xml.c:358-394`),
  ),
  req(
    'REQ-CFG-15',
    'Partition ids shall be consecutive from 0 in document order.',
    st('§1.5', `${P}/process_xml.c:713-720`),
  ),
  req(
    'REQ-CFG-16',
    'Partition names shall be unique.',
    st('§1.5', `${P}/checks.c:251-256`, `${P}/process_xml.c:724-728`),
  ),
  req(
    'REQ-CFG-17',
    'A partition shall have at most CONFIG_MAX_NO_VCPUS (4) virtual CPUs.',
    st('§2.2', `${P}/process_xml.c:739-745`),
  ),
  req(
    'REQ-CFG-18',
    'Partition flags shall be a list of system, fp and none (system sets PRTOS_PART_SYSTEM 0x100, fp sets PRTOS_PART_FP 0x200), and the hw_virt attribute set to true or 1 shall set PRTOS_PART_HWVIRT 0x400.',
    st('§0', `${P}/conv.c:101-118`, `${P}/conv.c:246-248`, `${P}/process_xml.c:756-759`),
  ),
  req(
    'REQ-CFG-19',
    'The number of partitions plus the total number of their virtual CPUs shall not exceed CONFIG_MAX_NO_KTHREADS (255).',
    st('§0', `${P}/checks.c:258-265`),
  ),
  req(
    'REQ-CFG-20',
    'Processor ids shall be consecutive from 0 and there shall be at most CONFIG_NO_CPUS (4) processors.',
    st('§3.7', `${P}/process_xml.c:278-302`),
  ),
  req(
    'REQ-CFG-21',
    'The cyclic plans of each processor shall have ids consecutive from 0, and the slots of each plan ids consecutive from 0.',
    st('§3.1', `${P}/process_xml.c:164-171`, `${P}/process_xml.c:232-237`),
  ),
  req(
    'REQ-CFG-22',
    'A slot shall end at its start plus its duration, and the slots of a plan shall be in increasing order without overlap (a slot may start exactly where the previous one ends, gaps are allowed).',
    st('§3.1', `${P}/process_xml.c:214-216`, `${P}/checks.c:170-181`),
  ),
  req(
    'REQ-CFG-23',
    "The last slot of a plan shall end no later than the plan's major frame.",
    st('§3.1', `${P}/checks.c:182-185`),
  ),
  req(
    'REQ-CFG-24',
    "Every slot shall name an existing partition and a virtual CPU id below that partition's number of virtual CPUs.",
    st('§3.1', `${P}/checks.c:189-202`, `${P}/checks.c:235-249`),
  ),
  req(
    'REQ-CFG-25',
    'A given (partition, virtual CPU) pair shall appear in slots of one processor only, across all plans of all processors.',
    st('§3.1', `${P}/checks.c:204-233`),
  ),
  req(
    'REQ-CFG-26',
    'If any health-monitor table (hypervisor or partition) uses SWITCH_TO_MAINTENANCE, every processor shall have at least two plans.',
    st('§3.1', `${P}/hm.c:878-894`),
  ),
  req(
    'REQ-CFG-27',
    'Health-monitor event and action names shall be those known to prtoscparser for the architecture, and the log attribute shall be yes, no, true or false; PRTOS_HM_EV_WATCHDOG_TIMER, which the schema lists but the parser does not know, shall be rejected.',
    st('§4.4', `${P}/hm.c:100-116`, `${P}/conv.c:38-45`),
  ),
  req(
    'REQ-CFG-28',
    'A partition health-monitor table shall use only the actions permitted per event: FATAL_ERROR {PARTITION_HALT, HYPERVISOR_HALT}; SYSTEM_ERROR, FP_ERROR and MEM_PROTECTION all but IGNORE and PROPAGATE; PARTITION_ERROR and UNEXPECTED_TRAP all but PROPAGATE; x86 trap events all eleven; riscv64, aarch64 and loongarch64 trap events all but SHUTDOWN.',
    st('§4.4', `${P}/hm.c:120-356`, `${P}/hm.c:873-876`),
  ),
  req(
    'REQ-CFG-29',
    'The hypervisor health-monitor table shall use only the actions permitted per event: FATAL_ERROR {HYPERVISOR_COLD_RESET, HYPERVISOR_WARM_RESET, HYPERVISOR_HALT}; SYSTEM_ERROR, PARTITION_ERROR, FP_ERROR and MEM_PROTECTION {HYPERVISOR_HALT}; UNEXPECTED_TRAP all but PARTITION_HALT and PROPAGATE; x86 trap events {HYPERVISOR_COLD_RESET, HYPERVISOR_WARM_RESET, HYPERVISOR_HALT, PROPAGATE}; riscv64, aarch64 and loongarch64 trap events {IGNORE, HYPERVISOR_COLD_RESET, HYPERVISOR_WARM_RESET, HYPERVISOR_HALT, SWITCH_TO_MAINTENANCE}.',
    st('§4.4', `${P}/hm.c:358-490`, `${P}/hm.c:868-871`),
  ),
  req(
    'REQ-CFG-30',
    'Every partition health-monitor event not overridden in the configuration shall default to PARTITION_HALT, logged for the generic events 0 to 5 and not logged for the architecture trap events (x86 event 21 defaults to IGNORE, not logged).',
    st('§4.4', `${P}/hm.c:492-693`, `${P}/hm.c:864-866`),
  ),
  req(
    'REQ-CFG-31',
    'Every hypervisor health-monitor event not overridden in the configuration shall default to HYPERVISOR_HALT with logging (x86 event 21 defaults to IGNORE, not logged).',
    st('§4.4', `${P}/hm.c:695-858`, `${P}/hm.c:860-862`),
  ),
  req(
    'REQ-CFG-32',
    "A hardware interrupt line given to a partition shall be below CONFIG_NO_HWIRQS, not already given to another partition and not reserved by PRTOS, and the partition's owned-line bitmap shall be exactly the lines given to it.",
    st('§5.1', `${P}/conv.c:271-292`, `${P}/checks.c:134-138`, `${P}/prtos_conf.c:152-159`),
  ),
  req(
    'REQ-CFG-33',
    'On x86, amd64 and aarch64 an I/O-port range given to a partition shall not overlap the ports reserved by PRTOS, and Restricted I/O-port elements shall be rejected; on riscv64 and loongarch64 any IoPorts element shall be rejected.',
    st(
      '§5.1',
      `${P}/x86.c:54-80`,
      `${P}/aarch64.c:54-80`,
      `${P}/riscv64.c:40-41`,
      `${P}/loongarch64.c:40-41`,
    ),
  ),
  req(
    'REQ-CFG-34',
    'Device names shall be unique, a UART id shall be below CONFIG_DEV_NO_UARTS, and every device named as a console, health-monitor device or trace device shall be a declared device (the name NULL meaning no device).',
    st('§4.5', `${P}/prtos_conf.c:60-111`, `${P}/checks.c:164-168`),
  ),
  req(
    'REQ-CFG-35',
    'Port names shall be unique within a partition, a port type shall be sampling or queuing and a port direction source or destination.',
    hc('§5.3', `${P}/checks.c:140-147`, `${P}/conv.c:87-94`, `${P}/conv.c:262-269`),
  ),
  req(
    'REQ-CFG-36',
    "Every channel end shall name an existing partition (and, when partitionName is given, that partition's name) and a port of that partition whose type equals the channel type and whose direction equals the end's role (Source or Destination).",
    hc('§5.3', `${P}/prtos_conf.c:122-150`),
  ),
  req(
    'REQ-CFG-37',
    'The receiver count of a sampling channel shall be the number of its destination ends, and a queuing channel shall have exactly one source and one destination.',
    hc('§5.4', `${P}/prtos_conf.c:137-138`, `${P}/prtos_conf.xsd.in:440-452`),
  ),
  req(
    'REQ-CFG-38',
    'An IPVI id shall be below CONFIG_PRTOS_MAX_IPVI (8), its source and every destination shall be existing partitions, and a destination shall not be listed twice for one IPVI.',
    st('§5.6', `${P}/process_xml.c:610-645`, `${P}/checks.c:267-284`),
    {
      rationale:
        'prtoscparser tests `ipvi_id > CONFIG_PRTOS_MAX_IPVI` (process_xml.c:642), which lets id 8 through and then writes one entry past the IPVI table of the source partition (prtos_conf.c:199); this requirement states the table bound. The notes do not record this, so it has no decision row.',
    },
  ),
  req(
    'REQ-CFG-39',
    "Each partition's IPVI table shall list, for IPVI n, the destinations configured for source = that partition and id = n, and a partition shall be able to raise only the IPVIs whose source it is.",
    st('§5.6', `${P}/prtos_conf.c:189-210`),
  ),
];
