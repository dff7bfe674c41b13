/**
 * The kernel's data: partitions, kthreads (one per vCPU), per-CPU scheduler data, timers and
 * clocks, the system and the kernel entry in progress — the variables of prtos-states §0, held
 * the way the real kernel holds them (core/include/kthread.h, local.h, ktimer.h).
 *
 * Behaviour lives in the other files; this one only says what there is. `KernelContext` is the
 * kernel as every other file sees it (the seL4 spec's "kernel state" monad, made explicit): each
 * operation takes it as its first argument, as PRTOS code reaches its globals.
 */
import type { Arch } from '../../spec/constants/arch.js';
import type { HmSlot } from '../../spec/constants/hmActions.js';
import type { OpModeCode } from '../../spec/constants/vcpu.js';
import type { SystemConfig, Partition as PartitionConfig } from '../../spec/config/types.js';
import type { TimingTable } from '../../spec/timing.js';
import type { Fidelity } from '../../spec/trace/vocabulary.js';
import type { ContextId, Cpu, GuestContext, Machine } from '../machine/index.js';
import type { ArchPort } from './archPort.js';
import type { KernelConsole } from './console.js';
import type { SeededFaults } from './faults.js';
import type { HmLogRecord } from './hm.js';
import type { LogStream } from './logStream.js';
import type { Observer } from './observe.js';
import type { PctMemory } from './pctMemory.js';
import type { Quirks } from './quirks.js';

/** Why a guest context is (re)started (the brief's `GuestLoader`). */
export type StartReason = 'boot' | 'cold' | 'warm' | 'vcpu';

export interface GuestLoader {
  /**
   * A fresh guest context for (part, vcpu) entering its image at `entry` with its PCT at guest
   * address `pct` — at boot, at every partition reset (cold/warm) and at reset_vcpu.
   */
  start(req: {
    readonly part: number;
    readonly vcpu: number;
    readonly entry: number;
    readonly pct: number;
    readonly reason: StartReason;
  }): GuestContext;
}

/** A kernel timer (`ktimer_t`, ktimer.h:56-63): absolute value on the HW clock, period, armed. */
export interface KTimer {
  armed: boolean;
  value: number;
  interval: number;
}

/** The EXEC-clock timer (`vtimer_t`): value on the vCPU's exec clock, and its backing ktimer in HW time. */
export interface VTimer {
  armed: boolean;
  value: number;
  interval: number;
  readonly backing: KTimer;
}

/**
 * The exec clock (`vclock_t`): `acc` µs accumulated, `delta` the HW time it last resumed.
 * `stoppedAt` is when it last stopped: a stop takes effect at the end of the kernel entry that
 * switches the vCPU out (spec/timing R6), which may lie after the instant a reader asks about.
 */
export interface VClock {
  acc: number;
  delta: number;
  enabled: boolean;
  stoppedAt: number;
}

/** A hypercall result waiting for its caller to run again (idle_self, suspend self, …). */
export interface PendingReturn {
  readonly nr: number;
  readonly value: number;
  readonly out: readonly number[] | undefined;
}

export class Kthread {
  /** `flags` of `struct __kthread` (kthread.h:69-85), the truth; the PCT holds a mirror. */
  flags = 0;
  /** Per-vCPU op mode (kthread.h:41). */
  opMode: OpModeCode = 0;
  readonly hwTimer: KTimer = { armed: false, value: 0, interval: 0 };
  readonly vtimer: VTimer = {
    armed: false,
    value: 0,
    interval: 0,
    backing: { armed: false, value: 0, interval: 0 },
  };
  readonly vclock: VClock = { acc: 0, delta: 0, enabled: false, stoppedAt: 0 };
  /** The guest context that runs this vCPU; null until its first start. */
  context: GuestContext | null = null;
  /** The context was (re)started and has not run yet: its first entry skips interrupt delivery (§5.4). */
  fresh = false;
  pending: PendingReturn | null = null;
  /** Trap number of the pending trap (TP), for its delivery vector (§5.5). */
  trapNr = 0;
  /** x86: the virtual IF saved by each interrupt frame not yet returned from (IRET restores it). */
  readonly savedIf: number[] = [];

  constructor(
    readonly part: Partition,
    readonly vcpu: number,
    /** The CPU the configuration pins it to (prtos-states §3.7), -1 if it has no slot (A27). */
    readonly cpu: number,
    /** Physical address of its PCT. */
    readonly pct: number,
  ) {}

  /** `PART_VCPU_ID2KID` (kthread.h:32-34). */
  get kid(): number {
    return ((this.vcpu << 8) | (this.part.id & 0xff)) >>> 0;
  }

  get label(): string {
    return `P${this.part.id}.v${this.vcpu}`;
  }
}

export class Partition {
  /** Partition op mode (§1.4). */
  opMode: OpModeCode = 0;
  readonly vcpus: Kthread[] = [];
  /** Number of virtual interrupts raised (`num_of_virqs`, STATUS_ACC). */
  numOfVirqs = 0;

  constructor(
    readonly id: number,
    readonly cfg: PartitionConfig,
    /** `PRTOS_PART_BOOT`: an image is in the container (prtos-states §6.1). */
    readonly bootable: boolean,
    readonly system: boolean,
    readonly fp: boolean,
    /** The MMU context all its vCPUs run in. */
    readonly mmu: ContextId,
    /** Physical address of its PCT array, and of each slot's stride. */
    readonly pctArray: number,
    readonly pctSlot: number,
    /** Its HM table: the defaults with the configuration's overrides (prtos-states §4.4). */
    readonly hmTable: readonly HmSlot[],
    /** Bitmap of the hardware lines it owns (`cfg->hw_irqs`). */
    readonly hwIrqs: number,
    /** Guest address of its image entry point (the first memory area). */
    readonly entry: number,
  ) {}
}

/** One slot of a plan as the scheduler uses it: offsets in µs inside the major frame. */
export interface SchedSlot {
  readonly id: number;
  readonly start: number;
  readonly end: number;
  readonly part: number;
  readonly vcpu: number;
}

export interface SchedPlan {
  readonly id: number;
  readonly name: string | undefined;
  readonly majorFrame: number;
  readonly slots: readonly SchedSlot[];
}

/** The scheduler data of one CPU (`struct sched_data`, local.h:32-45). */
export interface SchedData {
  current: SchedPlan | null;
  new: SchedPlan;
  prev: SchedPlan | null;
  /** Index of the slot being or next to be processed; -1 before the plan starts. */
  slot: number;
  majorFrame: number;
  startExec: number;
  planSwitchTime: number;
  nextAct: number;
  /** The scheduler's own one-shot ktimer (sched.c:186): armed at `next_act` by each decision. */
  readonly timer: KTimer;
  /** The vCPU chosen for the current interval, none (null), or the idle thread after idle_self. */
  kthread: Kthread | null | 'idle';
  /** Plan activations so far (tells the slots of two activations apart for the `slot` event). */
  activations: number;
  lastSlotServed: string;
}

/** One physical CPU as the kernel keeps it (`local_processor_t`). */
export interface LocalCpu {
  readonly id: number;
  readonly hw: Cpu;
  /** `LOCAL_SCHED_ENABLED`: set by the CPU's boot entry. */
  schedEnabled: boolean;
  /** The running thread; null = the CPU's idle thread. */
  current: Kthread | null;
  readonly sched: SchedData;
  /** The CPU hung in the idle-plan catch-up loop (quirk idle-plan-hang). */
  hung: boolean;
  /** The deadline the kernel believes the timer holds (`time.next_act`). */
  believed: number;
  /** A partition overwrote the timer through SBI and the kernel does not know (A1). */
  sbiOverride: boolean;
}

export type EntryKind = 'setup' | 'boot' | 'interrupt' | 'hypercall' | 'fault' | 'halt';

/** The kernel entry in progress on the machine (spec/timing R1, R2, R10). */
export interface Entry {
  readonly kind: EntryKind;
  readonly cpu: LocalCpu;
  /** Its start: every effect and observation of the entry is stamped with it (R2). */
  readonly now: number;
  /** µs the entry costs so far, without the context switch (R10). */
  cost: number;
  /** The thread current when it began (R5: a different thread at the end costs a switch). */
  readonly start: Kthread | null;
  /** Bytes copied between guest and kernel (console, HM reads), charged per byte. */
  bytesCopied: number;
}

export type SystemStatusName = 'running' | 'halted' | 'panicked' | 'reset';

export interface SystemState {
  status: SystemStatusName;
  /** `sys_reset_counter` (prtos-states §6.3). */
  resetCounter: number;
  /** `reset_status_init[0]`: the reset status partitions get at boot. */
  resetStatusInit: number;
}

/** `system_status` counters (prtos-states §7.1; STATUS_ACC). */
export interface SystemCounters {
  numOfHmEvents: number;
  numOfIrqs: number;
  currentMaf: number;
}

export interface KernelContext {
  readonly machine: Machine;
  readonly config: SystemConfig;
  readonly arch: Arch;
  readonly port: ArchPort;
  readonly timing: TimingTable;
  readonly quirks: Quirks;
  readonly faults: SeededFaults;
  readonly fidelity: Fidelity;
  readonly loader: GuestLoader;
  readonly pct: PctMemory;
  readonly obs: Observer;
  readonly console: KernelConsole;
  readonly partitions: readonly Partition[];
  /** Every kthread, ordered by (partition, vCPU). */
  readonly kthreads: readonly Kthread[];
  readonly cpus: readonly LocalCpu[];
  /** The plans of each CPU, by plan id (prtos-states §3.1). */
  readonly schedPlans: readonly (readonly SchedPlan[])[];
  /** Owner partition of each hardware line, or undefined (prtos-states §5.1). */
  readonly lineOwner: readonly (Partition | undefined)[];
  /** The hypervisor HM table (prtos-states §4.4). */
  readonly hmHypTable: readonly HmSlot[];
  readonly hmLog: LogStream<HmLogRecord>;
  /** Next HM sequence number (hm.c:28). */
  hmSeq: number;
  readonly system: SystemState;
  readonly counters: SystemCounters;
  /** The message of the system_panic in progress, if any (a panic inside a panic halts at once, A8). */
  panicking: string | null;
  /** The entry in progress (a pseudo-entry while the kernel is set up before the run). */
  entry: Entry;
}

/** Thrown to unwind a kernel entry when the whole system stops (halt, reset, panic). */
export class SystemStop extends Error {
  override readonly name = 'SystemStop';
}

/** Thrown when the calling vCPU is restarted in place and never returns (`start_up_guest`, kthread.c:507-515). */
export class EnterGuest extends Error {
  override readonly name = 'EnterGuest';
}

/** Thrown when the scheduler enters `idle_task` from `make_plan_switch` (idle plan, A9). */
export class IdleTask extends Error {
  override readonly name = 'IdleTask';
}

/** Thrown when the idle-plan catch-up loop never ends (A9): the CPU hangs with interrupts off. */
export class CpuHang extends Error {
  override readonly name = 'CpuHang';
}
