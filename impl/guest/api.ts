/**
 * The guest API, in the spirit of libprtos (prtos-hypercalls §7): every call is a generator that
 * yields the ops the C wrapper causes (stores that fill argument buffers, the hypercall, loads that
 * read results back) and returns the result. A program uses them with `yield*`:
 *
 *     function* main(g: Guest): GuestProgram {
 *       const { time } = yield* getTime(g, CLOCK.HW);
 *       yield* setTimer(g, CLOCK.HW, (time ?? 0) + 1_000_000, 1_000_000);
 *       yield* idleSelf(g);
 *     }
 *
 * Names follow libprtos without the `prtos_` prefix, in camelCase. Constants (clock ids, reset
 * modes, routing types, commands) come from spec/constants.
 */
export { call } from './api/call.js';
export {
  haltPartition,
  haltSystem,
  idleSelf,
  resetPartition,
  resetSystem,
  resumePartition,
  shutdownPartition,
  suspendPartition,
} from './api/partition.js';
export { getVcpuId, haltVcpu, resetVcpu, resumeVcpu, suspendVcpu } from './api/vcpu.js';
export { getTime, setTimer, type TimeReading } from './api/time.js';
export {
  clearIrqMask,
  clearIrqPend,
  iret,
  raiseIpvi,
  raisePartitionIpvi,
  raisePartitionTrap,
  routeIrq,
  setIrqMask,
  setIrqPend,
} from './api/irqs.js';
export { x86ClearIf, x86LoadGdt, x86LoadIdtr, x86SetIf } from './api/x86.js';
export {
  ctrlObject,
  readObject,
  seekObject,
  writeConsole,
  writeConsoleAt,
  writeObject,
} from './api/objects.js';
export { hmRead, hmSeek, hmStatus, type HmLogRecord, type HmStatus } from './api/hm.js';
export {
  getPartitionStatus,
  getPartitionVcpuStatus,
  getPlanStatus,
  getSystemStatus,
  getVcpuStatus,
  setPartitionOpMode,
  type PartitionStatus,
  type PlanStatus,
  type StatusReply,
  type SystemStatus,
  type VcpuStatus,
} from './api/status.js';
export { getGidByName, switchSchedPlan } from './api/plan.js';
export {
  initLibprtos,
  numberOfVcpus,
  partitionSelf,
  pct0,
  pctFlags,
  pctName,
  pctOfSelf,
  vcpuSelf,
} from './libprtos.js';
export { compute, halt, hypercall, load, raise, spin, store } from './steps.js';
export { bytesOf, latin1, loadBytes, loadCString, loadField, storeBytes } from './memory.js';
