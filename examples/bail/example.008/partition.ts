/**
 * example.008, multi-vCPU (user/bail/examples/example.008/partition.c; docs/bail-study.md §2.7).
 * Both partitions have two vCPUs. vCPU 0 starts vCPU 1 (`setup_vcpus`); each vCPU prints its
 * identity and PCT name followed by an empty line, the last vCPU prints "Verification Passed",
 * and every vCPU spins for ever. On riscv64 with the libprtos PCT-stride quirk (HC-A40) vCPU 1
 * reads its name past its own PCT and prints none.
 */
import { getVcpuId, numberOfVcpus, pctName } from '../../../impl/guest/api.js';
import type { PartitionImage } from '../../../impl/guest/index.js';
import { bailImage, PRINT, PRINT_WITH } from '../common/index.js';

export function partition(): PartitionImage {
  return bailImage({
    main: function* (b) {
      yield* b.setupVcpus();
      // Both branches of the C `if (prtos_get_vcpuid() == 0)` print the same line.
      yield* getVcpuId(b.g);
      yield* PRINT_WITH(b, "I'm Partition%d:vCPU%d,My name is %s\n\n", function* () {
        return [yield* b.self(), yield* getVcpuId(b.g), yield* pctName(b.g)];
      });
      const v = yield* getVcpuId(b.g);
      if (v === (yield* numberOfVcpus(b.g)) - 1) yield* PRINT(b, 'Verification Passed\n');
      yield* b.spinWhile(() => true);
    },
  });
}
