/**
 * The HM log record and the log stream that holds it: signature, op-code bit layout, record size
 * per architecture, stream header magic numbers.
 *
 * Source: prtos-states §4.5, prtos-hypercalls §5.6 and §5.9; PRTOS core/include/objects/hm.h:14-71
 * (record, op-code masks, control commands), core/include/logstream.h:22-30 (header magic) and
 * core/objects/hm.c:183-238 (how a record is stamped). The trace record shares the shape with a
 * different signature (core/include/objects/trace.h:20-47).
 */
import { WORD_BITS, type Arch } from './arch.js';

export const PRTOS_HMLOG_SIGNATURE = 0xfecf;
export const PRTOS_TRACE_SIGNATURE = 0xc33c;
export const PRTOS_HMLOG_PAYLOAD_LENGTH = 4;

export const LOGSTREAM_MAGIC1 = 0xf9e8d7c6;
export const LOGSTREAM_MAGIC2 = 0x1a2b3c4d;
/** Bytes of the stream header before the first entry (§5.9). */
export const LOGSTREAM_HEADER_SIZE = 56;

/**
 * Bytes of one packed record: signature, checksum, op_code_hi, op_code_lo (12), timestamp (8),
 * then four machine words (36 on x86, 52 on the 64-bit ports).
 */
export function hmLogRecordSize(arch: Arch): number {
  return 12 + 8 + PRTOS_HMLOG_PAYLOAD_LENGTH * (WORD_BITS[arch] / 8);
}

/** Entries a log device of `deviceSize` bytes holds (0 without a device). */
export function logStreamCapacity(deviceSize: number, recordSize: number): number {
  return deviceSize > LOGSTREAM_HEADER_SIZE
    ? Math.floor((deviceSize - LOGSTREAM_HEADER_SIZE) / recordSize)
    : 0;
}

/** op_code_lo: event in bits 31..16, vCPU in 15..8, partition in 7..0. */
export interface HmOpCodeLo {
  readonly event: number;
  readonly vcpu: number;
  readonly partition: number;
}

/** op_code_hi: sequence number in bits 31..4 (logged records only), CPU-context-valid bit 1, SYS bit 0. */
export interface HmOpCodeHi {
  readonly seq: number;
  readonly cpuCtxtValid: boolean;
  readonly sys: boolean;
}

export const HMLOG_SEQ_BIT = 4;
export const HMLOG_SEQ_MASK = 0xfffffff;

export function encodeHmOpCodeLo(f: HmOpCodeLo): number {
  return (((f.event & 0xffff) << 16) | ((f.vcpu & 0xff) << 8) | (f.partition & 0xff)) >>> 0;
}

export function decodeHmOpCodeLo(word: number): HmOpCodeLo {
  return { event: (word >>> 16) & 0xffff, vcpu: (word >>> 8) & 0xff, partition: word & 0xff };
}

export function encodeHmOpCodeHi(f: HmOpCodeHi): number {
  return (((f.seq & HMLOG_SEQ_MASK) << HMLOG_SEQ_BIT) | (f.cpuCtxtValid ? 2 : 0) | (f.sys ? 1 : 0)) >>> 0;
}

export function decodeHmOpCodeHi(word: number): HmOpCodeHi {
  return {
    seq: (word >>> HMLOG_SEQ_BIT) & HMLOG_SEQ_MASK,
    cpuCtxtValid: (word & 2) !== 0,
    sys: (word & 1) !== 0,
  };
}

/** Partition and vCPU fields of a record raised while the CPU was idle (an unowned interrupt): all ones. */
export const HMLOG_IDLE_PARTITION = 0xff;
export const HMLOG_IDLE_VCPU = 0xff;
