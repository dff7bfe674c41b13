/** example.008: partitions with two vCPUs on two CPUs. */
import { bailExample } from '../common/index.js';
import { partition } from './partition.js';

export const example008 = bailExample(
  import.meta.url,
  'example.008',
  'Multi-vCPU: two partitions with two vCPUs each on two CPUs; vCPU 0 starts vCPU 1, every vCPU prints its identity, the last one "Verification Passed".',
  3_000_000,
  () => ({ 0: partition(), 1: partition() }),
);
