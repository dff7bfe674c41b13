/** helloworld: one system partition prints two lines and halts itself. */
import { bailExample } from '../common/index.js';
import { partition } from './partition.js';

export const helloworld = bailExample(
  import.meta.url,
  'helloworld',
  'One system partition prints "Hello World!" and "Verification Passed", idles for the rest of its slot, then halts itself.',
  1_000_000,
  () => ({ 0: partition() }),
);
