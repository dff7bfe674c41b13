/**
 * The hypercall dispatcher (prtos-hypercalls §2; core/kernel/riscv64/traps.c:134-265,
 * core/kernel/x86/entry.S).
 *
 * Per port: riscv64, aarch64 and loongarch64 handle IRET (44) and RAISE_TRAP (45) before the
 * table, and riscv64 takes a number above 45 as the legacy SBI set_timer (pseudo.ts); x86 and
 * amd64 have a separate IRET gate (`X86_IRET_GATE`). A number outside the table or an empty slot
 * returns -1 in the real kernel (A11, quirk `unknown-hypercall-minus-one`) and intendedly
 * UNKNOWN_HYPERCALL (-2); x86 prints `Hypercall (n) unknown` either way.
 *
 * Arguments are narrowed to the widths the call declares (spec/constants/hypercalls.ts): the
 * handler sees each register as its C prototype would (HC-ERRATA-4: truncation is prtos-ref's
 * definition). On x86 a 64-bit time occupies two registers, low word first.
 */
import {
  hypercallByNumber,
  PRTOS_IRET_NR,
  PRTOS_RAISE_TRAP_NR,
  RISCV64_SBI_LEGACY_ABOVE,
  type HypercallArgType,
} from '../../../spec/constants/hypercalls.js';
import { X86_IRET_GATE } from '../../../spec/constants/guestIsa.js';
import { RETURN_CODES } from '../../../spec/constants/returnCodes.js';
import { objectCall } from '../objects/objdir.js';
import type { KernelContext, Kthread } from '../state.js';
import {
  clearIrqMaskSys,
  clearIrqsSys,
  forceIrqsSys,
  raiseIpviSys,
  raisePartIpviSys,
  routeIrqSys,
  setIrqMaskSys,
} from './irq.js';
import { multicallSys } from './multicall.js';
import {
  haltPartitionSys,
  haltSystemSys,
  idleSelfSys,
  resetPartitionSys,
  resetSystemSys,
  resumePartitionSys,
  shutdownPartitionSys,
  suspendPartitionSys,
} from './partition.js';
import { getGidByNameSys, switchSchedPlanSys } from './plan.js';
import { iretSys, raiseTrapSys, sbiSetTimer, x86IretSys } from './pseudo.js';
import { ret, type HcHandler, type HcResult } from './result.js';
import { getTimeSys, setTimerSys } from './time.js';
import { getVcpuIdSys, haltVcpuSys, resetVcpuSys, resumeVcpuSys, suspendVcpuSys } from './vcpu.js';
import {
  clearIfSys,
  invldTlbSys,
  loadGdtSys,
  loadIdtrSys,
  notModelledSys,
  overrideTrapHndlSys,
  setIfSys,
  setPageTypeSys,
  updatePage32Sys,
} from './x86.js';

const obj =
  (op: 'read' | 'write' | 'seek' | 'ctrl'): HcHandler =>
  (k, caller, a) =>
    objectCall(k, caller, op, a[0] ?? 0, a.slice(1));

/** The handler of each table slot this kernel implements. */
const HANDLERS: ReadonlyMap<number, HcHandler> = new Map<number, HcHandler>([
  [0, multicallSys],
  [1, haltPartitionSys],
  [2, suspendPartitionSys],
  [3, resumePartitionSys],
  [4, resetPartitionSys],
  [5, shutdownPartitionSys],
  [6, haltSystemSys],
  [7, resetSystemSys],
  [8, idleSelfSys],
  [9, getTimeSys],
  [10, setTimerSys],
  [11, obj('read')],
  [12, obj('write')],
  [13, obj('seek')],
  [14, obj('ctrl')],
  [15, clearIrqMaskSys],
  [16, setIrqMaskSys],
  [17, forceIrqsSys],
  [18, clearIrqsSys],
  [19, routeIrqSys],
  [20, updatePage32Sys],
  [21, setPageTypeSys],
  [22, invldTlbSys],
  [23, raiseIpviSys],
  [24, raisePartIpviSys],
  [25, overrideTrapHndlSys],
  [26, switchSchedPlanSys],
  [27, getGidByNameSys],
  [28, resetVcpuSys],
  [29, haltVcpuSys],
  [30, suspendVcpuSys],
  [31, resumeVcpuSys],
  [32, getVcpuIdSys],
  [33, notModelledSys],
  [34, notModelledSys],
  [35, notModelledSys],
  [36, notModelledSys],
  [37, loadGdtSys],
  [38, loadIdtrSys],
  [39, notModelledSys],
  [40, notModelledSys],
  [41, notModelledSys],
  [42, setIfSys],
  [43, clearIfSys],
]);

const TWO32 = 2 ** 32;
const TWO64 = 2 ** 64;

/** A register narrowed to an argument type (the C prototype's view of it). */
export function narrow(k: KernelContext, type: HypercallArgType, v: number): number {
  switch (type) {
    case 'u8':
      return ((v % 256) + 256) % 256;
    case 'u16':
      return ((v % 65536) + 65536) % 65536;
    case 'u32':
    case 'objDesc':
      return ((v % TWO32) + TWO32) % TWO32;
    case 's32':
      return (((v % TWO32) + TWO32) % TWO32) | 0;
    case 'time':
      return v;
    case 'id':
    case 'address':
    case 'word':
    case 'uSize':
    case 'pointer':
      if (k.port.wordBytes === 4 || (type === 'id' && k.port.x86Family)) return ((v % TWO32) + TWO32) % TWO32;
      return v < 0 ? v + TWO64 : v;
  }
}

/** The declared arguments of `nr` from the raw registers. */
function decodeArgs(k: KernelContext, nr: number, regs: readonly number[]): number[] | undefined {
  const h = hypercallByNumber(k.arch, nr);
  if (h === undefined) return undefined;
  const out: number[] = [];
  let r = 0;
  for (const a of h.args) {
    if (a.type === 'time' && k.arch === 'x86') {
      const lo = (((regs[r] ?? 0) % TWO32) + TWO32) % TWO32;
      const hi = (regs[r + 1] ?? 0) | 0;
      out.push(hi * TWO32 + lo);
      r += 2;
    } else {
      out.push(narrow(k, a.type, regs[r] ?? 0));
      r += 1;
    }
  }
  return out;
}

function unknown(k: KernelContext, nr: number): HcResult {
  if (k.port.printsUnknownHypercall) k.console.print(k.entry.now, `Hypercall (${nr}) unknown\n`);
  return ret(
    k.quirks.on('unknown-hypercall-minus-one') ? RETURN_CODES.NO_ACTION : RETURN_CODES.UNKNOWN_HYPERCALL,
  );
}

/** A table hypercall with its raw registers; `null` for a call that did not return a value. */
export function runTableEntry(
  k: KernelContext,
  caller: Kthread,
  nr: number,
  regs: readonly number[],
): number | null {
  const r = runTable(k, caller, nr, regs);
  return r.kind === 'return' ? r.value : null;
}

function runTable(k: KernelContext, caller: Kthread, nr: number, regs: readonly number[]): HcResult {
  const handler = HANDLERS.get(nr);
  const args = decodeArgs(k, nr, regs);
  if (handler === undefined || args === undefined) return unknown(k, nr);
  return handler(k, caller, args);
}

/** Dispatches hypercall op `nr` of the current vCPU `caller`. */
export function dispatchHypercall(
  k: KernelContext,
  caller: Kthread,
  nr: number,
  regs: readonly number[],
): HcResult {
  if (k.port.pseudoHypercalls) {
    if (k.arch === 'riscv64' && nr > RISCV64_SBI_LEGACY_ABOVE) return sbiSetTimer(k, nr);
    if (nr === PRTOS_IRET_NR) return iretSys(k, caller);
    if (nr === PRTOS_RAISE_TRAP_NR) return raiseTrapSys(k, [regs[0] ?? 0]);
  } else if (nr === X86_IRET_GATE) {
    return x86IretSys(k, caller, nr);
  }
  return runTable(k, caller, nr, regs);
}
