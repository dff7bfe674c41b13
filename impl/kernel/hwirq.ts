/**
 * Hardware interrupt lines (prtos-states §5.1; core/kernel/irqs.c:31-55, 186-235).
 *
 * A line is owned by at most one partition (configuration) or by nobody. When an owned line
 * fires, its bit is made pending, with R, on every non-halted vCPU of the owner; an unowned line
 * raises the system-level HM event UNEXPECTED_TRAP. riscv64 delivers no line at all (supervisor
 * external interrupts are ignored), so there every line stays masked at the controller; lines
 * the kernel reserves for itself (spec/constants RESERVED) are masked too, their sources being
 * the machine's timer and IPIs.
 *
 * Routing and masking (the emulation's controller has one mask per line and routes each line
 * to one CPU): an owned line goes to the CPU of its owner's vCPU0, an unowned one to CPU 0. The
 * intended kernel keeps an owned line masked while that CPU runs anything but a vCPU of the
 * owner, so a partition's device interrupts wait for its slot (REQ-IRQ-4); the real kernel's
 * mask switch is empty and every line is taken whatever runs (A4, quirk
 * `hwirq-mask-not-switched`). Lines are edge-triggered: the guest's mask calls change only the
 * PCT words, set_irqpend forces an owned line and clear_irqpend drops it at the controller.
 */
import { HM_EV } from '../../spec/constants/hmEvents.js';
import { isReservedHwIrq } from '../../spec/constants/archParams.js';
import { LINE_COUNT, cpuId } from '../machine/index.js';
import { hmRaiseEvent } from './hm.js';
import type { KernelContext, LocalCpu } from './state.js';
import { setPartHwIrqPending } from './virq.js';

function deliverable(k: KernelContext, line: number): boolean {
  return k.port.hwLinesReachPartitions && !isReservedHwIrq(k.arch, line);
}

/** Routes and masks every line at boot. */
export function setupHwLines(k: KernelContext): void {
  const intc = k.machine.intc;
  for (let line = 0; line < LINE_COUNT; line++) {
    intc.mask(line);
    if (!deliverable(k, line)) continue;
    const owner = k.lineOwner[line];
    const cpu = owner?.vcpus[0]?.cpu ?? 0;
    intc.route(line, cpuId(cpu >= 0 && cpu < k.cpus.length ? cpu : 0, k.cpus.length));
    if (owner === undefined || k.quirks.on('hwirq-mask-not-switched')) intc.unmask(line);
  }
}

/** Intended per-slot masking: at the end of an entry of `cpu`, unmask exactly the lines of whoever runs there. */
export function switchLineMasks(k: KernelContext, cpu: LocalCpu): void {
  if (k.quirks.on('hwirq-mask-not-switched') || !k.port.hwLinesReachPartitions) return;
  const intc = k.machine.intc;
  const running = cpu.current?.part;
  for (let line = 0; line < LINE_COUNT; line++) {
    const owner = k.lineOwner[line];
    if (owner === undefined || !deliverable(k, line) || intc.routeOf(line) !== cpu.id) continue;
    if (owner === running) intc.unmask(line);
    else intc.mask(line);
  }
}

/** The kernel's handler for a line taken on this CPU. */
export function handleLine(k: KernelContext, line: number): void {
  const owner = k.lineOwner[line];
  if (owner !== undefined) {
    setPartHwIrqPending(k, owner, line);
    return;
  }
  const cur = k.entry.cpu.current;
  hmRaiseEvent(k, { event: HM_EV.UNEXPECTED_TRAP, kthread: cur, sys: true, ctxt: { pc: 0, psr: 0, cr2: 0 } });
  k.console.print(k.entry.now, `Unexpected irq ${line}\n`);
}

/** set_irqpend on owned lines: `hw_force_irq`. */
export function forceLine(k: KernelContext, line: number): void {
  if (deliverable(k, line)) k.machine.intc.raise(line);
}

/** clear_irqpend on owned lines: `hw_clear_irq`. */
export function clearLine(k: KernelContext, line: number): void {
  if (deliverable(k, line)) k.machine.intc.clearPending(line);
}
