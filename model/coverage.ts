/**
 * Coverage of the model: the list of every state and transition of the four machines with the
 * requirement ids and note rows they carry, and a recorder that counts how often each was taken
 * in generated runs, together with the note rows that are not transitions of a machine (the
 * partition rows P0–P15 and vCPU rows V1–V9 fired by the coordinator, the delivery stages of
 * §5.4, HM action × level) and each hypercall × return code cell.
 *
 * Denominators come from the machine definitions, not from the runs (TOOLCHAIN.md: @xstate/graph
 * advice), so unreached items show as zeros.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { HM_ACTIONS } from '../spec/constants/index.js';

export interface MachineItem {
  readonly machine: string;
  /** `state` items name a state node; `transition` items a candidate of an event in a state. */
  readonly kind: 'state' | 'transition';
  /** Stable id: `vcpu.halted.no` or `vcpu.halted.no:HALT#0`. */
  readonly id: string;
  readonly requirements: readonly string[];
  readonly rows: readonly string[];
  /** Why the item cannot be reached in slice 1, when the model knows it cannot (excluded from "reachable"). */
  readonly unreachable?: string;
  /** For transitions: event type, candidate index, guard name (if any) and targets. */
  readonly event?: string;
  readonly guard?: string;
  readonly targets?: readonly string[];
}

interface Meta {
  readonly requirements?: readonly string[];
  readonly rows?: readonly string[];
  readonly unreachable?: string;
}

function metaOf(m: unknown): Meta {
  return typeof m === 'object' && m !== null ? (m as Meta) : {};
}

function guardName(g: unknown): string | undefined {
  if (g === undefined) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'object' && g !== null && 'type' in g) {
    const t = (g as { type: unknown; params?: unknown }).type;
    const params = (g as { params?: unknown }).params;
    return params === undefined ? String(t) : `${String(t)}(${JSON.stringify(params)})`;
  }
  return 'inline';
}

/** Every state node and transition candidate of `machine`, in document order. */
export function machineItems(name: string, machine: AnyStateMachine): readonly MachineItem[] {
  const out: MachineItem[] = [];
  const visit = (node: AnyStateNode): void => {
    const stateId = [name, ...node.path].join('.');
    const m = metaOf(node.meta);
    out.push({
      machine: name,
      kind: 'state',
      id: stateId,
      requirements: m.requirements ?? [],
      rows: m.rows ?? [],
      ...(m.unreachable === undefined ? {} : { unreachable: m.unreachable }),
    });
    for (const [event, candidates] of node.transitions) {
      candidates.forEach((t, i) => {
        const tm = metaOf(t.meta);
        const guard = guardName(t.guard);
        out.push({
          machine: name,
          kind: 'transition',
          id: `${stateId}:${event}#${i}`,
          requirements: tm.requirements ?? [],
          rows: tm.rows ?? [],
          ...(tm.unreachable === undefined ? {} : { unreachable: tm.unreachable }),
          event,
          ...(guard === undefined ? {} : { guard }),
          targets: (t.target ?? []).map((s: AnyStateNode) => [name, ...s.path].join('.')),
        });
      });
    }
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return out;
}

/** The id of a transition definition as `machineItems` names it. */
export function transitionId(name: string, t: { source: AnyStateNode; eventType: string }): string {
  const stateId = [name, ...t.source.path].join('.');
  const candidates = t.source.transitions.get(t.eventType) ?? [];
  const i = candidates.indexOf(t as never);
  return `${stateId}:${t.eventType}#${i}`;
}

/** The ids of every state node active in a machine's state `value` (the root included). */
export function stateIds(name: string, value: unknown): string[] {
  const out = [name];
  const walk = (prefix: string, v: unknown): void => {
    if (typeof v === 'string') {
      out.push(`${prefix}.${v}`);
      return;
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        out.push(`${prefix}.${k}`);
        walk(`${prefix}.${k}`, child);
      }
    }
  };
  walk(name, value);
  return out;
}

/** The note rows the coordinator records (not machine transitions). */
export const COORDINATOR_ROWS: readonly string[] = [
  ...['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11', 'P12', 'P14', 'P15'],
  ...['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7'],
  ...[
    'delivery:trapPending',
    'delivery:extendedTrap',
    'delivery:hwIrq',
    'delivery:extIrq',
    'delivery:blocked',
  ],
  ...HM_ACTIONS.flatMap((a) => [`hm:partition:${a}`, `hm:hypervisor:${a}`]),
  'hm:fastPropagate',
];

/**
 * Rows of the notes the model does not implement, with the reason (listed, never counted):
 * P13 needs the x86 virtual IDT, V8/V9 are riscv64 SBI HSM paths outside slice 1.
 */
export const ROWS_OUT_OF_SCOPE: Readonly<Record<string, string>> = {
  P13: 'part_panic comes from a bad x86 virtual-interrupt frame; the model has no virtual IDT (DESIGN.md, Known limitations).',
  V8: 'riscv64 SBI HSM hart_start: not a PRTOS hypercall; outside slice 1.',
  V9: 'riscv64 SBI HSM hart_stop: not a PRTOS hypercall; outside slice 1.',
};

/** Counts hits of machine items, coordinator rows and hypercall × return-code cells. */
export class CoverageRecorder {
  readonly items = new Map<string, number>();
  readonly rows = new Map<string, number>();
  readonly hypercalls = new Map<string, number>();

  hitItem(id: string): void {
    this.items.set(id, (this.items.get(id) ?? 0) + 1);
  }

  hitRow(row: string): void {
    this.rows.set(row, (this.rows.get(row) ?? 0) + 1);
  }

  hitHypercall(nr: number, code: number): void {
    const key = `${nr}:${code}`;
    this.hypercalls.set(key, (this.hypercalls.get(key) ?? 0) + 1);
  }

  /** Adds another recorder's counts (for merging the runs of a suite). */
  merge(other: CoverageRecorder): void {
    for (const [k, v] of other.items) this.items.set(k, (this.items.get(k) ?? 0) + v);
    for (const [k, v] of other.rows) this.rows.set(k, (this.rows.get(k) ?? 0) + v);
    for (const [k, v] of other.hypercalls) this.hypercalls.set(k, (this.hypercalls.get(k) ?? 0) + v);
  }
}
