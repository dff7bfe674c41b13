/**
 * The health-monitor log object as libprtos reads it: `prtos_hm_read`, `prtos_hm_seek`,
 * `prtos_hm_status` (prtos-hypercalls §5.6, §7.2; user/libprtos/common/hm.c).
 *
 * The descriptor is `OBJDESC_BUILD(HM, 0xff, 0)`. `hmRead` reads one record into a buffer of the
 * record's size (36 bytes on x86, 52 on the 64-bit ports) and returns the number of records read
 * (the kernel's byte count divided by the record size) or the kernel's error.
 *
 * The C helpers first test "am I a system partition" as `pct->flags & PRTOS_PART_SYSTEM` (0x100),
 * but the PCT flags are the kthread flags, where 0x100 is the I-cache bit every running guest has,
 * so the test always passes (HC-A62, quirk `libprtos-system-check-pct-flags`). With the quirk on,
 * the helpers do exactly that (a get_vcpuid hypercall and a PCT load, then the wrong test);
 * intended (quirk off), they make no client-side test and leave the permission decision to the
 * kernel, which checks the real system flag (§5.6 step 2).
 */
import {
  HM_CMD,
  OBJ_CLASS,
  objDescBuild,
  PART_FLAGS,
  PRTOS_HYPERVISOR_ID,
  RETURN_CODES,
} from '../../../spec/constants/index.js';
import type { Guest } from '../guest.js';
import { HM_STATUS_LAYOUT, hmLogLayout } from '../layouts.js';
import { pctFlags } from '../libprtos.js';
import { loadField } from '../memory.js';
import { load, type ApiCall } from '../steps.js';
import { ctrlObject, readObject, seekObject } from './objects.js';

export const QUIRK_SYSTEM_CHECK = 'libprtos-system-check-pct-flags';

const HM_DESC = objDescBuild(OBJ_CLASS.HM, PRTOS_HYPERVISOR_ID, 0);

/** One HM log record (`prtos_hm_log_t`), its op-code words as stored (spec/constants/hmLog.ts decodes them). */
export interface HmLogRecord {
  readonly signature: number;
  readonly checksum: number;
  readonly opCodeHi: number;
  readonly opCodeLo: number;
  readonly timestamp: number;
  /** The four payload words (or pc, psr and two more words when the record holds a CPU context). */
  readonly payload: readonly bigint[];
}

export interface HmStatus {
  readonly numOfEvents: number;
  readonly maxEvents: number;
  readonly currentEvent: number;
}

/** The libprtos client-side check; returns PERM_ERROR when it refuses, else null. */
function* systemCheck(g: Guest): ApiCall<number | null> {
  if (!g.quirk(QUIRK_SYSTEM_CHECK)) return null;
  const flags = yield* pctFlags(g);
  return (flags & PART_FLAGS.SYSTEM) === 0 ? RETURN_CODES.PERM_ERROR : null;
}

/** `prtos_hm_read(&log)`: 1 and the record, 0 when no unread record is left, or an error. */
export function* hmRead(g: Guest): ApiCall<{ readonly code: number; readonly record?: HmLogRecord }> {
  const refused = yield* systemCheck(g);
  if (refused !== null) return { code: refused };
  const layout = hmLogLayout(g.arch);
  const mark = g.scratch.mark();
  try {
    const buf = g.scratch.push(layout.size, 8);
    const ret = yield* readObject(g, HM_DESC, buf, layout.size, 0);
    if (ret <= 0) return { code: ret };
    const f = layout.fields;
    const payload: bigint[] = [];
    const signature = yield* loadField(buf, f.signature);
    const checksum = yield* loadField(buf, f.checksum);
    const opCodeHi = yield* loadField(buf, f.opCodeHi);
    const opCodeLo = yield* loadField(buf, f.opCodeLo);
    const timestamp = yield* loadField(buf, f.timestamp);
    for (let i = 0; i < 4; i++)
      payload.push(yield* load(buf + layout.payloadOffset + i * layout.wordSize, layout.wordSize));
    return {
      code: Math.floor(ret / layout.size),
      record: { signature, checksum, opCodeHi, opCodeLo, timestamp, payload },
    };
  } finally {
    g.scratch.release(mark);
  }
}

/** `prtos_hm_seek(offset, whence)`; whence is `SEEK_WHENCE.*`. */
export function* hmSeek(g: Guest, offset: number, whence: number): ApiCall<number> {
  const refused = yield* systemCheck(g);
  if (refused !== null) return refused;
  return yield* seekObject(g, HM_DESC, offset, whence);
}

/** `prtos_hm_status(&status)`. */
export function* hmStatus(g: Guest): ApiCall<{ readonly code: number; readonly status?: HmStatus }> {
  const refused = yield* systemCheck(g);
  if (refused !== null) return { code: refused };
  const mark = g.scratch.mark();
  try {
    const buf = g.scratch.push(HM_STATUS_LAYOUT.size, 8);
    const code = yield* ctrlObject(g, HM_DESC, HM_CMD.GET_STATUS, buf);
    if (code !== 0) return { code };
    const f = HM_STATUS_LAYOUT.fields;
    return {
      code,
      status: {
        numOfEvents: yield* loadField(buf, f.numOfEvents),
        maxEvents: yield* loadField(buf, f.maxEvents),
        currentEvent: yield* loadField(buf, f.currentEvent),
      },
    };
  } finally {
    g.scratch.release(mark);
  }
}
