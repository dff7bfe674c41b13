/**
 * The vCPU machine on its own: flag regions, reset, pending bits with their guards and emitted
 * `virqPend`, injection, exec-clock bookkeeping (prtos-states §1.2, §1.3, §2, §5.3, §5.4).
 */
import { initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { Arch } from '../spec/constants/arch.js';
import { execAt } from './timers.js';
import { vcpuMachine, type VcpuEvent } from './vcpuMachine.js';
import { emittedOf } from './testkit.test-util.js';

type Snap = ReturnType<typeof initialTransition<typeof vcpuMachine>>[0];

function start(arch: Arch = 'riscv64'): Snap {
  return initialTransition(vcpuMachine, { arch, part: 1, vcpu: 0, cpu: 0 })[0];
}

function send(s: Snap, e: VcpuEvent) {
  const [next, actions] = transition(vcpuMachine, s, e);
  return { s: next, emitted: emittedOf(actions) };
}

function run(s: Snap, ...events: VcpuEvent[]): Snap {
  return events.reduce((acc, e) => send(acc, e).s, s);
}

describe('creation (P0)', () => {
  it('starts halted, not suspended, R clear, op mode IDLE, a zeroed PCT, fresh', () => {
    const s = start();
    expect(s.value).toEqual({ halted: 'yes', suspended: 'no', ready: 'no' });
    expect(s.context).toMatchObject({
      opMode: 'IDLE',
      hwMask: 0,
      extMask: 0,
      resetCounter: 0,
      fresh: true,
      trapPending: null,
    });
  });
});

describe('reset (§1.3, REQ-PART-17)', () => {
  it('cold: H cleared, R set, everything masked, counter 0, op mode COLD_RESET; timers and S are kept', () => {
    let s = run(
      start(),
      { type: 'SET_TIMERS', hwTimer: { value: 5, interval: 0 }, execTimer: null },
      { type: 'SUSPEND' },
    );
    s = run(s, { type: 'RESET', kind: 'cold', status: 9 });
    expect(s.value).toEqual({ halted: 'no', suspended: 'yes', ready: 'yes' });
    expect(s.context).toMatchObject({
      hwMask: 0xffffffff,
      extMask: 0xffffffff,
      resetCounter: 0,
      resetStatus: 9,
      opMode: 'COLD_RESET',
      hwTimer: { value: 5, interval: 0 },
    });
  });
  it('warm counts up; a vCPU reset keeps the op mode the halt gave it; a reset clears a pending trap', () => {
    let s = run(start(), { type: 'RESET', kind: 'cold', status: 0 }, { type: 'TRAP_PENDING', trap: 3 });
    expect(s.context.trapPending).toBe(3);
    s = run(s, { type: 'HALT' }, { type: 'RESET', kind: 'warm', status: 1 });
    expect([s.context.resetCounter, s.context.opMode, s.context.trapPending]).toEqual([
      1,
      'WARM_RESET',
      null,
    ]);
    s = run(s, { type: 'HALT' }, { type: 'RESET', kind: 'vcpu', status: 2 });
    expect([s.context.resetCounter, s.context.opMode]).toEqual([2, 'IDLE']);
  });
  it('x86 routing defaults come with the fresh PCT (trap n → n, hw n → 0x20+n, ext n → 0x90+n)', () => {
    const s = run(start('x86'), { type: 'RESET', kind: 'cold', status: 0 });
    expect([s.context.routing.trap[14], s.context.routing.hw[3], s.context.routing.ext[8]]).toEqual([
      14, 0x23, 0x98,
    ]);
    const r = run(start('riscv64'), { type: 'RESET', kind: 'cold', status: 0 });
    expect(r.context.routing.ext[8]).toBe(0);
  });
});

describe('flags (§1.2, §2.1)', () => {
  it('HALT sets H and op mode IDLE; SUSPEND and RESUME toggle S only', () => {
    let s = run(
      start(),
      { type: 'RESET', kind: 'cold', status: 0 },
      { type: 'SELECTED', slot: { index: 0, id: 0, duration: 5 } },
    );
    expect(s.context.opMode).toBe('NORMAL');
    s = run(s, { type: 'SUSPEND' });
    expect(s.value).toEqual({ halted: 'no', suspended: 'yes', ready: 'yes' });
    s = run(s, { type: 'RESUME' }, { type: 'HALT' });
    expect(s.value).toEqual({ halted: 'yes', suspended: 'no', ready: 'yes' });
    expect(s.context.opMode).toBe('IDLE');
  });
});

describe('pending interrupts (V7, REQ-VCPU-11, REQ-IRQ-8)', () => {
  it('a halted vCPU drops them: no bit, no R, nothing emitted', () => {
    const r = send(start(), { type: 'PEND_EXT', irq: 4 });
    expect([r.s.context.extPend, r.s.value, r.emitted]).toEqual([
      0,
      { halted: 'yes', suspended: 'no', ready: 'no' },
      [],
    ]);
  });
  it('a non-halted one gets the bit and R, and emits virqPend only when the bit goes from 0 to 1', () => {
    const s0 = run(start(), { type: 'RESET', kind: 'cold', status: 0 }, { type: 'SUSPEND' });
    const a = send(s0, { type: 'PEND_EXT', irq: 4 });
    expect(a.emitted).toEqual([{ type: 'virqPend', part: 1, vcpu: 0, irq: 4, kind: 'ext' }]);
    expect(a.s.context.extPend).toBe(0x10);
    const b = send(a.s, { type: 'PEND_EXT', irq: 4 });
    expect(b.emitted).toEqual([]);
    const c = send(b.s, { type: 'PEND_HW', line: 2 });
    expect([c.s.context.hwPend, c.emitted]).toEqual([
      4,
      [{ type: 'virqPend', part: 1, vcpu: 0, irq: 2, kind: 'hw' }],
    ]);
  });
});

describe('injection (§5.4)', () => {
  it('x86: clears the delivered bit and the virtual IF; a trap clears TP', () => {
    let s = run(
      start('x86'),
      { type: 'RESET', kind: 'cold', status: 0 },
      { type: 'SET_IF', on: true },
      { type: 'PEND_EXT', irq: 8 },
    );
    s = run(s, { type: 'INJECTED', kind: 'ext', irq: 8, vector: 0x98 });
    expect([s.context.extPend, s.context.virtualIf]).toEqual([0, false]);
    s = run(s, { type: 'TRAP_PENDING', trap: 14 }, { type: 'INJECTED', kind: 'trap', irq: 14, vector: 14 });
    expect(s.context.trapPending).toBeNull();
  });
  it('riscv64: records the vector until IRET', () => {
    let s = run(start(), { type: 'RESET', kind: 'cold', status: 0 }, { type: 'PEND_HW', line: 1 });
    s = run(s, { type: 'INJECTED', kind: 'hw', irq: 1, vector: 225 });
    expect([s.context.hwPend, s.context.irqVector]).toEqual([0, 225]);
    expect(run(s, { type: 'IRET' }).context.irqVector).toBe(0);
  });
});

describe('exec clock (R6)', () => {
  it('accrues from the end of the switch-in entry to the end of the switch-out entry', () => {
    let s = run(start(), { type: 'SWITCH_IN', at: 100 });
    expect([execAt(s.context.clock, 90), execAt(s.context.clock, 150)]).toEqual([0, 50]);
    s = run(s, { type: 'SWITCH_OUT', at: 200 });
    expect([execAt(s.context.clock, 180), execAt(s.context.clock, 500)]).toEqual([80, 100]);
    s = run(s, { type: 'SWITCH_IN', at: 1000 });
    expect(execAt(s.context.clock, 1010)).toBe(110);
  });
});
