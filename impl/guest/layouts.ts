/**
 * Byte layouts of the structures the kernel writes through guest pointers and the guest reads
 * back: status records, plan status, HM status, the HM log record, and the x86 descriptor
 * register.
 *
 * Source: prtos-hypercalls §5.6 (HM record, packed: 52 bytes on 64-bit ports, 36 on x86; HM
 * status {s32 ×3}) and §5.8 (status union of 64 bytes); PRTOS core/include/objects/status.h
 * (field order of prtos_sys_status_t, prtos_part_status_t, prtos_virtual_cpu_status_t,
 * prtos_plan_status_t), core/include/objects/hm.h (prtos_hm_log_t, prtos_hm_status_t),
 * core/include/x86/processor.h (struct x86_desc_reg {u16 limit; address base} packed).
 *
 * Layout rule: C natural alignment, little-endian; on i386 the System V ABI aligns 8-byte
 * members to 4 inside structures, so a u64 after a u32 starts at offset 4 on x86 and at 8 on
 * the 64-bit ports (this moves the counters of prtos_sys_status_t and shrinks the plan status to
 * 20 bytes). The HM record is packed on every port, so its timestamp sits at offset 12.
 *
 * These layouts are a contract with impl/kernel, which writes the same structures; they belong
 * in spec/ next to spec/pct.ts (reported to the lead), and live here until they move.
 */
import { WORD_BITS, type Arch } from '../../spec/constants/index.js';
import type { AccessSize } from '../machine/index.js';

export interface FieldAt {
  readonly offset: number;
  readonly size: AccessSize;
  /** Read as a signed value (s32, s64 / prtos_time_t). */
  readonly signed: boolean;
}

export interface StructLayout<F extends string> {
  readonly size: number;
  readonly fields: Readonly<Record<F, FieldAt>>;
}

const u16 = (offset: number): FieldAt => ({ offset, size: 2, signed: false });
const u32 = (offset: number): FieldAt => ({ offset, size: 4, signed: false });
const s32 = (offset: number): FieldAt => ({ offset, size: 4, signed: true });
const u64 = (offset: number): FieldAt => ({ offset, size: 8, signed: false });
const s64 = (offset: number): FieldAt => ({ offset, size: 8, signed: true });

/** Alignment of an 8-byte member inside a structure. */
function align8(arch: Arch): number {
  return arch === 'x86' ? 4 : 8;
}

export type SysStatusField =
  | 'resetCounter'
  | 'numOfHmEvents'
  | 'numOfIrqs'
  | 'currentMaf'
  | 'numOfSamplingPortMsgsRead'
  | 'numOfSamplingPortMsgsWritten'
  | 'numOfQueuingPortMsgsSent'
  | 'numOfQueuingPortMsgsReceived';

/** `prtos_sys_status_t`: u32 reset_counter, then seven u64 counters. */
export function sysStatusLayout(arch: Arch): StructLayout<SysStatusField> {
  const b = align8(arch);
  return {
    size: b + 7 * 8,
    fields: {
      resetCounter: u32(0),
      numOfHmEvents: u64(b),
      numOfIrqs: u64(b + 8),
      currentMaf: u64(b + 16),
      numOfSamplingPortMsgsRead: u64(b + 24),
      numOfSamplingPortMsgsWritten: u64(b + 32),
      numOfQueuingPortMsgsSent: u64(b + 40),
      numOfQueuingPortMsgsReceived: u64(b + 48),
    },
  };
}

export type PartStatusField =
  | 'state'
  | 'opMode'
  | 'numOfVirqs'
  | 'resetCounter'
  | 'resetStatus'
  | 'execClock'
  | 'numOfSamplingPortMsgsRead'
  | 'numOfSamplingPortMsgsWritten'
  | 'numOfQueuingPortMsgsSent'
  | 'numOfQueuingPortMsgsReceived';

/** `prtos_part_status_t`: the same offsets on every port (every u64 falls on a multiple of 8). */
export function partStatusLayout(_arch: Arch): StructLayout<PartStatusField> {
  return {
    size: 64,
    fields: {
      state: u32(0),
      opMode: u32(4),
      numOfVirqs: u64(8),
      resetCounter: u32(16),
      resetStatus: u32(20),
      execClock: s64(24),
      numOfSamplingPortMsgsRead: u64(32),
      numOfSamplingPortMsgsWritten: u64(40),
      numOfQueuingPortMsgsSent: u64(48),
      numOfQueuingPortMsgsReceived: u64(56),
    },
  };
}

export type VcpuStatusField = 'state' | 'opMode';

/** `prtos_virtual_cpu_status_t`. */
export function vcpuStatusLayout(_arch: Arch): StructLayout<VcpuStatusField> {
  return { size: 8, fields: { state: u32(0), opMode: u32(4) } };
}

export type PlanStatusField = 'switchTime' | 'next' | 'current' | 'prev';

/** `prtos_plan_status_t`: s64 switch_time, s32 next, current, prev. */
export function planStatusLayout(arch: Arch): StructLayout<PlanStatusField> {
  return {
    size: arch === 'x86' ? 20 : 24,
    fields: { switchTime: s64(0), next: s32(8), current: s32(12), prev: s32(16) },
  };
}

/**
 * Bytes of `union status_fmd`, the argument a status `ctrl` checks (prtos-hypercalls §4.4): 64 on
 * every port (the partition status is the largest member).
 */
export const STATUS_ARGS_SIZE = 64;

export type HmStatusField = 'numOfEvents' | 'maxEvents' | 'currentEvent';

/** `prtos_hm_status_t`, the HM object's ctrl argument (12 bytes). */
export const HM_STATUS_LAYOUT: StructLayout<HmStatusField> = {
  size: 12,
  fields: { numOfEvents: s32(0), maxEvents: s32(4), currentEvent: s32(8) },
};

export type HmLogField = 'signature' | 'checksum' | 'opCodeHi' | 'opCodeLo' | 'timestamp';

/** `prtos_hm_log_t` (packed): the fixed part and where the four payload words start. */
export function hmLogLayout(arch: Arch): StructLayout<HmLogField> & {
  readonly payloadOffset: number;
  readonly wordSize: 4 | 8;
} {
  const wordSize = (WORD_BITS[arch] / 8) as 4 | 8;
  return {
    size: 20 + 4 * wordSize,
    payloadOffset: 20,
    wordSize,
    fields: { signature: u16(0), checksum: u16(2), opCodeHi: u32(4), opCodeLo: u32(8), timestamp: s64(12) },
  };
}

/** x86 `struct x86_desc_reg` (packed): u16 limit at 0, 32-bit linear base at 2; 6 bytes. */
export const X86_DESC_REG = { size: 6, limit: 0, base: 2 } as const;
