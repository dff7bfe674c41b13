/**
 * Witness records: what the hardware saw, kept apart from any kernel code.
 *
 * DESIGN.md (impl/machine, "Properties"): the spatial and temporal isolation properties are
 * judged on these records, never on the kernel's own bookkeeping — a kernel bug cannot hide
 * itself by also corrupting what it reports. The CPU and memory fill them in; nothing else can.
 *
 * - `ops`: every guest op (or part of a cut compute) the CPUs executed, with the MMU context.
 * - `writes`: every physical write, tagged with who made it: a guest store (with its MMU
 *   context), the kernel during an entry on some CPU (tagged with the guest context that CPU
 *   was running when the entry began, or null), or the loader (outside any CPU activity, e.g.
 *   images placed in memory before the run).
 * - `vectors`: every vector delivered to a guest context (at the op boundary where the guest
 *   sees it, not when the kernel asked for it).
 * - `faults`: every MMU fault of a guest op and every injected exception taken.
 * - `cpuActivity`: per CPU, back-to-back intervals covering [0, now): booting, guest (with the
 *   context), kernel (with the context current at entry), idle, halted. Adjacent intervals of
 *   the same activity and context are merged.
 *
 * Each kind can be switched off (benchmarks); all are on by default.
 */
import type { Access, ContextId, CpuId } from './ids.js';
import type { ExceptionKind } from './firmware.js';
import type { GuestOp } from './isa.js';
import type { MmuFaultKind } from './mmu.js';

export const WITNESS_KINDS = ['ops', 'writes', 'vectors', 'faults', 'cpuActivity'] as const;
export type WitnessKind = (typeof WITNESS_KINDS)[number];

/**
 * How an op record ended: `completed`; `cut` (a compute interrupted after running from `t` to
 * `until`; its rest is a later record); `fault` (an MMU fault, the op did not execute);
 * `trap` (a hypercall: the kernel entry it made starts at `t`).
 */
export type OpOutcome = 'completed' | 'cut' | 'fault' | 'trap';

export interface OpRecord {
  readonly cpu: CpuId;
  /** When the op (or this part of a compute) started. */
  readonly t: number;
  /** When the guest time it used ended (`t` for a fault or a trap). */
  readonly until: number;
  readonly context: string;
  readonly mmu: ContextId;
  readonly op: GuestOp;
  readonly outcome: OpOutcome;
}

export type Writer = 'guest' | 'kernel' | 'loader';

export interface WriteRecord {
  /** null for the loader. */
  readonly cpu: CpuId | null;
  readonly t: number;
  readonly by: Writer;
  readonly context: string | null;
  readonly mmu: ContextId | null;
  readonly paddr: number;
  readonly size: number;
}

export interface VectorRecord {
  readonly cpu: CpuId;
  readonly t: number;
  readonly context: string;
  readonly vector: number;
}

export interface FaultRecord {
  readonly cpu: CpuId;
  readonly t: number;
  /** The guest context current on the CPU (null if it was idle, for an injected exception). */
  readonly context: string | null;
  readonly mmu: ContextId | null;
  readonly source: 'mmu' | 'injected';
  readonly kind: MmuFaultKind | ExceptionKind;
  /** The failing byte (MMU) or the injected address. */
  readonly vaddr: number;
  /** The access attempted (MMU); null for an injected exception. */
  readonly access: Access | null;
}

export type Activity = 'boot' | 'guest' | 'kernel' | 'idle' | 'halted';

export interface ActivityRecord {
  readonly cpu: CpuId;
  readonly from: number;
  readonly to: number;
  readonly what: Activity;
  readonly context: string | null;
}

export class Witness {
  readonly #ops: OpRecord[] = [];
  readonly #writes: WriteRecord[] = [];
  readonly #vectors: VectorRecord[] = [];
  readonly #faults: FaultRecord[] = [];
  /** Per CPU, its intervals in time order. */
  readonly #activity: ActivityRecord[][] = [];
  /** `#activity` flattened, CPU by CPU; rebuilt when asked for after a change. */
  #activityView: readonly ActivityRecord[] | null = null;
  readonly #on: Record<WitnessKind, boolean> = {
    ops: true,
    writes: true,
    vectors: true,
    faults: true,
    cpuActivity: true,
  };

  constructor(recording: Partial<Record<WitnessKind, boolean>> = {}) {
    for (const k of WITNESS_KINDS) this.#on[k] = recording[k] ?? true;
  }

  get ops(): readonly OpRecord[] {
    return this.#ops;
  }
  get writes(): readonly WriteRecord[] {
    return this.#writes;
  }
  get vectors(): readonly VectorRecord[] {
    return this.#vectors;
  }
  get faults(): readonly FaultRecord[] {
    return this.#faults;
  }
  /**
   * Every CPU's intervals: CPU 0's in time order, then CPU 1's, and so on. (Grouped by CPU
   * rather than by closing time so that the list does not depend on how a run was cut into
   * `runUntil` steps.)
   */
  get cpuActivity(): readonly ActivityRecord[] {
    this.#activityView ??= this.#activity.flat();
    return this.#activityView;
  }

  /** The intervals of one CPU, in time order. */
  activityOf(cpu: CpuId): readonly ActivityRecord[] {
    return this.#activity[cpu] ?? [];
  }

  isRecording(kind: WitnessKind): boolean {
    return this.#on[kind];
  }

  /** Turns one kind of record on or off (records already kept stay). */
  setRecording(kind: WitnessKind, on: boolean): void {
    this.#on[kind] = on;
  }

  recordOp(
    cpu: CpuId,
    t: number,
    until: number,
    context: string,
    mmu: ContextId,
    op: GuestOp,
    outcome: OpOutcome,
  ): void {
    if (this.#on.ops) this.#ops.push({ cpu, t, until, context, mmu, op, outcome });
  }

  recordWrite(
    cpu: CpuId | null,
    t: number,
    by: Writer,
    context: string | null,
    mmu: ContextId | null,
    paddr: number,
    size: number,
  ): void {
    if (this.#on.writes) this.#writes.push({ cpu, t, by, context, mmu, paddr, size });
  }

  recordVector(cpu: CpuId, t: number, context: string, vector: number): void {
    if (this.#on.vectors) this.#vectors.push({ cpu, t, context, vector });
  }

  recordFault(record: FaultRecord): void {
    if (this.#on.faults) this.#faults.push(record);
  }

  /** Appends [from, to) for a CPU, merging with its previous interval when they join. */
  recordActivity(cpu: CpuId, from: number, to: number, what: Activity, context: string | null): void {
    if (!this.#on.cpuActivity || to <= from) return;
    while (this.#activity.length <= cpu) this.#activity.push([]);
    const list = this.#activity[cpu] as ActivityRecord[];
    this.#activityView = null;
    const last = list[list.length - 1];
    if (last !== undefined && last.to === from && last.what === what && last.context === context) {
      list[list.length - 1] = { cpu, from: last.from, to, what, context };
    } else list.push({ cpu, from, to, what, context });
  }
}
