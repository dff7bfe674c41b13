/**
 * helloworld_smp (user/bail/examples/helloworld_smp/partition.c:6-10), the program of both
 * partitions, one per CPU: a line naming the partition, vCPU and PCT name (two get_vcpuid
 * hypercalls while the arguments are evaluated), a second line, and `halt_partition(self)`.
 * No `PRINT` prefix. docs/bail-study.md §2.2.
 */
import { getVcpuId, haltPartition, pctName } from '../../../impl/guest/api.js';
import type { PartitionImage } from '../../../impl/guest/index.js';
import { bailImage } from '../common/index.js';

export function partition(): PartitionImage {
  return bailImage({
    main: function* (b) {
      yield* b.printfWith("I'm Partition%d:vCPU%d,My name is %s\n", function* () {
        return [yield* b.self(), yield* getVcpuId(b.g), yield* pctName(b.g)];
      });
      yield* b.printf('Verification Passed\n');
      yield* haltPartition(b.g, yield* b.self());
    },
  });
}
