/**
 * Arbitrary straight-line guest programs for a configuration (spec/program.ts).
 *
 * Generated programs must reach the interesting paths, not only the error ones (DESIGN.md,
 * "Properties"): arguments are mostly symbolic — the caller's own, shared, read-only, foreign or
 * hypervisor addresses, its own id, another partition's id or an invalid one, the result of an
 * earlier op — and the hypercall mix favours the calls of slice 1 with plausible values: lifecycle
 * calls on self and others, timers set a little ahead of the boot time, interrupt masks that unmask
 * the timer and slot-start virtual IRQs, status and HM-log objects with good and bad pointers, plan
 * switches to existing and missing plans, vCPU calls on existing and missing vCPUs. A few ops are
 * plain compute, loads and stores (inside and outside the partition's space).
 *
 * Shrinking removes ops and moves arguments towards their simplest form.
 */
import fc from 'fast-check';
import type { SystemConfig } from '../../spec/config/types.js';
import type { Arch } from '../../spec/constants/arch.js';
import { accessFaultTrap, iretNumber } from '../../spec/constants/guestIsa.js';
import { HM_CMD, STATUS_CMD } from '../../spec/constants/objectCommands.js';
import { OBJ_CLASS, objDescBuild, PRTOS_HYPERVISOR_ID } from '../../spec/constants/objects.js';
import type { AddressKind, Arg, ProgramOp, ProgramSet, VcpuProgram } from '../../spec/program.js';
import { PRTOS_LOAD_ADDR } from '../../spec/constants/archParams.js';
import { pctField, placePctArrays } from '../../spec/pct.js';

const addr = (kind: AddressKind, offset = 0): Arg => ({ sym: 'addr', kind, offset });

/** Pointer arguments: mostly good (own), sometimes each kind of bad. */
function pointerArb(): fc.Arbitrary<Arg> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat({ max: 4096 }).map((o) => addr('own', o & ~7)) },
    { weight: 1, arbitrary: fc.nat({ max: 1024 }).map((o) => addr('shared', o & ~7)) },
    { weight: 2, arbitrary: fc.nat({ max: 1024 }).map((o) => addr('readOnly', o & ~7)) },
    { weight: 1, arbitrary: fc.nat({ max: 1024 }).map((o) => addr('foreign', o & ~7)) },
    { weight: 1, arbitrary: fc.nat({ max: 1024 }).map((o) => addr('hypervisor', o & ~7)) },
    { weight: 1, arbitrary: fc.constant(addr('null')) },
    { weight: 1, arbitrary: fc.nat({ max: 1024 }).map((o) => addr('unmapped', o)) },
  );
}

function partitionArb(): fc.Arbitrary<Arg> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<Arg>({ sym: 'partition', which: 'self', index: 0 }) },
    {
      weight: 4,
      arbitrary: fc.nat({ max: 7 }).map<Arg>((i) => ({ sym: 'partition', which: 'other', index: i })),
    },
    {
      weight: 1,
      arbitrary: fc.nat({ max: 7 }).map<Arg>((i) => ({ sym: 'partition', which: 'invalid', index: i })),
    },
  );
}

/** Absolute times near where things happen: just after boot, a few major frames later, or odd values. */
function timeArb(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: 0, max: 400_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, -1, 2 ** 40) },
  );
}

interface Ctx {
  readonly config: SystemConfig;
  readonly arch: Arch;
  readonly part: number;
  /** Relative weight of loads and of stores among the random ops (ProgramArbOptions). */
  readonly memoryWeight: number;
}

function hypercallArb(ctx: Ctx): fc.Arbitrary<ProgramOp> {
  const { config, arch, part } = ctx;
  const me = config.partitions[part];
  const nVcpus = me?.vcpus ?? 1;
  const maxPlans = Math.max(...config.hw.processors.map((c) => c.plans.length), 1);
  const hc = (nr: number, ...args: fc.Arbitrary<Arg>[]): fc.Arbitrary<ProgramOp> =>
    (args.length === 0 ? fc.constant([] as Arg[]) : fc.tuple(...args)).map((a) => ({
      k: 'hypercall' as const,
      nr,
      args: [...a],
    }));
  const lit = (a: fc.Arbitrary<number>): fc.Arbitrary<Arg> => a;
  const vcpu = lit(fc.integer({ min: 0, max: nVcpus }));
  const clock = lit(
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: fc.constant(2) }),
  );
  const console = objDescBuild(OBJ_CLASS.CONSOLE, part, 0);
  const statusSelf = objDescBuild(OBJ_CLASS.STATUS, part, 0);
  const hmDesc = objDescBuild(OBJ_CLASS.HM, PRTOS_HYPERVISOR_ID, 0);
  const statusOf = (p: number, v = 0) => objDescBuild(OBJ_CLASS.STATUS, p, 0, v);
  const others = config.partitions.map((p) => p.id);
  // Any object class, for the dispatcher's checks (class beyond 7, a class without the operation).
  const anyDesc = fc
    // (Classes 2-5, trace, ports and memory copy, are slice 2: not generated.)
    .tuple(fc.constantFrom(0, 1, 6, 7, 8, 9), fc.constantFrom(part, PRTOS_HYPERVISOR_ID))
    .map(([cls, p]) => objDescBuild(cls, p, 0));
  const irqWord = lit(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(1, 2, 1 << 8, 0xffffffff, 0) },
      { weight: 1, arbitrary: fc.nat({ max: 0xffffffff }) },
    ),
  );
  const entries: { weight: number; arbitrary: fc.Arbitrary<ProgramOp> }[] = [
    { weight: 3, arbitrary: hc(1, partitionArb()) },
    { weight: 3, arbitrary: hc(2, partitionArb()) },
    { weight: 3, arbitrary: hc(3, partitionArb()) },
    {
      weight: 3,
      arbitrary: hc(4, partitionArb(), lit(fc.constantFrom(0, 1, 2)), lit(fc.nat({ max: 0xffff }))),
    },
    { weight: 1, arbitrary: hc(5, partitionArb()) },
    { weight: 1, arbitrary: hc(6) },
    { weight: 1, arbitrary: hc(7, lit(fc.constantFrom(0, 1, 5))) },
    { weight: 6, arbitrary: hc(8) },
    // get_time is the simplest call through a guest pointer: it follows the memory weight.
    { weight: 4 + ctx.memoryWeight, arbitrary: hc(9, clock, pointerArb()) },
    {
      weight: 6,
      arbitrary: fc
        .tuple(clock, timeArb(), fc.constantFrom(0, 0, 500, 1000, 10_000, -1))
        .map(([c, abs, interval]): ProgramOp => ({
          k: 'hypercall',
          nr: 10,
          args: timerArgs(arch, c, abs, interval),
        })),
    },
    // Console write: own console, or another partition's descriptor.
    {
      weight: 2,
      arbitrary: hc(
        12,
        lit(
          fc.constantFrom(
            console,
            objDescBuild(OBJ_CLASS.CONSOLE, others[(part + 1) % others.length] ?? part, 0),
          ),
        ),
        pointerArb(),
        lit(fc.constantFrom(0, 1, 16, 128, 129)),
        lit(fc.constant(0)),
      ),
    },
    // Status object: own partition, system status (0xff), other partitions, vCPU status, plan status.
    {
      weight: 4,
      arbitrary: hc(
        14,
        lit(
          fc.oneof(
            fc.constant(statusSelf),
            fc.constant(objDescBuild(OBJ_CLASS.STATUS, PRTOS_HYPERVISOR_ID, 0)),
            fc.constantFrom(...others).map((p) => statusOf(p)),
            fc.integer({ min: 0, max: 4 }).map((v) => statusOf(part, v)),
          ),
        ),
        lit(
          fc.constantFrom(
            STATUS_CMD.GET_SYSTEM_STATUS,
            STATUS_CMD.GET_SCHED_PLAN_STATUS,
            STATUS_CMD.SET_PARTITION_OPMODE,
            STATUS_CMD.GET_VCPU_STATUS,
            9,
          ),
        ),
        pointerArb(),
      ),
    },
    // HM log: read, seek and control (system partitions only).
    {
      weight: 1,
      arbitrary: hc(
        11,
        lit(fc.constant(hmDesc)),
        pointerArb(),
        lit(fc.constantFrom(0, 36, 52, 104)),
        lit(fc.constant(0)),
      ),
    },
    {
      weight: 1,
      arbitrary: hc(
        13,
        lit(fc.constant(hmDesc)),
        lit(fc.integer({ min: -2, max: 4 })),
        lit(fc.constantFrom(0, 1, 2, 3)),
      ),
    },
    {
      weight: 1,
      arbitrary: hc(
        14,
        lit(fc.constant(hmDesc)),
        lit(
          fc.constantFrom(
            HM_CMD.GET_STATUS,
            HM_CMD.LOCK_EVENTS,
            HM_CMD.UNLOCK_EVENTS,
            HM_CMD.RESET_EVENTS,
            7,
          ),
        ),
        pointerArb(),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(11, 12, 13, 14), anyDesc, pointerArb())
        .map(([nr, d, p]): ProgramOp => ({ k: 'hypercall', nr, args: [d, p, 16, 0] })),
    },
    // Interrupt masks and pending bits of the caller's own vCPU.
    { weight: 4, arbitrary: hc(15, irqWord, irqWord) },
    { weight: 1, arbitrary: hc(16, irqWord, irqWord) },
    { weight: 2, arbitrary: hc(17, irqWord, irqWord) },
    { weight: 1, arbitrary: hc(18, irqWord, irqWord) },
    {
      weight: 2,
      arbitrary: hc(
        19,
        lit(fc.constantFrom(0, 1, 2, 3)),
        lit(fc.integer({ min: 0, max: 33 })),
        lit(fc.integer({ min: 0, max: 255 })),
      ),
    },
    { weight: 3, arbitrary: hc(26, lit(fc.integer({ min: 0, max: maxPlans })), pointerArb()) },
    {
      weight: 2,
      // On x86 `pt` must lie in the caller's areas (spec/lockstep.ts L8).
      arbitrary: hc(
        28,
        vcpu,
        fc.oneof(fc.constant(addr('own', 0)), fc.constant<Arg>(0)),
        lit(fc.constant(0)),
        lit(fc.nat({ max: 255 })),
      ),
    },
    { weight: 2, arbitrary: hc(29, vcpu) },
    { weight: 2, arbitrary: hc(30, vcpu) },
    { weight: 2, arbitrary: hc(31, vcpu) },
    { weight: 1, arbitrary: hc(32) },
    { weight: 1, arbitrary: hc(iretNumber(arch)) },
  ];
  // Numbers with no hypercall behind them: empty slots and numbers past the table. (On x86 the
  // slots 20-22, 25 and 33-41 are the paging and processor calls this emulation does not model:
  // DESIGN.md "Known limitations"; they are not generated.)
  const unknown = arch === 'x86' || arch === 'amd64' ? [44, 45, 46, 99] : [20, 21, 25, 33, 46, 99];
  entries.push({
    weight: 1,
    arbitrary: fc.constantFrom(...unknown).map((nr): ProgramOp => ({ k: 'hypercall', nr, args: [] })),
  });
  if (arch === 'riscv64') {
    // riscv64 reads an ecall with a7 = 0 and a0 > 45 as the legacy SBI set_timer(a0 ticks of the
    // 10 MHz clock) (prtos-hypercalls §2.2): a number that is a plausible deadline a little ahead.
    entries.push({
      weight: 1,
      arbitrary: fc
        .integer({ min: 2_000_000, max: 6_000_000 })
        .map((nr): ProgramOp => ({ k: 'hypercall', nr, args: [] })),
    });
  }
  if (arch === 'x86' || arch === 'amd64') {
    entries.push({ weight: 2, arbitrary: hc(42) }, { weight: 1, arbitrary: hc(43) });
  } else {
    entries.push({
      weight: 2,
      arbitrary: hc(45, lit(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 9, max: 40 })))),
    });
  }
  return fc.oneof(...entries);
}

/**
 * set_timer's registers (spec/lockstep.ts L7): x86 passes each 64-bit time as two 32-bit
 * registers, low word first; the other ports one register each.
 */
function timerArgs(arch: Arch, clock: Arg, abs: number, interval: number): Arg[] {
  if (arch !== 'x86') return [clock, abs, interval];
  const split = (v: number): [number, number] => {
    const b = BigInt.asUintN(64, BigInt(v));
    return [Number(b & 0xffffffffn), Number(b >> 32n)];
  };
  return [clock, ...split(abs), ...split(interval)];
}

function opArb(ctx: Ctx): fc.Arbitrary<ProgramOp> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 3000 }).map((n): ProgramOp => ({ k: 'compute', n })) },
    {
      weight: ctx.memoryWeight,
      arbitrary: fc
        .tuple(pointerArb(), fc.constantFrom(1, 2, 4, 8))
        .map(([a, size]): ProgramOp => ({ k: 'load', addr: a, size })),
    },
    {
      weight: ctx.memoryWeight,
      arbitrary: fc
        .tuple(pointerArb(), fc.constantFrom(1, 2, 4, 8), fc.nat({ max: 0xffff }))
        .map(([a, size, value]): ProgramOp => ({ k: 'store', addr: a, size, value })),
    },
    { weight: 6, arbitrary: hypercallArb(ctx) },
    { weight: 1, arbitrary: fc.constant<ProgramOp>({ k: 'halt' }) },
  );
}

export interface ProgramArbOptions {
  readonly maxOps?: number;
  /**
   * Weight of loads and of stores among the random ops (default 1, against 3 for computes and 6
   * for hypercalls), also added to get_time through a random pointer among the hypercalls. The
   * spatial suite raises it: its antecedents are guest accesses and pointers handed to the kernel,
   * and at the default too few runs make one for its floors.
   */
  readonly memoryWeight?: number;
}

/**
 * Openings that put a vCPU where the interesting paths are, before its random ops: interrupts
 * unmasked and deliverable (x86: virtual IF set; riscv64: a trap entry registered in the PCT's
 * one writable field), timers armed on both clocks near the instants that matter, exec-clock
 * reads, a plan switch by a system partition, secondary vCPUs started by vCPU 0.
 */
function openingsArb(ctx: Ctx, vcpu: number): fc.Arbitrary<ProgramOp[]> {
  const { config, arch, part } = ctx;
  const me = config.partitions[part];
  const hc = (nr: number, args: Arg[]): ProgramOp => ({ k: 'hypercall', nr, args });
  const placement = placePctArrays(config, PRTOS_LOAD_ADDR[arch])[part];
  const x86 = arch === 'x86' || arch === 'amd64';
  const trapEntry =
    placement === undefined || x86
      ? 0
      : placement.array + vcpu * placement.slot + pctField(arch, 'archTrapEntry').offset;
  // Each access-fault trap routed to a vector of its own, so that a propagated trap delivered
  // through the wrong entry of trap_to_vector shows (decision ST-A13: riscv64 routes by default all
  // traps to vector 0, which would hide it).
  const faultTraps = [...new Set((['read', 'write', 'exec'] as const).map((a) => accessFaultTrap(arch, a)))];
  const irqs: ProgramOp[] = [
    hc(15, [0xffffffff, 0xffffffff]),
    ...(x86 ? [hc(42, [])] : [{ k: 'store' as const, addr: trapEntry, size: 8 as const, value: 0x1000 }]),
    ...faultTraps.map((t) => hc(19, [0, t, 0x40 + t])),
  ];
  const timers = fc
    .tuple(
      fc.integer({ min: 0, max: 400_000 }),
      fc.constantFrom(0, 1000, 10_000),
      fc.integer({ min: 100, max: 20_000 }),
    )
    .map(([hw, interval, exec]) => [
      hc(10, timerArgs(arch, 0, hw, interval)),
      hc(10, timerArgs(arch, 1, exec, interval === 0 ? 0 : 5000)),
    ]);
  const execRead = fc
    .integer({ min: 1, max: 2000 })
    .map((n): ProgramOp[] => [
      { k: 'compute', n },
      hc(9, [1, addr('own', 64)]),
      { k: 'compute', n },
      hc(9, [1, addr('own', 72)]),
    ]);
  const plans = Math.max(...config.hw.processors.map((c) => c.plans.length), 1);
  const system = me?.flags.includes('system') ?? false;
  const plan = fc
    .integer({ min: 1, max: Math.max(1, plans - 1) })
    .map((k): ProgramOp[] => [hc(26, [k, addr('own', 80)])]);
  // A system partition acting on another: suspend it, then reset it (does the reset resume it?),
  // and a reset of the HM log.
  const others = config.partitions.map((q) => q.id).filter((id) => id !== part);
  const manage =
    others.length === 0
      ? fc.constant<ProgramOp[]>([])
      : fc
          .tuple(fc.constantFrom(...others), fc.constantFrom(0, 1), fc.integer({ min: 100, max: 3000 }))
          .map(([other, mode, n]): ProgramOp[] => [
            hc(2, [other]),
            { k: 'compute', n },
            hc(4, [other, mode, 7]),
            hc(1, [other]),
            hc(1, [other]),
            hc(3, [other]),
            hc(14, [
              objDescBuild(OBJ_CLASS.HM, PRTOS_HYPERVISOR_ID, 0),
              HM_CMD.RESET_EVENTS,
              addr('own', 96),
            ]),
          ]);
  // The HM log as a system partition reads it: status, lock, read a record, unlock.
  const hmDesc = objDescBuild(OBJ_CLASS.HM, PRTOS_HYPERVISOR_ID, 0);
  const hmLog = fc
    .constantFrom(36, 52, 104)
    .map((size): ProgramOp[] => [
      hc(14, [hmDesc, HM_CMD.GET_STATUS, addr('own', 128)]),
      hc(14, [hmDesc, HM_CMD.LOCK_EVENTS, addr('own', 128)]),
      hc(11, [hmDesc, addr('own', 256), size, 0]),
      hc(13, [hmDesc, 0, 1]),
      hc(14, [hmDesc, HM_CMD.UNLOCK_EVENTS, addr('own', 128)]),
    ]);
  // A secondary vCPU suspended and resumed by vCPU 0 (V2, V3).
  const vcpuOps: ProgramOp[] =
    (me?.vcpus ?? 1) > 1 && vcpu === 0 ? [hc(30, [1]), hc(31, [1]), hc(29, [1]), hc(29, [1])] : [];
  // An EXEC timer armed then disarmed before it expires (decision ST-A5).
  const disarm = fc
    .integer({ min: 2000, max: 40_000 })
    .map((v): ProgramOp[] => [hc(10, timerArgs(arch, 1, v, 0)), hc(10, timerArgs(arch, 1, 0, 0))]);
  const starts: ProgramOp[] =
    vcpu === 0
      ? Array.from({ length: Math.max(0, (me?.vcpus ?? 1) - 1) }, (_, i) =>
          hc(28, [i + 1, addr('own', 0), 0, 0]),
        )
      : [];
  return fc
    .record({
      irq: fc.boolean(),
      timers: fc.option(timers, { nil: undefined }),
      execRead: fc.option(execRead, { nil: undefined }),
      plan: system && plans > 1 ? fc.option(plan, { nil: undefined }) : fc.constant(undefined),
      manage: system ? fc.option(manage, { nil: undefined, freq: 3 }) : fc.constant(undefined),
      hmLog: system ? fc.option(hmLog, { nil: undefined, freq: 3 }) : fc.constant(undefined),
      vcpuOps: fc.boolean(),
      disarm: fc.option(disarm, { nil: undefined, freq: 4 }),
      start: fc.boolean(),
      // With a memory focus (the spatial suite), a first call through a pointer of any class.
      probe:
        ctx.memoryWeight > 1
          ? fc.option(
              pointerArb().map((p) => hc(9, [0, p])),
              { nil: undefined },
            )
          : fc.constant(undefined),
    })
    .map((o) => [
      ...(o.probe === undefined ? [] : [o.probe]),
      ...(o.start ? starts : []),
      ...(o.irq ? irqs : []),
      ...(o.timers ?? []),
      ...(o.disarm ?? []),
      ...(o.execRead ?? []),
      ...(o.plan ?? []),
      ...(o.manage ?? []),
      ...(o.hmLog ?? []),
      ...(o.vcpuOps ? vcpuOps : []),
    ]);
}

/** Programs for every vCPU of every partition of `config`. */
export function programSetArb(config: SystemConfig, opts: ProgramArbOptions = {}): fc.Arbitrary<ProgramSet> {
  const vcpus: { part: number; vcpu: number }[] = [];
  for (const p of config.partitions) for (let v = 0; v < p.vcpus; v++) vcpus.push({ part: p.id, vcpu: v });
  return fc.tuple(
    ...vcpus.map(({ part, vcpu }) => {
      const ctx = { config, arch: config.arch, part, memoryWeight: opts.memoryWeight ?? 1 };
      return fc
        .tuple(openingsArb(ctx, vcpu), fc.array(opArb(ctx), { maxLength: opts.maxOps ?? 12 }))
        .map(([opening, ops]): VcpuProgram => ({ part, vcpu, ops: [...opening, ...ops] }));
    }),
  );
}
