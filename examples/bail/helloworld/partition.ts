/**
 * helloworld (user/bail/examples/helloworld/partition.c:12-16): two lines, `idle_self`, and the
 * return from `partition_main` halts the partition (`part_halt`). docs/bail-study.md §2.1.
 */
import { idleSelf } from '../../../impl/guest/api.js';
import type { PartitionImage } from '../../../impl/guest/index.js';
import { bailImage, PRINT } from '../common/index.js';

export function partition(): PartitionImage {
  return bailImage({
    main: function* (b) {
      yield* PRINT(b, 'Hello World!\n');
      yield* PRINT(b, 'Verification Passed\n');
      yield* idleSelf(b.g);
    },
  });
}
