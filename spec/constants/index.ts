/** Every constant table of the contract, re-exported. */
export * from './arch.js';
export * from './archParams.js';
export * from './guestIsa.js';
export * from './hmActions.js';
export * from './hmEvents.js';
export * from './hmLog.js';
export * from './hypercallArgs.js';
export * from './hypercalls.js';
export * from './limits.js';
export * from './objectCommands.js';
export * from './objects.js';
export * from './partition.js';
export * from './returnCodes.js';
export * from './traps.js';
export * from './vcpu.js';
export * from './virqs.js';
