/**
 * The trace vocabulary: every event the lockstep runner, the recorders and `prtos-ref diff`
 * exchange, as io-ts codecs (DESIGN.md, "The lockstep protocol" and "The trace vocabulary").
 *
 * Both sides of the lockstep — the abstract model and the emulated kernel — speak only this
 * vocabulary, so it is defined once, here. A trace is a JSON Lines file (jsonl.ts): a header line,
 * then one event a line. Every event carries `seq` (global, 0, 1, 2, ... in file order) and `t`
 * (virtual time in µs, never decreasing), then `ev`, its name, and the event's own fields.
 *
 * Events fall into three groups, which the runner treats differently:
 * - stimuli come from outside the system and are fed to both sides (hwIrq, fault);
 * - guest-originated events are what a partition program does (op, hypercall); for generator
 *   programs the runner accepts one only where the model says that vCPU is running;
 * - observations are what the two sides must agree on, step by step.
 *
 * Ranges follow the build of the recorded runs (prtos-states, "Conventions"): CONFIG_NO_CPUS 4,
 * CONFIG_MAX_NO_VCPUS 4, partition ids below 0xff (0xff is "no partition" in the kernel's
 * records, written here as `null`), 32 HW IRQ lines and 32-bit pending/mask words (§5.1, §5.3),
 * HM events below x86's PRTOS_HM_MAX_EVENTS 26 (`core/include/x86/prtosconf.h:32`, the largest
 * of the five ports) and actions 0..10 (§4.2). Per-architecture limits within those ranges are
 * a matter for the configuration and the constants, not for the trace format.
 */
import * as t from 'io-ts';
import { ARCHES } from '../constants/arch.js';
import {
  Bool,
  integer,
  list,
  nullable,
  oneOf,
  optional,
  orLiteral,
  record,
  tagged,
  text,
  type Codec,
  type Fields,
  type RecordOf,
} from './combinators.js';

// ---------------------------------------------------------------------------------------------
// Scalars. Each name completes the sentence "field ... must be ...".

const MAX = Number.MAX_SAFE_INTEGER;
const MIN = Number.MIN_SAFE_INTEGER;

/** Any safe integer (return codes, stored values, hypercall numbers and raw arguments). */
export const SafeInt = integer('an integer', MIN, MAX);
/** A safe integer ≥ 0 (addresses, counts, ids without a fixed bound). */
export const Nat = integer('an integer ≥ 0', 0, MAX);
/** Physical CPU index: CONFIG_NO_CPUS = 4 (prtos-states "Conventions", §3.7). */
export const CpuIndex = integer('an integer 0..3', 0, 3);
/** Partition id; 0xff is reserved for "the hypervisor / no partition" (prtos-states §4.5). */
export const PartitionId = integer('an integer 0..254', 0, 254);
/** vCPU id within its partition: CONFIG_MAX_NO_VCPUS = 4. */
export const VcpuId = integer('an integer 0..3', 0, 3);
/** Hardware IRQ line: 32 lines, one bit each in the PCT words (prtos-states §5.1). */
export const IrqLine = integer('an integer 0..31', 0, 31);
/** A bit of a 32-bit pending word: HW line, extended IRQ or trap number (prtos-states §5.3). */
export const VirqNumber = integer('an integer 0..31', 0, 31);
/** HM event number: 0..25 covers every port (x86/amd64 have 26 events, the others 15; §4.1). */
export const HmEventNumber = integer('an integer 0..25', 0, 25);
/** HM action: IGNORE 0 ... SWITCH_TO_MAINTENANCE 10 (prtos-states §4.2). */
export const HmActionNumber = integer('an integer 0..10', 0, 10);

export const Seq = integer('an integer ≥ 0', 0, MAX);
/** Virtual time in µs, the unit of `prtos_time_t` (prtos-states "Conventions"). */
export const Time = integer('an integer ≥ 0 (µs)', 0, MAX);

// ---------------------------------------------------------------------------------------------
// Enumerations.

/** What an injected fault is; each maps to an architecture trap event (prtos-states §4.1). */
export const FAULT_KINDS = ['illegalInstr', 'fetch', 'load', 'store', 'misaligned', 'divide'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const FaultKind = oneOf<FaultKind>(`one of ${quoted(FAULT_KINDS)}`, FAULT_KINDS);

/** The four states of a vCPU and of a partition (prtos-states §1.1, §2.1; status values 0..3). */
export const RUN_STATES = ['IDLE', 'READY', 'SUSPENDED', 'HALTED'] as const;
export type VcpuState = (typeof RUN_STATES)[number];
export type PartState = VcpuState;
export const VcpuState = oneOf<VcpuState>(`one of ${quoted(RUN_STATES)}`, RUN_STATES);
export const PartState: Codec<PartState> = VcpuState;

/** Which pending word a virtual interrupt sits in (prtos-states §5.3, §5.4). */
export const VIRQ_KINDS = ['ext', 'hw', 'trap'] as const;
export type VirqKind = (typeof VIRQ_KINDS)[number];
export const VirqKind = oneOf<VirqKind>(`one of ${quoted(VIRQ_KINDS)}`, VIRQ_KINDS);

/** Port operations that move or set up messages (prtos-hypercalls §5.3, §5.4). */
export const PORT_OPS = ['create', 'write', 'read', 'send', 'receive'] as const;
export type PortOp = (typeof PORT_OPS)[number];
export const PortOp = oneOf<PortOp>(`one of ${quoted(PORT_OPS)}`, PORT_OPS);

export const SYSTEM_WHATS = ['halt', 'reset', 'panic'] as const;
export type SystemWhat = (typeof SYSTEM_WHATS)[number];
export const SystemWhat = oneOf<SystemWhat>(`one of ${quoted(SYSTEM_WHATS)}`, SYSTEM_WHATS);

/** Reset modes of `reset_system` and the HM hypervisor resets (prtos-states §6.3). */
export const RESET_MODES = ['cold', 'warm'] as const;
export type ResetMode = (typeof RESET_MODES)[number];
export const ResetMode = oneOf<ResetMode>(`one of ${quoted(RESET_MODES)}`, RESET_MODES);

/** Access sizes of the op-level ISA's loads and stores, in bytes. */
export const ACCESS_SIZES = [1, 2, 4, 8] as const;
export type AccessSize = (typeof ACCESS_SIZES)[number];
export const AccessSize = oneOf<AccessSize>('one of 1, 2, 4, 8', ACCESS_SIZES);

function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Structured values.

/**
 * One op of the op-level ISA that guest programs run on (DESIGN.md, impl/guest): `compute(n)`
 * is n µs of work and may be interrupted at any point; load, store and halt are atomic.
 * Hypercalls are not ops here: they have their own event, `hypercall`.
 */
export const GuestOp = tagged('a guest op {k, ...}', 'k', {
  compute: record('a compute op {k, n}', { k: oneOf('"compute"', ['compute']), n: Nat }),
  load: record('a load op {k, addr, size}', { k: oneOf('"load"', ['load']), addr: Nat, size: AccessSize }),
  store: record('a store op {k, addr, size, value}', {
    k: oneOf('"store"', ['store']),
    addr: Nat,
    size: AccessSize,
    value: SafeInt,
  }),
  halt: record('a halt op {k}', { k: oneOf('"halt"', ['halt']) }),
});
export type GuestOp = t.TypeOf<typeof GuestOp>;

/** Who holds a CPU: one vCPU, or the CPU's idle thread (prtos-states §3.4 step 8, §3.5). */
export const Runner = orLiteral('idle', record('{part, vcpu}', { part: PartitionId, vcpu: VcpuId }));
export type Runner = t.TypeOf<typeof Runner>;

// ---------------------------------------------------------------------------------------------
// Events. `event(name, fields)` is the closed record {seq, t, ev: name, ...fields}, keys in that
// order, which is also the order they are written in.

function event<const N extends string, const F extends Fields>(name: N, fields: F) {
  return record(`event "${name}"`, { seq: Seq, t: Time, ev: oneOf<N>(`"${name}"`, [name]), ...fields });
}

// Stimuli: the only inputs from outside besides time (DESIGN.md, "The lockstep protocol").

/** A hardware IRQ line fires (prtos-states §5.1: owned → pending in the owner; else HM event 5). */
export const HwIrqEvent = event('hwIrq', { line: IrqLine });
/** A fault injected on a CPU at an address; the kernel maps it to a trap event (§4.1, §4.3). */
export const FaultEvent = event('fault', { cpu: CpuIndex, kind: FaultKind, addr: Nat });

// Guest-originated: what the running vCPU does next.

/** The running vCPU executes one op of its program. */
export const OpEvent = event('op', { cpu: CpuIndex, part: PartitionId, vcpu: VcpuId, op: GuestOp });
/**
 * The running vCPU traps into the hypervisor with hypercall `nr` (any number: unknown ones are
 * part of the interface, prtos-hypercalls §2.3) and its raw register arguments.
 */
export const HypercallEvent = event('hypercall', {
  cpu: CpuIndex,
  part: PartitionId,
  vcpu: VcpuId,
  nr: SafeInt,
  args: list('a list of at most 6 integers', SafeInt, { maxLength: 6 }),
});

// Observations: what model and kernel must agree on after every step.

/**
 * A hypercall returns `code` (prtos-hypercalls §1) and, in `out`, the scalars it wrote through
 * guest pointers, in argument order (e.g. get_time's time, switch_sched_plan's old plan id).
 * A read of the HM log gives, for each record read, its op_code_hi, op_code_lo and timestamp
 * (prtos-hypercalls §5.6): the words that identify a record, not its CPU-context payload.
 */
export const RetEvent = event('ret', {
  cpu: CpuIndex,
  part: PartitionId,
  vcpu: VcpuId,
  nr: SafeInt,
  code: SafeInt,
  out: optional(list('a list of integers', SafeInt)),
});
/** The scheduler timer interrupt of a CPU (prtos-states §3.3). */
export const TickEvent = event('tick', { cpu: CpuIndex });
/** A vCPU's derived state changes (prtos-states §2.1, precedence H > S > R). */
export const VcpuStateEvent = event('vcpuState', {
  part: PartitionId,
  vcpu: VcpuId,
  from: VcpuState,
  to: VcpuState,
});
/** A partition's derived state changes (prtos-states §1.1: computed from its vCPUs' flags). */
export const PartStateEvent = event('partState', { part: PartitionId, from: PartState, to: PartState });
/** A context switch on a CPU (prtos-states §3.5). */
export const SwitchEvent = event('switch', { cpu: CpuIndex, from: Runner, to: Runner });
/**
 * A CPU starts serving slot index `slot` of plan `plan` (its position in the plan's slot list,
 * not the XML slot id): the scheduler's first decision inside the slot (prtos-states §3.4
 * step 5). Its vCPU is then chosen and gets CYCLIC_SLOT_START (step 7) or, if not ready, the
 * slot is idle time; either way the slot is served, so the event is the same.
 */
export const SlotEvent = event('slot', { cpu: CpuIndex, plan: Nat, slot: Nat });
/**
 * A plan becomes current on a CPU at its major-frame boundary (prtos-states §3.4 step 2,
 * §3.6); `from` is null for the first activation after boot, when no plan was current.
 */
export const PlanSwitchEvent = event('planSwitch', { cpu: CpuIndex, from: nullable(Nat), to: Nat });
/**
 * The health monitor handles an event (prtos-states §4.3): the event number, the partition
 * and vCPU of the record (null when raised in the idle/hypervisor context, 0xff in the kernel's
 * record, §4.5), the action taken from the table, whether it was logged, and the record's SYS bit.
 */
export const HmEvent = event('hm', {
  cpu: CpuIndex,
  event: HmEventNumber,
  part: nullable(PartitionId),
  vcpu: nullable(VcpuId),
  action: HmActionNumber,
  logged: Bool,
  sys: Bool,
});
/** A virtual interrupt becomes pending on a vCPU (prtos-states §5.3). */
export const VirqPendEvent = event('virqPend', {
  part: PartitionId,
  vcpu: VcpuId,
  irq: VirqNumber,
  kind: VirqKind,
});
/** A virtual interrupt is injected into a vCPU through `vector` (prtos-states §5.4). */
export const VirqDeliverEvent = event('virqDeliver', {
  part: PartitionId,
  vcpu: VcpuId,
  irq: VirqNumber,
  kind: VirqKind,
  vector: Nat,
});
/**
 * A successful port operation of a partition on port `port` (its descriptor), moving `bytes`
 * bytes (0 for create) (prtos-hypercalls §5.3, §5.4).
 */
export const PortEvent = event('port', { op: PortOp, part: PartitionId, port: Nat, bytes: Nat });
/**
 * One whole line written to a console, without its newline: a partition's console object
 * (prtos-hypercalls §5.2) or, with `part` null, the hypervisor's own console.
 */
export const ConsoleEvent = event('console', {
  part: nullable(PartitionId),
  text: text('a string without a newline', (s) => !s.includes('\n')),
});
/** The whole system halts, resets or panics (prtos-states §4.6, §6.2, §6.3). */
export const SystemEvent = event('system', {
  what: SystemWhat,
  mode: optional(ResetMode),
  reason: optional(text('a string')),
});

export type HwIrqEvent = t.TypeOf<typeof HwIrqEvent>;
export type FaultEvent = t.TypeOf<typeof FaultEvent>;
export type OpEvent = t.TypeOf<typeof OpEvent>;
export type HypercallEvent = t.TypeOf<typeof HypercallEvent>;
export type RetEvent = t.TypeOf<typeof RetEvent>;
export type TickEvent = t.TypeOf<typeof TickEvent>;
export type VcpuStateEvent = t.TypeOf<typeof VcpuStateEvent>;
export type PartStateEvent = t.TypeOf<typeof PartStateEvent>;
export type SwitchEvent = t.TypeOf<typeof SwitchEvent>;
export type SlotEvent = t.TypeOf<typeof SlotEvent>;
export type PlanSwitchEvent = t.TypeOf<typeof PlanSwitchEvent>;
export type HmEvent = t.TypeOf<typeof HmEvent>;
export type VirqPendEvent = t.TypeOf<typeof VirqPendEvent>;
export type VirqDeliverEvent = t.TypeOf<typeof VirqDeliverEvent>;
export type PortEvent = t.TypeOf<typeof PortEvent>;
export type ConsoleEvent = t.TypeOf<typeof ConsoleEvent>;
export type SystemEvent = t.TypeOf<typeof SystemEvent>;

// ---------------------------------------------------------------------------------------------
// The groups and the whole vocabulary.

const STIMULUS_CODECS = { hwIrq: HwIrqEvent, fault: FaultEvent } as const;
const GUEST_EVENT_CODECS = { op: OpEvent, hypercall: HypercallEvent } as const;
const OBSERVATION_CODECS = {
  ret: RetEvent,
  tick: TickEvent,
  vcpuState: VcpuStateEvent,
  partState: PartStateEvent,
  switch: SwitchEvent,
  slot: SlotEvent,
  planSwitch: PlanSwitchEvent,
  hm: HmEvent,
  virqPend: VirqPendEvent,
  virqDeliver: VirqDeliverEvent,
  port: PortEvent,
  console: ConsoleEvent,
  system: SystemEvent,
} as const;

/** The codec of each event, by name. */
export const EVENT_CODECS = { ...STIMULUS_CODECS, ...GUEST_EVENT_CODECS, ...OBSERVATION_CODECS } as const;

export type StimulusName = keyof typeof STIMULUS_CODECS;
export type GuestEventName = keyof typeof GUEST_EVENT_CODECS;
export type ObservationName = keyof typeof OBSERVATION_CODECS;
export type EventName = keyof typeof EVENT_CODECS;

export const STIMULUS_NAMES = Object.keys(STIMULUS_CODECS) as readonly StimulusName[];
export const GUEST_EVENT_NAMES = Object.keys(GUEST_EVENT_CODECS) as readonly GuestEventName[];
export const OBSERVATION_NAMES = Object.keys(OBSERVATION_CODECS) as readonly ObservationName[];
/** Every event name, stimuli first, then guest-originated events, then observations. */
export const EVENT_NAMES: readonly EventName[] = [
  ...STIMULUS_NAMES,
  ...GUEST_EVENT_NAMES,
  ...OBSERVATION_NAMES,
];

export const Stimulus = tagged('a stimulus event', 'ev', STIMULUS_CODECS);
export const GuestEvent = tagged('a guest-originated event', 'ev', GUEST_EVENT_CODECS);
export const Observation = tagged('an observation event', 'ev', OBSERVATION_CODECS);
export const TraceEvent = tagged('an event', 'ev', EVENT_CODECS);

export type Stimulus = t.TypeOf<typeof Stimulus>;
export type GuestEvent = t.TypeOf<typeof GuestEvent>;
export type Observation = t.TypeOf<typeof Observation>;
export type TraceEvent = t.TypeOf<typeof TraceEvent>;

/** The event called `N`. */
export type EventOf<N extends EventName> = Extract<TraceEvent, { readonly ev: N }>;

/** An event before the trace writer numbers it: everything but `seq`. */
export type Unsequenced<E> = E extends unknown ? Omit<E, 'seq'> : never;

export function isEventName(s: string): s is EventName {
  return Object.prototype.hasOwnProperty.call(EVENT_CODECS, s);
}

export function isStimulus<E extends { readonly ev: EventName }>(
  e: E,
): e is Extract<E, { ev: StimulusName }> {
  return (STIMULUS_NAMES as readonly string[]).includes(e.ev);
}

export function isGuestEvent<E extends { readonly ev: EventName }>(
  e: E,
): e is Extract<E, { ev: GuestEventName }> {
  return (GUEST_EVENT_NAMES as readonly string[]).includes(e.ev);
}

/** Whether the event is one that model and kernel must both produce, equal, after each step. */
export function isObservation<E extends { readonly ev: EventName }>(
  e: E,
): e is Extract<E, { ev: ObservationName }> {
  return (OBSERVATION_NAMES as readonly string[]).includes(e.ev);
}

// ---------------------------------------------------------------------------------------------
// The header: line 1 of every trace file.

/** Trace format number; bump it when a change would make an old reader misread a new trace. */
export const TRACE_FORMAT = 1;

export const FIDELITIES = ['intended', 'real'] as const;
export type Fidelity = (typeof FIDELITIES)[number];
export const Fidelity = oneOf<Fidelity>(`one of ${quoted(FIDELITIES)}`, FIDELITIES);

const headerFields = {
  trace: oneOf('"prtos-ref"', ['prtos-ref']),
  format: oneOf(`${TRACE_FORMAT} (the only trace format this tool reads)`, [TRACE_FORMAT]),
  /** Version of the tool that wrote the trace. */
  tool: text('a non-empty string', (s) => s.length > 0),
  /** sha-256 of the configuration file's text, lower-case hex. */
  configHash: text('64 lower-case hex digits (a sha-256)', (s) => /^[0-9a-f]{64}$/.test(s)),
  /** The configuration's file name, for people; the hash is what identifies it. */
  config: optional(text('a non-empty string', (s) => s.length > 0)),
  arch: oneOf(`one of ${quoted(ARCHES)}`, ARCHES),
  fidelity: Fidelity,
  /** Quirk ids switched on for the run (DESIGN.md, "Fidelity"); each at most once. */
  quirks: list(
    'a list of distinct non-empty strings',
    text('a non-empty string', (s) => s.length > 0),
    {
      unique: true,
    },
  ),
  /** The run's seed, when it was generated. */
  seed: optional(SafeInt),
} as const;

export const TraceHeader = record('the trace header', headerFields);
export type TraceHeader = RecordOf<typeof headerFields>;
