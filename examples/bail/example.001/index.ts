/** example.001: HW-clock and EXEC-clock timers. */
import { bailExample } from '../common/index.js';
import { partition0, partition1 } from './partitions.js';

export const example001 = bailExample(
  import.meta.url,
  'example.001',
  'Timers: partition 0 takes five 1 s HW-clock timer interrupts, partition 1 five 1 s EXEC-clock ones (its exec clock runs only in its half of each major frame); each handler prints both clocks.',
  12_000_000,
  () => ({ 0: partition0(), 1: partition1() }),
);
