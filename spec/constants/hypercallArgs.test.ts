import { describe, expect, it } from 'vitest';
import {
  CACHE,
  CLOCK,
  GID_ENTITY,
  PAGE_TYPE,
  PRTOS_RESET_MODE_MASK,
  RESET_MODE,
  ROUTE_IRQ_TYPE,
  SEEK_WHENCE,
} from './hypercallArgs.js';
import { PRTOS_HYPERVISOR_ID, UNCHECKED_ID } from './objects.js';
import { noteSection, readNote, tableRows } from './testing/notes.js';

/** Our value for each C constant named in the notes. */
const OURS: Readonly<Record<string, number>> = {
  PRTOS_HW_CLOCK: CLOCK.HW,
  PRTOS_EXEC_CLOCK: CLOCK.EXEC,
  PRTOS_COLD_RESET: RESET_MODE.COLD,
  PRTOS_WARM_RESET: RESET_MODE.WARM,
  PRTOS_RESET_MODE: PRTOS_RESET_MODE_MASK,
  PRTOS_OBJ_SEEK_CUR: SEEK_WHENCE.CUR,
  PRTOS_OBJ_SEEK_SET: SEEK_WHENCE.SET,
  PRTOS_OBJ_SEEK_END: SEEK_WHENCE.END,
  PRTOS_TRAP_TYPE: ROUTE_IRQ_TYPE.TRAP,
  PRTOS_HWIRQ_TYPE: ROUTE_IRQ_TYPE.HWIRQ,
  PRTOS_EXTIRQ_TYPE: ROUTE_IRQ_TYPE.EXTIRQ,
  PPAG_STD: PAGE_TYPE.STD,
  PPAG_PTDL1: PAGE_TYPE.PTDL1,
  PPAG_PTDL2: PAGE_TYPE.PTDL2,
  PPAG_PTDL3: PAGE_TYPE.PTDL3,
  PRTOS_DCACHE: CACHE.DCACHE,
  PRTOS_ICACHE: CACHE.ICACHE,
  PRTOS_PARTITION_NAME: GID_ENTITY.PARTITION_NAME,
  PRTOS_PLAN_NAME: GID_ENTITY.PLAN_NAME,
  PRTOS_HYPERVISOR_ID,
  UNCHECKED_ID,
};

describe('hypercall argument values', () => {
  // Second source: "Other constants used in hypercall arguments", prtos-hypercalls §1.
  it('agree with the constants table of prtos-hypercalls §1', () => {
    const rows = tableRows(noteSection(readNote('prtos-hypercalls'), '## 1. Return codes'));
    const seen = new Set<string>();
    for (const [names = '', values = ''] of rows) {
      // `PRTOS_OBJ_SEEK_CUR` / `_SET` / `_END`: a name starting with `_` continues the first one's prefix.
      const ids = [...names.matchAll(/`([A-Z_0-9]+)`/g)].map((m) => m[1] ?? '');
      const prefix = ids[0]?.replace(/_[A-Z]+$/, '') ?? '';
      const full = ids.map((id) => (id.startsWith('_') ? `${prefix}${id}` : id));
      const nums = values.split('/').map((v) => Number(v.trim()));
      if (full.length !== nums.length || nums.some(Number.isNaN)) continue;
      full.forEach((id, i) => {
        if (!(id in OURS)) return;
        expect(OURS[id], id).toBe(nums[i]);
        seen.add(id);
      });
    }
    expect([...seen].sort()).toEqual(Object.keys(OURS).sort());
  });

  it('number the seek origins CUR 0, SET 1, END 2 (not POSIX order)', () => {
    expect(SEEK_WHENCE).toEqual({ CUR: 0, SET: 1, END: 2 });
  });
});
