/**
 * SYS — the system level: boot (prtos-states §6.1), system halt (§6.2) and reset (§6.3), and the
 * status object that reports system, partition, vCPU and plan state (§7, prtos-hypercalls §5.8).
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

export const SYS_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-SYS-1',
    'Boot shall halt the system if the configuration signature is wrong, and otherwise set up memory, CPUs, interrupts, devices, objects, the scheduler and the clock, start the secondary CPUs, create every partition and reset the bootable ones, and then enable scheduling on each CPU.',
    st('§6.1', 'core/kernel/setup.c:197-258'),
  ),
  req(
    'REQ-SYS-2',
    'A partition shall be bootable exactly when the resident software found its image in the container; the XML has no boot flag.',
    st('§6.1', 'user/bootloaders/rsw/common/rsw.c:147', 'core/kernel/setup.c:184'),
  ),
  req(
    'REQ-SYS-3',
    "Each CPU's plan 0 shall start at that CPU's first scheduling decision after its scheduler is enabled (its T0).",
    st('§6.1', 'core/kernel/setup.c:262-277', 'core/kernel/mmu/setup.c:19-35'),
  ),
  req(
    'REQ-SYS-4',
    'halt_system shall return PERM_ERROR for a non-system caller and otherwise halt the system and not return.',
    hc('§3.8', 'core/kernel/hypercalls.c:186-197', 'core/kernel/setup.c:93-108'),
  ),
  req(
    'REQ-SYS-5',
    'reset_system(mode) shall return PERM_ERROR for a non-system caller, then INVALID_PARAM for a mode other than COLD (0) or WARM (1), and otherwise set reset_status_init to 0 and reset the system.',
    hc('§3.9', 'core/kernel/hypercalls.c:200-211'),
  ),
  req(
    'REQ-SYS-6',
    'A system reset shall increment the system reset counter (then set it to 0 for a cold reset) and boot again: every partition cold reset with status reset_status_init and reset counter 0, every CPU restarting plan 0; the system reset counter and reset_status_init shall survive it (P14).',
    st('§6.3', 'core/kernel/setup.c:110-133', 'core/kernel/x86/start.S:24-45'),
    { intended: 'ST-A8' },
  ),
  req(
    'REQ-SYS-7',
    'The HM log shall survive a system reset (its stream restores the persisted header at boot).',
    hc('§5.9', 'core/include/logstream.h:63-72'),
  ),
  req(
    'REQ-SYS-8',
    "ctrl_object on the status object shall return INVALID_PARAM for an invalid argument block, then PERM_ERROR if the descriptor names a partition (or 0xff) other than the caller's and the caller is not a system partition, and then act on the command; an unknown command shall return INVALID_PARAM.",
    hc('§5.8', 'core/objects/status.c:24-35', 'core/objects/status.c:113-116'),
  ),
  req(
    'REQ-SYS-9',
    'PRTOS_SET_PARTITION_OPMODE shall return INVALID_PARAM for partition 0xff, for a partition id out of range and for an op mode above 3, and otherwise set the partition op mode and return OK.',
    hc('§5.8', 'core/objects/status.c:36-41'),
  ),
  req(
    'REQ-SYS-10',
    'PRTOS_GET_SYSTEM_STATUS on partition 0xff shall report the system reset counter and the system counters (HM events, hardware interrupts, major frames crossed, sampling messages read and written, queuing messages sent and received).',
    st('§7.1', 'core/objects/status.c:42-45'),
  ),
  req(
    'REQ-SYS-11',
    "PRTOS_GET_SYSTEM_STATUS on a partition shall return INVALID_PARAM for an id out of range and otherwise report its derived state, op mode, number of virtual interrupts, vCPU0's reset counter, reset status and exec clock, and its port counters.",
    st('§7.2', 'core/objects/status.c:46-78'),
  ),
  req(
    'REQ-SYS-12',
    "PRTOS_GET_VCPU_STATUS shall return INVALID_PARAM for a partition id out of range or a vCPU id not below the partition's number of vCPUs, and otherwise report that vCPU's state and op mode.",
    st('§7.3', 'core/objects/status.c:79-94'),
    { intended: 'ST-A24' },
  ),
  req(
    'REQ-SYS-13',
    "PRTOS_GET_SCHED_PLAN_STATUS shall report the caller's CPU's plan switch time, requested plan, current plan and previous plan (-1 if none).",
    st('§7.4', 'core/objects/status.c:95-104'),
  ),
  req(
    'REQ-SYS-14',
    "PRTOS_GET_PHYSPAGE_STATUS shall return INVALID_PARAM for a partition id out of range or an address that is not a tracked page of that partition, and otherwise report the page's reference counter and type.",
    hc('§5.8', 'core/objects/status.c:105-112'),
  ),
  req(
    'REQ-SYS-15',
    'With status accounting the counters shall count: HM events raised after HM initialisation (not fast-propagated traps), every hardware interrupt on any CPU, every major-frame crossing without a plan switch on any CPU, every successful port operation, and, per partition, the virtual interrupts made pending by timers, slot starts and IPVIs (not SHUTDOWN nor port notifications).',
    st('§7.1', 'core/objects/hm.c:188-190', 'core/kernel/sched.c:111-113', 'core/include/kthread.h:236-239'),
    { intended: 'ST-OPEN-2' },
  ),
  req(
    'REQ-SYS-16',
    'A non-system partition shall observe of the system only its own status, its own PCTs, its own clocks and slot times, its own timers and virtual interrupts, its ports and the (global) plan status.',
    st('§7.5'),
  ),
  req(
    'REQ-SYS-17',
    'A system halt (by halt_system, the HM action HYPERVISOR_HALT, the end of a system panic, or the halt request another CPU broadcasts) shall stop every CPU for good, CPU 0 printing "System halted." (P14).',
    st('§6.2', 'core/kernel/setup.c:93-108', 'core/kernel/panic.c:17-59'),
  ),
];
