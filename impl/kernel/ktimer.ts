/**
 * Clocks and timers (prtos-states §3.5, §3.8; core/kernel/ktimer.c, core/include/ktimer.h).
 *
 * Each vCPU has a HW-clock timer and an EXEC-clock timer. Both live in the vCPU's *local* timer
 * list, which the kernel examines only while the vCPU is current — on a timer interrupt of its
 * CPU, in `schedule()` — and when it is switched in, so an expiry that falls while the vCPU is
 * off the CPU reaches it at its next switch-in (HC-OPEN-2, intended). The EXEC timer is backed by
 * a kernel timer in HW time, armed at `value − acc + delta` while the exec clock runs and
 * disarmed when it stops. Disarming the EXEC timer intendedly disarms the backing timer too; the
 * real kernel clears only the vtimer flag, so the backing timer later fires into an assertion
 * and the system panics (A5, quirk `exec-timer-disarm-panic`).
 *
 * The exec clock runs while its vCPU is the current thread of its CPU; a switch stops the
 * outgoing clock and starts the incoming one at the end of the kernel entry (spec/timing R6).
 * The CPU's timer device is programmed at the end of every entry for the earliest of the
 * scheduler's next decision (while the scheduler's own one-shot timer is armed: it is disarmed
 * by the interrupt it causes and re-armed by the next decision) and the running vCPU's two
 * timers (R10); `timerHandler` is what the timer interrupt and a timer armed in the past run
 * (`timer_handler`, ktimer.c:73-88).
 */
import { EXT_IRQ } from '../../spec/constants/virqs.js';
import { systemPanic } from './panic.js';
import type { KernelContext, KTimer, Kthread, LocalCpu } from './state.js';
import { setExtIrqPending } from './virq.js';

/** The exec clock of `kt` at HW time `t` (`get_time_usec_vclock`, with stops taking effect at entry end). */
export function execClock(kt: Kthread, t: number): number {
  const c = kt.vclock;
  if (c.enabled) return c.acc + Math.max(0, t - c.delta);
  return c.acc - Math.max(0, c.stoppedAt - t);
}

function expire(t: KTimer, now: number, action: () => void): void {
  if (!t.armed || t.value > now) return;
  action();
  if (t.interval > 0) {
    do t.value += t.interval;
    while (t.value <= now);
  } else t.armed = false;
}

/**
 * `traverse_ktimer_queue` over `kt`'s local list at `now`. The list holds the EXEC timer's
 * backing timer first and the HW-clock timer second (`init_ktimer` inserts at the head).
 */
export function traverseLocal(k: KernelContext, kt: Kthread, now: number): void {
  expire(kt.vtimer.backing, now, () => vtimerHandle(k, kt));
  expire(kt.hwTimer, now, () => setExtIrqPending(k, kt, EXT_IRQ.HW_TIMER));
}

/** `vtimer_handle` (ktimer.c:133-145). */
function vtimerHandle(k: KernelContext, kt: Kthread): void {
  if (!kt.vclock.enabled) {
    systemPanic(k, "ktimer.c:135: failed assertion `k->ctrl.g->vclock.flags & VCLOCK_ENABLED'");
  }
  if (!kt.vtimer.armed) {
    systemPanic(k, "ktimer.c:136: failed assertion `k->ctrl.g->vtimer.flags & VTIMER_ARMED'");
  }
  // A periodic EXEC timer moves past the exec clock by whole intervals: missed periods collapse
  // into one expiry, as for the HW clock (spec/lockstep.ts L10).
  if (kt.vtimer.interval > 0) {
    const exec = execClock(kt, k.entry.now);
    do kt.vtimer.value += kt.vtimer.interval;
    while (kt.vtimer.value <= exec);
  } else kt.vtimer.armed = false;
  setExtIrqPending(k, kt, EXT_IRQ.EXEC_TIMER);
}

/** `timer_handler`: the current vCPU's expired timers fire now. */
export function timerHandler(k: KernelContext, cpu: LocalCpu): void {
  cpu.sbiOverride = false;
  const sched = cpu.sched.timer;
  if (sched.armed && sched.value <= k.entry.now) sched.armed = false;
  const cur = cpu.current;
  if (cur !== null) traverseLocal(k, cur, k.entry.now);
  if (k.faults.on('timer-fires-in-wrong-slot')) misdirectedTimers(k, cpu);
}

/**
 * Seeded fault `timer-fires-in-wrong-slot`: every HW-clock timer of a vCPU pinned to this CPU
 * fires at its expiry, and its interrupt goes to whoever is current here.
 */
function misdirectedTimers(k: KernelContext, cpu: LocalCpu): void {
  const cur = cpu.current;
  for (const kt of k.kthreads) {
    if (kt.cpu !== cpu.id || kt === cur) continue;
    expire(kt.hwTimer, k.entry.now, () => {
      if (cur !== null) setExtIrqPending(k, cur, EXT_IRQ.HW_TIMER);
    });
  }
}

/** `arm_ktimer` on the vCPU's HW-clock timer; a time already past fires inside the call (REQ-TIME-9). */
export function armHwTimer(k: KernelContext, kt: Kthread, value: number, interval: number): void {
  kt.hwTimer.value = value;
  kt.hwTimer.interval = interval;
  kt.hwTimer.armed = true;
  if (value < k.entry.now) timerHandler(k, k.entry.cpu);
}

export function disarmHwTimer(kt: Kthread): void {
  kt.hwTimer.armed = false;
}

/** `arm_vtimer`: while the clock runs, the backing timer is armed at the HW time the clock will reach `value`. */
export function armExecTimer(k: KernelContext, kt: Kthread, value: number, interval: number): void {
  const v = kt.vtimer;
  v.value = value;
  v.interval = interval;
  v.armed = true;
  if (kt.vclock.enabled) {
    const hw = value - kt.vclock.acc + kt.vclock.delta;
    v.backing.value = hw;
    v.backing.interval = interval;
    v.backing.armed = true;
    if (hw < k.entry.now) timerHandler(k, k.entry.cpu);
  }
}

/** `disarm_vtimer`: intendedly both flags; the real kernel leaves the backing timer armed (A5). */
export function disarmExecTimer(k: KernelContext, kt: Kthread): void {
  kt.vtimer.armed = false;
  if (!k.quirks.on('exec-timer-disarm-panic')) kt.vtimer.backing.armed = false;
}

/** `stop_vclock` at HW time `at` (the end of the entry that switches `kt` out). */
export function stopVclock(k: KernelContext, kt: Kthread, at: number): void {
  if (k.faults.on('exec-clock-runs-while-preempted')) return;
  if (kt.vtimer.armed) kt.vtimer.backing.armed = false;
  const c = kt.vclock;
  if (!c.enabled) return;
  c.enabled = false;
  c.acc += at - c.delta;
  c.stoppedAt = at;
}

/** `resume_vclock` at HW time `at`, re-arming the EXEC timer's backing timer. */
export function resumeVclock(k: KernelContext, kt: Kthread, at: number): void {
  const c = kt.vclock;
  if (!(k.faults.on('exec-clock-runs-while-preempted') && c.enabled)) {
    if (c.enabled) c.acc += at - c.delta;
    c.delta = at;
    c.enabled = true;
  }
  const v = kt.vtimer;
  if (v.armed) {
    v.backing.value = v.value - c.acc + c.delta;
    v.backing.interval = v.interval;
    v.backing.armed = true;
  }
}

/**
 * Programs the CPU's timer device at the end of an entry (R10): the earliest of the scheduler's
 * next decision and the running vCPU's armed timers. After a partition reprogrammed the device
 * through SBI (quirk `riscv-sbi-set-timer-passthrough`) the kernel still believes in its own
 * deadline and leaves the device alone unless it needs an earlier one (`set_hw_timer`,
 * ktimer.c:22-44, NEXT_ACT_IS_VALID).
 */
export function programTimer(k: KernelContext, cpu: LocalCpu): void {
  const sched = cpu.sched.timer;
  let d = cpu.schedEnabled && sched.armed ? sched.value : Infinity;
  const cur = cpu.current;
  if (cur !== null) {
    if (cur.hwTimer.armed && cur.hwTimer.value < d) d = cur.hwTimer.value;
    const b = cur.vtimer.backing;
    if (b.armed && b.value < d) d = b.value;
  }
  if (k.faults.on('timer-fires-in-wrong-slot')) {
    for (const kt of k.kthreads)
      if (kt.cpu === cpu.id && kt.hwTimer.armed && kt.hwTimer.value < d) d = kt.hwTimer.value;
  }
  if (cpu.sbiOverride) {
    if (d >= cpu.believed) return;
    cpu.sbiOverride = false;
  }
  cpu.believed = d;
  if (d === Infinity) cpu.hw.timer.disarm();
  else cpu.hw.timer.arm(Math.max(0, d));
}
