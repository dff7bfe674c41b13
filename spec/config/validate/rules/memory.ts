/**
 * Memory rules: physical regions of the board, memory areas of the hypervisor, the resident
 * software, the partitions and MemoryBlock devices, and partitions' virtual layouts.
 *
 * prtos-states §3.1 (configuration) and user/tools/prtoscparser/checks.c:26-132,
 * prtos_conf.c:161-187. prtoscparser checks a region when its element has been read
 * (check_memory_region, against the regions before it) and an area likewise
 * (check_phys_mem_area: page alignment, size, PRTOS-reserved pages, coverage by a region read so
 * far, overlap with every area read so far); a partition's virtual layout when the partition
 * ends; and, once the document is read, that no two regions and no two areas of one partition
 * start at the same address (the "unsorted" checks after qsort).
 */
import { formatRange, hex, overlapsReserved, parserOverlap, rangeOf } from '../addr.js';
import type { ArchFacts } from '../archFacts.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';
import type { AreaEntry, AreaOwner, RegionEntry } from '../tables.js';

export const MEM_REGION_ALIGN = defineRule({
  id: 'CFG-MEM-REGION-ALIGN',
  requirement: 'TODO(REQ-CFG)',
  title: 'A memory region starts on a page boundary (4 KiB).',
  source: 'checks.c:59-60',
  parserLine: 'element',
  example: 'memory region start address 0x100 is not aligned to 0x1000: use a multiple of 0x1000 (e.g. 0x0)',
});

export const MEM_REGION_SIZE = defineRule({
  id: 'CFG-MEM-REGION-SIZE',
  requirement: 'TODO(REQ-CFG)',
  title: 'A memory region is a whole number of pages (4 KiB).',
  source: 'checks.c:61-63',
  parserLine: 'element',
  example: 'memory region size 4097 bytes is not a multiple of 4096: use a multiple of 4KB (e.g. 8KB)',
});

export const MEM_REGION_OVERLAP = defineRule({
  id: 'CFG-MEM-REGION-OVERLAP',
  requirement: 'TODO(REQ-CFG)',
  title: 'A memory region does not overlap a region declared before it.',
  source: 'checks.c:64-71',
  parserLine: 'element',
  example:
    'memory region [0x1000000 - 0x10fffff] overlaps [0x0 - 0x1fffffff] (line 4): regions must be disjoint',
});

export const MEM_REGION_DUPLICATE = defineRule({
  id: 'CFG-MEM-REGION-DUPLICATE',
  requirement: 'TODO(REQ-CFG)',
  title: 'No two memory regions start at the same address (checked after sorting the regions).',
  source: 'prtos_conf.c:184-187, checks.c:26-38',
  parserLine: 'wrong',
  parserLineNote:
    'prtoscparser sorts the regions but not their line numbers, so it names the line of whichever region ' +
    'stood at that position in the file; we report that line too and name both regions in the message',
  example:
    'memory regions at lines 5 and 6 both start at 0xc0000000: give every region its own start address',
});

export const MEM_AREA_ALIGN = defineRule({
  id: 'CFG-MEM-AREA-ALIGN',
  requirement: 'TODO(REQ-CFG)',
  title: 'A memory area starts on a page boundary (4 KiB).',
  source: 'checks.c:82-83',
  parserLine: 'element',
  example:
    'memory area start address 0x6000100 is not aligned to 0x1000: use a multiple of 0x1000 (e.g. 0x6000000)',
});

export const MEM_AREA_SIZE = defineRule({
  id: 'CFG-MEM-AREA-SIZE',
  requirement: 'TODO(REQ-CFG)',
  title: 'A memory area is a whole number of pages (4 KiB).',
  source: 'checks.c:84-86',
  parserLine: 'wrong',
  parserLineNote:
    'prtoscparser passes the size in bytes where the line number belongs; we report that number when it is ' +
    'a line of the file (to agree with prtoscparser) and otherwise the line of the area, which the message names',
  example:
    'memory area [0x6000000 - 0x60017ff] (line 27) has size 6144 bytes, not a multiple of 4096: use a multiple of 4KB (e.g. 8KB)',
});

export const MEM_AREA_RESERVED = defineRule({
  id: 'CFG-MEM-AREA-RESERVED',
  requirement: 'TODO(REQ-CFG)',
  title:
    'A memory area does not cover physical pages PRTOS reserves for its own devices (x86, amd64: HPET, LAPIC, IOAPIC).',
  source: 'checks.c:87-95',
  parserLine: 'element',
  example:
    'memory area [0xfec00000 - 0xfec00fff] overlaps [0xfec00000 - 0xfec00fff], a page PRTOS reserves for its own devices on x86: move the area',
});

export const MEM_AREA_COVERAGE = defineRule({
  id: 'CFG-MEM-AREA-COVERAGE',
  requirement: 'TODO(REQ-CFG)',
  title:
    'A memory area lies inside one memory region declared before it (the hypervisor area lies at CONFIG_PRTOS_LOAD_ADDR).',
  source: 'checks.c:96-101',
  parserLine: 'element',
  example:
    'memory area [0x40000000 - 0x400fffff] is not covered by any memory region: it must lie inside one Region (regions declared so far: [0x0 - 0x1fffffff] (line 4))',
});

export const MEM_OVERLAP = defineRule({
  id: 'CFG-MEM-OVERLAP',
  requirement: 'TODO(REQ-CFG)',
  title: 'A memory area does not overlap an area declared before it, unless both are shared.',
  source: 'checks.c:103-111',
  parserLine: 'element',
  example:
    'memory area [0x6300000 - 0x63fffff] overlaps [0x6300000 - 0x63fffff] (line 37), an area of partition 1: areas may overlap only when both are "shared"',
});

export const MEM_HYP_FLAGS = defineRule({
  id: 'CFG-MEM-HYP-FLAGS',
  requirement: 'TODO(REQ-CFG)',
  title: 'The hypervisor memory area is not shared, read-only or unmapped.',
  source: 'checks.c:149-162',
  parserLine: 'element',
  example:
    'the hypervisor memory area may not be "shared": remove the flag (shared, read-only and unmapped are refused; uncacheable, rom, flag0-3 and iommu are allowed)',
});

export const MEM_VIRT_OVERLAP = defineRule({
  id: 'CFG-MEM-VIRT-OVERLAP',
  requirement: 'TODO(REQ-CFG)',
  title: "The areas of one partition do not overlap in the partition's virtual address space (mappedAt).",
  source: 'checks.c:116-132',
  parserLine: 'element',
  example:
    'virtual memory area [0x6000000 - 0x60fffff] overlaps [0x6000000 - 0x60fffff] (line 28) in the address space of partition 0: give the areas disjoint mappedAt addresses',
});

export const MEM_AREA_DUPLICATE = defineRule({
  id: 'CFG-MEM-AREA-DUPLICATE',
  requirement: 'TODO(REQ-CFG)',
  title:
    'No two memory areas of one partition start at the same physical address (checked after sorting the areas).',
  source: 'prtos_conf.c:167-176, checks.c:40-52',
  parserLine: 'wrong',
  parserLineNote:
    "prtoscparser sorts a partition's areas but not their line numbers; we report the line it names and name both areas in the message",
  example:
    'memory areas at lines 36 and 38 of partition 1 both start at 0x6300000: the areas of one partition need distinct start addresses',
});

export function describeOwner(owner: AreaOwner): string {
  switch (owner.kind) {
    case 'hypervisor':
      return 'the area of the hypervisor';
    case 'residentSw':
      return 'an area of the resident software';
    case 'partition':
      return `an area of partition ${owner.partition}`;
    case 'memoryBlock':
      return `the MemoryBlock device "${owner.device}"`;
  }
}

function pageMultiple(facts: ArchFacts, start: bigint): string {
  const below = start - (start % BigInt(facts.pageSize));
  return `use a multiple of ${hex(facts.pageSize)} (e.g. ${hex(below)})`;
}

function alignmentIssue(
  facts: ArchFacts,
  rule: typeof MEM_REGION_ALIGN | typeof MEM_AREA_ALIGN,
  what: string,
  line: number,
  start: bigint,
) {
  if (start % BigInt(facts.pageSize) === 0n) return undefined;
  return issueOf(
    rule,
    line,
    `${what} start address ${hex(start)} is not aligned to ${hex(facts.pageSize)}: ${pageMultiple(facts, start)}`,
  );
}

function sizeAdvice(facts: ArchFacts, size: number): string {
  const pages = Math.max(1, Math.ceil(size / facts.pageSize));
  return `use a multiple of ${facts.pageSize / 1024}KB (e.g. ${(pages * facts.pageSize) / 1024}KB)`;
}

export function checkRegionAlignment(facts: ArchFacts, region: RegionEntry): ConfigIssue | undefined {
  return alignmentIssue(facts, MEM_REGION_ALIGN, 'memory region', region.line, region.start);
}

export function checkRegionSize(facts: ArchFacts, region: RegionEntry): ConfigIssue | undefined {
  if (region.size % facts.pageSize === 0) return undefined;
  return issueOf(
    MEM_REGION_SIZE,
    region.line,
    `memory region size ${region.size} bytes is not a multiple of ${facts.pageSize}: ${sizeAdvice(facts, region.size)}`,
  );
}

export function checkRegionOverlap(
  region: RegionEntry,
  earlier: readonly RegionEntry[],
): ConfigIssue | undefined {
  const other = earlier.find((r) => parserOverlap(region, r));
  if (other === undefined) return undefined;
  return issueOf(
    MEM_REGION_OVERLAP,
    region.line,
    `memory region ${formatRange(region)} overlaps ${formatRange(other)} (line ${other.line}): regions must be disjoint`,
  );
}

/**
 * After the document, prtoscparser sorts by start and refuses two equal starts; the line it
 * prints is the line of the region that stood, in the file, where the first duplicate stands in
 * the sorted table. `entries` are in document order.
 */
function firstDuplicateStart<E extends { readonly start: bigint; readonly line: number }>(
  entries: readonly E[],
): { readonly parserLine: number; readonly first: E; readonly second: E } | undefined {
  const sorted = entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.start < b.e.start ? -1 : a.e.start > b.e.start ? 1 : a.i - b.i));
  for (let k = 1; k < sorted.length; k++) {
    const prev = sorted[k - 1];
    const cur = sorted[k];
    const lineHolder = entries[k - 1];
    if (prev !== undefined && cur !== undefined && lineHolder !== undefined && prev.e.start === cur.e.start) {
      return { parserLine: lineHolder.line, first: prev.e, second: cur.e };
    }
  }
  return undefined;
}

export function checkRegionStartsDistinct(regions: readonly RegionEntry[]): ConfigIssue | undefined {
  const dup = firstDuplicateStart(regions);
  if (dup === undefined) return undefined;
  return issueOf(
    MEM_REGION_DUPLICATE,
    dup.parserLine,
    `memory regions at lines ${dup.first.line} and ${dup.second.line} both start at ${hex(dup.first.start)}: ` +
      'give every region its own start address',
  );
}

export function checkAreaAlignment(facts: ArchFacts, area: AreaEntry): ConfigIssue | undefined {
  return alignmentIssue(facts, MEM_AREA_ALIGN, 'memory area', area.line, area.start);
}

/** `lineCount`: lines in the file, to tell whether prtoscparser's misplaced number is a line of it. */
export function checkAreaSize(facts: ArchFacts, area: AreaEntry, lineCount: number): ConfigIssue | undefined {
  if (area.size % facts.pageSize === 0) return undefined;
  const parserLine = area.size | 0;
  const line = parserLine >= 1 && parserLine <= lineCount ? parserLine : area.line;
  return issueOf(
    MEM_AREA_SIZE,
    line,
    `memory area ${formatRange(area)} (line ${area.line}) has size ${area.size} bytes, not a multiple of ` +
      `${facts.pageSize}: ${sizeAdvice(facts, area.size)}`,
  );
}

export function checkAreaReserved(facts: ArchFacts, area: AreaEntry): ConfigIssue | undefined {
  for (const page of facts.reservedPages) {
    const reserved = rangeOf(facts, page.address, page.pages * facts.pageSize);
    if (overlapsReserved(area, reserved)) {
      return issueOf(
        MEM_AREA_RESERVED,
        area.line,
        `memory area ${formatRange(area)} overlaps ${formatRange(reserved)}, a page PRTOS reserves for its own devices on ${facts.arch}: move the area`,
      );
    }
  }
  return undefined;
}

/** The region holding the area, as check_phys_mem_area picks it (the last one that contains it). */
export function coveringRegion(area: AreaEntry, regions: readonly RegionEntry[]): RegionEntry | undefined {
  let found: RegionEntry | undefined;
  for (const r of regions) if (area.start >= r.start && area.end <= r.end) found = r;
  return found;
}

export function checkAreaCoverage(area: AreaEntry, regions: readonly RegionEntry[]): ConfigIssue | undefined {
  if (coveringRegion(area, regions) !== undefined) return undefined;
  const known =
    regions.length === 0
      ? 'no region has been declared before this area (HwDescription/MemoryLayout must come first)'
      : `regions declared so far: ${regions.map((r) => `${formatRange(r)} (line ${r.line})`).join(', ')}`;
  const what = area.owner.kind === 'hypervisor' ? 'the hypervisor memory area' : 'memory area';
  return issueOf(
    MEM_AREA_COVERAGE,
    area.line,
    `${what} ${formatRange(area)} is not covered by any memory region: it must lie inside one Region (${known})`,
  );
}

export function checkAreaOverlap(area: AreaEntry, earlier: readonly AreaEntry[]): ConfigIssue | undefined {
  const other = earlier.find((e) => parserOverlap(area, e) && !(area.shared && e.shared));
  if (other === undefined) return undefined;
  return issueOf(
    MEM_OVERLAP,
    area.line,
    `memory area ${formatRange(area)} overlaps ${formatRange(other)} (line ${other.line}), ${describeOwner(other.owner)}: ` +
      'areas may overlap only when both are "shared"',
  );
}

/** The flags check_hpv_mem_area_flags refuses, in the order it tests them. */
const FORBIDDEN_HYPERVISOR_FLAGS = ['shared', 'read-only', 'unmapped'] as const;

export function checkHypervisorAreaFlags(flags: ReadonlySet<string>, line: number): ConfigIssue | undefined {
  const bad = FORBIDDEN_HYPERVISOR_FLAGS.find((f) => flags.has(f));
  if (bad === undefined) return undefined;
  return issueOf(
    MEM_HYP_FLAGS,
    line,
    `the hypervisor memory area may not be "${bad}": remove the flag ` +
      '(shared, read-only and unmapped are refused; uncacheable, rom, flag0-3 and iommu are allowed)',
  );
}

/** Pairs are tested as check_mem_area_per_partition does: each area against the ones after it. */
export function checkVirtualOverlap(
  facts: ArchFacts,
  partition: number,
  areas: readonly AreaEntry[],
): ConfigIssue | undefined {
  for (let i = 0; i < areas.length - 1; i++) {
    const a = areas[i];
    if (a === undefined) continue;
    const va = rangeOf(facts, a.mappedAt, a.size);
    for (let j = i + 1; j < areas.length; j++) {
      const b = areas[j];
      if (b === undefined) continue;
      const vb = rangeOf(facts, b.mappedAt, b.size);
      if (parserOverlap(va, vb)) {
        return issueOf(
          MEM_VIRT_OVERLAP,
          a.line,
          `virtual memory area ${formatRange(va)} overlaps ${formatRange(vb)} (line ${b.line}) in the address space of ` +
            `partition ${partition}: give the areas disjoint mappedAt addresses`,
        );
      }
    }
  }
  return undefined;
}

export function checkAreaStartsDistinct(
  partition: number,
  areas: readonly AreaEntry[],
): ConfigIssue | undefined {
  const dup = firstDuplicateStart(areas);
  if (dup === undefined) return undefined;
  return issueOf(
    MEM_AREA_DUPLICATE,
    dup.parserLine,
    `memory areas at lines ${dup.first.line} and ${dup.second.line} of partition ${partition} both start at ` +
      `${hex(dup.first.start)}: the areas of one partition need distinct start addresses`,
  );
}
