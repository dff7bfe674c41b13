/** helloworld_smp: two partitions on two CPUs, running at the same time. */
import { bailExample } from '../common/index.js';
import { partition } from './partition.js';

export const helloworldSmp = bailExample(
  import.meta.url,
  'helloworld_smp',
  'Two system partitions, one on each of two CPUs, each print their identity and "Verification Passed", then halt themselves.',
  3_000_000,
  () => ({ 0: partition(), 1: partition() }),
);
