/**
 * The x86-family processor and paging hypercalls 20–22, 25 and 33–43 (prtos-hypercalls §3.19–
 * §3.21, §3.24, §3.32).
 *
 * Guest page tables, segment descriptors and control registers are not modelled (DESIGN.md,
 * Known limitations): the calls whose checks need them return what a partition with no tracked
 * page or descriptor gets where that is determined (update_page32 and set_page_type: the page is
 * not tracked → INVALID_PARAM), and OP_NOT_ALLOWED otherwise (slice 3). load_gdt and load_idtr,
 * which every BAIL x86 program makes, check their pointer and GDT size and store the descriptor
 * register in the PCT. set_if and clear_if change the virtual interrupt flag and return OK (the
 * real eax keeps the number, HC-A51, not reproducible here). invld_tlb and override_trap_hndl
 * have no check and no effect that this emulation can show.
 */
import { NR_PPAG_X86 } from '../../../spec/constants/hypercallArgs.js';
import { BUILD_CONFIG } from '../../../spec/constants/limits.js';
import { checkGpParam, RO_NOT_NULL } from '../gaccess.js';
import { X86_IF } from '../virq.js';
import { arg, INVALID_PARAM, OK, OP_NOT_ALLOWED, type HcHandler } from './result.js';

/** `struct x86_desc_reg` {u16 limit; u32 linear_base} packed (6 bytes). */
const DESC_REG_SIZE = 6;
const GDT_ENTRY_SIZE = 8;
/** An IDT gate is 8 bytes (`max_idt_vec = (limit + 1) / sizeof gate`). */
const GATE_SIZE = 8;

export const updatePage32Sys: HcHandler = (_k, _caller, a) => {
  if ((arg(a, 0) & 3) !== 0) return INVALID_PARAM;
  return INVALID_PARAM;
};

export const setPageTypeSys: HcHandler = (_k, _caller, a) => {
  if (arg(a, 1) >= NR_PPAG_X86) return INVALID_PARAM;
  return INVALID_PARAM;
};

export const invldTlbSys: HcHandler = () => OK;

export const overrideTrapHndlSys: HcHandler = () => OK;

export const notModelledSys: HcHandler = () => OP_NOT_ALLOWED;

export const loadGdtSys: HcHandler = (k, caller, a) => {
  const range = checkGpParam(k, caller, arg(a, 0), DESC_REG_SIZE, RO_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  const reg = range.read(0, DESC_REG_SIZE);
  const limit = reg[0]! | (reg[1]! << 8);
  if ((limit + 1) / GDT_ENTRY_SIZE > (BUILD_CONFIG[k.arch].PARTITION_NO_GDT_ENTRIES ?? 32))
    return INVALID_PARAM;
  storeDescReg(k, caller.pct, 'archGdtr', reg);
  return OK;
};

export const loadIdtrSys: HcHandler = (k, caller, a) => {
  const range = checkGpParam(k, caller, arg(a, 0), DESC_REG_SIZE, RO_NOT_NULL);
  if (range === null) return INVALID_PARAM;
  const reg = range.read(0, DESC_REG_SIZE);
  const limit = reg[0]! | (reg[1]! << 8);
  storeDescReg(k, caller.pct, 'archIdtr', reg);
  k.pct.set(caller.pct, 'archMaxIdtVec', Math.floor((limit + 1) / GATE_SIZE));
  return OK;
};

function storeDescReg(
  k: Parameters<HcHandler>[0],
  pct: number,
  field: 'archGdtr' | 'archIdtr',
  reg: Uint8Array,
): void {
  for (let i = 0; i < 3; i++) k.pct.set(pct, field, reg[2 * i]! | (reg[2 * i + 1]! << 8), i);
}

export const setIfSys: HcHandler = (k, caller) => {
  k.pct.set(caller.pct, 'iflags', (k.pct.get(caller.pct, 'iflags') | X86_IF) >>> 0);
  return OK;
};

export const clearIfSys: HcHandler = (k, caller) => {
  k.pct.set(caller.pct, 'iflags', (k.pct.get(caller.pct, 'iflags') & ~X86_IF) >>> 0);
  return OK;
};
