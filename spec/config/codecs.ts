/**
 * The PRTOS configuration schema as io-ts codecs, one per element type, per architecture.
 *
 * This mirrors user/tools/prtoscparser/prtos_conf.xsd.in after the C preprocessor has made it
 * architecture-specific (the tool is built per architecture): the health-monitor event names,
 * the `Vga` device (x86 and amd64 only) and the number of hardware IRQ lines differ. Element
 * order rules follow the XSD exactly: `HwDescription` is a *sequence* (MemoryLayout,
 * ProcessorTable, Devices — in that order, all three required); `SystemDescription`,
 * `PRTOSHypervisor`, `Partition`, `HwResources` and `QueuingChannel` are *all* groups (any order,
 * each at most once); a `SamplingChannel` is one `Source` followed by one or more `Destination`.
 * The decoded values are the types of types.ts.
 */
import type { Arch } from '../constants/arch.js';
import type { XmlElement } from './xml.js';
import {
  EMPTY,
  UNBOUNDED,
  all,
  choice,
  defaulted,
  el,
  elementCodec,
  optional,
  required,
  seq,
  type ElementCodec,
} from './elementCodec.js';
import {
  FreqUnit,
  Hex,
  IdString,
  IdT,
  PositiveInteger,
  SizeUnit,
  TimeUnit,
  Version,
  XsBoolean,
  Yntf,
  enumeration,
  hwIrqId,
  list,
} from './simpleTypes.js';
import { cAtoi, parserListItems, toU32 } from './units.js';
import type {
  AreaFlag,
  Channel,
  ChannelEnd,
  Device,
  HmEventEntry,
  HwDescription,
  HypervisorConfig,
  IoPort,
  Ipvi,
  MemoryArea,
  MemoryRegion,
  Partition,
  PartitionFlag,
  Plan,
  PortDecl,
  Processor,
  Slot,
  SystemConfig,
  TopLevelSection,
} from './types.js';

/** Event names the XSD enumerates, per architecture (`hmString_t`). */
const GENERIC_HM_EVENTS = [
  'PRTOS_HM_EV_FATAL_ERROR',
  'PRTOS_HM_EV_SYSTEM_ERROR',
  'PRTOS_HM_EV_PARTITION_ERROR',
  // Listed by the XSD but unknown to the parser (negative case HM04): the schema accepts it.
  'PRTOS_HM_EV_WATCHDOG_TIMER',
  'PRTOS_HM_EV_FP_ERROR',
  'PRTOS_HM_EV_MEM_PROTECTION',
  'PRTOS_HM_EV_UNEXPECTED_TRAP',
] as const;

const X86_TRAP_EVENTS = [
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
  'X87_FPU_ERROR',
  'ALIGNMENT_CHECK',
  'MACHINE_CHECK',
  'SIMD_FLOATING_POINT',
].map((n) => `PRTOS_HM_EV_X86_${n}`);

const ARM_TRAP_EVENTS = [
  'UNDEF_INSTR',
  'PREFETCH_ABORT',
  'DATA_ABORT',
  'DATA_ALIGNMENT_FAULT',
  'DATA_BACKGROUND_FAULT',
  'DATA_PERMISSION_FAULT',
  'INSTR_ALIGNMENT_FAULT',
  'INSTR_BACKGROUND_FAULT',
  'INSTR_PERMISSION_FAULT',
].map((n) => `PRTOS_HM_EV_ARM_${n}`);

const RISCV_LIKE = [
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

export function schemaHmEventNames(arch: Arch): readonly string[] {
  switch (arch) {
    case 'x86':
    case 'amd64':
      return [...GENERIC_HM_EVENTS, ...X86_TRAP_EVENTS];
    case 'aarch64':
      return [...GENERIC_HM_EVENTS, ...ARM_TRAP_EVENTS];
    case 'riscv64':
      return [...GENERIC_HM_EVENTS, ...RISCV_LIKE.map((n) => `PRTOS_HM_EV_RISCV_${n}`)];
    case 'loongarch64':
      return [...GENERIC_HM_EVENTS, ...RISCV_LIKE.map((n) => `PRTOS_HM_EV_LOONGARCH_${n}`)];
  }
}

export const HM_ACTION_NAMES = [
  'PRTOS_HM_AC_IGNORE',
  'PRTOS_HM_AC_SHUTDOWN',
  'PRTOS_HM_AC_PARTITION_COLD_RESET',
  'PRTOS_HM_AC_PARTITION_WARM_RESET',
  'PRTOS_HM_AC_HYPERVISOR_COLD_RESET',
  'PRTOS_HM_AC_HYPERVISOR_WARM_RESET',
  'PRTOS_HM_AC_SUSPEND',
  'PRTOS_HM_AC_PARTITION_HALT',
  'PRTOS_HM_AC_HYPERVISOR_HALT',
  'PRTOS_HM_AC_PROPAGATE',
  'PRTOS_HM_AC_SWITCH_TO_MAINTENANCE',
] as const;

/** Area flag names of the XSD (`memAreaFlags_t`); prtoscparser's flag table has the same (conv.c:430-487). */
export const AREA_FLAGS = [
  'unmapped',
  'shared',
  'read-only',
  'uncacheable',
  'rom',
  'flag0',
  'flag1',
  'flag2',
  'flag3',
  'iommu',
  'none',
] as const;
const AreaFlags = list('memAreaFlagsList_t', enumeration('memAreaFlags_t', AREA_FLAGS));
const PartitionFlags = list(
  'partitionFlagsList_t',
  enumeration('partitionFlags_t', ['system', 'fp', 'none'] as const),
);
const ProcessorFeatures = list(
  'processorFeaturesList_t',
  enumeration('processorFeatures_t', ['none'] as const),
);
const TraceHypClasses = list(
  'traceHypList_t',
  enumeration('traceHyp_t', ['HYP_IRQS', 'HYP_HCALLS', 'HYP_SCHED', 'HYP_HM'] as const),
);
const IdList = list('idList_t', IdT);

/** "none" is a flag value meaning "no flag"; it contributes nothing (conv.c flag tables map it to 0). */
function realAreaFlags(flags: readonly (AreaFlag | 'none')[]): AreaFlag[] {
  return flags.filter((f): f is AreaFlag => f !== 'none');
}

/** Parameters of the preprocessed schema that differ per architecture. */
export interface SchemaParams {
  readonly arch: Arch;
  /** CONFIG_NO_HWIRQS: 32 in every shipped defconfig. */
  readonly noHwIrqs: number;
  readonly hasVga: boolean;
}

export function schemaParams(arch: Arch): SchemaParams {
  return { arch, noHwIrqs: 32, hasVga: arch === 'x86' || arch === 'amd64' };
}

/** Builds the codec of a whole `SystemDescription` for one architecture. */
export function systemDescriptionCodec(params: SchemaParams): ElementCodec<SystemConfig> {
  const HmEvent = enumeration('hmString_t', schemaHmEventNames(params.arch));
  const HmAction = enumeration('hmAction_t', HM_ACTION_NAMES);

  const region = elementCodec(
    'Region',
    {
      attrs: {
        type: required(enumeration('memRegion_t', ['ram', 'rom'] as const)),
        start: required(Hex),
        size: required(SizeUnit),
      },
      children: {},
      model: EMPTY,
    },
    (a, _c, e): MemoryRegion => ({ line: e.line, type: a.type, start: a.start, size: a.size }),
  );

  const memoryLayout = elementCodec(
    'MemoryLayout',
    { attrs: {}, children: { Region: region }, model: seq([el('Region')], 1, UNBOUNDED) },
    (_a, c) => c.Region,
  );

  const slot = elementCodec(
    'Slot',
    {
      attrs: {
        id: required(IdT),
        start: required(TimeUnit),
        duration: required(TimeUnit),
        partitionId: required(IdT),
        vCpuId: defaulted(IdT, '0'),
      },
      children: {},
      model: EMPTY,
    },
    (a, _c, e): Slot => ({
      line: e.line,
      id: a.id,
      start: a.start,
      duration: a.duration,
      partitionId: a.partitionId,
      vcpuId: a.vCpuId,
    }),
  );

  const plan = elementCodec(
    'Plan',
    {
      attrs: { name: optional(IdString), id: required(IdT), majorFrame: defaulted(TimeUnit, '0s') },
      children: { Slot: slot },
      model: seq([el('Slot')], 0, UNBOUNDED),
    },
    (a, c, e): Plan => ({ line: e.line, id: a.id, name: a.name, majorFrame: a.majorFrame, slots: c.Slot }),
  );

  const cyclicPlanTable = elementCodec(
    'CyclicPlanTable',
    { attrs: {}, children: { Plan: plan }, model: seq([el('Plan')], 1, UNBOUNDED) },
    (_a, c, e) => ({ line: e.line, plans: c.Plan }),
  );

  const processor = elementCodec(
    'Processor',
    {
      attrs: {
        id: required(IdT),
        frequency: optional(FreqUnit),
        features: defaulted(ProcessorFeatures, 'none'),
      },
      children: { CyclicPlanTable: cyclicPlanTable },
      model: choice([el('CyclicPlanTable')]),
    },
    (a, c, e): Processor => {
      const table = c.CyclicPlanTable[0];
      return {
        line: e.line,
        id: a.id,
        frequencyKhz: a.frequency,
        plans: table?.plans ?? [],
        planTableLine: table?.line ?? e.line,
      };
    },
  );

  const processorTable = elementCodec(
    'ProcessorTable',
    { attrs: {}, children: { Processor: processor }, model: seq([el('Processor')], 1, 256) },
    (_a, c) => c.Processor,
  );

  const memoryBlock = elementCodec(
    'MemoryBlock',
    {
      attrs: { name: required(IdString), start: required(Hex), size: required(SizeUnit) },
      children: {},
      model: EMPTY,
    },
    (a, _c, e): Device => ({ line: e.line, kind: 'memoryBlock', name: a.name, start: a.start, size: a.size }),
  );
  const uart = elementCodec(
    'Uart',
    {
      attrs: { name: required(IdString), id: required(IdString), baudRate: required(PositiveInteger) },
      children: {},
      model: EMPTY,
    },
    // The XSD types a UART id as a string; prtoscparser reads it with strtoul (process_xml.c:406-409).
    (a, _c, e): Device => ({
      line: e.line,
      kind: 'uart',
      name: a.name,
      id: uartIndex(a.id),
      baudRate: a.baudRate,
    }),
  );
  const vga = elementCodec(
    'Vga',
    { attrs: { name: required(IdString) }, children: {}, model: EMPTY },
    (a, _c, e): Device => ({ line: e.line, kind: 'vga', name: a.name }),
  );
  const nullDevice = elementCodec(
    'Null',
    { attrs: { name: optional(IdString) }, children: {}, model: EMPTY },
    (a, _c, e): Device => ({ line: e.line, kind: 'null', name: a.name }),
  );
  const deviceChoices = [
    el('MemoryBlock', 0),
    el('Uart', 0),
    ...(params.hasVga ? [el('Vga', 0)] : []),
    el('Null', 0),
  ];
  const devices = elementCodec(
    'Devices',
    {
      attrs: {},
      children: params.hasVga
        ? { MemoryBlock: memoryBlock, Uart: uart, Vga: vga, Null: nullDevice }
        : { MemoryBlock: memoryBlock, Uart: uart, Null: nullDevice },
      model: seq([choice(deviceChoices)], 0, UNBOUNDED),
    },
    (_a, c, e) => ({ line: e.line, devices: inDocumentOrder(e, c as Record<string, readonly Device[]>) }),
  );

  const hwDescription = elementCodec(
    'HwDescription',
    {
      attrs: {},
      children: { MemoryLayout: memoryLayout, ProcessorTable: processorTable, Devices: devices },
      model: seq([el('MemoryLayout'), el('ProcessorTable'), el('Devices')]),
    },
    (_a, c, e): HwDescription => ({
      line: e.line,
      memoryLayout: c.MemoryLayout[0] ?? [],
      processors: c.ProcessorTable[0] ?? [],
      devices: c.Devices[0]?.devices ?? [],
      devicesLine: c.Devices[0]?.line ?? e.line,
    }),
  );

  const area = elementCodec(
    'Area',
    {
      attrs: {
        name: optional(IdString),
        start: required(Hex),
        size: required(SizeUnit),
        flags: defaulted(AreaFlags, 'none'),
        mappedAt: optional(Hex),
      },
      children: {},
      model: EMPTY,
    },
    (a, _c, e): MemoryArea => ({
      line: e.line,
      name: a.name,
      start: a.start,
      size: a.size,
      flags: realAreaFlags(a.flags),
      mappedAt: a.mappedAt ?? a.start,
      mappedAtGiven: a.mappedAt !== undefined,
    }),
  );
  const physicalMemoryAreas = elementCodec(
    'PhysicalMemoryAreas',
    { attrs: {}, children: { Area: area }, model: seq([el('Area')], 1, UNBOUNDED) },
    (_a, c, e) => ({ line: e.line, areas: c.Area }),
  );

  const event = elementCodec(
    'Event',
    {
      attrs: { name: required(HmEvent), action: required(HmAction), log: required(Yntf) },
      children: {},
      model: EMPTY,
    },
    (a, _c, e): HmEventEntry => ({ line: e.line, event: a.name, action: a.action, log: a.log }),
  );
  const healthMonitor = elementCodec(
    'HealthMonitor',
    { attrs: {}, children: { Event: event }, model: seq([el('Event')], 1, UNBOUNDED) },
    (_a, c) => c.Event,
  );

  const hypTrace = elementCodec(
    'Trace',
    { attrs: { device: required(IdString), bitmask: required(TraceHypClasses) }, children: {}, model: EMPTY },
    (a, _c, e) => ({ line: e.line, device: a.device, classes: a.bitmask }),
  );
  const hypArea = elementCodec(
    'PhysicalMemoryArea',
    { attrs: { size: required(SizeUnit), flags: optional(AreaFlags) }, children: {}, model: EMPTY },
    (a, _c, e) => ({ line: e.line, size: a.size, flags: realAreaFlags(a.flags ?? []) }),
  );
  const hypervisor = elementCodec(
    'PRTOSHypervisor',
    {
      attrs: { console: optional(IdString), healthMonitorDevice: optional(IdString) },
      children: { PhysicalMemoryArea: hypArea, HealthMonitor: healthMonitor, Trace: hypTrace },
      model: all([
        { name: 'PhysicalMemoryArea', min: 1 },
        { name: 'HealthMonitor', min: 0 },
        { name: 'Trace', min: 0 },
      ]),
    },
    (a, c, e): HypervisorConfig => ({
      line: e.line,
      console: a.console,
      healthMonitorDevice: a.healthMonitorDevice,
      area: c.PhysicalMemoryArea[0] ?? { line: e.line, size: 0, flags: [] },
      healthMonitor: c.HealthMonitor[0] ?? [],
      trace: c.Trace[0],
    }),
  );

  const residentSw = elementCodec(
    'ResidentSw',
    {
      attrs: {},
      children: { PhysicalMemoryAreas: physicalMemoryAreas },
      model: all([{ name: 'PhysicalMemoryAreas', min: 1 }]),
    },
    (_a, c, e) => ({ line: e.line, areas: c.PhysicalMemoryAreas[0]?.areas ?? [] }),
  );

  const temporal = elementCodec(
    'TemporalRequirements',
    { attrs: { period: required(TimeUnit), duration: required(TimeUnit) }, children: {}, model: EMPTY },
    (a, _c, e) => ({ line: e.line, period: a.period, duration: a.duration }),
  );
  const range = elementCodec(
    'Range',
    { attrs: { base: required(Hex), noPorts: required(PositiveInteger) }, children: {}, model: EMPTY },
    (a, _c, e): IoPort => ({ line: e.line, kind: 'range', base: a.base, count: a.noPorts }),
  );
  const restricted = elementCodec(
    'Restricted',
    { attrs: { address: required(Hex), mask: defaulted(Hex, '0x0') }, children: {}, model: EMPTY },
    (a, _c, e): IoPort => ({ line: e.line, kind: 'restricted', address: a.address, mask: a.mask }),
  );
  const ioPorts = elementCodec(
    'IoPorts',
    {
      attrs: {},
      children: { Range: range, Restricted: restricted },
      model: seq([choice([el('Range'), el('Restricted')])], 0, UNBOUNDED),
    },
    (_a, c, e): IoPort[] => inDocumentOrder(e, c),
  );
  const interrupts = elementCodec(
    'Interrupts',
    {
      attrs: { lines: required(list('hwIrqIdList_t', hwIrqId(params.noHwIrqs))) },
      children: {},
      model: EMPTY,
    },
    // The schema checks the items of an xs:list; PRTOS gets what to_hw_irq_lines reads (units.ts).
    (_a, _c, e) => ({ line: e.line, lines: parserListItems(e.attributes.get('lines') ?? '').map(cAtoi) }),
  );
  const hwResources = elementCodec(
    'HwResources',
    {
      attrs: {},
      children: { IoPorts: ioPorts, Interrupts: interrupts },
      model: all([
        { name: 'IoPorts', min: 0 },
        { name: 'Interrupts', min: 0 },
      ]),
    },
    (_a, c) => ({ ioPorts: c.IoPorts[0] ?? [], interrupts: c.Interrupts[0] }),
  );
  const port = elementCodec(
    'Port',
    {
      attrs: {
        name: required(IdString),
        direction: required(enumeration('direction_t', ['source', 'destination'] as const)),
        type: required(enumeration('portType_t', ['queuing', 'sampling'] as const)),
      },
      children: {},
      model: EMPTY,
    },
    (a, _c, e): PortDecl => ({ line: e.line, name: a.name, direction: a.direction, type: a.type }),
  );
  const portTable = elementCodec(
    'PortTable',
    { attrs: {}, children: { Port: port }, model: seq([el('Port')], 0, UNBOUNDED) },
    (_a, c) => c.Port,
  );
  const partTrace = elementCodec(
    'Trace',
    { attrs: { device: required(IdString), bitmask: required(Hex) }, children: {}, model: EMPTY },
    (a, _c, e) => ({ line: e.line, device: a.device, bitmask: a.bitmask }),
  );
  const partition = elementCodec(
    'Partition',
    {
      attrs: {
        id: required(IdT),
        name: optional(IdString),
        console: optional(IdString),
        flags: defaulted(PartitionFlags, 'none'),
        hw_virt: defaulted(XsBoolean, 'false'),
        noVCpus: defaulted(PositiveInteger, '1'),
      },
      children: {
        PhysicalMemoryAreas: physicalMemoryAreas,
        TemporalRequirements: temporal,
        HealthMonitor: healthMonitor,
        HwResources: hwResources,
        PortTable: portTable,
        Trace: partTrace,
      },
      model: all([
        { name: 'PhysicalMemoryAreas', min: 1 },
        { name: 'TemporalRequirements', min: 0 },
        { name: 'HealthMonitor', min: 0 },
        { name: 'HwResources', min: 0 },
        { name: 'PortTable', min: 0 },
        { name: 'Trace', min: 0 },
      ]),
    },
    (a, c, e): Partition => ({
      line: e.line,
      id: a.id,
      name: a.name,
      console: a.console,
      flags: a.flags.filter((f): f is PartitionFlag => f !== 'none'),
      hwVirt: a.hw_virt,
      vcpus: a.noVCpus,
      areas: c.PhysicalMemoryAreas[0]?.areas ?? [],
      areasLine: c.PhysicalMemoryAreas[0]?.line ?? e.line,
      temporal: c.TemporalRequirements[0],
      healthMonitor: c.HealthMonitor[0] ?? [],
      ioPorts: c.HwResources[0]?.ioPorts ?? [],
      interrupts: c.HwResources[0]?.interrupts,
      ports: c.PortTable[0] ?? [],
      trace: c.Trace[0],
    }),
  );
  const partitionTable = elementCodec(
    'PartitionTable',
    { attrs: {}, children: { Partition: partition }, model: seq([el('Partition')], 1, UNBOUNDED) },
    (_a, c, e) => ({ line: e.line, partitions: c.Partition }),
  );

  const channelEnd = (name: 'Source' | 'Destination') =>
    elementCodec(
      name,
      {
        attrs: {
          partitionId: required(IdT),
          partitionName: optional(IdString),
          portName: required(IdString),
        },
        children: {},
        model: EMPTY,
      },
      (a, _c, e): ChannelEnd => ({
        line: e.line,
        partitionId: a.partitionId,
        partitionName: a.partitionName,
        portName: a.portName,
      }),
    );
  const source = channelEnd('Source');
  const destination = channelEnd('Destination');
  const samplingChannel = elementCodec(
    'SamplingChannel',
    {
      attrs: { maxMessageLength: required(SizeUnit), validPeriod: defaulted(TimeUnit, '0s') },
      children: { Source: source, Destination: destination },
      model: seq([choice([el('Source')]), seq([choice([el('Destination')])], 1, UNBOUNDED)]),
    },
    (a, c, e): Channel => ({
      line: e.line,
      kind: 'sampling',
      maxMessageLength: a.maxMessageLength,
      validPeriod: a.validPeriod,
      source: c.Source[0] ?? { line: e.line, partitionId: 0, partitionName: undefined, portName: '' },
      destinations: c.Destination,
    }),
  );
  const queuingChannel = elementCodec(
    'QueuingChannel',
    {
      attrs: { maxMessageLength: required(SizeUnit), maxNoMessages: required(PositiveInteger) },
      children: { Source: source, Destination: destination },
      model: all([
        { name: 'Source', min: 1 },
        { name: 'Destination', min: 1 },
      ]),
    },
    (a, c, e): Channel => ({
      line: e.line,
      kind: 'queuing',
      maxMessageLength: a.maxMessageLength,
      maxMessages: a.maxNoMessages,
      source: c.Source[0] ?? { line: e.line, partitionId: 0, partitionName: undefined, portName: '' },
      destination: c.Destination[0] ?? {
        line: e.line,
        partitionId: 0,
        partitionName: undefined,
        portName: '',
      },
    }),
  );
  const ipvi = elementCodec(
    'Ipvi',
    {
      attrs: { id: required(IdT), sourceId: required(IdT), destinationId: required(IdList) },
      children: {},
      model: EMPTY,
    },
    // As for IRQ lines: the destinations are what process_id_list reads, an empty item being 0.
    (a, _c, e): Ipvi => ({
      line: e.line,
      id: a.id,
      sourceId: a.sourceId,
      destinationIds: parserListItems(e.attributes.get('destinationId') ?? '').map((item) => toU32(item, 10)),
    }),
  );
  const channels = elementCodec(
    'Channels',
    {
      attrs: {},
      children: { SamplingChannel: samplingChannel, QueuingChannel: queuingChannel, Ipvi: ipvi },
      model: seq([choice([el('Ipvi'), el('SamplingChannel'), el('QueuingChannel')])], 0, UNBOUNDED),
    },
    // Sampling and queuing channels share one id space, in document order.
    (_a, c, e) => ({
      channels: inDocumentOrder(e, { SamplingChannel: c.SamplingChannel, QueuingChannel: c.QueuingChannel }),
      ipvis: c.Ipvi,
    }),
  );

  return elementCodec(
    'SystemDescription',
    {
      attrs: { version: required(Version), name: required(IdString) },
      children: {
        HwDescription: hwDescription,
        PRTOSHypervisor: hypervisor,
        ResidentSw: residentSw,
        PartitionTable: partitionTable,
        Channels: channels,
      },
      model: all([
        { name: 'HwDescription', min: 1 },
        { name: 'PRTOSHypervisor', min: 1 },
        { name: 'ResidentSw', min: 0 },
        { name: 'PartitionTable', min: 1 },
        { name: 'Channels', min: 0 },
      ]),
    },
    (a, c, e): SystemConfig => {
      const hw = c.HwDescription[0];
      const hyp = c.PRTOSHypervisor[0];
      const table = c.PartitionTable[0];
      if (hw === undefined || hyp === undefined || table === undefined) {
        // Unreachable: the content model requires all three.
        throw new Error('SystemDescription decoded without a required section');
      }
      return {
        line: e.line,
        arch: params.arch,
        name: a.name,
        version: a.version,
        hw,
        hypervisor: hyp,
        residentSw: c.ResidentSw[0],
        partitions: table.partitions,
        partitionTableLine: table.line,
        channels: c.Channels[0]?.channels ?? [],
        ipvis: c.Channels[0]?.ipvis ?? [],
        sectionOrder: e.children.map((x) => x.name as TopLevelSection),
      };
    },
  );
}

/**
 * Children decoded per element name, put back in document order (only the names in `byName`).
 * Used where the position across kinds matters (device table, channel ids, I/O port list).
 */
function inDocumentOrder<A>(e: XmlElement, byName: Readonly<Record<string, readonly A[]>>): A[] {
  const next: Record<string, number> = {};
  const out: A[] = [];
  for (const child of e.children) {
    const list = byName[child.name];
    if (list === undefined) continue;
    const i = next[child.name] ?? 0;
    next[child.name] = i + 1;
    const value = list[i];
    if (value !== undefined) out.push(value);
  }
  return out;
}

/**
 * `strtoul(id, 10)` of a UART's id attribute narrowed to 32 bits, as prtoscparser reads it: a
 * sign is honoured ("-1" wraps to 0xffffffff) and an overlong number saturates.
 */
function uartIndex(id: string): number {
  return toU32(id, 10);
}
