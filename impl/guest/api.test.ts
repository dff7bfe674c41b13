// The guest API's op sequences (api/*.ts, libprtos.ts) on the bench (testkit.ts): argument layout
// per architecture, buffers written before the call, results read after it, the client-side checks
// libprtos makes, and the guest-side quirks (HC-A40 PCT stride, HC-A62 system check).
import { describe, expect, it } from 'vitest';
import type { Arch } from '../../spec/constants/index.js';
import {
  iretNumber,
  OBJ_CLASS,
  objDescBuild,
  RETURN_CODES,
  X86_IRET_GATE,
} from '../../spec/constants/index.js';
import { pctField, pctSlotSize } from '../../spec/pct.js';
import * as api from './api.js';
import { bailConfig } from './fixtures.test-util.js';
import type { Guest } from './guest.js';
import { imageLoader, scratchRegion } from './loader.js';
import { GuestBench, type BenchKernel, type BenchReply } from './testkit.js';
import type { GuestProgram } from './steps.js';

/** Where the bench keeps the PCT it makes up (a partition of helloworld: 1 area, no ports). */
const PCT = 0x2000;
const PCT_SIZE = 0x300;

function writePct(
  b: GuestBench,
  arch: Arch,
  at: number,
  f: { part: number; vcpu: number; vcpus: number; name: string; flags: number; size?: number },
): void {
  const put = (name: Parameters<typeof pctField>[1], value: number) => {
    const fl = pctField(arch, name);
    b.writeUint(at + fl.offset, fl.size, value);
  };
  put('id', f.part | (f.vcpu << 8));
  put('numOfVcpus', f.vcpus);
  put('partCtrlTableSize', f.size ?? PCT_SIZE);
  put('flags', f.flags);
  put('numOfPhysicalMemAreas', 1);
  const name = pctField(arch, 'name');
  b.writeBytes(
    at + name.offset,
    [...f.name].map((c) => c.charCodeAt(0)),
  );
}

interface Run {
  readonly bench: GuestBench;
  readonly ops: GuestBench['ops'];
}

/**
 * Runs `body` as partition 0's program on `arch` (helloworld's configuration) with `kernel`
 * answering hypercalls (get_vcpuid answers `vcpu` unless the kernel says otherwise).
 */
function runOn(
  arch: Arch,
  body: (g: Guest) => GuestProgram,
  kernel: Partial<Record<number, (args: readonly number[], b: GuestBench) => BenchReply>> = {},
  options: {
    vcpu?: number;
    quirks?: readonly string[];
    pct?: number;
    prepare?: (b: GuestBench) => void;
  } = {},
): Run {
  const config = bailConfig('helloworld', arch);
  const vcpu = options.vcpu ?? 0;
  const k: BenchKernel = {
    hypercall: (nr, args, b) => kernel[nr]?.(args, b) ?? (nr === 32 ? vcpu : 0),
  };
  const bench = new GuestBench(k);
  writePct(bench, arch, PCT, { part: 0, vcpu: 0, vcpus: 1, name: 'Partition0', flags: 0x190 });
  options.prepare?.(bench);
  const loader = imageLoader({
    config,
    machine: bench,
    images: { 0: { start: body } },
    quirks: new Set(options.quirks ?? []),
    observe: (e) => bench.events.push(e),
  });
  const ctx = loader.start({ part: 0, vcpu, entry: 0x86000000, pct: options.pct ?? PCT, reason: 'boot' });
  bench.run(ctx, { maxOps: 2000 });
  return { bench, ops: bench.ops.filter((o) => !(o.op.k === 'compute' && o.op.n === 1000)) };
}

const kinds = (r: Run) => r.ops.map((o) => (o.op.k === 'hypercall' ? `hc${o.op.nr}` : o.op.k));

describe('direct wrappers', () => {
  it('call the right numbers with the arguments in order', () => {
    const seen: (readonly number[])[] = [];
    const rec = (nr: number) => (args: readonly number[]) => {
      seen.push([nr, ...args]);
      return 0;
    };
    const kernel = Object.fromEntries([...Array(46).keys()].map((nr) => [nr, rec(nr)]));
    runOn(
      'riscv64',
      function* (g) {
        yield* api.haltPartition(g, 1);
        yield* api.suspendPartition(g, 2);
        yield* api.resumePartition(g, 2);
        yield* api.resetPartition(g, 2, 1, 7);
        yield* api.shutdownPartition(g, 1);
        yield* api.haltSystem(g);
        yield* api.resetSystem(g, 1);
        yield* api.idleSelf(g);
        yield* api.clearIrqMask(g, 0, 1);
        yield* api.setIrqMask(g, 2, 0);
        yield* api.setIrqPend(g, 0, 1 << 24);
        yield* api.clearIrqPend(g, 4, 0);
        yield* api.routeIrq(g, 2, 0, 224);
        yield* api.raiseIpvi(g, 24);
        yield* api.raisePartitionIpvi(g, 1, 25);
        yield* api.resetVcpu(g, 1, 0x86020000, 0x86000000, 0);
        yield* api.haltVcpu(g, 1);
        yield* api.suspendVcpu(g, 1);
        yield* api.resumeVcpu(g, 1);
        yield* api.getVcpuId(g);
        yield* api.seekObject(g, 0x06_0003_fc00, 0, 1);
        yield* api.raisePartitionTrap(g, 0);
        yield* api.iret(g);
      },
      kernel,
    );
    expect(seen).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
      [4, 2, 1, 7],
      [5, 1],
      [6],
      [7, 1],
      [8],
      [15, 0, 1],
      [16, 2, 0],
      [17, 0, 1 << 24],
      [18, 4, 0],
      [19, 2, 0, 224],
      [23, 24],
      [24, 1, 25],
      [28, 1, 0x86020000, 0x86000000, 0],
      [29, 1],
      [30, 1],
      [31, 1],
      [32],
      // the descriptor is a u32: the bits above 32 are dropped
      [13, 0x0003_fc00, 0, 1],
      [45, 0],
      [44],
    ]);
  });

  it('uses the x86 IRET gate and the x86-only calls there', () => {
    const r = runOn('x86', function* (g) {
      yield* api.x86SetIf(g);
      yield* api.x86ClearIf(g);
      yield* api.x86LoadGdt(g, 0x6010928);
      yield* api.x86LoadIdtr(g, 0x6010920);
      yield* api.iret(g);
    });
    expect(r.bench.hypercalls).toEqual([
      { nr: 42, args: [] },
      { nr: 43, args: [] },
      { nr: 37, args: [0x6010928] },
      { nr: 38, args: [0x6010920] },
      { nr: X86_IRET_GATE, args: [] },
    ]);
    expect(iretNumber('x86')).toBe(X86_IRET_GATE);
  });

  it('passes set_timer as five words on x86 and three registers on riscv64', () => {
    const body = function* (g: Guest) {
      yield* api.setTimer(g, 0, 0x1_0000_0010, 1_000_000);
    };
    expect(runOn('x86', body).bench.hypercalls).toEqual([{ nr: 10, args: [0, 0x10, 1, 1_000_000, 0] }]);
    expect(runOn('riscv64', body).bench.hypercalls).toEqual([
      { nr: 10, args: [0, 0x1_0000_0010, 1_000_000] },
    ]);
  });
});

describe('calls with buffers', () => {
  const scratch = scratchRegion(
    bailConfig('helloworld', 'riscv64'),
    bailConfig('helloworld', 'riscv64').partitions[0]!,
    0,
  );

  it('get_time passes a buffer on the scratch stack and loads the time from it after a success only', () => {
    let reading: api.TimeReading | undefined;
    let failed: api.TimeReading | undefined;
    const r = runOn(
      'riscv64',
      function* (g) {
        reading = yield* api.getTime(g, 1);
        failed = yield* api.getTime(g, 7);
      },
      {
        9: (args, b) => {
          if (args[0] !== 0 && args[0] !== 1) return RETURN_CODES.INVALID_PARAM;
          b.writeUint(args[1] as number, 8, 509_548);
          return 0;
        },
      },
    );
    expect(kinds(r)).toEqual(['hc9', 'load', 'hc9']);
    const [call, read] = r.ops;
    expect(call?.op).toEqual({ k: 'hypercall', nr: 9, args: [1, scratch.base] });
    expect(read?.op).toEqual({ k: 'load', addr: scratch.base, size: 8 });
    expect(reading).toEqual({ code: 0, time: 509_548 });
    expect(failed).toEqual({ code: RETURN_CODES.INVALID_PARAM, time: undefined });
  });

  it('write_console stores the bytes, loads PRTOS_PARTITION_SELF, then writes on the own console object', () => {
    let text = '';
    let ret = 0;
    const r = runOn(
      'riscv64',
      function* (g) {
        yield* api.initLibprtos(g, g.pctArg);
        ret = yield* api.writeConsole(g, api.bytesOf('[0] Hello World!\n'));
      },
      {
        12: (args, b) => {
          text = String.fromCharCode(...b.readBytes(args[1] as number, args[2] as number));
          return args[2] as number;
        },
      },
    );
    expect(kinds(r)).toEqual([
      'hc32',
      'load',
      'load',
      'store',
      'store',
      'store',
      'store',
      'store',
      'load',
      'hc12',
    ]);
    expect(text).toBe('[0] Hello World!\n');
    expect(ret).toBe(17);
    const write = r.bench.hypercalls.at(-1);
    expect(write?.args).toEqual([objDescBuild(OBJ_CLASS.CONSOLE, 0, 0), scratch.base, 17, 0]);
    // PRTOS_PARTITION_SELF is the low byte of vCPU 0's PCT id.
    expect(r.ops[8]?.op).toEqual({ k: 'load', addr: PCT + pctField('riscv64', 'id').offset, size: 8 });
  });

  it('status calls read the record back with the layout of the port', () => {
    let part: api.StatusReply<api.PartitionStatus> | undefined;
    let plan: api.StatusReply<api.PlanStatus> | undefined;
    let sys: api.StatusReply<api.SystemStatus> | undefined;
    runOn(
      'x86',
      function* (g) {
        yield* api.initLibprtos(g, g.pctArg);
        part = yield* api.getPartitionStatus(g, 1);
        plan = yield* api.getPlanStatus(g);
        sys = yield* api.getSystemStatus(g);
      },
      {
        14: (args, b) => {
          const [desc, cmd, buf] = args as [number, number, number];
          if (cmd === 0 && ((desc >>> 10) & 0x3ff) === 1) {
            b.writeUint(buf + 0, 4, 3);
            b.writeUint(buf + 4, 4, 3);
            b.writeUint(buf + 16, 4, 2);
            b.writeUint(buf + 20, 4, 0);
            b.writeUint(buf + 24, 8, 1_000_123);
          } else if (cmd === 1) {
            b.writeUint(buf + 0, 8, 2_197_841);
            b.writeUint(buf + 8, 4, 1);
            b.writeUint(buf + 12, 4, 1);
            b.writeUint(buf + 16, 4, 0);
          } else {
            b.writeUint(buf + 0, 4, 5);
            b.writeUint(buf + 4, 8, 9); // i386: the first u64 follows the u32 at offset 4
          }
          return 0;
        },
      },
    );
    expect(part?.code).toBe(0);
    expect(part?.status).toMatchObject({
      state: 3,
      opMode: 3,
      resetCounter: 2,
      resetStatus: 0,
      execClock: 1_000_123,
    });
    expect(plan?.status).toEqual({ switchTime: 2_197_841, next: 1, current: 1, prev: 0 });
    expect(sys?.status).toMatchObject({ resetCounter: 5, numOfHmEvents: 9 });
  });

  it('a failed status call reads nothing back', () => {
    let reply: api.StatusReply<api.PartitionStatus> | undefined;
    const r = runOn(
      'riscv64',
      function* (g) {
        reply = yield* api.getPartitionStatus(g, 9);
      },
      { 14: () => RETURN_CODES.INVALID_PARAM },
    );
    expect(reply).toEqual({ code: RETURN_CODES.INVALID_PARAM });
    expect(kinds(r)).toEqual(['hc14']);
  });

  it('get_vcpu_status refuses vcpu > number of vCPUs itself (the off-by-one passes vcpu = n)', () => {
    let tooFar: api.StatusReply<api.VcpuStatus> | undefined;
    const r = runOn('riscv64', function* (g) {
      yield* api.initLibprtos(g, g.pctArg);
      tooFar = yield* api.getVcpuStatus(g, 2);
      yield* api.getVcpuStatus(g, 1);
    });
    expect(tooFar).toEqual({ code: RETURN_CODES.INVALID_PARAM });
    expect(kinds(r).slice(3)).toEqual(['load', 'load', 'load', 'hc14', 'load', 'load']);
    expect(r.bench.hypercalls.at(-1)?.args[0]).toBe(objDescBuild(OBJ_CLASS.STATUS, 0, 0, 1));
  });

  it('set_partition_opmode stores the mode in the args buffer before the call', () => {
    const r = runOn('riscv64', function* (g) {
      yield* api.initLibprtos(g, g.pctArg);
      yield* api.setPartitionOpMode(g, 3);
    });
    expect(kinds(r).slice(3)).toEqual(['store', 'load', 'hc14']);
    expect(r.ops[3]?.op).toEqual({ k: 'store', addr: scratch.base, size: 4, value: 3 });
    expect(r.bench.hypercalls.at(-1)?.args).toEqual([objDescBuild(OBJ_CLASS.STATUS, 0, 0), 2, scratch.base]);
  });

  it('switch_sched_plan reads the previous plan back only on success', () => {
    const replies: unknown[] = [];
    const answers = [0, RETURN_CODES.INVALID_PARAM];
    runOn(
      'riscv64',
      function* (g) {
        replies.push(yield* api.switchSchedPlan(g, 1));
        replies.push(yield* api.switchSchedPlan(g, 0));
      },
      {
        26: (args, b) => {
          b.writeUint(args[1] as number, 4, 0);
          return answers.shift() ?? 0;
        },
      },
    );
    expect(replies).toEqual([{ code: 0, current: 0 }, { code: RETURN_CODES.INVALID_PARAM }]);
  });

  it('get_gid_by_name writes a NUL-padded 16-byte name', () => {
    let name = '';
    runOn(
      'riscv64',
      function* (g) {
        yield* api.getGidByName(g, 'HM-reader', 0);
      },
      {
        27: (args, b) => {
          name = String.fromCharCode(...b.readBytes(args[0] as number, 16));
          return 2;
        },
      },
    );
    expect(name).toBe('HM-reader' + '\0'.repeat(7));
  });
});

describe('health monitor helpers', () => {
  /** A kernel with two records; it writes the packed record layout by hand (offsets 0, 4, 8, 12, 20). */
  function hmKernel(
    arch: Arch,
  ): Partial<Record<number, (args: readonly number[], b: GuestBench) => BenchReply>> {
    const size = arch === 'x86' ? 36 : 52;
    const records = [
      { lo: (6 << 16) | 0, t: 797_850, pc: 0x86000a18 },
      { lo: (6 << 16) | 1, t: 997_850, pc: 0x86100a18 },
    ];
    return {
      11: (args, b) => {
        const rec = records.shift();
        if (rec === undefined) return 0;
        const buf = args[1] as number;
        b.writeUint(buf, 2, 0xfecf);
        b.writeUint(buf + 4, 4, 0x12);
        b.writeUint(buf + 8, 4, rec.lo);
        b.writeUint(buf + 12, 8, rec.t);
        b.writeUint(buf + 20, arch === 'x86' ? 4 : 8, rec.pc);
        return size;
      },
      14: (args, b) => {
        b.writeUint((args[2] as number) + 0, 4, 2);
        b.writeUint((args[2] as number) + 4, 4, 4927);
        b.writeUint((args[2] as number) + 8, 4, 0);
        return 0;
      },
    };
  }

  it('hm_read reads one record a call and answers 1, then 0', () => {
    const got: unknown[] = [];
    let status: unknown;
    const r = runOn(
      'riscv64',
      function* (g) {
        status = yield* api.hmStatus(g);
        for (;;) {
          const { code, record } = yield* api.hmRead(g);
          got.push(code);
          if (code <= 0) break;
          got.push([record?.signature, record?.opCodeLo, record?.timestamp, record?.payload[0]]);
        }
      },
      hmKernel('riscv64'),
    );
    expect(status).toEqual({ code: 0, status: { numOfEvents: 2, maxEvents: 4927, currentEvent: 0 } });
    expect(got).toEqual([
      1,
      [0xfecf, 6 << 16, 797_850, 0x86000a18n],
      1,
      [0xfecf, (6 << 16) | 1, 997_850, 0x86100a18n],
      0,
    ]);
    // The descriptor is HM, partition 0xff, id 0; the buffer is one record long.
    const read = r.bench.hypercalls.find((h) => h.nr === 11);
    expect(read?.args.slice(0, 1)).toEqual([objDescBuild(OBJ_CLASS.HM, 0xff, 0)]);
    expect(read?.args[2]).toBe(52);
  });

  it('with libprtos-system-check-pct-flags the helpers test PCT flags & 0x100 first (and it passes for any running guest)', () => {
    const on = runOn(
      'x86',
      function* (g) {
        yield* api.initLibprtos(g, g.pctArg);
        yield* api.hmRead(g);
        yield* api.hmSeek(g, 0, 1);
      },
      hmKernel('x86'),
      { quirks: ['libprtos-system-check-pct-flags'] },
    );
    expect(kinds(on).slice(3)).toEqual([
      'hc32',
      'load',
      'hc11',
      'load',
      'load',
      'load',
      'load',
      'load',
      'load',
      'load',
      'load',
      'load',
      'hc32',
      'load',
      'hc13',
    ]);
    expect(on.bench.hypercalls.find((h) => h.nr === 11)?.args[2]).toBe(36);

    let refused: unknown;
    const off = runOn(
      'x86',
      function* (g) {
        yield* api.initLibprtos(g, g.pctArg);
        refused = yield* api.hmStatus(g);
      },
      {},
      {
        quirks: ['libprtos-system-check-pct-flags'],
        prepare: (b) => b.writeUint(PCT + pctField('x86', 'flags').offset, 4, 0x10),
      },
    );
    expect(refused).toEqual({ code: RETURN_CODES.PERM_ERROR });
    expect(kinds(off).slice(3)).toEqual(['hc32', 'load']);
  });

  it('intended (quirk off): no client-side test, the kernel decides', () => {
    const r = runOn(
      'riscv64',
      function* (g) {
        yield* api.hmSeek(g, 0, 1);
      },
      {},
      { prepare: (b) => b.writeUint(PCT + pctField('riscv64', 'flags').offset, 4, 0) },
    );
    expect(kinds(r)).toEqual(['hc13']);
  });
});

describe('libprtos PCT pointers (HC-A40)', () => {
  it('riscv64: vCPU 1 gets its own PCT (intended) or its own + part_ctrl_table_size (quirk)', () => {
    const probe = (quirks: readonly string[]) => {
      let pct = -1;
      runOn(
        'riscv64',
        function* (g) {
          yield* api.initLibprtos(g, g.pctArg);
          pct = yield* api.pctOfSelf(g);
        },
        {},
        {
          vcpu: 1,
          quirks,
          pct: PCT + 0x400,
          prepare: (b) =>
            writePct(b, 'riscv64', PCT + 0x400, { part: 0, vcpu: 1, vcpus: 2, name: 'P0', flags: 0x190 }),
        },
      );
      return pct;
    };
    expect(probe([])).toBe(PCT + 0x400);
    expect(probe(['libprtos-vcpu-pct-stride'])).toBe(PCT + 0x400 + PCT_SIZE);
  });

  it('x86: every vCPU gets the array base; intended adds the real slot size, the quirk part_ctrl_table_size', () => {
    const slot = pctSlotSize('x86', 1, 0);
    const probe = (quirks: readonly string[]) => {
      let pct = -1;
      runOn(
        'x86',
        function* (g) {
          yield* api.initLibprtos(g, g.pctArg);
          pct = yield* api.pctOfSelf(g);
        },
        {},
        { vcpu: 1, quirks },
      );
      return pct;
    };
    expect(probe([])).toBe(PCT + slot);
    expect(probe(['libprtos-vcpu-pct-stride'])).toBe(PCT + PCT_SIZE);
  });

  it("the name read through a PCT pointer past the vCPU's own PCT is empty when that memory is zero", () => {
    const names: string[] = [];
    for (const quirks of [[], ['libprtos-vcpu-pct-stride']]) {
      runOn(
        'riscv64',
        function* (g) {
          yield* api.initLibprtos(g, g.pctArg);
          names.push(yield* api.pctName(g));
        },
        {},
        {
          vcpu: 1,
          quirks,
          pct: PCT + 0x400,
          prepare: (b) =>
            writePct(b, 'riscv64', PCT + 0x400, {
              part: 0,
              vcpu: 1,
              vcpus: 2,
              name: 'Partition0',
              flags: 0x190,
            }),
        },
      );
    }
    expect(names).toEqual(['Partition0', '']);
  });

  it('PRTOS_PARTITION_SELF and PRTOS_VCPU_SELF read the PCT id fields', () => {
    let self = -1;
    let vself = -1;
    let n = -1;
    runOn(
      'riscv64',
      function* (g) {
        yield* api.initLibprtos(g, g.pctArg);
        self = yield* api.partitionSelf(g);
        vself = yield* api.vcpuSelf(g);
        n = yield* api.numberOfVcpus(g);
      },
      {},
      {
        prepare: (b) => writePct(b, 'riscv64', PCT, { part: 2, vcpu: 0, vcpus: 3, name: 'P2', flags: 0x190 }),
      },
    );
    expect([self, vself, n]).toEqual([2, 0, 3]);
  });
});
