/**
 * Helpers for the model's tests: configurations from XML text (decoded by spec/config, so tests
 * use the same decoded form as real runs), the shipped PRTOS fixtures, run specs and event
 * filters. Not part of the model; imported by `*.test.ts` only.
 */
import { readFileSync } from 'node:fs';
import { decodeConfig } from '../spec/config/decode.js';
import type { SystemConfig } from '../spec/config/types.js';
import type { Arch } from '../spec/constants/arch.js';
import type { RunSpec, SideEvent, StimulusInput, TieBreak } from '../spec/lockstep.js';
import type { ProgramOp, ProgramSet } from '../spec/program.js';
import { createModel, type ModelSide } from './timeline.js';
import type { CoverageRecorder } from './coverage.js';

export function configFrom(xml: string, arch: Arch): SystemConfig {
  const r = decodeConfig(xml, arch);
  if (!r.ok) throw new Error(`test configuration does not decode: ${JSON.stringify(r.issues.slice(0, 3))}`);
  return r.config;
}

/** A configuration of the PRTOS source tree (spec/config/__fixtures__/prtos-configs). */
export function fixture(file: string, arch: Arch): SystemConfig {
  const url = new URL(`../spec/config/__fixtures__/prtos-configs/${file}`, import.meta.url);
  return configFrom(readFileSync(url, 'utf8'), arch);
}

export interface PartitionSpec {
  readonly name?: string;
  readonly system?: boolean;
  readonly vcpus?: number;
  /** Extra XML inside <PhysicalMemoryAreas> after the partition's own 1 MB area. */
  readonly areas?: string;
  /** <HealthMonitor> events: [event, action, log]. */
  readonly hm?: readonly (readonly [string, string, boolean])[];
  readonly lines?: readonly number[];
  readonly console?: boolean;
}

export interface SystemSpec {
  readonly arch: Arch;
  readonly partitions: readonly PartitionSpec[];
  /** Per CPU, its plans: [majorFrame µs, slots [start µs, duration µs, partition, vcpu]]. */
  readonly cpus: readonly (readonly (readonly [
    number,
    readonly (readonly [number, number, number, number?])[],
  ])[])[];
  readonly hypervisorHm?: readonly (readonly [string, string, boolean])[];
  /** Size of the HM log memory block in bytes (none if undefined). */
  readonly hmLogBytes?: number;
  readonly ipvis?: string;
}

const RAM_START: Readonly<Record<Arch, number>> = {
  x86: 0x0,
  amd64: 0x0,
  riscv64: 0x80000000,
  aarch64: 0x40000000,
  loongarch64: 0x0,
};

/** Partition i's own area: 1 MB at RAM start + 96 MB + i MB (clear of every hypervisor area). */
export function areaOf(arch: Arch, i: number): number {
  return RAM_START[arch] + 0x6000000 + i * 0x100000;
}

function hmXml(events: readonly (readonly [string, string, boolean])[] | undefined): string {
  if (events === undefined || events.length === 0) return '';
  const body = events
    .map(([e, a, l]) => `<Event name="${e}" action="${a}" log="${l ? 'yes' : 'no'}" />`)
    .join('');
  return `<HealthMonitor>${body}</HealthMonitor>`;
}

export function systemXml(s: SystemSpec): string {
  const cpus = s.cpus
    .map(
      (plans, c) =>
        `<Processor id="${c}"><CyclicPlanTable>${plans
          .map(
            ([maf, slots], p) =>
              `<Plan id="${p}" name="plan${p}" majorFrame="${maf}us">${slots
                .map(
                  ([start, dur, part, vcpu], i) =>
                    `<Slot id="${i}" start="${start}us" duration="${dur}us" partitionId="${part}" vCpuId="${vcpu ?? 0}" />`,
                )
                .join('')}</Plan>`,
          )
          .join('')}</CyclicPlanTable></Processor>`,
    )
    .join('');
  const hmDevice =
    s.hmLogBytes === undefined
      ? ''
      : `<MemoryBlock name="HmLog" start="0x${(RAM_START[s.arch] + 0x1f000000).toString(16)}" size="${s.hmLogBytes}B" />`;
  const parts = s.partitions
    .map(
      (p, i) =>
        `<Partition id="${i}" name="${p.name ?? `P${i}`}" flags="${p.system === true ? 'system' : ''}" noVCpus="${p.vcpus ?? 1}"${
          p.console === false ? '' : ' console="Uart"'
        }><PhysicalMemoryAreas><Area start="0x${areaOf(s.arch, i).toString(16)}" size="1MB" />${p.areas ?? ''}</PhysicalMemoryAreas>${
          p.lines === undefined
            ? ''
            : `<HwResources><Interrupts lines="${p.lines.join(' ')}" /></HwResources>`
        }${hmXml(p.hm)}</Partition>`,
    )
    .join('');
  return `<SystemDescription xmlns="http://www.prtos.org/prtos-1.x" version="1.0.0" name="test">
<HwDescription><MemoryLayout><Region type="ram" start="0x${RAM_START[s.arch].toString(16)}" size="1024MB" /></MemoryLayout>
<ProcessorTable>${cpus}</ProcessorTable><Devices><Uart id="0" baudRate="115200" name="Uart" />${hmDevice}</Devices></HwDescription>
<PRTOSHypervisor console="Uart"${s.hmLogBytes === undefined ? '' : ' healthMonitorDevice="HmLog"'}><PhysicalMemoryArea size="4MB" />${hmXml(s.hypervisorHm)}</PRTOSHypervisor>
<PartitionTable>${parts}</PartitionTable>${s.ipvis ?? ''}
</SystemDescription>`;
}

export function system(s: SystemSpec): SystemConfig {
  return configFrom(systemXml(s), s.arch);
}

export interface RunOptions {
  readonly stimuli?: readonly { t: number; stimulus: StimulusInput }[];
  readonly tieBreaks?: readonly TieBreak[];
  readonly coverage?: CoverageRecorder;
}

export function spec(config: SystemConfig, programs: ProgramSet, o: RunOptions = {}): RunSpec {
  return {
    config,
    programs,
    stimuli: o.stimuli ?? [],
    tieBreaks: o.tieBreaks ?? [],
    fidelity: 'intended',
    quirks: [],
    until: 100_000_000,
  };
}

export function model(config: SystemConfig, programs: ProgramSet, o: RunOptions = {}): ModelSide {
  return createModel(spec(config, programs, o), o.coverage === undefined ? {} : { coverage: o.coverage });
}

/** A program of partition `part`, vCPU `vcpu`. */
export function prog(part: number, ops: readonly ProgramOp[], vcpu = 0): ProgramSet[number] {
  return { part, vcpu, ops: [...ops] };
}

/** Shorthands for ops. */
export const op = {
  compute: (n: number): ProgramOp => ({ k: 'compute', n }),
  hc: (
    nr: number,
    ...args: ProgramOp extends infer O ? (O extends { k: 'hypercall'; args: infer A } ? A : never) : never
  ): ProgramOp => ({
    k: 'hypercall',
    nr,
    args: [...args],
  }),
  load: (addr: number, size: 1 | 2 | 4 | 8 = 4): ProgramOp => ({ k: 'load', addr, size }),
  store: (addr: number, value: number, size: 1 | 2 | 4 | 8 = 4): ProgramOp => ({
    k: 'store',
    addr,
    size,
    value,
  }),
  halt: (): ProgramOp => ({ k: 'halt' }),
  own: (offset = 0) => ({ sym: 'addr' as const, kind: 'own' as const, offset }),
};

/** Events of the given kinds, without the fields that do not matter to a test. */
export function only(events: readonly SideEvent[], ...kinds: SideEvent['ev'][]): SideEvent[] {
  return events.filter((e) => kinds.includes(e.ev));
}

/** The `ret` codes of a run's events, in order. */
export function rets(events: readonly SideEvent[]): { nr: number; code: number; out?: readonly number[] }[] {
  return events.flatMap((e) =>
    e.ev === 'ret' ? [{ nr: e.nr, code: e.code, ...(e.out === undefined ? {} : { out: e.out }) }] : [],
  );
}

/** The events a pure transition's actions emit (xstate's `emit` actions, not executed). */
export function emittedOf(actions: readonly unknown[]): unknown[] {
  return actions.flatMap((a) => {
    const x = a as { type: string; params?: { event?: unknown } };
    return x.type === 'xstate.emit' && x.params?.event !== undefined ? [x.params.event] : [];
  });
}
