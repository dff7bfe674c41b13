/**
 * Arbitrary valid PRTOS configurations, built from the decoded types (spec/config/types.ts).
 *
 * A generated system has 1–4 CPUs, 1–6 partitions with 1–4 vCPUs each (each vCPU pinned to one
 * CPU and scheduled in at least plan 0 of that CPU, prtos-states §3.7), 1–3 plans per CPU with
 * slot tables that leave gaps, own memory areas, sometimes a read-only area and an area shared
 * by several partitions, some system partitions, HM tables whose overrides are actions the
 * parser permits for that event and level (spec/constants/hmActions.ts), an HM log device, and
 * hardware IRQ lines that are not reserved. It is written out as XML (spec/config/encode.ts) and
 * decoded again, so every node has a real source line and counterexamples are readable files.
 * Validity is by construction; `configArb` users still run the validator as a guard, and a
 * generated configuration that fails it is a bug of this file.
 *
 * Shrinking goes towards fewer CPUs, partitions, vCPUs, plans, slots and overrides.
 */
import fc from 'fast-check';
import type { Arch } from '../../spec/constants/arch.js';
import { PRTOS_LOAD_ADDR, RESERVED } from '../../spec/constants/archParams.js';
import {
  HM_AC,
  HM_ACTIONS,
  hmActionXmlName,
  MAINTENANCE_PLAN_ID,
  permittedActions,
  type HmLevel,
} from '../../spec/constants/hmActions.js';
import { hmEventXmlName, hmMaxEvents } from '../../spec/constants/hmEvents.js';
import type {
  Device,
  HmEventEntry,
  MemoryArea,
  Partition,
  Plan,
  Processor,
  Slot,
  SystemConfig,
} from '../../spec/config/types.js';

/** Choices that shape a system; everything else follows from them. */
export interface ConfigShape {
  readonly arch: Arch;
  readonly cpus: number;
  readonly partitions: readonly PartitionShape[];
  /** Plans per CPU (index = CPU). */
  readonly plans: readonly (readonly PlanShape[])[];
  readonly sharedBy: readonly number[];
  readonly hypervisorHm: readonly HmChoice[];
  readonly hmLogRecords: number;
}

export interface PartitionShape {
  readonly system: boolean;
  readonly vcpus: number;
  /** CPU of each vCPU (index into 0..cpus-1, taken modulo cpus). */
  readonly vcpuCpu: readonly number[];
  readonly readOnlyArea: boolean;
  readonly hm: readonly HmChoice[];
  readonly irqLines: readonly number[];
}

export interface HmChoice {
  readonly event: number;
  readonly action: number;
  readonly log: boolean;
}

export interface PlanShape {
  /** Major frame in units of 100 µs. */
  readonly majorFrame: number;
  /** Slot boundaries as fractions (0..1000) of the major frame, with an owner pick each. */
  readonly slots: readonly { readonly gapBefore: number; readonly length: number; readonly owner: number }[];
}

const KB = 1024;

interface ArchLayout {
  readonly ramStart: number;
  readonly ramSize: number;
  readonly hypervisorSize: number;
  readonly partitionBase: number;
  readonly readOnlyBase: number;
  readonly sharedBase: number;
  readonly hmLogBase: number;
}

function layout(arch: Arch): ArchLayout {
  if (arch === 'x86' || arch === 'amd64') {
    return {
      ramStart: 0,
      ramSize: 512 * KB * KB,
      hypervisorSize: 4 * KB * KB,
      partitionBase: 0x6000000,
      readOnlyBase: 0x10000000,
      sharedBase: 0x12000000,
      hmLogBase: 0x1f000000,
    };
  }
  const ram = arch === 'loongarch64' ? 0 : (PRTOS_LOAD_ADDR[arch] & 0xf0000000) >>> 0;
  return {
    ramStart: ram,
    ramSize: 512 * KB * KB,
    hypervisorSize: 32 * KB * KB,
    partitionBase: ram + 0x6000000,
    readOnlyBase: ram + 0x10000000,
    sharedBase: ram + 0x12000000,
    hmLogBase: ram + 0x1f000000,
  };
}

/**
 * Events that generated runs actually raise, so that overrides of them matter: the page faults
 * of loads and stores outside the partition (x86 PAGE_FAULT and MEM_PROTECTION, riscv64 load and
 * store page faults), the traps of injected faults, and UNEXPECTED_TRAP at hypervisor level.
 */
function likelyEvents(arch: Arch, level: HmLevel): number[] {
  if (level === 'hypervisor') return [5];
  return arch === 'x86' || arch === 'amd64' ? [20, 4, 12, 6, 23] : [11, 12, 10, 6, 14];
}

function hmChoiceArb(arch: Arch, level: HmLevel): fc.Arbitrary<HmChoice> {
  const events = Array.from({ length: hmMaxEvents(arch) }, (_, e) => e).filter(
    (e) => hmEventXmlName(arch, e) !== undefined && permittedActions(arch, level, e).length > 0,
  );
  const likely = likelyEvents(arch, level).filter((e) => events.includes(e));
  const event =
    likely.length > 0
      ? fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...likely) },
          { weight: 1, arbitrary: fc.constantFrom(...events) },
        )
      : fc.constantFrom(...events);
  // PROPAGATE gets a quarter of the picks where permitted: it is the one action that hands a trap
  // back to the guest (through trap_to_vector, REQ-IRQ-21), and a uniform pick among ten actions
  // made that path too rare for the lockstep to see it.
  return fc
    .record({ event, pick: fc.nat(), propagate: fc.nat({ max: 3 }), log: fc.boolean() })
    .map(({ event, pick, propagate, log }) => {
      const actions = permittedActions(arch, level, event);
      const name =
        propagate === 0 && actions.includes('PROPAGATE')
          ? 'PROPAGATE'
          : (actions[pick % actions.length] ?? 'IGNORE');
      return { event, action: HM_AC[name], log };
    });
}

export interface ConfigArbOptions {
  readonly arches?: readonly Arch[];
  readonly maxCpus?: number;
  readonly maxPartitions?: number;
  readonly maxVcpus?: number;
  readonly maxPlans?: number;
}

export function configShapeArb(opts: ConfigArbOptions = {}): fc.Arbitrary<ConfigShape> {
  const arches = opts.arches ?? (['x86', 'riscv64'] as const);
  return fc
    .record({
      arch: fc.constantFrom(...arches),
      cpus: fc.integer({ min: 1, max: opts.maxCpus ?? 4 }),
      nParts: fc.integer({ min: 1, max: opts.maxPartitions ?? 6 }),
    })
    .chain(({ arch, cpus, nParts }) => {
      const reserved = new Set(RESERVED[arch].hwIrqs.map((r) => r.line));
      const freeLines = Array.from({ length: 32 }, (_, l) => l).filter((l) => !reserved.has(l));
      const partition = fc.record({
        system: fc.boolean(),
        vcpus: fc.integer({ min: 1, max: opts.maxVcpus ?? 4 }),
        vcpuCpu: fc.array(fc.nat({ max: 3 }), { minLength: 4, maxLength: 4 }),
        readOnlyArea: fc.boolean(),
        hm: fc.array(hmChoiceArb(arch, 'partition'), { maxLength: 3 }),
        irqLines: fc.subarray(freeLines.slice(0, 8), { maxLength: 2 }),
      });
      const plan = fc.record({
        majorFrame: fc.integer({ min: 10, max: 200 }),
        slots: fc.array(
          fc.record({
            gapBefore: fc.nat({ max: 3 }),
            length: fc.integer({ min: 1, max: 10 }),
            owner: fc.nat(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
      });
      return fc.record({
        arch: fc.constant(arch),
        cpus: fc.constant(cpus),
        partitions: fc.array(partition, { minLength: nParts, maxLength: nParts }),
        plans: fc.array(fc.array(plan, { minLength: 1, maxLength: opts.maxPlans ?? 3 }), {
          minLength: cpus,
          maxLength: cpus,
        }),
        sharedBy: fc.subarray(
          Array.from({ length: nParts }, (_, i) => i),
          { maxLength: nParts },
        ),
        hypervisorHm: fc.array(hmChoiceArb(arch, 'hypervisor'), { maxLength: 2 }),
        hmLogRecords: fc.integer({ min: 0, max: 32 }),
      });
    });
}

/** The configuration a shape describes (valid by construction). */
export function buildConfig(shape: ConfigShape): SystemConfig {
  const { arch, cpus } = shape;
  const lay = layout(arch);
  const line = 0;
  const hmLogRecordSize = arch === 'x86' ? 36 : 52;
  const hmEntry = (c: HmChoice): HmEventEntry => ({
    line,
    event: hmEventXmlName(arch, c.event) ?? 'PRTOS_HM_EV_FATAL_ERROR',
    action: hmActionXmlName(HM_ACTIONS[c.action] ?? 'IGNORE'),
    log: c.log,
  });
  const usesMaintenance =
    shape.partitions.some((p) => p.hm.some((h) => h.action === 10)) ||
    shape.hypervisorHm.some((h) => h.action === 10);
  const shared = shape.sharedBy.length >= 2 ? new Set(shape.sharedBy) : new Set<number>();
  const usedLines = new Set<number>();

  const partitions: Partition[] = shape.partitions.map((p, id) => {
    const areas: MemoryArea[] = [area(lay.partitionBase + id * 0x100000, 64 * KB, [], `p${id}`)];
    if (p.readOnlyArea) areas.push(area(lay.readOnlyBase + id * 0x10000, 16 * KB, ['read-only'], `p${id}ro`));
    if (shared.has(id)) areas.push(area(lay.sharedBase, 16 * KB, ['shared'], 'shared'));
    const lines = p.irqLines.filter((l) => !usedLines.has(l));
    for (const l of lines) usedLines.add(l);
    // One entry per event: the parser keeps the last one for an event, so duplicates only confuse.
    const byEvent = new Map(p.hm.map((h) => [h.event, h]));
    return {
      line,
      id,
      name: `Partition${id}`,
      console: 'Uart',
      flags: p.system ? ['system'] : [],
      hwVirt: false,
      vcpus: p.vcpus,
      areas,
      areasLine: line,
      temporal: undefined,
      healthMonitor: [...byEvent.values()].map(hmEntry),
      ioPorts: [],
      interrupts: lines.length > 0 ? { line, lines } : undefined,
      ports: [],
      trace: undefined,
    };
  });

  const pinned: { part: number; vcpu: number }[][] = Array.from({ length: cpus }, () => []);
  shape.partitions.forEach((p, part) => {
    for (let vcpu = 0; vcpu < p.vcpus; vcpu++) {
      const cpu = (p.vcpuCpu[vcpu] ?? 0) % cpus;
      pinned[cpu]?.push({ part, vcpu });
    }
  });

  const processors: Processor[] = [];
  for (let cpu = 0; cpu < cpus; cpu++) {
    const mine = pinned[cpu] ?? [];
    let plans = shape.plans[cpu] ?? [];
    if (usesMaintenance && plans.length < 2) plans = [...plans, ...(shape.plans[cpu] ?? []).slice(0, 1)];
    if (usesMaintenance && plans.length < 2) plans = [...plans, plans[0] as PlanShape];
    processors.push({
      line,
      id: cpu,
      frequencyKhz: undefined,
      planTableLine: line,
      plans: plans.map((ps, id) => buildPlan(ps, id, mine, id === 0)),
    });
  }
  void MAINTENANCE_PLAN_ID;

  const devices: Device[] = [{ line, kind: 'uart', name: 'Uart', id: 0, baudRate: 115200 }];
  if (shape.hmLogRecords > 0) {
    // Memory blocks are areas too: a whole number of pages (the log keeps (size - 56) / record size).
    const size = Math.ceil((56 + shape.hmLogRecords * hmLogRecordSize) / 4096) * 4096;
    devices.push({ line, kind: 'memoryBlock', name: 'HmLog', start: lay.hmLogBase, size });
  }
  return {
    line,
    arch,
    name: 'generated',
    version: { major: 1, minor: 0, revision: 0 },
    hw: {
      line,
      memoryLayout: [{ line, type: 'ram', start: lay.ramStart, size: lay.ramSize }],
      processors,
      devices,
      devicesLine: line,
    },
    hypervisor: {
      line,
      console: 'Uart',
      healthMonitorDevice: shape.hmLogRecords > 0 ? 'HmLog' : undefined,
      area: { line, size: lay.hypervisorSize, flags: [] },
      healthMonitor: [...new Map(shape.hypervisorHm.map((h) => [h.event, h])).values()].map(hmEntry),
      trace: undefined,
    },
    residentSw: undefined,
    partitions,
    partitionTableLine: line,
    channels: [],
    ipvis: [],
    sectionOrder: ['HwDescription', 'PRTOSHypervisor', 'PartitionTable'],
  };
}

function area(start: number, size: number, flags: MemoryArea['flags'], name: string): MemoryArea {
  return { line: 0, name, start, size, flags, mappedAt: start, mappedAtGiven: false };
}

/**
 * Slots laid out left to right in units of 1/100 of the major frame; owners picked among the
 * vCPUs pinned to this CPU. Plan 0 lists every pinned vCPU at least once so that each vCPU has a
 * CPU (a vCPU in no slot is anomaly A27, not reproducible here).
 */
function buildPlan(
  ps: PlanShape,
  id: number,
  pinned: readonly { part: number; vcpu: number }[],
  isFirst: boolean,
): Plan {
  const maf = ps.majorFrame * 100;
  const unit = maf / 100;
  const slots: Slot[] = [];
  let at = 0;
  const owners = [...pinned];
  const wanted = isFirst ? Math.max(ps.slots.length, owners.length) : ps.slots.length;
  for (let i = 0; i < wanted && owners.length > 0; i++) {
    const s = ps.slots[i % Math.max(1, ps.slots.length)] ?? { gapBefore: 0, length: 1, owner: i };
    const start = at + s.gapBefore * unit;
    const duration = Math.max(1, s.length) * unit;
    if (start + duration > maf) break;
    const owner = isFirst && i < owners.length ? owners[i] : owners[s.owner % owners.length];
    if (owner === undefined) break;
    slots.push({ line: 0, id: slots.length, start, duration, partitionId: owner.part, vcpuId: owner.vcpu });
    at = start + duration;
  }
  // A plan 0 that could not fit every pinned vCPU gets a longer frame rather than losing one.
  if (isFirst && slots.length < owners.length) {
    for (let i = slots.length; i < owners.length; i++) {
      const owner = owners[i] as { part: number; vcpu: number };
      slots.push({
        line: 0,
        id: slots.length,
        start: at,
        duration: unit,
        partitionId: owner.part,
        vcpuId: owner.vcpu,
      });
      at += unit;
    }
    return { line: 0, id, name: `plan${id}`, majorFrame: Math.max(maf, at), slots };
  }
  return { line: 0, id, name: `plan${id}`, majorFrame: maf, slots };
}
