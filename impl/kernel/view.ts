/**
 * The kernel as the abstraction function sees it (conformance/): everything spec/modelState.ts
 * `ModelState` needs, read straight from the kernel's variables, without re-deriving any of its
 * logic. Values the kernel keeps only in the PCT (reset counter and status, pending and mask
 * words) are not repeated here: the abstraction reads them from the PCT bytes at `pct`
 * (spec/pct.ts), as a status request does.
 *
 * Every getter builds a fresh snapshot; nothing returned aliases kernel state.
 */
import { OP_MODE_NAMES, type OpModeName } from '../../spec/constants/vcpu.js';
import type { Arch } from '../../spec/constants/arch.js';
import { execClock } from './ktimer.js';
import type { HmLogRecord } from './hm.js';
import type { KernelContext, Kthread, SystemStatusName } from './state.js';

export interface TimerView {
  readonly armed: boolean;
  readonly value: number;
  readonly interval: number;
}

export interface ExecTimerView extends TimerView {
  /** The backing kernel timer in HW time is armed (it can be, with the EXEC timer disarmed, under A5). */
  readonly backingArmed: boolean;
  readonly backingValue: number;
}

export interface VcpuView {
  readonly part: number;
  readonly vcpu: number;
  /** The raw kthread flag word (spec/constants KTHREAD_FLAGS). */
  readonly flags: number;
  readonly opMode: OpModeName;
  /** Pinned CPU, -1 if the vCPU has no slot. */
  readonly cpu: number;
  readonly hwTimer: TimerView;
  readonly execTimer: ExecTimerView;
  readonly vclock: { readonly acc: number; readonly delta: number; readonly running: boolean };
  /** Physical address of its PCT. */
  readonly pct: number;
  /** A hypercall result waits for this vCPU to run again. */
  readonly pendingResult: boolean;
}

export interface PartitionView {
  readonly id: number;
  readonly opMode: OpModeName;
  readonly bootable: boolean;
  readonly system: boolean;
  /** Physical address of its PCT array. */
  readonly pctArray: number;
  readonly vcpus: readonly VcpuView[];
}

export type RunnerView = 'idle' | { readonly part: number; readonly vcpu: number };

export interface CpuView {
  readonly id: number;
  readonly planCurrent: number | null;
  readonly planNew: number | null;
  readonly planPrev: number | null;
  readonly planSwitchTime: number;
  readonly slot: number;
  readonly current: RunnerView;
  /** The scheduler data's chosen thread for the interval (`sched.data->kthread`). */
  readonly chosen: RunnerView | 'none';
  readonly nextAct: number;
  readonly startExec: number;
  readonly majorFrame: number;
  readonly schedEnabled: boolean;
  /** Hung in the idle-plan catch-up loop (quirk idle-plan-hang). */
  readonly hung: boolean;
}

export interface HmLogView {
  readonly records: readonly HmLogRecord[];
  readonly capacity: number;
  readonly nextSeq: number;
  readonly locked: boolean;
  readonly cursor: number;
}

export interface SystemView {
  readonly status: SystemStatusName;
  readonly resetCounter: number;
  readonly resetStatusInit: number;
  readonly counters: {
    readonly numOfHmEvents: number;
    readonly numOfIrqs: number;
    readonly currentMaf: number;
  };
}

export interface KernelView {
  readonly arch: Arch;
  readonly partitions: readonly PartitionView[];
  /** Every vCPU, ordered by (partition, vCPU). */
  readonly vcpus: readonly VcpuView[];
  readonly cpus: readonly CpuView[];
  readonly hmLog: HmLogView;
  readonly system: SystemView;
  /** The exec clock of (part, vcpu) at HW time `now`. */
  execClock(part: number, vcpu: number, now: number): number;
}

function vcpuView(kt: Kthread): VcpuView {
  const v = kt.vtimer;
  return {
    part: kt.part.id,
    vcpu: kt.vcpu,
    flags: kt.flags,
    opMode: OP_MODE_NAMES[kt.opMode] as OpModeName,
    cpu: kt.cpu,
    hwTimer: { armed: kt.hwTimer.armed, value: kt.hwTimer.value, interval: kt.hwTimer.interval },
    execTimer: {
      armed: v.armed,
      value: v.value,
      interval: v.interval,
      backingArmed: v.backing.armed,
      backingValue: v.backing.value,
    },
    vclock: { acc: kt.vclock.acc, delta: kt.vclock.delta, running: kt.vclock.enabled },
    pct: kt.pct,
    pendingResult: kt.pending !== null,
  };
}

function runnerView(kt: Kthread | null): RunnerView {
  return kt === null ? 'idle' : { part: kt.part.id, vcpu: kt.vcpu };
}

export function createView(k: KernelContext): KernelView {
  return {
    arch: k.arch,
    get partitions() {
      return k.partitions.map((p) => ({
        id: p.id,
        opMode: OP_MODE_NAMES[p.opMode] as OpModeName,
        bootable: p.bootable,
        system: p.system,
        pctArray: p.pctArray,
        vcpus: p.vcpus.map(vcpuView),
      }));
    },
    get vcpus() {
      return k.kthreads.map(vcpuView);
    },
    get cpus() {
      return k.cpus.map((c): CpuView => {
        const d = c.sched;
        return {
          id: c.id,
          planCurrent: d.current?.id ?? null,
          planNew: d.new.id,
          planPrev: d.prev?.id ?? null,
          planSwitchTime: d.planSwitchTime,
          slot: d.slot,
          current: runnerView(c.current),
          chosen: d.kthread === null ? 'none' : d.kthread === 'idle' ? 'idle' : runnerView(d.kthread),
          nextAct: d.nextAct,
          startExec: d.startExec,
          majorFrame: d.majorFrame,
          schedEnabled: c.schedEnabled,
          hung: c.hung,
        };
      });
    },
    get hmLog() {
      return {
        records: k.hmLog.records(),
        capacity: k.hmLog.maxNumOfElem,
        nextSeq: k.hmSeq,
        locked: k.hmLog.locked,
        cursor: k.hmLog.ctrl.d,
      };
    },
    get system() {
      return {
        status: k.system.status,
        resetCounter: k.system.resetCounter,
        resetStatusInit: k.system.resetStatusInit,
        counters: { ...k.counters },
      };
    },
    execClock(part, vcpu, now) {
      const kt = k.partitions[part]?.vcpus[vcpu];
      if (kt === undefined) throw new RangeError(`no vCPU ${vcpu} in partition ${part}`);
      return execClock(kt, now);
    },
  };
}
