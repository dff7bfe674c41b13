/**
 * Hypercall return codes.
 *
 * Every hypercall and every object operation answers with a signed 32-bit value: one of these
 * codes, or a non-negative result (a byte count, a port id, a vCPU id) where the call returns a
 * value (prtos-hypercalls §1; PRTOS core/include/hypercalls.h:94-103).
 *
 * Two codes are defined but never produced on the paths this project emulates: the para-virtual
 * dispatchers answer an unknown or empty hypercall slot with NO_ACTION (-1), not
 * UNKNOWN_HYPERCALL (-2), which only the amd64 VMX path returns (anomaly A11,
 * core/kernel/amd64/vmx.c:1717); and no kernel code returns INVALID_MODE. Both stay in the table
 * because guests and traces may still name them.
 */

export const RETURN_CODES = {
  OK: 0,
  NO_ACTION: -1,
  UNKNOWN_HYPERCALL: -2,
  INVALID_PARAM: -3,
  PERM_ERROR: -4,
  INVALID_CONFIG: -5,
  INVALID_MODE: -6,
  OP_NOT_ALLOWED: -7,
  MULTICALL_ERROR: -8,
} as const;

export type ReturnCodeName = keyof typeof RETURN_CODES;
export type ReturnCode = (typeof RETURN_CODES)[ReturnCodeName];

export const RETURN_CODE_NAMES: readonly ReturnCodeName[] = Object.keys(RETURN_CODES) as ReturnCodeName[];

const NAME_BY_CODE: ReadonlyMap<number, ReturnCodeName> = new Map(
  RETURN_CODE_NAMES.map((name) => [RETURN_CODES[name], name] as const),
);

/** The name of a return code, or `undefined` for a value that is not one (for example a byte count). */
export function returnCodeName(code: number): ReturnCodeName | undefined {
  return NAME_BY_CODE.get(code);
}

export function isReturnCode(n: number): n is ReturnCode {
  return NAME_BY_CODE.has(n);
}

/** The C identifier the PRTOS headers and libprtos use, e.g. `PRTOS_INVALID_PARAM`. */
export function returnCodeCName(name: ReturnCodeName): `PRTOS_${ReturnCodeName}` {
  return `PRTOS_${name}`;
}

/**
 * Codes the emulated para-virtual kernel never returns (prtos-hypercalls §1): UNKNOWN_HYPERCALL
 * comes only from amd64 VMX guests, INVALID_MODE from nowhere. A property can use this to flag an
 * implementation that produces them.
 */
export const RETURN_CODES_NEVER_RETURNED_PARAVIRT: readonly ReturnCodeName[] = [
  'UNKNOWN_HYPERCALL',
  'INVALID_MODE',
];
