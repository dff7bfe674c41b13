// The BAIL runtime port (bail.ts) and the example programs on the guest bench with a stand-in
// kernel (../fakePrtos.test-util.ts): the start-up op sequence per architecture, the console lines,
// interrupt dispatch and IRET, the x86 divide handler, unexpected traps, restarts, and the
// vCPU-1 PCT name with and without the libprtos stride quirk.
import { describe, expect, it } from 'vitest';
import { pctField } from '../../../spec/pct.js';
import { X86_IRET_GATE } from '../../../spec/constants/index.js';
import { example001 } from '../example.001/index.js';
import { example002 } from '../example.002/index.js';
import { example008 } from '../example.008/index.js';
import { fakeRun } from '../fakePrtos.test-util.js';
import { helloworld } from '../helloworld/index.js';
import { STARTUP_US } from './bail.js';
import { X86_GDT_DESC_OFFSET, X86_IDT_DESC_OFFSET, TRAP_DISPATCH_OFFSET } from './layout.js';

const opName = (o: { op: { k: string; nr?: number } }) => (o.op.k === 'hypercall' ? `hc${o.op.nr}` : o.op.k);

describe('BAIL start-up', () => {
  it('riscv64: compute S, get_vcpuid, init_libprtos, the trap entry in the PCT, 32 routes, then main and part_halt', () => {
    const run = fakeRun(helloworld, 'riscv64', { part: 0 });
    run.bench.run(run.start(0, 0, 'boot'));
    const ops = run.bench.ops;
    expect(ops[0]?.op).toEqual({ k: 'compute', n: STARTUP_US });
    expect(ops.slice(1, 8).map(opName)).toEqual(['hc32', 'hc32', 'load', 'load', 'hc32', 'store', 'hc32']);
    expect(ops[6]?.op).toEqual({
      k: 'store',
      addr: run.pctOf(0) + pctField('riscv64', 'archTrapEntry').offset,
      size: 8,
      value: 0x86000000 + TRAP_DISPATCH_OFFSET,
    });
    const routes = ops.slice(8, 40).map((o) => (o.op.k === 'hypercall' ? [o.op.nr, ...o.op.args] : []));
    expect(routes).toEqual([...Array(32).keys()].map((e) => [19, 2, e, 224 + e]));
    expect(run.console).toEqual(['[0] Hello World!\n', '[0] Verification Passed\n']);
    // idle_self, then part_halt: the partition id from the PCT, halt_partition(0), which stops.
    expect(ops.slice(-3).map(opName)).toEqual(['hc8', 'load', 'hc1']);
    expect(run.bench.hypercalls.at(-1)).toEqual({ nr: 1, args: [0] });
  });

  it('x86: fills the IDT, stores the GDT and both descriptor registers, loads them, and routes', () => {
    const run = fakeRun(helloworld, 'x86', { part: 0 });
    run.bench.run(run.start(0, 0, 'boot'));
    const names = run.bench.ops.map(opName);
    const firstLoadGdt = names.indexOf('hc37');
    // compute, get_vcpuid, get_vcpuid + two PCT loads, then the stores of init_arch.
    expect(names.slice(0, 5)).toEqual(['compute', 'hc32', 'hc32', 'load', 'load']);
    expect(names.slice(5, firstLoadGdt).every((n) => n === 'store')).toBe(true);
    // 276 gates (vectors 20-31 stay empty) of two words, 3 GDT entries of two, two registers of two.
    expect(firstLoadGdt - 5).toBe(276 * 2 + 3 * 2 + 2 * 2);
    expect(run.bench.hypercalls.slice(2, 4)).toEqual([
      { nr: 37, args: [0x6000000 + X86_GDT_DESC_OFFSET] },
      { nr: 38, args: [0x6000000 + X86_IDT_DESC_OFFSET] },
    ]);
    // The IDT register: limit 288 × 8 − 1 and the table's base.
    expect(run.bench.readUint(0x6000000 + X86_IDT_DESC_OFFSET, 2)).toBe(BigInt(288 * 8 - 1));
    expect(run.console).toEqual(['[0] Hello World!\n', '[0] Verification Passed\n']);
  });

  it('a restart does not pay the first-entry start-up time again', () => {
    const run = fakeRun(helloworld, 'riscv64', { part: 0 });
    run.bench.run(run.start(0, 0, 'boot'));
    const before = run.bench.ops.length;
    run.bench.run(run.start(0, 0, 'warm'));
    expect(run.bench.ops[before]?.op).toEqual({ k: 'hypercall', nr: 32, args: [] });
    expect(run.console).toEqual([
      '[0] Hello World!\n',
      '[0] Verification Passed\n',
      '[0] Hello World!\n',
      '[0] Verification Passed\n',
    ]);
  });
});

describe('BAIL interrupts', () => {
  it('riscv64 example.001: each timer interrupt runs the dispatcher (PCT irq_vector), the handler, then IRET 44', () => {
    const run = fakeRun(example001, 'riscv64', { part: 0 });
    const vectorAt = run.pctOf(0) + pctField('riscv64', 'archIrqVector').offset;
    run.bench.writeUint(vectorAt, 4, 224);
    for (let k = 1; k <= 5; k++) run.bench.interruptAt(1_000_000 * k + 20_000, 224);
    run.bench.run(run.start(0, 0, 'boot'));
    expect(run.console.length).toBe(8);
    expect(run.console[0]).toBe('[0] Setting HW timer at 1 sec period\n');
    expect(run.console.slice(1, 6).every((l) => /^\[0\] \[\d+:\d+\] IRQ HW Timer\n$/.test(l))).toBe(true);
    expect(run.console.slice(6)).toEqual(['[0] Verification Passed\n', '[0] Halting\n']);
    const hc = run.bench.hypercalls.map((h) => h.nr);
    // set_timer(HW, now + 1 s, 1 s), and five dispatches ending with IRET.
    const setTimer = run.bench.hypercalls.find((h) => h.nr === 10);
    expect(setTimer?.args[0]).toBe(0);
    expect(setTimer?.args[2]).toBe(1_000_000);
    expect(hc.filter((n) => n === 44).length).toBe(5);
    // The dispatcher: get_vcpuid, then the load of irq_vector, then the handler's get_time calls.
    const firstIret = run.bench.ops.findIndex((o) => o.op.k === 'hypercall' && o.op.nr === 44);
    const before = run.bench.ops.slice(0, firstIret);
    const dispatch = before.map((o) => o.op.k === 'load' && o.op.addr === vectorAt).lastIndexOf(true);
    expect(opName(run.bench.ops[dispatch - 1]!)).toBe('hc32');
    expect(opName(run.bench.ops[dispatch + 1]!)).toBe('hc9');
  });

  it('x86 example.002: the divide fault goes to the handler, which skips the division; with PARTITION_HALT nothing follows', () => {
    const propagate = fakeRun(example002, 'x86', { part: 1, onFault: () => ({ vectors: [0] }) });
    propagate.bench.run(propagate.start(1, 0, 'boot'));
    expect(propagate.bench.faults).toEqual([{ source: 'raise', kind: 'divide', addr: 0x6100000 + 0xa18 }]);
    expect(propagate.console).toEqual([
      '[1] Dividing by zero...\n',
      '[1] #Divide Exception propagated, ignoring...\n',
      '[1] Verification Passed\n',
      '[1] Halting\n',
    ]);
    expect(propagate.bench.hypercalls.some((h) => h.nr === X86_IRET_GATE)).toBe(true);

    const halted = fakeRun(example002, 'x86', { part: 0, onFault: () => 'stop' });
    halted.bench.run(halted.start(0, 0, 'boot'));
    expect(halted.console).toEqual(['[0] Dividing by zero...\n']);
  });

  it('riscv64 example.002: routes trap 0 to vector 1 and raises it with pseudo-hypercall 45', () => {
    const run = fakeRun(example002, 'riscv64', {
      part: 1,
      hypercall: (nr, _args, b) => {
        if (nr !== 45) return undefined;
        b.writeUint(run.pctOf(0) + pctField('riscv64', 'archIrqVector').offset, 4, 1);
        return { value: 45, vectors: [1] };
      },
    });
    run.bench.run(run.start(1, 0, 'boot'));
    const hc = run.bench.hypercalls;
    const raise = hc.findIndex((h) => h.nr === 45);
    expect(hc[raise]?.args).toEqual([0]);
    expect(hc.find((h) => h.nr === 19 && h.args[0] === 0)?.args).toEqual([0, 0, 1]);
    expect(run.console).toEqual([
      '[1] Raising illegal instruction trap...\n',
      '[1] #Illegal Instruction Exception propagated, ignoring...\n',
      '[1] Verification Passed\n',
      '[1] Halting\n',
    ]);
  });

  it('an interrupt without a handler prints "Unexpected trap" on x86 and nothing on riscv64', () => {
    for (const arch of ['x86', 'riscv64'] as const) {
      const run = fakeRun(example008, arch, { part: 0 });
      if (arch === 'riscv64')
        run.bench.writeUint(run.pctOf(0) + pctField(arch, 'archIrqVector').offset, 4, 0x30);
      run.bench.interruptAt(50_000, 0x30);
      run.bench.run(run.start(0, 0, 'boot'), { untilTime: 60_000 });
      const unexpected = run.console.filter((l) => l.includes('Unexpected'));
      expect(unexpected).toEqual(arch === 'x86' ? ['[P0:0] Unexpected trap 0x30 (ip: 0x6000000)\n'] : []);
    }
  });
});

describe('BAIL SMP (example.008)', () => {
  function vcpu1Line(arch: 'x86' | 'riscv64', quirks: readonly string[]): string | undefined {
    const run = fakeRun(example008, arch, { part: 0, quirks });
    run.bench.run(run.start(0, 0, 'boot'), { untilTime: 20_000 });
    // setup_vcpus reset vCPU 1 at the image entry.
    expect(run.bench.hypercalls.find((h) => h.nr === 28)?.args.slice(0, 1)).toEqual([1]);
    run.bench.run(run.start(0, 1, 'vcpu'), { untilTime: 60_000 });
    return run.console.find((l) => l.includes('vCPU1'));
  }

  it('vCPU 1 reads its own PCT name, except with the stride quirk on riscv64, which reads past it', () => {
    expect(vcpu1Line('riscv64', [])).toBe("[0] I'm Partition0:vCPU1,My name is Partition0\n");
    expect(vcpu1Line('riscv64', ['libprtos-vcpu-pct-stride'])).toBe("[0] I'm Partition0:vCPU1,My name is \n");
    expect(vcpu1Line('x86', ['libprtos-vcpu-pct-stride'])).toBe(
      "[0] I'm Partition0:vCPU1,My name is Partition0\n",
    );
  });
});
