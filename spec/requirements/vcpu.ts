/**
 * VCPU — virtual CPUs: their states, the vCPU transition table V1–V9 of prtos-states §2.3, and
 * the facts about vCPU0 and pinning of §2.2.
 *
 * suspend_vcpu and resume_vcpu are stated with their evident intent; the real kernel has the two
 * guards inverted (prtos-states §9 A29, prtos-hypercalls §8 A1/A2), which decision ST-A29 records.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

export const VCPU_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-VCPU-1',
    'The state of a vCPU shall be HALTED if H is set, else SUSPENDED if S is set, else READY if R is set, else IDLE, and a vCPU shall be schedulable exactly when it is READY.',
    st('§2.1', 'core/kernel/sched.c:77-83', 'core/objects/status.c:47-69'),
  ),
  req(
    'REQ-VCPU-2',
    'R shall be set by a reset and by every interrupt made pending for the vCPU and shall never be cleared by common code, so a partition that yields or waits between slots still reads READY.',
    st('§1.1', 'core/include/kthread.h:158-173', 'core/kernel/kthread.c:452-516'),
  ),
  req(
    'REQ-VCPU-3',
    "A vCPU shall run on a CPU only while it is READY, selected by that CPU's scheduler for the current slot, and has not yielded the slot with idle_self.",
    st('§2.1', 'core/kernel/sched.c:93-171'),
  ),
  req(
    'REQ-VCPU-4',
    'Every vCPU shall be pinned to the one CPU whose plans give it slots.',
    st('§2.2', 'user/tools/prtoscparser/cgen.c:498-512'),
  ),
  req(
    'REQ-VCPU-5',
    'A vCPU that appears in no slot shall never run and shall not disturb the scheduling data of any CPU.',
    st('§9', 'user/tools/prtoscparser/cgen.c:503-508', 'core/kernel/kthread.c:287-298'),
    {
      derived: true,
      rationale:
        'PRTOS gives such a vCPU CPU -1 and indexes the per-CPU table with it (prtos-states §9 A27); the configuration allows it, so the intended behaviour must be stated.',
      intended: 'ST-A27',
    },
  ),
  req(
    'REQ-VCPU-6',
    "halt_vcpu(v) shall return INVALID_PARAM if v is not below the partition's number of vCPUs, then NO_ACTION if that vCPU is already halted, and otherwise set H and op mode IDLE on it, reschedule if it is the caller, and return OK (V1).",
    hc('§3.28', 'core/kernel/hypercalls.c:168-184'),
  ),
  req(
    'REQ-VCPU-7',
    'suspend_vcpu(v) shall return INVALID_PARAM for v out of range, then NO_ACTION if that vCPU is already suspended or halted, and otherwise set S on it, reschedule if it is the caller, and return OK (V2).',
    hc('§3.29', 'core/kernel/hypercalls.c:95-112'),
    { intended: 'ST-A29' },
  ),
  req(
    'REQ-VCPU-8',
    'resume_vcpu(v) shall return INVALID_PARAM for v out of range, then NO_ACTION unless that vCPU is suspended and not halted, and otherwise clear S, reschedule if it is the caller or notify its CPU if that is another one, and return OK (V3).',
    hc('§3.29', 'core/kernel/hypercalls.c:114-136'),
    { intended: 'ST-A29' },
  ),
  req(
    'REQ-VCPU-9',
    'reset_vcpu(v, pt, entry, status) shall return INVALID_PARAM for v out of range (and, on x86, for a pt that is not an owned page typed as a level-1 page table), and otherwise halt vCPU v, restart it at entry with the given status as for a partition reset, and return OK, not returning when v is the caller (V4).',
    hc('§3.27', 'core/kernel/hypercalls.c:138-161'),
  ),
  req(
    'REQ-VCPU-10',
    "idle_self shall give the rest of the caller's current slot to the idle thread: the vCPU shall not run again before its CPU's next scheduling decision point, no flag shall change, pending interrupts shall not wake it, and the call shall return OK when the vCPU next runs (V5).",
    hc('§3.10', 'core/kernel/hypercalls.c:330-343', 'core/include/sched.h:28-31'),
  ),
  req(
    'REQ-VCPU-11',
    "Making an interrupt pending for a vCPU that is not halted shall set its pending bit in that vCPU's PCT and set R; for a halted vCPU it shall have no effect (V7).",
    st('§2.3', 'core/include/kthread.h:158-173'),
  ),
  req(
    'REQ-VCPU-12',
    "On riscv64 the SBI HSM hart_start(v, addr, opaque) shall, for v in range and a target without R, partially initialise the target's PCT, make it start at addr, set R and clear H (V8).",
    st('§2.3', 'core/kernel/riscv64/prtos_sbi.c:98-147'),
  ),
  req(
    'REQ-VCPU-13',
    'On riscv64 the SBI HSM hart_stop shall set H on the caller, clear its R and reschedule (V9).',
    st('§2.3', 'core/kernel/riscv64/prtos_sbi.c:354-363'),
  ),
  req(
    'REQ-VCPU-14',
    "get_vcpuid shall return the caller's vCPU index (bits 15..8 of its kthread id (vcpu << 8) | partition).",
    hc('§3.31', 'core/include/kthread.h:32-34'),
  ),
];
