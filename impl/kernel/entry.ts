/**
 * Kernel entries: the machine calls the kernel once per entry (impl/machine firmware.ts) and
 * the kernel answers with its cost and what the CPU does next. This file runs an entry's body
 * and then everything PRTOS does on the way out of the kernel.
 *
 * Cost (spec/timing R10): what the body charged (hypercall, interrupt sources, trap, HM records,
 * bytes copied), plus `contextSwitch` if the entry ends with a different thread (R5). The
 * outgoing vCPU's exec clock stops and the incoming one's starts at the end of the entry (R6).
 * Then the CPU timer is programmed (R10), the intended per-slot line masks are set (hwirq.ts),
 * and the thread returned to is entered: a vCPU on its first entry after a (re)start goes
 * through `start_up_guest` (cache flags set, no interrupt delivery, kthread.c:66-73); any other
 * gets the result of its hypercall — now, or the pending one of a call that switched it away —
 * and `raise_pend_irqs` (irqs.c:321-381).
 *
 * Control flow that never returns in C unwinds the body: the whole system stopping
 * (`SystemStop`), the calling vCPU restarted in place (`EnterGuest`), the scheduler entering
 * `idle_task` for the empty plan (`IdleTask`) or hanging in its catch-up loop (`CpuHang`).
 */
import { KTHREAD_FLAGS_SET_AT_GUEST_START } from '../../spec/constants/vcpu.js';
import type { KernelExit } from '../machine/index.js';
import type { HcResult } from './hypercalls/result.js';
import { switchLineMasks } from './hwirq.js';
import { setFlags } from './kthread.js';
import { programTimer, resumeVclock, stopVclock } from './ktimer.js';
import { switchTo } from './sched.js';
import {
  CpuHang,
  EnterGuest,
  IdleTask,
  SystemStop,
  type EntryKind,
  type KernelContext,
  type Kthread,
  type LocalCpu,
} from './state.js';
import { raisePendIrqs } from './virq.js';

/** What a hypercall entry's body reports about its caller. */
export interface HypercallOutcome {
  readonly caller: Kthread;
  readonly nr: number;
  readonly result: HcResult | null;
}

const HALT_CPU: KernelExit['then'] = { run: 'halt' };

export function runEntry(
  k: KernelContext,
  cpu: LocalCpu,
  now: number,
  kind: EntryKind,
  baseCost: number,
  body: () => HypercallOutcome | void,
): KernelExit {
  const start = cpu.current;
  const startContext = start?.context ?? null;
  const e = { kind, cpu, now, cost: baseCost, start, bytesCopied: 0 };
  k.entry = e;
  let hc: HypercallOutcome | void = undefined;
  try {
    hc = body();
  } catch (x) {
    if (x instanceof SystemStop) {
      k.obs.flushStates(now, k.partitions);
      return { cost: cost(k, e.cost, e.bytesCopied, false), then: HALT_CPU };
    }
    if (x instanceof CpuHang) {
      cpu.hung = true;
      k.obs.flushStates(now, k.partitions);
      return { cost: cost(k, e.cost, e.bytesCopied, false), then: HALT_CPU };
    }
    if (x instanceof IdleTask) {
      if (cpu.current !== null) switchTo(k, cpu, null);
    } else if (!(x instanceof EnterGuest)) throw x;
  }
  const end = cpu.current;
  const total = cost(k, e.cost, e.bytesCopied, end !== start);
  const at = now + total;
  if (end !== start) {
    if (start !== null) stopVclock(k, start, at);
    if (end !== null) resumeVclock(k, end, at);
  }
  programTimer(k, cpu);
  switchLineMasks(k, cpu);

  let result: number | undefined;
  if (
    hc !== undefined &&
    hc.result !== null &&
    hc.result.kind === 'return' &&
    hc.caller.context === startContext
  ) {
    const r = hc.result;
    if (end === hc.caller) {
      result = r.value;
      emitRet(k, hc.caller, hc.nr, r.value, r.out);
    } else hc.caller.pending = { nr: hc.nr, value: r.value, out: r.out };
  }
  let then: KernelExit['then'] = { run: 'idle' };
  if (end !== null) {
    const context = end.context;
    if (context === null) throw new Error(`${end.label} was scheduled without a guest context`);
    if (end.fresh) {
      end.fresh = false;
      setFlags(k, end, KTHREAD_FLAGS_SET_AT_GUEST_START);
    } else {
      if (result === undefined && end.pending !== null) {
        const p = end.pending;
        end.pending = null;
        result = p.value;
        emitRet(k, end, p.nr, p.value, p.out);
      }
      raisePendIrqs(k, end, result ?? 0);
    }
    then =
      result === undefined
        ? { run: 'guest', context, mmu: end.part.mmu }
        : { run: 'guest', context, mmu: end.part.mmu, result };
  }
  k.obs.flushStates(now, k.partitions);
  return { cost: total, then };
}

function cost(k: KernelContext, base: number, bytes: number, switched: boolean): number {
  const t = k.timing.kernel;
  return base + bytes * t.perByteCopied + (switched ? t.contextSwitch : 0);
}

function emitRet(
  k: KernelContext,
  kt: Kthread,
  nr: number,
  code: number,
  out: readonly number[] | undefined,
): void {
  const ev = {
    t: k.entry.now,
    ev: 'ret' as const,
    cpu: k.entry.cpu.id,
    part: kt.part.id,
    vcpu: kt.vcpu,
    nr,
    code,
  };
  k.obs.emit(out === undefined ? ev : { ...ev, out: [...out] });
}
