/**
 * The console object, class 1 (prtos-hypercalls §5.2; core/objects/console.c:40-68).
 *
 * write(desc, buffer, length): the descriptor must name the caller's partition (PERM_ERROR),
 * then the buffer is checked (not null, read by the kernel), then the length (at most 128; A41
 * intended: the pointer is checked first). The bytes go to the partition's console device; with
 * none the call returns 0.
 */
import { CONSOLE_MAX_WRITE } from '../../../spec/constants/objectCommands.js';
import { decodeDescriptor } from '../../../spec/constants/objects.js';
import { checkGpParam, RO_NOT_NULL } from '../gaccess.js';
import { INVALID_PARAM, PERM_ERROR, ret, type HcResult } from '../hypercalls/result.js';
import type { KernelContext, Kthread } from '../state.js';

export function writeConsole(
  k: KernelContext,
  caller: Kthread,
  desc: number,
  buffer: number,
  length: number,
): HcResult {
  if (decodeDescriptor(desc).partition !== caller.part.id) return PERM_ERROR;
  const range = checkGpParam(k, caller, buffer, length, RO_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  if (length > CONSOLE_MAX_WRITE) return INVALID_PARAM;
  if (!k.console.hasDevice(caller.part.id)) return ret(0);
  const bytes = range.read(0, length);
  const n = k.console.write(k.entry.now, caller.part.id, bytes);
  k.entry.bytesCopied += n;
  return ret(n);
}
