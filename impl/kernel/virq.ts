/**
 * Virtual interrupts: making them pending in a vCPU's PCT, and delivering one on the way back
 * into the guest (prtos-states §5.3, §5.4; core/include/kthread.h:158-239, core/kernel/irqs.c:
 * 321-381, the arch `fix_stack`s).
 *
 * Pending and mask words live only in the PCT, so they are read and written there. Making an
 * interrupt pending on a halted vCPU is dropped; otherwise the bit is set and R with it
 * (`set_*_pending`). Delivery runs on every return from the kernel into a guest that is not on
 * its first entry after a (re)start, and injects at most one source, in the order of
 * spec/constants `deliveryStages`: the pending trap, the extended trap (MEM_PROTECT), then — on
 * x86 only if the virtual IF is set — the lowest pending unmasked hardware line, then the lowest
 * pending unmasked extended interrupt. Each delivery clears its pending bit; nothing is masked.
 *
 * Injection per port: x86 builds an interrupt frame through the partition's virtual IDT. The
 * IDT itself is guest memory this emulation does not interpret (DESIGN.md, Known limitations):
 * every vector is taken to be an interrupt gate, which clears the virtual IF, and the IF is saved
 * for the IRET gate to restore. riscv64 and the other ports save the interrupted state in the
 * PCT, store the vector in `irq_vector` and enter the guest's registered `trap_entry`; with no
 * trap entry, or a delivery not yet ended by IRET (44), nothing can be injected: the intended
 * kernel leaves the interrupt pending, the real one has already cleared its bit and loses it
 * (quirk `riscv-virq-lost`, A14). A propagated trap is delivered through `trap_to_vector[t]`, or
 * on riscv64 through entry 0 whatever t was (quirk `riscv-propagate-vector0`, A13).
 */
import { KTHREAD_FLAGS } from '../../spec/constants/vcpu.js';
import { EXT_IRQ, PRTOS_EXT_TRAPS_MASK } from '../../spec/constants/virqs.js';
import type { VirqKind } from '../../spec/trace/vocabulary.js';
import { clearFlags, flagsSet, setFlags } from './kthread.js';
import type { KernelContext, Kthread, Partition } from './state.js';

const H = KTHREAD_FLAGS.HALTED;
const R = KTHREAD_FLAGS.READY;
const TP = KTHREAD_FLAGS.TRAP_PENDING;
/** x86 `_CPU_FLAG_IF`: the virtual interrupt-enable bit of the PCT `iflags`. */
export const X86_IF = 0x200;

function setPendingBit(k: KernelContext, kt: Kthread, word: 'extIrqsPend' | 'hwIrqsPend', irq: number): void {
  const old = k.pct.get(kt.pct, word);
  const bit = (1 << irq) >>> 0;
  if ((old & bit) === 0) {
    k.pct.set(kt.pct, word, (old | bit) >>> 0);
    k.obs.virqPend(k.entry.now, kt, irq, word === 'extIrqsPend' ? 'ext' : 'hw');
  }
}

/** `set_ext_irq_pending` (kthread.h:175-187): one vCPU, counted in `num_of_virqs`. */
export function setExtIrqPending(k: KernelContext, kt: Kthread, irq: number): void {
  if (flagsSet(kt, H)) return;
  kt.part.numOfVirqs++;
  setPendingBit(k, kt, 'extIrqsPend', irq);
  setFlags(k, kt, R);
}

/** `set_part_ext_irq_pending` (kthread.h:224-240): every non-halted vCPU, not counted. */
export function setPartExtIrqPending(k: KernelContext, p: Partition, irq: number): void {
  for (const kt of p.vcpus) {
    if (flagsSet(kt, H)) continue;
    setPendingBit(k, kt, 'extIrqsPend', irq);
    setFlags(k, kt, R);
  }
}

/** `set_part_hw_irq_pending` (kthread.h:158-173): an owned line, duplicated to every non-halted vCPU. */
export function setPartHwIrqPending(k: KernelContext, p: Partition, line: number): void {
  for (const kt of p.vcpus) {
    if (flagsSet(kt, H)) continue;
    setPendingBit(k, kt, 'hwIrqsPend', line);
    setFlags(k, kt, R);
  }
}

/** `set_trap_pending` (irqs.c:64-69) for trap `trap` of the current vCPU. */
export function setTrapPending(k: KernelContext, kt: Kthread, trap: number): void {
  if (flagsSet(kt, TP)) return;
  kt.trapNr = trap;
  setFlags(k, kt, TP);
  k.obs.virqPend(k.entry.now, kt, trap, 'trap');
}

/**
 * `raise_pend_irqs` for the guest `kt` this entry returns to, on its CPU. `a0` is the value its
 * result register holds on the way out (riscv64 saves it for IRET).
 */
export function raisePendIrqs(k: KernelContext, kt: Kthread, a0: number): void {
  const pct = k.pct;
  const at = kt.pct;
  if (flagsSet(kt, TP)) {
    const trap = k.quirks.on('riscv-propagate-vector0') && k.arch === 'riscv64' ? 0 : kt.trapNr;
    if (!canInject(k, kt)) {
      if (k.quirks.on('riscv-virq-lost')) clearFlags(k, kt, TP);
      return;
    }
    clearFlags(k, kt, TP);
    inject(k, kt, 'trap', trap, pct.get(at, 'trapToVector', trap), a0);
    return;
  }
  const ext = pct.get(at, 'extIrqsPend');
  if ((ext & PRTOS_EXT_TRAPS_MASK) !== 0) {
    deliverFromWord(k, kt, 'extIrqsPend', EXT_IRQ.MEM_PROTECT, 'ext', 'extIrqToVector', a0);
    return;
  }
  if (k.port.hasVirtualIf && (pct.get(at, 'iflags') & X86_IF) === 0) return;
  const hw = (pct.get(at, 'hwIrqsPend') & ~pct.get(at, 'hwIrqsMask')) >>> 0;
  if (hw !== 0) {
    deliverFromWord(k, kt, 'hwIrqsPend', lowestBit(hw), 'hw', 'hwIrqToVector', a0);
    return;
  }
  const mask = k.faults.on('virq-ignores-mask') ? 0 : pct.get(at, 'extIrqsToMask');
  const pending = (ext & ~mask) >>> 0;
  if (pending !== 0) deliverFromWord(k, kt, 'extIrqsPend', lowestBit(pending), 'ext', 'extIrqToVector', a0);
}

function deliverFromWord(
  k: KernelContext,
  kt: Kthread,
  word: 'extIrqsPend' | 'hwIrqsPend',
  irq: number,
  kind: VirqKind,
  table: 'extIrqToVector' | 'hwIrqToVector',
  a0: number,
): void {
  const injectable = canInject(k, kt);
  if (!injectable && !k.quirks.on('riscv-virq-lost')) return;
  const old = k.pct.get(kt.pct, word);
  k.pct.set(kt.pct, word, (old & ~((1 << irq) >>> 0)) >>> 0);
  if (injectable) inject(k, kt, kind, irq, k.pct.get(kt.pct, table, irq), a0);
}

/** riscv64-style delivery needs a registered trap entry and no delivery in progress (fix_stack). */
function canInject(k: KernelContext, kt: Kthread): boolean {
  if (k.port.x86Family) return true;
  return k.pct.get(kt.pct, 'archTrapEntry') !== 0 && k.pct.get(kt.pct, 'archIrqVector') === 0;
}

function inject(
  k: KernelContext,
  kt: Kthread,
  kind: VirqKind,
  irq: number,
  vector: number,
  a0: number,
): void {
  const pct = k.pct;
  if (k.port.x86Family) {
    const iflags = pct.get(kt.pct, 'iflags');
    kt.savedIf.push(iflags & X86_IF);
    pct.set(kt.pct, 'iflags', (iflags & ~X86_IF) >>> 0);
  } else {
    pct.set(kt.pct, 'archIrqSavedA0', a0);
    pct.set(kt.pct, 'archIrqVector', vector);
  }
  k.entry.cpu.hw.injectVector(vector);
  k.obs.emit({ t: k.entry.now, ev: 'virqDeliver', part: kt.part.id, vcpu: kt.vcpu, irq, kind, vector });
}

function lowestBit(w: number): number {
  return 31 - Math.clz32(w & -w);
}
