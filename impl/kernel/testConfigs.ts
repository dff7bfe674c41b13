/**
 * Small configurations for the kernel's tests, written as PRTOS XML from a compact description
 * and put through the real decoder and validator (so a test never runs a configuration PRTOS's
 * parser would refuse). Not exported from index.ts.
 *
 * Defaults follow the BAIL examples: one 512 MB RAM region (x86 at 0, riscv64 at 0x80000000),
 * the hypervisor area of the port (4 MB / 32 MB), a UART console for everyone, partition i with
 * a 1 MB area at 0x6000000 + i MB (riscv64: 0x86000000 + i MB).
 */
import type { Arch } from '../../spec/constants/arch.js';
import type { SystemConfig } from '../../spec/config/types.js';
import { validateConfig } from '../../spec/config/validate/validate.js';

export interface TestSlot {
  readonly start: number;
  readonly duration: number;
  readonly part: number;
  readonly vcpu?: number;
}

export interface TestPlan {
  /** µs. */
  readonly majorFrame: number;
  readonly slots: readonly TestSlot[];
  readonly name?: string;
}

export interface TestArea {
  readonly start: number;
  readonly size: number;
  readonly flags?: string;
  readonly mappedAt?: number;
  readonly name?: string;
}

export type HmEntry = readonly [event: string, action: string, log: boolean];

export interface TestPartition {
  readonly name?: string;
  readonly system?: boolean;
  readonly vcpus?: number;
  readonly areas?: readonly TestArea[];
  readonly hm?: readonly HmEntry[];
  readonly lines?: readonly number[];
  readonly console?: boolean;
}

export interface TestSystem {
  readonly arch: Arch;
  readonly cpus: readonly (readonly TestPlan[])[];
  readonly partitions: readonly TestPartition[];
  readonly hypHm?: readonly HmEntry[];
  /** Size in bytes of the HM log memory block (none when absent). */
  readonly hmLogSize?: number;
  readonly ipvis?: readonly {
    readonly id: number;
    readonly source: number;
    readonly destinations: readonly number[];
  }[];
}

const hex = (n: number) => `0x${n.toString(16)}`;

export function regionStart(arch: Arch): number {
  return arch === 'riscv64' ? 0x80000000 : arch === 'aarch64' ? 0x40000000 : 0;
}

export function defaultArea(arch: Arch, i: number): TestArea {
  return { start: regionStart(arch) + 0x6000000 + i * 0x100000, size: 0x100000 };
}

export function hmLogStart(arch: Arch): number {
  return regionStart(arch) + 0x7300000;
}

export function systemXml(s: TestSystem): string {
  const x86 = s.arch === 'x86' || s.arch === 'amd64';
  const procs = s.cpus
    .map(
      (plans, c) => `
      <Processor id="${c}"><CyclicPlanTable>${plans
        .map(
          (p, i) => `
        <Plan id="${i}"${p.name === undefined ? '' : ` name="${p.name}"`} majorFrame="${p.majorFrame}us">${p.slots
          .map(
            (sl, j) =>
              `<Slot id="${j}" start="${sl.start}us" duration="${sl.duration}us" partitionId="${sl.part}" vCpuId="${sl.vcpu ?? 0}"/>`,
          )
          .join('')}</Plan>`,
        )
        .join('')}
      </CyclicPlanTable></Processor>`,
    )
    .join('');
  const hm = (entries: readonly HmEntry[] | undefined) =>
    entries === undefined || entries.length === 0
      ? ''
      : `<HealthMonitor>${entries
          .map(([e, a, l]) => `<Event name="${e}" action="${a}" log="${l ? 'yes' : 'no'}"/>`)
          .join('')}</HealthMonitor>`;
  const parts = s.partitions
    .map((p, i) => {
      const areas = (p.areas ?? [defaultArea(s.arch, i)])
        .map(
          (a) =>
            `<Area start="${hex(a.start)}" size="${a.size}B"${a.flags === undefined ? '' : ` flags="${a.flags}"`}${
              a.mappedAt === undefined ? '' : ` mappedAt="${hex(a.mappedAt)}"`
            }${a.name === undefined ? '' : ` name="${a.name}"`}/>`,
        )
        .join('');
      const hw =
        p.lines === undefined ? '' : `<HwResources><Interrupts lines="${p.lines.join(' ')}"/></HwResources>`;
      return `
    <Partition id="${i}" name="${p.name ?? `Partition${i}`}" flags="${p.system === true ? 'system' : ''}"${
      p.console === false ? '' : ' console="Uart"'
    } noVCpus="${p.vcpus ?? 1}">
      <PhysicalMemoryAreas>${areas}</PhysicalMemoryAreas>${hw}${hm(p.hm)}
    </Partition>`;
    })
    .join('');
  const ipvis = (s.ipvis ?? [])
    .map((v) => `<Ipvi id="${v.id}" sourceId="${v.source}" destinationId="${v.destinations.join(' ')}"/>`)
    .join('');
  const hmDev =
    s.hmLogSize === undefined
      ? ''
      : `<MemoryBlock name="HmLog" start="${hex(hmLogStart(s.arch))}" size="${s.hmLogSize}B"/>`;
  return `<SystemDescription xmlns="http://www.prtos.org/prtos-1.x" version="1.0.0" name="test">
  <HwDescription>
    <MemoryLayout><Region type="ram" start="${hex(regionStart(s.arch))}" size="512MB"/></MemoryLayout>
    <ProcessorTable>${procs}
    </ProcessorTable>
    <Devices><Uart id="0" baudRate="115200" name="Uart"/>${hmDev}</Devices>
  </HwDescription>
  <PRTOSHypervisor console="Uart"${s.hmLogSize === undefined ? '' : ' healthMonitorDevice="HmLog"'}>
    <PhysicalMemoryArea size="${x86 ? '4MB' : '32MB'}"/>${hm(s.hypHm)}
  </PRTOSHypervisor>
  <PartitionTable>${parts}
  </PartitionTable>${ipvis === '' ? '' : `\n  <Channels>${ipvis}</Channels>`}
</SystemDescription>`;
}

export function buildSystem(s: TestSystem): SystemConfig {
  const text = systemXml(s);
  const r = validateConfig(text, s.arch);
  if (!r.ok)
    throw new Error(
      `test configuration refused: ${r.issues.map((i) => `${i.line}: ${i.message}`).join('; ')}\n${text}`,
    );
  return r.config;
}
