/**
 * Boot (prtos-states §6.1, P0/P1; spec/timing R7): the state every partition is in when the run
 * starts, the PCT a cold reset writes, and — with `--fidelity real` — the console the real kernel
 * prints, compared with the recorded helloworld runs (docs/reference/prtos-transcripts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KTHREAD_FLAGS } from '../../spec/constants/vcpu.js';
import { PCT_MAGIC, pctField, pctLayout } from '../../spec/pct.js';
import { buildSystem } from './testConfigs.js';
import { loadConfig, op, printOps, rig } from './testkit.js';

const transcript = (name: string) =>
  readFileSync(new URL(`../../docs/reference/prtos-transcripts/${name}`, import.meta.url), 'utf8')
    .trimEnd()
    .split('\n');

describe('the console of a real boot (docs/bail-study.md §1.4, B1–B18)', () => {
  for (const arch of ['riscv64', 'x86'] as const) {
    it(`helloworld on ${arch} prints what the recorded run printed`, () => {
      const cfg = loadConfig(`helloworld.prtos_cf.${arch}.xml`);
      const area = cfg.partitions[0]?.areas[0]?.start ?? 0;
      const program = [
        ...printOps(area + 0x1000, '[0] Hello World!\n', 0),
        ...printOps(area + 0x1000, '[0] Verification Passed\n', 0),
        op.hc(8),
        op.hc(1, 0),
      ];
      const r = rig(cfg, { fidelity: 'real', programs: { '0.0': program } });
      r.run(1_000_000);
      expect(r.console.map((l) => l.text)).toEqual(transcript(`helloworld.${arch}.log`));
    });
  }

  it('prints nothing of it with the intended fidelity', () => {
    const r = rig(loadConfig('helloworld.prtos_cf.riscv64.xml'));
    expect(r.console).toEqual([]);
  });

  it('announces each secondary CPU (B15, B16)', () => {
    const rv = rig(loadConfig('helloworld_smp.prtos_cf.riscv64.xml'), { fidelity: 'real' });
    expect(rv.console.map((l) => l.text).slice(13, 16)).toEqual([
      '[CPU0] >> hardware timer [riscv-timer (10000Khz)]',
      'Starting secondary hart 1 (logical CPU 1)',
      '[CPU1] >> hardware timer [riscv-timer (10000Khz)]',
    ]);
    const x = rig(loadConfig('helloworld_smp.prtos_cf.x86.xml'), { fidelity: 'real' });
    expect(x.console.map((l) => l.text)).toContain('Waking up (1) AP CPU');
  });
});

describe('the state at t = 0 (P0, P1)', () => {
  const sys = buildSystem({
    arch: 'riscv64',
    cpus: [
      [
        {
          majorFrame: 1000,
          slots: [
            { start: 0, duration: 500, part: 0 },
            { start: 500, duration: 500, part: 1, vcpu: 1 },
          ],
        },
      ],
    ],
    partitions: [
      { system: true, name: 'Sup' },
      { vcpus: 2, areas: [{ start: 0x86100000, size: 0x100000, name: 'Data', flags: 'shared' }] },
    ],
  });
  const F = (name: Parameters<typeof pctField>[1]) => pctField('riscv64', name).offset;

  it('vCPU0 of each bootable partition was cold reset; the others are HALTED', () => {
    const r = rig(sys);
    const v = r.kernel.view;
    const H = KTHREAD_FLAGS.HALTED;
    const R = KTHREAD_FLAGS.READY;
    expect(v.vcpus.map((x) => [x.part, x.vcpu, x.flags & (H | R), x.opMode])).toEqual([
      [0, 0, R, 'COLD_RESET'],
      [1, 0, R, 'COLD_RESET'],
      [1, 1, H, 'IDLE'],
    ]);
    expect(v.partitions.map((p) => p.opMode)).toEqual(['IDLE', 'IDLE']);
    // a system partition's flag word carries the partition count in bits 16–23
    expect(((v.vcpus[0]?.flags ?? 0) >>> 16) & 0xff).toBe(2);
    expect(((v.vcpus[1]?.flags ?? 0) >>> 16) & 0xff).toBe(0);
    expect(r.starts.map((s) => [s.part, s.vcpu, s.reason, s.entry, s.pct])).toEqual([
      [0, 0, 'boot', 0x86000000, v.vcpus[0]?.pct],
      [1, 0, 'boot', 0x86100000, v.vcpus[1]?.pct],
    ]);
    expect(r.events.filter((e) => e.ev !== 'console')).toEqual([]);
  });

  it('writes the PCT of a started vCPU: header, masks all set, memory map; leaves a halted one zero', () => {
    const r = rig(sys);
    const m = r.machine.memory;
    const pct = r.kernel.view.vcpus[1]?.pct ?? 0;
    expect(m.read(pct + F('magic'), 4)).toBe(PCT_MAGIC);
    expect(m.read(pct + F('resetCounter'), 4)).toBe(0);
    expect(m.read(pct + F('hwIrqsMask'), 4)).toBe(0xffffffff);
    expect(m.read(pct + F('extIrqsToMask'), 4)).toBe(0xffffffff);
    expect(Number(m.readBig(pct + F('id'), 8))).toBe(1);
    expect(Number(m.readBig(pct + F('numOfVcpus'), 8))).toBe(2);
    expect(m.read(pct + F('flags'), 4)).toBe(r.kernel.view.vcpus[1]?.flags);
    expect(new TextDecoder().decode(m.readBytes(pct + F('name'), 10))).toBe('Partition1');
    const map = pct + pctLayout('riscv64').size;
    expect(new TextDecoder().decode(m.readBytes(map, 4))).toBe('Data');
    // flags of the area: shared (1) | named (0x200)
    expect(m.read(map + 16 + 24, 4)).toBe(0x201);
    const halted = r.kernel.view.vcpus[2]?.pct ?? 0;
    expect(m.read(halted + F('magic'), 4)).toBe(0);
    expect(m.read(halted + F('hwIrqsMask'), 4)).toBe(0);
  });

  it('leaves a partition without an image HALTED and never starts it', () => {
    const r = rig(sys, { withoutImage: [1] });
    expect(r.starts.map((s) => s.part)).toEqual([0]);
    expect(r.kernel.view.vcpus[1]?.flags).toBe(KTHREAD_FLAGS.HALTED);
  });
});

describe('the console of an HM run (example.002, riscv64, --fidelity real)', () => {
  it('prints the trap, HM and halt lines of the recorded run, numbers masked', () => {
    const cfg = loadConfig('example.002.prtos_cf.riscv64.xml');
    const probe = rig(cfg);
    const te = pctField('riscv64', 'archTrapEntry').offset;
    const part = (p: number) => {
      const area = 0x86000000 + p * 0x100000;
      return [
        op.store((probe.kernel.view.vcpus[p]?.pct ?? 0) + te, area + 0x100, 8),
        op.hc(8),
        op.hc(19, 0, 0, 1),
        ...printOps(area + 0x1000, `[${p}] Raising illegal instruction trap...\n`, p),
        op.hc(45, 0),
        ...printOps(area + 0x1000, `[${p}] Verification Passed\n`, p),
        ...printOps(area + 0x1000, `[${p}] Halting\n`, p),
        op.hc(1, p),
      ];
    };
    const handler = [
      ...printOps(0x86101000, '[1] #Illegal Instruction Exception propagated, ignoring...\n', 1),
      op.hc(44),
    ];
    const reader = [
      op.hc(8),
      ...printOps(0x86201000, '[2]  --------- Health Monitor Log ---------------\n', 2),
      ...printOps(0x86201000, '[2] Log => part_Id: 0x0 eventId: 0x6 timeStamp: 801929\n', 2),
      ...printOps(0x86201000, '[2] Log => part_Id: 0x1 eventId: 0x6 timeStamp: 1011964\n', 2),
      op.hc(1, 2),
    ];
    const r = rig(cfg, {
      fidelity: 'real',
      quirks: ['riscv-stage2-ignores-area-flags', 'verbose-trap-print', 'hm-verbose-unknown-names'],
      programs: { '0.0': part(0), '1.0': part(1), '2.0': reader },
      handlers: { '1.0': new Map([[1, handler]]) },
    });
    r.run(1_500_000);
    const mask = (s: string) => s.replace(/0x[0-9a-f]+/g, '0x#').replace(/\d{6,}/g, '#');
    expect(r.console.map((l) => mask(l.text))).toEqual(transcript('example.002.riscv64.log').map(mask));
  });
});
