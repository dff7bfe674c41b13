/**
 * The object hypercalls read/write/seek/ctrl_object (11–14) for the classes of slice 1: the
 * console (1), the HM log (6) and status (7) (prtos-hypercalls §3.13, §5.1, §5.2, §5.6, §5.8;
 * prtos-states §7). The other classes — trace, ports, memory copy — belong to slice 2; a call on
 * one of them makes the model throw `OutOfSliceError` rather than guess (the generators of slice 1
 * do not make such calls).
 *
 * Intended semantics: the HM log RESET empties the log (ST-A12), GET_VCPU_STATUS refuses a vCPU id
 * equal to the vCPU count (ST-A24), the status counters count on every port (ST-OPEN-2). The
 * kernel writes its results into the caller's buffers with the C layouts of objects/status.h and
 * objects/hm.h (little-endian; u64 fields 8-aligned on the 64-bit ports, 4-aligned on i386), and
 * `out` lists the same values in field order.
 *
 * Requirements: REQ-OBJ-2, REQ-OBJ-4, REQ-HM-18..20, REQ-SYS-8..14, REQ-PRIV-3, REQ-PRIV-4.
 */
import {
  CONSOLE_MAX_WRITE,
  HM_CMD,
  OBJ_CLASS,
  OP_MODE,
  OP_MODE_NAMES,
  PRTOS_HMLOG_SIGNATURE,
  PRTOS_HYPERVISOR_ID,
  RETURN_CODES as RC,
  SEEK_WHENCE,
  STATUS,
  STATUS_CMD,
  decodeDescriptor,
  encodeHmOpCodeHi,
  encodeHmOpCodeLo,
  hmLogRecordSize,
  objectDispatch,
  type ObjOp,
} from '../../spec/constants/index.js';
import type { HmRecordModel } from '../../spec/modelState.js';
import { readGuest, readGuestBytes, writeGuest } from '../memory.js';
import { pctReader } from '../pctImage.js';
import { derivePartition } from '../partitionMachine.js';
import { planId } from '../schedulerMachine.js';
import { execAt } from '../timers.js';
import { arg, callerIsSystem, code, ok, OutOfSliceError, pointer, type Call, type Outcome } from './call.js';

/** sizeof(union status_fmd): 64 bytes on every port (objects/status.h). */
const STATUS_ARGS_SIZE = 64;
/** sizeof(prtos_hm_status_t): three s32 (objects/hm.h). */
const HM_STATUS_SIZE = 12;

const wide = (c: Call) => c.w.view.arch !== 'x86';

function write(c: Call, ptr: number, offset: number, size: number, value: number): void {
  const space = c.w.spaces[c.caller.part];
  if (space !== undefined) writeGuest(space, c.w.store, ptr + offset, size, value);
}

// ------------------------------------------------------------------------------------------------
// Console (class 1): write only.

function consoleWrite(c: Call): Outcome {
  const desc = decodeDescriptor(arg(c, 0));
  const buffer = arg(c, 1);
  const length = arg(c, 2);
  if (desc.partition !== c.caller.part) return code(RC.PERM_ERROR);
  if (!pointer(c, buffer, { size: length, write: false, notNull: true })) return code(RC.INVALID_PARAM);
  if (length > CONSOLE_MAX_WRITE) return code(RC.INVALID_PARAM);
  const w = c.w;
  const partition = w.view.partitions[c.caller.part];
  const deviceName = partition?.config.console;
  const device =
    deviceName === undefined ? undefined : w.view.config.hw.devices.find((d) => d.name === deviceName);
  if (device === undefined) return { kind: 'return', code: 0 };
  const space = w.spaces[c.caller.part];
  if (space === undefined) return { kind: 'return', code: 0 };
  const bytes = readGuestBytes(space, w.store, buffer, length, pctReader(w, c.caller.part));
  c.cost.bytesCopied += length;
  if (device.kind !== 'null') w.consoleBytes(c.caller.part, bytes, c.at);
  return { kind: 'return', code: length };
}

// ------------------------------------------------------------------------------------------------
// HM log (class 6): read, seek, ctrl; the descriptor must name the hypervisor (0xff).

function hmChecks(c: Call): Outcome | undefined {
  if (decodeDescriptor(arg(c, 0)).partition !== PRTOS_HYPERVISOR_ID) return code(RC.INVALID_PARAM);
  if (!callerIsSystem(c)) return code(RC.PERM_ERROR);
  return undefined;
}

/** `calc_check_sum`: the one's complement of the 16-bit sum of the record's half-words (checksum.h:20-32). */
function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2)
    sum = (sum + ((bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8))) & 0xffff;
  return ~sum & 0xffff;
}

/**
 * Every record of slice 1 is raised from a trap, an interrupt or a system panic, each of which
 * carries the CPU context (core/kernel/irqs.c:51,148,179; panic.c:50), so VALID_CPUCTXT is set.
 */
function opCodeHi(r: HmRecordModel): number {
  return encodeHmOpCodeHi({ seq: r.seq, cpuCtxtValid: true, sys: r.sys });
}

function opCodeLo(r: HmRecordModel): number {
  return encodeHmOpCodeLo({ event: r.event, vcpu: r.vcpu, partition: r.part });
}

/** The packed `prtos_hm_log_t` of a stored record (objects/hm.h:24-58); the model has no PC or PSR. */
function recordBytes(c: Call, r: HmRecordModel): Uint8Array {
  const size = hmLogRecordSize(c.w.view.arch);
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, PRTOS_HMLOG_SIGNATURE, true);
  dv.setUint32(4, opCodeHi(r), true);
  dv.setUint32(8, opCodeLo(r), true);
  dv.setBigInt64(12, BigInt(r.timestamp), true);
  dv.setUint16(2, checksum(b), true);
  return b;
}

function hmRead(c: Call): Outcome {
  const failed = hmChecks(c);
  if (failed !== undefined) return failed;
  const buffer = arg(c, 1);
  const size = arg(c, 2);
  if (!pointer(c, buffer, { size, write: true, notNull: true })) return code(RC.INVALID_PARAM);
  const recSize = hmLogRecordSize(c.w.view.arch);
  const max = Math.floor(size / recSize);
  if (max === 0) return code(RC.INVALID_PARAM);
  let records: readonly HmRecordModel[] = [];
  for (const e of c.w.sendHm({ type: 'LOG_READ', max })) if (e.type === 'logRead') records = e.records;
  const space = c.w.spaces[c.caller.part];
  records.forEach((r, i) => {
    const bytes = recordBytes(c, r);
    if (space !== undefined)
      bytes.forEach((byte, k) => writeGuest(space, c.w.store, buffer + i * recSize + k, 1, byte));
  });
  // `out` of a log read is, per record, the three scalars that identify it (spec/trace RetEvent).
  const out = records.flatMap((r) => [opCodeHi(r), opCodeLo(r), r.timestamp]);
  return { kind: 'return', code: records.length * recSize, out };
}

function hmSeek(c: Call): Outcome {
  const failed = hmChecks(c);
  if (failed !== undefined) return failed;
  const offset = arg(c, 1) | 0;
  const whence = arg(c, 2);
  const w =
    whence === SEEK_WHENCE.CUR
      ? 'cur'
      : whence === SEEK_WHENCE.SET
        ? 'set'
        : whence === SEEK_WHENCE.END
          ? 'end'
          : null;
  if (w === null) return code(RC.INVALID_PARAM);
  c.w.sendHm({ type: 'LOG_SEEK', offset, whence: w });
  return ok();
}

function hmCtrl(c: Call): Outcome {
  const failed = hmChecks(c);
  if (failed !== undefined) return failed;
  const cmd = arg(c, 1);
  const args = arg(c, 2);
  if (!pointer(c, args, { size: HM_STATUS_SIZE, write: true, notNull: true })) return code(RC.INVALID_PARAM);
  switch (cmd) {
    case HM_CMD.GET_STATUS: {
      const log = c.w.hm.context.log;
      const values = [log.records.length, log.capacity, log.cursor];
      values.forEach((v, i) => write(c, args, 4 * i, 4, v));
      return ok(values);
    }
    case HM_CMD.LOCK_EVENTS:
      c.w.sendHm({ type: 'LOG_LOCK' });
      return ok();
    case HM_CMD.UNLOCK_EVENTS:
      c.w.sendHm({ type: 'LOG_UNLOCK' });
      return ok();
    case HM_CMD.RESET_EVENTS:
      c.w.sendHm({ type: 'LOG_RESET' });
      return ok();
    default:
      return code(RC.INVALID_PARAM);
  }
}

// ------------------------------------------------------------------------------------------------
// Status (class 7): ctrl only.

function statusCtrl(c: Call): Outcome {
  const desc = decodeDescriptor(arg(c, 0));
  const cmd = arg(c, 1);
  const args = arg(c, 2);
  const w = c.w;
  if (!pointer(c, args, { size: STATUS_ARGS_SIZE, write: true, notNull: true }))
    return code(RC.INVALID_PARAM);
  const part = desc.partition;
  if (part !== c.caller.part && !callerIsSystem(c)) return code(RC.PERM_ERROR);
  const n = w.view.partitions.length;
  switch (cmd) {
    case STATUS_CMD.SET_PARTITION_OPMODE: {
      if (part === PRTOS_HYPERVISOR_ID) return code(RC.INVALID_PARAM);
      if (part >= n) return code(RC.INVALID_PARAM);
      const space = w.spaces[c.caller.part];
      const opMode =
        space === undefined ? 0 : readGuest(space, w.store, args, 4, pctReader(w, c.caller.part));
      const name = OP_MODE_NAMES[opMode];
      if (name === undefined) return code(RC.INVALID_PARAM);
      w.setPartitionOpMode(part, name, c.at);
      return ok();
    }
    case STATUS_CMD.GET_SYSTEM_STATUS: {
      if (part === PRTOS_HYPERVISOR_ID) {
        const k = w.counters;
        const values = [w.system.resetCounter, k.numOfHmEvents, k.numOfIrqs, k.currentMaf, 0, 0, 0, 0];
        const u64 = wide(c) ? 8 : 4;
        write(c, args, 0, 4, values[0] ?? 0);
        values.slice(1).forEach((v, i) => write(c, args, u64 + 8 * i, 8, v));
        return ok(values);
      }
      if (part >= n) return code(RC.INVALID_PARAM);
      const refs = w.refsOf(part);
      const state = derivePartition(refs.map((r) => w.vcpuState(r)));
      const v0 = w.vcpu({ part, vcpu: 0 }).context;
      const values = [
        STATUS[state],
        OP_MODE[w.parts[part]?.context.opMode ?? 'IDLE'],
        w.counters.numOfVirqs[part] ?? 0,
        v0.resetCounter,
        v0.resetStatus,
        execAt(v0.clock, c.at),
        0,
        0,
        0,
        0,
      ];
      const layout: readonly [number, number][] = [
        [0, 4],
        [4, 4],
        [8, 8],
        [16, 4],
        [20, 4],
        [24, 8],
        [32, 8],
        [40, 8],
        [48, 8],
        [56, 8],
      ];
      layout.forEach(([off, size], i) => write(c, args, off, size, values[i] ?? 0));
      return ok(values);
    }
    case STATUS_CMD.GET_VCPU_STATUS: {
      if (part >= n) return code(RC.INVALID_PARAM);
      const vcpus = w.view.partitions[part]?.vcpus ?? 0;
      if (desc.vcpu >= vcpus) return code(RC.INVALID_PARAM);
      const ref = { part, vcpu: desc.vcpu };
      const values = [STATUS[w.vcpuState(ref)], OP_MODE[w.vcpu(ref).context.opMode]];
      values.forEach((v, i) => write(c, args, 4 * i, 4, v));
      return ok(values);
    }
    case STATUS_CMD.GET_SCHED_PLAN_STATUS: {
      const ctx = w.scheds[c.cpu]?.context;
      if (ctx === undefined) return code(RC.INVALID_PARAM);
      const values = [
        ctx.planSwitchTime,
        planId(ctx.planNew),
        ctx.planCurrent === null ? -1 : planId(ctx.planCurrent),
        ctx.planPrev === null ? -1 : planId(ctx.planPrev),
      ];
      write(c, args, 0, 8, values[0] ?? 0);
      write(c, args, 8, 4, values[1] ?? 0);
      write(c, args, 12, 4, values[2] ?? 0);
      write(c, args, 16, 4, values[3] ?? 0);
      return ok(values);
    }
    case STATUS_CMD.GET_PHYSPAGE_STATUS:
      // Page tracking belongs to x86 guest paging, which the model does not have (DESIGN.md,
      // Known limitations): no address is a tracked page of a partition.
      if (part >= n) return code(RC.INVALID_PARAM);
      return code(RC.INVALID_PARAM);
    default:
      return code(RC.INVALID_PARAM);
  }
}

// ------------------------------------------------------------------------------------------------
// The common dispatcher of 11–14.

const OPS: Readonly<Record<number, ObjOp>> = { 11: 'read', 12: 'write', 13: 'seek', 14: 'ctrl' };

export function objectCall(c: Call): Outcome {
  const op = OPS[c.nr];
  if (op === undefined) return code(RC.INVALID_PARAM);
  const d = objectDispatch(arg(c, 0), op);
  if (d.kind === 'error') return code(d.code);
  switch (d.class) {
    case 'CONSOLE':
      return consoleWrite(c);
    case 'HM':
      return op === 'read' ? hmRead(c) : op === 'seek' ? hmSeek(c) : hmCtrl(c);
    case 'STATUS':
      return statusCtrl(c);
    default:
      throw new OutOfSliceError(`${op}_object on class ${d.class} (${OBJ_CLASS[d.class]})`);
  }
}
