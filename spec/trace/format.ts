/**
 * One-line human renderings of trace events, for the step lists of counterexamples and the
 * expected/actual columns of `prtos-ref diff` (DESIGN.md, "The lockstep protocol": the report of
 * the first divergence lists the preceding steps).
 *
 * Shape: `t=<µs> [cpuN] [P<part>.v<vcpu>] <ev> <details>`, e.g.
 * `t=1207389 cpu0 P0.v0 hypercall set_timer(0, 1208389, 0)`. The event name is printed as it is
 * spelled in the JSON Lines file, so a reader can find the line. Hypercalls are named from the
 * table in spec/constants/hypercalls.ts and negative return values from
 * spec/constants/returnCodes.ts; HM events and actions stay numeric. Strings are printed as JSON
 * string literals, so a rendering is always exactly one line. This is for people: nothing
 * parses it back.
 */
import type { Arch } from '../constants/arch.js';
import {
  HYPERCALLS,
  PRTOS_IRET_NR,
  PRTOS_RAISE_TRAP_NR,
  PSEUDO_HYPERCALL_ARCHES,
  hypercallByNumber,
} from '../constants/hypercalls.js';
import { returnCodeName } from '../constants/returnCodes.js';
import type { Runner, TraceEvent } from './vocabulary.js';

export interface FormatOptions {
  /**
   * The trace's architecture (its header's `arch`). With it, a number names a hypercall only if
   * that port's table has it, and the para-virtual IRET / RAISE_TRAP numbers are named on the
   * ports that have them; without it, any table number is named (the numbering is the same on all
   * five ports, prtos-hypercalls §3.1).
   */
  readonly arch?: Arch;
  /** Overrides the names above; `undefined` means "no name": shown as `hc#<nr>`. */
  readonly hypercallName?: (nr: number) => string | undefined;
}

function defaultHypercallName(nr: number, arch: Arch | undefined): string | undefined {
  if (arch === undefined) return HYPERCALLS.find((h) => h.nr === nr)?.name;
  if (PSEUDO_HYPERCALL_ARCHES.includes(arch)) {
    if (nr === PRTOS_IRET_NR) return 'iret';
    if (nr === PRTOS_RAISE_TRAP_NR) return 'raise_trap';
  }
  return hypercallByNumber(arch, nr)?.name;
}

/** A return value, with its name when it is a (negative) error code: `-3 (INVALID_PARAM)`. */
function returnValue(code: number): string {
  const name = code < 0 ? returnCodeName(code) : undefined;
  return name === undefined ? String(code) : `${code} (${name})`;
}

function vcpuLabel(part: number, vcpu: number): string {
  return `P${part}.v${vcpu}`;
}

function runnerLabel(r: Runner): string {
  return r === 'idle' ? 'idle' : vcpuLabel(r.part, r.vcpu);
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export function formatEvent(e: TraceEvent, options: FormatOptions = {}): string {
  const hc = (nr: number) =>
    (options.hypercallName ?? ((n: number) => defaultHypercallName(n, options.arch)))(nr) ?? `hc#${nr}`;
  const at = `t=${e.t}`;
  switch (e.ev) {
    case 'hwIrq':
      return `${at} hwIrq line ${e.line}`;
    case 'fault':
      return `${at} cpu${e.cpu} fault ${e.kind} @${hex(e.addr)}`;
    case 'op': {
      const op = e.op;
      const what =
        op.k === 'compute'
          ? `compute ${op.n}`
          : op.k === 'load'
            ? `load.${op.size} @${hex(op.addr)}`
            : op.k === 'store'
              ? `store.${op.size} @${hex(op.addr)} = ${op.value}`
              : 'halt';
      return `${at} cpu${e.cpu} ${vcpuLabel(e.part, e.vcpu)} op ${what}`;
    }
    case 'hypercall':
      return `${at} cpu${e.cpu} ${vcpuLabel(e.part, e.vcpu)} hypercall ${hc(e.nr)}(${e.args.join(', ')})`;
    case 'ret': {
      const out = e.out === undefined ? '' : ` out [${e.out.join(', ')}]`;
      return `${at} cpu${e.cpu} ${vcpuLabel(e.part, e.vcpu)} ret ${hc(e.nr)} = ${returnValue(e.code)}${out}`;
    }
    case 'tick':
      return `${at} cpu${e.cpu} tick`;
    case 'vcpuState':
      return `${at} ${vcpuLabel(e.part, e.vcpu)} vcpuState ${e.from} -> ${e.to}`;
    case 'partState':
      return `${at} P${e.part} partState ${e.from} -> ${e.to}`;
    case 'switch':
      return `${at} cpu${e.cpu} switch ${runnerLabel(e.from)} -> ${runnerLabel(e.to)}`;
    case 'slot':
      return `${at} cpu${e.cpu} slot plan ${e.plan} slot ${e.slot}`;
    case 'planSwitch':
      return `${at} cpu${e.cpu} planSwitch ${e.from ?? 'none'} -> ${e.to}`;
    case 'hm': {
      const who = e.part === null ? 'hyp' : e.vcpu === null ? `P${e.part}` : vcpuLabel(e.part, e.vcpu);
      const flags = [e.logged ? 'logged' : 'not logged', ...(e.sys ? ['sys'] : [])].join(', ');
      return `${at} cpu${e.cpu} ${who} hm event ${e.event} action ${e.action} (${flags})`;
    }
    case 'virqPend':
      return `${at} ${vcpuLabel(e.part, e.vcpu)} virqPend ${e.kind} ${e.irq}`;
    case 'virqDeliver':
      return `${at} ${vcpuLabel(e.part, e.vcpu)} virqDeliver ${e.kind} ${e.irq} vector ${e.vector}`;
    case 'port':
      return `${at} P${e.part} port ${e.op} port ${e.port} ${e.bytes} bytes`;
    case 'console':
      return `${at} ${e.part === null ? 'hyp' : `P${e.part}`} console ${JSON.stringify(e.text)}`;
    case 'system': {
      const mode = e.mode === undefined ? '' : ` ${e.mode}`;
      const reason = e.reason === undefined ? '' : `: ${JSON.stringify(e.reason)}`;
      return `${at} system ${e.what}${mode}${reason}`;
    }
    default:
      return unreachable(e);
  }
}

function unreachable(e: never): never {
  throw new TypeError(`formatEvent: unknown event ${JSON.stringify(e)}`);
}
