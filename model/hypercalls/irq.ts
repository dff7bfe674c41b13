/**
 * Interrupt hypercalls: masks and pending bits (15–18), routing (19), IPVIs (23, 24), the x86
 * virtual interrupt flag (42, 43), and the riscv-like pseudo-hypercalls IRET (44) and RAISE_TRAP
 * (45) (prtos-hypercalls §2.2, §3.14–§3.18, §3.22–§3.23, §3.32; prtos-states §5.3, §5.6).
 *
 * All act on the calling vCPU's own PCT (S3), except IPVIs, which reach the destinations the
 * configuration gives the caller as their source. Intended semantics: 42/43 return OK (HC-A51),
 * RAISE_TRAP ignores a number that is not a trap of the architecture (ST-A19) and otherwise takes
 * the trap path of prtos-states §4.3, leaving a0 — the returned value — unchanged (HC-A52).
 *
 * Requirements: REQ-IRQ-9..13, REQ-IRQ-18, REQ-IRQ-22..24, REQ-HM-5.
 */
import {
  EXT_IRQ,
  RETURN_CODES as RC,
  ROUTE_IRQ_LIMIT,
  ROUTE_IRQ_TYPE,
  trapToHmEvent,
} from '../../spec/constants/index.js';
import { takeTrap } from '../hmPath.js';
import { arg, code, ok, type Call, type Outcome } from './call.js';

const X86_FAMILY = new Set(['x86', 'amd64']);

function owned(c: Call): number {
  return c.w.view.partitions[c.caller.part]?.ownedLines ?? 0;
}

/** 15 clear_irqmask(hw, ext). */
export function clearIrqmask(c: Call): Outcome {
  c.w.sendVcpu(c.caller, { type: 'CLEAR_MASK', hw: arg(c, 0), ext: arg(c, 1) }, c.at);
  return ok();
}

/** 16 set_irqmask(hw, ext). */
export function setIrqmask(c: Call): Outcome {
  c.w.sendVcpu(c.caller, { type: 'SET_MASK', hw: arg(c, 0), ext: arg(c, 1) }, c.at);
  return ok();
}

function newlySet(before: number, bits: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < 32; i++) if (((bits >>> i) & 1) === 1 && ((before >>> i) & 1) === 0) out.push(i);
  return out;
}

/**
 * 17 set_irqpend(hw, ext): any extended bit of the caller (HC-A57); hardware bits the partition
 * does not own become pending in the PCT; owned lines are forced at the interrupt controller and
 * come back as a hardware interrupt (x86 family; the other ports have no controller path, §5.1).
 */
export function setIrqpend(c: Call): Outcome {
  const hw = arg(c, 0) >>> 0;
  const ext = arg(c, 1) >>> 0;
  const { w, caller, at } = c;
  const ctx = w.vcpu(caller).context;
  const mine = owned(c);
  const virtualHw = (hw & ~mine) >>> 0;
  for (const i of newlySet(ctx.extPend, ext))
    w.emit({ t: at, ev: 'virqPend', part: caller.part, vcpu: caller.vcpu, irq: i, kind: 'ext' });
  for (const i of newlySet(ctx.hwPend, virtualHw)) {
    w.emit({ t: at, ev: 'virqPend', part: caller.part, vcpu: caller.vcpu, irq: i, kind: 'hw' });
  }
  w.sendVcpu(caller, { type: 'FORCE_PEND', hw: virtualHw, ext }, at);
  if (X86_FAMILY.has(w.view.arch)) {
    for (let line = 0; line < 32; line++) {
      if (((hw & mine) >>> line) & 1 && !w.pendingLines.has(line)) w.pendingLines.set(line, at);
    }
  }
  return ok();
}

/** 18 clear_irqpend(hw, ext): also clears owned lines at the controller. */
export function clearIrqpend(c: Call): Outcome {
  const hw = arg(c, 0) >>> 0;
  c.w.sendVcpu(c.caller, { type: 'CLEAR_PEND', hw, ext: arg(c, 1) }, c.at);
  const mine = owned(c);
  for (let line = 0; line < 32; line++) if (((hw & mine) >>> line) & 1) c.w.pendingLines.delete(line);
  return ok();
}

/** 19 route_irq(type, irq, vector). */
export function routeIrq(c: Call): Outcome {
  const type = arg(c, 0);
  const irq = arg(c, 1);
  const vector = arg(c, 2);
  if (irq >= ROUTE_IRQ_LIMIT) return code(RC.INVALID_PARAM);
  const table =
    type === ROUTE_IRQ_TYPE.TRAP
      ? 'trap'
      : type === ROUTE_IRQ_TYPE.HWIRQ
        ? 'hw'
        : type === ROUTE_IRQ_TYPE.EXTIRQ
          ? 'ext'
          : null;
  if (table === null) return code(RC.INVALID_PARAM);
  c.w.sendVcpu(c.caller, { type: 'ROUTE', table, irq, vector }, c.at);
  return ok();
}

function ipviDestinations(c: Call, n: number): readonly number[] {
  const id = n - EXT_IRQ.IPVI0;
  const entry = c.w.view.config.ipvis.find((i) => i.id === id && i.sourceId === c.caller.part);
  return entry?.destinationIds ?? [];
}

function inIpviRange(n: number): boolean {
  return n >= EXT_IRQ.IPVI0 && n <= EXT_IRQ.IPVI7;
}

/** Makes IPVI `n` pending on every vCPU of `part` that is not halted and does not have it yet. */
function deliverIpvi(c: Call, part: number, n: number): void {
  const { w } = c;
  for (const r of w.refsOf(part)) {
    if (w.flags(r).halted || ((w.vcpu(r).context.extPend >>> n) & 1) === 1) continue;
    w.pendExt(r, n, c.at, true);
    w.notify(w.cpuOf(r), c.cpu, c.at);
  }
}

/** 23 raise_ipvi(n). */
export function raiseIpvi(c: Call): Outcome {
  const n = arg(c, 0) & 0xff;
  if (!inIpviRange(n)) return code(RC.INVALID_PARAM);
  const dsts = ipviDestinations(c, n);
  if (dsts.length === 0) return code(RC.NO_ACTION);
  for (const p of dsts) deliverIpvi(c, p, n);
  return ok();
}

/** 24 raise_partition_ipvi(p, n). */
export function raisePartitionIpvi(c: Call): Outcome {
  const p = arg(c, 0);
  const n = arg(c, 1) & 0xff;
  if (!inIpviRange(n)) return code(RC.INVALID_PARAM);
  const dsts = ipviDestinations(c, n);
  if (dsts.length === 0) return code(RC.INVALID_CONFIG);
  if (!dsts.includes(p)) return code(RC.INVALID_CONFIG);
  const { w } = c;
  if (w.refsOf(p).every((r) => ((w.vcpu(r).context.extPend >>> n) & 1) === 1)) return code(RC.NO_ACTION);
  deliverIpvi(c, p, n);
  return ok();
}

/** 42 / 43 x86_set_if / x86_clear_if: the virtual interrupt flag; OK (intended side of HC-A51). */
export function setIf(on: boolean) {
  return (c: Call): Outcome => {
    c.w.sendVcpu(c.caller, { type: 'SET_IF', on }, c.at);
    return ok();
  };
}

/**
 * IRET: 44 on riscv64, aarch64, loongarch64; the IRET gate on x86 and amd64. Ends the delivery in
 * progress; the result register is not a return code (the model answers the number, as a0 keeps it).
 */
export function iret(c: Call): Outcome {
  c.w.sendVcpu(c.caller, { type: 'IRET' }, c.at);
  return { kind: 'return', code: c.nr };
}

/** Number of traps an architecture defines (trap events 6 .. 6 + n − 1). */
const ARCH_TRAPS = 9;

/** 45 RAISE_TRAP(trap): the partition raises a trap against itself; a0 (the result) is unchanged. */
export function raiseTrap(c: Call): Outcome {
  const trap = arg(c, 0);
  if (Number.isInteger(trap) && trap >= 0 && trap < ARCH_TRAPS) {
    c.cost.hmEvents += takeTrap(c.w, c.cpu, c.at, c.caller, trap, trapToHmEvent(trap));
  }
  return { kind: 'return', code: c.nr };
}
