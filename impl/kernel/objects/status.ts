/**
 * The status object, class 7 (prtos-states §7; prtos-hypercalls §5.8; core/objects/status.c).
 *
 * ctrl(desc, cmd, args): the argument block (the 64-byte `union status_fmd`) is checked first,
 * then the partition in the descriptor must be the caller's own unless the caller is a system
 * partition (0xff, the system, counts as another). Commands: GET_SYSTEM_STATUS (the system status
 * for 0xff, else the partition status, derived from the vCPU flags, with reset counter and status
 * read from vCPU0's PCT and vCPU0's exec clock now), GET_VCPU_STATUS, GET_SCHED_PLAN_STATUS (the
 * calling CPU's plan data), SET_PARTITION_OPMODE, GET_PHYSPAGE_STATUS.
 *
 * Counters (STATUS_ACC) count on every port in the intended kernel (REQ-SYS-15); riscv64,
 * aarch64 and loongarch64 are built without them and report 0 (quirk `status-counters-disabled`).
 * Port counters are 0 in slice 1. GET_VCPU_STATUS intendedly refuses vcpu == number of vCPUs
 * (the real off-by-one, A24, is not reproducible). Physical pages are not tracked (DESIGN.md,
 * Known limitations): a page inside one of the partition's areas reports counter 0, type 0.
 */
import { STATUS_CMD } from '../../../spec/constants/objectCommands.js';
import { decodeDescriptor, PRTOS_HYPERVISOR_ID } from '../../../spec/constants/objects.js';
import { derivedPartitionState, derivedVcpuState, STATUS } from '../../../spec/constants/vcpu.js';
import { checkGpParam, RW_NOT_NULL, type GuestRange } from '../gaccess.js';
import { INVALID_PARAM, OK, PERM_ERROR, ret, type HcResult } from '../hypercalls/result.js';
import { execClock } from '../ktimer.js';
import type { KernelContext, Kthread } from '../state.js';

/** `sizeof(union status_fmd)`. */
export const STATUS_ARGS_SIZE = 64;

type Field = 'u32' | 's32' | 'u64' | 's64';

/** Writes `fields` as a C struct (natural alignment; 64-bit values 4-aligned on i386). */
function writeStruct(
  k: KernelContext,
  range: GuestRange,
  fields: readonly (readonly [Field, number])[],
): number[] {
  const align64 = k.arch === 'x86' ? 4 : 8;
  let off = 0;
  const bytes = new Uint8Array(STATUS_ARGS_SIZE);
  const v = new DataView(bytes.buffer);
  for (const [type, value] of fields) {
    if (type === 'u32' || type === 's32') {
      off = Math.ceil(off / 4) * 4;
      if (type === 'u32') v.setUint32(off, value >>> 0, true);
      else v.setInt32(off, value | 0, true);
      off += 4;
    } else {
      off = Math.ceil(off / align64) * align64;
      v.setBigInt64(off, BigInt(Math.trunc(value)), true);
      off += 8;
    }
  }
  range.write(0, bytes.subarray(0, off));
  return fields.map(([, value]) => value);
}

function counter(k: KernelContext, n: number): number {
  return k.quirks.on('status-counters-disabled') ? 0 : n;
}

export function ctrlStatus(
  k: KernelContext,
  caller: Kthread,
  desc: number,
  cmd: number,
  args: number,
): HcResult {
  const range = checkGpParam(k, caller, args, STATUS_ARGS_SIZE, RW_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  const d = decodeDescriptor(desc);
  const partId = d.partition;
  if (partId !== caller.part.id && !caller.part.system) return PERM_ERROR;
  const n = k.partitions.length;
  switch (cmd) {
    case STATUS_CMD.SET_PARTITION_OPMODE: {
      if (partId === PRTOS_HYPERVISOR_ID || partId >= n) return INVALID_PARAM;
      const mode = new DataView(range.read(0, 4).buffer).getUint32(0, true);
      if (mode > 3) return INVALID_PARAM;
      const p = k.partitions[partId];
      if (p === undefined) return INVALID_PARAM;
      p.opMode = mode as 0 | 1 | 2 | 3;
      return OK;
    }
    case STATUS_CMD.GET_SYSTEM_STATUS: {
      if (partId === PRTOS_HYPERVISOR_ID) {
        const c = k.counters;
        const out = writeStruct(k, range, [
          ['u32', k.system.resetCounter],
          ['u64', counter(k, c.numOfHmEvents)],
          ['u64', counter(k, c.numOfIrqs)],
          ['u64', counter(k, c.currentMaf)],
          ['u64', 0],
          ['u64', 0],
          ['u64', 0],
          ['u64', 0],
        ]);
        return ret(0, out);
      }
      const p = k.partitions[partId];
      if (p === undefined) return INVALID_PARAM;
      const v0 = p.vcpus[0];
      if (v0 === undefined) return INVALID_PARAM;
      const out = writeStruct(k, range, [
        ['u32', STATUS[derivedPartitionState(p.vcpus.map((kt) => kt.flags))]],
        ['u32', p.opMode],
        ['u64', counter(k, p.numOfVirqs)],
        ['u32', k.pct.get(v0.pct, 'resetCounter')],
        ['u32', k.pct.get(v0.pct, 'resetStatus')],
        ['s64', execClock(v0, k.entry.now)],
        ['u64', 0],
        ['u64', 0],
        ['u64', 0],
        ['u64', 0],
      ]);
      return ret(0, out);
    }
    case STATUS_CMD.GET_VCPU_STATUS: {
      const p = k.partitions[partId];
      if (p === undefined) return INVALID_PARAM;
      const kt = p.vcpus[d.vcpu];
      if (kt === undefined) return INVALID_PARAM;
      const out = writeStruct(k, range, [
        ['u32', STATUS[derivedVcpuState(kt.flags)]],
        ['u32', kt.opMode],
      ]);
      return ret(0, out);
    }
    case STATUS_CMD.GET_SCHED_PLAN_STATUS: {
      const s = k.entry.cpu.sched;
      const out = writeStruct(k, range, [
        ['s64', s.planSwitchTime],
        ['s32', s.new.id],
        ['s32', s.current?.id ?? -1],
        ['s32', s.prev?.id ?? -1],
      ]);
      return ret(0, out);
    }
    case STATUS_CMD.GET_PHYSPAGE_STATUS: {
      const p = k.partitions[partId];
      if (p === undefined) return INVALID_PARAM;
      const w = k.port.wordBytes;
      const raw = range.read(0, w);
      const v = new DataView(raw.buffer);
      const addr = w === 8 ? Number(v.getBigUint64(0, true)) : v.getUint32(0, true);
      if (!p.cfg.areas.some((a) => addr >= a.start && addr < a.start + a.size)) return INVALID_PARAM;
      range.write(w, new Uint8Array(4));
      return ret(0, [0, 0]);
    }
    default:
      return INVALID_PARAM;
  }
}
