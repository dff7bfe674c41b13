// The machine defines its own op and exception types (it must run hypercall ops, which the
// trace's `op` event does not carry). This test keeps them in step with spec/trace: every trace
// op is a machine op, and the exception kinds are the trace's fault kinds, in the same order.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { FAULT_KINDS, type FaultKind, type GuestOp as TraceOp } from '../../spec/trace/vocabulary.js';
import { EXCEPTION_KINDS, type ExceptionKind } from './firmware.js';
import type { GuestOp } from './isa.js';

describe('machine types against the trace vocabulary', () => {
  it('accepts every trace op as a machine op', () => {
    expectTypeOf<TraceOp>().toExtend<GuestOp>();
    expectTypeOf<Exclude<GuestOp['k'], TraceOp['k']>>().toEqualTypeOf<'hypercall'>();
  });

  it('uses the trace fault kinds as its exception kinds', () => {
    expectTypeOf<ExceptionKind>().toEqualTypeOf<FaultKind>();
    expect([...EXCEPTION_KINDS]).toEqual([...FAULT_KINDS]);
  });
});
