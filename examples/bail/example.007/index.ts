/** example.007: a system partition managing two others. */
import { bailExample } from '../common/index.js';
import { counter, supervisor } from './partitions.js';

export const example007 = bailExample(
  import.meta.url,
  'example.007',
  'Partition management: the system partition suspends, resumes, halts and warm-resets partitions 1 and 2, printing return codes and states, then halts the system.',
  30_000_000,
  () => ({ 0: supervisor(), 1: counter(), 2: counter() }),
);
