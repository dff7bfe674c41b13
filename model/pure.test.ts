/**
 * `pureTransition` is xstate's `transition` with a reused inert scope: same snapshots, same
 * actions, on generated event sequences of the vCPU and scheduler machines.
 */
import fc from 'fast-check';
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import { pureTransition } from './pure.js';
import { vcpuMachine, type VcpuEvent } from './vcpuMachine.js';

const vcpuEvent: fc.Arbitrary<VcpuEvent> = fc.oneof(
  fc.constant({ type: 'HALT' as const }),
  fc.constant({ type: 'SUSPEND' as const }),
  fc.constant({ type: 'RESUME' as const }),
  fc.record({
    type: fc.constant('RESET' as const),
    kind: fc.constantFrom('cold' as const, 'warm' as const, 'vcpu' as const),
    status: fc.nat(9),
  }),
  fc.record({ type: fc.constant('PEND_EXT' as const), irq: fc.integer({ min: 0, max: 31 }) }),
  fc.record({ type: fc.constant('PEND_HW' as const), line: fc.integer({ min: 0, max: 31 }) }),
  fc.record({ type: fc.constant('TRAP_PENDING' as const), trap: fc.nat(19) }),
  fc.record({ type: fc.constant('CLEAR_MASK' as const), hw: fc.nat(0xff), ext: fc.nat(0xffff) }),
  fc.record({ type: fc.constant('SWITCH_IN' as const), at: fc.nat(1000) }),
  fc.record({ type: fc.constant('SWITCH_OUT' as const), at: fc.nat(1000) }),
);

function strip(actions: readonly unknown[]) {
  return actions.map((a) => {
    const x = a as { type: string; params?: unknown };
    return { type: x.type, params: x.params };
  });
}

describe('pureTransition', () => {
  it("gives the snapshots and actions xstate's transition gives", () => {
    fc.assert(
      fc.property(fc.array(vcpuEvent, { maxLength: 30 }), (events) => {
        let a = initialTransition(vcpuMachine, { arch: 'x86', part: 0, vcpu: 0, cpu: 0 })[0];
        let b = a;
        for (const e of events) {
          const [na, aa] = transition(vcpuMachine, a, e);
          const [nb, ab] = pureTransition(vcpuMachine, b, e);
          expect(nb.value).toEqual(na.value);
          expect(nb.context).toEqual(na.context);
          expect(strip(ab)).toEqual(strip(aa));
          a = na;
          b = nb;
        }
      }),
      { numRuns: 50 },
    );
  });
});
