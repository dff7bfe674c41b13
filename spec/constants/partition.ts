/**
 * Partitions: configuration flags, the boot flag, and how reset status words are encoded.
 *
 * Source: prtos-states §0 (partition state), §1.3 (reset counter and reset status), §6.3 (system
 * reset); PRTOS core/include/prtosconf.h:127-129 (partition flags), :235 (boot flag),
 * core/include/objects/hm.h:78-83 (reset status encodings), core/objects/hm.c:244-251 and
 * :304,314 (what the HM writes), core/kernel/hypercalls.c:207 (what reset_system writes).
 */

/** `prtos_conf_part.flags` bits. The XML knows `system`, `fp` and `none`, plus the `hw_virt` attribute. */
export const PART_FLAGS = { SYSTEM: 0x100, FP: 0x200, HWVIRT: 0x400 } as const;
export type PartFlagName = keyof typeof PART_FLAGS;

/** Set by the resident software for every partition whose image is in the container (`PRTOS_PART_BOOT`). */
export const PRTOS_PART_BOOT = 0x1;

/** Reset-status codes (hm.h:78-81): the upper half of a reset status word. */
export const RESET_STATUS = {
  PARTITION_NORMAL_START: 0,
  /** Defined, but no kernel path writes it (see `hmPartitionResetStatus`). */
  PARTITION_RESTART: 1,
  HM_MODULE_RESTART: 2,
  /** Defined, but no kernel path writes it. */
  HM_PARTITION_RESTART: 3,
} as const;
export const RESET_STATUS_USER_CODE_BIT = 16;
export const RESET_STATUS_EVENT_MASK = 0xffff;

/** `(code << 16) | (event & 0xffff)`, as a u32. */
export function resetStatusWord(code: number, event: number): number {
  return ((code << RESET_STATUS_USER_CODE_BIT) | (event & RESET_STATUS_EVENT_MASK)) >>> 0;
}

/**
 * `reset_status_init` after an HM HYPERVISOR_COLD_RESET / HYPERVISOR_WARM_RESET for `event`
 * (hm.c:244-251): `(2 << 16) | event`. Every partition booted by the following system reset
 * receives it as its reset status.
 */
export function hmSystemResetStatus(event: number): number {
  return resetStatusWord(RESET_STATUS.HM_MODULE_RESTART, event);
}

/** `reset_status_init` after a `reset_system` hypercall: `NORMAL_START << 16` = 0 (hypercalls.c:207). */
export const HYPERCALL_SYSTEM_RESET_STATUS = resetStatusWord(RESET_STATUS.PARTITION_NORMAL_START, 0);

/** `reset_status_init` on first power-up. */
export const POWER_ON_RESET_STATUS = 0;

/**
 * The reset status an HM PARTITION_COLD_RESET / PARTITION_WARM_RESET gives the partition: the raw
 * event number (hm.c:304,314), not `(HM_PARTITION_RESTART << 16) | event` as the header suggests.
 */
export function hmPartitionResetStatus(event: number): number {
  return event >>> 0;
}

/**
 * The PCT reset counter a cold reset leaves: it is set to -1 and then incremented, so it reads 0
 * (kthread.c:595-622, 470-471). A warm reset and every `reset_vcpu` add one.
 */
export const RESET_COUNTER_AFTER_COLD_RESET = 0;
