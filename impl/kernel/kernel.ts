/**
 * The emulated PRTOS kernel: its state (state.ts `KernelContext`), its boot (`setup_kernel`,
 * `setup_partitions`, core/kernel/setup.c:160-277; prtos-states §6.1) and its entries from the
 * machine (impl/machine `Firmware`).
 *
 * Boot, as spec/timing R7 and prtos-states §6.1 have it: before the run the kernel builds every
 * partition (all vCPUs HALTED, P0), prints its boot lines (`--fidelity real`), and cold-resets
 * each partition that has an image with the status `reset_status_init[0]`, leaving the
 * partition's op mode IDLE (P1). That state is the run's state at t = 0, so these changes are
 * not reported as events. Each CPU's boot entry at T0 enables its scheduler and makes the
 * first decision: plan 0 starts there.
 */
import {
  HM_ACTIONS,
  defaultHmTable,
  hmActionByXmlName,
  type HmSlot,
} from '../../spec/constants/hmActions.js';
import { hmEventByXmlName } from '../../spec/constants/hmEvents.js';
import { hmLogRecordSize } from '../../spec/constants/hmLog.js';
import { hypercallCost, TIMING, type TimingTable } from '../../spec/timing.js';
import { initialKthreadFlags, OP_MODE } from '../../spec/constants/vcpu.js';
import type { SideEvent } from '../../spec/lockstep.js';
import type { HmEventEntry, SystemConfig } from '../../spec/config/types.js';
import type { Fidelity } from '../../spec/trace/vocabulary.js';
import {
  type CpuId,
  type Fault,
  type Firmware,
  type InterruptSources,
  type KernelExit,
  type Machine,
} from '../machine/index.js';
import { archPort, type ArchPort } from './archPort.js';
import { bootBanner, partitionLines } from './bootLines.js';
import { KernelConsole, type ConsoleListener } from './console.js';
import { buildDevices, MemBlock } from './devices.js';
import { runEntry } from './entry.js';
import { SeededFaults } from './faults.js';
import type { HmLogRecord } from './hm.js';
import { dispatchHypercall } from './hypercalls/dispatch.js';
import { handleLine, setupHwLines } from './hwirq.js';
import { haltVcpu, resetPartition } from './lifecycle.js';
import { timerHandler } from './ktimer.js';
import { buildAddressSpace, placePctArrays, vcpuCpus } from './layout.js';
import { LogStream } from './logStream.js';
import { Observer } from './observe.js';
import { PctMemory } from './pctMemory.js';
import { Quirks } from './quirks.js';
import { IDLE_PLAN, initialSchedData, schedule } from './sched.js';
import {
  Kthread,
  Partition,
  type Entry,
  type GuestLoader,
  type KernelContext,
  type LocalCpu,
  type SchedPlan,
  type SystemCounters,
  type SystemState,
} from './state.js';
import { faultTrap, doHypTrap } from './traps.js';
import { createView, type KernelView } from './view.js';

export interface KernelOptions {
  /** A configuration that passed validation (spec/config/validate). */
  readonly config: SystemConfig;
  /** Quirk ids from spec/decisions switched on. */
  readonly quirks: ReadonlySet<string>;
  /** Seeded fault ids (faults.ts); none by default. */
  readonly faults?: ReadonlySet<string>;
  readonly fidelity: Fidelity;
  readonly loader: GuestLoader;
  /** Every observation and every `hypercall` guest event, as it happens. */
  observe(ev: SideEvent): void;
  /** Every console line (kernel and partitions) in output order. */
  console?(line: { readonly t: number; readonly part: number | null; readonly text: string }): void;
  /**
   * Partitions with no image in the container (`PRTOS_PART_BOOT` clear): not started at boot,
   * and a reset of them fails. Default: every partition has one.
   */
  readonly withoutImage?: ReadonlySet<number>;
}

export interface Kernel {
  /** Read-only state for the abstraction function. */
  readonly view: KernelView;
}

class KernelImpl implements KernelContext, Firmware, Kernel {
  readonly machine: Machine;
  readonly config: SystemConfig;
  readonly arch: SystemConfig['arch'];
  readonly port: ArchPort;
  readonly timing: TimingTable;
  readonly quirks: Quirks;
  readonly faults: SeededFaults;
  readonly fidelity: Fidelity;
  readonly loader: GuestLoader;
  readonly pct: PctMemory;
  readonly obs: Observer;
  readonly console: KernelConsole;
  readonly partitions: Partition[] = [];
  readonly kthreads: Kthread[] = [];
  readonly cpus: LocalCpu[] = [];
  readonly schedPlans: SchedPlan[][];
  readonly lineOwner: (Partition | undefined)[] = [];
  readonly hmHypTable: readonly HmSlot[];
  readonly hmLog: LogStream<HmLogRecord>;
  hmSeq = 0;
  readonly system: SystemState = { status: 'running', resetCounter: 0, resetStatusInit: 0 };
  readonly counters: SystemCounters = { numOfHmEvents: 0, numOfIrqs: 0, currentMaf: 0 };
  panicking: string | null = null;
  entry: Entry;
  readonly view: KernelView;

  constructor(machine: Machine, opts: KernelOptions) {
    const config = opts.config;
    this.machine = machine;
    this.config = config;
    this.arch = config.arch;
    this.port = archPort(config.arch);
    this.timing = TIMING[config.arch];
    this.quirks = new Quirks(opts.quirks);
    this.faults = new SeededFaults(opts.faults ?? []);
    this.fidelity = opts.fidelity;
    this.loader = opts.loader;
    this.pct = new PctMemory(machine.memory, config.arch);
    this.obs = new Observer((ev) => opts.observe(ev));
    if (machine.cpuCount !== config.hw.processors.length) {
      throw new RangeError(
        `the machine has ${machine.cpuCount} CPUs; the configuration ${config.hw.processors.length}`,
      );
    }
    const devices = buildDevices(config, machine.memory);
    const onLine: ConsoleListener = (line) => {
      this.obs.emit({ t: line.t, ev: 'console', part: line.part, text: line.text });
      opts.console?.(line);
    };
    this.console = new KernelConsole(
      machine,
      config.hypervisor.console === undefined ? undefined : devices.get(config.hypervisor.console),
      config.partitions.map((p) => (p.console === undefined ? undefined : devices.get(p.console))),
      onLine,
    );
    const hmDev =
      config.hypervisor.healthMonitorDevice === undefined
        ? undefined
        : devices.get(config.hypervisor.healthMonitorDevice);
    this.hmLog = new LogStream<HmLogRecord>(
      hmDev instanceof MemBlock ? hmDev : undefined,
      hmLogRecordSize(config.arch),
    );
    this.hmHypTable = hmTable(config, 'hypervisor', config.hypervisor.healthMonitor);
    this.schedPlans = config.hw.processors.map((proc) =>
      proc.plans.map((plan) => ({
        id: plan.id,
        name: plan.name,
        majorFrame: plan.majorFrame,
        slots: plan.slots.map((s) => ({
          id: s.id,
          start: s.start,
          end: s.start + s.duration,
          part: s.partitionId,
          vcpu: s.vcpuId,
        })),
      })),
    );
    this.#buildPartitions(opts.withoutImage ?? new Set());
    this.cpus = machine.cpus.map((hw, i) => ({
      id: i,
      hw,
      schedEnabled: false,
      current: null,
      sched: initialSchedData(this.schedPlans[i]?.[0] ?? IDLE_PLAN),
      hung: false,
      believed: Infinity,
      sbiOverride: false,
    }));
    this.entry = {
      kind: 'setup',
      cpu: this.cpus[0] as LocalCpu,
      now: machine.now,
      cost: 0,
      start: null,
      bytesCopied: 0,
    };
    for (const p of this.partitions)
      for (const line of p.cfg.interrupts?.lines ?? []) this.lineOwner[line] = p;
    setupHwLines(this);
    this.view = createView(this);
  }

  #buildPartitions(withoutImage: ReadonlySet<number>): void {
    const config = this.config;
    const pcts = placePctArrays(config);
    const cpusOf = vcpuCpus(config);
    const ignoreFlags = this.arch === 'riscv64' && this.quirks.on('riscv-stage2-ignores-area-flags');
    config.partitions.forEach((cfg, i) => {
      const place = pcts[i] as (typeof pcts)[number];
      const mmu = buildAddressSpace(this.machine.mmu, config, this.port, i, place, ignoreFlags);
      const first = cfg.areas[0];
      let hwIrqs = 0;
      for (const l of cfg.interrupts?.lines ?? []) hwIrqs |= 1 << l;
      const p = new Partition(
        cfg.id,
        cfg,
        !withoutImage.has(cfg.id),
        cfg.flags.includes('system'),
        cfg.flags.includes('fp'),
        mmu,
        place.array,
        place.slot,
        hmTable(config, 'partition', cfg.healthMonitor),
        hwIrqs >>> 0,
        first === undefined ? 0 : first.mappedAt,
      );
      for (let v = 0; v < cfg.vcpus; v++) {
        const kt = new Kthread(p, v, cpusOf[i]?.[v] ?? -1, place.array + v * place.slot);
        kt.flags = initialKthreadFlags({
          fp: p.fp,
          system: p.system,
          numOfPartitions: config.partitions.length,
        });
        kt.opMode = OP_MODE.IDLE;
        this.pct.set(kt.pct, 'partCtrlTableSize', place.slot);
        p.vcpus.push(kt);
        this.kthreads.push(kt);
      }
      this.partitions.push(p);
    });
  }

  /** A CPU's boot entry at T0 (R7): its scheduler is enabled and makes its first decision. */
  boot(cpu: CpuId, now: number): KernelExit {
    const local = this.cpus[cpu] as LocalCpu;
    return runEntry(this, local, now, 'boot', 0, () => {
      local.schedEnabled = true;
      schedule(this);
    });
  }

  /** `setup_partitions` and what precedes it on the console (§6.1), before the run. */
  setup(): void {
    const t = this.entry.now;
    const real = this.fidelity === 'real';
    if (real)
      for (const line of bootBanner(this.config, this.port.cpuKhz)) this.console.print(t, `${line}\n`);
    this.partitions.forEach((p, i) => {
      if (real) for (const line of partitionLines(this.config, i, p.cfg)) this.console.print(t, `${line}\n`);
      if (!p.bootable) return;
      if (!resetPartition(this, p, 'cold', this.system.resetStatusInit, 'boot')) {
        this.console.print(t, `Unable to reset partition ${p.id}\n`);
      }
      p.opMode = OP_MODE.IDLE;
    });
    this.obs.baseline(this.partitions);
  }

  interrupt(cpu: CpuId, now: number, sources: InterruptSources): KernelExit {
    const local = this.cpus[cpu] as LocalCpu;
    const k = this.timing.kernel;
    const base =
      (sources.timer ? k.timerInterrupt : 0) +
      (sources.ipi ? k.ipi : 0) +
      k.hwInterrupt * sources.lines.length;
    return runEntry(this, local, now, 'interrupt', base, () => {
      if (sources.timer) {
        this.counters.numOfIrqs++;
        this.obs.emit({ t: now, ev: 'tick', cpu: local.id });
        timerHandler(this, local);
      }
      if (sources.ipi) this.counters.numOfIrqs++;
      for (const line of sources.lines) {
        this.counters.numOfIrqs++;
        handleLine(this, line);
      }
      schedule(this);
    });
  }

  hypercall(cpu: CpuId, now: number, nr: number, args: readonly number[]): KernelExit {
    const local = this.cpus[cpu] as LocalCpu;
    const caller = local.current;
    if (caller === null) throw new Error(`cpu ${cpu}: a hypercall with no vCPU current`);
    this.obs.emit({
      t: now,
      ev: 'hypercall',
      cpu: local.id,
      part: caller.part.id,
      vcpu: caller.vcpu,
      nr,
      args: [...args],
    });
    return runEntry(this, local, now, 'hypercall', hypercallCost(this.timing, nr), () => ({
      caller,
      nr,
      result: dispatchHypercall(this, caller, nr, args),
    }));
  }

  fault(cpu: CpuId, now: number, fault: Fault): KernelExit {
    const local = this.cpus[cpu] as LocalCpu;
    return runEntry(this, local, now, 'fault', this.timing.kernel.trap, () => {
      const { trap, ctxt } = faultTrap(this, fault);
      doHypTrap(this, trap, ctxt);
    });
  }

  guestHalt(cpu: CpuId, now: number): KernelExit {
    const local = this.cpus[cpu] as LocalCpu;
    return runEntry(this, local, now, 'halt', this.timing.kernel.trap, () => {
      const cur = local.current;
      if (cur !== null) {
        haltVcpu(this, cur);
        schedule(this);
      }
    });
  }
}

/** An HM table: the parser's defaults with the configuration's entries over them (§4.4). */
function hmTable(
  config: SystemConfig,
  level: 'partition' | 'hypervisor',
  entries: readonly HmEventEntry[],
): HmSlot[] {
  const table = [...defaultHmTable(config.arch, level)];
  for (const e of entries) {
    const event = hmEventByXmlName(config.arch, e.event);
    const action = hmActionByXmlName(e.action);
    if (event === undefined || action === undefined || !HM_ACTIONS.includes(action)) continue;
    table[event] = { action, log: e.log };
  }
  return table;
}

/**
 * Boots the kernel on `machine` (attaching itself as its firmware): builds every partition and
 * cold-resets those with an image, before the run starts (t = 0).
 */
export function bootKernel(machine: Machine, opts: KernelOptions): Kernel {
  const k = new KernelImpl(machine, opts);
  k.setup();
  machine.attach(k);
  return k;
}
