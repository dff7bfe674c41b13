/**
 * impl/guest — the libprtos side: the guest API and the runtimes that run partition programs on
 * impl/machine's op-level ISA, and the loaders the kernel starts vCPUs through. See README.md.
 */
export * from './api.js';
export { encodeArg, encodeArgs, hypercallNumber, u32 } from './args.js';
export { emitOp, traceOp, type GuestMachine, type Observe } from './events.js';
export {
  Guest,
  PartitionData,
  type GuestInit,
  type HandlerExit,
  type LibprtosParams,
  type PartitionFacts,
  type StartReason,
  type TrapHandler,
  type TrapInfo,
} from './guest.js';
export * from './layouts.js';
export { QUIRK_PCT_STRIDE } from './libprtos.js';
export { QUIRK_SYSTEM_CHECK } from './api/hm.js';
export {
  imageLoader,
  programLoader,
  areaGuestAddress,
  QUIRK_STAGE2_IGNORES_AREA_FLAGS,
  scratchArea,
  scratchRegion,
  SCRATCH_PER_VCPU,
  type EntryProgram,
  type GuestLoader,
  type GuestStartRequest,
  type LoaderOptions,
  type PartitionImage,
} from './loader.js';
export { OpListGuest, totalAddress, type OpListGuestOptions } from './opListGuest.js';
export {
  dispatchToHandler,
  GeneratorGuest,
  GuestProgramError,
  type GeneratorGuestOptions,
  type VectorEntry,
} from './runtime.js';
export { ScratchStack, type ScratchRegion } from './scratch.js';
export {
  toSigned32,
  toSigned64,
  toUnsigned,
  type ApiCall,
  type GuestProgram,
  type GuestStep,
  type RaiseStep,
  type SpinStep,
} from './steps.js';
