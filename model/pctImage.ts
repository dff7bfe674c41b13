/**
 * The bytes of a partition's PCT array as its guest reads them (spec/pct.ts; prtos-states §7.3;
 * prtos-hypercalls §6), computed from the model's state rather than stored: the kernel writes the
 * PCT, the guest only reads it (REQ-MEM-3), and every field the model knows is a function of the
 * vCPU's state.
 *
 * Per vCPU slot: the PCT itself, then the partition's memory-area map, then the comm-port bitmap
 * (all zero in slice 1). Fields the abstract model has no value for are 0 and reported to the lead:
 * `image_start`, the x86 descriptor and control registers of the arch part; `cpu_khz` is taken
 * from the processor's configured frequency (0 when the configuration gives none). The flags word
 * mirrors H, S, R and TP, the FP bit, the partition count of a system partition, and the cache
 * bits that every started guest has (kthread.c:72).
 */
import {
  KTHREAD_FLAGS,
  KTHREAD_FLAGS_SET_AT_GUEST_START,
  PRTOS_VERSION_WORD,
  withKthreadPartitionCount,
} from '../spec/constants/index.js';
import { PCT_ABI_VERSION, PCT_API_VERSION, PCT_MAGIC, pctLayout, type PctFieldName } from '../spec/pct.js';
import { pctStride } from './memory.js';
import type { VcpuRef } from './system.js';
import type { World } from './world.js';

const AREA_FLAG_BITS: Readonly<Record<string, number>> = {
  shared: 1 << 0,
  unmapped: 1 << 1,
  'read-only': 1 << 2,
  uncacheable: 1 << 3,
  rom: 1 << 4,
  flag0: 1 << 5,
  flag1: 1 << 6,
  flag2: 1 << 7,
  flag3: 1 << 8,
};
const TAGGED = 1 << 9;
const X86_IF = 1 << 9;

function put(b: DataView, offset: number, size: number, value: number): void {
  if (size === 1) b.setUint8(offset, value & 0xff);
  else if (size === 2) b.setUint16(offset, value & 0xffff, true);
  else if (size === 4) b.setUint32(offset, value >>> 0, true);
  else b.setBigUint64(offset, BigInt.asUintN(64, BigInt(value)), true);
}

/** One vCPU's PCT slot, as bytes. */
export function pctSlotBytes(w: World, ref: VcpuRef): Uint8Array {
  const view = w.view;
  const layout = pctLayout(view.arch);
  const part = view.partitions[ref.part];
  const bytes = new Uint8Array(pctStride(view, ref.part));
  if (part === undefined) return bytes;
  const dv = new DataView(bytes.buffer);
  const v = w.vcpu(ref).context;
  const f = w.flags(ref);
  const field = (name: PctFieldName, value: number, index = 0) => {
    const l = layout.fields.get(name);
    if (l !== undefined && index < l.count) put(dv, l.offset + index * l.size, l.size, value);
  };
  let flags =
    (f.halted ? KTHREAD_FLAGS.HALTED : 0) |
    (f.suspended ? KTHREAD_FLAGS.SUSPENDED : 0) |
    (f.ready ? KTHREAD_FLAGS.READY : 0);
  if (v.trapPending !== null) flags |= KTHREAD_FLAGS.TRAP_PENDING;
  if (part.config.flags.includes('fp')) flags |= KTHREAD_FLAGS.FP;
  if (!v.fresh) flags |= KTHREAD_FLAGS_SET_AT_GUEST_START;
  if (part.system) flags = withKthreadPartitionCount(flags, view.partitions.length);
  const areas = part.config.areas;
  const cpuKhz = view.config.hw.processors.find((p) => p.id === v.cpu)?.frequencyKhz ?? 0;
  field('magic', PCT_MAGIC);
  field('prtosVersion', PRTOS_VERSION_WORD);
  field('abiVersion', PCT_ABI_VERSION);
  field('apiVersion', PCT_API_VERSION);
  field('partCtrlTableSize', layout.size + areas.length * layout.memMapEntrySize);
  field('resetCounter', v.resetCounter);
  field('resetStatus', v.resetStatus);
  field('cpuKhz', cpuKhz);
  field('id', (ref.vcpu << 8) | ref.part);
  field('numOfVcpus', part.vcpus);
  field('flags', flags >>> 0);
  field('hwIrqs', part.ownedLines);
  field('numOfPhysicalMemAreas', areas.length);
  field('numOfCommPorts', part.config.ports.length);
  [...part.name].slice(0, 16).forEach((ch, i) => field('name', ch.charCodeAt(0), i));
  field('iflags', v.virtualIf ? X86_IF : 0);
  field('hwIrqsPend', v.hwPend);
  field('hwIrqsMask', v.hwMask);
  field('extIrqsPend', v.extPend);
  field('extIrqsToMask', v.extMask);
  field('archIrqVector', v.irqVector);
  field('archTrapEntry', v.trapEntry);
  field('slotIndex', v.slotInfo.index);
  field('slotId', v.slotInfo.id);
  field('slotDuration', v.slotInfo.duration);
  for (let n = 0; n < 32; n++) {
    field('trapToVector', v.routing.trap[n] ?? 0, n);
    field('hwIrqToVector', v.routing.hw[n] ?? 0, n);
    field('extIrqToVector', v.routing.ext[n] ?? 0, n);
  }
  // The memory-area map after the PCT: {name[16], start, mapped_at, size, flags} in words.
  const word = view.arch === 'x86' ? 4 : 8;
  areas.forEach((a, i) => {
    const at = layout.size + i * layout.memMapEntrySize;
    if (a.name !== undefined)
      [...a.name].slice(0, 16).forEach((ch, k) => put(dv, at + k, 1, ch.charCodeAt(0)));
    put(dv, at + 16, word, a.start);
    put(dv, at + 16 + word, word, a.mappedAt);
    put(dv, at + 16 + 2 * word, word, a.size);
    const flagBits = a.flags.reduce(
      (m, fl) => m | (AREA_FLAG_BITS[fl] ?? 0),
      a.name === undefined ? 0 : TAGGED,
    );
    put(dv, at + 16 + 3 * word, 4, flagBits);
  });
  return bytes;
}

/** A byte reader over partition `part`'s PCT array (offsets from its start), caching each slot. */
export function pctReader(w: World, part: number): (offset: number) => number {
  const stride = pctStride(w.view, part);
  const cache = new Map<number, Uint8Array>();
  return (offset) => {
    if (stride === 0) return 0;
    const vcpu = Math.floor(offset / stride);
    let slot = cache.get(vcpu);
    if (slot === undefined) {
      slot = pctSlotBytes(w, { part, vcpu });
      cache.set(vcpu, slot);
    }
    return slot[offset - vcpu * stride] ?? 0;
  };
}
