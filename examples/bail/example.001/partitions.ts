/**
 * example.001, timers (user/bail/examples/example.001/partition0.c, partition1.c;
 * docs/bail-study.md §2.3). Partition 0 arms a periodic 1 s timer on the HW clock, partition 1 on
 * its EXEC clock; each handler prints both clocks and counts; after five interrupts the partition
 * prints its last lines and halts itself.
 *
 * `seq` is a `volatile` global of each image (BSS), shared by `partition_main` and the handler.
 */
import { clearIrqMask, getTime, haltPartition, setTimer } from '../../../impl/guest/api.js';
import type { PartitionImage } from '../../../impl/guest/index.js';
import { CLOCK, EXT_IRQ } from '../../../spec/constants/index.js';
import { bailExtTrap, bailImage, PRINT } from '../common/index.js';

/** The image of a partition using `clock` ('HW' for partition0.c, 'EXEC' for partition1.c). */
function timerPartition(clock: 'HW' | 'EXEC'): PartitionImage {
  let seq = 0;
  const irq = clock === 'HW' ? EXT_IRQ.HW_TIMER : EXT_IRQ.EXEC_TIMER;
  return bailImage({
    zeroBss: () => {
      seq = 0;
    },
    main: function* (b) {
      b.installTrapHandler(bailExtTrap(irq), function* (h) {
        const hw = yield* getTime(h.g, CLOCK.HW);
        const exec = yield* getTime(h.g, CLOCK.EXEC);
        yield* PRINT(h, `[%lld:%lld] IRQ ${clock} Timer\n`, hw.time ?? 0, exec.time ?? 0);
        ++seq;
      });
      yield* b.hwSti();
      yield* clearIrqMask(b.g, 0, 1 << irq);
      const { time } = yield* getTime(b.g, CLOCK[clock]);
      seq = 0;
      yield* PRINT(b, `Setting ${clock} timer at 1 sec period\n`);
      yield* setTimer(b.g, CLOCK[clock], (time ?? 0) + 1_000_000, 1_000_000);
      yield* b.spinWhile(() => seq < 5);
      yield* PRINT(b, 'Verification Passed\n');
      yield* PRINT(b, 'Halting\n');
      yield* haltPartition(b.g, yield* b.self());
    },
  });
}

export const partition0 = (): PartitionImage => timerPartition('HW');
export const partition1 = (): PartitionImage => timerPartition('EXEC');
