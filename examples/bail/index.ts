/**
 * The BAIL examples ported to prtos-ref: seven programs of user/bail/examples in the PRTOS source,
 * each with its x86 and riscv64 configuration, its partition programs written with the guest API
 * (common/ is the BAIL runtime), and the console a run must print (docs/bail-study.md §2).
 */
import type { BailExample } from './common/index.js';
import { example001 } from './example.001/index.js';
import { example002 } from './example.002/index.js';
import { example006 } from './example.006/index.js';
import { example007 } from './example.007/index.js';
import { example008 } from './example.008/index.js';
import { helloworld } from './helloworld/index.js';
import { helloworldSmp } from './helloworld_smp/index.js';

export type { BailArch, BailExample } from './common/index.js';

/** Every ported example, in the order of docs/bail-study.md §2. */
export const BAIL_EXAMPLES: readonly BailExample[] = [
  helloworld,
  helloworldSmp,
  example001,
  example002,
  example006,
  example007,
  example008,
];

/** The example called `name`, or undefined. */
export function bailExampleNamed(name: string): BailExample | undefined {
  return BAIL_EXAMPLES.find((e) => e.name === name);
}

export {
  bailConfig,
  checkBailExample,
  runBailExample,
  type BailBootOptions,
  type BailKernelPort,
  type BailMachine,
  type BailRun,
  type BailRunOptions,
} from './run.js';
export { compareConsole, parseExpected, type ConsoleMismatch, type ExpectedLine } from './expected.js';
