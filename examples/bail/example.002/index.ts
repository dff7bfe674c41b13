/** example.002: the health monitor — a trap halts one partition and is propagated to another. */
import { bailExample } from '../common/index.js';
import { reader, trapPartition } from './partitions.js';

export const example002 = bailExample(
  import.meta.url,
  'example.002',
  'Health monitor: partitions 0 and 1 raise the same trap; the HM halts partition 0 and propagates the trap to partition 1, which handles it; the system partition 2 prints the HM log.',
  3_000_000,
  () => ({ 0: trapPartition(), 1: trapPartition(), 2: reader() }),
);
