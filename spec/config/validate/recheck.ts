/**
 * Each semantic rule stated once more, over the decoded configuration as a whole.
 *
 * The walk (walk.ts) checks rules the way prtoscparser does: in document order, each element
 * against what was read before it, stopping at the first error. Here every rule is a plain
 * property of the decoded `SystemConfig`: no two areas overlap (unless both are shared), every
 * area lies in some region, every slot names an existing partition, and so on. Whatever the
 * walk accepts must satisfy all of them; the property test (validate.property.test.ts) checks
 * that on mutated configurations, which catches a rule the walk forgets to apply somewhere.
 *
 * The converse does not hold and is not claimed: the walk also refuses orders the declarative
 * form allows (an area read before the region that covers it, negative case OR01).
 *
 * Two rules are about the text of attributes, which the decoded value no longer holds; they
 * are listed with the reason and not re-checked.
 */
import type { ConfigIssue } from '../issues.js';
import type { SystemConfig } from '../types.js';
import { exceedsUintMax } from '../units.js';
import { hmEventNumber, type ArchFacts, type HmActionName } from './archFacts.js';
import { areasOf, channelEndsOf, cpusOf, partitionAreas, portsOf, regionsOf } from './entries.js';
import * as channels from './rules/channels.js';
import * as devices from './rules/devices.js';
import * as hm from './rules/hm.js';
import * as io from './rules/ioports.js';
import * as ipvi from './rules/ipvi.js';
import * as irq from './rules/irq.js';
import * as lexical from './rules/lexical.js';
import * as memory from './rules/memory.js';
import * as parts from './rules/partitions.js';
import * as sched from './rules/schedule.js';
import type { CpuEntry, IrqEntry } from './tables.js';

export interface Recheck {
  readonly rule: string;
  /** The violations of the rule in `config`; empty when it holds. */
  readonly violations?: (config: SystemConfig, facts: ArchFacts) => readonly ConfigIssue[];
  /** Why the rule cannot be re-checked on the decoded value. */
  readonly notOnDecoded?: string;
}

const defined = (xs: readonly (ConfigIssue | undefined)[]): ConfigIssue[] =>
  xs.filter((x) => x !== undefined);

/** All pairs (i < j) of a list, for the symmetric rules. */
function pairs<T>(xs: readonly T[]): [T, T][] {
  return xs.flatMap((a, i) => xs.slice(i + 1).map((b): [T, T] => [a, b]));
}

function unitValues(
  c: SystemConfig,
): { kind: lexical.UnitKind; what: string; value: number; line: number }[] {
  // TemporalRequirements has no handler in prtoscparser: its times are never converted.
  const sizes = [
    ...c.hw.memoryLayout.map((r) => ({ value: r.size, line: r.line })),
    ...c.hw.devices.flatMap((d) => (d.kind === 'memoryBlock' ? [{ value: d.size, line: d.line }] : [])),
    { value: c.hypervisor.area.size, line: c.hypervisor.area.line },
    ...(c.residentSw?.areas ?? []).map((a) => ({ value: a.size, line: a.line })),
    ...c.partitions.flatMap((p) => p.areas.map((a) => ({ value: a.size, line: a.line }))),
    ...c.channels.map((ch) => ({ value: ch.maxMessageLength, line: ch.line })),
  ].map((x) => ({ ...x, kind: 'size' as const, what: 'size' }));
  const plans = c.hw.processors.flatMap((p) => p.plans);
  const times = [
    ...plans.map((p) => ({ value: p.majorFrame, line: p.line })),
    ...plans.flatMap((p) =>
      p.slots.flatMap((s) => [s.start, s.duration].map((value) => ({ value, line: s.line }))),
    ),
    ...c.channels.flatMap((ch) => (ch.kind === 'sampling' ? [{ value: ch.validPeriod, line: ch.line }] : [])),
  ].map((x) => ({ ...x, kind: 'time' as const, what: 'time' }));
  const freqs = c.hw.processors.flatMap((p) =>
    p.frequencyKhz === undefined
      ? []
      : [{ value: p.frequencyKhz, line: p.line, kind: 'frequency' as const, what: 'frequency' }],
  );
  return [...sizes, ...times, ...freqs];
}

function knownNames(c: SystemConfig, upTo: number): parts.KnownPartitionName[] {
  return c.partitions.slice(0, upTo + 1).map((p, i) => ({
    partition: i,
    name: i === upTo ? c.name : (p.name ?? c.name),
    line: p.line,
    named: p.name !== undefined,
  }));
}

function hmEntries(
  c: SystemConfig,
): { level: 'hypervisor' | 'partition'; owner: string; event: string; action: HmActionName; line: number }[] {
  return [
    ...c.hypervisor.healthMonitor.map((e) => ({
      ...e,
      level: 'hypervisor' as const,
      owner: 'the hypervisor',
    })),
    ...c.partitions.flatMap((p, i) =>
      p.healthMonitor.map((e) => ({ ...e, level: 'partition' as const, owner: `partition ${i}` })),
    ),
  ].map((e) => ({
    level: e.level,
    owner: e.owner,
    event: e.event,
    action: e.action as HmActionName,
    line: e.line,
  }));
}

function irqEntries(c: SystemConfig): IrqEntry[] {
  return c.partitions.flatMap((p, i) =>
    (p.interrupts?.lines ?? []).map((irqLine) => ({
      irq: irqLine,
      line: p.interrupts?.line ?? p.line,
      partition: i,
    })),
  );
}

function deviceNames(c: SystemConfig) {
  return [
    { name: 'Null', line: c.hw.devicesLine },
    ...c.hw.devices.flatMap((d) => (d.kind === 'null' ? [] : [{ name: d.name, line: d.line }])),
  ];
}

const REF_NULL = 'NULL';

function deviceRefs(c: SystemConfig) {
  const hyp = c.hypervisor;
  const refs = [
    { name: hyp.console, line: hyp.line, user: 'the hypervisor console' },
    { name: hyp.trace?.device, line: hyp.trace?.line ?? hyp.line, user: 'the hypervisor trace device' },
    { name: hyp.healthMonitorDevice, line: hyp.line, user: 'the hypervisor health-monitor device' },
    ...c.partitions.flatMap((p, i) => [
      { name: p.console, line: p.line, user: `the console of partition ${i}` },
      { name: p.trace?.device, line: p.trace?.line ?? p.line, user: `the trace device of partition ${i}` },
    ]),
  ];
  return refs.flatMap((r) => (r.name === undefined || r.name === REF_NULL ? [] : [{ ...r, name: r.name }]));
}

function slotsWithPlans(cpus: readonly CpuEntry[]) {
  return cpus.flatMap((c) => c.plans.flatMap((plan) => plan.slots.map((slot) => ({ plan, slot }))));
}

export const RECHECKS: readonly Recheck[] = [
  {
    rule: lexical.UNIT_RANGE.id,
    violations: (c) =>
      unitValues(c)
        .filter((u) => exceedsUintMax(u.value))
        .map((u) => lexical.checkUnitRange(u.kind, u.what, String(u.value), u.value, u.line))
        .filter((x) => x !== undefined),
  },
  {
    rule: lexical.FLAG_LIST.id,
    notOnDecoded: 'a rule on the spacing of the attribute text; the decoded flags are a list without it',
  },
  {
    rule: memory.MEM_REGION_ALIGN.id,
    violations: (c, f) => defined(regionsOf(c, f).map((r) => memory.checkRegionAlignment(f, r))),
  },
  {
    rule: memory.MEM_REGION_SIZE.id,
    violations: (c, f) => defined(regionsOf(c, f).map((r) => memory.checkRegionSize(f, r))),
  },
  {
    rule: memory.MEM_REGION_OVERLAP.id,
    violations: (c, f) => defined(pairs(regionsOf(c, f)).map(([a, b]) => memory.checkRegionOverlap(b, [a]))),
  },
  {
    rule: memory.MEM_AREA_ALIGN.id,
    violations: (c, f) => defined(areasOf(c, f).map((a) => memory.checkAreaAlignment(f, a))),
  },
  {
    rule: memory.MEM_AREA_SIZE.id,
    violations: (c, f) =>
      defined(areasOf(c, f).map((a) => memory.checkAreaSize(f, a, Number.MAX_SAFE_INTEGER))),
  },
  {
    rule: memory.MEM_AREA_RESERVED.id,
    violations: (c, f) => defined(areasOf(c, f).map((a) => memory.checkAreaReserved(f, a))),
  },
  {
    rule: memory.MEM_AREA_COVERAGE.id,
    violations: (c, f) => defined(areasOf(c, f).map((a) => memory.checkAreaCoverage(a, regionsOf(c, f)))),
  },
  {
    rule: memory.MEM_OVERLAP.id,
    violations: (c, f) => defined(pairs(areasOf(c, f)).map(([a, b]) => memory.checkAreaOverlap(b, [a]))),
  },
  {
    rule: memory.MEM_HYP_FLAGS.id,
    violations: (c) =>
      defined([memory.checkHypervisorAreaFlags(new Set(c.hypervisor.area.flags), c.hypervisor.area.line)]),
  },
  {
    rule: memory.MEM_VIRT_OVERLAP.id,
    violations: (c, f) =>
      defined(
        partitionAreas(c, f).flatMap((areas, i) =>
          pairs(areas).map(([a, b]) => memory.checkVirtualOverlap(f, i, [a, b])),
        ),
      ),
  },
  {
    rule: memory.MEM_AREA_DUPLICATE.id,
    violations: (c, f) =>
      defined(partitionAreas(c, f).map((areas, i) => memory.checkAreaStartsDistinct(i, areas))),
  },
  {
    rule: memory.MEM_REGION_DUPLICATE.id,
    violations: (c, f) => defined([memory.checkRegionStartsDistinct(regionsOf(c, f))]),
  },
  {
    rule: parts.PART_ID.id,
    violations: (c) => defined(c.partitions.map((p, i) => parts.checkPartitionId(p.id, i, p.line))),
  },
  {
    rule: parts.PART_NAME.id,
    violations: (c) =>
      defined(
        c.partitions.map((p, i) =>
          p.name === undefined
            ? undefined
            : parts.checkPartitionName(p.name, p.line, knownNames(c, i), c.line),
        ),
      ),
  },
  {
    rule: parts.PART_VCPUS.id,
    violations: (c, f) => defined(c.partitions.map((p, i) => parts.checkVcpuCount(f, i, p.vcpus, p.line))),
  },
  {
    rule: parts.KTHREADS.id,
    violations: (c, f) =>
      defined([
        parts.checkKthreads(
          f,
          c.partitions.map((p) => p.vcpus),
          c.partitionTableLine,
        ),
      ]),
  },
  {
    rule: sched.CPU_COUNT.id,
    violations: (c, f) =>
      defined([sched.checkCpuCount(f, c.hw.processors.length, c.hw.processors.at(-1)?.line ?? c.hw.line)]),
  },
  {
    rule: sched.CPU_ID.id,
    violations: (c) => defined(c.hw.processors.map((p, i) => sched.checkCpuId(p.id, i, p.line))),
  },
  {
    rule: sched.PLAN_ID.id,
    violations: (c) =>
      defined(
        c.hw.processors.flatMap((p, cpu) =>
          p.plans.map((plan, i) => sched.checkPlanId(cpu, plan.id, i, plan.line)),
        ),
      ),
  },
  {
    rule: sched.SLOT_ID.id,
    violations: (c) =>
      defined(
        c.hw.processors.flatMap((p) =>
          p.plans.flatMap((plan) => plan.slots.map((s, i) => sched.checkSlotId(s.id, i, s.line))),
        ),
      ),
  },
  {
    rule: sched.SCHED_SLOT_ORDER.id,
    violations: (c) =>
      defined(
        cpusOf(c).flatMap((cpu) =>
          cpu.plans.flatMap((plan) => plan.slots.map((s, i) => sched.checkSlotOrder(s, plan.slots[i - 1]))),
        ),
      ),
  },
  {
    rule: sched.SCHED_MAJOR_FRAME.id,
    violations: (c) =>
      defined(slotsWithPlans(cpusOf(c)).map(({ plan, slot }) => sched.checkSlotInMajorFrame(slot, plan))),
  },
  {
    rule: sched.SLOT_PARTITION.id,
    violations: (c) =>
      defined(
        slotsWithPlans(cpusOf(c)).map(({ plan, slot }) =>
          sched.checkSlotPartition(slot, plan, c.partitions.length),
        ),
      ),
  },
  {
    rule: sched.SLOT_VCPU.id,
    violations: (c) =>
      defined(
        slotsWithPlans(cpusOf(c)).map(({ plan, slot }) =>
          sched.checkSlotVcpu(slot, plan, c.partitions[slot.partitionId]?.vcpus ?? 0),
        ),
      ),
  },
  { rule: sched.VCPU_CPU.id, violations: (c) => defined([sched.checkVcpuOnOneCpu(cpusOf(c))]) },
  {
    rule: hm.HM_EVENT.id,
    violations: (c, f) => defined(hmEntries(c).map((e) => hm.checkHmEvent(f, e.event, e.line))),
  },
  {
    rule: hm.HM_ACTION.id,
    violations: (c, f) =>
      defined(
        hmEntries(c).map((e) => {
          const n = hmEventNumber(f, e.event);
          return n === undefined ? undefined : hm.checkHmAction(f, e.level, n, e.action, e.line);
        }),
      ),
  },
  {
    rule: hm.HM_MAINTENANCE.id,
    violations: (c) => {
      const tables = [...new Set(hmEntries(c).map((e) => e.owner))].map((owner) => ({
        level: 'partition' as const,
        owner,
        actions: hmEntries(c)
          .filter((e) => e.owner === owner)
          .map((e) => e.action),
      }));
      return defined([hm.checkMaintenancePlan(tables, cpusOf(c))]);
    },
  },
  {
    rule: irq.IRQ_RANGE.id,
    violations: (c, f) => defined(irqEntries(c).map((e) => irq.checkIrqRange(f, e.irq, e.line))),
  },
  {
    rule: irq.IRQ_DUPLICATE.id,
    violations: (c) =>
      defined(pairs(irqEntries(c)).map(([a, b]) => irq.checkIrqFree(b.irq, b.line, new Map([[a.irq, a]])))),
  },
  {
    rule: irq.IRQ_RESERVED.id,
    violations: (c, f) => defined(irqEntries(c).map((e) => irq.checkIrqNotReserved(f, e.irq, e.line))),
  },
  {
    rule: io.IOPORT_ARCH.id,
    violations: (c, f) =>
      defined(
        c.partitions.map((p) => (p.ioPorts.length > 0 ? io.checkIoPortsSupported(f, p.line) : undefined)),
      ),
  },
  {
    rule: io.IOPORT_RESTRICTED.id,
    violations: (c) =>
      defined(
        c.partitions.flatMap((p) =>
          p.ioPorts.map((r) => (r.kind === 'restricted' ? io.checkNotRestricted(r.line) : undefined)),
        ),
      ),
  },
  {
    rule: io.IOPORT_RESERVED.id,
    violations: (c, f) =>
      defined(
        c.partitions.flatMap((p) =>
          p.ioPorts.map((r) =>
            r.kind === 'range'
              ? io.checkIoRange(f, { line: r.line, base: r.base, count: r.count })
              : undefined,
          ),
        ),
      ),
  },
  {
    rule: devices.DEV_NAME.id,
    violations: (c) => {
      const names = deviceNames(c);
      return defined(
        names.map((d, i) =>
          i === 0 ? undefined : devices.checkDeviceName(d.name, d.line, names.slice(0, i)),
        ),
      );
    },
  },
  {
    rule: devices.DEV_UART_ID.id,
    violations: (c, f) =>
      defined(
        c.hw.devices.map((d) => (d.kind === 'uart' ? devices.checkUartId(f, d.id, d.line) : undefined)),
      ),
  },
  {
    rule: devices.DEV_UNKNOWN.id,
    violations: (c) => defined(deviceRefs(c).map((r) => devices.checkDeviceKnown(r, deviceNames(c)))),
  },
  {
    rule: channels.PORT_NAME.id,
    violations: (c) =>
      defined(
        portsOf(c).flatMap((ports) => ports.map((p, i) => channels.checkPortName(p, ports.slice(0, i)))),
      ),
  },
  ...channelRechecks(),
  {
    rule: ipvi.IPVI_ID.id,
    violations: (c, f) => defined(c.ipvis.map((v) => ipvi.checkIpviId(f, v.id, v.line))),
  },
  {
    rule: ipvi.IPVI_DUPLICATE.id,
    violations: (c) =>
      defined(
        c.ipvis.flatMap((v) =>
          v.destinationIds.map((d, i) =>
            ipvi.checkIpviDestinationOnce(d, v.destinationIds.slice(0, i), '', v.line),
          ),
        ),
      ),
  },
  {
    rule: ipvi.IPVI_SOURCE.id,
    violations: (c) =>
      defined(
        c.ipvis.map((v) =>
          ipvi.checkIpviSource({ line: v.line, sourceId: v.sourceId, destinations: [] }, c.partitions.length),
        ),
      ),
  },
  {
    rule: ipvi.IPVI_DESTINATION.id,
    violations: (c) =>
      defined(
        c.ipvis.map((v) =>
          ipvi.checkIpviDestinations(
            { line: v.line, sourceId: v.sourceId, destinations: v.destinationIds },
            c.partitions.length,
          ),
        ),
      ),
  },
];

/** The channel rules, end by end, with the partition and port each end names. */
function channelRechecks(): Recheck[] {
  const resolve = (c: SystemConfig) =>
    channelEndsOf(c).map((end) => {
      const p = c.partitions[end.partitionId];
      const ports = portsOf(c)[end.partitionId] ?? [];
      return {
        end,
        p,
        ports,
        port: ports.find((x) => x.name === end.portName),
        channel: c.channels[end.channel],
      };
    });
  return [
    {
      rule: channels.CHAN_PARTITION.id,
      violations: (c) =>
        defined(resolve(c).map((r) => channels.checkEndPartition(r.end, c.partitions.length))),
    },
    {
      rule: channels.CHAN_PARTITION_NAME.id,
      violations: (c) =>
        defined(
          resolve(c).map((r) =>
            r.p === undefined ? undefined : channels.checkEndPartitionName(r.end, r.p.name ?? c.name),
          ),
        ),
    },
    {
      rule: channels.CHAN_PORT.id,
      violations: (c) =>
        defined(
          resolve(c).map((r) =>
            r.p === undefined ? undefined : channels.checkEndPort(r.end, r.port, r.ports),
          ),
        ),
    },
    {
      rule: channels.CHAN_TYPE.id,
      violations: (c) =>
        defined(
          resolve(c).map((r) =>
            r.port === undefined || r.channel === undefined
              ? undefined
              : channels.checkEndType(r.end, { line: r.channel.line, kind: r.channel.kind }, r.port),
          ),
        ),
    },
    {
      rule: channels.CHAN_DIRECTION.id,
      violations: (c) =>
        defined(
          resolve(c).map((r) =>
            r.port === undefined ? undefined : channels.checkEndDirection(r.end, r.port),
          ),
        ),
    },
  ];
}

/** Every violation of every re-checkable rule. */
export function recheckAll(config: SystemConfig, facts: ArchFacts): ConfigIssue[] {
  return RECHECKS.flatMap((r) => (r.violations === undefined ? [] : [...r.violations(config, facts)]));
}
