/**
 * `ModelState`: the abstract state of a PRTOS system at one instant.
 *
 * The model (model/) holds exactly this; the abstraction function (conformance/) maps the
 * emulated kernel and machine onto it. After every lockstep step the two must be equal
 * (DESIGN.md, "The lockstep protocol"), so every field here is something both sides can state
 * without looking at the other. What the abstraction leaves out, and why, is listed in
 * conformance/abstraction.ts.
 *
 * Sources: the state variables of prtos-states §0; vCPU flags and op modes §1–§2; scheduler
 * state §3.2 (without `next_act` and the cached decision, which the declarative model does not
 * have); clocks and timers §3.8; HM log §4.5; interrupts §5.3; system §6; ports §5.3–5.4 of
 * prtos-hypercalls (slice 2: empty in slice 1).
 */
import * as t from 'io-ts';

const Int = t.refinement(t.number, (n) => Number.isSafeInteger(n), 'Int');
const U32 = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, 'U32');

export const OP_MODES = ['IDLE', 'COLD_RESET', 'WARM_RESET', 'NORMAL'] as const;
export const OpMode = t.keyof({ IDLE: null, COLD_RESET: null, WARM_RESET: null, NORMAL: null });
export type OpMode = t.TypeOf<typeof OpMode>;

/** A timer: absolute expiry (µs, on its clock) and period (0 = one-shot); `null` = disarmed. */
export const TimerState = t.union([t.null, t.type({ value: Int, interval: Int })]);
export type TimerState = t.TypeOf<typeof TimerState>;

export const VcpuModel = t.type({
  part: Int,
  vcpu: Int,
  /** The CPU the configuration pins this vCPU to (prtos-states §3.7); -1 if it has no slot. */
  cpu: Int,
  /** Flags `H`, `S`, `R`, `TP` (prtos-states "Conventions"). */
  halted: t.boolean,
  suspended: t.boolean,
  ready: t.boolean,
  trapPending: t.boolean,
  opMode: OpMode,
  /** From this vCPU's PCT (prtos-states §1.3). */
  resetCounter: U32,
  resetStatus: U32,
  /** Exec clock at the state's instant, µs (prtos-states §3.8). */
  execClock: Int,
  hwTimer: TimerState,
  execTimer: TimerState,
  /** PCT pending and mask words (prtos-states §5.3); mask bit 1 = masked. */
  hwIrqsPend: U32,
  hwIrqsMask: U32,
  extIrqsPend: U32,
  extIrqsMask: U32,
});
export type VcpuModel = t.TypeOf<typeof VcpuModel>;

export const PartitionModel = t.type({
  id: Int,
  /** Partition op mode (prtos-states §1.4). The partition *state* is derived from the vCPUs (§1.1). */
  opMode: OpMode,
});
export type PartitionModel = t.TypeOf<typeof PartitionModel>;

export const Runner = t.union([t.literal('idle'), t.type({ part: Int, vcpu: Int })]);
export type Runner = t.TypeOf<typeof Runner>;

export const CpuModel = t.type({
  id: Int,
  /** Plan ids (prtos-states §3.2); `null` before the first activation (current) or when none (prev). */
  planCurrent: t.union([Int, t.null]),
  planNew: t.union([Int, t.null]),
  planPrev: t.union([Int, t.null]),
  /** Time of the last plan activation on this CPU (T0 at boot). */
  planSwitchTime: Int,
  /** Index of the slot being served or next to be served in the current plan; -1 before start. */
  slot: Int,
  /** Who runs on this CPU now. */
  current: Runner,
});
export type CpuModel = t.TypeOf<typeof CpuModel>;

/** One HM log record as the log stores it (prtos-states §4.5), without checksum and CPU context. */
export const HmRecordModel = t.type({
  seq: Int,
  event: Int,
  /** Partition and vCPU of the raiser; 0xff / 0xff when raised outside any partition. */
  part: Int,
  vcpu: Int,
  sys: t.boolean,
  timestamp: Int,
});
export type HmRecordModel = t.TypeOf<typeof HmRecordModel>;

export const SystemStatus = t.keyof({ running: null, halted: null, panicked: null, reset: null });
export type SystemStatus = t.TypeOf<typeof SystemStatus>;

export const ModelState = t.type({
  /** The instant, µs. */
  t: Int,
  system: t.type({
    status: SystemStatus,
    /** `sys_reset_counter` (prtos-states §6.3). */
    resetCounter: U32,
  }),
  partitions: t.array(PartitionModel),
  /** Every vCPU of every partition, ordered by (part, vcpu). */
  vcpus: t.array(VcpuModel),
  cpus: t.array(CpuModel),
  hmLog: t.type({
    /** Stored records, oldest first (a ring buffer: only the last `capacity` survive). */
    records: t.array(HmRecordModel),
    capacity: Int,
    /** Sequence number the next logged record gets. */
    nextSeq: Int,
  }),
  /** Slice 2 (ports and channels). Empty in slice 1. */
  ports: t.array(t.type({ port: Int, part: Int, open: t.boolean })),
  channels: t.array(
    t.type({
      channel: Int,
      messages: t.array(t.string),
      receivers: t.array(Int),
      sender: t.union([Int, t.null]),
    }),
  ),
});
export type ModelState = t.TypeOf<typeof ModelState>;

/** The fields of `ModelState` (dotted paths) that the abstraction covers, for the perturbation test. */
export const MODEL_STATE_FIELDS = [
  'system.status',
  'system.resetCounter',
  'partitions[].opMode',
  'vcpus[].halted',
  'vcpus[].suspended',
  'vcpus[].ready',
  'vcpus[].trapPending',
  'vcpus[].opMode',
  'vcpus[].resetCounter',
  'vcpus[].resetStatus',
  'vcpus[].execClock',
  'vcpus[].hwTimer',
  'vcpus[].execTimer',
  'vcpus[].hwIrqsPend',
  'vcpus[].hwIrqsMask',
  'vcpus[].extIrqsPend',
  'vcpus[].extIrqsMask',
  'cpus[].planCurrent',
  'cpus[].planNew',
  'cpus[].planPrev',
  'cpus[].planSwitchTime',
  'cpus[].slot',
  'cpus[].current',
  'hmLog.records',
  'hmLog.nextSeq',
] as const;
