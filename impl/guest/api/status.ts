/**
 * The status object as libprtos uses it: system, partition, vCPU and plan status, and the
 * partition's operating mode (prtos-hypercalls §5.8, §7.2; user/libprtos/common/status.c).
 *
 * Every call is a `ctrl` on a STATUS descriptor with a pointer to a `union status_fmd` (64 bytes,
 * the size the kernel checks): the runtime reserves 64 bytes on the vCPU's scratch stack, makes
 * the call, and on success loads the record's fields (layouts in ../layouts.ts). Note that
 * "partition status" is GET_SYSTEM_STATUS on the partition's descriptor, and that
 * `prtos_get_vcpu_status` tests `vcpu > number_of_vcpus` itself before asking (the same
 * off-by-one as the kernel, A30) and answers INVALID_PARAM without a call.
 */
import {
  OBJ_CLASS,
  objDescBuild,
  PRTOS_HYPERVISOR_ID,
  RETURN_CODES,
  STATUS_CMD,
} from '../../../spec/constants/index.js';
import type { Guest } from '../guest.js';
import {
  partStatusLayout,
  planStatusLayout,
  STATUS_ARGS_SIZE,
  sysStatusLayout,
  vcpuStatusLayout,
  type StructLayout,
} from '../layouts.js';
import { numberOfVcpus, partitionSelf } from '../libprtos.js';
import { loadField } from '../memory.js';
import { store, type ApiCall } from '../steps.js';
import { ctrlObject } from './objects.js';

/** A call's code and, when it succeeded, the record read back. */
export interface StatusReply<T> {
  readonly code: number;
  readonly status?: T;
}

export type SystemStatus = Readonly<Record<keyof ReturnType<typeof sysStatusLayout>['fields'], number>>;
export type PartitionStatus = Readonly<Record<keyof ReturnType<typeof partStatusLayout>['fields'], number>>;
export type VcpuStatus = Readonly<Record<keyof ReturnType<typeof vcpuStatusLayout>['fields'], number>>;
export type PlanStatus = Readonly<Record<keyof ReturnType<typeof planStatusLayout>['fields'], number>>;

function* readRecord<F extends string>(base: number, layout: StructLayout<F>): ApiCall<Record<F, number>> {
  const out = {} as Record<F, number>;
  for (const name of Object.keys(layout.fields) as F[])
    out[name] = yield* loadField(base, layout.fields[name]);
  return out;
}

/** ctrl on `desc` with command `cmd` and a fresh args buffer; reads `layout` back on success. */
function* statusCtrl<F extends string>(
  g: Guest,
  desc: number,
  cmd: number,
  layout: StructLayout<F>,
): ApiCall<StatusReply<Record<F, number>>> {
  const mark = g.scratch.mark();
  try {
    const buf = g.scratch.push(STATUS_ARGS_SIZE, 8);
    const code = yield* ctrlObject(g, desc, cmd, buf);
    if (code !== 0) return { code };
    return { code, status: yield* readRecord(buf, layout) };
  } finally {
    g.scratch.release(mark);
  }
}

/** `prtos_get_system_status(&st)`: the hypervisor's record (descriptor partition 0xff). */
export function getSystemStatus(g: Guest): ApiCall<StatusReply<SystemStatus>> {
  const desc = objDescBuild(OBJ_CLASS.STATUS, PRTOS_HYPERVISOR_ID, 0);
  return statusCtrl(g, desc, STATUS_CMD.GET_SYSTEM_STATUS, sysStatusLayout(g.arch));
}

/** `prtos_get_partition_status(id, &st)`. */
export function getPartitionStatus(g: Guest, id: number): ApiCall<StatusReply<PartitionStatus>> {
  const desc = objDescBuild(OBJ_CLASS.STATUS, id, 0);
  return statusCtrl(g, desc, STATUS_CMD.GET_SYSTEM_STATUS, partStatusLayout(g.arch));
}

/** `prtos_get_vcpu_status(vcpu, &st)`: a vCPU of the caller's own partition. */
export function* getVcpuStatus(g: Guest, vcpu: number): ApiCall<StatusReply<VcpuStatus>> {
  if (vcpu > (yield* numberOfVcpus(g))) return { code: RETURN_CODES.INVALID_PARAM };
  const self = yield* partitionSelf(g);
  const desc = objDescBuild(OBJ_CLASS.STATUS, self, 0, vcpu);
  return yield* statusCtrl(g, desc, STATUS_CMD.GET_VCPU_STATUS, vcpuStatusLayout(g.arch));
}

/** `prtos_get_partition_vcpu_status(id, vcpu, &st)`. */
export function getPartitionVcpuStatus(g: Guest, id: number, vcpu: number): ApiCall<StatusReply<VcpuStatus>> {
  const desc = objDescBuild(OBJ_CLASS.STATUS, id, 0, vcpu);
  return statusCtrl(g, desc, STATUS_CMD.GET_VCPU_STATUS, vcpuStatusLayout(g.arch));
}

/** `prtos_get_plan_status(&st)`: the calling CPU's plan status. */
export function* getPlanStatus(g: Guest): ApiCall<StatusReply<PlanStatus>> {
  const self = yield* partitionSelf(g);
  const desc = objDescBuild(OBJ_CLASS.STATUS, self, 0);
  return yield* statusCtrl(g, desc, STATUS_CMD.GET_SCHED_PLAN_STATUS, planStatusLayout(g.arch));
}

/** `prtos_set_partition_opmode(mode)`: the mode goes in the first word of the args. */
export function* setPartitionOpMode(g: Guest, opMode: number): ApiCall<number> {
  const mark = g.scratch.mark();
  try {
    const buf = g.scratch.push(STATUS_ARGS_SIZE, 8);
    yield* store(buf, 4, opMode >>> 0);
    const self = yield* partitionSelf(g);
    return yield* ctrlObject(
      g,
      objDescBuild(OBJ_CLASS.STATUS, self, 0),
      STATUS_CMD.SET_PARTITION_OPMODE,
      buf,
    );
  } finally {
    g.scratch.release(mark);
  }
}
