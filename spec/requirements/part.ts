/**
 * PART — the partition lifecycle: the derived partition state, the lifecycle primitives, the
 * transition table P0–P15 of prtos-states §1.5, reset (§1.3) and the partition op mode (§1.4).
 *
 * PRTOS stores no partition state; every partition operation is a change of the flags of its
 * vCPUs (prtos-states §1.1–§1.2), so several requirements here are stated in terms of vCPU flags
 * `H`, `S`, `R`, `TP` (prtos-states "Conventions"). Hypercall check orders are restated from
 * prtos-hypercalls §3.3–§3.7.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

export const PART_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-PART-1',
    'The state of a partition shall be derived from its vCPUs: READY if any vCPU is ready, else SUSPENDED if any is suspended, else HALTED if any is halted, else IDLE, where each vCPU counts as halted if H, else suspended if S, else ready if R, recomputed after every change of a vCPU (P15).',
    st('§1.1', 'core/objects/status.c:47-69'),
  ),
  req(
    'REQ-PART-2',
    'Halting a partition shall set H on every one of its vCPUs and set every vCPU op mode and the partition op mode to IDLE, and shall change nothing else (timers, PCT, S and R stay as they are).',
    st('§1.2', 'core/include/sched.h:102-169'),
  ),
  req(
    'REQ-PART-3',
    'Suspending a partition shall set S on every one of its vCPUs, and resuming it shall clear S on every one of its vCPUs, halted ones included.',
    st('§1.2', 'core/include/sched.h:102-169'),
  ),
  req(
    'REQ-PART-4',
    'Shutting a partition down shall only make the extended interrupt SHUTDOWN (3) pending, and set R, on every non-halted vCPU of the partition.',
    st('§1.2', 'core/include/sched.h:102-169'),
  ),
  req(
    'REQ-PART-5',
    'When the configuration is loaded every vCPU of every partition shall have the flags H only, op mode IDLE and a zeroed PCT (P0).',
    st('§1.5', 'core/kernel/kthread.c:296'),
  ),
  req(
    'REQ-PART-6',
    "At boot, each partition that has a boot image shall be cold reset, in id order, with the status reset_status_init[0], and its partition op mode then set to IDLE; a partition without an image shall stay HALTED (P1, P1').",
    st('§1.5', 'core/kernel/setup.c:160-195'),
  ),
  req(
    'REQ-PART-7',
    "halt_partition of the caller's own partition shall halt the partition and reschedule, and the call shall not return (P2).",
    hc('§3.3', 'core/kernel/hypercalls.c:61-93'),
  ),
  req(
    'REQ-PART-8',
    'halt_partition of another partition shall return PERM_ERROR if the caller is not a system partition, then INVALID_PARAM if the id is not below the number of partitions, then NO_ACTION if every vCPU of the target is already halted, and otherwise halt the target and return OK (P3).',
    hc('§3.3', 'core/kernel/hypercalls.c:61-93'),
  ),
  req(
    'REQ-PART-9',
    "suspend_partition of the caller's own partition shall suspend it and reschedule, and shall return OK only once the partition has been resumed (P4).",
    hc('§3.4', 'core/kernel/hypercalls.c:254-275'),
  ),
  req(
    'REQ-PART-10',
    'suspend_partition of another partition shall return PERM_ERROR for a non-system caller, then INVALID_PARAM for an id out of range, then NO_ACTION if every vCPU of the target is suspended or halted, and otherwise suspend all its vCPUs and return OK (P5).',
    hc('§3.4', 'core/kernel/hypercalls.c:254-275'),
  ),
  req(
    'REQ-PART-11',
    "resume_partition shall return NO_ACTION for the caller's own partition before any other check, then PERM_ERROR for a non-system caller, then INVALID_PARAM for an id out of range, then NO_ACTION if no vCPU of the target is suspended and not halted, and otherwise resume the target and return OK without rescheduling (P6).",
    hc('§3.5', 'core/kernel/hypercalls.c:277-297'),
  ),
  req(
    'REQ-PART-12',
    'reset_partition shall, for another partition, return PERM_ERROR for a non-system caller and then INVALID_PARAM for an id out of range, and for any target return INVALID_PARAM if the mode is neither COLD (0) nor WARM (1) (P7).',
    hc('§3.6', 'core/kernel/hypercalls.c:299-315'),
  ),
  req(
    'REQ-PART-13',
    'A partition reset shall first halt the partition; if the partition has no boot image (or, on x86, its image header is not valid) the reset shall fail, reset_partition shall return INVALID_CONFIG and the partition shall stay HALTED.',
    hc('§3.6', 'core/kernel/kthread.c:518-560', 'core/kernel/hypercalls.c:299-315'),
  ),
  req(
    'REQ-PART-14',
    'A warm reset shall set the op mode of vCPU0 and of the partition to WARM_RESET, close every port of the partition and restart vCPU0 at the image entry point.',
    st('§1.3', 'core/kernel/kthread.c:595-622'),
  ),
  req(
    'REQ-PART-15',
    'A cold reset shall set the op mode of vCPU0 and of the partition to COLD_RESET, make the reset counter read 0 afterwards, close every port of the partition and restart vCPU0 (on x86 at the partition loader, which reloads the image; on the other architectures at the image entry point).',
    st('§1.3', 'core/kernel/kthread.c:595-622', 'core/pbl/pbl.c:20-37'),
  ),
  req(
    'REQ-PART-16',
    'A partition reset shall restart only vCPU0; every other vCPU shall stay HALTED until vCPU0 resets it with reset_vcpu (except loongarch64 LVZ partitions, which reset all vCPUs).',
    st('§1.3', 'core/kernel/kthread.c:595-641'),
  ),
  req(
    'REQ-PART-17',
    'Restarting a vCPU shall re-initialise its PCT (zeroed except the reset counter, header fields rewritten, all hardware and extended interrupts masked, nothing pending, slot information 0, routing tables set to the architecture default), then increment its reset counter and store the reset status.',
    st('§1.3', 'core/kernel/kthread.c:405-471', 'core/kernel/x86/kthread.c:106-120'),
  ),
  req(
    'REQ-PART-18',
    'Restarting a vCPU other than the caller shall set R and clear H and let the vCPU start at its entry point when its CPU next selects it, notifying that CPU; restarting the calling vCPU shall enter the guest at the new entry point at once and not return.',
    st('§1.3', 'core/kernel/kthread.c:452-516'),
  ),
  req(
    'REQ-PART-19',
    'A partition reset shall not clear S: a suspended partition that is reset shall stay suspended and unscheduled until it is resumed.',
    st('§1.3', 'core/kernel/kthread.c:452-516'),
  ),
  req(
    'REQ-PART-20',
    "The reset counter read through partition status shall be 0 after boot and after every cold reset and shall grow by 1 with every warm reset and every reset_vcpu of vCPU0; a secondary vCPU's PCT shall read 0 until its first reset_vcpu and 1 after it.",
    st('§1.3', 'core/kernel/kthread.c:470-471', 'core/objects/status.c:71-72'),
  ),
  req(
    'REQ-PART-21',
    "The reset status shall be reset_status_init[0] after boot, the caller's status value after a reset hypercall, and the raw HM event number after a health-monitor partition reset.",
    st('§1.3', 'core/kernel/setup.c:185', 'core/objects/hm.c:300-319', 'core/kernel/hypercalls.c:200-211'),
  ),
  req(
    'REQ-PART-22',
    'The partition op mode shall be written only by a reset (COLD_RESET or WARM_RESET), by halting (IDLE), by boot (IDLE after the boot-time cold reset) and by PRTOS_SET_PARTITION_OPMODE; it shall never become NORMAL on its own.',
    st('§1.4', 'core/objects/status.c:36-41', 'core/kernel/setup.c:186'),
  ),
  req(
    'REQ-PART-23',
    'shutdown_partition shall, for another partition, return PERM_ERROR for a non-system caller and then INVALID_PARAM for an id out of range, and otherwise shut the target down and return OK (P8).',
    hc('§3.7', 'core/kernel/hypercalls.c:317-328'),
  ),
  req(
    'REQ-PART-24',
    'The health-monitor actions shall act on the faulting partition as follows: PARTITION_HALT halts it and reschedules (P9), SUSPEND suspends it and reschedules (P10), PARTITION_COLD_RESET and PARTITION_WARM_RESET reset it with the event number as status and, if the reset fails, halt it and reschedule (P11), SHUTDOWN shuts it down (P12).',
    st('§1.5', 'core/objects/hm.c:293-360'),
  ),
  req(
    'REQ-PART-25',
    "A partition panic (x86 bad virtual-interrupt frame or an unreachable-code check in partition context) shall raise the partition-level HM event FATAL_ERROR with that partition's table and then halt only the current vCPU and reschedule (P13, V6).",
    st('§1.5', 'core/kernel/panic.c:61-111'),
  ),
  req(
    'REQ-PART-26',
    'No health-monitor action and no timer shall resume a suspended partition; only resume_partition issued by a system partition shall.',
    st('§1.5', 'core/objects/hm.c:293-360'),
  ),
  req(
    'REQ-PART-27',
    'Halting or suspending a partition, or halting or suspending a vCPU, whose vCPU is executing on another CPU shall stop that vCPU within the declared interrupt latency, by notifying its CPU.',
    st(
      '§1.2',
      'core/include/sched.h:127-169',
      'core/kernel/hypercalls.c:61-93',
      'core/kernel/hypercalls.c:254-275',
    ),
    {
      derived: true,
      rationale:
        'PRTOS sends no cross-CPU notification on halt or suspend, so the target keeps running until its CPU next schedules; a separation kernel must make a halt effective promptly (prtos-states §9 A10).',
      intended: 'ST-A10',
    },
  ),
];
