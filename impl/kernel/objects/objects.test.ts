/**
 * The object hypercalls 11–14 (prtos-hypercalls §3.13, §5.1, §5.2, §5.8; prtos-states §7):
 * dispatch by class, the console object, and the status object with every command and check.
 */
import { describe, expect, it } from 'vitest';
import { objDescBuild, OBJ_CLASS, PRTOS_HYPERVISOR_ID } from '../../../spec/constants/objects.js';
import { STATUS_CMD } from '../../../spec/constants/objectCommands.js';
import { buildSystem } from '../testConfigs.js';
import { op, rig } from '../testkit.js';

const X86_T0 = 21_000;
const RV_T0 = 197_841;
const sys = (arch: 'x86' | 'riscv64', consoleFor1 = true) =>
  buildSystem({
    arch,
    cpus: [
      [
        {
          majorFrame: 3000,
          slots: [
            { start: 0, duration: 1000, part: 0 },
            { start: 1000, duration: 1000, part: 1 },
            { start: 2000, duration: 1000, part: 2, vcpu: 1 },
          ],
        },
      ],
    ],
    partitions: [{ system: true }, { console: consoleFor1 }, { vcpus: 2 }],
  });
const A0 = 0x6000000;
const CONSOLE0 = objDescBuild(OBJ_CLASS.CONSOLE, 0, 0);
const codes = (r: ReturnType<typeof rig>, part = 0) =>
  r
    .of('ret')
    .filter((e) => e.part === part)
    .map((e) => e.code);

describe('object dispatch', () => {
  it('INVALID_PARAM for a class of 8 or more, OP_NOT_ALLOWED for a missing handler or a slice-2 class', () => {
    const ops = [
      op.hc(12, 8 << 24, A0, 1, 0),
      op.hc(11, CONSOLE0, A0, 1, 0),
      op.hc(12, 0, A0, 1, 0),
      op.hc(14, objDescBuild(OBJ_CLASS.SAMPLING_PORT, 0, 0), 0, A0),
      op.hc(13, objDescBuild(OBJ_CLASS.STATUS, 0, 0), 0, 0),
      op.hc(12, (1 << 31) | CONSOLE0, A0, 0, 0),
    ];
    const r = rig(sys('x86'), { programs: { '0.0': ops } });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([-3, -7, -7, -7, -7, 0]);
  });
});

describe('the console object (§5.2)', () => {
  it('writes the caller’s bytes; lines appear as console events', () => {
    const ops = [
      op.store(A0, 0x0a6948, 4),
      op.hc(12, CONSOLE0, A0, 3, 0),
      op.hc(12, CONSOLE0, A0, 2, 0),
      op.hc(12, CONSOLE0, A0 + 2, 1, 0),
    ];
    const r = rig(sys('x86'), { programs: { '0.0': ops } });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([3, 2, 1]);
    expect(r.of('console')).toEqual([
      { t: X86_T0 + 3, ev: 'console', part: 0, text: 'Hi' },
      { t: X86_T0 + 7, ev: 'console', part: 0, text: 'Hi' },
    ]);
  });

  it('checks the partition, then the pointer, then the length; no device gives 0', () => {
    const ops = [
      op.hc(12, objDescBuild(OBJ_CLASS.CONSOLE, 1, 0), A0, 1, 0),
      op.hc(12, CONSOLE0, 0, 200, 0),
      op.hc(12, CONSOLE0, A0, 129, 0),
      op.hc(12, CONSOLE0, A0 + 0x200000, 4, 0),
    ];
    const r = rig(sys('x86', false), {
      programs: { '0.0': ops, '1.0': [op.hc(12, objDescBuild(OBJ_CLASS.CONSOLE, 1, 0), 0x6100000, 4, 0)] },
    });
    r.run(X86_T0 + 1_100);
    expect(codes(r, 0)).toEqual([-4, -3, -3, -3]);
    expect(codes(r, 1)).toEqual([0]);
  });
});

describe('the status object (§7, prtos-hypercalls §5.8)', () => {
  const ST = (part: number, vcpu = 0) => objDescBuild(OBJ_CLASS.STATUS, part, 0, vcpu);

  it('partition status follows the derived state: READY, SUSPENDED, READY, HALTED, READY (example.007)', () => {
    const get = op.hc(14, ST(1), STATUS_CMD.GET_SYSTEM_STATUS, A0);
    const ops = [get, op.hc(2, 1), get, op.hc(3, 1), get, op.hc(1, 1), get, op.hc(4, 1, 1, 0), get];
    const r = rig(sys('x86'), { programs: { '0.0': ops } });
    r.run(X86_T0 + 100);
    const states = r
      .of('ret')
      .filter((e) => e.nr === 14)
      .map((e) => e.out?.[0]);
    expect(states).toEqual([1, 2, 1, 3, 1]);
    // op mode, num_of_virqs (x86 counts: P1's slot-start was never raised yet), counter, status, exec clock
    expect(r.of('ret').filter((e) => e.nr === 14)[4]?.out).toEqual([1, 2, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('partition status of the caller and its exec clock; counters read 0 with status-counters-disabled', () => {
    const ops = [op.compute(98), op.hc(14, ST(0), STATUS_CMD.GET_SYSTEM_STATUS, A0)];
    const r = rig(sys('riscv64'), {
      programs: { '0.0': ops.map((o) => (o.k === 'hypercall' ? { ...o, args: [ST(0), 0, 0x86000000] } : o)) },
    });
    r.run(RV_T0 + 200);
    // READY, partition op mode IDLE (after boot), one slot start counted, counter 0, status 0,
    // exec clock since T0 + 2 (the boot entry's switch)
    expect(r.of('ret')[0]?.out).toEqual([1, 0, 1, 0, 0, 98, 0, 0, 0, 0]);
    const q = rig(sys('riscv64'), {
      programs: { '0.0': ops.map((o) => (o.k === 'hypercall' ? { ...o, args: [ST(0), 0, 0x86000000] } : o)) },
      quirks: ['status-counters-disabled'],
    });
    q.run(RV_T0 + 200);
    expect(q.of('ret')[0]?.out?.[2]).toBe(0);
  });

  it('system status: system partitions only; reset counter and counters', () => {
    const sysDesc = ST(PRTOS_HYPERVISOR_ID);
    const r = rig(sys('x86'), {
      programs: {
        '0.0': [op.hc(14, sysDesc, 0, A0)],
        '1.0': [op.hc(14, sysDesc, 0, 0x6100000), op.hc(14, ST(0), 0, 0x6100000)],
      },
    });
    r.run(X86_T0 + 1_100);
    expect(r.of('ret')[0]?.out).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(codes(r, 1)).toEqual([-4, -4]);
    // the slot-boundary tick at T0 + 1 000 counted one interrupt
    const later = rig(sys('x86'), { programs: { '0.0': [op.hc(8), op.hc(14, sysDesc, 0, A0)] } });
    later.run(X86_T0 + 3_100);
    expect(later.of('ret').at(-1)?.out?.slice(0, 4)).toEqual([0, 0, 3, 1]);
  });

  it('vCPU status, plan status, op mode; every INVALID_PARAM', () => {
    const ops = [
      op.hc(14, ST(2, 1), STATUS_CMD.GET_VCPU_STATUS, A0),
      op.hc(14, ST(2, 2), STATUS_CMD.GET_VCPU_STATUS, A0),
      op.hc(14, ST(9), STATUS_CMD.GET_VCPU_STATUS, A0),
      op.hc(14, ST(0), STATUS_CMD.GET_SCHED_PLAN_STATUS, A0),
      op.store(A0 + 64, 3),
      op.hc(14, ST(1), STATUS_CMD.SET_PARTITION_OPMODE, A0 + 64),
      op.store(A0 + 64, 4),
      op.hc(14, ST(1), STATUS_CMD.SET_PARTITION_OPMODE, A0 + 64),
      op.hc(14, ST(PRTOS_HYPERVISOR_ID), STATUS_CMD.SET_PARTITION_OPMODE, A0 + 64),
      op.hc(14, ST(0), 9, A0),
      op.hc(14, ST(0), 0, 0),
    ];
    const r = rig(sys('x86'), { programs: { '0.0': ops } });
    r.run(X86_T0 + 100);
    expect(codes(r)).toEqual([0, -3, -3, 0, 0, -3, -3, -3, -3]);
    const rets = r.of('ret');
    expect(rets[0]?.out).toEqual([3, 0]);
    expect(rets[3]?.out).toEqual([X86_T0, 0, 0, -1]);
    expect(r.kernel.view.partitions[1]?.opMode).toBe('NORMAL');
  });
});
