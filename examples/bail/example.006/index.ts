/** example.006: switching cyclic plans at run time. */
import { bailExample } from '../common/index.js';
import { planSwitcher, runner } from './partitions.js';

export const example006 = bailExample(
  import.meta.url,
  'example.006',
  'Plan switch: the system partition requests plan 1, then plan 2, then plan 0 (refused); each request takes effect at the next major-frame boundary, which the time-stamped "Run n" lines of the three partitions show.',
  11_000_000,
  () => ({ 0: runner(), 1: runner(), 2: planSwitcher() }),
);
