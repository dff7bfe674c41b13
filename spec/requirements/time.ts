/**
 * TIME — the HW clock, the per-vCPU execution clock, and the two partition timers of each vCPU
 * (prtos-states §3.8, prtos-hypercalls §3.11–§3.12), with the exec-clock invariant T5 of §8.
 *
 * Two behaviours here surprise readers but are the specified PRTOS semantics, and prtos-ref keeps
 * them: a HW-clock timer that expires while its vCPU is not running is delivered at the vCPU's
 * next switch-in, and the exec clock is never reset (decisions HC-OPEN-2 and ST-A23).
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

export const TIME_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-TIME-1',
    'The HW clock shall be one global, monotonic count of microseconds.',
    st('§3.8', 'core/kernel/riscv64/timer.c:31-34'),
  ),
  req(
    'REQ-TIME-2',
    'The exec clock of a vCPU shall advance only while that vCPU is the current thread of its CPU, including kernel time spent while it is current, and shall read acc + (now - delta) while it runs and acc otherwise (T5).',
    st('§3.8', 'core/include/ktimer.h:90-95', 'core/kernel/sched.c:231-259'),
  ),
  req(
    'REQ-TIME-3',
    'The exec clock shall start at 0 when the partition is created and shall never be reset, not even by a partition reset.',
    st('§3.8', 'core/include/ktimer.h:74-79'),
  ),
  req(
    'REQ-TIME-4',
    "get_time(clock, *t) shall return INVALID_PARAM if the pointer is not valid for an 8-byte write, then INVALID_PARAM without writing if the clock is neither HW (0) nor EXEC (1), and otherwise write the HW clock or the caller's exec clock to *t and return OK.",
    hc('§3.11', 'core/kernel/hypercalls.c:381-398'),
  ),
  req(
    'REQ-TIME-5',
    "set_timer(clock, abs, interval) shall return INVALID_PARAM if abs or interval is negative (checked before the clock), disarm that clock's timer of the caller and return OK if abs is 0 (INVALID_PARAM for an unknown clock), and otherwise arm it and return OK, INVALID_PARAM for an unknown clock.",
    hc('§3.12', 'core/kernel/hypercalls.c:345-379'),
  ),
  req(
    'REQ-TIME-6',
    'Each vCPU shall have exactly one HW-clock timer and one EXEC-clock timer; arming replaces the previous setting, with a one-shot timer for interval 0 and a periodic one otherwise.',
    st('§3.8', 'core/kernel/hypercalls.c:345-379', 'core/include/kthread.h:37-38'),
  ),
  req(
    'REQ-TIME-7',
    "When a vCPU's HW-clock timer expires, the extended interrupt HW_TIMER (0) shall be made pending on that vCPU; a periodic timer's next expiry shall advance by whole intervals past now, so missed periods collapse into one interrupt.",
    st('§3.8', 'core/kernel/ktimer.c:46-71'),
  ),
  req(
    'REQ-TIME-8',
    "A vCPU's HW-clock timers shall be examined only while it is current and when it is switched in, so an expiry that falls while the vCPU is not running shall be delivered at its next switch-in.",
    st('§3.8', 'core/kernel/ktimer.c:73-88', 'core/kernel/sched.c:243'),
  ),
  req(
    'REQ-TIME-9',
    'Arming a HW-clock timer for a time already past shall expire it inside the hypercall, so that HW_TIMER is pending when the call returns.',
    hc('§3.12', 'core/kernel/ktimer.c:46-71'),
  ),
  req(
    'REQ-TIME-10',
    "When a vCPU's exec clock reaches its armed EXEC timer's value, the extended interrupt EXEC_TIMER (1) shall be made pending on that vCPU, and a periodic EXEC timer's value shall advance past the exec clock by whole intervals, missed periods collapsing into one expiry (spec/lockstep.ts L10: the real kernel advances the value by one interval while its backing HW-clock timer catches up, ktimer.c:46-71, 133-145).",
    st('§3.8', 'core/kernel/ktimer.c:133-162'),
  ),
  req(
    'REQ-TIME-11',
    'Disarming the EXEC-clock timer shall prevent every later expiry of it, including one already scheduled on the underlying kernel timer.',
    hc('§3.12', 'core/kernel/ktimer.c:164-168', 'core/kernel/ktimer.c:133-136'),
    { intended: 'ST-A5' },
  ),
  req(
    'REQ-TIME-12',
    'The extended interrupt WATCHDOG_TIMER (2) shall never be raised by the kernel.',
    st('§3.8', 'core/include/guest.h:37-57'),
  ),
  req(
    'REQ-TIME-13',
    'A partition reset shall not disarm the HW-clock or EXEC-clock timer of any of its vCPUs; their interrupts stay masked in the fresh PCT until the guest unmasks them.',
    st('§1.3', 'core/kernel/kthread.c:405-471'),
  ),
  req(
    'REQ-TIME-14',
    "Kernel work done during a vCPU's slot for other partitions (their device interrupts, cross-CPU notifications, HM logging) shall be charged to the exec clock of the vCPU that is current.",
    st('§3.8', 'core/include/ktimer.h:90-95'),
  ),
];
