/**
 * impl/kernel — the emulated PRTOS kernel, as one import for the composition roots
 * (conformance/, cli/). See README.md for what each file is.
 */
export { bootKernel, type Kernel, type KernelOptions } from './kernel.js';
export type { GuestLoader, StartReason } from './state.js';
export type {
  CpuView,
  ExecTimerView,
  HmLogView,
  KernelView,
  PartitionView,
  RunnerView,
  SystemView,
  TimerView,
  VcpuView,
} from './view.js';
export type { HmLogRecord } from './hm.js';
export { createMachineFor, type MachineForOptions } from './machineFor.js';
export { SEEDED_FAULTS, SEEDED_FAULT_IDS, type SeededFault, type SeededFaultId } from './faults.js';
export { KERNEL_QUIRKS, type KernelQuirk } from './quirks.js';
