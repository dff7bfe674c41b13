/**
 * HM — the health monitor: events and how faults reach them (prtos-states §4.1), actions (§4.2),
 * the decision procedure `do_hyp_trap` / `hm_raise_event` (§4.3), the HM log and its object
 * (§4.5, prtos-hypercalls §5.6), failures of the system partition and of the kernel (§4.6), and
 * the containment invariants H1–H2 of §8. The configuration side (permitted actions, defaults) is
 * in cfg.ts; H3 (who may read the log) is in priv.ts.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

export const HM_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-HM-1',
    'HM events shall be numbered 0 FATAL_ERROR, 1 SYSTEM_ERROR, 2 PARTITION_ERROR, 3 FP_ERROR, 4 MEM_PROTECTION, 5 UNEXPECTED_TRAP, and 6 + t for architecture trap t, below PRTOS_HM_MAX_EVENTS (26 on x86 and amd64, 15 on riscv64, aarch64 and loongarch64).',
    st('§4.1', 'core/include/prtosconf.h:43-62', 'core/kernel/irqs.c:111'),
  ),
  req(
    'REQ-HM-2',
    'On x86 every CPU exception taken while a partition runs shall reach the HM with event 6 + vector, except that a page fault at an address at or above CONFIG_PRTOS_OFFSET shall be MEM_PROTECTION and device-not-available shall first update the virtual CR0.TS.',
    st('§4.1', 'core/kernel/x86/irqs.c:123-145'),
  ),
  req(
    'REQ-HM-3',
    "On riscv64, guest exception codes 0-8, 12, 13 and 15 shall go to the guest's own VS-mode handler and never to the HM, and G-stage instruction, load and store page faults shall reach the HM as traps 4, 5 and 6 (events 10, 11, 12) with the PC and the faulting address in the record.",
    st('§4.1', 'core/kernel/riscv64/setup.c:39-57', 'core/kernel/riscv64/traps.c:50-232'),
  ),
  req(
    'REQ-HM-4',
    'Every exception a partition causes shall reach the HM as an event of that partition; none shall be skipped silently or halt the system without an HM event.',
    st('§4.1', 'core/kernel/riscv64/traps.c:209-219'),
    {
      derived: true,
      rationale:
        'Containment (H1) needs every partition fault to be seen by the HM; riscv64 skips virtual-instruction exceptions and halts the system on other causes without HM (prtos-states §9 A25).',
      intended: 'ST-A25',
    },
  ),
  req(
    'REQ-HM-5',
    'The pseudo-hypercall RAISE_TRAP (45) on riscv64, aarch64 and loongarch64 shall raise trap a1 against the caller through the trap path and leave a0 unchanged; a trap number that is not a trap of the architecture shall be ignored.',
    hc('§2.2', 'core/kernel/riscv64/traps.c:178-185', 'core/kernel/irqs.c:97', 'core/kernel/irqs.c:123'),
    { intended: 'ST-A19' },
  ),
  req(
    'REQ-HM-6',
    "A trap whose faulting PC is in the kernel's exception-fixup table shall be fixed up without any HM event.",
    st('§4.3', 'core/kernel/irqs.c:98-101'),
  ),
  req(
    'REQ-HM-7',
    "A trap in partition context whose event the partition's table maps to PROPAGATE with logging off shall only mark the trap pending for delivery: no HM event shall be raised, counted or logged, and nothing shall be printed on the console.",
    st('§4.3', 'core/kernel/irqs.c:120-130'),
    { intended: 'ST-ERRATA-1' },
  ),
  req(
    'REQ-HM-8',
    'Any other trap shall raise an HM event whose record holds the event number, the partition and vCPU ids of the current thread, the SYS bit exactly when the trap happened in hypervisor context, and the CPU context; afterwards a hypervisor-context trap shall end in a system panic and a partition-context trap whose action was PROPAGATE shall be marked pending.',
    st('§4.3', 'core/kernel/irqs.c:87-160'),
  ),
  req(
    'REQ-HM-9',
    "An HM event shall be ignored before the HM is initialised; otherwise it shall be stamped with signature 0xfecf and the current time, handled with the hypervisor table if its SYS bit is set and with the table of the partition in the record otherwise, and, if that entry's log flag is set, given the next 28-bit global sequence number and a 16-bit checksum and appended to the HM log before the action runs.",
    st('§4.3', 'core/objects/hm.c:161-238', 'core/objects/hm.c:282-290'),
  ),
  req(
    'REQ-HM-10',
    'Taken from a partition table, the actions shall do: IGNORE nothing; SHUTDOWN shut the partition down; PARTITION_COLD_RESET and PARTITION_WARM_RESET reset it with status = event; HYPERVISOR_COLD_RESET and HYPERVISOR_WARM_RESET set reset_status_init to (2 << 16) | event and reset the system; SUSPEND suspend it; PARTITION_HALT halt it; HYPERVISOR_HALT halt the system; PROPAGATE deliver the trap to the partition; SWITCH_TO_MAINTENANCE switch to plan 1.',
    st('§4.2', 'core/objects/hm.c:293-360'),
  ),
  req(
    'REQ-HM-11',
    'Taken from the hypervisor table, IGNORE, HYPERVISOR_COLD_RESET, HYPERVISOR_WARM_RESET, HYPERVISOR_HALT and SWITCH_TO_MAINTENANCE shall act as from a partition table, and any other action the configuration allows there shall halt the system.',
    st('§4.2', 'core/objects/hm.c:239-264'),
    {
      derived: true,
      rationale:
        'prtoscparser accepts partition-level actions in the hypervisor table that the kernel then treats as unknown and panics on (prtos-states §9 A7); halting is the closest well-defined behaviour and keeps the validator compatible with prtoscparser.',
      intended: 'ST-A7',
    },
  ),
  req(
    'REQ-HM-12',
    'After an action that returns (IGNORE, SHUTDOWN, a successful reset of a partition whose faulting vCPU is not vCPU0, maintenance) the faulting context shall resume, so a real fault is raised again when its instruction re-executes.',
    st('§4.2', 'core/objects/hm.c:293-360'),
  ),
  req(
    'REQ-HM-13',
    'When an HM action resets the partition of a fault raised on a vCPU other than vCPU0, the faulting vCPU shall not execute again before the partition restarts it.',
    st('§9', 'core/objects/hm.c:300-319', 'core/kernel/kthread.c:498-502'),
    { intended: 'ST-A21' },
  ),
  req(
    'REQ-HM-14',
    "A system partition's faults shall be handled with its own partition table exactly like any other partition's, with no escalation.",
    st('§4.6', 'core/objects/hm.c:265-360'),
  ),
  req(
    'REQ-HM-15',
    'A system panic shall disable interrupts, print its message, raise FATAL_ERROR with the SYS bit (handled by the hypervisor table), and then halt all CPUs; a partition panic while the idle thread is current shall halt the system directly.',
    st('§4.6', 'core/kernel/panic.c:17-59', 'core/kernel/panic.c:87'),
  ),
  req(
    'REQ-HM-16',
    'An HM log record shall be {signature u16 0xfecf, checksum u16, op_code_hi u32 (bits 31..4 sequence number, bit 1 CPU context valid, bit 0 SYS), op_code_lo u32 (bits 31..16 event, 15..8 vCPU, 7..0 partition, all ones when raised while idle), timestamp s64 µs, then either {pc, psr} or payload[4] in machine words}, with the checksum computed with the checksum field zero.',
    st('§4.5', 'core/include/objects/hm.h:24-58', 'core/objects/hm.c:232-236'),
  ),
  req(
    'REQ-HM-17',
    'The HM log shall be a log stream on the configured health-monitor device; without a device nothing shall be stored.',
    st('§4.5', 'core/objects/hm.c:26-28', 'core/include/logstream.h:53-82'),
  ),
  req(
    'REQ-HM-18',
    "read_object on the HM log shall return INVALID_PARAM if the descriptor's partition field is not 0xff, then PERM_ERROR for a non-system caller, then INVALID_PARAM for an invalid buffer or a size smaller than one record, and otherwise copy up to size / record-size unread records from the cursor, advance the cursor and return the number of bytes copied.",
    hc('§5.6', 'core/objects/hm.c:30-46'),
  ),
  req(
    'REQ-HM-19',
    'seek_object on the HM log shall make the same two checks as read, return INVALID_PARAM for an invalid whence, and otherwise move the cursor (clamped to the stored records) and return OK.',
    hc('§5.6', 'core/objects/hm.c:48-56'),
  ),
  req(
    'REQ-HM-20',
    'ctrl_object on the HM log shall make the same two checks, return INVALID_PARAM for an invalid argument pointer, and then GET_STATUS shall report {stored records, capacity, cursor}, LOCK make a full log drop new records, UNLOCK make it overwrite the oldest, RESET empty the log, and any other command return INVALID_PARAM; write_object shall return OP_NOT_ALLOWED.',
    hc('§5.6', 'core/objects/hm.c:58-81', 'core/include/logstream.h:63-72'),
    { intended: 'ST-A12' },
  ),
  req(
    'REQ-HM-21',
    'With verbose HM output, each event shall print its time, the event name, its number and SYS or PART with the partition id, then the action and log flag.',
    st('§4.1', 'core/objects/hm.c:96-136', 'core/objects/hm.c:192-225'),
    { intended: 'HC-A63' },
  ),
  req(
    'REQ-HM-22',
    "A fault in a partition's context shall trigger only that partition's HM table entry, and unless that entry is a HYPERVISOR_* action or SWITCH_TO_MAINTENANCE its effect shall be confined to that partition (H1).",
    st('§8'),
    {
      derived: true,
      rationale:
        'HM containment invariant of the design (prtos-states §8 H1); the real kernel breaks it where a partition can reach a system panic (prtos-states §9 A5, A6, A17, A19).',
      intended: 'ST-A5',
    },
  ),
  req(
    'REQ-HM-23',
    'Faults in hypervisor context and unowned interrupts shall be handled with the hypervisor table and shall stop or restart the whole system (H2).',
    st('§8', 'core/kernel/irqs.c:154-159', 'core/kernel/irqs.c:31-55'),
  ),
  req(
    'REQ-HM-24',
    'A second trap raised while one is already pending for the vCPU shall not crash the kernel, and a partition reset shall leave no trap pending from before the reset.',
    st('§9', 'core/kernel/irqs.c:64-69'),
    {
      derived: true,
      rationale:
        'PRTOS asserts that no trap is pending and keeps TP across a reset (prtos-states §9 A20); a robust kernel must not panic on it.',
      intended: 'ST-A20',
    },
  ),
];
