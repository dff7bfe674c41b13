/**
 * example.002, health monitor (user/bail/examples/example.002/partition.c, reader.c;
 * docs/bail-study.md §2.4). Partitions 0 and 1 run the same image: in their second slot they raise
 * a trap — riscv64 with the raise-trap pseudo-hypercall after routing trap 0 to vector 1, x86 with
 * a real divide by zero (#DE, vector 0). Their HM tables halt partition 0 and propagate the trap to
 * partition 1, whose handler prints and returns (x86: past the division). Partition 2 reads the HM
 * log in its second slot and halts once partition 1 is halted.
 */
import {
  getPartitionStatus,
  haltPartition,
  hmRead,
  hmStatus,
  idleSelf,
  raise,
  raisePartitionTrap,
  routeIrq,
} from '../../../impl/guest/api.js';
import type { PartitionImage } from '../../../impl/guest/index.js';
import { ROUTE_IRQ_TYPE, STATUS } from '../../../spec/constants/index.js';
import { bailImage, imageBase, PRINT, type Bail } from '../common/index.js';

/** x86 `DIVIDE_ERROR`; riscv64 `ILLEGAL_INSTR` trap 0 routed to vector 1 (0 means "none" there). */
const DIVIDE_ERROR = 0;
const ILLEGAL_INSTR_TRAP = 0;
const ILLEGAL_INSTR_VECTOR = 1;
/** Where the division sits in the image (a stand-in: only the masked trap dump shows it). */
const DIVISION_OFFSET = 0xa18;

/** partition.c: the image of partitions 0 and 1. */
export function trapPartition(): PartitionImage {
  return bailImage({
    main: function* (b) {
      yield* idleSelf(b.g);
      if (b.g.arch === 'x86') {
        b.installTrapHandler(DIVIDE_ERROR, function* (h) {
          yield* PRINT(h, '#Divide Exception propagated, ignoring...\n');
          return 'abandon';
        });
        yield* PRINT(b, 'Dividing by zero...\n');
        yield* raise('divide', imageBase(b.g) + DIVISION_OFFSET);
      } else {
        yield* routeIrq(b.g, ROUTE_IRQ_TYPE.TRAP, ILLEGAL_INSTR_TRAP, ILLEGAL_INSTR_VECTOR);
        b.installTrapHandler(ILLEGAL_INSTR_VECTOR, function* (h) {
          yield* PRINT(h, '#Illegal Instruction Exception propagated, ignoring...\n');
        });
        yield* PRINT(b, 'Raising illegal instruction trap...\n');
        yield* raisePartitionTrap(b.g, ILLEGAL_INSTR_TRAP);
      }
      yield* PRINT(b, 'Verification Passed\n');
      yield* PRINT(b, 'Halting\n');
      yield* haltPartition(b.g, yield* b.self());
    },
  });
}

function* printHmLog(b: Bail, opCodeLo: number, timestamp: number) {
  yield* b.printf(
    'part_Id: 0x%x eventId: 0x%x timeStamp: %lld\n',
    opCodeLo & 0xff,
    (opCodeLo >>> 16) & 0xffff,
    timestamp,
  );
}

/** reader.c: partition 2. */
export function reader(): PartitionImage {
  return bailImage({
    main: function* (b) {
      yield* idleSelf(b.g);
      yield* PRINT(b, ' --------- Health Monitor Log ---------------\n');
      for (;;) {
        yield* hmStatus(b.g);
        for (;;) {
          const { code, record } = yield* hmRead(b.g);
          if (code === 0) break;
          yield* PRINT(b, 'Log => ');
          yield* printHmLog(b, record?.opCodeLo ?? 0, record?.timestamp ?? 0);
        }
        const { status } = yield* getPartitionStatus(b.g, 1);
        if (status?.state === STATUS.HALTED) yield* haltPartition(b.g, yield* b.self());
        yield* idleSelf(b.g);
      }
    },
  });
}
