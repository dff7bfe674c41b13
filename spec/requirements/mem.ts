/**
 * MEM — spatial isolation: what memory a partition's guest can touch (prtos-states §8 S1, §7),
 * what a fault outside it does (§4.1), how guest pointers passed to hypercalls are checked
 * (prtos-hypercalls §4, with the intended behaviour of §4.3 and the invariant S2), the PCT layout
 * the kernel and guest share (§7.3, prtos-hypercalls §6), and the memory-copy object (§5.5).
 *
 * The x86 guest page-table hypercalls (20, 21) are stated in hcall.ts; prtos-ref does not emulate
 * x86 guest paging yet (DESIGN.md, Known limitations).
 */
import { hc, req, st } from './build.js';
import type { Requirement } from './types.js';

export const MEM_REQUIREMENTS: readonly Requirement[] = [
  req(
    'REQ-MEM-1',
    "A partition's guest shall be able to access only the physical memory areas configured for it and its own PCT array, never another partition's private areas nor hypervisor memory (S1).",
    st('§8', 'core/kernel/riscv64/mmu.c:31-173', 'core/kernel/mmu/vmmap.c:165-171'),
  ),
  req(
    'REQ-MEM-2',
    'The guest mapping of a memory area shall honour its flags and address: a read-only area shall not be writable by the guest, an unmapped area shall not be mapped, and the area shall appear at its mappedAt address when one is given.',
    st('§9', 'core/kernel/riscv64/mmu.c:31', 'core/kernel/riscv64/mmu.c:97', 'core/kernel/riscv64/mmu.c:121'),
    { intended: 'ST-A3' },
  ),
  req(
    'REQ-MEM-3',
    "A partition's PCTs shall be mapped into it read-only, so that only the kernel writes them.",
    st('§7', 'core/kernel/mmu/vmmap.c:165-171', 'core/kernel/riscv64/mmu.c:127-173'),
    { intended: 'ST-A3' },
  ),
  req(
    'REQ-MEM-4',
    'Areas flagged shared shall be mappable by every partition that lists them, and a store by one of them shall be visible to the others.',
    st('§8', 'user/tools/prtoscparser/checks.c:103-111'),
  ),
  req(
    'REQ-MEM-5',
    "Every guest access outside the partition's address space shall raise the architecture's fault event for the faulting partition only (x86 PAGE_FAULT, or MEM_PROTECTION for hypervisor addresses; riscv64 and aarch64 the stage-2 fault events).",
    st('§4.1', 'core/kernel/x86/irqs.c:136-145', 'core/kernel/riscv64/traps.c:50-232'),
  ),
  req(
    'REQ-MEM-6',
    "Before the kernel reads or writes through a guest pointer it shall check that [ptr, ptr + size) lies inside the caller's mapped memory (and is writable when the kernel writes), rejecting NULL where the call requires a pointer; a failed check shall make the call return INVALID_PARAM without an HM event (S2).",
    hc('§4.3', 'core/include/gaccess.h:30-67', 'core/kernel/riscv64/vmmap.c:186-189'),
    { intended: 'ST-A2' },
  ),
  req(
    'REQ-MEM-7',
    'A hypercall rejected because of a guest pointer or length shall change nothing: no guest memory, kernel state or observable shall differ from before the call.',
    hc('§4.1', 'core/include/gaccess.h:57-67'),
    {
      derived: true,
      rationale:
        'The spatial property "a hypercall whose pointer reaches outside the caller returns INVALID_PARAM and changes nothing" (DESIGN.md); PRTOS checks before acting, but a few calls act before the check (prtos-hypercalls §8 A22).',
      intended: 'ST-A2',
    },
  ),
  req(
    'REQ-MEM-8',
    'A hypercall shall write guest memory only at the output parameters its interface declares.',
    hc('§4.1', 'core/objects/commports.c:256', 'core/objects/commports.c:332'),
    {
      derived: true,
      rationale:
        'On 64-bit ports the pointer check rewrites a guest-owned struct field with a hypervisor address (prtos-hypercalls §8 A16), an undeclared write into the partition.',
      intended: 'HC-A16',
    },
  ),
  req(
    'REQ-MEM-9',
    'The pointer checks shall be applied per call as prtos-hypercalls §4.4 lists them (pointer, size, read or write, NULL allowed or not), and the alignment argument shall not be checked.',
    hc('§4.4', 'core/include/gaccess.h:57-67'),
  ),
  req(
    'REQ-MEM-10',
    'On x86 the pointer check shall reject a range that wraps around the address space or reaches the hypervisor area (0xFC000000 and above), a range with an unmapped page, and, for a write, a range with a read-only page.',
    hc(
      '§4.2',
      'core/include/x86/gaccess.h:20-25',
      'core/include/x86/asm.h:282-319',
      'core/kernel/x86/entry.S:249',
    ),
    { intended: 'HC-A14' },
  ),
  req(
    'REQ-MEM-11',
    "Each vCPU's PCT shall have the layout of partition_control_table_t and be followed by the partition's memory-area map and by the comm-port bitmap of one bit per port rounded up to whole words, each vCPU's PCT slot being large enough for all three.",
    st(
      '§7.3',
      'core/include/guest.h:93-124',
      'core/kernel/kthread.c:269-272',
      'user/tools/prtoscparser/cgen.c:440-452',
    ),
    { intended: 'ST-A18' },
  ),
  req(
    'REQ-MEM-12',
    'Partition memory shall be reloaded from the image only by an x86 cold reset (through the partition loader); a warm reset, and any reset on riscv64, aarch64 and loongarch64, shall leave partition memory as it is.',
    st('§1.3', 'core/kernel/kthread.c:574-592', 'core/pbl/pbl.c:20-37'),
  ),
  req(
    'REQ-MEM-13',
    'ctrl_object on the memory object shall return INVALID_PARAM for a NULL or invalid argument pointer and for a command other than PRTOS_OBJ_MEM_CPY_AREA (1), whatever the descriptor.',
    hc('§5.5', 'core/objects/mem.c:52-74'),
  ),
  req(
    'REQ-MEM-14',
    'A memory copy of size <= 0 shall return 0; otherwise it shall return PERM_ERROR if the destination or the source partition is not the caller and the caller is not a system partition, then INVALID_PARAM if a checked side names no partition or its range is not inside one memory area of that partition (or the destination area is read-only), and otherwise copy size bytes and return size; the id 0xff skips the checks of its side and is usable only by a system partition.',
    hc('§5.5', 'core/objects/mem.c:19-50', 'core/kernel/mmu/physmm.c:129-175'),
  ),
  req(
    'REQ-MEM-15',
    "Processor state that the guest can read or write (on riscv64 the VS-mode CSRs and injected virtual-interrupt bits) shall be saved and restored on every partition switch, so that no partition sees another's values.",
    st('§9', 'core/kernel/riscv64/kthread.c:21-40', 'core/include/riscv64/kthread.h:45-54'),
    {
      derived: true,
      rationale:
        'Register state is memory in the isolation sense; riscv64 PRTOS does not switch the VS CSRs (prtos-states §9 A15).',
      intended: 'ST-A15',
    },
  ),
];
