/**
 * The abstraction function: from the emulated kernel and machine to `ModelState`.
 *
 * DESIGN.md "The lockstep protocol": after every step `abstract(kernelState)` must equal the
 * model state, and `abstract` covers every `ModelState` field. Most fields come from the kernel's
 * variables as its view exposes them (impl/kernel/view.ts); the reset counter and status and the
 * four pending/mask words are read from the PCT bytes in emulated memory (spec/pct.ts), because
 * that is where PRTOS keeps them (prtos-states §1.3, §5.3) and where a status request reads them.
 *
 * Fields of the kernel left out of `ModelState`, and why (the model has no counterpart):
 * - `next_act`, `start_exec`, `major_frame`, the cached `sched.data->kthread`: the scheduler's
 *   implementation of the slot grid; the declarative model states the grid itself, and any error
 *   in them shows in `slot`, `current` and the observations;
 * - the backing kernel timer of an EXEC timer: an implementation detail (its misbehaviour, A5,
 *   shows as a panic or a spurious interrupt);
 * - the vclock's `acc`/`delta` split: only their sum at `now` is observable (`execClock`);
 * - STATUS_ACC counters: only readable through the status object, whose results are compared as
 *   `ret` observations;
 * - the HM log's lock state and read cursor: observable only through the HM object's results;
 * - PCT fields other than the six above (routing vectors, slot info, iflags): observable through
 *   delivered vectors, `slot` observations and guest loads, which are compared as events.
 */
import { pctField, type PctFieldName } from '../spec/pct.js';
import { KTHREAD_FLAGS } from '../spec/constants/vcpu.js';
import type { ModelState } from '../spec/modelState.js';
import type { KernelView } from '../impl/kernel/index.js';
import type { PhysicalMemory } from '../impl/machine/index.js';

export function abstractState(view: KernelView, memory: PhysicalMemory, now: number): ModelState {
  const arch = view.arch;
  const read = (pct: number, name: PctFieldName): number => {
    const f = pctField(arch, name);
    return f.size === 8
      ? Number(memory.readBig(pct + f.offset, 8) & 0xffffffffn)
      : memory.read(pct + f.offset, f.size as 1 | 2 | 4);
  };
  const vcpus = view.vcpus.map((v) => ({
    part: v.part,
    vcpu: v.vcpu,
    cpu: v.cpu,
    halted: (v.flags & KTHREAD_FLAGS.HALTED) !== 0,
    suspended: (v.flags & KTHREAD_FLAGS.SUSPENDED) !== 0,
    ready: (v.flags & KTHREAD_FLAGS.READY) !== 0,
    trapPending: (v.flags & KTHREAD_FLAGS.TRAP_PENDING) !== 0,
    opMode: v.opMode,
    resetCounter: read(v.pct, 'resetCounter'),
    resetStatus: read(v.pct, 'resetStatus'),
    execClock: view.execClock(v.part, v.vcpu, now),
    hwTimer: v.hwTimer.armed ? { value: v.hwTimer.value, interval: v.hwTimer.interval } : null,
    execTimer: v.execTimer.armed ? { value: v.execTimer.value, interval: v.execTimer.interval } : null,
    hwIrqsPend: read(v.pct, 'hwIrqsPend'),
    hwIrqsMask: read(v.pct, 'hwIrqsMask'),
    extIrqsPend: read(v.pct, 'extIrqsPend'),
    extIrqsMask: read(v.pct, 'extIrqsToMask'),
  }));
  const status = view.system.status;
  return {
    t: now,
    system: {
      status:
        status === 'running'
          ? 'running'
          : status === 'halted'
            ? 'halted'
            : status === 'reset'
              ? 'reset'
              : 'panicked',
      resetCounter: view.system.resetCounter,
    },
    partitions: view.partitions.map((p) => ({ id: p.id, opMode: p.opMode })),
    vcpus,
    cpus: view.cpus.map((c) => ({
      id: c.id,
      planCurrent: c.planCurrent,
      planNew: c.planNew,
      planPrev: c.planPrev,
      planSwitchTime: c.planSwitchTime,
      slot: c.slot,
      current: c.current,
    })),
    hmLog: {
      records: view.hmLog.records.map((r) => ({
        seq: r.seq,
        event: r.event,
        part: r.part,
        vcpu: r.vcpu,
        sys: r.sys,
        timestamp: r.timestamp,
      })),
      capacity: view.hmLog.capacity,
      nextSeq: view.hmLog.nextSeq,
    },
    ports: [],
    channels: [],
  };
}
