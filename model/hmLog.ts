/**
 * The HM log as a list: a ring buffer of the configured device's capacity, with a read cursor and
 * a lock (prtos-states §4.5; prtos-hypercalls §5.6 and §5.9; requirements REQ-HM-16..20,
 * REQ-OBJ-6).
 *
 * Capacity = (size of the `healthMonitorDevice` memory block − 56) / record size, record size 52
 * bytes on the 64-bit ports and 36 on x86; with no device it is 0 and nothing is stored, though
 * logged events still consume sequence numbers (the counter lives in the HM, not in the stream:
 * core/objects/hm.c:226-233). Inserting into a full log overwrites the oldest record (the cursor
 * moves back by one if it is not 0) unless the log is locked, in which case the record is dropped.
 * RESET empties the log: the intended side of anomalies ST-A12/HC-A61, where the real RESET
 * restores the persisted header instead.
 */
import type { HmRecordModel } from '../spec/modelState.js';

export interface HmLogState {
  /** Oldest first. */
  readonly records: readonly HmRecordModel[];
  readonly capacity: number;
  readonly nextSeq: number;
  readonly locked: boolean;
  /** Index (from the oldest stored record) of the next record a read returns. */
  readonly cursor: number;
}

export function emptyHmLog(capacity: number): HmLogState {
  return { records: [], capacity, nextSeq: 0, locked: false, cursor: 0 };
}

/** The HM sequence number is 28 bits wide (op_code_hi bits 31..4). */
const SEQ_MODULUS = 1 << 28;

/** Appends a logged record: it takes the next sequence number whether or not the stream keeps it. */
export function logRecord(log: HmLogState, rec: Omit<HmRecordModel, 'seq'>): HmLogState {
  const entry: HmRecordModel = { ...rec, seq: log.nextSeq };
  const nextSeq = (log.nextSeq + 1) % SEQ_MODULUS;
  if (log.capacity <= 0) return { ...log, nextSeq };
  if (log.records.length < log.capacity) return { ...log, nextSeq, records: [...log.records, entry] };
  if (log.locked) return { ...log, nextSeq };
  return {
    ...log,
    nextSeq,
    records: [...log.records.slice(1), entry],
    cursor: Math.max(0, log.cursor - 1),
  };
}

/** Reads up to `max` records from the cursor and advances it. */
export function readRecords(
  log: HmLogState,
  max: number,
): { log: HmLogState; records: readonly HmRecordModel[] } {
  const records = log.records.slice(log.cursor, log.cursor + Math.max(0, max));
  return { log: { ...log, cursor: log.cursor + records.length }, records };
}

export type SeekWhence = 'cur' | 'set' | 'end';

/** Moves the cursor, clamped to [0, stored records] (§5.9). */
export function seekRecords(log: HmLogState, offset: number, whence: SeekWhence): HmLogState {
  const base = whence === 'cur' ? log.cursor : whence === 'set' ? 0 : log.records.length;
  return { ...log, cursor: Math.min(log.records.length, Math.max(0, base + offset)) };
}

export function setLocked(log: HmLogState, locked: boolean): HmLogState {
  return { ...log, locked };
}

/** RESET_EVENTS: the log is emptied (REQ-HM-20). */
export function resetRecords(log: HmLogState): HmLogState {
  return { ...log, records: [], cursor: 0 };
}
