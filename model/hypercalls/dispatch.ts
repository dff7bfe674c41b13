/**
 * The hypercall dispatcher of the model: from a number and its raw register arguments to the
 * handler of this slice, with the arguments narrowed to their declared widths.
 *
 * prtos-hypercalls §2 and §3.1. A number the architecture has no handler for — an empty table
 * slot, 44 and 45 on x86 and amd64, anything beyond — answers UNKNOWN_HYPERCALL (the intended side
 * of HC-A11; the real para-virtual dispatchers answer -1). On riscv64, aarch64 and loongarch64, 44
 * is IRET and 45 RAISE_TRAP, handled before the table (x86 and amd64 return from a virtual
 * interrupt through a gate of their own, the op ISA's `X86_IRET_GATE`, spec/constants/guestIsa.ts);
 * on riscv64 a number above 45 is the legacy
 * SBI set_timer, which must not touch the hypervisor's timer (the intended side of ST-A1) and
 * leaves a0 — the returned value — as it was.
 *
 * Arguments: a hypercall op carries raw register values (spec/trace `hypercall.args`). Each is
 * narrowed to the width its declaration gives (REQ-HCALL-4): unsigned types modulo 2^bits,
 * `s32` and `time` signed. On x86 a 64-bit time occupies two registers (low word first), so
 * set_timer takes five registers there; a program that passes the three logical arguments instead
 * is accepted as well (reported to the lead: spec/program.ts does not say which form programs use).
 *
 * Slice 1 covers 0–19, 23, 24 (IPVIs, cheap to state), 26–32, 42–45. The x86 guest-paging and
 * processor-state calls 20, 21 and 33–41 are outside the model (DESIGN.md, Known limitations):
 * calling one throws `OutOfSliceError`. 22 (invld_tlb) and 25 (override_trap_hndl) have no
 * observable effect and return OK.
 */
import type { Arch } from '../../spec/constants/arch.js';
import {
  hypercallByNumber,
  PRTOS_IRET_NR,
  PRTOS_RAISE_TRAP_NR,
  PSEUDO_HYPERCALL_ARCHES,
  RETURN_CODES as RC,
  X86_IRET_GATE,
  type HypercallArgType,
  type HypercallOnArch,
} from '../../spec/constants/index.js';
import { code, ok, OutOfSliceError, type Call, type Outcome } from './call.js';
import * as irq from './irq.js';
import * as life from './lifecycle.js';
import { multicall } from './multicall.js';
import { objectCall } from './objects.js';
import * as plan from './plan.js';
import * as time from './time.js';

type Handler = (c: Call) => Outcome;

const HANDLERS: Readonly<Record<number, Handler>> = {
  1: life.haltPartition,
  2: life.suspendPartition,
  3: life.resumePartition,
  4: life.resetPartition,
  5: life.shutdownPartition,
  6: life.haltSystem,
  7: life.resetSystem,
  8: life.idleSelf,
  9: time.getTime,
  10: time.setTimer,
  11: objectCall,
  12: objectCall,
  13: objectCall,
  14: objectCall,
  15: irq.clearIrqmask,
  16: irq.setIrqmask,
  17: irq.setIrqpend,
  18: irq.clearIrqpend,
  19: irq.routeIrq,
  22: () => ok(),
  23: irq.raiseIpvi,
  24: irq.raisePartitionIpvi,
  25: () => ok(),
  26: plan.switchSchedPlan,
  27: plan.getGidByName,
  28: life.resetVcpu,
  29: life.haltVcpu,
  30: life.suspendVcpu,
  31: life.resumeVcpu,
  32: life.getVcpuid,
  42: irq.setIf(true),
  43: irq.setIf(false),
};

const SIGNED: ReadonlySet<HypercallArgType> = new Set(['s32', 'time']);

/** `v` narrowed to `bits` (unsigned, or two's complement when `signed`). */
export function narrow(v: number, bits: number, signed: boolean): number {
  if (!Number.isFinite(v)) return v;
  if (bits >= 64) {
    if (signed) return v;
    // An unsigned 64-bit field: negative values are huge; beyond 2^53 a JS number is only
    // approximate, which is enough for every comparison the handlers make.
    return v < 0 ? 2 ** 64 + v : v;
  }
  const r = BigInt.asUintN(bits, BigInt(Math.trunc(v)));
  return Number(signed ? BigInt.asIntN(bits, r) : r);
}

/** The handler's arguments from the raw registers `raw` (REQ-HCALL-4). */
export function narrowArgs(arch: Arch, h: HypercallOnArch, raw: readonly number[]): number[] {
  // spec/lockstep.ts L7: the op's arguments are registers; a 64-bit time on x86 takes two.
  const pairs = arch === 'x86' && h.argRegisters > h.args.length;
  const out: number[] = [];
  let r = 0;
  h.args.forEach((a, i) => {
    const bits = h.argBits[i] ?? 32;
    if (pairs && a.type === 'time') {
      const lo = BigInt.asUintN(32, BigInt(Math.trunc(raw[r] ?? 0)));
      const hi = BigInt.asUintN(32, BigInt(Math.trunc(raw[r + 1] ?? 0)));
      out.push(Number(BigInt.asIntN(64, (hi << 32n) | lo)));
      r += 2;
    } else {
      out.push(narrow(raw[r] ?? 0, bits, SIGNED.has(a.type)));
      r += 1;
    }
  });
  return out;
}

/**
 * Runs hypercall `c.nr` with raw register arguments `raw` for the caller of `c` (whose own `args`
 * are ignored). `canContinue` tells a multicall whether the caller can go on with its batch.
 */
export function dispatch(c: Omit<Call, 'args'>, raw: readonly number[], canContinue: () => boolean): Outcome {
  const arch = c.w.view.arch;
  const nr = c.nr;
  const with_ = (n: number, args: readonly number[]): Call => ({ ...c, nr: n, args });
  if ((arch === 'x86' || arch === 'amd64') && nr === X86_IRET_GATE) return irq.iret(with_(nr, []));
  if (PSEUDO_HYPERCALL_ARCHES.includes(arch)) {
    if (nr === PRTOS_IRET_NR) return irq.iret(with_(nr, []));
    if (nr === PRTOS_RAISE_TRAP_NR) return irq.raiseTrap(with_(nr, [narrow(raw[0] ?? 0, 64, false)]));
  }
  if (arch === 'riscv64' && (nr > PRTOS_RAISE_TRAP_NR || nr < 0)) {
    // Legacy SBI set_timer: intended to leave the hypervisor's timer alone (ST-A1); a0 unchanged.
    return { kind: 'return', code: nr };
  }
  const h = hypercallByNumber(arch, nr);
  if (h === undefined) return code(RC.UNKNOWN_HYPERCALL);
  if (nr === 0) {
    return multicall(
      with_(nr, narrowArgs(arch, h, raw)),
      (n, words) => {
        const inner = hypercallByNumber(arch, n);
        const handler = HANDLERS[n];
        if (inner === undefined || handler === undefined)
          throw new OutOfSliceError(`hypercall ${n} in a multicall`);
        return handler(with_(n, narrowArgs(arch, inner, words)));
      },
      canContinue,
    );
  }
  const handler = HANDLERS[nr];
  if (handler === undefined) throw new OutOfSliceError(`hypercall ${nr} (${h.name})`);
  return handler(with_(nr, narrowArgs(arch, h, raw)));
}
