/**
 * prtoscparser's reading of a schema-valid configuration, step for step, up to its first error.
 *
 * user/tools/prtoscparser/main.c:55-76 (`process_xml_tree`) visits the elements in document
 * order; for each element it knows (process_xml.c, the handler tables at the end of each
 * section) it runs, in this order: the element's "begin" handler, the handlers of its
 * attributes in the order the handler table lists them (not the order of the file; schema
 * defaults are present), the "attributes done" handler, the children, the "end" handler. Checks
 * run inside those handlers, against what has been read so far; the end handler of
 * SystemDescription (process_xml.c:870-886) then runs the checks that need the whole document.
 * Elements without a handler (TemporalRequirements, a Null device) are skipped with their
 * children. The first failed check ends the run: `line_error` exits.
 *
 * This module follows the same order over the element tree (for the order and the raw text of
 * attributes) and the decoded configuration (for converted values; the n-th element of a kind
 * under a parent is the n-th decoded node of that kind). Each check is a rule of rules/; the
 * first issue found is returned. The facts of the architecture come from archFacts.ts.
 */
import type { HmEventEntry as DecodedHmEvent, MemoryArea, SystemConfig } from '../types.js';
import { AREA_FLAGS } from '../codecs.js';
import type { XmlElement } from '../xml.js';
import type { ConfigIssue } from '../issues.js';
import { cAtoi, parserListItems, toU32 } from '../units.js';
import { asInt32, rangeOf } from './addr.js';
import { hmEventNumber, type ArchFacts, type HmActionName, type HmLevel } from './archFacts.js';
import * as channels from './rules/channels.js';
import * as devices from './rules/devices.js';
import * as hm from './rules/hm.js';
import * as io from './rules/ioports.js';
import * as irq from './rules/irq.js';
import * as ipvi from './rules/ipvi.js';
import { checkFlagList, checkUnitRange, type UnitKind } from './rules/lexical.js';
import * as memory from './rules/memory.js';
import * as parts from './rules/partitions.js';
import * as sched from './rules/schedule.js';
import type {
  AreaEntry,
  AreaOwner,
  ChannelEndEntry,
  ChannelEntry,
  CpuEntry,
  DeviceNameEntry,
  DeviceRefEntry,
  HmTableEntry,
  IpviEntry,
  IrqEntry,
  PartitionEntry,
  PlanEntry,
  PortEntry,
  RegionEntry,
  SlotEntry,
} from './tables.js';

/** The names conv.c's flag tables know (partition flags, area flags, hypervisor trace classes). */
export const PARTITION_FLAG_NAMES = ['system', 'fp', 'none'] as const;
export const AREA_FLAG_NAMES = AREA_FLAGS;
export const TRACE_CLASS_NAMES = ['HYP_IRQS', 'HYP_HCALLS', 'HYP_SCHED', 'HYP_HM'] as const;

export interface WalkInput {
  readonly tree: XmlElement;
  readonly config: SystemConfig;
  readonly facts: ArchFacts;
  /** Lines in the file (to tell a line of the file from prtoscparser's misplaced numbers). */
  readonly lineCount: number;
}

/** Thrown inside the walk to stop at the first error, as `line_error` exits. */
class FirstError {
  constructor(readonly issue: ConfigIssue) {}
}

function stopOn(issue: ConfigIssue | undefined): void {
  if (issue !== undefined) throw new FirstError(issue);
}

/** Returns prtoscparser's first error on a schema-valid configuration, or undefined if it accepts it. */
export function firstParserError(input: WalkInput): ConfigIssue | undefined {
  try {
    new ParserWalk(input).run();
    return undefined;
  } catch (e) {
    if (e instanceof FirstError) return e.issue;
    throw e;
  }
}

/** The mutable tables of one run (tables.ts describes them). */
interface PartitionBuild {
  /** Filled as the partition's attributes are read. */
  readonly entry: { -readonly [K in keyof PartitionEntry]: PartitionEntry[K] };
  readonly areas: AreaEntry[];
  readonly ports: PortEntry[];
  readonly hm: HmTableEntry & { actions: HmActionName[] };
  console: DeviceRefEntry | undefined;
  trace: DeviceRefEntry | undefined;
}

interface HypervisorRefs {
  console: DeviceRefEntry | undefined;
  trace: DeviceRefEntry | undefined;
  healthMonitor: DeviceRefEntry | undefined;
}

class ParserWalk {
  private readonly facts: ArchFacts;
  private readonly regions: RegionEntry[] = [];
  private readonly areas: AreaEntry[] = [];
  private readonly cpus: { line: number; plans: PlanEntry[] }[] = [];
  private readonly partitions: PartitionBuild[] = [];
  private readonly devices: DeviceNameEntry[] = [];
  private readonly hyp: HypervisorRefs = { console: undefined, trace: undefined, healthMonitor: undefined };
  private readonly hmTables: HmTableEntry[] = [];
  private readonly irqOwners = new Map<number, IrqEntry>();
  private readonly channels: ChannelEntry[] = [];
  private readonly ends: ChannelEndEntry[] = [];
  private readonly ipvis: IpviEntry[] = [];
  /** The event number of the last Event read, anywhere (process_xml.c:93 `hm_slot_number`). */
  private hmSlot = 0;

  constructor(private readonly input: WalkInput) {
    this.facts = input.facts;
  }

  run(): void {
    const { tree, config } = this.input;
    // The handlers of SystemDescription's children (process_xml.c:893), in document order.
    const sections: Readonly<Record<string, (el: XmlElement) => void>> = {
      HwDescription: (el) => this.hwDescription(el, config),
      PRTOSHypervisor: (el) => this.hypervisor(el, config),
      ResidentSw: (el) => {
        for (const list of elementsNamed(el, 'PhysicalMemoryAreas')) {
          this.areaList(list, config.residentSw?.areas ?? [], { kind: 'residentSw' });
        }
      },
      PartitionTable: (el) => this.partitionTable(el, config),
      Channels: (el) => this.channelsSection(el, config),
    };
    for (const child of tree.children) sections[child.name]?.(child);
    this.endOfDocument(config);
  }

  // ---- HwDescription ------------------------------------------------------------------------

  private hwDescription(el: XmlElement, config: SystemConfig): void {
    for (const child of el.children) {
      if (child.name === 'MemoryLayout') this.memoryLayout(child, config);
      else if (child.name === 'ProcessorTable') this.processorTable(child, config);
      else if (child.name === 'Devices') this.devicesTable(child, config);
    }
  }

  private memoryLayout(el: XmlElement, config: SystemConfig): void {
    elementsNamed(el, 'Region').forEach((regionEl, i) => {
      const region = config.hw.memoryLayout[i];
      if (region === undefined) return;
      this.unit(regionEl, 'size', 'size', region.size);
      const entry: RegionEntry = {
        line: regionEl.line,
        size: region.size,
        ...rangeOf(this.facts, region.start, region.size),
      };
      stopOn(memory.checkRegionAlignment(this.facts, entry));
      stopOn(memory.checkRegionSize(this.facts, entry));
      stopOn(memory.checkRegionOverlap(entry, this.regions));
      this.regions.push(entry);
    });
  }

  private processorTable(el: XmlElement, config: SystemConfig): void {
    elementsNamed(el, 'Processor').forEach((procEl, cpu) => {
      const proc = config.hw.processors[cpu];
      if (proc === undefined) return;
      stopOn(sched.checkCpuCount(this.facts, cpu + 1, procEl.line));
      stopOn(sched.checkCpuId(proc.id, cpu, procEl.line));
      if (proc.frequencyKhz !== undefined) this.unit(procEl, 'frequency', 'frequency', proc.frequencyKhz);
      const entry = { line: procEl.line, plans: [] as PlanEntry[] };
      this.cpus.push(entry);
      for (const table of elementsNamed(procEl, 'CyclicPlanTable')) {
        elementsNamed(table, 'Plan').forEach((planEl, index) => {
          const plan = proc.plans[index];
          if (plan === undefined) return;
          stopOn(sched.checkPlanId(cpu, plan.id, index, planEl.line));
          this.unit(planEl, 'majorFrame', 'time', plan.majorFrame);
          const slots: SlotEntry[] = [];
          elementsNamed(planEl, 'Slot').forEach((slotEl, k) => {
            const slot = plan.slots[k];
            if (slot === undefined) return;
            stopOn(sched.checkSlotId(slot.id, k, slotEl.line));
            this.unit(slotEl, 'start', 'time', slot.start);
            this.unit(slotEl, 'duration', 'time', slot.duration);
            slots.push({
              line: slotEl.line,
              index: k,
              start: slot.start,
              end: (slot.start + slot.duration) >>> 0,
              partitionId: slot.partitionId,
              vcpuId: slot.vcpuId,
            });
          });
          const planEntry: PlanEntry = { line: planEl.line, cpu, index, majorFrame: plan.majorFrame, slots };
          slots.forEach((slot, k) => {
            stopOn(sched.checkSlotOrder(slot, slots[k - 1]));
            stopOn(sched.checkSlotInMajorFrame(slot, planEntry));
          });
          entry.plans.push(planEntry);
        });
      }
    });
  }

  private devicesTable(el: XmlElement, config: SystemConfig): void {
    this.devices.push({ name: 'Null', line: el.line });
    el.children.forEach((devEl, i) => {
      const device = config.hw.devices[i];
      if (device === undefined) return;
      switch (device.kind) {
        case 'memoryBlock': {
          this.registerDevice(device.name, devEl.line);
          this.unit(devEl, 'size', 'size', device.size);
          this.area(
            devEl,
            { start: device.start, size: device.size, shared: true, mappedAt: device.start },
            {
              kind: 'memoryBlock',
              device: device.name,
            },
          );
          break;
        }
        case 'uart':
          stopOn(devices.checkUartId(this.facts, device.id, devEl.line));
          this.registerDevice(device.name, devEl.line);
          break;
        case 'vga':
          this.registerDevice(device.name, devEl.line);
          break;
        case 'null':
          break;
      }
    });
  }

  private registerDevice(name: string, line: number): void {
    stopOn(devices.checkDeviceName(name, line, this.devices));
    this.devices.push({ name, line });
  }

  // ---- memory areas -------------------------------------------------------------------------

  /** check_phys_mem_area: the checks of one area against what has been read, then it is added. */
  private area(
    el: XmlElement,
    a: { start: number; size: number; shared: boolean; mappedAt: number },
    owner: AreaOwner,
  ): AreaEntry {
    const entry: AreaEntry = {
      line: el.line,
      size: a.size,
      mappedAt: BigInt(a.mappedAt),
      shared: a.shared,
      owner,
      ...rangeOf(this.facts, a.start, a.size),
    };
    stopOn(memory.checkAreaAlignment(this.facts, entry));
    stopOn(memory.checkAreaSize(this.facts, entry, this.input.lineCount));
    stopOn(memory.checkAreaReserved(this.facts, entry));
    stopOn(memory.checkAreaCoverage(entry, this.regions));
    stopOn(memory.checkAreaOverlap(entry, this.areas));
    this.areas.push(entry);
    return entry;
  }

  /** The `Area` elements of a PhysicalMemoryAreas list (resident software or a partition). */
  private areaList(list: XmlElement, decoded: readonly MemoryArea[], owner: AreaOwner): AreaEntry[] {
    return elementsNamed(list, 'Area').flatMap((areaEl, i) => {
      const a = decoded[i];
      if (a === undefined) return [];
      this.unit(areaEl, 'size', 'size', a.size);
      this.flags(areaEl, 'flags', AREA_FLAG_NAMES, 'none');
      const shared = a.flags.includes('shared');
      return [this.area(areaEl, { start: a.start, size: a.size, shared, mappedAt: a.mappedAt }, owner)];
    });
  }

  // ---- PRTOSHypervisor ----------------------------------------------------------------------

  private hypervisor(el: XmlElement, config: SystemConfig): void {
    const hyp = config.hypervisor;
    const table = this.newHmTable('hypervisor', 'the hypervisor');
    this.hyp.console = deviceRef(el, 'console', 'the hypervisor console');
    this.hyp.healthMonitor = deviceRef(el, 'healthMonitorDevice', 'the hypervisor health-monitor device');
    let flags: { set: ReadonlySet<string>; line: number } = { set: new Set(), line: el.line };
    for (const child of el.children) {
      if (child.name === 'PhysicalMemoryArea') {
        this.unit(child, 'size', 'size', hyp.area.size);
        if (child.attributes.has('flags')) {
          this.flags(child, 'flags', AREA_FLAG_NAMES, undefined);
          flags = { set: new Set(hyp.area.flags), line: child.line };
        }
        this.area(
          child,
          {
            start: this.facts.hypervisorLoadAddress,
            size: hyp.area.size,
            shared: hyp.area.flags.includes('shared'),
            mappedAt: 0,
          },
          { kind: 'hypervisor' },
        );
      } else if (child.name === 'HealthMonitor') {
        this.healthMonitor(child, hyp.healthMonitor, table);
      } else if (child.name === 'Trace') {
        this.hyp.trace = deviceRef(child, 'device', 'the hypervisor trace device');
        this.flags(child, 'bitmask', TRACE_CLASS_NAMES, undefined);
      }
    }
    stopOn(memory.checkHypervisorAreaFlags(flags.set, flags.line));
  }

  // ---- health monitor -----------------------------------------------------------------------

  private newHmTable(level: HmLevel, owner: string): HmTableEntry & { actions: HmActionName[] } {
    const defaults = level === 'partition' ? this.facts.hm.partitionDefault : this.facts.hm.hypervisorDefault;
    const table = { level, owner, actions: [...defaults] };
    this.hmTables.push(table);
    return table;
  }

  private healthMonitor(
    el: XmlElement,
    decoded: readonly DecodedHmEvent[],
    table: HmTableEntry & { actions: HmActionName[] },
  ): void {
    elementsNamed(el, 'Event').forEach((eventEl, i) => {
      const ev = decoded[i];
      if (ev === undefined) return;
      // The begin handler checks the slot of the *previous* Event against this table
      // (process_xml.c:114-120); defaults are always permitted, so it can only repeat a check.
      this.hmCheck(table, this.hmSlot, eventEl.line);
      stopOn(hm.checkHmEvent(this.facts, ev.event, eventEl.line));
      this.hmSlot = hmEventNumber(this.facts, ev.event) ?? 0;
      table.actions[this.hmSlot] = ev.action as HmActionName;
      this.hmCheck(table, this.hmSlot, eventEl.line);
    });
  }

  private hmCheck(table: HmTableEntry, event: number, line: number): void {
    const action = table.actions[event] ?? 'PRTOS_HM_AC_IGNORE';
    stopOn(hm.checkHmAction(this.facts, table.level, event, action, line));
  }

  // ---- PartitionTable -----------------------------------------------------------------------

  private partitionTable(el: XmlElement, config: SystemConfig): void {
    elementsNamed(el, 'Partition').forEach((partEl, index) => {
      const p = config.partitions[index];
      if (p === undefined) return;
      const build: PartitionBuild = {
        entry: { index, line: partEl.line, name: undefined, vcpus: 1 },
        areas: [],
        ports: [],
        hm: this.newHmTable('partition', `partition ${index}`),
        console: undefined,
        trace: undefined,
      };
      this.partitions.push(build);
      stopOn(parts.checkPartitionId(p.id, index, partEl.line));
      if (p.name !== undefined) {
        stopOn(parts.checkPartitionName(p.name, partEl.line, this.knownNames(), config.line));
        build.entry.name = { value: p.name, line: partEl.line };
      }
      build.console = deviceRef(partEl, 'console', `the console of partition ${index}`);
      this.flags(partEl, 'flags', PARTITION_FLAG_NAMES, 'none');
      build.entry.vcpus = p.vcpus;
      stopOn(parts.checkVcpuCount(this.facts, index, p.vcpus, partEl.line));
      for (const child of partEl.children) {
        switch (child.name) {
          case 'PhysicalMemoryAreas':
            build.areas.push(...this.areaList(child, p.areas, { kind: 'partition', partition: index }));
            break;
          case 'HealthMonitor':
            this.healthMonitor(child, p.healthMonitor, build.hm);
            break;
          case 'Trace':
            build.trace = deviceRef(child, 'device', `the trace device of partition ${index}`);
            break;
          case 'HwResources':
            this.hwResources(child, index);
            break;
          case 'PortTable':
            elementsNamed(child, 'Port').forEach((portEl, k) => {
              const port = p.ports[k];
              if (port === undefined) return;
              const entry: PortEntry = {
                line: portEl.line,
                name: port.name,
                direction: port.direction,
                type: port.type,
              };
              stopOn(channels.checkPortName(entry, build.ports));
              build.ports.push(entry);
            });
            break;
        }
      }
      stopOn(memory.checkVirtualOverlap(this.facts, index, build.areas));
    });
  }

  /** Every partition read so far with the name prtoscparser holds for it; the current one last. */
  private knownNames(): parts.KnownPartitionName[] {
    return this.partitions.map((b) => ({
      partition: b.entry.index,
      name: b.entry.name?.value ?? this.input.config.name,
      line: b.entry.name?.line,
      named: b.entry.name !== undefined,
    }));
  }

  private hwResources(el: XmlElement, partition: number): void {
    for (const child of el.children) {
      if (child.name === 'IoPorts') this.ioPorts(child);
      else if (child.name === 'Interrupts') this.interrupts(child, partition);
    }
  }

  private ioPorts(el: XmlElement): void {
    stopOn(io.checkIoPortsSupported(this.facts, el.line));
    for (const child of el.children) {
      if (child.name === 'Restricted') stopOn(io.checkNotRestricted(child.line));
      else if (child.name === 'Range') {
        const base = toU32(child.attributes.get('base') ?? '0x0', 16);
        const count = toU32(child.attributes.get('noPorts') ?? '1', 10);
        stopOn(io.checkIoRange(this.facts, { line: child.line, base, count }));
      }
    }
  }

  private interrupts(el: XmlElement, partition: number): void {
    for (const item of parserListItems(el.attributes.get('lines') ?? '')) {
      const line = cAtoi(item);
      stopOn(irq.checkIrqRange(this.facts, line, el.line));
      stopOn(irq.checkIrqFree(line, el.line, this.irqOwners));
      stopOn(irq.checkIrqNotReserved(this.facts, line, el.line));
      this.irqOwners.set(line, { irq: line, line: el.line, partition });
    }
  }

  // ---- Channels -----------------------------------------------------------------------------

  private channelsSection(el: XmlElement, config: SystemConfig): void {
    let channel = 0;
    let ipviIndex = 0;
    for (const child of el.children) {
      if (child.name === 'Ipvi') {
        const decoded = config.ipvis[ipviIndex++];
        if (decoded !== undefined) this.ipvi(child, decoded.id, decoded.sourceId);
        continue;
      }
      const decoded = config.channels[channel];
      if (decoded === undefined) continue;
      this.unit(child, 'maxMessageLength', 'size', decoded.maxMessageLength);
      if (decoded.kind === 'sampling') this.unit(child, 'validPeriod', 'time', decoded.validPeriod);
      this.channels.push({ line: child.line, kind: decoded.kind });
      const destinations = decoded.kind === 'sampling' ? decoded.destinations : [decoded.destination];
      let d = 0;
      for (const endEl of child.children) {
        const end = endEl.name === 'Source' ? decoded.source : destinations[d++];
        if (end === undefined) continue;
        this.ends.push({
          line: endEl.line,
          channel,
          direction: endEl.name === 'Source' ? 'source' : 'destination',
          partitionId: end.partitionId,
          partitionName: end.partitionName,
          portName: end.portName,
        });
      }
      channel++;
    }
  }

  private ipvi(el: XmlElement, id: number, sourceId: number): void {
    stopOn(ipvi.checkIpviId(this.facts, id, el.line));
    const text = el.attributes.get('destinationId') ?? '';
    const destinations: number[] = [];
    for (const item of parserListItems(text)) {
      const d = asInt32(toU32(item, 10));
      stopOn(ipvi.checkIpviDestinationOnce(d, destinations, text, el.line));
      destinations.push(d);
    }
    this.ipvis.push({ line: el.line, sourceId: asInt32(sourceId), destinations });
  }

  // ---- end of the document ------------------------------------------------------------------

  private endOfDocument(config: SystemConfig): void {
    const partitions = this.partitions.length;
    stopOn(
      parts.checkKthreads(
        this.facts,
        this.partitions.map((p) => p.entry.vcpus),
        config.partitionTableLine,
      ),
    );
    const plans = this.cpus.flatMap((c) => c.plans);
    for (const plan of plans)
      for (const slot of plan.slots) stopOn(sched.checkSlotPartition(slot, plan, partitions));
    for (const plan of plans) {
      for (const slot of plan.slots) {
        stopOn(sched.checkSlotVcpu(slot, plan, this.partitions[slot.partitionId]?.entry.vcpus ?? 0));
      }
    }
    stopOn(sched.checkVcpuOnOneCpu(this.cpus as readonly CpuEntry[]));
    this.linkDevices();
    this.linkChannels(config);
    for (const v of this.ipvis) {
      stopOn(ipvi.checkIpviSource(v, partitions));
      stopOn(ipvi.checkIpviDestinations(v, partitions));
    }
    stopOn(hm.checkMaintenancePlan(this.hmTables, this.cpus));
    for (const p of this.partitions) stopOn(memory.checkAreaStartsDistinct(p.entry.index, p.areas));
    stopOn(memory.checkRegionStartsDistinct(this.regions));
  }

  private linkDevices(): void {
    const refs = [
      this.hyp.console,
      this.hyp.trace,
      this.hyp.healthMonitor,
      ...this.partitions.flatMap((p) => [p.console, p.trace]),
    ];
    for (const ref of refs) if (ref !== undefined) stopOn(devices.checkDeviceKnown(ref, this.devices));
  }

  private linkChannels(config: SystemConfig): void {
    for (const end of this.ends) {
      stopOn(channels.checkEndPartition(end, this.partitions.length));
      const p = this.partitions[end.partitionId];
      if (p === undefined) continue;
      stopOn(channels.checkEndPartitionName(end, p.entry.name?.value ?? config.name));
      const port = p.ports.find((x) => x.name === end.portName);
      stopOn(channels.checkEndPort(end, port, p.ports));
      const channel = this.channels[end.channel];
      if (port === undefined || channel === undefined) continue;
      stopOn(channels.checkEndType(end, channel, port));
      stopOn(channels.checkEndDirection(end, port));
    }
  }

  // ---- attribute conversions ----------------------------------------------------------------

  private unit(el: XmlElement, attribute: string, kind: UnitKind, value: number): void {
    const text = el.attributes.get(attribute);
    stopOn(checkUnitRange(kind, attribute, text ?? String(value), value, el.line));
  }

  private flags(
    el: XmlElement,
    attribute: string,
    known: readonly string[],
    schemaDefault: string | undefined,
  ): void {
    const text = el.attributes.get(attribute) ?? schemaDefault;
    if (text !== undefined) stopOn(checkFlagList(attribute, text, known, el.line));
  }
}

function elementsNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** A device named by an attribute; "NULL" means none and is never looked up (prtos_conf.c:83-85). */
function deviceRef(el: XmlElement, attribute: string, user: string): DeviceRefEntry | undefined {
  const name = el.attributes.get(attribute);
  if (name === undefined || name === 'NULL') return undefined;
  return { name, line: el.line, user };
}
