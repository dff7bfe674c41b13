/**
 * The partition machine: its state is the one its vCPUs derive (prtos-states §1.1), it emits
 * `partState` only on a change, and it keeps the op mode.
 */
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  derivedPartitionState,
  derivedVcpuState,
  KTHREAD_FLAGS,
  type StatusName,
} from '../spec/constants/index.js';
import { derivePartition, partitionMachine } from './partitionMachine.js';
import { emittedOf } from './testkit.test-util.js';

const flagWord = fc
  .record({ h: fc.boolean(), s: fc.boolean(), r: fc.boolean() })
  .map(
    ({ h, s, r }) =>
      (h ? KTHREAD_FLAGS.HALTED : 0) | (s ? KTHREAD_FLAGS.SUSPENDED : 0) | (r ? KTHREAD_FLAGS.READY : 0),
  );

describe('derivePartition', () => {
  it('agrees with spec/constants derivedPartitionState on every combination of vCPU flags', () => {
    fc.assert(
      fc.property(fc.array(flagWord, { minLength: 1, maxLength: 4 }), (flags) => {
        expect(derivePartition(flags.map(derivedVcpuState))).toBe(derivedPartitionState(flags));
      }),
    );
  });
  it('a partition with vCPU0 running and vCPU1 halted is READY (§1.1)', () => {
    expect(derivePartition(['READY', 'HALTED'])).toBe('READY');
    expect(derivePartition(['HALTED', 'SUSPENDED'])).toBe('SUSPENDED');
  });
});

describe('partitionMachine', () => {
  const start = () => initialTransition(partitionMachine, { id: 3, opMode: 'IDLE', state: 'HALTED' })[0];
  const vcpus = (states: StatusName[]) => ({ type: 'VCPUS' as const, states });

  it('moves to the derived state and emits partState from → to', () => {
    const [s, actions] = transition(partitionMachine, start(), vcpus(['READY', 'HALTED']));
    expect(s.value).toBe('READY');
    expect(emittedOf(actions)).toEqual([{ type: 'partState', part: 3, from: 'HALTED', to: 'READY' }]);
  });
  it('emits nothing when the derived state does not change', () => {
    const [ready] = transition(partitionMachine, start(), vcpus(['READY']));
    const [again, actions] = transition(partitionMachine, ready, vcpus(['READY', 'SUSPENDED']));
    expect(again.value).toBe('READY');
    expect(emittedOf(actions)).toEqual([]);
  });
  it('keeps the op mode it is given', () => {
    const [s] = transition(partitionMachine, start(), { type: 'SET_OP_MODE', opMode: 'WARM_RESET' });
    expect(s.context.opMode).toBe('WARM_RESET');
  });
});
