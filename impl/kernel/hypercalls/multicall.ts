/**
 * multicall(start, end), hypercall 0, with the x86 semantics (prtos-hypercalls §3.2;
 * core/kernel/hypercalls.c:31-59): a batch of u32 words `[nr][argc | result << 16][args…]`.
 *
 * The batch range is checked (written, NULL allowed); each entry's number and argument count are
 * checked against the table — a mismatch marks the entry INVALID_PARAM, prints the warning and
 * stops with MULTICALL_ERROR, earlier entries having run; otherwise the entry runs and its result
 * goes into the upper half of its second word. Intended (HC-A7, HC-A6): an entry runs only if it
 * lies wholly inside the batch and names a filled slot, and only its own arguments are read
 * (the real kernel reads five words whatever the count). An entry that switches the caller away
 * ends the batch there: the rest would run only when the caller is resumed, which an atomic
 * kernel entry cannot express (documented limitation).
 */
import { hypercallByNumber, NR_HYPERCALLS } from '../../../spec/constants/hypercalls.js';
import { RETURN_CODES } from '../../../spec/constants/returnCodes.js';
import { checkGpParam, RW_NULL_OK } from '../gaccess.js';
import { runTableEntry } from './dispatch.js';
import { arg, INVALID_PARAM, MULTICALL_ERROR, OK, type HcHandler } from './result.js';

export const multicallSys: HcHandler = (k, caller, a) => {
  const start = arg(a, 0);
  const end = arg(a, 1);
  if (end < start) return INVALID_PARAM;
  const range = checkGpParam(k, caller, start, end - start, RW_NULL_OK);
  if (range === null) return INVALID_PARAM;
  const u32 = (off: number) => new DataView(range.read(off, 4).buffer).getUint32(0, true);
  const put = (off: number, v: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    range.write(off, b);
  };
  let off = 0;
  const len = end - start;
  while (off < len) {
    if (off + 8 > len) return MULTICALL_ERROR;
    const nr = u32(off);
    const argc = u32(off + 4) & 0xffff;
    put(off + 4, argc);
    const slot = nr < NR_HYPERCALLS ? hypercallByNumber(k.arch, nr) : undefined;
    if (slot === undefined || argc !== slot.tableArgs || off + 8 + argc * 4 > len) {
      put(off + 4, argc | (RETURN_CODES.INVALID_PARAM << 16));
      k.console.print(k.entry.now, `[MULTICALL] hyp ${nr} no. params mismatches\n`);
      return MULTICALL_ERROR;
    }
    const regs = Array.from({ length: 5 }, (_, i) => (i < argc ? u32(off + 8 + 4 * i) : 0));
    k.entry.cost += k.timing.kernel.multicallEntry;
    const result = runTableEntry(k, caller, nr, regs);
    if (result === null || k.entry.cpu.current !== caller) return OK;
    put(off + 4, argc | (result << 16));
    off += (argc + 2) * 4;
  }
  return OK;
};
