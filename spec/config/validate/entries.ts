/**
 * The tables of tables.ts built at once from a decoded configuration, for the re-checks
 * (recheck.ts): the same entries the walk builds step by step, but all of them, in no
 * particular reading order.
 */
import type { SystemConfig } from '../types.js';
import { rangeOf } from './addr.js';
import type { ArchFacts } from './archFacts.js';
import type { AreaEntry, ChannelEndEntry, CpuEntry, PlanEntry, PortEntry, RegionEntry } from './tables.js';

export function regionsOf(config: SystemConfig, facts: ArchFacts): RegionEntry[] {
  return config.hw.memoryLayout.map((r) => ({
    line: r.line,
    size: r.size,
    ...rangeOf(facts, r.start, r.size),
  }));
}

/** Every memory area: the hypervisor's (at its load address), the resident software's, each partition's, each MemoryBlock's. */
export function areasOf(config: SystemConfig, facts: ArchFacts): AreaEntry[] {
  const hyp = config.hypervisor.area;
  const area = (
    line: number,
    start: number,
    size: number,
    mappedAt: number,
    shared: boolean,
    owner: AreaEntry['owner'],
  ): AreaEntry => ({ line, size, mappedAt: BigInt(mappedAt), shared, owner, ...rangeOf(facts, start, size) });
  return [
    area(hyp.line, facts.hypervisorLoadAddress, hyp.size, 0, hyp.flags.includes('shared'), {
      kind: 'hypervisor',
    }),
    ...(config.residentSw?.areas ?? []).map((a) =>
      area(a.line, a.start, a.size, a.mappedAt, a.flags.includes('shared'), { kind: 'residentSw' }),
    ),
    ...partitionAreas(config, facts).flat(),
    ...config.hw.devices.flatMap((d) =>
      d.kind === 'memoryBlock'
        ? [area(d.line, d.start, d.size, d.start, true, { kind: 'memoryBlock', device: d.name })]
        : [],
    ),
  ];
}

export function partitionAreas(config: SystemConfig, facts: ArchFacts): AreaEntry[][] {
  return config.partitions.map((p, i) =>
    p.areas.map((a) => ({
      line: a.line,
      size: a.size,
      mappedAt: BigInt(a.mappedAt),
      shared: a.flags.includes('shared'),
      owner: { kind: 'partition', partition: i } as const,
      ...rangeOf(facts, a.start, a.size),
    })),
  );
}

export function cpusOf(config: SystemConfig): CpuEntry[] {
  return config.hw.processors.map((proc, cpu) => ({
    line: proc.line,
    plans: proc.plans.map((plan, index): PlanEntry => ({
      line: plan.line,
      cpu,
      index,
      majorFrame: plan.majorFrame,
      slots: plan.slots.map((s, k) => ({
        line: s.line,
        index: k,
        start: s.start,
        end: (s.start + s.duration) >>> 0,
        partitionId: s.partitionId,
        vcpuId: s.vcpuId,
      })),
    })),
  }));
}

export function portsOf(config: SystemConfig): PortEntry[][] {
  return config.partitions.map((p) =>
    p.ports.map((port) => ({ line: port.line, name: port.name, direction: port.direction, type: port.type })),
  );
}

export function channelEndsOf(config: SystemConfig): ChannelEndEntry[] {
  return config.channels.flatMap((c, channel) => {
    const ends = c.kind === 'sampling' ? [c.source, ...c.destinations] : [c.source, c.destination];
    return ends.map((e, k) => ({
      line: e.line,
      channel,
      direction: k === 0 ? ('source' as const) : ('destination' as const),
      partitionId: e.partitionId,
      partitionName: e.partitionName,
      portName: e.portName,
    }));
  });
}
