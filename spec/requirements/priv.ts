/**
 * PRIV — what only a system partition (configuration flag PRTOS_PART_SYSTEM) may do: every check
 * of that flag in the kernel (prtos-states §6.4), the invariants H3 and S3 of §8, and the
 * privilege property of DESIGN.md. The individual calls state their own check order elsewhere;
 * these requirements state the rule once, as the privilege property suite checks it.
 */
import { st } from './build.js';
import { req } from './build.js';
import type { Requirement } from './types.js';

export const PRIV_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-PRIV-1',
    'A partition that is not a system partition shall get PERM_ERROR, and change nothing, when it asks to halt, suspend, resume, reset or shut down another partition.',
    st('§6.4', 'core/kernel/hypercalls.c:61-93', 'core/kernel/hypercalls.c:254-328'),
  ),
  req(
    'REQ-PRIV-2',
    'halt_system, reset_system and switch_sched_plan shall return PERM_ERROR, and change nothing, for a caller that is not a system partition.',
    st('§6.4', 'core/kernel/hypercalls.c:186-211', 'core/kernel/hypercalls.c:234-252'),
  ),
  req(
    'REQ-PRIV-3',
    'Only a system partition shall read, seek or control the HM log (H3).',
    st('§6.4', 'core/objects/hm.c:30-81'),
  ),
  req(
    'REQ-PRIV-4',
    "Only a system partition shall read the system status, the status of another partition or of its vCPUs, or the physical-page status of another partition, or set another partition's op mode (H3).",
    st('§6.4', 'core/objects/status.c:29-33'),
  ),
  req(
    'REQ-PRIV-5',
    "Only a system partition shall read, seek or control another partition's trace stream or the hypervisor's, and no partition shall write a trace stream other than its own.",
    st('§6.4', 'core/objects/trace.c:26-152'),
  ),
  req(
    'REQ-PRIV-6',
    'Only a system partition shall copy memory to or from a partition other than itself, or use the unchecked id 0xff in a memory copy.',
    st('§6.4', 'core/objects/mem.c:19-50'),
  ),
  req(
    'REQ-PRIV-7',
    'The following shall need no privilege and act only on the caller: lifecycle calls on its own partition and vCPUs, timers, interrupt masks, pending bits and routing, IPVIs and ports (as configured), its own console, get_gid_by_name, and its own plan and vCPU status.',
    st('§6.4', 'core/kernel/hypercalls.c:330-497', 'core/objects/console.c:46'),
  ),
  req(
    'REQ-PRIV-8',
    "A system partition's PCT flags shall carry the number of partitions in bits 16 to 23; a non-system partition's shall carry 0 there.",
    st('§6.4', 'core/kernel/kthread.c:282-285'),
  ),
  req(
    'REQ-PRIV-9',
    'A partition shall be able to modify only its own PCTs, timers, interrupt state and ports, and shall affect another partition only through configured channels, configured IPVIs, shared areas or, as a system partition, the privileged operations (S3).',
    st('§8'),
    {
      derived: true,
      rationale:
        'Isolation invariant of the design (prtos-states §8 S3); the real kernel lets a partition reach others through unchecked guest pointers and port-index defects (prtos-states §9 A2, A16; prtos-hypercalls §8 A17, A19, A20).',
      intended: 'ST-A2',
    },
  ),
];
