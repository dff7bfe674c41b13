/**
 * Virtual interrupts: the extended (PRTOS-generated) interrupt numbers, the order in which pending
 * sources are delivered, and the routing vectors a fresh PCT starts with.
 *
 * Source: prtos-states §5.2-5.4 and §1.3 (PCT reset), prtos-hypercalls §6; PRTOS
 * core/include/guest.h:17-59 (numbers), core/kernel/irqs.c:260-381 (`raise_pend_irqs` and its
 * helpers), core/kernel/x86/kthread.c:106-120 and core/kernel/amd64/kthread.c:160-164 (x86 default
 * routing; the other ports leave the zeroed PCT alone), core/include/<arch>/irqs.h (virtual IF).
 *
 * Only the order is stated here, as data. Choosing the next interrupt from pending and mask words
 * is behaviour, written separately by the model and by the kernel so that they can disagree.
 */
import type { Arch } from './arch.js';

/** Extended interrupt numbers (bit positions in `ext_irqs_pend` / `ext_irqs_to_mask`). */
export const EXT_IRQ = {
  HW_TIMER: 0,
  EXEC_TIMER: 1,
  /** Defined; never raised (prtos-states §3.8). */
  WATCHDOG_TIMER: 2,
  SHUTDOWN: 3,
  SAMPLING_PORT: 4,
  QUEUING_PORT: 5,
  CYCLIC_SLOT_START: 8,
  /** The one "extended trap": delivered ignoring masks and interrupt enable; only a guest's own set_irqpend raises it. */
  MEM_PROTECT: 16,
  IPVI0: 24,
  IPVI1: 25,
  IPVI2: 26,
  IPVI3: 27,
  IPVI4: 28,
  IPVI5: 29,
  IPVI6: 30,
  IPVI7: 31,
} as const;
export type ExtIrqName = keyof typeof EXT_IRQ;

export const PRTOS_VT_EXT_MAX = 32;
export const PRTOS_VT_HW_MAX = 32;
/** `PRTOS_EXT_TRAPS`: the extended-trap bits (only MEM_PROTECT). */
export const PRTOS_EXT_TRAPS_MASK = 1 << EXT_IRQ.MEM_PROTECT;

/** The extended interrupt of IPVI `i` (0..7). */
export function ipviExtIrq(i: number): number {
  return EXT_IRQ.IPVI0 + i;
}

/** The IPVI index of an extended interrupt number, or `undefined` outside 24..31. */
export function extIrqIpvi(ext: number): number | undefined {
  return ext >= EXT_IRQ.IPVI0 && ext <= EXT_IRQ.IPVI7 && Number.isInteger(ext)
    ? ext - EXT_IRQ.IPVI0
    : undefined;
}

export function extIrqName(ext: number): ExtIrqName | undefined {
  return (Object.keys(EXT_IRQ) as ExtIrqName[]).find((k) => EXT_IRQ[k] === ext);
}

/**
 * Extended interrupts whose raising is counted in a partition's `num_of_virqs` (STATUS_ACC builds
 * only): timers, slot start and IPVIs; SHUTDOWN and port notifications go through a path whose
 * counting line is commented out (prtos-states §5.3, kthread.h:236-239).
 */
export const EXT_IRQS_COUNTED_IN_NUM_OF_VIRQS: readonly ExtIrqName[] = [
  'HW_TIMER',
  'EXEC_TIMER',
  'CYCLIC_SLOT_START',
  'IPVI0',
  'IPVI1',
  'IPVI2',
  'IPVI3',
  'IPVI4',
  'IPVI5',
  'IPVI6',
  'IPVI7',
];

/** Whether the port has a virtual interrupt-enable flag that gates hw/ext delivery (<arch>/irqs.h). */
export const HAS_VIRTUAL_IF: Readonly<Record<Arch, boolean>> = {
  x86: true,
  amd64: true,
  riscv64: false,
  aarch64: false,
  loongarch64: false,
};

/**
 * One check of `raise_pend_irqs`, in order; the first that finds something delivers it and ends
 * the return to the guest (one injection per return):
 * - `softwareTrap`: the vCPU's pending software trap (`sw_trap` bit 0);
 * - `trapPending`: the TRAP_PENDING flag (a propagated trap) → `trap_to_vector[trap]`;
 * - `extendedTrap`: pending extended-trap bits (MEM_PROTECT), masks ignored → `ext_irq_to_vector[16]`;
 * - `virtualIfGate`: stop here if the guest's virtual interrupt flag is clear (x86/amd64 only; the
 *   other ports have no virtual IF);
 * - `hwIrq`: the lowest pending-and-unmasked hardware line → `hw_irq_to_vector[line]`;
 * - `extIrq`: the lowest pending-and-unmasked extended interrupt → `ext_irq_to_vector[n]`.
 * Each delivery clears its pending bit first.
 */
export type DeliveryStage =
  'softwareTrap' | 'trapPending' | 'extendedTrap' | 'virtualIfGate' | 'hwIrq' | 'extIrq';

export function deliveryStages(arch: Arch): readonly DeliveryStage[] {
  const gate: readonly DeliveryStage[] = HAS_VIRTUAL_IF[arch] ? ['virtualIfGate'] : [];
  return ['softwareTrap', 'trapPending', 'extendedTrap', ...gate, 'hwIrq', 'extIrq'];
}

/**
 * Within the hw and ext words the lowest set bit wins (`CONFIG_HWIRQ_PRIO_FBS=y` on every port),
 * so HW_TIMER > EXEC_TIMER > SHUTDOWN > SAMPLING_PORT > QUEUING_PORT > SLOT_START > IPVI0..7.
 */
export const LOWEST_BIT_FIRST = true;

/**
 * The routing vector a fresh PCT holds for trap, hardware line or extended interrupt `n`: x86 and
 * amd64 route trap n → n, hw line n → 0x20 + n (FIRST_EXTERNAL_VECTOR), ext n → 0x90 + n; the other
 * ports leave every vector 0 — and on riscv64 vector 0 means "no delivery" (A39), so a guest must
 * route before it can receive anything.
 */
export function defaultRoutingVector(arch: Arch, type: 'trap' | 'hwIrq' | 'extIrq', n: number): number {
  if (arch !== 'x86' && arch !== 'amd64') return 0;
  switch (type) {
    case 'trap':
      return n;
    case 'hwIrq':
      return X86_FIRST_EXTERNAL_VECTOR + n;
    case 'extIrq':
      return X86_FIRST_EXT_IRQ_VECTOR + n;
  }
}

export const X86_FIRST_EXTERNAL_VECTOR = 0x20;
export const X86_FIRST_EXT_IRQ_VECTOR = 0x90;
/** x86 update_idt rejects entries below this (`FIRST_USER_IRQ_VECTOR`, §3.32). */
export const X86_FIRST_USER_IRQ_VECTOR = 0x30;

/** After every reset both mask words are all ones: everything masked until the guest unmasks (§1.3). */
export const MASK_AFTER_RESET = 0xffffffff;

/** BAIL's routing convention (not the kernel's): extended interrupt e → vector 224 + e (§3.18). */
export const BAIL_EXT_IRQ_VECTOR_BASE = 224;
