/**
 * The HM decision procedure (prtos-states §4.3) and the log ring (§4.5, prtos-hypercalls §5.9).
 */
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { defaultHmTable, HM_ACTIONS, type HmSlot } from '../spec/constants/index.js';
import { emptyHmLog, logRecord, readRecords, resetRecords, seekRecords, setLocked } from './hmLog.js';
import { hmEffect, hmMachine, type HmEvent } from './hmMachine.js';
import { emittedOf } from './testkit.test-util.js';

const partitionTable = (over: Record<number, HmSlot>): readonly HmSlot[] =>
  defaultHmTable('riscv64', 'partition').map((s, e) => over[e] ?? s);

function start(capacity = 3) {
  return initialTransition(hmMachine, {
    hypervisorTable: defaultHmTable('riscv64', 'hypervisor'),
    partitionTables: [
      partitionTable({ 6: { action: 'PROPAGATE', log: false } }),
      partitionTable({ 6: { action: 'PROPAGATE', log: true }, 11: { action: 'IGNORE', log: true } }),
    ],
    log: emptyHmLog(capacity),
  })[0];
}

function send(s: ReturnType<typeof start>, e: HmEvent) {
  const [next, actions] = transition(hmMachine, s, e);
  return { s: next, out: emittedOf(actions) };
}

const at = { cpu: 0, now: 100 };

describe('traps in partition context', () => {
  it('PROPAGATE without log takes the fast path: no event raised, nothing logged (§4.3 step 3)', () => {
    const r = send(start(), { type: 'TRAP', trap: 0, event: 6, ...at, part: 0, vcpu: 0 });
    expect(r.out).toEqual([{ type: 'fastPropagate', trap: 0, event: 6 }]);
    expect(r.s.context.log.nextSeq).toBe(0);
  });
  it('PROPAGATE with log raises a logged event whose effect is propagate', () => {
    const r = send(start(), { type: 'TRAP', trap: 0, event: 6, ...at, part: 1, vcpu: 1 });
    expect(r.out).toEqual([
      {
        type: 'raised',
        event: 6,
        sys: false,
        action: 'PROPAGATE',
        logged: true,
        effect: 'propagate',
        trap: 0,
        ...at,
        part: 1,
        vcpu: 1,
      },
    ]);
    expect(r.s.context.log.records).toEqual([
      { seq: 0, event: 6, part: 1, vcpu: 1, sys: false, timestamp: 100 },
    ]);
  });
  it("the partition's own table decides: the default halts without logging trap events", () => {
    const r = send(start(), { type: 'TRAP', trap: 6, event: 12, ...at, part: 0, vcpu: 0 });
    expect(r.out).toMatchObject([
      { type: 'raised', action: 'PARTITION_HALT', logged: false, effect: 'haltPartition', sys: false },
    ]);
    expect(r.s.context.log.records).toEqual([]);
  });
});

describe('system level', () => {
  it('a trap in hypervisor context uses the hypervisor table (default HYPERVISOR_HALT, logged, 0xff ids)', () => {
    const r = send(start(), { type: 'TRAP', trap: 5, event: 11, ...at, part: null, vcpu: null });
    expect(r.out).toMatchObject([
      { type: 'raised', sys: true, action: 'HYPERVISOR_HALT', logged: true, effect: 'haltSystem' },
    ]);
    expect(r.s.context.log.records).toEqual([
      { seq: 0, event: 11, part: 0xff, vcpu: 0xff, sys: true, timestamp: 100 },
    ]);
  });
  it('a kernel event with the SYS bit uses the hypervisor table even while a partition runs', () => {
    const r = send(start(), { type: 'RAISE', event: 5, sys: true, ...at, part: 1, vcpu: 0 });
    expect(r.out).toMatchObject([{ type: 'raised', sys: true, part: 1, action: 'HYPERVISOR_HALT' }]);
  });
  it('hypervisor-level actions the kernel does not know halt the system (intended side of ST-A7)', () => {
    const known = HM_ACTIONS.filter((a) => hmEffect('hypervisor', a) !== 'haltSystem');
    expect(known).toEqual([
      'IGNORE',
      'HYPERVISOR_COLD_RESET',
      'HYPERVISOR_WARM_RESET',
      'SWITCH_TO_MAINTENANCE',
    ]);
    expect(hmEffect('partition', 'SUSPEND')).toBe('suspendPartition');
  });
});

describe('the log ring (§5.9)', () => {
  const rec = (event: number) => ({ event, part: 0, vcpu: 0, sys: false, timestamp: event });
  it('keeps the last `capacity` records; a full one drops the oldest and moves the cursor back', () => {
    let log = emptyHmLog(2);
    log = logRecord(log, rec(1));
    log = readRecords(log, 1).log;
    log = logRecord(logRecord(log, rec(2)), rec(3));
    expect(log.records.map((r) => [r.seq, r.event])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect([log.cursor, log.nextSeq]).toEqual([0, 3]);
  });
  it('a locked full log drops new records; sequence numbers still advance; no device stores nothing', () => {
    let log = setLocked(logRecord(logRecord(emptyHmLog(2), rec(1)), rec(2)), true);
    log = logRecord(log, rec(3));
    expect([log.records.map((r) => r.event), log.nextSeq]).toEqual([[1, 2], 3]);
    expect(logRecord(emptyHmLog(0), rec(1))).toMatchObject({ records: [], nextSeq: 1 });
  });
  it('read advances the cursor; seek clamps; reset empties (intended side of ST-A12)', () => {
    let log = logRecord(logRecord(logRecord(emptyHmLog(5), rec(1)), rec(2)), rec(3));
    const r = readRecords(log, 2);
    expect([r.records.map((x) => x.event), r.log.cursor]).toEqual([[1, 2], 2]);
    log = seekRecords(r.log, 5, 'cur');
    expect(log.cursor).toBe(3);
    expect(seekRecords(log, -9, 'end').cursor).toBe(0);
    expect(resetRecords(log)).toMatchObject({ records: [], cursor: 0, nextSeq: 3 });
  });
});
