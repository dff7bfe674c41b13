import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OP_MODES } from '../modelState.js';
import { PART_FLAGS } from './partition.js';
import {
  KTHREAD_FLAGS,
  KTHREAD_NO_PARTITIONS_MASK,
  OP_MODE,
  OP_MODE_NAMES,
  STATUS,
  derivedPartitionState,
  derivedVcpuState,
  initialKthreadFlags,
  isKthreadSchedulable,
  kthreadId,
  kthreadIdPartition,
  kthreadIdVcpu,
  kthreadPartitionCount,
  withKthreadPartitionCount,
  type StatusName,
} from './vcpu.js';

const { HALTED: H, SUSPENDED: S, READY: R } = KTHREAD_FLAGS;

/** Bits that must not influence the derived state: FP, cache bits, the partition count, TRAP_PENDING. */
const irrelevantBits = fc
  .record({
    fp: fc.boolean(),
    cache: fc.integer({ min: 0, max: 0xf }),
    count: fc.integer({ min: 0, max: 0xff }),
    tp: fc.boolean(),
  })
  .map(
    ({ fp, cache, count, tp }) =>
      ((fp ? KTHREAD_FLAGS.FP : 0) | (cache << 5) | (count << 16) | (tp ? KTHREAD_FLAGS.TRAP_PENDING : 0)) >>>
      0,
  );

describe('kthread flag bits (kthread.h:71-85)', () => {
  it('have the documented positions', () => {
    expect(KTHREAD_FLAGS).toMatchObject({
      FP: 0x2,
      HALTED: 0x4,
      SUSPENDED: 0x8,
      READY: 0x10,
      TRAP_PENDING: 0x80000000,
    });
    expect([KTHREAD_FLAGS.FLUSH_DCACHE, KTHREAD_FLAGS.FLUSH_ICACHE, KTHREAD_FLAGS.DCACHE_ENABLED]).toEqual([
      0x20, 0x40, 0x80,
    ]);
    expect(KTHREAD_NO_PARTITIONS_MASK >>> 0).toBe(0x00ff0000);
  });

  it('ICACHE_ENABLED coincides with PRTOS_PART_SYSTEM, the libprtos confusion of A62', () => {
    expect(KTHREAD_FLAGS.ICACHE_ENABLED).toBe(PART_FLAGS.SYSTEM);
  });

  it('give a fresh vCPU HALTED, FP and the partition count as configured', () => {
    expect(initialKthreadFlags({ fp: false, system: false, numOfPartitions: 3 })).toBe(H);
    expect(initialKthreadFlags({ fp: true, system: true, numOfPartitions: 3 })).toBe(
      H | KTHREAD_FLAGS.FP | 0x30000,
    );
    expect(derivedVcpuState(initialKthreadFlags({ fp: true, system: true, numOfPartitions: 7 }))).toBe(
      'HALTED',
    );
  });

  it('keep the partition count field apart from the other bits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xff }), (flags, n) => {
        const f = withKthreadPartitionCount(flags, n);
        expect(kthreadPartitionCount(f)).toBe(n);
        expect((f & ~KTHREAD_NO_PARTITIONS_MASK) >>> 0).toBe((flags & ~KTHREAD_NO_PARTITIONS_MASK) >>> 0);
      }),
    );
  });
});

describe('derivedVcpuState (prtos-states §2.1)', () => {
  // The table of §2.1, row by row: H wins, then S, then R, else IDLE.
  const table: readonly [number, StatusName][] = [
    [0, 'IDLE'],
    [R, 'READY'],
    [S, 'SUSPENDED'],
    [S | R, 'SUSPENDED'],
    [H, 'HALTED'],
    [H | R, 'HALTED'],
    [H | S, 'HALTED'],
    [H | S | R, 'HALTED'],
  ];

  it('follows the table for every H/S/R combination, whatever the other bits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...table), irrelevantBits, ([hsr, state], other) => {
        expect(derivedVcpuState(hsr | other)).toBe(state);
        expect(isKthreadSchedulable(hsr | other)).toBe(state === 'READY');
      }),
    );
  });

  it('maps to the PRTOS_STATUS_* codes IDLE 0, READY 1, SUSPENDED 2, HALTED 3', () => {
    expect(STATUS).toEqual({ IDLE: 0, READY: 1, SUSPENDED: 2, HALTED: 3 });
  });
});

describe('derivedPartitionState (prtos-states §1.1)', () => {
  it('reports READY when vCPU0 runs and vCPU1 is halted', () => {
    expect(derivedPartitionState([R, H])).toBe('READY');
  });

  it('counts a vCPU that is halted and suspended as halted', () => {
    expect(derivedPartitionState([H | S])).toBe('HALTED');
    expect(derivedPartitionState([H | S, S])).toBe('SUSPENDED');
  });

  it('prefers READY over SUSPENDED over HALTED over IDLE', () => {
    expect(derivedPartitionState([H, S, R])).toBe('READY');
    expect(derivedPartitionState([H, S])).toBe('SUSPENDED');
    expect(derivedPartitionState([H, 0])).toBe('HALTED');
    expect(derivedPartitionState([0, 0])).toBe('IDLE');
    expect(derivedPartitionState([])).toBe('IDLE');
  });

  it('is the vCPU state for one vCPU, ignores order, and any READY vCPU makes the partition READY', () => {
    const flags = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.array(flags, { maxLength: 4 }), flags, (vcpus, one) => {
        expect(derivedPartitionState([one])).toBe(derivedVcpuState(one));
        expect(derivedPartitionState([...vcpus].reverse())).toBe(derivedPartitionState(vcpus));
        expect(derivedPartitionState([...vcpus, R])).toBe('READY');
      }),
    );
  });
});

describe('operating modes and kthread ids', () => {
  it('number the op modes in the order ModelState uses', () => {
    expect(OP_MODE_NAMES).toEqual(OP_MODES);
    OP_MODE_NAMES.forEach((name, i) => expect(OP_MODE[name]).toBe(i));
  });

  it('encode a kthread id as (vcpu << 8) | partition', () => {
    expect(kthreadId(2, 1)).toBe(0x102);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xff }), fc.integer({ min: 0, max: 0xff }), (p, v) => {
        const id = kthreadId(p, v);
        expect([kthreadIdPartition(id), kthreadIdVcpu(id)]).toEqual([p, v]);
      }),
    );
  });
});
