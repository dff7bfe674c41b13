/**
 * IRQ — hardware interrupt lines, extended (virtual) interrupts, the per-vCPU pending and mask
 * words, delivery to the guest, traps delivered to a partition, and inter-partition virtual
 * interrupts (prtos-states §5, prtos-hypercalls §3.14–§3.18, §3.22–§3.23, §6), with the temporal
 * invariant T4 of prtos-states §8.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

export const IRQ_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-IRQ-1',
    "When a hardware line owned by a partition fires, the line's bit shall be set in hw_irqs_pend, and R set, on every non-halted vCPU of the owner.",
    st('§5.1', 'core/kernel/irqs.c:216-235', 'core/include/kthread.h:158-173'),
  ),
  req(
    'REQ-IRQ-2',
    'A hardware line with no owner and no kernel handler that fires shall raise the system-level HM event UNEXPECTED_TRAP.',
    st('§5.1', 'core/kernel/irqs.c:31-55'),
  ),
  req(
    'REQ-IRQ-3',
    'Every hardware interrupt shall end with a scheduling decision of the CPU that took it.',
    st('§5.1', 'core/kernel/irqs.c:186-214'),
  ),
  req(
    'REQ-IRQ-4',
    "The hardware lines a partition owns shall be masked at the interrupt controller while none of its vCPUs runs, so that a partition's device interrupts are not taken during another partition's slot.",
    st(
      '§5.1',
      'core/kernel/x86/apic.c:145-158',
      'core/kernel/kthread.c:299-302',
      'core/kernel/riscv64/irqs.c:83-88',
    ),
    { intended: 'ST-A4' },
  ),
  req(
    'REQ-IRQ-5',
    'With the x86 IO-APIC, a level-triggered line shall be masked in hardware when acknowledged and unmasked when its owner calls clear_irqmask for it; edge-triggered lines shall not be masked, and set_irqmask shall only update the software mask.',
    st('§5.1', 'core/kernel/x86/apic.c:136-143'),
  ),
  req(
    'REQ-IRQ-6',
    'On riscv64, supervisor external interrupts shall be ignored, so no hardware line is delivered to a partition.',
    st('§5.1', 'core/kernel/riscv64/traps.c:117-118'),
  ),
  req(
    'REQ-IRQ-7',
    "The extended interrupts shall be raised only by their sources: HW_TIMER (0) and EXEC_TIMER (1) by the vCPU's timers, SHUTDOWN (3) by shutdown, SAMPLING_PORT (4) and QUEUING_PORT (5) by port operations, CYCLIC_SLOT_START (8) by the scheduler, IPVI0..7 (24..31) by raise_ipvi and raise_partition_ipvi; the kernel shall never raise WATCHDOG_TIMER (2) or MEM_PROTECT (16), and there shall be no HM-notification interrupt.",
    st('§5.2', 'core/include/guest.h:37-57'),
  ),
  req(
    'REQ-IRQ-8',
    'Interrupts made pending for a suspended or non-running vCPU shall accumulate as one pending bit per source (repeated events coalesce), and interrupts for a halted vCPU shall be dropped.',
    st('§5.3', 'core/include/kthread.h:158-173'),
  ),
  req(
    'REQ-IRQ-9',
    "clear_irqmask(hw, ext) shall clear those bits of the calling vCPU's hw_irqs_mask and ext_irqs_to_mask, enable the owned hardware lines among hw at the controller, and return OK.",
    hc('§3.14', 'core/kernel/hypercalls.c:400-416'),
  ),
  req(
    'REQ-IRQ-10',
    "set_irqmask(hw, ext) shall set those bits of the calling vCPU's hw_irqs_mask and ext_irqs_to_mask, disable the owned hardware lines among hw at the controller, and return OK.",
    hc('§3.15', 'core/kernel/hypercalls.c:418-433'),
  ),
  req(
    'REQ-IRQ-11',
    "set_irqpend(hw, ext) shall set the ext bits (any of them) in the calling vCPU's ext_irqs_pend, force the owned lines among hw at the controller, set the non-owned hw bits in its hw_irqs_pend, affect no other vCPU, and return OK.",
    hc('§3.16', 'core/kernel/hypercalls.c:435-457'),
  ),
  req(
    'REQ-IRQ-12',
    "clear_irqpend(hw, ext) shall clear those bits of the calling vCPU's hw_irqs_pend and ext_irqs_pend, clear the owned lines among hw at the controller, and return OK.",
    hc('§3.17', 'core/kernel/hypercalls.c:459-475'),
  ),
  req(
    'REQ-IRQ-13',
    "route_irq(type, irq, vector) shall return INVALID_PARAM if irq is 32 or more or if irq is not a valid index of the routing table of that type, set the calling vCPU's trap, hardware or extended routing entry irq to vector for type 0, 1 or 2, return INVALID_PARAM for any other type, and otherwise return OK without checking the vector.",
    hc('§3.18', 'core/kernel/hypercalls.c:477-497', 'core/include/guest.h:122'),
    { intended: 'HC-A48' },
  ),
  req(
    'REQ-IRQ-14',
    'Pending virtual interrupts shall be delivered on every return from the kernel into a partition (after hypercalls, traps and interrupts), but not on the first entry after a (re)start.',
    st('§5.4', 'core/kernel/irqs.c:321-381', 'core/kernel/riscv64/traps.c:226-231'),
  ),
  req(
    'REQ-IRQ-15',
    'At most one virtual interrupt shall be delivered per return, chosen in this order: a pending trap (ignoring masks), the extended trap 16 (ignoring masks), then, only if the virtual interrupt-enable is on (x86), the lowest pending unmasked hardware line, then the lowest pending unmasked extended interrupt.',
    st('§5.4', 'core/kernel/irqs.c:321-381'),
  ),
  req(
    'REQ-IRQ-16',
    'Delivering a virtual interrupt shall clear its pending bit and shall not mask the source; on x86 the virtual interrupt-enable shall be cleared only when the target IDT entry is an interrupt gate.',
    st('§5.4', 'core/include/x86/irqs.h:129-140', 'core/kernel/x86/irqs.c:189-192'),
  ),
  req(
    'REQ-IRQ-17',
    'On x86 a virtual interrupt shall be delivered as an IA-32 interrupt frame built on the partition stack from its virtual IDT, and a bad vector, IDT entry or stack shall cause a partition panic.',
    st('§5.4', 'core/kernel/x86/irqs.c:171-230'),
  ),
  req(
    'REQ-IRQ-18',
    'On riscv64, aarch64 and loongarch64 a virtual interrupt shall be delivered by saving the guest PC, status and a0 in the PCT, storing the vector in irq_vector and resuming at the registered trap entry, and IRET (44) shall restore the saved state and clear irq_vector (doing nothing when irq_vector is 0).',
    st('§5.4', 'core/kernel/riscv64/irqs.c:69-81'),
  ),
  req(
    'REQ-IRQ-19',
    'A virtual interrupt that cannot be injected (no trap entry registered, or a previous delivery not yet ended by IRET) shall stay pending.',
    st('§5.4', 'core/kernel/riscv64/irqs.c:72-74', 'core/kernel/irqs.c:349-371'),
    { intended: 'ST-A14' },
  ),
  req(
    'REQ-IRQ-20',
    "A partition's virtual interrupts and timer expiries shall be delivered only while one of its vCPUs is current, that is only within its own slots (T4).",
    st('§8', 'core/kernel/irqs.c:321-381'),
  ),
  req(
    'REQ-IRQ-21',
    'A trap shall reach the guest only through PROPAGATE, as vector trap_to_vector[trap number] of the vCPU that raised it.',
    st('§5.5', 'core/kernel/irqs.c:342', 'core/kernel/riscv64/traps.c:228-230'),
    { intended: 'ST-A13' },
  ),
  req(
    'REQ-IRQ-22',
    "raise_ipvi(n) shall return INVALID_PARAM unless 24 <= n < 32, then NO_ACTION if the caller's IPVI n has no destination, and otherwise make n pending (and R) on every vCPU of every destination that is not halted and does not already have it pending, notify the CPUs of those on other CPUs, and return OK.",
    hc('§3.22', 'core/kernel/hypercalls.c:603-632'),
  ),
  req(
    'REQ-IRQ-23',
    "raise_partition_ipvi(p, n) shall return INVALID_PARAM unless 24 <= n < 32, then INVALID_CONFIG if the caller's IPVI n has no destination or p is not one of them, then NO_ACTION if every vCPU of p already has n pending, and otherwise deliver n to p only as raise_ipvi does and return OK.",
    hc('§3.23', 'core/kernel/hypercalls.c:565-601'),
  ),
  req(
    'REQ-IRQ-24',
    "A partition shall be able to raise an IPVI only towards the destinations configured for it as that IPVI's source.",
    st('§5.6', 'core/kernel/hypercalls.c:565-632'),
  ),
];
