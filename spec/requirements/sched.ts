/**
 * SCHED — the per-CPU cyclic scheduler: its state (prtos-states §3.2), when it runs (§3.3), the
 * decision algorithm step by step (§3.4, `get_ready_kthread`, sched.c:93-171), context-switch
 * effects (§3.5), plan switching (§3.6), SMP (§3.7), and the temporal invariants T1–T3 of §8.
 *
 * The model states the scheduler declaratively (DESIGN.md, model/): these requirements say what
 * the kernel's algorithm does, and the invariants say what both must agree on.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

const SCHED = 'core/kernel/sched.c:93-171';

export const SCHED_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-SCHED-1',
    'Each CPU shall start with no current plan, plan 0 of that CPU as the requested plan and slot index -1.',
    st('§3.2', 'core/kernel/sched.c:181-192', 'core/include/local.h:32-45'),
  ),
  req(
    'REQ-SCHED-2',
    'A CPU shall make a scheduling decision at the end of every hardware interrupt it takes (repeated while a reschedule is pending) and synchronously in every hypercall or HM action that changes the readiness of its own current vCPU, and shall make none before its scheduler is enabled at the end of boot.',
    st('§3.3', 'core/kernel/irqs.c:186-214', 'core/kernel/sched.c:208-277', 'core/kernel/mmu/setup.c:19-35'),
  ),
  req(
    'REQ-SCHED-3',
    'While the time of the next decision has not been reached, a scheduling decision shall keep the vCPU chosen for the current interval if it is READY and run the idle thread otherwise, and shall change no other scheduler state (step 1).',
    st('§3.4', 'core/kernel/sched.c:85-91', 'core/kernel/sched.c:100'),
  ),
  req(
    'REQ-SCHED-4',
    'At a major-frame boundary a pending plan switch shall be applied: previous := current, current := requested, plan switch time := now, and the new plan started afresh (step 2).',
    st('§3.4', 'core/kernel/sched.c:56-75', SCHED),
  ),
  req(
    'REQ-SCHED-5',
    'At a major-frame boundary with no plan switch, the start and end of the current major frame shall advance by whole major frames until the end lies after now, so that boundaries stay on the original grid even when the scheduler runs late (step 2).',
    st('§3.4', 'core/kernel/sched.c:103-120'),
  ),
  req(
    'REQ-SCHED-6',
    'When a plan is activated (first activation or just switched) its major frame shall start at the time the scheduler runs and end one major frame later, and the slot index shall restart at 0 (step 2).',
    st('§3.4', 'core/kernel/sched.c:103-120'),
  ),
  req(
    'REQ-SCHED-7',
    'Within the major frame, every slot whose end is at or before the current offset shall be skipped, and when no slot remains the CPU shall be idle until the end of the major frame (steps 3 and 4).',
    st('§3.4', 'core/kernel/sched.c:122-131'),
  ),
  req(
    'REQ-SCHED-8',
    "Inside a slot, the slot's (partition, vCPU) shall be chosen until the slot end if it is READY; if it is not, the CPU shall be idle until the start of the next slot or the end of the major frame, and the rest of the slot shall never be given to another partition (step 5).",
    st('§3.4', 'core/kernel/sched.c:134-147'),
  ),
  req(
    'REQ-SCHED-9',
    'In a gap before the next slot the CPU shall be idle until that slot starts (step 5).',
    st('§3.4', 'core/kernel/sched.c:148-150'),
  ),
  req(
    'REQ-SCHED-10',
    'The next decision time shall be the start of the current major frame plus the chosen offset, the scheduler timer shall be armed for it, and it shall be strictly later than the previous one (step 6).',
    st('§3.4', 'core/kernel/sched.c:152-155'),
  ),
  req(
    'REQ-SCHED-11',
    'When a vCPU is chosen at a slot boundary, its op mode shall become NORMAL, its PCT slot information shall become {current slot index, slot id, slot duration} and the extended interrupt CYCLIC_SLOT_START (8) shall be made pending on it (step 7).',
    st('§3.4', 'core/kernel/sched.c:159-166'),
  ),
  req(
    'REQ-SCHED-12',
    'The CPU shall then run the chosen vCPU, or its idle thread if none was chosen (step 8).',
    st('§3.4', 'core/kernel/sched.c:168-170', 'core/kernel/sched.c:208-277'),
  ),
  req(
    'REQ-SCHED-13',
    'Slot i of plan P on CPU c shall be owned during [T0 + k·MAF + start_i, T0 + k·MAF + end_i) for k = 0, 1, …, where T0 is the time P was activated on c.',
    st('§3.4', SCHED),
  ),
  req(
    'REQ-SCHED-14',
    'A vCPU selected for a slot shall receive exactly one CYCLIC_SLOT_START per slot, and a vCPU that is not READY when its slot starts shall receive none and stay off the CPU for the whole slot even if it becomes READY later (unless it was chosen for that slot and is revived within it).',
    st('§3.4', SCHED),
  ),
  req(
    'REQ-SCHED-15',
    "The hardware timer shall be programmed for the next decision time clamped to the timer's limits (riscv64: at least 10 µs and at most 1 s ahead), and an early wake-up shall only repeat the cached decision.",
    st('§3.4', 'core/kernel/riscv64/timer.c:44-50'),
  ),
  req(
    'REQ-SCHED-16',
    "On a context switch the outgoing vCPU's exec clock shall stop and the backing timer of its armed EXEC timer shall be disarmed while the EXEC timer stays logically armed; when the incoming vCPU resumes, its exec clock shall restart and its EXEC timer's backing timer shall be re-armed at the remaining exec time.",
    st('§3.5', 'core/include/ktimer.h:113-125', 'core/kernel/sched.c:231-259'),
  ),
  req(
    'REQ-SCHED-17',
    'A vCPU started for the first time after a reset shall begin at its entry point with the address of its PCT as argument (riscv64 a1, aarch64 x0, loongarch64 a0, x86 ebx).',
    st('§3.5', 'core/kernel/kthread.c:66-242', 'core/include/riscv64/asm.h:166-169'),
  ),
  req(
    'REQ-SCHED-18',
    "switch_sched_plan(new, &old) shall return PERM_ERROR for a non-system caller, then INVALID_PARAM if the out pointer is not valid, then NO_ACTION if new is the id of the current plan of the caller's CPU, then INVALID_PARAM if new is 0 or not below the number of plans of the caller's CPU, and otherwise store the current plan id in *old, request the plan on every CPU and return OK.",
    hc('§3.25', 'core/kernel/hypercalls.c:234-252'),
  ),
  req(
    'REQ-SCHED-19',
    "A requested plan shall become active on each CPU at that CPU's own next major-frame boundary, and its grid shall start there.",
    st('§3.6', 'core/kernel/sched.c:35-75'),
  ),
  req(
    'REQ-SCHED-20',
    'A request for a third plan before the pending one is activated shall replace the pending request, and a request for the current plan shall return NO_ACTION and leave an earlier pending request in place.',
    st('§3.6', 'core/kernel/hypercalls.c:243'),
  ),
  req(
    'REQ-SCHED-21',
    'A CPU that has no plan with the requested id shall, from its next major-frame boundary, run no partition, without hanging, panicking or disturbing other CPUs.',
    st('§3.6', 'core/kernel/sched.c:42-48', 'core/kernel/sched.c:68', 'core/kernel/sched.c:107-110'),
    {
      derived: true,
      rationale:
        'PRTOS gives such a CPU an empty plan with major frame 0, which hangs the CPU or panics the system at its next boundary (prtos-states §9 A9); the evident intent is an idle CPU.',
      intended: 'ST-A9',
    },
  ),
  req(
    'REQ-SCHED-22',
    "The HM action SWITCH_TO_MAINTENANCE shall request plan 1 on every CPU and activate it at once on the CPU that raised the event, where the thread already chosen keeps the CPU until the current decision interval ends and plan 1's grid starts at that time; the other CPUs switch at their next major-frame boundary.",
    st('§3.6', 'core/objects/hm.c:253-257', 'core/objects/hm.c:349-353', 'core/kernel/sched.c:61-66'),
  ),
  req(
    'REQ-SCHED-23',
    'The schedulers of different CPUs shall be independent: each CPU has its own plan, grid and T0.',
    st('§3.7', 'core/include/local.h:32-45'),
  ),
  req(
    'REQ-SCHED-24',
    'A cross-CPU notification (sent by a reset or resume of a vCPU on another CPU and by IPVI delivery to a vCPU on another CPU) shall make the receiving CPU take a scheduling decision, which does not change the slot owner before the next decision time.',
    st(
      '§3.7',
      'core/kernel/kthread.c:489-506',
      'core/kernel/hypercalls.c:114-136',
      'core/kernel/hypercalls.c:565-632',
    ),
  ),
  req(
    'REQ-SCHED-25',
    "On CPU c a vCPU shall execute only inside the intervals of the slots that c's active plan assigns to it, up to the declared interrupt latency (T1).",
    st('§8'),
    {
      derived: true,
      rationale:
        "Temporal isolation invariant of the design (prtos-states §8 T1). The real kernel breaks it where a partition can move the CPU's timer or delay the scheduler (prtos-states §9 A1, A11).",
      intended: 'ST-A1',
    },
  ),
  req(
    'REQ-SCHED-26',
    'Slot boundaries shall be fixed by the plan grid and shall not depend on the behaviour of any partition (busy loops, hypercall floods, interrupt storms, faults); a slot whose vCPU is not READY, halts, suspends or yields shall stay idle (T2).',
    st('§8'),
    {
      derived: true,
      rationale:
        'Temporal isolation invariant of the design (prtos-states §8 T2). Unbounded kernel work and foreign device interrupts delay or shorten slots in the real kernel (prtos-states §9 A4, A11).',
      intended: 'ST-A11',
    },
  ),
  req(
    'REQ-SCHED-27',
    'Only a system partition (by hypercall) or the health monitor (by SWITCH_TO_MAINTENANCE) shall change the plan, and the change shall take effect at the major-frame boundary, or for HM maintenance at the next scheduling point of the faulting CPU (T3).',
    st('§8', 'core/kernel/hypercalls.c:234-252', 'core/objects/hm.c:253-257'),
  ),
  req(
    'REQ-SCHED-28',
    'Per partition and per major frame, the CPU time a partition receives shall equal the time its slots configure, less the declared kernel overhead, and every slot shall start within the declared interrupt latency of its grid time.',
    st('§8'),
    {
      derived: true,
      rationale:
        'The budget form of T1/T2 that the temporal property suite measures (DESIGN.md, Properties: Temporal); it fails when a partition steals or loses time (prtos-states §9 A1, A4, A11).',
      intended: 'ST-A11',
    },
  ),
];
