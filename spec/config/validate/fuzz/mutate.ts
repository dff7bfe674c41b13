/**
 * Mutations of a valid configuration, described as data so that fast-check can generate and
 * shrink them and a seed reproduces them.
 *
 * The kinds follow issue 4: drop, duplicate, reorder and rename elements, insert elements
 * that belong (or do not belong) where they are put, change attribute values to values of the
 * same kind (boundary values, values taken from elsewhere in the same file so that ids and
 * addresses collide, values in forms the schema and prtoscparser read differently: double
 * spaces in lists, a tab as `&#9;`, 64-bit addresses), remove attributes, and write start tags
 * over several lines. Indices are taken modulo what exists, so every mutation applies to every
 * tree.
 */
import { ARCHES } from '../../../constants/arch.js';
import { HM_ACTION_NAMES, schemaHmEventNames } from '../../codecs.js';
import { allElements, cloneElement, type MutableElement } from './tree.js';

export type Mutation =
  | {
      readonly kind: 'setAttribute';
      readonly target: number;
      readonly attribute: number;
      readonly choice: number;
    }
  | { readonly kind: 'removeAttribute'; readonly target: number; readonly attribute: number }
  | { readonly kind: 'drop'; readonly target: number }
  | { readonly kind: 'duplicate'; readonly target: number }
  | { readonly kind: 'swap'; readonly target: number; readonly other: number }
  | { readonly kind: 'insert'; readonly target: number; readonly template: number; readonly position: number }
  | { readonly kind: 'rename'; readonly target: number; readonly choice: number }
  | { readonly kind: 'multiline'; readonly target: number };

const pick = <T>(xs: readonly T[], n: number): T | undefined =>
  xs.length === 0 ? undefined : xs[n % xs.length];

/** Values already in the document, so that mutations make ids, names and addresses collide. */
interface Pools {
  readonly hex: string[];
  readonly sizes: string[];
  readonly times: string[];
  readonly names: string[];
  readonly devices: string[];
  readonly ports: string[];
  readonly irqs: string[];
}

function poolsOf(root: MutableElement): Pools {
  const pools: Pools = { hex: [], sizes: [], times: [], names: [], devices: [], ports: [], irqs: [] };
  for (const { el } of allElements(root)) {
    for (const [k, v] of el.attributes) {
      if (/^0x/i.test(v)) pools.hex.push(v);
      if (k === 'size' || k === 'maxMessageLength') pools.sizes.push(v);
      if (
        ['start', 'duration', 'majorFrame', 'validPeriod'].includes(k) &&
        el.name !== 'Area' &&
        el.name !== 'Region'
      )
        pools.times.push(v);
      if (k === 'name' && el.name === 'Partition') pools.names.push(v);
      if (k === 'name' && el.name === 'SystemDescription') pools.names.push(v);
      if (k === 'name' && ['Uart', 'Vga', 'MemoryBlock'].includes(el.name)) pools.devices.push(v);
      if (k === 'name' && el.name === 'Port') pools.ports.push(v);
      if (k === 'portName') pools.ports.push(v);
      if (k === 'lines') pools.irqs.push(...v.split(' '));
    }
  }
  return pools;
}

function shiftHex(v: string, delta: bigint): string {
  const n = /^0x[0-9a-f]+$/i.test(v) ? BigInt(v) : 0n;
  const r = n + delta;
  return `0x${(r < 0n ? 0n : r).toString(16)}`;
}

/** Every event name of every architecture's schema, so that events of other ports are tried too. */
const HM_EVENTS: readonly string[] = [...new Set(ARCHES.flatMap((a) => schemaHmEventNames(a)))];
const HM_ACTIONS: readonly string[] = HM_ACTION_NAMES;

const ADDRESS_SPECIALS = [
  '0x0',
  '0x100',
  '0x1000',
  '0x1000000',
  '0x1400000',
  '0x8000000',
  '0x84000000',
  '0x40100000',
  '0xfec00000',
  '0xfed00000',
  '0xfee00000',
  '0xfffff000',
  '0xffffffff',
  '0x100000000',
  '0x106000000',
  '6000000',
  '0X1000',
];
const IO_SPECIALS = [
  '0x1f',
  '0x20',
  '0x21',
  '0x22',
  '0x9f',
  '0xa0',
  '0xa1',
  '0x3f7',
  '0x3f8',
  '0x3fc',
  '0x3fd',
  '0x60',
  '0x2f8',
];
const SIZE_SPECIALS = [
  '0B',
  '1B',
  '16B',
  '4KB',
  '6KB',
  '8KB',
  '1MB',
  '0.5MB',
  '1.5MB',
  '2MB',
  '32MB',
  '4095MB',
  '4096MB',
  '5000MB',
  '4294967294B',
  '4294967295B',
  '1M',
];
const TIME_SPECIALS = [
  '0s',
  '0ms',
  '1us',
  '250us',
  '500ms',
  '1000ms',
  '1500ms',
  '1s',
  '1.5S',
  '2s',
  '4294s',
  '4295s',
  '5000s',
  '4294967294us',
  '4294967295us',
  '1500',
];
const ID_SPECIALS = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '7',
  '8',
  '9',
  '255',
  '4294967295',
  '4294967296',
  '-1',
  '+1',
  ' 1',
  '01',
  'x',
];
const LIST_SPECIALS = [
  '1',
  '4',
  '2',
  '0',
  '24',
  '26',
  '27',
  '31',
  '32',
  '1 1',
  '1  3',
  ' 5',
  '5 ',
  '',
  '1 3 5',
  '1&#9;3',
  'x',
];
const DEST_SPECIALS = ['0', '1', '2', '1 2', '1 1', '0 1 2', '1  2', ' 1', '2 ', '5', '', '4294967295'];

/** Candidate values for an attribute, given where it is and what the document holds. */
function candidates(el: MutableElement, attr: string, current: string, pools: Pools): string[] {
  const near = (deltas: bigint[]) => deltas.map((d) => shiftHex(current, d));
  switch (attr) {
    case 'start':
    case 'mappedAt':
    case 'address':
      if (el.name === 'Slot') return [current, ...TIME_SPECIALS, ...pools.times];
      return [
        current,
        ...near([0x1000n, -0x1000n, 0x100n, 0x100000n, -0x100000n, 0x100000000n]),
        ...ADDRESS_SPECIALS,
        ...pools.hex,
      ];
    case 'base':
      return [current, ...near([1n, -1n, 2n, 4n]), ...IO_SPECIALS];
    case 'size':
    case 'maxMessageLength':
      return [current, ...SIZE_SPECIALS, ...pools.sizes];
    case 'majorFrame':
    case 'duration':
    case 'validPeriod':
    case 'period':
      return [current, ...TIME_SPECIALS, ...pools.times];
    case 'frequency':
      return [current, '1.5MHz', '100MHz', '32KHz', '4294967MHz', '4294968MHz', '1Hz'];
    case 'id':
      if (el.name === 'Uart') return [current, '0', '1', '2', '-1', 'x', '4294967296'];
      return [current, ...ID_SPECIALS];
    case 'partitionId':
    case 'vCpuId':
    case 'sourceId':
      return [current, ...ID_SPECIALS];
    case 'noVCpus':
      return [current, '1', '2', '3', '4', '5', '0', '4294967297', '-1'];
    case 'noPorts':
      return [current, '1', '2', '3', '4', '16', '0'];
    case 'maxNoMessages':
      return [current, '1', '16', '0', '4294967297'];
    case 'baudRate':
      return [current, '115200', '0', '9600'];
    case 'name':
      if (el.name === 'Event') return [current, ...HM_EVENTS, 'PRTOS_HM_EV_BOGUS'];
      return [current, ...pools.names, ...pools.devices, 'Null', 'NULL', '', ' ', 'Other'];
    case 'console':
    case 'device':
    case 'healthMonitorDevice':
      return [current, ...pools.devices, 'Null', 'NULL', 'null', 'Disk', ''];
    case 'portName':
      return [current, ...pools.ports, 'nope'];
    case 'partitionName':
      return [current, ...pools.names, 'Nobody'];
    case 'flags':
      if (el.name === 'Partition')
        return [
          current,
          'system',
          'fp',
          'none',
          'system fp',
          'system  fp',
          ' system',
          'system ',
          '',
          'supervisor',
          'system\tfp',
        ];
      return [
        current,
        'shared',
        'read-only',
        'unmapped',
        'uncacheable',
        'rom',
        'iommu',
        'flag0',
        'none',
        'shared rom',
        'none shared',
        'shared  rom',
        ' shared',
        'exec',
        '',
        'read-only unmapped',
        'shared\tuncacheable',
      ];
    case 'bitmask':
      if (el.name === 'Trace' && /^0x/.test(current)) return [current, '0x0', '0x1', 'zz'];
      return [current, 'HYP_IRQS', 'HYP_IRQS HYP_HM', 'HYP_IRQS  HYP_HM', '', 'BAD'];
    case 'lines':
      return [
        current,
        ...LIST_SPECIALS.map((v) => v.replace('&#9;', '\t')),
        ...pools.irqs,
        `${current} ${pick(pools.irqs, current.length) ?? '1'}`,
      ];
    case 'destinationId':
      return [current, ...DEST_SPECIALS];
    case 'type':
      if (el.name === 'Region') return [current, 'ram', 'rom', 'flash'];
      return [current, 'queuing', 'sampling', 'mailbox'];
    case 'direction':
      return [current, 'source', 'destination', 'in'];
    case 'action':
      return [current, ...HM_ACTIONS, 'PRTOS_HM_AC_BOGUS'];
    case 'log':
      return [current, 'yes', 'no', 'true', 'false', 'YES'];
    case 'hw_virt':
      return [current, 'true', 'false', '1', '0', 'yes', ' true '];
    case 'version':
      return [current, '1.0.0', '1.0', 'a.b.c'];
    case 'features':
      return [current, 'none', 'fpu'];
    case 'mask':
      return [current, '0x0', '0xff'];
    default:
      return [current, '', 'x'];
  }
}

/** Elements the mutations insert, keyed by the parent they belong under (others go anywhere). */
const TEMPLATES: readonly { readonly parent: string; readonly xml: MutableElement }[] = [
  t('MemoryLayout', 'Region', { type: 'ram', start: '0x20000000', size: '16MB' }),
  t('MemoryLayout', 'Region', { type: 'rom', start: '0x0', size: '4KB' }),
  t('MemoryLayout', 'Region', { type: 'ram', start: '0x0', size: '0B' }),
  t('MemoryLayout', 'Region', { type: 'ram', start: '0x80000000', size: '1024MB' }),
  t('PhysicalMemoryAreas', 'Area', { start: '0x6000000', size: '1MB' }),
  t('PhysicalMemoryAreas', 'Area', { start: '0x7000000', size: '64KB', flags: 'shared' }),
  t('PhysicalMemoryAreas', 'Area', { start: '0x7100000', size: '4KB', mappedAt: '0x6000000' }),
  t('PhysicalMemoryAreas', 'Area', {
    start: '0x7000000',
    size: '64KB',
    flags: 'shared',
    mappedAt: '0x9000000',
  }),
  t('PhysicalMemoryAreas', 'Area', { start: '0xfec00000', size: '4KB', flags: 'uncacheable' }),
  t('Plan', 'Slot', { id: '9', start: '0ms', duration: '10ms', partitionId: '0' }),
  t('Plan', 'Slot', { id: '1', start: '900ms', duration: '50ms', partitionId: '1', vCpuId: '1' }),
  t('CyclicPlanTable', 'Plan', { id: '1', majorFrame: '1s' }, [
    t('', 'Slot', { id: '0', start: '0ms', duration: '100ms', partitionId: '0' }).xml,
  ]),
  t('ProcessorTable', 'Processor', { id: '1' }, [
    t('', 'CyclicPlanTable', {}, [t('', 'Plan', { id: '0', majorFrame: '1s' }).xml]).xml,
  ]),
  t('HealthMonitor', 'Event', {
    name: 'PRTOS_HM_EV_PARTITION_ERROR',
    action: 'PRTOS_HM_AC_SWITCH_TO_MAINTENANCE',
    log: 'yes',
  }),
  t('HealthMonitor', 'Event', { name: 'PRTOS_HM_EV_FATAL_ERROR', action: 'PRTOS_HM_AC_IGNORE', log: 'no' }),
  t('HealthMonitor', 'Event', {
    name: 'PRTOS_HM_EV_UNEXPECTED_TRAP',
    action: 'PRTOS_HM_AC_PROPAGATE',
    log: 'yes',
  }),
  t('Partition', 'HealthMonitor', {}, [
    t('', 'Event', { name: 'PRTOS_HM_EV_MEM_PROTECTION', action: 'PRTOS_HM_AC_SUSPEND', log: 'yes' }).xml,
  ]),
  t('Partition', 'HealthMonitor', {}, [
    t('', 'Event', { name: 'PRTOS_HM_EV_FP_ERROR', action: 'PRTOS_HM_AC_SWITCH_TO_MAINTENANCE', log: 'no' })
      .xml,
  ]),
  t('PRTOSHypervisor', 'HealthMonitor', {}, [
    t('', 'Event', { name: 'PRTOS_HM_EV_SYSTEM_ERROR', action: 'PRTOS_HM_AC_HYPERVISOR_HALT', log: 'yes' })
      .xml,
  ]),
  t('PortTable', 'Port', { name: 'portX', direction: 'source', type: 'sampling' }),
  t('Partition', 'PortTable', {}, [
    t('', 'Port', { name: 'portY', direction: 'destination', type: 'queuing' }).xml,
  ]),
  t('Partition', 'HwResources', {}, [t('', 'Interrupts', { lines: '3' }).xml]),
  t('Partition', 'HwResources', {}, [t('', 'Interrupts', { lines: '5 7' }).xml]),
  t('HwResources', 'Interrupts', { lines: '3 4' }),
  t('HwResources', 'IoPorts', {}, [t('', 'Range', { base: '0x60', noPorts: '4' }).xml]),
  t('IoPorts', 'Restricted', { address: '0x70' }),
  t('IoPorts', 'Range', { base: '0x3f8', noPorts: '2' }),
  t('Partition', 'Trace', { device: 'Uart', bitmask: '0x1' }),
  t('Partition', 'TemporalRequirements', { period: '1s', duration: '100ms' }),
  t('PRTOSHypervisor', 'Trace', { device: 'Uart', bitmask: 'HYP_IRQS' }),
  t('Devices', 'Uart', { id: '1', baudRate: '115200', name: 'Uart1' }),
  t('Devices', 'MemoryBlock', { name: 'MB', start: '0x6000000', size: '64KB' }),
  t('Devices', 'Vga', { name: 'Vga' }),
  t('Devices', 'Null', { name: 'Foo' }),
  t('Channels', 'Ipvi', { id: '1', sourceId: '0', destinationId: '1' }),
  t('Channels', 'Ipvi', { id: '8', sourceId: '1', destinationId: '0  1' }),
  t('Channels', 'SamplingChannel', { maxMessageLength: '16B' }, [
    t('', 'Source', { partitionId: '0', portName: 'portX' }).xml,
    t('', 'Destination', { partitionId: '1', portName: 'portX' }).xml,
  ]),
  t('Channels', 'QueuingChannel', { maxMessageLength: '16B', maxNoMessages: '4' }, [
    t('', 'Destination', { partitionId: '1', portName: 'portY' }).xml,
    t('', 'Source', { partitionId: '0', portName: 'portY' }).xml,
  ]),
  t('SystemDescription', 'ResidentSw', {}, [
    t('', 'PhysicalMemoryAreas', {}, [t('', 'Area', { start: '0x1800000', size: '64KB' }).xml]).xml,
  ]),
  t('SystemDescription', 'Channels', {}, [t('', 'Ipvi', { id: '0', sourceId: '0', destinationId: '0' }).xml]),
];

function t(parent: string, name: string, attrs: Record<string, string>, children: MutableElement[] = []) {
  return { parent, xml: { name, attributes: Object.entries(attrs), children, text: '', multiline: false } };
}

const RENAMES: Readonly<Record<string, readonly string[]>> = {
  SamplingChannel: ['QueuingChannel'],
  QueuingChannel: ['SamplingChannel'],
  Source: ['Destination'],
  Destination: ['Source'],
  Uart: ['Vga', 'Null', 'MemoryBlock'],
  Vga: ['Uart', 'Null'],
  Null: ['Vga'],
  MemoryBlock: ['Uart'],
  Range: ['Restricted'],
  Restricted: ['Range'],
  Area: ['PhysicalMemoryArea'],
  PhysicalMemoryArea: ['Area'],
  Trace: ['Interrupts'],
  PhysicalMemoryAreas: ['TemporalRequirements'],
};

/** Applies one mutation in place (the root is never dropped, duplicated or renamed). */
export function applyMutation(root: MutableElement, m: Mutation): void {
  const all = allElements(root);
  const entry = all[m.target % all.length];
  if (entry === undefined) return;
  const { el, parent } = entry;
  switch (m.kind) {
    case 'setAttribute': {
      const a = el.attributes[m.attribute % Math.max(1, el.attributes.length)];
      if (a === undefined) return;
      const value = pick(candidates(el, a[0], a[1], poolsOf(root)), m.choice);
      if (value !== undefined) a[1] = value;
      return;
    }
    case 'removeAttribute':
      if (el.attributes.length > 0) el.attributes.splice(m.attribute % el.attributes.length, 1);
      return;
    case 'drop':
      if (parent !== undefined) parent.children.splice(parent.children.indexOf(el), 1);
      return;
    case 'duplicate':
      if (parent !== undefined) parent.children.splice(parent.children.indexOf(el) + 1, 0, cloneElement(el));
      return;
    case 'swap': {
      if (parent === undefined) return;
      const i = parent.children.indexOf(el);
      const j = m.other % parent.children.length;
      const other = parent.children[j];
      if (other === undefined) return;
      parent.children[i] = other;
      parent.children[j] = el;
      return;
    }
    case 'insert': {
      // Mostly an element where it belongs (any parent of that name in the document); now and
      // then any element anywhere, for the schema stage.
      if (m.template % 5 === 0) {
        const template = pick(TEMPLATES, m.template);
        if (template !== undefined)
          el.children.splice(m.position % (el.children.length + 1), 0, cloneElement(template.xml));
        return;
      }
      const slots = all.flatMap((x) =>
        TEMPLATES.filter((tp) => tp.parent === x.el.name).map((tp) => ({ at: x.el, tp })),
      );
      const chosen = pick(slots, m.template + m.target);
      if (chosen === undefined) return;
      chosen.at.children.splice(m.position % (chosen.at.children.length + 1), 0, cloneElement(chosen.tp.xml));
      return;
    }
    case 'rename': {
      const to = pick(RENAMES[el.name] ?? [], m.choice);
      if (to !== undefined && parent !== undefined) el.name = to;
      return;
    }
    case 'multiline':
      el.multiline = !el.multiline;
      return;
  }
}
