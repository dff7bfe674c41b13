/**
 * impl/machine — the emulated hardware, as one import for the kernel and the guest runtime.
 * See README.md for what each part is; `core.ts` and `contexts.ts` are internal.
 */
export { MAX_CPUS, cpuId, type Access, type AccessSize, type ContextId, type CpuId } from './ids.js';
export { PAGE_SIZE, PhysicalMemory, type WriteObserver } from './memory.js';
export {
  IDENTITY_CONTEXT,
  Mmu,
  type Mapping,
  type MmuFault,
  type MmuFaultKind,
  type Piece,
  type PieceTranslation,
  type Translation,
} from './mmu.js';
export {
  loadVirtual,
  readVirtual,
  storeVirtual,
  writeVirtual,
  type VirtualRead,
  type VirtualWrite,
} from './virtual.js';
export type { DeliverOutcome, GuestContext, GuestOp, GuestOpCosts, OpResult } from './isa.js';
export {
  EXCEPTION_KINDS,
  type Continuation,
  type ExceptionKind,
  type Fault,
  type Firmware,
  type InterruptSources,
  type KernelExit,
} from './firmware.js';
export { Timer, type TimerFiring } from './timer.js';
export { InterruptController, LINE_COUNT } from './intc.js';
export { Uart, type ConsoleLine, type UartListeners } from './uart.js';
export {
  WITNESS_KINDS,
  Witness,
  type Activity,
  type ActivityRecord,
  type FaultRecord,
  type OpOutcome,
  type OpRecord,
  type VectorRecord,
  type WitnessKind,
  type WriteRecord,
  type Writer,
} from './witness.js';
export { TieBreaks, type TieBreak } from './tieBreak.js';
export { Cpu, type CpuMode } from './cpu.js';
export { Machine, MachineLivelockError, type MachineOptions } from './machine.js';
