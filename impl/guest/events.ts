/**
 * The `op` guest event (spec/lockstep.ts L3): stamped with the machine's current instant and the
 * acting CPU when an op starts for the first time.
 *
 * The guest runtime learns both from the machine (`Machine.now`, `Machine.acting`), which sets
 * them around the call that asks a guest context for its next op. Hypercall ops produce no `op`
 * event: the kernel emits the `hypercall` event when the trap is taken.
 */
import type { SideEvent } from '../../spec/lockstep.js';
import type { GuestOp as TraceGuestOp } from '../../spec/trace/vocabulary.js';
import type { GuestOp, Machine } from '../machine/index.js';

/** What the guest runtime needs of the machine. */
export type GuestMachine = Pick<
  Machine,
  'now' | 'acting' | 'costs' | 'pendingCompute' | 'inflightOp' | 'injectFault'
>;

/** Receives guest-originated events as they happen. */
export type Observe = (ev: SideEvent) => void;

/** The trace form of a machine op; undefined for a hypercall (not an `op` event). */
export function traceOp(op: GuestOp): TraceGuestOp | undefined {
  switch (op.k) {
    case 'hypercall':
      return undefined;
    case 'store': {
      const value = typeof op.value === 'bigint' ? Number(op.value) : op.value;
      if (!Number.isSafeInteger(value)) {
        throw new RangeError(`guest runtime: store value ${String(op.value)} cannot appear in a trace`);
      }
      return { k: 'store', addr: op.addr, size: op.size, value };
    }
    case 'load':
      return { k: 'load', addr: op.addr, size: op.size };
    case 'compute':
      return { k: 'compute', n: op.n };
    case 'halt':
      return { k: 'halt' };
  }
}

/** Emits the `op` event of `op` for (part, vcpu), if it is one. */
export function emitOp(
  machine: GuestMachine,
  observe: Observe | undefined,
  part: number,
  vcpu: number,
  op: GuestOp,
): void {
  if (observe === undefined) return;
  const t = traceOp(op);
  if (t === undefined) return;
  const cpu = machine.acting;
  if (cpu === null) throw new Error('guest runtime: an op was asked for outside a CPU action');
  observe({ t: machine.now, ev: 'op', cpu, part, vcpu, op: t });
}
