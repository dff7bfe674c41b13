/**
 * Interrupt hypercalls 15–19 and the inter-partition virtual interrupts 23–24
 * (prtos-hypercalls §3.14–§3.18, §3.22, §3.23; prtos-states §5.3, §5.6;
 * core/kernel/hypercalls.c:400-497, 565-632).
 *
 * The mask and pending calls act on the calling vCPU's PCT only (A57 intended: a partition may
 * fake its own interrupts); for lines the partition owns they also act at the controller
 * (hwirq.ts). IPVI destinations come from the caller's own configuration: only the configured
 * source can raise an IPVI, and only towards its destinations. Each destination vCPU that is not
 * halted and does not have it pending gets it, and its CPU is notified if it is another.
 */
import { ROUTE_IRQ_LIMIT, ROUTE_IRQ_TYPE } from '../../../spec/constants/hypercallArgs.js';
import { EXT_IRQ, PRTOS_VT_EXT_MAX } from '../../../spec/constants/virqs.js';
import { BUILD_CONFIG } from '../../../spec/constants/limits.js';
import { KTHREAD_FLAGS } from '../../../spec/constants/vcpu.js';
import { clearLine, forceLine } from '../hwirq.js';
import { flagsSet } from '../kthread.js';
import { crossCpuNotify } from '../sched.js';
import type { KernelContext, Kthread, Partition } from '../state.js';
import { setExtIrqPending } from '../virq.js';
import { arg, INVALID_CONFIG, INVALID_PARAM, NO_ACTION, OK, type HcHandler } from './result.js';

function eachBit(mask: number, f: (bit: number) => void): void {
  for (let b = 0; b < 32; b++) if ((mask >>> b) & 1) f(b);
}

export const clearIrqMaskSys: HcHandler = (k, caller, a) => {
  const hw = arg(a, 0) >>> 0;
  const ext = arg(a, 1) >>> 0;
  k.pct.set(caller.pct, 'hwIrqsMask', (k.pct.get(caller.pct, 'hwIrqsMask') & ~hw) >>> 0);
  k.pct.set(caller.pct, 'extIrqsToMask', (k.pct.get(caller.pct, 'extIrqsToMask') & ~ext) >>> 0);
  return OK;
};

export const setIrqMaskSys: HcHandler = (k, caller, a) => {
  const hw = arg(a, 0) >>> 0;
  const ext = arg(a, 1) >>> 0;
  k.pct.set(caller.pct, 'hwIrqsMask', (k.pct.get(caller.pct, 'hwIrqsMask') | hw) >>> 0);
  k.pct.set(caller.pct, 'extIrqsToMask', (k.pct.get(caller.pct, 'extIrqsToMask') | ext) >>> 0);
  return OK;
};

export const forceIrqsSys: HcHandler = (k, caller, a) => {
  const hw = arg(a, 0) >>> 0;
  const ext = arg(a, 1) >>> 0;
  const t = k.entry.now;
  const oldExt = k.pct.get(caller.pct, 'extIrqsPend');
  k.pct.set(caller.pct, 'extIrqsPend', (oldExt | ext) >>> 0);
  eachBit(ext & ~oldExt, (b) => k.obs.virqPend(t, caller, b, 'ext'));
  const owned = hw & caller.part.hwIrqs;
  eachBit(owned, (b) => forceLine(k, b));
  const virtual = (hw & ~owned) >>> 0;
  const oldHw = k.pct.get(caller.pct, 'hwIrqsPend');
  k.pct.set(caller.pct, 'hwIrqsPend', (oldHw | virtual) >>> 0);
  eachBit(virtual & ~oldHw, (b) => k.obs.virqPend(t, caller, b, 'hw'));
  return OK;
};

export const clearIrqsSys: HcHandler = (k, caller, a) => {
  const hw = arg(a, 0) >>> 0;
  const ext = arg(a, 1) >>> 0;
  k.pct.set(caller.pct, 'hwIrqsPend', (k.pct.get(caller.pct, 'hwIrqsPend') & ~hw) >>> 0);
  k.pct.set(caller.pct, 'extIrqsPend', (k.pct.get(caller.pct, 'extIrqsPend') & ~ext) >>> 0);
  eachBit(hw & caller.part.hwIrqs, (b) => clearLine(k, b));
  return OK;
};

export const routeIrqSys: HcHandler = (k, caller, a) => {
  const type = arg(a, 0);
  const irq = arg(a, 1);
  const vector = arg(a, 2);
  if (irq >= ROUTE_IRQ_LIMIT) return INVALID_PARAM;
  if (type === ROUTE_IRQ_TYPE.TRAP) k.pct.set(caller.pct, 'trapToVector', vector, irq);
  else if (type === ROUTE_IRQ_TYPE.HWIRQ) k.pct.set(caller.pct, 'hwIrqToVector', vector, irq);
  else if (type === ROUTE_IRQ_TYPE.EXTIRQ) k.pct.set(caller.pct, 'extIrqToVector', vector, irq);
  else return INVALID_PARAM;
  return OK;
};

function ipviInRange(k: KernelContext, n: number): boolean {
  return (
    n >= EXT_IRQ.IPVI0 && n < EXT_IRQ.IPVI0 + BUILD_CONFIG[k.arch].PRTOS_MAX_IPVI && n < PRTOS_VT_EXT_MAX
  );
}

/** The destinations the caller's configuration gives IPVI `n` (its `ipvi_table[n - 24]`). */
function destinations(k: KernelContext, caller: Kthread, n: number): readonly number[] {
  const ipvi = k.config.ipvis.find((i) => i.sourceId === caller.part.id && i.id === n - EXT_IRQ.IPVI0);
  return ipvi?.destinationIds ?? [];
}

function raiseOn(k: KernelContext, p: Partition, n: number): void {
  for (const kt of p.vcpus) {
    if (flagsSet(kt, KTHREAD_FLAGS.HALTED)) continue;
    if ((k.pct.get(kt.pct, 'extIrqsPend') >>> n) & 1) continue;
    setExtIrqPending(k, kt, n);
    if (kt.cpu !== k.entry.cpu.id && kt.cpu >= 0) crossCpuNotify(k, kt.cpu);
  }
}

export const raiseIpviSys: HcHandler = (k, caller, a) => {
  const n = arg(a, 0);
  if (!ipviInRange(k, n)) return INVALID_PARAM;
  const dsts = destinations(k, caller, n);
  if (dsts.length === 0) return NO_ACTION;
  for (const id of dsts) {
    const p = k.partitions[id];
    if (p !== undefined) raiseOn(k, p, n);
  }
  return OK;
};

export const raisePartIpviSys: HcHandler = (k, caller, a) => {
  const id = arg(a, 0);
  const n = arg(a, 1);
  if (!ipviInRange(k, n)) return INVALID_PARAM;
  const dsts = destinations(k, caller, n);
  if (dsts.length === 0) return INVALID_CONFIG;
  if (!dsts.includes(id)) return INVALID_CONFIG;
  const p = k.partitions[id];
  if (p === undefined) return INVALID_CONFIG;
  if (p.vcpus.every((kt) => (k.pct.get(kt.pct, 'extIrqsPend') >>> n) & 1)) return NO_ACTION;
  raiseOn(k, p, n);
  return OK;
};
