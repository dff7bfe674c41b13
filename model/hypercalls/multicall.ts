/**
 * multicall (0): a batch of hypercalls in guest memory (prtos-hypercalls §3.2), with the intended
 * semantics of the decisions: it runs on every port (HC-A5), an entry must lie wholly inside the
 * batch and its own arguments only are read (HC-A7), a number with no handler stops the batch with
 * MULTICALL_ERROR (HC-A6), and the argument count must be the number of argument words of the
 * entry's own hypercall (HC-A9, HC-A10). Words are 32 bits (HC-A8, "the same batch format").
 *
 * Batch entry: `[nr][argc | result << 16][arg0] … [arg(argc-1)]`. Each result is ORed into the
 * upper half of word 1; a refused entry gets `-3 << 16` there and ends the batch.
 *
 * Two points the notes leave open, decided here and reported to the lead: a multicall entry that
 * is itself a multicall is refused like a number with no handler (the kernel would recurse), and a
 * batch stops after an entry that leaves the caller unable to continue (it halted, suspended or
 * reset itself, yielded its slot, or stopped the system) — the kernel would resume the loop when
 * the vCPU runs again; the model does not continue a batch across a reschedule. The bound on batch
 * length of ST-A11 is not enforced: PRTOS defines none and the decision leaves the number open.
 *
 * Requirements: REQ-HCALL-8..11.
 */
import { hypercallByNumber, RETURN_CODES as RC } from '../../spec/constants/index.js';
import { readGuest, writeGuest } from '../memory.js';
import { pctReader } from '../pctImage.js';
import { arg, code, ok, pointer, type Call, type Outcome } from './call.js';

export type RunEntry = (nr: number, args: readonly number[]) => Outcome;

const WORD = 4;

export function multicall(c: Call, run: RunEntry, canContinue: () => boolean): Outcome {
  const start = arg(c, 0);
  const end = arg(c, 1);
  if (end < start) return code(RC.INVALID_PARAM);
  if (!pointer(c, start, { size: end - start, write: true, notNull: false })) return code(RC.INVALID_PARAM);
  const space = c.w.spaces[c.caller.part];
  if (space === undefined || start === 0) return ok();
  const pct = pctReader(c.w, c.caller.part);
  const read = (a: number) => readGuest(space, c.w.store, a, WORD, pct);
  const setWord1 = (a: number, argc: number, result: number) =>
    writeGuest(space, c.w.store, a + WORD, WORD, ((argc & 0xffff) | ((result & 0xffff) << 16)) >>> 0);
  let at = start;
  while (at < end) {
    if (at + 2 * WORD > end) return code(RC.MULTICALL_ERROR);
    const nr = read(at);
    const argc = read(at + WORD) & 0xffff;
    const h = hypercallByNumber(c.w.view.arch, nr);
    const inside = at + (argc + 2) * WORD <= end;
    if (h === undefined || nr === 0 || !inside || argc !== h.argRegisters) {
      setWord1(at, argc, -3);
      return code(RC.MULTICALL_ERROR);
    }
    const words = Array.from({ length: argc }, (_, i) => read(at + (2 + i) * WORD));
    c.cost.multicallEntries++;
    const outcome = run(nr, words);
    setWord1(at, argc, outcome.kind === 'return' ? outcome.code : 0);
    if (outcome.kind === 'noReturn' || !canContinue()) return outcome;
    at += (argc + 2) * WORD;
  }
  return ok();
}
