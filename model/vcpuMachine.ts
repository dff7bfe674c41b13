/**
 * The vCPU as an xstate machine (prtos-states §2, §10 "Suggested model structure").
 *
 * Three parallel regions mirror the flags that decide a vCPU's state: `halted` (H), `suspended`
 * (S) and `ready` (R, "started"); the derived state is HALTED if H, else SUSPENDED if S, else
 * READY if R, else IDLE (REQ-VCPU-1). The context holds what else a vCPU carries: its op mode,
 * the trap pending for delivery (TP and its number), the reset counter and status of its PCT, its
 * exec clock, its HW-clock and EXEC-clock timers, the PCT interrupt words, the virtual
 * interrupt-enable (x86), the riscv-like `irq_vector` / `trap_entry`, the routing tables and the
 * slot information.
 *
 * Lifecycle events are the primitives of §1.2 and §1.3 as they act on one vCPU; everything else
 * is an update of the context by the hypercall or kernel path named in its `meta`. Requirements
 * and note rows are in each state's and transition's `meta`, for `prtos-ref model --list` and for
 * coverage. Driven only through xstate's pure `transition`.
 */
import { assign, emit, setup, stateIn } from 'xstate';
import type { Arch } from '../spec/constants/arch.js';
import { MASK_AFTER_RESET } from '../spec/constants/index.js';
import type { OpMode, TimerState } from '../spec/modelState.js';
import type { RequirementId } from '../spec/requirements/types.js';
import type { VirqKind } from '../spec/trace/vocabulary.js';
import { startClock, stopClock, STOPPED_CLOCK, type ExecClock } from './timers.js';
import { defaultRouting, type Routing } from './virq.js';

export interface SlotInfo {
  /** The slot's index in its plan (PCT `num_of_slots`, a misleading name, §3.4 step 7). */
  readonly index: number;
  readonly id: number;
  readonly duration: number;
}

export interface VcpuContext {
  readonly arch: Arch;
  readonly part: number;
  readonly vcpu: number;
  readonly cpu: number;
  readonly opMode: OpMode;
  /** Trap number waiting for delivery (the TP flag), or null. */
  readonly trapPending: number | null;
  readonly resetCounter: number;
  readonly resetStatus: number;
  readonly clock: ExecClock;
  readonly hwTimer: TimerState;
  readonly execTimer: TimerState;
  readonly hwPend: number;
  readonly hwMask: number;
  readonly extPend: number;
  readonly extMask: number;
  readonly virtualIf: boolean;
  /** x86: the virtual IF saved in the interrupt frame of the delivery in progress (IRET restores it). */
  readonly savedIf: boolean | null;
  readonly irqVector: number;
  readonly trapEntry: number;
  readonly routing: Routing;
  readonly slotInfo: SlotInfo;
  /**
   * Restarted and not yet entered: the first return into it starts the guest at its entry point
   * and delivers nothing (REQ-IRQ-14, "not on the first entry after a (re)start").
   */
  readonly fresh: boolean;
}

export type ResetKind = 'cold' | 'warm' | 'vcpu';

export type VcpuEvent =
  /** HALT_VCPU / HALT_PARTITION on this vCPU: H, op mode IDLE (§1.2). */
  | { readonly type: 'HALT' }
  | { readonly type: 'SUSPEND' }
  | { readonly type: 'RESUME' }
  /** `reset_kthread` (§1.3): fresh PCT, counter, status, R set, H cleared. */
  | { readonly type: 'RESET'; readonly kind: ResetKind; readonly status: number }
  /** An extended interrupt made pending by the kernel (V7). */
  | { readonly type: 'PEND_EXT'; readonly irq: number }
  /** A hardware line of the vCPU's partition fired (REQ-IRQ-1). */
  | { readonly type: 'PEND_HW'; readonly line: number }
  /** A propagated trap (HM PROPAGATE, fast or not). */
  | { readonly type: 'TRAP_PENDING'; readonly trap: number }
  /** The hypercalls 15-18 on the caller's own PCT. */
  | { readonly type: 'CLEAR_MASK'; readonly hw: number; readonly ext: number }
  | { readonly type: 'SET_MASK'; readonly hw: number; readonly ext: number }
  | { readonly type: 'FORCE_PEND'; readonly hw: number; readonly ext: number }
  | { readonly type: 'CLEAR_PEND'; readonly hw: number; readonly ext: number }
  | {
      readonly type: 'ROUTE';
      readonly table: 'trap' | 'hw' | 'ext';
      readonly irq: number;
      readonly vector: number;
    }
  | { readonly type: 'SET_TIMERS'; readonly hwTimer: TimerState; readonly execTimer: TimerState }
  /** x86 virtual IF: set_if (42) / clear_if (43). */
  | { readonly type: 'SET_IF'; readonly on: boolean }
  /** IRET (riscv-like 44, x86 IRET gate): ends the delivery in progress. */
  | { readonly type: 'IRET' }
  /** The scheduler selected the vCPU for a slot (§3.4 step 7). */
  | { readonly type: 'SELECTED'; readonly slot: SlotInfo }
  /** Context switch in / out (§3.5): the exec clock starts / stops at `at` (R6). */
  | { readonly type: 'SWITCH_IN'; readonly at: number }
  | { readonly type: 'SWITCH_OUT'; readonly at: number }
  /** A virtual interrupt injected on a return into the guest (§5.4). */
  | { readonly type: 'INJECTED'; readonly kind: VirqKind; readonly irq: number; readonly vector: number }
  /** The first return into a restarted vCPU (it now runs from its entry point). */
  | { readonly type: 'ENTERED' }
  /** The guest stored into its PCT's `trap_entry` field (spec/pct.ts guestWritablePctFields). */
  | { readonly type: 'WRITE_TRAP_ENTRY'; readonly value: number };

/** A pending bit going from 0 to 1 (L4: `virqPend`). */
export interface VirqPendEmitted {
  readonly type: 'virqPend';
  readonly part: number;
  readonly vcpu: number;
  readonly irq: number;
  readonly kind: VirqKind;
}

export interface VcpuInput {
  readonly arch: Arch;
  readonly part: number;
  readonly vcpu: number;
  readonly cpu: number;
}

/** A zeroed PCT's routing tables (P0: the PCT is allocated zero). */
const ZERO_TABLE: readonly number[] = Object.freeze(new Array<number>(32).fill(0));
const ZERO_ROUTING: Routing = Object.freeze({ trap: ZERO_TABLE, hw: ZERO_TABLE, ext: ZERO_TABLE });

/** The PCT state of a vCPU that `setup_pct` produces (REQ-PART-17), keeping what a reset keeps. */
function freshPct(ctx: VcpuContext): Partial<VcpuContext> {
  return {
    hwPend: 0,
    extPend: 0,
    hwMask: MASK_AFTER_RESET,
    extMask: MASK_AFTER_RESET,
    virtualIf: false,
    savedIf: null,
    irqVector: 0,
    trapEntry: 0,
    routing: defaultRouting(ctx.arch),
    slotInfo: { index: 0, id: 0, duration: 0 },
  };
}

const R = (...ids: RequirementId[]): readonly RequirementId[] => ids;

/** Why a pending interrupt never finds a non-halted vCPU without R in slice 1. */
const R_ALWAYS_SET =
  'Every path that clears H sets R (reset), and only the out-of-scope SBI hart_stop clears R: a vCPU that is not halted always has R.';

export const vcpuMachine = setup({
  types: {
    context: {} as VcpuContext,
    events: {} as VcpuEvent,
    emitted: {} as VirqPendEmitted,
    input: {} as VcpuInput,
  },
  guards: {
    notHalted: stateIn({ halted: 'no' }),
    extNewlyPending: ({ context, event }) =>
      event.type === 'PEND_EXT' && ((context.extPend >>> event.irq) & 1) === 0,
    hwNewlyPending: ({ context, event }) =>
      event.type === 'PEND_HW' && ((context.hwPend >>> event.line) & 1) === 0,
  },
  actions: {
    pendExt: assign({
      extPend: ({ context, event }) =>
        event.type === 'PEND_EXT' ? (context.extPend | (1 << event.irq)) >>> 0 : context.extPend,
    }),
    pendHw: assign({
      hwPend: ({ context, event }) =>
        event.type === 'PEND_HW' ? (context.hwPend | (1 << event.line)) >>> 0 : context.hwPend,
    }),
    resetKthread: assign(({ context, event }) => {
      if (event.type !== 'RESET') return {};
      return {
        ...freshPct(context),
        // A cold reset sets the counter to -1 before the increment, so it reads 0 (§1.3).
        resetCounter: event.kind === 'cold' ? 0 : (context.resetCounter + 1) >>> 0,
        resetStatus: event.status >>> 0,
        opMode: event.kind === 'cold' ? 'COLD_RESET' : event.kind === 'warm' ? 'WARM_RESET' : context.opMode,
        // A reset leaves no old trap pending (REQ-HM-24, intended side of ST-A20).
        trapPending: null,
        fresh: true,
      };
    }),
    emitExtPend: emit(({ context, event }) => ({
      type: 'virqPend' as const,
      part: context.part,
      vcpu: context.vcpu,
      irq: event.type === 'PEND_EXT' ? event.irq : 0,
      kind: 'ext' as const,
    })),
    emitTrapPend: emit(({ context, event }) => ({
      type: 'virqPend' as const,
      part: context.part,
      vcpu: context.vcpu,
      irq: event.type === 'TRAP_PENDING' ? event.trap : 0,
      kind: 'trap' as const,
    })),
    emitHwPend: emit(({ context, event }) => ({
      type: 'virqPend' as const,
      part: context.part,
      vcpu: context.vcpu,
      irq: event.type === 'PEND_HW' ? event.line : 0,
      kind: 'hw' as const,
    })),
  },
}).createMachine({
  id: 'vcpu',
  type: 'parallel',
  // xstate builds a machine's initial snapshot without input when it makes an inert actor, so the
  // factory must not assume one.
  context: ({ input }: { input: VcpuInput | undefined }): VcpuContext => ({
    arch: input?.arch ?? 'x86',
    part: input?.part ?? 0,
    vcpu: input?.vcpu ?? 0,
    cpu: input?.cpu ?? -1,
    opMode: 'IDLE',
    trapPending: null,
    resetCounter: 0,
    resetStatus: 0,
    clock: STOPPED_CLOCK,
    hwTimer: null,
    execTimer: null,
    hwPend: 0,
    hwMask: 0,
    extPend: 0,
    extMask: 0,
    virtualIf: false,
    savedIf: null,
    irqVector: 0,
    trapEntry: 0,
    routing: ZERO_ROUTING,
    slotInfo: { index: 0, id: 0, duration: 0 },
    fresh: true,
  }),
  meta: { requirements: R('REQ-VCPU-1', 'REQ-PART-5'), rows: ['P0', '§2.1'] },
  on: {
    // Pending interrupts only reach a vCPU that is not halted; the `halted` region forwards
    // nothing, so these are handled in `halted.no` below (V7, REQ-VCPU-11, REQ-IRQ-8).
    // TP going from 0 to 1 is a `virqPend` of kind `trap` (spec/lockstep.ts L4).
    WRITE_TRAP_ENTRY: {
      actions: assign({ trapEntry: ({ event }) => event.value }),
      meta: { requirements: R('REQ-IRQ-16'), rows: ['§5.4 riscv64 trap_entry'] },
    },
    TRAP_PENDING: [
      {
        guard: ({ context }) => context.trapPending === null,
        actions: ['emitTrapPend', assign({ trapPending: ({ event }) => event.trap })],
        meta: { requirements: R('REQ-IRQ-21', 'REQ-HM-24'), rows: ['§4.3 step 3/5'] },
      },
      {
        actions: assign({ trapPending: ({ event }) => event.trap }),
        meta: { requirements: R('REQ-IRQ-21', 'REQ-HM-24'), rows: ['§4.3 step 3/5'] },
      },
    ],
    CLEAR_MASK: {
      actions: assign({
        hwMask: ({ context, event }) => (context.hwMask & ~event.hw) >>> 0,
        extMask: ({ context, event }) => (context.extMask & ~event.ext) >>> 0,
      }),
      meta: { requirements: R('REQ-IRQ-9'), rows: ['hypercall 15'] },
    },
    SET_MASK: {
      actions: assign({
        hwMask: ({ context, event }) => (context.hwMask | event.hw) >>> 0,
        extMask: ({ context, event }) => (context.extMask | event.ext) >>> 0,
      }),
      meta: { requirements: R('REQ-IRQ-10'), rows: ['hypercall 16'] },
    },
    FORCE_PEND: {
      actions: assign({
        hwPend: ({ context, event }) => (context.hwPend | event.hw) >>> 0,
        extPend: ({ context, event }) => (context.extPend | event.ext) >>> 0,
      }),
      meta: { requirements: R('REQ-IRQ-11'), rows: ['hypercall 17'] },
    },
    CLEAR_PEND: {
      actions: assign({
        hwPend: ({ context, event }) => (context.hwPend & ~event.hw) >>> 0,
        extPend: ({ context, event }) => (context.extPend & ~event.ext) >>> 0,
      }),
      meta: { requirements: R('REQ-IRQ-12'), rows: ['hypercall 18'] },
    },
    ROUTE: {
      actions: assign({
        routing: ({ context, event }) => {
          const table = [...context.routing[event.table]];
          table[event.irq] = event.vector;
          return { ...context.routing, [event.table]: table };
        },
      }),
      meta: { requirements: R('REQ-IRQ-13'), rows: ['hypercall 19'] },
    },
    SET_TIMERS: {
      actions: assign({ hwTimer: ({ event }) => event.hwTimer, execTimer: ({ event }) => event.execTimer }),
      meta: {
        requirements: R('REQ-TIME-5', 'REQ-TIME-6', 'REQ-TIME-7', 'REQ-TIME-10', 'REQ-TIME-11'),
        rows: ['§3.8'],
      },
    },
    SET_IF: {
      actions: assign({ virtualIf: ({ event }) => event.on }),
      meta: { requirements: R('REQ-IRQ-15'), rows: ['hypercalls 42/43'] },
    },
    IRET: {
      // x86 pops the frame: the virtual IF it saved comes back; the riscv-like ports clear irq_vector.
      actions: assign(({ context }) =>
        context.arch === 'x86' || context.arch === 'amd64'
          ? { virtualIf: context.savedIf ?? context.virtualIf, savedIf: null }
          : { irqVector: 0 },
      ),
      meta: { requirements: R('REQ-IRQ-17', 'REQ-IRQ-18'), rows: ['pseudo-hypercall 44', 'x86 IRET gate'] },
    },
    SELECTED: {
      actions: assign({ opMode: 'NORMAL', slotInfo: ({ event }) => event.slot }),
      meta: { requirements: R('REQ-SCHED-11'), rows: ['§3.4 step 7'] },
    },
    SWITCH_IN: {
      actions: assign({ clock: ({ context, event }) => startClock(context.clock, event.at) }),
      meta: { requirements: R('REQ-TIME-2', 'REQ-SCHED-16'), rows: ['§3.5 step 4'] },
    },
    SWITCH_OUT: {
      actions: assign({ clock: ({ context, event }) => stopClock(context.clock, event.at) }),
      meta: { requirements: R('REQ-TIME-2', 'REQ-SCHED-16'), rows: ['§3.5 step 1'] },
    },
    INJECTED: {
      actions: assign(({ context, event }) => {
        const clearTrap = event.kind === 'trap';
        const bit = (1 << event.irq) >>> 0;
        const x86 = context.arch === 'x86' || context.arch === 'amd64';
        return {
          trapPending: clearTrap ? null : context.trapPending,
          hwPend: event.kind === 'hw' ? (context.hwPend & ~bit) >>> 0 : context.hwPend,
          extPend: event.kind === 'ext' ? (context.extPend & ~bit) >>> 0 : context.extPend,
          // x86: the model treats every virtual IDT entry as an interrupt gate (clears IF);
          // riscv-like ports record the vector until IRET (REQ-IRQ-16, REQ-IRQ-18).
          virtualIf: x86 ? false : context.virtualIf,
          savedIf: x86 ? context.virtualIf : context.savedIf,
          irqVector: x86 ? context.irqVector : event.vector,
        };
      }),
      meta: { requirements: R('REQ-IRQ-14', 'REQ-IRQ-15', 'REQ-IRQ-16', 'REQ-IRQ-18'), rows: ['§5.4'] },
    },
    ENTERED: {
      actions: assign({ fresh: false }),
      meta: { requirements: R('REQ-IRQ-14', 'REQ-SCHED-17'), rows: ['§3.5 start_up_guest'] },
    },
  },
  states: {
    halted: {
      initial: 'yes',
      meta: { requirements: R('REQ-VCPU-1'), rows: ['flag H'] },
      states: {
        no: {
          meta: { requirements: R('REQ-VCPU-1'), rows: ['H = 0'] },
          on: {
            // Every reset path halts first (HALT_PARTITION / HALT_VCPU, §1.3 step 1), so RESET
            // is only ever taken from `yes`.
            HALT: {
              target: 'yes',
              actions: assign({ opMode: 'IDLE' }),
              meta: { requirements: R('REQ-PART-2', 'REQ-VCPU-6'), rows: ['V1', 'P2', 'P3', 'P9', 'P13'] },
            },
            PEND_EXT: [
              {
                guard: 'extNewlyPending',
                actions: ['pendExt', 'emitExtPend'],
                meta: { requirements: R('REQ-VCPU-11', 'REQ-VCPU-2'), rows: ['V7 newly pending'] },
              },
              { meta: { requirements: R('REQ-IRQ-8'), rows: ['V7 already pending (coalesced)'] } },
            ],
            PEND_HW: [
              {
                guard: 'hwNewlyPending',
                actions: ['pendHw', 'emitHwPend'],
                meta: { requirements: R('REQ-IRQ-1', 'REQ-VCPU-11'), rows: ['V7 newly pending'] },
              },
              { meta: { requirements: R('REQ-IRQ-8'), rows: ['V7 already pending (coalesced)'] } },
            ],
          },
        },
        yes: {
          meta: { requirements: R('REQ-VCPU-1'), rows: ['H = 1'] },
          on: {
            RESET: {
              target: 'no',
              actions: 'resetKthread',
              meta: {
                requirements: R('REQ-PART-17', 'REQ-PART-18', 'REQ-VCPU-9', 'REQ-PART-6'),
                rows: ['V4', 'P1', 'P7', 'P11'],
              },
            },
            PEND_EXT: { meta: { requirements: R('REQ-VCPU-11', 'REQ-IRQ-8'), rows: ['V7 halted: dropped'] } },
            PEND_HW: { meta: { requirements: R('REQ-VCPU-11', 'REQ-IRQ-8'), rows: ['V7 halted: dropped'] } },
          },
        },
      },
    },
    suspended: {
      initial: 'no',
      meta: { requirements: R('REQ-VCPU-1'), rows: ['flag S'] },
      states: {
        no: {
          meta: { requirements: R('REQ-VCPU-1'), rows: ['S = 0'] },
          on: {
            SUSPEND: {
              target: 'yes',
              meta: { requirements: R('REQ-PART-3', 'REQ-VCPU-7'), rows: ['V2', 'P4', 'P5', 'P10'] },
            },
          },
        },
        yes: {
          meta: { requirements: R('REQ-VCPU-1'), rows: ['S = 1'] },
          on: {
            RESUME: {
              target: 'no',
              meta: { requirements: R('REQ-PART-3', 'REQ-VCPU-8'), rows: ['V3', 'P6'] },
            },
          },
        },
      },
    },
    ready: {
      initial: 'no',
      meta: { requirements: R('REQ-VCPU-2'), rows: ['flag R'] },
      states: {
        no: {
          meta: { requirements: R('REQ-VCPU-2'), rows: ['R = 0'] },
          on: {
            RESET: { target: 'yes', meta: { requirements: R('REQ-VCPU-2'), rows: ['V4', 'P1'] } },
            PEND_EXT: {
              guard: 'notHalted',
              target: 'yes',
              meta: {
                requirements: R('REQ-VCPU-2', 'REQ-VCPU-11'),
                rows: ['V7 sets R'],
                unreachable: R_ALWAYS_SET,
              },
            },
            PEND_HW: {
              guard: 'notHalted',
              target: 'yes',
              meta: {
                requirements: R('REQ-VCPU-2', 'REQ-IRQ-1'),
                rows: ['V7 sets R'],
                unreachable: R_ALWAYS_SET,
              },
            },
          },
        },
        // R is never cleared by common code (§1.1); only the riscv SBI HSM hart_stop (V9) would,
        // and V8/V9 are outside slice 1.
        yes: { meta: { requirements: R('REQ-VCPU-2'), rows: ['R = 1'] } },
      },
    },
  },
});
