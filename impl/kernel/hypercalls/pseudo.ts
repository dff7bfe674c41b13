/**
 * What a riscv64, aarch64 or loongarch64 ecall does before the hypercall table
 * (prtos-hypercalls §2.2; core/kernel/riscv64/traps.c:134-185), and the x86 IRET gate.
 *
 * - 44 IRET: ends a virtual-interrupt delivery — if `irq_vector` is set, the saved a0 is
 *   restored and `irq_vector` cleared; a0 is otherwise left alone.
 * - 45 RAISE_TRAP: trap `a1` against the caller through `do_hyp_trap`; a0 is not written, so the
 *   caller sees 45 (A52 intended). The number is not checked by the real kernel: 32 or more, or
 *   an event past the architecture's table, fails an assertion and panics the system (A19,
 *   quirk `raise-trap-unchecked-panic`); intended, a number that is not a trap of the
 *   architecture is ignored.
 * - riscv64 only, with a7 = 0 (always, in the op-level ISA) and a0 > 45: the legacy SBI
 *   set_timer(a0 ticks of the 10 MHz clock). The real kernel forwards it to the hardware timer
 *   of the CPU, overwriting its own deadline (A1, quirk `riscv-sbi-set-timer-passthrough`);
 *   intended, it does not touch the timer that ends slots. a0 is left unchanged either way.
 * - x86 IRET gate (spec/constants `X86_IRET_GATE`): the interrupt frame is popped and its IF
 *   copied back into the PCT `iflags`.
 */
import { hmMaxEvents, trapToHmEvent } from '../../../spec/constants/hmEvents.js';
import { PRTOS_IRET_NR, PRTOS_RAISE_TRAP_NR } from '../../../spec/constants/hypercalls.js';
import { doHypTrap } from '../traps.js';
import type { KernelContext, Kthread } from '../state.js';
import { X86_IF } from '../virq.js';
import { arg, ret, type HcResult } from './result.js';

/** µs per tick of the riscv64 `time` CSR (10 MHz, riscv64/timer.c:31-34). */
const RISCV_TICKS_PER_US = 10;

export function iretSys(k: KernelContext, caller: Kthread): HcResult {
  const pct = k.pct;
  if (pct.get(caller.pct, 'archIrqVector') === 0) return ret(PRTOS_IRET_NR);
  const a0 = pct.get(caller.pct, 'archIrqSavedA0');
  pct.set(caller.pct, 'archIrqVector', 0);
  return ret(a0);
}

export function raiseTrapSys(k: KernelContext, args: readonly number[]): HcResult {
  const trap = arg(args, 0);
  const ofThisArch = trap < 32 && trapToHmEvent(trap) < hmMaxEvents(k.arch);
  if (ofThisArch || k.quirks.on('raise-trap-unchecked-panic')) doHypTrap(k, trap, { pc: 0, psr: 0, cr2: 0 });
  return ret(PRTOS_RAISE_TRAP_NR);
}

export function sbiSetTimer(k: KernelContext, ticks: number): HcResult {
  if (k.quirks.on('riscv-sbi-set-timer-passthrough')) {
    const cpu = k.entry.cpu;
    cpu.sbiOverride = true;
    cpu.hw.timer.arm(Math.floor(ticks / RISCV_TICKS_PER_US));
  }
  return ret(ticks);
}

export function x86IretSys(k: KernelContext, caller: Kthread, nr: number): HcResult {
  const saved = caller.savedIf.pop();
  if (saved !== undefined) {
    const iflags = k.pct.get(caller.pct, 'iflags');
    k.pct.set(caller.pct, 'iflags', ((iflags & ~X86_IF) | (saved & X86_IF)) >>> 0);
  }
  return ret(nr);
}
