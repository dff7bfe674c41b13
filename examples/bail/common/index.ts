/** The BAIL runtime port, as one import for the examples. */
export {
  Bail,
  bailExtTrap,
  bailImage,
  SPIN_CHUNK,
  STARTUP_US,
  TRAPTAB_LENGTH,
  type ArgsProgram,
  type BailProgram,
  type BailTrapHandler,
} from './bail.js';
export { CONSOLE_BUFFER_SIZE, LineBuffer } from './console.js';
export { formatBail, type PrintfArg, type PrintfOptions } from './printf.js';
export { PRINT, PRINT_TIMED, PRINT_WITH } from './print.js';
export * from './layout.js';
export { bailExample, type BailArch, type BailExample } from './example.js';
