/**
 * The health monitor: `hm_raise_event` with its tables, log and actions (prtos-states §4.2–§4.5;
 * core/objects/hm.c:161-364).
 *
 * An event is stamped with the time, counted, printed (CONFIG_OBJ_HM_VERBOSE, docs/bail-study.md
 * K5–K8), looked up in the hypervisor table when its record has the SYS bit and in the raising
 * partition's table otherwise, logged with the next sequence number if that slot says so, and
 * then acted on. Partition-level actions work on the partition named in the record; the
 * hypervisor table knows only IGNORE, the hypervisor resets, HYPERVISOR_HALT and
 * SWITCH_TO_MAINTENANCE — the real kernel panics on anything else the parser let through (A7,
 * quirk `hm-hyp-table-unknown-action-panic`; intended: halt the system as HYPERVISOR_HALT does).
 *
 * After a successful partition reset the intended kernel reschedules when the current vCPU can
 * no longer run, so a faulting secondary vCPU stops at once; the real one does not when vCPU0 is
 * on another CPU, and the halted vCPU returns to its faulting op (A21, quirk
 * `hm-reset-no-reschedule`).
 */
import {
  HM_AC,
  hmActionConsoleLabel,
  type HmActionName,
  type HmSlot,
} from '../../spec/constants/hmActions.js';
import { hmEventConsoleName, hmEventXmlName } from '../../spec/constants/hmEvents.js';
import {
  encodeHmOpCodeHi,
  encodeHmOpCodeLo,
  HMLOG_IDLE_PARTITION,
  HMLOG_IDLE_VCPU,
  hmLogRecordSize,
  PRTOS_HMLOG_SIGNATURE,
} from '../../spec/constants/hmLog.js';
import { MAINTENANCE_PLAN_ID } from '../../spec/constants/hmActions.js';
import { hmSystemResetStatus, hmPartitionResetStatus } from '../../spec/constants/partition.js';
import { hmContextLine, type CpuCtxt } from './cpuCtxt.js';
import { isReady } from './kthread.js';
import { haltPartition, resetPartition, shutdownPartition, suspendPartition } from './lifecycle.js';
import { systemPanic } from './panic.js';
import { makePlanSwitch, schedule, switchSchedPlan } from './sched.js';
import type { KernelContext, Kthread } from './state.js';
import { haltSystem, resetSystem } from './system.js';

/** What the kernel view shows of a stored record (spec/modelState.ts HmRecordModel). */
export interface HmLogRecord {
  readonly seq: number;
  readonly event: number;
  readonly part: number;
  readonly vcpu: number;
  readonly sys: boolean;
  readonly timestamp: number;
}

export interface HmRaise {
  readonly event: number;
  /** The thread current when it was raised; null = the idle thread (hypervisor context). */
  readonly kthread: Kthread | null;
  readonly sys: boolean;
  /** The trap's CPU context, or null for a record without one (its payload is then zero). */
  readonly ctxt: CpuCtxt | null;
}

/** Returns whether the action was PROPAGATE (the trap is then made pending). */
export function hmRaiseEvent(k: KernelContext, r: HmRaise): boolean {
  const t = k.entry.now;
  k.entry.cost += k.timing.kernel.hmRecord;
  k.counters.numOfHmEvents++;
  const part = r.kthread === null ? HMLOG_IDLE_PARTITION : r.kthread.part.id;
  const vcpu = r.kthread === null ? HMLOG_IDLE_VCPU : r.kthread.vcpu;
  const named = k.quirks.on('hm-verbose-unknown-names')
    ? hmEventConsoleName(k.arch, r.event)
    : (hmEventXmlName(k.arch, r.event) ?? 'unknown');
  k.console.print(t, `[HM] ${t}:${named} (${r.event}):${r.sys ? 'SYS' : 'PART'}(${part})\n`);
  k.console.print(t, r.ctxt !== null ? hmContextLine(k, r.ctxt) : '0x0 0x0 0x0 0x0 \n');

  const table: readonly HmSlot[] = r.sys ? k.hmHypTable : (k.partitions[part]?.hmTable ?? k.hmHypTable);
  const slot = table[r.event] ?? { action: 'IGNORE', log: false };
  k.console.print(t, `[HM] ${hmActionConsoleLabel(slot.action, slot.log)}\n`);
  if (slot.log) logRecord(k, r, part, vcpu, t);
  k.obs.emit({
    t,
    ev: 'hm',
    cpu: k.entry.cpu.id,
    event: r.event,
    part: r.kthread === null ? null : part,
    vcpu: r.kthread === null ? null : vcpu,
    action: HM_AC[slot.action],
    logged: slot.log,
    sys: r.sys,
  });
  return r.sys ? hypervisorAction(k, slot.action, r.event) : partitionAction(k, slot.action, r.event, part);
}

function logRecord(k: KernelContext, r: HmRaise, part: number, vcpu: number, t: number): void {
  const seq = k.hmSeq;
  k.hmSeq = (k.hmSeq + 1) >>> 0;
  const hi = encodeHmOpCodeHi({ seq, cpuCtxtValid: r.ctxt !== null, sys: r.sys });
  const lo = encodeHmOpCodeLo({ event: r.event, vcpu, partition: part });
  const bytes = encodeRecord(k, hi, lo, t, r.ctxt);
  k.hmLog.insert(bytes, { seq: seq & 0xfffffff, event: r.event, part, vcpu, sys: r.sys, timestamp: t });
}

/** The packed `prtos_hm_log_t` (objects/hm.h:24-58) with its checksum. */
export function encodeRecord(
  k: KernelContext,
  hi: number,
  lo: number,
  t: number,
  c: CpuCtxt | null,
): Uint8Array {
  const bytes = new Uint8Array(hmLogRecordSize(k.arch));
  const v = new DataView(bytes.buffer);
  const w = k.arch === 'x86' ? 4 : 8;
  v.setUint16(0, PRTOS_HMLOG_SIGNATURE, true);
  v.setUint32(4, hi, true);
  v.setUint32(8, lo, true);
  v.setBigInt64(12, BigInt(t), true);
  if (c !== null) {
    if (w === 4) {
      v.setUint32(20, c.pc >>> 0, true);
      v.setUint32(24, c.psr >>> 0, true);
    } else {
      v.setBigUint64(20, BigInt(c.pc), true);
      v.setBigUint64(28, BigInt(c.psr), true);
    }
  }
  v.setUint16(2, checksum(bytes), true);
  return bytes;
}

/** `calc_check_sum`: the complement of the 16-bit wrapping sum of the record's half-words. */
export function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2)
    sum = (sum + (bytes[i] as number) + ((bytes[i + 1] as number) << 8)) & 0xffff;
  return ~sum & 0xffff;
}

function hypervisorAction(k: KernelContext, action: HmActionName, event: number): boolean {
  switch (action) {
    case 'IGNORE':
      return false;
    case 'HYPERVISOR_COLD_RESET':
    case 'HYPERVISOR_WARM_RESET':
      k.system.resetStatusInit = hmSystemResetStatus(event);
      return resetSystem(k, action === 'HYPERVISOR_COLD_RESET' ? 'cold' : 'warm');
    case 'SWITCH_TO_MAINTENANCE':
      maintenance(k);
      return false;
    case 'HYPERVISOR_HALT':
      return haltSystem(k);
    default:
      if (k.quirks.on('hm-hyp-table-unknown-action-panic')) {
        return systemPanic(k, `Unknown health-monitor action ${HM_AC[action]}\n`);
      }
      return haltSystem(k);
  }
}

function partitionAction(k: KernelContext, action: HmActionName, event: number, faulting: number): boolean {
  const n = k.partitions.length;
  const id = k.faults.on('hm-action-on-wrong-partition') ? (faulting + 1) % n : faulting;
  const p = k.partitions[id];
  if (p === undefined) return false;
  const t = k.entry.now;
  switch (action) {
    case 'IGNORE':
      return false;
    case 'SHUTDOWN':
      shutdownPartition(k, p);
      return false;
    case 'PARTITION_COLD_RESET':
    case 'PARTITION_WARM_RESET': {
      const cold = action === 'PARTITION_COLD_RESET';
      k.console.print(t, `[HM] Partition ${id} ${cold ? 'cold' : 'warm'} reseted\n`);
      if (!resetPartition(k, p, cold ? 'cold' : 'warm', hmPartitionResetStatus(event))) {
        haltPartition(k, p);
        schedule(k);
      } else if (!k.quirks.on('hm-reset-no-reschedule')) {
        const cur = k.entry.cpu.current;
        if (cur !== null && !isReady(k, cur)) schedule(k);
      }
      return false;
    }
    case 'HYPERVISOR_COLD_RESET':
    case 'HYPERVISOR_WARM_RESET':
      k.system.resetStatusInit = hmSystemResetStatus(event);
      return resetSystem(k, action === 'HYPERVISOR_COLD_RESET' ? 'cold' : 'warm');
    case 'SUSPEND':
      k.console.print(t, `[HM] Partition ${id} suspended\n`);
      suspendPartition(k, p);
      schedule(k);
      return false;
    case 'PARTITION_HALT':
      k.console.print(t, `[HM] Partition ${id} halted\n`);
      haltPartition(k, p);
      schedule(k);
      return false;
    case 'HYPERVISOR_HALT':
      return haltSystem(k);
    case 'SWITCH_TO_MAINTENANCE':
      maintenance(k);
      return false;
    case 'PROPAGATE':
      return true;
  }
}

/** SWITCH_TO_MAINTENANCE (hm.c:253-257): plan 1 requested everywhere and made current here at once. */
function maintenance(k: KernelContext): void {
  switchSchedPlan(k, MAINTENANCE_PLAN_ID);
  makePlanSwitch(k, k.entry.cpu, k.entry.now);
  schedule(k);
}
