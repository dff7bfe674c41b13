/**
 * example.007, partition management (user/bail/examples/example.007/partition.c, supervisor.c;
 * docs/bail-study.md §2.6). The system partition 0 suspends, resumes, halts and warm-resets
 * partitions 1 and 2 (its "P2" and "P3"), one step per own slot, printing each return code and,
 * when it is ≥ 0, both partitions' states; then it halts the system. Partitions 1 and 2 count to
 * five, one count a slot, and halt themselves.
 */
import {
  getPartitionStatus,
  haltPartition,
  haltSystem,
  idleSelf,
  resetPartition,
  resumePartition,
  suspendPartition,
} from '../../../impl/guest/api.js';
import type { ApiCall, PartitionImage } from '../../../impl/guest/index.js';
import { RESET_MODE } from '../../../spec/constants/index.js';
import { bailImage, PRINT, PRINT_WITH, type Bail } from '../common/index.js';

/** partition.c: partitions 1 and 2. */
export function counter(): PartitionImage {
  return bailImage({
    main: function* (b) {
      let count = 0;
      yield* PRINT_WITH(b, 'Partition %d\n', function* () {
        return [yield* b.self()];
      });
      while (count < 5) {
        count++;
        yield* PRINT(b, 'cnt: %d\n', count);
        yield* idleSelf(b.g);
      }
      yield* haltPartition(b.g, yield* b.self());
    },
  });
}

const P2 = 1;
const P3 = 2;

/** supervisor.c: partition 0. */
export function supervisor(): PartitionImage {
  // `static prtos_part_status_t partStatus`: a failed call leaves the previous state in it.
  let partState = 0;
  function* printStatus(b: Bail): ApiCall<void> {
    const a = yield* getPartitionStatus(b.g, P2);
    if (a.status !== undefined) partState = a.status.state;
    const st2 = partState;
    const c = yield* getPartitionStatus(b.g, P3);
    if (c.status !== undefined) partState = c.status.state;
    const st3 = partState;
    yield* PRINT(b, 'Status P2 => 0x%x ;  P3 => 0x%x\n', st2, st3);
  }
  function* step(b: Bail, action: ApiCall<number>, p: number, what: string): ApiCall<void> {
    const ret = yield* action;
    yield* PRINT(b, `Partition %d  %d is ${what}\n`, p, ret);
    if (ret >= 0) yield* printStatus(b);
  }
  return bailImage({
    zeroBss: () => {
      partState = 0;
    },
    main: function* (b) {
      const g = b.g;
      yield* PRINT_WITH(b, 'Partition %d\n', function* () {
        return [yield* b.self()];
      });
      yield* printStatus(b);
      yield* idleSelf(g);
      yield* step(b, suspendPartition(g, P2), P2, 'suspended');
      yield* idleSelf(g);
      yield* step(b, suspendPartition(g, P3), P3, 'suspended');
      yield* idleSelf(g);
      yield* idleSelf(g);
      yield* step(b, resumePartition(g, P2), P2, 'resumed ');
      yield* idleSelf(g);
      yield* step(b, resumePartition(g, P3), P3, 'resumed ');
      yield* idleSelf(g);
      yield* idleSelf(g);
      yield* step(b, haltPartition(g, P2), P2, 'halted ');
      yield* idleSelf(g);
      yield* step(b, haltPartition(g, P3), P3, 'halted ');
      yield* idleSelf(g);
      yield* step(b, resetPartition(g, P2, RESET_MODE.WARM, 0), P2, 'restarted ');
      yield* idleSelf(g);
      yield* step(b, resetPartition(g, P3, RESET_MODE.WARM, 0), P3, 'restarted ');
      yield* idleSelf(g);
      yield* PRINT(b, 'Verification Passed\n');
      yield* PRINT(b, 'Halting System ...\n');
      yield* haltSystem(g);
    },
  });
}
