/**
 * Addresses in a BAIL partition image that the C build decides and the port must pick: where the
 * trap stubs, the x86 descriptor tables and the page table of the image header are.
 *
 * A BAIL image is linked at the partition's first memory area (each example's Makefile); its
 * entry point is `start` (user/bail/<arch>/boot.S). The kernel tells the runtime the entry
 * address; the other symbols are stand-ins at fixed offsets from the image base, chosen to lie
 * inside the 1 MB (2 MB for example.007) first area and clear of the runtime's scratch stacks at
 * its end. Only the kernel sees them: riscv64 jumps to `_bail_trap_dispatch` on a virtual
 * interrupt (its PCT `trap_entry`), x86 reads the GDT and IDT descriptors BAIL loads, and x86
 * checks the page table `reset_vcpu` passes. The console prints such addresses only in messages
 * that a comparison masks (docs/bail-study.md §1.5).
 */

import { areaGuestAddress, type Guest } from '../../../impl/guest/index.js';

/** `_bail_trap_dispatch` (riscv64), the trap entry written to the PCT. */
export const TRAP_DISPATCH_OFFSET = 0x100;
/** x86 `vtrap_table[v]`: the stub of vector v is 16 bytes long. */
export const X86_TRAP_STUBS_OFFSET = 0x1000;
export const X86_TRAP_STUB_SIZE = 16;
/** x86 `.data`: the IDT (288 gates of 8 bytes), the GDT (3 descriptors), the two descriptor registers. */
export const X86_IDT_OFFSET = 0x10000;
export const X86_IDT_ENTRIES = 256 + 32;
export const X86_GDT_OFFSET = X86_IDT_OFFSET + X86_IDT_ENTRIES * 8;
export const X86_IDT_DESC_OFFSET = X86_GDT_OFFSET + 3 * 8;
export const X86_GDT_DESC_OFFSET = X86_IDT_DESC_OFFSET + 8;
/** The image header's `page_table` (`_page_table` in `.bss.noinit`, page-aligned). */
export const PAGE_TABLE_OFFSET = 0x20000;

/** BAIL's GDT (user/bail/x86/boot.S `part_gdt_table`): null, ring-1 code, ring-1 data. */
export const X86_GDT: readonly bigint[] = [0x0000000000000000n, 0x00cfba000000bfffn, 0x00cfb2000000bfffn];
/** The guest's ring-1 code selector, `GUEST_CS_SEL` = ((7 + 32) << 3) + 1 (core/include/x86/segments.h:31). */
export const X86_GUEST_CS_SEL = 0x139;

/** The image's base: the guest address of the partition's first area (impl/guest `areaGuestAddress`). */
export function imageBase(g: Guest): number {
  const area = g.config.partitions[g.part]?.areas[0];
  if (area === undefined) throw new Error(`partition ${g.part} has no memory area for its image`);
  return areaGuestAddress(g.config, area, g.quirks);
}
