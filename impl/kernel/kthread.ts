/**
 * kthreads: the flag word with its PCT mirror, readiness, and the PCT a (re)start writes.
 *
 * prtos-states "Conventions" and §0: a vCPU is a kthread whose flags H (bit 2), S (3), R (4)
 * and TP (bit 31) say where it stands; every change is mirrored into its PCT `flags` field by a
 * read-modify-write of that field (kthread.h:98-110), so the mirror keeps whatever else the PCT
 * held. `setupPct` is `setup_pct` (kthread.c:405-450) with the arch part of `setup_pct_arch`
 * (x86/kthread.c:106-120): the whole PCT is zeroed except the reset counter, the header is
 * rewritten, every interrupt source is masked and the routing tables take the port's defaults.
 */
import { PCT_ABI_VERSION, PCT_API_VERSION, PCT_MAGIC, NO_TRAPS, PRTOS_VT_EXT_MAX } from '../../spec/pct.js';
import { PRTOS_VERSION_WORD } from '../../spec/constants/archParams.js';
import { KTHREAD_FLAGS } from '../../spec/constants/vcpu.js';
import { defaultRoutingVector, MASK_AFTER_RESET } from '../../spec/constants/virqs.js';
import type { AreaFlag, MemoryArea } from '../../spec/config/types.js';
import type { KernelContext, Kthread } from './state.js';

const H = KTHREAD_FLAGS.HALTED;
const S = KTHREAD_FLAGS.SUSPENDED;
const R = KTHREAD_FLAGS.READY;

export function setFlags(k: KernelContext, kt: Kthread, f: number): void {
  kt.flags = (kt.flags | f) >>> 0;
  const old = k.pct.get(kt.pct, 'flags');
  if ((old | f) >>> 0 !== old) k.pct.set(kt.pct, 'flags', (old | f) >>> 0);
  k.obs.dirty = true;
}

export function clearFlags(k: KernelContext, kt: Kthread, f: number): void {
  kt.flags = (kt.flags & ~f) >>> 0;
  const old = k.pct.get(kt.pct, 'flags');
  if ((old & ~f) >>> 0 !== old) k.pct.set(kt.pct, 'flags', (old & ~f) >>> 0);
  k.obs.dirty = true;
}

export function flagsSet(kt: Kthread, f: number): boolean {
  return (kt.flags & f) !== 0;
}

/** `is_kthread_ready` (sched.c:77-83): R and neither H nor S. */
export function isReady(k: KernelContext, kt: Kthread): boolean {
  const blocking = k.faults.on('suspend-ignored-by-scheduler') ? H : H | S;
  return (kt.flags & blocking) === 0 && (kt.flags & R) !== 0;
}

/**
 * The address the kernel hands a (re)started vCPU as its PCT (prtos-hypercalls §6): riscv64 and
 * the other non-x86 ports pass the vCPU's own PCT; x86 passes `PRTOS_PCTRLTAB_ADDR`, the start
 * of the array, to every vCPU (x86/asm.h JMP_PARTITION).
 */
export function startPctArgument(k: KernelContext, kt: Kthread): number {
  const base = k.port.pctVirtualBase;
  return base === null ? kt.pct : base;
}

const AREA_FLAG_BITS: Readonly<Record<AreaFlag, number>> = {
  shared: 1 << 0,
  unmapped: 1 << 1,
  'read-only': 1 << 2,
  uncacheable: 1 << 3,
  rom: 1 << 4,
  flag0: 1 << 5,
  flag1: 1 << 6,
  flag2: 1 << 7,
  flag3: 1 << 8,
  iommu: 1 << 10,
};
/** `PRTOS_MEM_AREA_TAGGED`: the area has a name (prtoscparser process_xml.c:20). */
const AREA_TAGGED = 1 << 9;

/** The `flags` word of a memory area (prtosconf.h:98-108). */
export function areaFlagWord(a: Pick<MemoryArea, 'name' | 'flags'>): number {
  let w = a.name !== undefined ? AREA_TAGGED : 0;
  for (const f of a.flags) w |= AREA_FLAG_BITS[f];
  return w >>> 0;
}

const X86_CR0_PE = 0x1;
const X86_CR0_EM = 0x4;
const X86_CR0_PG = 0x80000000;

/** `setup_pct` + `setup_pct_arch` for kthread `kt`. */
export function setupPct(k: KernelContext, kt: Kthread): void {
  const pct = k.pct;
  const at = kt.pct;
  const p = kt.part;
  const cfg = p.cfg;
  const resetCounter = pct.get(at, 'resetCounter');
  pct.zero(at, pct.layout.size);
  pct.set(at, 'resetCounter', resetCounter);
  pct.set(at, 'magic', PCT_MAGIC);
  pct.set(at, 'prtosVersion', PRTOS_VERSION_WORD);
  pct.set(at, 'abiVersion', PCT_ABI_VERSION);
  pct.set(at, 'apiVersion', PCT_API_VERSION);
  pct.set(at, 'cpuKhz', k.port.cpuKhz);
  pct.set(at, 'hwIrqs', p.hwIrqs);
  pct.set(at, 'flags', kt.flags);
  pct.set(at, 'id', kt.kid);
  pct.set(at, 'numOfVcpus', cfg.vcpus);
  pct.setName(at, cfg.name ?? '');
  pct.set(at, 'hwIrqsMask', MASK_AFTER_RESET);
  pct.set(at, 'extIrqsToMask', MASK_AFTER_RESET);
  pct.set(at, 'imageStart', p.entry >>> 0);
  pct.set(at, 'numOfPhysicalMemAreas', cfg.areas.length);
  pct.set(at, 'partCtrlTableSize', pct.layout.size + cfg.areas.length * pct.layout.memMapEntrySize);
  writeMemoryMap(k, kt);
  pct.set(at, 'numOfCommPorts', cfg.ports.length);
  if (k.port.x86Family) {
    pct.set(at, 'archCr0', (X86_CR0_PE | X86_CR0_PG | (p.fp ? 0 : X86_CR0_EM)) >>> 0);
    for (let e = 0; e < NO_TRAPS; e++)
      pct.set(at, 'trapToVector', defaultRoutingVector(k.arch, 'trap', e), e);
    for (let e = 0; e < 32; e++) pct.set(at, 'hwIrqToVector', defaultRoutingVector(k.arch, 'hwIrq', e), e);
    for (let e = 0; e < PRTOS_VT_EXT_MAX; e++) {
      pct.set(at, 'extIrqToVector', defaultRoutingVector(k.arch, 'extIrq', e), e);
    }
  }
}

/** The memory-area map after the PCT, then the comm-port bitmap, cleared (kthread.c:425-444). */
function writeMemoryMap(k: KernelContext, kt: Kthread): void {
  const w = k.port.wordBytes;
  const entry = k.pct.layout.memMapEntrySize;
  let at = kt.pct + k.pct.layout.size;
  const enc = new TextEncoder();
  for (const a of kt.part.cfg.areas) {
    const bytes = new Uint8Array(entry);
    const v = new DataView(bytes.buffer);
    if (a.name !== undefined) bytes.set(enc.encode(a.name).subarray(0, 16), 0);
    const put = (off: number, value: number) =>
      w === 8 ? v.setBigUint64(off, BigInt(value), true) : v.setUint32(off, value >>> 0, true);
    put(16, a.start);
    put(16 + w, a.mappedAt);
    put(16 + 2 * w, a.size);
    v.setUint32(16 + 3 * w, areaFlagWord(a), true);
    k.pct.writeBytes(at, bytes);
    at += entry;
  }
  const wordBits = w * 8;
  const words = Math.ceil(kt.part.cfg.ports.length / wordBits);
  k.pct.zero(at, words * w);
}
