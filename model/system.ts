/**
 * The static view of a configured system that the model works from: everything the abstract
 * specification needs to know about a validated `SystemConfig`, computed once per run.
 *
 * PRTOS keeps this information in the configuration tables that prtoscparser generates
 * (`prtos_conf_part`, the vCPU table, the HM tables, the hardware IRQ table; prtos-states §0 and
 * §3.7). The model reads it from the decoded configuration: which CPU each vCPU is pinned to (the
 * processor whose plans give it slots, §3.7), each partition's HM table (the parser's defaults of
 * §4.4 overridden by the XML entries), the owner of each hardware line (§5.1), the capacity of the
 * HM log (prtos-hypercalls §5.6, §5.9) and the plans of each CPU (§3.1).
 */
import type { Arch } from '../spec/constants/arch.js';
import {
  defaultHmTable,
  hmActionByXmlName,
  hmEventByXmlName,
  hmLogRecordSize,
  logStreamCapacity,
  type HmSlot,
} from '../spec/constants/index.js';
import type { Partition, Plan, SystemConfig } from '../spec/config/types.js';
import { TIMING, type TimingTable } from '../spec/timing.js';

/** A vCPU named by its partition id and its index in the partition. */
export interface VcpuRef {
  readonly part: number;
  readonly vcpu: number;
}

export interface PartitionView {
  readonly id: number;
  readonly name: string;
  readonly system: boolean;
  readonly vcpus: number;
  /** CPU each vCPU is pinned to, -1 when no slot of any plan names it (prtos-states §3.7, A27). */
  readonly vcpuCpu: readonly number[];
  /** The partition's HM table: parser defaults overridden by the XML (prtos-states §4.4). */
  readonly hmTable: readonly HmSlot[];
  /** Bitmap of the hardware lines the partition owns (PCT `hw_irqs`, prtos-states §5.1). */
  readonly ownedLines: number;
  readonly config: Partition;
}

export interface CpuView {
  readonly id: number;
  readonly plans: readonly Plan[];
}

export interface SystemView {
  readonly config: SystemConfig;
  readonly arch: Arch;
  readonly timing: TimingTable;
  readonly partitions: readonly PartitionView[];
  /** Every vCPU of every partition, ordered by (part, vcpu): the order of `ModelState.vcpus`. */
  readonly vcpus: readonly VcpuRef[];
  readonly cpus: readonly CpuView[];
  readonly hypervisorHmTable: readonly HmSlot[];
  /** Records the HM log holds: (device size − 56) / record size, 0 without a device. */
  readonly hmLogCapacity: number;
  /** Owner partition of each hardware line, or undefined. */
  readonly lineOwner: ReadonlyMap<number, number>;
}

function applyOverrides(
  arch: Arch,
  base: readonly HmSlot[],
  entries: Partition['healthMonitor'],
): readonly HmSlot[] {
  const table = [...base];
  for (const e of entries) {
    const event = hmEventByXmlName(arch, e.event);
    const action = hmActionByXmlName(e.action);
    // A validated configuration names only known events and actions; anything else is ignored here
    // rather than guessed at.
    if (event === undefined || action === undefined) continue;
    table[event] = { action, log: e.log };
  }
  return table;
}

function pinnedCpu(config: SystemConfig, part: number, vcpu: number): number {
  for (const proc of config.hw.processors) {
    for (const plan of proc.plans) {
      if (plan.slots.some((s) => s.partitionId === part && s.vcpuId === vcpu)) return proc.id;
    }
  }
  return -1;
}

function hmCapacity(config: SystemConfig): number {
  const name = config.hypervisor.healthMonitorDevice;
  if (name === undefined) return 0;
  const dev = config.hw.devices.find((d) => d.kind === 'memoryBlock' && d.name === name);
  if (dev === undefined || dev.kind !== 'memoryBlock') return 0;
  return logStreamCapacity(dev.size, hmLogRecordSize(config.arch));
}

/** The static view of `config` (a configuration that passed validation). */
export function systemView(config: SystemConfig): SystemView {
  const arch = config.arch;
  const partitions = config.partitions.map((p): PartitionView => {
    const vcpuCpu = Array.from({ length: p.vcpus }, (_, v) => pinnedCpu(config, p.id, v));
    const ownedLines = (p.interrupts?.lines ?? []).reduce((m, l) => (m | (1 << l)) >>> 0, 0);
    return {
      id: p.id,
      name: p.name ?? config.name,
      system: p.flags.includes('system'),
      vcpus: p.vcpus,
      vcpuCpu,
      hmTable: applyOverrides(arch, defaultHmTable(arch, 'partition'), p.healthMonitor),
      ownedLines,
      config: p,
    };
  });
  const lineOwner = new Map<number, number>();
  for (const p of partitions) {
    for (const l of p.config.interrupts?.lines ?? []) lineOwner.set(l, p.id);
  }
  return {
    config,
    arch,
    timing: TIMING[arch],
    partitions,
    vcpus: partitions.flatMap((p) => Array.from({ length: p.vcpus }, (_, vcpu) => ({ part: p.id, vcpu }))),
    cpus: config.hw.processors.map((p) => ({ id: p.id, plans: p.plans })),
    hypervisorHmTable: applyOverrides(
      arch,
      defaultHmTable(arch, 'hypervisor'),
      config.hypervisor.healthMonitor,
    ),
    hmLogCapacity: hmCapacity(config),
    lineOwner,
  };
}
