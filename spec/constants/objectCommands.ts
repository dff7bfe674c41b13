/**
 * Command numbers and argument values of the object classes: console, ports, memory, HM, trace
 * and status.
 *
 * Source: prtos-hypercalls §5.2-5.8; PRTOS core/include/objects/commports.h:12-119,
 * core/include/prtosconf.h:64-74 (port direction and type), core/include/objects/mem.h:12,
 * core/include/objects/hm.h:62-65, core/include/objects/trace.h:14-56,
 * core/include/objects/status.h:83-87, core/objects/console.c:50-51.
 */

/** A console write longer than this → INVALID_PARAM, checked after the pointer check (A41). */
export const CONSOLE_MAX_WRITE = 128;

/** ctrl commands shared by sampling and queuing ports. Any other → INVALID_PARAM. */
export const COMM_CMD = { CREATE_PORT: 0, GET_PORT_STATUS: 1, GET_PORT_INFO: 2 } as const;

/** Port direction in the configuration and in create/info (`PRTOS_SOURCE_PORT` / `PRTOS_DESTINATION_PORT`). */
export const PORT_DIRECTION = { SOURCE: 2, DESTINATION: 1 } as const;
export type PortDirectionName = keyof typeof PORT_DIRECTION;

/** Port and channel type (`PRTOS_SAMPLING_PORT` / `PRTOS_QUEUING_PORT`, same numbers for channels). */
export const PORT_TYPE = { SAMPLING: 0, QUEUING: 1 } as const;
export type PortTypeName = keyof typeof PORT_TYPE;

/** `channel_id` of a port attached to no channel. */
export const PRTOS_NULL_CHANNEL = -1;

/**
 * `flags` of a sampling port status as the guest reads it: bits 2..1 say NEW (4), CONSUMED (2) or
 * EMPTY (0); bit 0 is VALID. (The receiver practically never sees NEW, A19.)
 */
export const SAMPLING_STATUS_FLAGS = {
  EMPTY: 0x0,
  CONSUMED_MSG: 1 << 1,
  NEW_MSG: 2 << 1,
  MSG_VALID: 0x1,
} as const;
export const PRTOS_COMM_PORT_STATUS_B = 1;
export const PRTOS_COMM_PORT_STATUS_M = 0x3;

/**
 * The kernel's own per-port flags (`port_table[].flags`, commports.h:115-119). Not visible to a
 * guest directly; a partition reset clears OPENED only (A26).
 */
export const COMM_PORT_FLAGS = {
  OPENED: 0x1,
  EMPTY: 0x0,
  NEW_MSG: 0x2,
  CONSUMED_MSG: 0x4,
  MSG_MASK: 0x6,
} as const;

/** A sampling channel's `valid_period` meaning "never expires" (u32 all ones). */
export const PRTOS_INFINITE_TIME = 0xffffffff;

/** Memory object ctrl command: copy between partitions' areas (`PRTOS_OBJ_MEM_CPY_AREA`). Any other → INVALID_PARAM. */
export const MEM_CMD = { CPY_AREA: 1 } as const;

/** HM log ctrl commands (hm.h:62-65). Any other → INVALID_PARAM. */
export const HM_CMD = { GET_STATUS: 0, LOCK_EVENTS: 1, UNLOCK_EVENTS: 2, RESET_EVENTS: 3 } as const;

/** Trace ctrl commands (trace.h:53-56). Any other → INVALID_PARAM. */
export const TRACE_CMD = { GET_STATUS: 0, LOCK: 1, UNLOCK: 2, RESET: 3 } as const;

/** Trace criticality (op_code_hi bits 3..1); UNRECOVERABLE raises PARTITION_ERROR (trace.c:83-91). */
export const TRACE_CRITICALITY = { NOTIFY: 0, DEBUG: 1, WARNING: 2, UNRECOVERABLE: 3 } as const;
/** Trace bitmap that matches every event (`TRACE_BM_ALWAYS`). */
export const TRACE_BM_ALWAYS = 0xffffffff;

/** Status object ctrl commands (status.h:83-87). Any other → INVALID_PARAM. */
export const STATUS_CMD = {
  GET_SYSTEM_STATUS: 0,
  GET_SCHED_PLAN_STATUS: 1,
  SET_PARTITION_OPMODE: 2,
  GET_PHYSPAGE_STATUS: 3,
  GET_VCPU_STATUS: 4,
} as const;
export type StatusCmdName = keyof typeof STATUS_CMD;
