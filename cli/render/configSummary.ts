/**
 * A readable summary of a decoded configuration: what `prtos-ref show` prints and what an
 * integration engineer checks by eye — partitions and their memory, CPUs with their plans and
 * slot tables, channels, IPVIs and the health-monitor entries that override the defaults.
 */
import type { HmEventEntry, MemoryArea, SystemConfig } from '../../spec/config/types.js';

export function formatTime(us: number): string {
  if (us !== 0 && us % 1_000_000 === 0) return `${us / 1_000_000} s`;
  if (us !== 0 && us % 1000 === 0) return `${us / 1000} ms`;
  return `${us} us`;
}

export function formatSize(bytes: number): string {
  if (bytes !== 0 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes !== 0 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} B`;
}

const hex = (n: number): string => `0x${n.toString(16)}`;

function range(start: number, size: number): string {
  return `${hex(start)}-${hex(start + size - 1)}`;
}

function area(a: MemoryArea): string {
  const flags = a.flags.length > 0 ? ` [${a.flags.join(' ')}]` : '';
  const mapped = a.mappedAtGiven ? ` mapped at ${hex(a.mappedAt)}` : '';
  const name = a.name !== undefined ? ` "${a.name}"` : '';
  return `${range(a.start, a.size)} (${formatSize(a.size)})${name}${mapped}${flags}`;
}

function hm(entries: readonly HmEventEntry[]): string[] {
  return entries.map(
    (e) =>
      `${e.event.replace(/^PRTOS_HM_EV_/, '')} -> ${e.action.replace(/^PRTOS_HM_AC_/, '')}${e.log ? ' (logged)' : ''}`,
  );
}

export function configSummary(c: SystemConfig, file: string): string {
  const out: string[] = [];
  const push = (s: string) => out.push(s);
  push(`System "${c.name}" (${c.arch}) from ${file}`);
  push('');
  push('Memory layout:');
  for (const r of c.hw.memoryLayout) push(`  ${r.type} ${range(r.start, r.size)} (${formatSize(r.size)})`);
  push(
    `Hypervisor: ${formatSize(c.hypervisor.area.size)} area, console ${c.hypervisor.console ?? '-'}, HM log device ${
      c.hypervisor.healthMonitorDevice ?? '-'
    }`,
  );
  for (const line of hm(c.hypervisor.healthMonitor)) push(`  HM ${line}`);
  push('');
  push(`Partitions (${c.partitions.length}):`);
  for (const p of c.partitions) {
    const flags = p.flags.length > 0 ? ` [${p.flags.join(' ')}]` : '';
    push(
      `  P${p.id} "${p.name ?? ''}"${flags}, ${p.vcpus} vCPU${p.vcpus === 1 ? '' : 's'}, console ${p.console ?? '-'}`,
    );
    for (const a of p.areas) push(`    area ${area(a)}`);
    if (p.interrupts !== undefined && p.interrupts.lines.length > 0)
      push(`    IRQ lines ${p.interrupts.lines.join(' ')}`);
    for (const port of p.ports) push(`    port "${port.name}" ${port.type} ${port.direction}`);
    for (const line of hm(p.healthMonitor)) push(`    HM ${line}`);
  }
  push('');
  push(`Processors (${c.hw.processors.length}):`);
  for (const cpu of c.hw.processors) {
    const freq = cpu.frequencyKhz !== undefined ? ` at ${cpu.frequencyKhz / 1000} MHz` : '';
    push(`  CPU${cpu.id}${freq}`);
    for (const plan of cpu.plans) {
      const busy = plan.slots.reduce((sum, s) => sum + s.duration, 0);
      push(
        `    plan ${plan.id}${plan.name !== undefined ? ` "${plan.name}"` : ''}: major frame ${formatTime(plan.majorFrame)}, ${
          plan.slots.length
        } slot${plan.slots.length === 1 ? '' : 's'}, ${formatTime(plan.majorFrame - busy)} idle`,
      );
      for (const s of plan.slots) {
        push(
          `      slot ${s.id}: ${formatTime(s.start)} .. ${formatTime(s.start + s.duration)}  P${s.partitionId} vCPU${s.vcpuId}`,
        );
      }
    }
  }
  if (c.channels.length > 0 || c.ipvis.length > 0) {
    push('');
    push('Channels:');
    c.channels.forEach((ch, id) => {
      const src = `P${ch.source.partitionId}:${ch.source.portName}`;
      if (ch.kind === 'sampling') {
        const dst = ch.destinations.map((d) => `P${d.partitionId}:${d.portName}`).join(', ');
        push(
          `  ${id}: sampling ${src} -> ${dst}, max ${formatSize(ch.maxMessageLength)}, valid ${formatTime(ch.validPeriod)}`,
        );
      } else {
        const dst = `P${ch.destination.partitionId}:${ch.destination.portName}`;
        push(`  ${id}: queuing ${src} -> ${dst}, max ${formatSize(ch.maxMessageLength)} x ${ch.maxMessages}`);
      }
    });
    for (const v of c.ipvis)
      push(`  IPVI ${v.id}: P${v.sourceId} -> ${v.destinationIds.map((d) => `P${d}`).join(', ')}`);
  }
  return out.join('\n');
}
