/**
 * Test support for code that runs on the machine: a guest context that plays a fixed op list,
 * and a firmware whose entries are plain functions and which logs every call.
 *
 * Used by this folder's tests; the kernel's and guest runtime's tests may use them too (the
 * scripted guest is the simplest way to drive a kernel; the recording firmware the simplest
 * way to drive a guest runtime). Not exported from `index.ts`: production code has no use for it.
 */
import type { Fault, Firmware, InterruptSources, KernelExit } from './firmware.js';
import type { CpuId } from './ids.js';
import type { DeliverOutcome, GuestContext, GuestOp, OpResult } from './isa.js';

/** A guest context that plays `ops` and then computes `tail` µs at a time forever. */
export class ScriptedGuest implements GuestContext {
  readonly label: string;
  readonly issued: GuestOp[] = [];
  readonly completed: OpResult[] = [];
  readonly delivered: number[] = [];
  #next = 0;
  readonly #ops: readonly GuestOp[];
  readonly #tail: number;
  readonly #onDeliver: (vector: number) => DeliverOutcome;

  constructor(
    label: string,
    ops: readonly GuestOp[],
    options: { tail?: number; onDeliver?: (vector: number) => DeliverOutcome } = {},
  ) {
    this.label = label;
    this.#ops = ops;
    this.#tail = options.tail ?? 1000;
    this.#onDeliver = options.onDeliver ?? (() => 'resume');
  }

  /** How many ops of the script have been handed out. */
  get position(): number {
    return this.#next;
  }

  nextOp(): GuestOp {
    const op = this.#ops[this.#next] ?? { k: 'compute', n: this.#tail };
    if (this.#next < this.#ops.length) this.#next++;
    this.issued.push(op);
    return op;
  }

  complete(result: OpResult): void {
    this.completed.push(result);
  }

  deliver(vector: number): DeliverOutcome {
    this.delivered.push(vector);
    return this.#onDeliver(vector);
  }
}

/** One logged firmware call. */
export type FirmwareCall =
  | { readonly entry: 'boot'; readonly cpu: CpuId; readonly now: number }
  | {
      readonly entry: 'interrupt';
      readonly cpu: CpuId;
      readonly now: number;
      readonly sources: InterruptSources;
    }
  | {
      readonly entry: 'hypercall';
      readonly cpu: CpuId;
      readonly now: number;
      readonly nr: number;
      readonly args: readonly number[];
    }
  | { readonly entry: 'fault'; readonly cpu: CpuId; readonly now: number; readonly fault: Fault }
  | { readonly entry: 'guestHalt'; readonly cpu: CpuId; readonly now: number };

export interface FirmwareScript {
  boot?(cpu: CpuId, now: number): KernelExit;
  interrupt?(cpu: CpuId, now: number, sources: InterruptSources): KernelExit;
  hypercall?(cpu: CpuId, now: number, nr: number, args: readonly number[]): KernelExit;
  fault?(cpu: CpuId, now: number, fault: Fault): KernelExit;
  guestHalt?(cpu: CpuId, now: number): KernelExit;
}

const IDLE: KernelExit = { cost: 0, then: { run: 'idle' } };

/** A firmware made of the given functions (missing ones: cost 0, go idle); logs every call. */
export class ScriptedFirmware implements Firmware {
  readonly calls: FirmwareCall[] = [];
  readonly #script: FirmwareScript;

  constructor(script: FirmwareScript = {}) {
    this.#script = script;
  }

  boot(cpu: CpuId, now: number): KernelExit {
    this.calls.push({ entry: 'boot', cpu, now });
    return this.#script.boot?.(cpu, now) ?? IDLE;
  }
  interrupt(cpu: CpuId, now: number, sources: InterruptSources): KernelExit {
    this.calls.push({ entry: 'interrupt', cpu, now, sources });
    return this.#script.interrupt?.(cpu, now, sources) ?? IDLE;
  }
  hypercall(cpu: CpuId, now: number, nr: number, args: readonly number[]): KernelExit {
    this.calls.push({ entry: 'hypercall', cpu, now, nr, args });
    return this.#script.hypercall?.(cpu, now, nr, args) ?? IDLE;
  }
  fault(cpu: CpuId, now: number, fault: Fault): KernelExit {
    this.calls.push({ entry: 'fault', cpu, now, fault });
    return this.#script.fault?.(cpu, now, fault) ?? IDLE;
  }
  guestHalt(cpu: CpuId, now: number): KernelExit {
    this.calls.push({ entry: 'guestHalt', cpu, now });
    return this.#script.guestHalt?.(cpu, now) ?? IDLE;
  }
}
