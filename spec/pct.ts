/**
 * The partition control table (PCT): its byte layout in partition memory.
 *
 * PRTOS keeps one PCT per vCPU (`partition_control_table_t`, core/include/guest.h:93-124;
 * prtos-states §7.3, prtos-hypercalls §6). The kernel writes it, the guest reads it (libprtos),
 * and some fields are the *only* place PRTOS keeps a value: the reset counter and reset status a
 * status request reports are read back from vCPU0's PCT (prtos-states §1.3, status.c:71-72).
 * The emulated kernel therefore keeps these bytes in emulated memory, and the abstraction function
 * (conformance/) reads the model's view back from them — so both need one layout, here.
 *
 * Layout rule: C natural alignment, little-endian, field order of guest.h; `prtos_id_t` is 32-bit
 * on x86/amd64 and 64-bit on the other ports, `prtos_u_size_t` is the word (prtos-hypercalls
 * "Conventions"). The arch part differs (x86: descriptor registers and control registers;
 * riscv64/aarch64/loongarch64: the saved-PC/status/a0, `irq_vector`, `trap_entry` of virtual-IRQ
 * delivery, riscv64/guest.h:16-23).
 */
import type { Arch } from './constants/arch.js';

export type FieldType = 'u8' | 'u16' | 'u32' | 's32' | 'u64' | 'word' | 'id';

export interface FieldLayout {
  readonly offset: number;
  readonly size: number;
  /** Elements, for arrays. */
  readonly count: number;
}

interface FieldDecl {
  readonly name: string;
  readonly type: FieldType;
  readonly count?: number;
}

export const PCT_MAGIC = 0xa5a55a5a;
/** ABI and API version 1.0.0 packed as `(v << 16) | (sub << 8) | rev` (prtos-hypercalls §1). */
export const PCT_ABI_VERSION = 0x10000;
export const PCT_API_VERSION = 0x10000;
export const NO_TRAPS = 32;
export const PRTOS_VT_EXT_MAX = 32;
export const ID_STRING_LENGTH = 16;

function sizeOf(type: FieldType, arch: Arch): number {
  const wide = arch !== 'x86';
  switch (type) {
    case 'u8':
      return 1;
    case 'u16':
      return 2;
    case 'u32':
    case 's32':
      return 4;
    case 'u64':
      return 8;
    case 'word':
      return wide ? 8 : 4;
    case 'id':
      return arch === 'x86' || arch === 'amd64' ? 4 : 8;
  }
}

const COMMON_HEAD: readonly FieldDecl[] = [
  { name: 'magic', type: 'u32' },
  { name: 'prtosVersion', type: 'u32' },
  { name: 'abiVersion', type: 'u32' },
  { name: 'apiVersion', type: 'u32' },
  { name: 'partCtrlTableSize', type: 'word' },
  { name: 'resetCounter', type: 'u32' },
  { name: 'resetStatus', type: 'u32' },
  { name: 'cpuKhz', type: 'u32' },
  { name: 'id', type: 'id' },
  { name: 'numOfVcpus', type: 'id' },
  { name: 'flags', type: 'u32' },
  { name: 'imageStart', type: 'u32' },
  { name: 'hwIrqs', type: 'u32' },
  { name: 'numOfPhysicalMemAreas', type: 's32' },
  { name: 'numOfCommPorts', type: 's32' },
  { name: 'name', type: 'u8', count: ID_STRING_LENGTH },
  { name: 'iflags', type: 'u32' },
  { name: 'hwIrqsPend', type: 'u32' },
  { name: 'hwIrqsMask', type: 'u32' },
  { name: 'extIrqsPend', type: 'u32' },
  { name: 'extIrqsToMask', type: 'u32' },
];

/** The arch part (`struct pct_arch`). x86's descriptor registers are {u16 limit; u32 base} packed (6 bytes). */
function archPart(arch: Arch): readonly FieldDecl[] {
  if (arch === 'x86' || arch === 'amd64') {
    return [
      { name: 'archGdtr', type: 'u16', count: arch === 'x86' ? 3 : 5 },
      { name: 'archIdtr', type: 'u16', count: arch === 'x86' ? 3 : 5 },
      { name: 'archMaxIdtVec', type: 'u32' },
      { name: 'archTr', type: 'u32' },
      { name: 'archCr4', type: 'u32' },
      { name: 'archCr3', type: 'u32' },
      { name: 'archCr2', type: 'u32' },
      { name: 'archCr0', type: 'u32' },
    ];
  }
  return [
    { name: 'archIrqSavedPc', type: 'u64' },
    { name: 'archIrqSavedStatus', type: 'u64' },
    { name: 'archIrqSavedA0', type: 'u64' },
    { name: 'archIrqVector', type: 'u32' },
    { name: 'archPad0', type: 'u32' },
    { name: 'archTrapEntry', type: 'u64' },
  ];
}

const COMMON_TAIL: readonly FieldDecl[] = [
  { name: 'slotIndex', type: 'u32' },
  { name: 'slotId', type: 'u32' },
  { name: 'slotDuration', type: 'u32' },
  { name: 'trapToVector', type: 'u16', count: NO_TRAPS },
  { name: 'hwIrqToVector', type: 'u16', count: 32 },
  { name: 'extIrqToVector', type: 'u16', count: PRTOS_VT_EXT_MAX },
];

export type PctFieldName =
  | 'magic'
  | 'prtosVersion'
  | 'abiVersion'
  | 'apiVersion'
  | 'partCtrlTableSize'
  | 'resetCounter'
  | 'resetStatus'
  | 'cpuKhz'
  | 'id'
  | 'numOfVcpus'
  | 'flags'
  | 'imageStart'
  | 'hwIrqs'
  | 'numOfPhysicalMemAreas'
  | 'numOfCommPorts'
  | 'name'
  | 'iflags'
  | 'hwIrqsPend'
  | 'hwIrqsMask'
  | 'extIrqsPend'
  | 'extIrqsToMask'
  | 'archGdtr'
  | 'archIdtr'
  | 'archMaxIdtVec'
  | 'archTr'
  | 'archCr4'
  | 'archCr3'
  | 'archCr2'
  | 'archCr0'
  | 'archIrqSavedPc'
  | 'archIrqSavedStatus'
  | 'archIrqSavedA0'
  | 'archIrqVector'
  | 'archPad0'
  | 'archTrapEntry'
  | 'slotIndex'
  | 'slotId'
  | 'slotDuration'
  | 'trapToVector'
  | 'hwIrqToVector'
  | 'extIrqToVector';

export interface PctLayout {
  readonly arch: Arch;
  readonly fields: ReadonlyMap<PctFieldName, FieldLayout>;
  /** Size of the PCT structure itself (before the memory map and the port bitmap that follow it). */
  readonly size: number;
  /** Size of one `prtos_physical_mem_map` entry that follows the PCT. */
  readonly memMapEntrySize: number;
}

function build(arch: Arch): PctLayout {
  const fields = new Map<PctFieldName, FieldLayout>();
  let offset = 0;
  let maxAlign = 1;
  for (const f of [...COMMON_HEAD, ...archPart(arch), ...COMMON_TAIL]) {
    const size = sizeOf(f.type, arch);
    // x86 descriptor registers are packed; everything else is naturally aligned.
    const align = f.name === 'archGdtr' || f.name === 'archIdtr' ? 2 : size;
    offset = Math.ceil(offset / align) * align;
    maxAlign = Math.max(maxAlign, align);
    const count = f.count ?? 1;
    fields.set(f.name as PctFieldName, { offset, size, count });
    offset += size * count;
  }
  const size = Math.ceil(offset / maxAlign) * maxAlign;
  const word = sizeOf('word', arch);
  // {char name[16]; address start_addr; address mapped_at; u_size size; u32 flags} (guest.h:70-86)
  const memMapEntrySize = Math.ceil((ID_STRING_LENGTH + 3 * word + 4) / word) * word;
  return { arch, fields, size, memMapEntrySize };
}

const cache = new Map<Arch, PctLayout>();

export function pctLayout(arch: Arch): PctLayout {
  let l = cache.get(arch);
  if (l === undefined) {
    l = build(arch);
    cache.set(arch, l);
  }
  return l;
}

export function pctField(arch: Arch, name: PctFieldName): FieldLayout {
  const f = pctLayout(arch).fields.get(name);
  if (f === undefined) throw new Error(`PCT of ${arch} has no field ${name}`);
  return f;
}

/**
 * Bytes of one vCPU's PCT slot in the partition's PCT array: the PCT, then the partition's
 * memory map, then the comm-port bitmap (one bit per port, in whole words), word aligned.
 */
export function pctSlotSize(arch: Arch, memoryAreas: number, ports: number): number {
  const l = pctLayout(arch);
  const wordBits = arch === 'x86' ? 32 : 64;
  const bitmapWords = Math.ceil(ports / wordBits);
  const bytes = l.size + memoryAreas * l.memMapEntrySize + bitmapWords * (wordBits / 8);
  return Math.ceil(bytes / 8) * 8;
}

/**
 * Where the PCT array of a partition appears in the partition's own address space: x86 maps it
 * read-only at `PRTOS_PCTRLTAB_ADDR` = CONFIG_PRTOS_OFFSET − 256 KiB (x86/paging.h:35); the
 * other ports pass the physical address of each vCPU's PCT at entry (riscv64: in a1).
 */
export const X86_PCT_VIRTUAL_BASE = 0xfc000000 - 256 * 1024;

/** Where a partition's PCT array sits in physical memory (both sides use this placement). */
export interface PctPlacement {
  /** Physical address of the array (page aligned). */
  readonly array: number;
  /** Stride between the PCTs of consecutive vCPUs. */
  readonly slot: number;
  /** Bytes reserved for the array (whole 4 KiB pages, so no two partitions share a page). */
  readonly size: number;
}

const PCT_PAGE = 4096;
const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

/**
 * The PCT arrays of every partition, in the hypervisor's own area (prtos-states §0,
 * kthread.c:269-279: one page-aligned array per partition, one slot per vCPU), from the middle of
 * the area on — the hypervisor area is in no partition's address space, so a guest reaches its
 * PCT only through the mapping of its own array (x86: at X86_PCT_VIRTUAL_BASE; the other ports:
 * at the array's physical address).
 */
export function placePctArrays(
  config: {
    readonly arch: Arch;
    readonly hypervisor: { readonly area: { readonly size: number } };
    readonly partitions: readonly {
      readonly vcpus: number;
      readonly areas: readonly unknown[];
      readonly ports: readonly unknown[];
    }[];
  },
  loadAddress: number,
): PctPlacement[] {
  const size = config.hypervisor.area.size;
  const placements = config.partitions.map((p) => {
    const slot = pctSlotSize(config.arch, p.areas.length, p.ports.length);
    return { slot, size: roundUp(slot * Math.max(1, p.vcpus), PCT_PAGE) };
  });
  const total = placements.reduce((n, p) => n + p.size, 0);
  let at = roundUp(loadAddress + Math.floor(size / 2), PCT_PAGE);
  if (at + total > loadAddress + size) at = loadAddress + PCT_PAGE;
  return placements.map((p) => {
    const array = at;
    at += p.size;
    return { array, slot: p.slot, size: p.size };
  });
}

/**
 * PCT fields a guest may write although the PCT is read-only for it (decision ST-A3 intended).
 * On riscv64, aarch64 and loongarch64 a guest registers where virtual interrupts enter it by
 * storing `trap_entry` into its own PCT (BAIL does, user/bail/riscv64/arch.c:13-16; prtos-states
 * §5.4): without that one field no virtual interrupt could ever be delivered. Everything else the
 * kernel reads back from a PCT (reset counter and status, pending and mask words) stays read-only.
 */
export function guestWritablePctFields(arch: Arch): readonly PctFieldName[] {
  return arch === 'x86' || arch === 'amd64' ? [] : ['archTrapEntry'];
}
