/**
 * vCPUs (kthreads): flag bits, identifiers, operating modes, and the state a status request
 * reports for a vCPU and for a partition.
 *
 * PRTOS keeps no partition state variable and no vCPU state variable: both are derived on demand
 * from each vCPU's flag word, with a fixed precedence (prtos-states §1.1 and §2.1;
 * core/objects/status.c:47-69 for partitions, :84-93 for a vCPU). The flag bits are those of
 * `struct __kthread` (core/include/kthread.h:69-85), mirrored into the vCPU's PCT `flags` field on
 * every change (kthread.h:98-110); operating modes and status codes are in
 * core/include/objects/status.h:37-47; the kthread id encoding in kthread.h:32-34.
 */

/** Bits of a kthread's flag word (and of the PCT `flags` mirror). */
export const KTHREAD_FLAGS = {
  /** The partition may use the FPU (set at creation for `PRTOS_PART_FP` partitions). */
  FP: 1 << 1,
  HALTED: 1 << 2,
  SUSPENDED: 1 << 3,
  READY: 1 << 4,
  FLUSH_DCACHE: 1 << 5,
  FLUSH_ICACHE: 1 << 6,
  DCACHE_ENABLED: 1 << 7,
  /** 0x100: the same value as PRTOS_PART_SYSTEM, which is why libprtos's "am I system" test always passes (A62). */
  ICACHE_ENABLED: 1 << 8,
  /** A propagated trap waits for delivery (bit 31). Survives a reset (prtos-states §1.3). */
  TRAP_PENDING: 0x80000000,
} as const;

export type KthreadFlagName = keyof typeof KTHREAD_FLAGS;

/**
 * Bits 23..16 hold the number of partitions, for system partitions only (kthread.c:282-285);
 * libprtos reads it when opening another partition's trace stream (A62).
 */
export const KTHREAD_NO_PARTITIONS_SHIFT = 16;
export const KTHREAD_NO_PARTITIONS_MASK = 0xff << KTHREAD_NO_PARTITIONS_SHIFT;

/** Set on every start of a guest, so every running vCPU shows them (kthread.c:72). */
export const KTHREAD_FLAGS_SET_AT_GUEST_START = KTHREAD_FLAGS.DCACHE_ENABLED | KTHREAD_FLAGS.ICACHE_ENABLED;

/** The partition count field of a flag word. */
export function kthreadPartitionCount(flags: number): number {
  return (flags & KTHREAD_NO_PARTITIONS_MASK) >>> KTHREAD_NO_PARTITIONS_SHIFT;
}

/** `flags` with the partition count field replaced by `n` (masked to 8 bits, as the kernel does). */
export function withKthreadPartitionCount(flags: number, n: number): number {
  return (
    ((flags & ~KTHREAD_NO_PARTITIONS_MASK) |
      ((n << KTHREAD_NO_PARTITIONS_SHIFT) & KTHREAD_NO_PARTITIONS_MASK)) >>>
    0
  );
}

/** Flags of a freshly created vCPU: HALTED, FP if the partition has it, the partition count if system (§0, P0). */
export function initialKthreadFlags(opts: {
  readonly fp: boolean;
  readonly system: boolean;
  readonly numOfPartitions: number;
}): number {
  let f: number = KTHREAD_FLAGS.HALTED;
  if (opts.fp) f |= KTHREAD_FLAGS.FP;
  if (opts.system) f = withKthreadPartitionCount(f, opts.numOfPartitions);
  return f >>> 0;
}

/** Status codes reported for a partition or a vCPU (`PRTOS_STATUS_*`). */
export const STATUS = { IDLE: 0, READY: 1, SUSPENDED: 2, HALTED: 3 } as const;
export type StatusName = keyof typeof STATUS;
export type StatusCode = (typeof STATUS)[StatusName];

/** Operating modes of a partition and of a vCPU (`PRTOS_OPMODE_*`); SET_PARTITION_OPMODE accepts 0..3. */
export const OP_MODE = { IDLE: 0, COLD_RESET: 1, WARM_RESET: 2, NORMAL: 3 } as const;
export type OpModeName = keyof typeof OP_MODE;
export type OpModeCode = (typeof OP_MODE)[OpModeName];
export const OP_MODE_NAMES: readonly OpModeName[] = ['IDLE', 'COLD_RESET', 'WARM_RESET', 'NORMAL'];

/**
 * The state of one vCPU from its flags: HALTED wins over SUSPENDED, which wins over READY;
 * with none of the three the vCPU is IDLE (unreachable through common code, since nothing but the
 * riscv SBI / PSCI / IOCSR paths clears READY). Other bits do not matter.
 */
export function derivedVcpuState(flags: number): StatusName {
  if (flags & KTHREAD_FLAGS.HALTED) return 'HALTED';
  if (flags & KTHREAD_FLAGS.SUSPENDED) return 'SUSPENDED';
  if (flags & KTHREAD_FLAGS.READY) return 'READY';
  return 'IDLE';
}

/**
 * The state of a partition from the flags of its vCPUs: READY if any vCPU is READY, else
 * SUSPENDED if any is SUSPENDED, else HALTED if any is HALTED, else IDLE. Each vCPU is counted
 * once, in the class `derivedVcpuState` gives it, so a vCPU that is both halted and suspended
 * counts as halted. A partition whose vCPU0 runs while vCPU1 is halted reports READY.
 */
export function derivedPartitionState(vcpuFlags: readonly number[]): StatusName {
  const seen = new Set(vcpuFlags.map(derivedVcpuState));
  if (seen.has('READY')) return 'READY';
  if (seen.has('SUSPENDED')) return 'SUSPENDED';
  if (seen.has('HALTED')) return 'HALTED';
  return 'IDLE';
}

/** The scheduler's test (`is_kthread_ready`, sched.c:77-83): READY and neither HALTED nor SUSPENDED. */
export function isKthreadSchedulable(flags: number): boolean {
  return derivedVcpuState(flags) === 'READY';
}

/** A kthread id: vCPU in bits 15..8, partition in bits 7..0 (`PART_VCPU_ID2KID`). */
export function kthreadId(partition: number, vcpu: number): number {
  return ((vcpu << 8) | (partition & 0xff)) >>> 0;
}

export function kthreadIdPartition(id: number): number {
  return id & 0xff;
}

export function kthreadIdVcpu(id: number): number {
  return id >>> 8;
}
