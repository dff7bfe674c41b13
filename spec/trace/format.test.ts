/**
 * One-line renderings of events: hand-written examples for each kind, hypercall names by
 * architecture, and the property that every event renders to one line that starts with its
 * time and names its event, CPU and vCPU.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEvent } from './format.js';
import type { TraceEvent } from './vocabulary.js';
import { anyEvent } from './vocabulary.arbitraries.test-util.js';

const on = { cpu: 0, part: 0, vcpu: 0 } as const;

describe('formatEvent', () => {
  const examples: readonly (readonly [TraceEvent, string])[] = [
    [{ seq: 0, t: 5, ev: 'hwIrq', line: 4 }, 't=5 hwIrq line 4'],
    [
      { seq: 0, t: 5, ev: 'fault', cpu: 1, kind: 'store', addr: 0x86000008 },
      't=5 cpu1 fault store @0x86000008',
    ],
    [{ seq: 0, t: 5, ev: 'op', ...on, op: { k: 'compute', n: 300 } }, 't=5 cpu0 P0.v0 op compute 300'],
    [
      { seq: 0, t: 5, ev: 'op', ...on, op: { k: 'load', addr: 4096, size: 4 } },
      't=5 cpu0 P0.v0 op load.4 @0x1000',
    ],
    [
      { seq: 0, t: 5, ev: 'op', cpu: 2, part: 3, vcpu: 1, op: { k: 'store', addr: 16, size: 8, value: -1 } },
      't=5 cpu2 P3.v1 op store.8 @0x10 = -1',
    ],
    [{ seq: 0, t: 5, ev: 'op', ...on, op: { k: 'halt' } }, 't=5 cpu0 P0.v0 op halt'],
    [
      { seq: 0, t: 1207389, ev: 'hypercall', ...on, nr: 10, args: [0, 1208389, 0] },
      't=1207389 cpu0 P0.v0 hypercall set_timer(0, 1208389, 0)',
    ],
    [{ seq: 0, t: 7, ev: 'hypercall', ...on, nr: 99, args: [] }, 't=7 cpu0 P0.v0 hypercall hc#99()'],
    [
      { seq: 0, t: 8, ev: 'ret', ...on, nr: 9, code: 0, out: [1207390] },
      't=8 cpu0 P0.v0 ret get_time = 0 out [1207390]',
    ],
    [
      { seq: 0, t: 8, ev: 'ret', ...on, nr: 26, code: -4 },
      't=8 cpu0 P0.v0 ret switch_sched_plan = -4 (PERM_ERROR)',
    ],
    [{ seq: 0, t: 9, ev: 'tick', cpu: 3 }, 't=9 cpu3 tick'],
    [
      { seq: 0, t: 9, ev: 'vcpuState', part: 2, vcpu: 1, from: 'READY', to: 'SUSPENDED' },
      't=9 P2.v1 vcpuState READY -> SUSPENDED',
    ],
    [
      { seq: 0, t: 9, ev: 'partState', part: 2, from: 'READY', to: 'HALTED' },
      't=9 P2 partState READY -> HALTED',
    ],
    [
      { seq: 0, t: 9, ev: 'switch', cpu: 0, from: { part: 1, vcpu: 0 }, to: 'idle' },
      't=9 cpu0 switch P1.v0 -> idle',
    ],
    [{ seq: 0, t: 9, ev: 'slot', cpu: 0, plan: 1, slot: 2 }, 't=9 cpu0 slot plan 1 slot 2'],
    [{ seq: 0, t: 0, ev: 'planSwitch', cpu: 0, from: null, to: 0 }, 't=0 cpu0 planSwitch none -> 0'],
    [
      { seq: 0, t: 9, ev: 'hm', cpu: 0, event: 12, part: 0, vcpu: 0, action: 7, logged: false, sys: false },
      't=9 cpu0 P0.v0 hm event 12 action 7 (not logged)',
    ],
    [
      {
        seq: 0,
        t: 9,
        ev: 'hm',
        cpu: 1,
        event: 5,
        part: null,
        vcpu: null,
        action: 8,
        logged: true,
        sys: true,
      },
      't=9 cpu1 hyp hm event 5 action 8 (logged, sys)',
    ],
    [{ seq: 0, t: 9, ev: 'virqPend', part: 0, vcpu: 1, irq: 8, kind: 'ext' }, 't=9 P0.v1 virqPend ext 8'],
    [
      { seq: 0, t: 9, ev: 'virqDeliver', part: 0, vcpu: 1, irq: 8, kind: 'ext', vector: 232 },
      't=9 P0.v1 virqDeliver ext 8 vector 232',
    ],
    [
      { seq: 0, t: 9, ev: 'port', op: 'write', part: 1, port: 3, bytes: 16 },
      't=9 P1 port write port 3 16 bytes',
    ],
    [{ seq: 0, t: 9, ev: 'console', part: 0, text: 'P0: "hi"\t' }, 't=9 P0 console "P0: \\"hi\\"\\t"'],
    [{ seq: 0, t: 9, ev: 'console', part: null, text: '' }, 't=9 hyp console ""'],
    [
      { seq: 0, t: 9, ev: 'system', what: 'reset', mode: 'warm', reason: 'HM action 5' },
      't=9 system reset warm: "HM action 5"',
    ],
    [{ seq: 0, t: 9, ev: 'system', what: 'halt' }, 't=9 system halt'],
  ];
  it.each(examples)('%j', (e, expected) => {
    expect(formatEvent(e)).toBe(expected);
  });

  it('names hypercalls as the trace architecture does', () => {
    const updatePage: TraceEvent = { seq: 0, t: 1, ev: 'hypercall', ...on, nr: 20, args: [4096, 1] };
    expect(formatEvent(updatePage, { arch: 'x86' })).toBe('t=1 cpu0 P0.v0 hypercall update_page32(4096, 1)');
    // riscv64 has no update_page32: slot 20 is empty there.
    expect(formatEvent(updatePage, { arch: 'riscv64' })).toBe('t=1 cpu0 P0.v0 hypercall hc#20(4096, 1)');
    const iret: TraceEvent = { seq: 0, t: 1, ev: 'hypercall', ...on, nr: 44, args: [] };
    expect(formatEvent(iret, { arch: 'riscv64' })).toBe('t=1 cpu0 P0.v0 hypercall iret()');
    expect(formatEvent(iret, { arch: 'x86' })).toBe('t=1 cpu0 P0.v0 hypercall hc#44()');
    expect(formatEvent(iret, { hypercallName: (nr) => (nr === 44 ? 'IRET' : undefined) })).toBe(
      't=1 cpu0 P0.v0 hypercall IRET()',
    );
  });

  it('renders every event as one line with its time, name, CPU and vCPU', () => {
    fc.assert(
      fc.property(anyEvent, (e) => {
        const s = formatEvent(e);
        expect(s).not.toMatch(/[\n\r]/);
        expect(s.startsWith(`t=${e.t} `)).toBe(true);
        expect(s.split(' ')).toContain(e.ev);
        if ('cpu' in e) expect(s).toContain(`cpu${e.cpu} `);
        if ('vcpu' in e && e.vcpu !== null && e.part !== null) expect(s).toContain(`P${e.part}.v${e.vcpu}`);
      }),
    );
  });
});
