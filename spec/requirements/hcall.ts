/**
 * HCALL — the hypercall interface as a whole: return codes (prtos-hypercalls §1), dispatch and
 * calling conventions (§2), multicall (§3.2), and the hypercalls that no other area owns
 * (get_gid_by_name, override_trap_hndl, the unreachable cache calls, and the x86/amd64 paging
 * and processor hypercalls 20–22 and 33–43 of §3.19–§3.21 and §3.32).
 *
 * prtos-ref does not emulate x86 guest paging nor the x86 processor hypercalls yet (DESIGN.md,
 * Known limitations); their requirements are listed so that the traceability matrix shows them
 * as not covered rather than silently absent.
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

const X86 = 'core/kernel/x86/hypercalls.c';

export const HCALL_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-HCALL-1',
    'Hypercalls shall return OK (0) or a non-negative value on success and one of NO_ACTION -1, UNKNOWN_HYPERCALL -2, INVALID_PARAM -3, PERM_ERROR -4, INVALID_CONFIG -5, INVALID_MODE -6, OP_NOT_ALLOWED -7 and MULTICALL_ERROR -8 otherwise.',
    hc('§1', 'core/include/hypercalls.h:94-103'),
  ),
  req(
    'REQ-HCALL-2',
    'Hypercall numbers shall be the same on every architecture (Appendix A of prtos-states), with 20-22, 25 and 33-43 present on x86 and amd64 only and 44 (IRET) and 45 (RAISE_TRAP) handled before dispatch on riscv64, aarch64 and loongarch64.',
    st(
      '§A',
      'core/include/riscv64/hypercalls.h:13-72',
      'core/kernel/riscv64/hypercalls.c:41-90',
      'core/kernel/x86/hypercalls.c:276-325',
    ),
  ),
  req(
    'REQ-HCALL-3',
    'A hypercall number with no handler on the architecture (44 or more, or an empty slot) shall return UNKNOWN_HYPERCALL and have no other effect.',
    hc('§2.3', 'core/kernel/riscv64/traps.c:248-251', 'core/kernel/x86/entry.S:274-277'),
    { intended: 'HC-A11' },
  ),
  req(
    'REQ-HCALL-4',
    'Each hypercall argument shall be taken at the width the hypercall declares (upper bits of a wider register ignored), and the handler shall receive exactly the arguments its interface declares.',
    hc('§2.2', 'core/kernel/riscv64/traps.c:237-265'),
    { intended: 'HC-A10' },
  ),
  req(
    'REQ-HCALL-5',
    'On riscv64 an ecall shall be a PRTOS hypercall exactly when a7 is 0 and a0 is at most 45; SBI calls that a partition makes shall not reprogram the physical timer the scheduler relies on.',
    hc('§2.2', 'core/kernel/riscv64/traps.c:130-159', 'core/kernel/riscv64/prtos_sbi.c:307-316'),
    { intended: 'ST-A1' },
  ),
  req(
    'REQ-HCALL-6',
    'A hypercall shall run with interrupts disabled and shall be preempted only where it reschedules by itself; pending virtual interrupts shall be delivered as it returns.',
    hc('§2.3', 'core/kernel/irqs.c:321-381', 'core/kernel/x86/entry.S:243-281'),
  ),
  req(
    'REQ-HCALL-7',
    "Every kernel entry shall finish within the declared maximum kernel-entry time, so that no partition can delay another partition's slot start beyond the declared interrupt latency; a multicall batch whose entries would exceed it shall be refused with INVALID_PARAM before any entry runs.",
    st('§9', 'core/kernel/hypercalls.c:31-59'),
    {
      derived: true,
      rationale:
        "PRTOS runs an arbitrarily long multicall batch with interrupts disabled, so the next slot starts late and the next partition loses time (prtos-states §9 A11). The refusal rule is prtos-ref's choice; PRTOS has no bound.",
      intended: 'ST-A11',
    },
  ),
  req(
    'REQ-HCALL-8',
    "multicall(start, end) shall return INVALID_PARAM if end < start or the batch [start, end) is not valid guest memory, and otherwise run the entries [nr][argc | result << 16][args…] in order, storing each result in the upper half of its second word, and return OK; an entry with a number that has no handler or an argument count different from the table's shall get -3 in its result and stop the batch with MULTICALL_ERROR, earlier entries having run.",
    hc('§3.2', 'core/kernel/hypercalls.c:31-59'),
    { intended: 'HC-A5' },
  ),
  req(
    'REQ-HCALL-9',
    'A multicall entry shall be run only if all of its words lie inside [start, end), and its handler shall read only the argc arguments of the entry.',
    hc('§3.2', 'core/kernel/hypercalls.c:42-53'),
    { intended: 'HC-A7' },
  ),
  req(
    'REQ-HCALL-10',
    'A multicall entry whose number has no handler on the architecture shall stop the batch with MULTICALL_ERROR.',
    hc('§3.2', 'core/kernel/hypercalls.c:45-53'),
    { intended: 'HC-A6' },
  ),
  req(
    'REQ-HCALL-11',
    "The multicall argument-count check shall use the argument count of the entry's own hypercall on every architecture.",
    hc('§3.2', 'core/kernel/hypercalls.c:26-29', 'core/kernel/amd64/hypercalls.c:17-31'),
    { intended: 'HC-A9' },
  ),
  req(
    'REQ-HCALL-12',
    'get_gid_by_name(name, entity) shall return INVALID_PARAM for an invalid 16-byte name pointer or an entity other than PARTITION (0) or PLAN (1), the configured id of the first partition or plan (of any CPU) whose name matches in its first 16 characters, and INVALID_CONFIG if none does.',
    hc('§3.26', 'core/kernel/hypercalls.c:634-659'),
  ),
  req(
    'REQ-HCALL-13',
    'flush_cache and set_cache_state shall not be reachable: they have no hypercall number.',
    hc('§3.30', 'core/kernel/hypercalls.c:213-232', 'core/include/hypercalls.h:84-85'),
  ),
  req(
    'REQ-HCALL-14',
    'override_trap_hndl (25, x86 and amd64) shall return OK with no effect.',
    hc('§3.24', `${X86}:271-273`),
  ),
  req(
    'REQ-HCALL-15',
    'update_page32(p, val) (20, x86 and amd64) shall return INVALID_PARAM for an address not 4-byte aligned, for a page that is not a tracked page of the caller, and for a page-table entry that would reference memory outside the caller or a page of the wrong table type, and otherwise write the entry (without write permission for read-only areas, the PCT and non-standard pages, uncached for uncacheable areas) and return OK.',
    hc('§3.19', 'core/kernel/mmu/hypercalls.c:262-283'),
  ),
  req(
    'REQ-HCALL-16',
    'set_page_type(p, type) (21, x86 and amd64) shall return INVALID_PARAM for a type of 3 or more or a page that is not a tracked page of the caller, NO_ACTION for the same type, OP_NOT_ALLOWED for a page still referenced, and otherwise retype the page (validating its entries) and return OK.',
    hc('§3.20', 'core/kernel/mmu/hypercalls.c:285-313'),
  ),
  req(
    'REQ-HCALL-17',
    'invld_tlb(v) (22, x86 and amd64) shall flush the whole TLB for v = -1 and one entry otherwise, and return OK.',
    hc('§3.21', 'core/kernel/mmu/hypercalls.c:315-322'),
  ),
  req(
    'REQ-HCALL-18',
    'x86_load_cr0 (33) shall return OP_NOT_ALLOWED unless PG and PE are both set, and otherwise load the value (EM forced for partitions without FP, WP, CD and NW kept off in the real register) and return OK.',
    hc('§3.32', `${X86}:58-69`),
  ),
  req(
    'REQ-HCALL-19',
    'x86_load_cr3 (34) shall only flush the TLB for the current value, and otherwise return INVALID_PARAM unless both the old and the new page are owned and the new one is a level-1 page table, moving the reference and loading it.',
    hc('§3.32', `${X86}:71-96`),
  ),
  req(
    'REQ-HCALL-20',
    'x86_load_cr4 (35) shall return OP_NOT_ALLOWED on x86 when PAE is requested and otherwise load the value with PSE and PGE forced (amd64 also PAE) and return OK.',
    hc('§3.32', `${X86}:98-108`),
  ),
  req(
    'REQ-HCALL-21',
    'x86_load_tss (36) shall return INVALID_PARAM for an invalid pointer, a privileged or out-of-GDT ss1 or ss2, or an sp1 or sp2 in the hypervisor area, and otherwise install the stacks, set TS in CR0 and return OK.',
    hc('§3.32', `${X86}:110-133`),
  ),
  req(
    'REQ-HCALL-22',
    'x86_load_gdt (37) shall return INVALID_PARAM for an invalid pointer or more than 32 entries, and otherwise install the valid code and data descriptors that stay below the hypervisor area with a non-zero privilege level, and return OK.',
    hc('§3.32', `${X86}:135-155`),
  ),
  req(
    'REQ-HCALL-23',
    'x86_load_idtr (38) shall return INVALID_PARAM for an invalid pointer and otherwise record the virtual IDT and its number of vectors and return OK.',
    hc('§3.32', `${X86}:157-166`),
  ),
  req(
    'REQ-HCALL-24',
    "x86_update_ss_sp (39) shall return INVALID_PARAM for a privileged or out-of-range ss, an sp in the hypervisor area or a level other than 1 or 2 (amd64: 0 to 2), and otherwise set that level's stack and return OK.",
    hc('§3.32', `${X86}:168-189`),
  ),
  req(
    'REQ-HCALL-25',
    'x86_update_gdt (40) shall return INVALID_PARAM for an invalid pointer, an entry outside 0..31 or a descriptor that is not a valid code or data descriptor, and otherwise store it and return OK.',
    hc('§3.32', `${X86}:191-225`),
    { intended: 'HC-A65' },
  ),
  req(
    'REQ-HCALL-26',
    'x86_update_idt (41) shall return INVALID_PARAM for an invalid pointer, an entry below 0x30 or above 255, or a present gate that is not a valid trap gate, and otherwise store it and return OK.',
    hc('§3.32', `${X86}:227-238`),
  ),
  req(
    'REQ-HCALL-27',
    "x86_set_if (42) and x86_clear_if (43) shall set and clear the virtual interrupt-enable flag in the caller's PCT and return OK.",
    hc('§3.32', `${X86}:240-248`, 'core/kernel/x86/entry.S:266-272'),
    { intended: 'HC-A51' },
  ),
  req(
    'REQ-HCALL-28',
    'The x86 IRET gate (amd64 int 0x83) shall pop the guest interrupt frame, copy its IF into the PCT and resume the guest with real interrupts enabled and IOPL 0.',
    hc('§3.32', `${X86}:250-269`),
  ),
  req(
    'REQ-HCALL-29',
    'An unknown hypercall on x86 and amd64 shall print "Hypercall (n) unknown" with its number n on the console.',
    hc('§2.3', 'core/kernel/x86/entry.S:274-277', 'core/kernel/amd64/entry.S:284-285'),
    { intended: 'HC-A50' },
  ),
];
