/**
 * The BAIL runtime, ported: the start-up every BAIL partition runs before `partition_main`, the
 * halt after it, `printf`, interrupt set-up and dispatch, and `setup_vcpus`.
 *
 * Source: user/bail/riscv64/boot.S:20-68 and user/bail/x86/boot.S:21-53 (start), user/bail/<arch>/
 * arch.c (init_arch, part_halt, the riscv64 trap dispatcher), user/bail/common/irqs.c (setup_irqs,
 * install_trap_handler, unexpected_trap), smp.c (setup_vcpus), std_c.c (printf, putchar); the
 * walk-through in docs/bail-study.md §1.2 and §3.3.
 *
 * Start-up of a vCPU, in order (each libprtos call is the guest API's, so each hypercall, load and
 * store is a real op):
 * 1. On the vCPU's first entry in the run, `compute(STARTUP_US)`: 9 541 µs fitted from the recorded
 *    riscv64 example.001 figures (docs/bail-study.md §3.3, §3.5). It models QEMU's first translation
 *    of the guest code and of the kernel's paths under TCG, not anything PRTOS or BAIL does; a
 *    restart (partition reset) does not pay it again. x86 has no recording; the same figure is used.
 *    (The fit put the whole start-up inside S; the start-up's own ops — about 36 hypercalls, a few
 *    loads and stores, and on x86 the IDT fill — come on top of it here, some 0.1 ms on riscv64.)
 * 2. `get_vcpuid`; vCPU 0 clears BSS: the console buffer, libprtos's pointer table, the handler
 *    table, and the example's own statics (`zeroBss`).
 * 3. `init_libprtos(pct)`, `init_arch` (riscv64: writes the trap entry into its PCT; x86: fills the
 *    IDT, stores the GDT and the descriptor registers, `x86_load_gdt`, `x86_load_idtr`),
 *    `setup_irqs` (vCPU 0 points every vector at `unexpected_trap`; every vCPU routes extended
 *    interrupt e to vector 224 + e with 32 `route_irq` calls).
 * 4. `partition_main`; if it returns, `part_halt` = `halt_partition(PRTOS_PARTITION_SELF)`; then the
 *    vCPU idles.
 */
import { ROUTE_IRQ_TYPE, BAIL_EXT_IRQ_VECTOR_BASE, PRTOS_VT_EXT_MAX } from '../../../spec/constants/index.js';
import { pctField } from '../../../spec/pct.js';
import * as api from '../../../impl/guest/api.js';
import {
  type ApiCall,
  type Guest,
  type GuestProgram,
  type HandlerExit,
  type PartitionImage,
  type TrapHandler,
  type TrapInfo,
  X86_DESC_REG,
} from '../../../impl/guest/index.js';
import { IDLE_LOOP_CHUNK } from '../../../spec/program.js';
import { LineBuffer } from './console.js';
import {
  imageBase,
  PAGE_TABLE_OFFSET,
  TRAP_DISPATCH_OFFSET,
  X86_GDT,
  X86_GDT_DESC_OFFSET,
  X86_GDT_OFFSET,
  X86_GUEST_CS_SEL,
  X86_IDT_DESC_OFFSET,
  X86_IDT_ENTRIES,
  X86_IDT_OFFSET,
  X86_TRAP_STUB_SIZE,
  X86_TRAP_STUBS_OFFSET,
} from './layout.js';
import { formatBail, type PrintfArg } from './printf.js';

/** BAIL start-up time of a vCPU's first entry, µs of guest compute (see the header). */
export const STARTUP_US = 9_541;

/** Length of the handler table (`TRAPTAB_LENGTH`, user/bail/include/<arch>/irqs.h). */
export const TRAPTAB_LENGTH = 256;

/** How long one turn of a busy-wait loop computes before testing its condition again. */
export const SPIN_CHUNK = IDLE_LOOP_CHUNK;

/** `BAIL_PRTOSEXT_TRAP(e)`: the vector BAIL routes extended interrupt e to. */
export function bailExtTrap(ext: number): number {
  return BAIL_EXT_IRQ_VECTOR_BASE + ext;
}

/** What a BAIL example supplies: `partition_main` and how to clear its own static variables. */
export interface BailProgram {
  readonly main: (b: Bail) => GuestProgram;
  /** Resets the example's statics (they live in BSS, which vCPU 0 clears at start-up). */
  readonly zeroBss?: () => void;
}

/** Arguments evaluated by the program itself, after the `PRINT` prefix (C evaluates them there). */
export type ArgsProgram = () => ApiCall<readonly PrintfArg[]>;

/** A BAIL trap handler (`trap_handler_t`), given the BAIL library of the vCPU it runs on. */
export type BailTrapHandler = (b: Bail, trap: TrapInfo) => ApiCall<HandlerExit | void>;

/** The BAIL library as one vCPU's program sees it. */
export class Bail {
  readonly g: Guest;
  readonly #line: LineBuffer;

  constructor(g: Guest, line: LineBuffer) {
    this.g = g;
    this.#line = line;
  }

  /** `printf(fmt, ...)`: formats, feeds the console buffer, sends each line it completes. */
  *printf(fmt: string, ...args: readonly PrintfArg[]): ApiCall<number> {
    const text = formatBail(fmt, args, { longBits: this.g.arch === 'x86' ? 32 : 64 });
    for (const line of this.#line.put(text)) yield* api.writeConsole(this.g, api.bytesOf(line));
    return text.length;
  }

  /** `printf(fmt, args...)` whose arguments the program computes first (hypercalls, PCT reads). */
  *printfWith(fmt: string, args: ArgsProgram): ApiCall<number> {
    return yield* this.printf(fmt, ...(yield* args()));
  }

  /** `PRTOS_PARTITION_SELF`. */
  self(): ApiCall<number> {
    return api.partitionSelf(this.g);
  }

  /** `prtos_get_vcpuid()`. */
  vcpuId(): ApiCall<number> {
    return api.getVcpuId(this.g);
  }

  /**
   * `install_trap_handler(n, handler)`: -1 outside 0..TRAPTAB_LENGTH (the C test lets 256 through);
   * a null handler puts `unexpected_trap` back. The table is the partition's: a handler runs on
   * whichever vCPU takes the interrupt.
   */
  installTrapHandler(trapNumber: number, handler: BailTrapHandler | null): number {
    if (trapNumber < 0 || trapNumber > TRAPTAB_LENGTH) return -1;
    if (handler === null) this.g.partition.handlers.delete(trapNumber);
    else {
      const line = this.#line;
      this.g.partition.handlers.set(trapNumber, (g, trap) => handler(new Bail(g, line), trap));
    }
    return 0;
  }

  /** `hw_sti()`: `x86_set_if` on x86; nothing on riscv64 (user/bail/include/riscv64/irqs.h:16-18). */
  *hwSti(): ApiCall<void> {
    if (this.g.arch === 'x86' || this.g.arch === 'amd64') yield* api.x86SetIf(this.g);
  }

  /** `while (cond()) ;` — a busy-wait that re-tests after every interrupt. */
  *spinWhile(cond: () => boolean): ApiCall<void> {
    while (cond()) yield* api.spin(SPIN_CHUNK);
  }

  /** `setup_vcpus()`: vCPU 0 resets every other vCPU at the image's start (smp.c:15-19). */
  *setupVcpus(): ApiCall<void> {
    const g = this.g;
    if ((yield* api.getVcpuId(g)) !== 0) return;
    const start = g.partition.imageEntry ?? g.entry;
    for (let i = 1; i < (yield* api.numberOfVcpus(g)); i++) {
      yield* api.resetVcpu(g, i, imageBase(g) + PAGE_TABLE_OFFSET, start, 0);
    }
  }

  /** `part_halt()`: halt the own partition. */
  *partHalt(): ApiCall<void> {
    yield* api.haltPartition(this.g, yield* this.self());
  }
}

/** `unexpected_trap`: prints on x86/amd64 only (irqs.c:15-22); the ip is the image entry (a stand-in). */
function unexpectedTrap(line: LineBuffer): TrapHandler {
  return function* (g, trap) {
    if (g.arch !== 'x86' && g.arch !== 'amd64') return;
    const b = new Bail(g, line);
    const self = yield* b.self();
    const vcpu = yield* b.vcpuId();
    yield* b.printf('[P%d:%d] Unexpected trap 0x%x (ip: 0x%x)\n', self, vcpu, trap.vector, g.entry);
  };
}

/** `init_arch()` of riscv64: `prtos_get_pct()->arch.trap_entry = _bail_trap_dispatch`. */
function* initArchRiscv(g: Guest): ApiCall<void> {
  const pct = yield* api.pctOfSelf(g);
  yield* api.store(pct + pctField(g.arch, 'archTrapEntry').offset, 8, imageBase(g) + TRAP_DISPATCH_OFFSET);
}

/**
 * `init_arch()` of x86: the IDT gates (trap gates for 0, 3-12, 15-19; interrupt gates for 1, 2, 13,
 * 14 and 0x20 up; DPL 1), then the GDT and the two descriptor registers — initialised data of the
 * image, which the real partition loader copies in and the port stores here — and the two loads.
 */
function* initArchX86(g: Guest): ApiCall<void> {
  const base = imageBase(g);
  const trapGates = new Set([0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19]);
  for (let v = 0; v < X86_IDT_ENTRIES; v++) {
    if (v >= 20 && v < 0x20) continue;
    const stub = base + X86_TRAP_STUBS_OFFSET + v * X86_TRAP_STUB_SIZE;
    const access = (trapGates.has(v) ? 0x8f : 0x8e) | (1 << 5);
    const gate = base + X86_IDT_OFFSET + v * 8;
    yield* api.store(gate, 4, ((stub & 0xffff) | (X86_GUEST_CS_SEL << 16)) >>> 0);
    yield* api.store(gate + 4, 4, ((access << 8) | (((stub >>> 16) & 0xffff) << 16)) >>> 0);
  }
  for (let i = 0; i < X86_GDT.length; i++) {
    const d = X86_GDT[i] as bigint;
    yield* api.store(base + X86_GDT_OFFSET + i * 8, 4, Number(d & 0xffffffffn));
    yield* api.store(base + X86_GDT_OFFSET + i * 8 + 4, 4, Number(d >> 32n));
  }
  const idtDesc = base + X86_IDT_DESC_OFFSET;
  yield* api.store(idtDesc + X86_DESC_REG.limit, 2, X86_IDT_ENTRIES * 8 - 1);
  yield* api.store(idtDesc + X86_DESC_REG.base, 4, base + X86_IDT_OFFSET);
  const gdtDesc = base + X86_GDT_DESC_OFFSET;
  yield* api.store(gdtDesc + X86_DESC_REG.limit, 2, X86_GDT.length * 8 - 1);
  yield* api.store(gdtDesc + X86_DESC_REG.base, 4, base + X86_GDT_OFFSET);
  yield* api.x86LoadGdt(g, gdtDesc);
  yield* api.x86LoadIdtr(g, idtDesc);
}

/** `setup_irqs()`. */
function* setupIrqs(g: Guest, line: LineBuffer): ApiCall<void> {
  if ((yield* api.getVcpuId(g)) === 0) {
    g.partition.handlers.clear();
    g.partition.fallback = unexpectedTrap(line);
  }
  for (let e = 0; e < PRTOS_VT_EXT_MAX; e++) yield* api.routeIrq(g, ROUTE_IRQ_TYPE.EXTIRQ, e, bailExtTrap(e));
}

/**
 * The interrupt entry. riscv64 (`_bail_trap_dispatch_c`): the vector is read from this vCPU's PCT
 * `irq_vector` (through `prtos_get_pct()`, a get_vcpuid hypercall) and dispatched if below
 * TRAPTAB_LENGTH; x86: the IDT stub of the vector pushes it and calls the table entry. Then the
 * runtime issues the IRET.
 */
function* trapEntry(g: Guest, vector: number): ApiCall<HandlerExit | void> {
  let v = vector;
  if (g.arch !== 'x86' && g.arch !== 'amd64') {
    const pct = yield* api.pctOfSelf(g);
    v = Number(yield* api.load(pct + pctField(g.arch, 'archIrqVector').offset, 4));
    if (v >= TRAPTAB_LENGTH) return;
  }
  const handler = g.partition.handlers.get(v) ?? g.partition.fallback;
  if (handler === null) return;
  return yield* handler(g, { vector: v });
}

/** A BAIL partition image: `start` for every vCPU (the SMP-aware boot stub), BAIL's trap entry. */
export function bailImage(program: BailProgram): PartitionImage {
  const line = new LineBuffer();
  return {
    start: function* (g: Guest): GuestProgram {
      if (g.firstEntry) yield* api.compute(STARTUP_US);
      if ((yield* api.getVcpuId(g)) === 0) {
        line.clear();
        g.partition.zeroBss();
        program.zeroBss?.();
      }
      yield* api.initLibprtos(g, g.pctArg);
      if (g.arch === 'x86' || g.arch === 'amd64') yield* initArchX86(g);
      else yield* initArchRiscv(g);
      yield* setupIrqs(g, line);
      const b = new Bail(g, line);
      yield* program.main(b);
      yield* b.partHalt();
    },
    vectorEntry: trapEntry,
  };
}
