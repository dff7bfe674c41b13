/**
 * A decoded configuration written back as PRTOS XML.
 *
 * Generated configurations (properties/) and shrunk counterexamples are kept as XML files, so
 * that a user can read them, validate them with prtoscparser, and run them with `prtos-ref run`.
 * Values are written in units that convert back exactly (µs times as `<n>us`, byte sizes as
 * `<n>B`, kHz frequencies as `<n>KHz`), and every optional attribute equal to its schema default is
 * left out. `decodeConfig(encodeConfig(c))` gives `c` back, apart from source lines.
 */
import type {
  Channel,
  ChannelEnd,
  Device,
  HmEventEntry,
  IoPort,
  MemoryArea,
  Partition,
  Plan,
  Processor,
  SystemConfig,
} from './types.js';

const NS = 'http://www.prtos.org/prtos-1.x';

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/>/g, '&gt;');
}

const hex = (n: number): string => `0x${n.toString(16)}`;
const us = (n: number): string => `${n}us`;
const bytes = (n: number): string => `${n}B`;

function attrs(pairs: readonly (readonly [string, string | undefined])[]): string {
  return pairs
    .filter((p): p is readonly [string, string] => p[1] !== undefined)
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');
}

class Writer {
  readonly #lines: string[] = [];
  #depth = 0;
  line(s: string): void {
    this.#lines.push(`${'    '.repeat(this.#depth)}${s}`);
  }
  open(tag: string, a = ''): void {
    this.line(`<${tag}${a}>`);
    this.#depth++;
  }
  close(tag: string): void {
    this.#depth--;
    this.line(`</${tag}>`);
  }
  empty(tag: string, a = ''): void {
    this.line(`<${tag}${a} />`);
  }
  text(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}

function areaAttrs(a: MemoryArea): string {
  return attrs([
    ['name', a.name],
    ['start', hex(a.start)],
    ['size', bytes(a.size)],
    ['flags', a.flags.length > 0 ? a.flags.join(' ') : undefined],
    ['mappedAt', a.mappedAtGiven ? hex(a.mappedAt) : undefined],
  ]);
}

function writeAreas(w: Writer, tag: string, areas: readonly MemoryArea[]): void {
  w.open(tag);
  for (const a of areas) w.empty('Area', areaAttrs(a));
  w.close(tag);
}

function writeHm(w: Writer, entries: readonly HmEventEntry[]): void {
  if (entries.length === 0) return;
  w.open('HealthMonitor');
  for (const e of entries) {
    w.empty(
      'Event',
      attrs([
        ['name', e.event],
        ['action', e.action],
        ['log', e.log ? 'yes' : 'no'],
      ]),
    );
  }
  w.close('HealthMonitor');
}

function writePlan(w: Writer, p: Plan): void {
  w.open(
    'Plan',
    attrs([
      ['name', p.name],
      ['id', String(p.id)],
      ['majorFrame', us(p.majorFrame)],
    ]),
  );
  for (const s of p.slots) {
    w.empty(
      'Slot',
      attrs([
        ['id', String(s.id)],
        ['start', us(s.start)],
        ['duration', us(s.duration)],
        ['partitionId', String(s.partitionId)],
        ['vCpuId', s.vcpuId === 0 ? undefined : String(s.vcpuId)],
      ]),
    );
  }
  w.close('Plan');
}

function writeProcessor(w: Writer, p: Processor): void {
  w.open(
    'Processor',
    attrs([
      ['id', String(p.id)],
      ['frequency', p.frequencyKhz === undefined ? undefined : `${p.frequencyKhz}KHz`],
    ]),
  );
  w.open('CyclicPlanTable');
  for (const plan of p.plans) writePlan(w, plan);
  w.close('CyclicPlanTable');
  w.close('Processor');
}

function writeDevice(w: Writer, d: Device): void {
  switch (d.kind) {
    case 'memoryBlock':
      w.empty(
        'MemoryBlock',
        attrs([
          ['name', d.name],
          ['start', hex(d.start)],
          ['size', bytes(d.size)],
        ]),
      );
      return;
    case 'uart':
      w.empty(
        'Uart',
        attrs([
          ['id', String(d.id)],
          ['baudRate', String(d.baudRate)],
          ['name', d.name],
        ]),
      );
      return;
    case 'vga':
      w.empty('Vga', attrs([['name', d.name]]));
      return;
    case 'null':
      w.empty('Null', attrs([['name', d.name]]));
      return;
  }
}

function writeIoPort(w: Writer, p: IoPort): void {
  if (p.kind === 'range')
    w.empty(
      'Range',
      attrs([
        ['base', hex(p.base)],
        ['noPorts', String(p.count)],
      ]),
    );
  else
    w.empty(
      'Restricted',
      attrs([
        ['address', hex(p.address)],
        ['mask', p.mask === 0 ? undefined : hex(p.mask)],
      ]),
    );
}

function writePartition(w: Writer, p: Partition): void {
  w.open(
    'Partition',
    attrs([
      ['id', String(p.id)],
      ['name', p.name],
      ['flags', p.flags.length > 0 ? p.flags.join(' ') : undefined],
      ['console', p.console],
      ['hw_virt', p.hwVirt ? 'true' : undefined],
      ['noVCpus', p.vcpus === 1 ? undefined : String(p.vcpus)],
    ]),
  );
  writeAreas(w, 'PhysicalMemoryAreas', p.areas);
  if (p.temporal !== undefined) {
    w.empty(
      'TemporalRequirements',
      attrs([
        ['period', us(p.temporal.period)],
        ['duration', us(p.temporal.duration)],
      ]),
    );
  }
  writeHm(w, p.healthMonitor);
  if (p.ioPorts.length > 0 || p.interrupts !== undefined) {
    w.open('HwResources');
    if (p.ioPorts.length > 0) {
      w.open('IoPorts');
      for (const io of p.ioPorts) writeIoPort(w, io);
      w.close('IoPorts');
    }
    if (p.interrupts !== undefined) w.empty('Interrupts', attrs([['lines', p.interrupts.lines.join(' ')]]));
    w.close('HwResources');
  }
  if (p.ports.length > 0) {
    w.open('PortTable');
    for (const port of p.ports) {
      w.empty(
        'Port',
        attrs([
          ['name', port.name],
          ['direction', port.direction],
          ['type', port.type],
        ]),
      );
    }
    w.close('PortTable');
  }
  if (p.trace !== undefined)
    w.empty(
      'Trace',
      attrs([
        ['device', p.trace.device],
        ['bitmask', hex(p.trace.bitmask)],
      ]),
    );
  w.close('Partition');
}

function endAttrs(e: ChannelEnd): string {
  return attrs([
    ['partitionId', String(e.partitionId)],
    ['partitionName', e.partitionName],
    ['portName', e.portName],
  ]);
}

function writeChannel(w: Writer, c: Channel): void {
  if (c.kind === 'sampling') {
    w.open(
      'SamplingChannel',
      attrs([
        ['maxMessageLength', bytes(c.maxMessageLength)],
        ['validPeriod', us(c.validPeriod)],
      ]),
    );
    w.empty('Source', endAttrs(c.source));
    for (const d of c.destinations) w.empty('Destination', endAttrs(d));
    w.close('SamplingChannel');
  } else {
    w.open(
      'QueuingChannel',
      attrs([
        ['maxMessageLength', bytes(c.maxMessageLength)],
        ['maxNoMessages', String(c.maxMessages)],
      ]),
    );
    w.empty('Source', endAttrs(c.source));
    w.empty('Destination', endAttrs(c.destination));
    w.close('QueuingChannel');
  }
}

/** The configuration as PRTOS XML text (sections in the order PRTOS examples use). */
export function encodeConfig(c: SystemConfig, comment?: string): string {
  const w = new Writer();
  w.line('<?xml version="1.0"?>');
  if (comment !== undefined) w.line(`<!-- ${comment.replace(/--/g, '- -')} -->`);
  const v = c.version;
  w.open(
    'SystemDescription',
    attrs([
      ['xmlns', NS],
      ['version', `${v.major}.${v.minor}.${v.revision}`],
      ['name', c.name],
    ]),
  );
  w.open('HwDescription');
  w.open('MemoryLayout');
  for (const r of c.hw.memoryLayout)
    w.empty(
      'Region',
      attrs([
        ['type', r.type],
        ['start', hex(r.start)],
        ['size', bytes(r.size)],
      ]),
    );
  w.close('MemoryLayout');
  w.open('ProcessorTable');
  for (const p of c.hw.processors) writeProcessor(w, p);
  w.close('ProcessorTable');
  w.open('Devices');
  for (const d of c.hw.devices) writeDevice(w, d);
  w.close('Devices');
  w.close('HwDescription');
  const h = c.hypervisor;
  w.open(
    'PRTOSHypervisor',
    attrs([
      ['console', h.console],
      ['healthMonitorDevice', h.healthMonitorDevice],
    ]),
  );
  w.empty(
    'PhysicalMemoryArea',
    attrs([
      ['size', bytes(h.area.size)],
      ['flags', h.area.flags.length > 0 ? h.area.flags.join(' ') : undefined],
    ]),
  );
  writeHm(w, h.healthMonitor);
  if (h.trace !== undefined)
    w.empty(
      'Trace',
      attrs([
        ['device', h.trace.device],
        ['bitmask', h.trace.classes.join(' ')],
      ]),
    );
  w.close('PRTOSHypervisor');
  if (c.residentSw !== undefined) {
    w.open('ResidentSw');
    writeAreas(w, 'PhysicalMemoryAreas', c.residentSw.areas);
    w.close('ResidentSw');
  }
  w.open('PartitionTable');
  for (const p of c.partitions) writePartition(w, p);
  w.close('PartitionTable');
  if (c.channels.length > 0 || c.ipvis.length > 0) {
    w.open('Channels');
    for (const ch of c.channels) writeChannel(w, ch);
    for (const i of c.ipvis) {
      w.empty(
        'Ipvi',
        attrs([
          ['id', String(i.id)],
          ['sourceId', String(i.sourceId)],
          ['destinationId', i.destinationIds.join(' ')],
        ]),
      );
    }
    w.close('Channels');
  }
  w.close('SystemDescription');
  return w.text();
}
