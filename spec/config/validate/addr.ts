/**
 * Address arithmetic as prtoscparser does it on each port.
 *
 * prtoscparser computes the last byte of a range as `start + size - 1` in `prtos_address_t`
 * (checks.c:58, 80, 90, 123), which is 32 bits wide on x86 and 64 bits on the other ports; the
 * result wraps modulo that width (a zero-sized area at 0 ends at 0xffffffff on x86 and at
 * 0xffffffffffffffff elsewhere). Its two overlap tests are not the same predicate and both are
 * kept: regions and areas use `s0 >= e1 || s1 >= e0` for "disjoint" (so ranges that share
 * only their last byte do not count as overlapping), reserved pages use `e1 < s0 || s1 >= e0`.
 */
import type { ArchFacts } from './archFacts.js';

/** An inclusive byte range as the parser holds it. */
export interface AddressRange {
  readonly start: bigint;
  readonly end: bigint;
}

export function rangeOf(facts: ArchFacts, start: number | bigint, size: number | bigint): AddressRange {
  const s = toBig(start);
  return { start: s, end: BigInt.asUintN(facts.addressBits, s + toBig(size) - 1n) };
}

/** Values reach here already converted to integers; a stray fraction is dropped as C would. */
function toBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
}

/** The test of check_memory_region / check_phys_mem_area / check_mem_area_per_partition. */
export function parserOverlap(a: AddressRange, b: AddressRange): boolean {
  return !(a.start >= b.end || b.start >= a.end);
}

/** The test against the pages PRTOS reserves (checks.c:91). */
export function overlapsReserved(area: AddressRange, reserved: AddressRange): boolean {
  return !(reserved.end < area.start || reserved.start >= area.end);
}

export function hex(v: number | bigint): string {
  return `0x${toBig(v).toString(16)}`;
}

export function formatRange(r: AddressRange): string {
  return `[${hex(r.start)} - ${hex(r.end)}]`;
}

/** A 32-bit value as C's `%d` prints it. */
export function asInt32(v: number | bigint): number {
  return Number(BigInt.asIntN(32, toBig(v)));
}

/** A value stored in a 32-bit unsigned field. */
export function asUint32(v: number | bigint): number {
  return Number(BigInt.asUintN(32, toBig(v)));
}
