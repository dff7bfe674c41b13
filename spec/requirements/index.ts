/**
 * The requirement catalogue of prtos-ref: baseline 1.0.0, every requirement of every area, and
 * lookup by id. Area files hold the data (one concern each); this file only assembles them in a
 * fixed order, so that `REQUIREMENTS` lists areas in the order of `AREAS` and ids in numeric
 * order within an area.
 *
 * Ids are stable. To change a requirement's meaning, retire its id (leave it out of the area
 * file with a comment saying so) and add a new one; never renumber.
 */
import { CFG_REQUIREMENTS } from './cfg.js';
import { HCALL_REQUIREMENTS } from './hcall.js';
import { HM_REQUIREMENTS } from './hm.js';
import { IPC_REQUIREMENTS } from './ipc.js';
import { IRQ_REQUIREMENTS } from './irq.js';
import { LIB_REQUIREMENTS } from './lib.js';
import { MEM_REQUIREMENTS } from './mem.js';
import { NI_REQUIREMENTS } from './ni.js';
import { OBJ_REQUIREMENTS } from './obj.js';
import { PART_REQUIREMENTS } from './part.js';
import { PRIV_REQUIREMENTS } from './priv.js';
import { SCHED_REQUIREMENTS } from './sched.js';
import { SYS_REQUIREMENTS } from './sys.js';
import { TIME_REQUIREMENTS } from './time.js';
import { TOOL_REQUIREMENTS } from './tool.js';
import { AREAS, type Area, type Baseline, type Requirement, type RequirementId } from './types.js';
import { VCPU_REQUIREMENTS } from './vcpu.js';

export * from './types.js';
export { PROPERTY_KEYS, PROPERTY_REQUIREMENTS } from './properties.js';
export type { PropertyKey, PropertyRequirements } from './properties.js';

/**
 * The baseline these requirements form. The date is the day the baseline was frozen, written
 * here as a constant (prtos-ref never reads the wall clock below cli/).
 */
export const BASELINE: Baseline = { version: '1.0.0', date: '2025-11-25' };

const BY_AREA: Readonly<Record<Area, readonly Requirement[]>> = {
  CFG: CFG_REQUIREMENTS,
  PART: PART_REQUIREMENTS,
  VCPU: VCPU_REQUIREMENTS,
  SCHED: SCHED_REQUIREMENTS,
  TIME: TIME_REQUIREMENTS,
  IRQ: IRQ_REQUIREMENTS,
  HM: HM_REQUIREMENTS,
  MEM: MEM_REQUIREMENTS,
  IPC: IPC_REQUIREMENTS,
  PRIV: PRIV_REQUIREMENTS,
  SYS: SYS_REQUIREMENTS,
  NI: NI_REQUIREMENTS,
  HCALL: HCALL_REQUIREMENTS,
  OBJ: OBJ_REQUIREMENTS,
  LIB: LIB_REQUIREMENTS,
  TOOL: TOOL_REQUIREMENTS,
};

export const REQUIREMENTS: readonly Requirement[] = AREAS.flatMap((area) => BY_AREA[area]);

/** The requirements of one area, in id order. */
export function requirementsOfArea(area: Area): readonly Requirement[] {
  return BY_AREA[area];
}

const INDEX: ReadonlyMap<string, Requirement> = new Map(REQUIREMENTS.map((r) => [r.id, r]));

/** The requirement with this id, or undefined (ids of other baselines, typos). */
export function requirementById(id: string): Requirement | undefined {
  return INDEX.get(id);
}

/** Whether `id` names a requirement of this baseline (narrows the type). */
export function isKnownRequirement(id: string): id is RequirementId {
  return INDEX.has(id);
}
