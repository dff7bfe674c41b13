/**
 * example.006, plan switch (user/bail/examples/example.006/partition.c, sys_partition.c;
 * docs/bail-study.md §2.5). Every line carries the HW clock (`PRINT_TIMED`). Partitions 0 and 1
 * print "Run n" once a slot, ten times, then halt. The system partition 2 prints "Run n" once a
 * slot and, every other slot, asks for the next plan (1, 2, then 0, which is refused): the request
 * line is printed without newline, the call made, and "OK" or "FAILED" completes the line.
 */
import { haltPartition, idleSelf, switchSchedPlan } from '../../../impl/guest/api.js';
import type { PartitionImage } from '../../../impl/guest/index.js';
import { bailImage, PRINT_TIMED } from '../common/index.js';

/** partition.c: partitions 0 and 1. */
export function runner(): PartitionImage {
  return bailImage({
    main: function* (b) {
      let seq = 0;
      while (seq < 10) {
        yield* PRINT_TIMED(b, 'Run %d\n', seq++);
        yield* idleSelf(b.g);
      }
      yield* haltPartition(b.g, yield* b.self());
    },
  });
}

/** sys_partition.c: partition 2. */
export function planSwitcher(): PartitionImage {
  return bailImage({
    main: function* (b) {
      let seq = 0;
      let curr = 0;
      while (seq < 6) {
        yield* PRINT_TIMED(b, 'Run %d\n', seq);
        if (seq % 2 === 0) {
          curr = (curr + 1) % 3;
          yield* PRINT_TIMED(b, 'Switch to plan %d --> ', curr % 3);
          const { code } = yield* switchSchedPlan(b.g, curr);
          if (code < 0) yield* b.printf('FAILED\n');
          else yield* b.printf('OK\n');
        }
        seq = seq + 1;
        yield* idleSelf(b.g);
      }
      yield* PRINT_TIMED(b, 'Verification Passed\n');
      yield* PRINT_TIMED(b, 'Halting\n');
      yield* haltPartition(b.g, yield* b.self());
    },
  });
}
