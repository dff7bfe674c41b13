/**
 * Where a vCPU is in its straight-line program (spec/program.ts): the index of the next op, the
 * values earlier ops produced (for `{sym: 'result'}` arguments), the rest of a `compute` that an
 * interrupt cut, and a hypercall whose return is still owed.
 *
 * A program restarts from its first op whenever its vCPU is reset (the vCPU re-enters its entry
 * point, prtos-states §1.3); `epoch` counts the restarts so that work begun before a reset is
 * recognised and dropped. After its last op a program computes forever (an idle guest burns its
 * slot), and after a `halt` op it executes nothing more; either way it holds its CPU like a
 * compute that never ends, and emits no `op` event (spec/lockstep L3).
 */
import type { ProgramOp } from '../spec/program.js';

export interface ProgramRun {
  readonly ops: readonly ProgramOp[];
  /** Index of the next op to start. */
  pc: number;
  /** Value of each op that produced one (hypercall return code, load value). */
  results: (number | undefined)[];
  /** Cycles left of a cut `compute` (0 when none is in progress). */
  computeLeft: number;
  /** A `halt` op ran: nothing more executes until a reset. */
  parked: boolean;
  /** A hypercall whose `ret` is due when the vCPU next returns to the guest. */
  owedReturn: {
    readonly op: number;
    readonly nr: number;
    readonly code: number;
    readonly out: readonly number[] | undefined;
  } | null;
  epoch: number;
  /** Index of the op whose `op` event was emitted: a faulting op run again is not a new op (L3). */
  started: number;
}

export function freshProgram(ops: readonly ProgramOp[], epoch: number): ProgramRun {
  return { ops, pc: 0, results: [], computeLeft: 0, parked: false, owedReturn: null, epoch, started: -1 };
}

/** The op the vCPU would start now, or undefined when it only computes (ops exhausted or parked). */
export function nextOp(p: ProgramRun): ProgramOp | undefined {
  if (p.parked) return undefined;
  return p.ops[p.pc];
}
