/**
 * Virtual interrupts of one vCPU: the pending and mask words, the routing tables, and the choice
 * of what to inject on a return from the kernel into the guest.
 *
 * prtos-states §5.3–§5.5 and prtos-hypercalls §6; requirements REQ-IRQ-8, REQ-IRQ-14..21. At most
 * one virtual interrupt is injected per return, in this order: a pending trap (TP) through
 * `trap_to_vector[trap]`; the extended trap MEM_PROTECT (16) through `ext_irq_to_vector[16]`; then,
 * only if the virtual interrupt-enable is on (x86 and amd64 have one, the other ports do not), the
 * lowest pending unmasked hardware line, then the lowest pending unmasked extended interrupt
 * (CONFIG_HWIRQ_PRIO_FBS). Injecting clears the pending bit and masks nothing.
 *
 * How an injection happens differs per port (REQ-IRQ-17, REQ-IRQ-18): x86 builds an interrupt
 * frame from the partition's virtual IDT — the model has no IDT and treats every entry as an
 * interrupt gate, which clears the virtual IF; riscv64, aarch64 and loongarch64 store the vector in
 * the PCT's `irq_vector` and resume at the registered `trap_entry`, and need IRET (44) before the
 * next injection. Where an injection is impossible (no trap entry, or one still in progress) the
 * interrupt stays pending (REQ-IRQ-19, the intended side of anomaly A14/A39).
 */
import type { Arch } from '../spec/constants/arch.js';
import { EXT_IRQ, HAS_VIRTUAL_IF, defaultRoutingVector } from '../spec/constants/index.js';
import type { VirqKind } from '../spec/trace/vocabulary.js';

export interface Routing {
  readonly trap: readonly number[];
  readonly hw: readonly number[];
  readonly ext: readonly number[];
}

/** The routing tables of a freshly reset PCT (x86: trap n→n, hw n→0x20+n, ext n→0x90+n; others 0). */
export function defaultRouting(arch: Arch): Routing {
  const table = (type: 'trap' | 'hwIrq' | 'extIrq') =>
    Array.from({ length: 32 }, (_, n) => defaultRoutingVector(arch, type, n));
  return { trap: table('trap'), hw: table('hwIrq'), ext: table('extIrq') };
}

/** The interrupt-related part of a vCPU's state that delivery looks at. */
export interface IrqView {
  readonly trapPending: number | null;
  readonly hwPend: number;
  readonly hwMask: number;
  readonly extPend: number;
  readonly extMask: number;
  /** x86 virtual IF (iflags bit 9); ignored on ports without one. */
  readonly virtualIf: boolean;
  /** riscv64/aarch64/loongarch64: PCT `arch.irq_vector` (0 = no delivery in progress). */
  readonly irqVector: number;
  /** riscv64/aarch64/loongarch64: PCT `arch.trap_entry` (0 = none registered). */
  readonly trapEntry: number;
  readonly routing: Routing;
}

export interface Injection {
  readonly kind: VirqKind;
  /** Trap number, hardware line or extended interrupt number. */
  readonly irq: number;
  readonly vector: number;
  /** Which delivery stage of §5.4 chose it (for coverage). */
  readonly stage: 'trapPending' | 'extendedTrap' | 'hwIrq' | 'extIrq';
}

function lowestBit(word: number): number {
  const w = word >>> 0;
  if (w === 0) return -1;
  return 31 - Math.clz32(w & -w);
}

/** Whether the port can inject now (riscv-like ports need a trap entry and no injection in progress). */
export function canInject(arch: Arch, v: IrqView): boolean {
  if (arch === 'x86' || arch === 'amd64') return true;
  return v.trapEntry !== 0 && v.irqVector === 0;
}

/** What `raise_pend_irqs` would inject on this return, or undefined (REQ-IRQ-15). */
export function chooseInjection(arch: Arch, v: IrqView): Injection | undefined {
  if (!canInject(arch, v)) return undefined;
  if (v.trapPending !== null) {
    return {
      kind: 'trap',
      irq: v.trapPending,
      vector: v.routing.trap[v.trapPending] ?? 0,
      stage: 'trapPending',
    };
  }
  const extTrap = EXT_IRQ.MEM_PROTECT;
  if ((v.extPend >>> extTrap) & 1) {
    return { kind: 'ext', irq: extTrap, vector: v.routing.ext[extTrap] ?? 0, stage: 'extendedTrap' };
  }
  if (HAS_VIRTUAL_IF[arch] && !v.virtualIf) return undefined;
  const hw = lowestBit(v.hwPend & ~v.hwMask);
  if (hw >= 0) return { kind: 'hw', irq: hw, vector: v.routing.hw[hw] ?? 0, stage: 'hwIrq' };
  const ext = lowestBit(v.extPend & ~v.extMask & ~(1 << extTrap));
  if (ext >= 0) return { kind: 'ext', irq: ext, vector: v.routing.ext[ext] ?? 0, stage: 'extIrq' };
  return undefined;
}
