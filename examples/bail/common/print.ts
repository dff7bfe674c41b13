/**
 * The `PRINT` macros of the BAIL examples. BAIL has no common one: each example defines its own
 * (docs/bail-study.md §1.2).
 * - `PRINT`: `"[" <partition id> "] "` then the message (helloworld, example.001, .002, .007, .008;
 *   e.g. user/bail/examples/helloworld/partition.c:6-10).
 * - `PRINT_TIMED`: `"[" <partition id> "][" <HW clock, µs> "] "` then the message, the time read by
 *   `get_time(HW)` just before (example.006, partition.c:6-12).
 * The prefix is one `printf` and the message another; the macro's arguments are evaluated when the
 * second `printf` is called, after the prefix — `PRINT_WITH` keeps that order for arguments that
 * are themselves calls.
 */
import * as api from '../../../impl/guest/api.js';
import { CLOCK } from '../../../spec/constants/index.js';
import type { ApiCall } from '../../../impl/guest/index.js';
import type { ArgsProgram, Bail } from './bail.js';
import type { PrintfArg } from './printf.js';

export function* PRINT(b: Bail, fmt: string, ...args: readonly PrintfArg[]): ApiCall<void> {
  yield* b.printf('[%d] ', yield* b.self());
  yield* b.printf(fmt, ...args);
}

export function* PRINT_WITH(b: Bail, fmt: string, args: ArgsProgram): ApiCall<void> {
  yield* b.printf('[%d] ', yield* b.self());
  yield* b.printfWith(fmt, args);
}

export function* PRINT_TIMED(b: Bail, fmt: string, ...args: readonly PrintfArg[]): ApiCall<void> {
  const { time } = yield* api.getTime(b.g, CLOCK.HW);
  const self = yield* b.self();
  yield* b.printf('[%d][%lld] ', self, time ?? 0);
  yield* b.printf(fmt, ...args);
}
