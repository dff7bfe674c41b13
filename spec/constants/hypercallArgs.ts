/**
 * Values that hypercall arguments take: clock ids, reset modes, seek origins, routing types,
 * page types, cache selectors and name-lookup entities.
 *
 * Source: prtos-hypercalls §1 ("Other constants used in hypercall arguments") and the sections
 * of each call; PRTOS core/include/hypercalls.h:30-92 and core/include/logstream.h:130-133
 * (the log-stream seek origins, which must equal the object seek values).
 */

/** `get_time` / `set_timer` clock ids (hypercalls.h:50-51). Any other id → INVALID_PARAM. */
export const CLOCK = { HW: 0, EXEC: 1 } as const;
export type ClockName = keyof typeof CLOCK;

/**
 * `reset_partition` / `reset_system` modes (hypercalls.h:30-34). Any other value → INVALID_PARAM;
 * the kernel then passes `mode & PRTOS_RESET_MODE` on, so only bit 0 matters after the check.
 */
export const RESET_MODE = { COLD: 0, WARM: 1 } as const;
export type ResetModeName = keyof typeof RESET_MODE;
export const PRTOS_RESET_MODE_MASK = 0x1;

/**
 * `seek_object` origins (hypercalls.h:57-59). Note the order: CUR is 0 and SET is 1, unlike POSIX.
 * The log streams behind HM and trace use the same numbers (CURRENT, START, END; logstream.h:131-133).
 */
export const SEEK_WHENCE = { CUR: 0, SET: 1, END: 2 } as const;
export type SeekWhenceName = keyof typeof SEEK_WHENCE;

/** `route_irq` types (hypercalls.h:67-69); `irq` must be < 32, the vector is not checked (§3.18). */
export const ROUTE_IRQ_TYPE = { TRAP: 0, HWIRQ: 1, EXTIRQ: 2 } as const;
export type RouteIrqTypeName = keyof typeof ROUTE_IRQ_TYPE;
/** `route_irq`: `irq >= ROUTE_IRQ_LIMIT` → INVALID_PARAM (hypercalls.c:481). */
export const ROUTE_IRQ_LIMIT = 32;

/** `set_page_type` page types (x86/amd64 only, hypercalls.h:73-76); `type >= NR_PPAG` → INVALID_PARAM. */
export const PAGE_TYPE = { STD: 0, PTDL1: 1, PTDL2: 2, PTDL3: 3 } as const;
/** Number of page types the x86 kernel accepts (PTDL3 is defined but rejected on i386). */
export const NR_PPAG_X86 = 3;

/** Cache selectors of flush_cache / set_cache_state, which have no hypercall number (A46). */
export const CACHE = { DCACHE: 0x1, ICACHE: 0x2 } as const;

/** `get_gid_by_name` entity kinds (hypercalls.h:91-92); any other → INVALID_PARAM. */
export const GID_ENTITY = { PARTITION_NAME: 0, PLAN_NAME: 1 } as const;
export type GidEntityName = keyof typeof GID_ENTITY;
