/**
 * Rules on the text of attribute values that the schema lets through but prtoscparser's own
 * conversions refuse.
 *
 * - Flag lists (conv.c:505-544 `to_flags`): the parser splits a list at each single space and
 *   looks every piece up in its table, case-insensitively. The schema (an `xs:list`) accepts any
 *   whitespace between items, so `flags="system  fp"` (two spaces), `flags=" shared"` or a tab
 *   written as `&#9;` pass the schema and then fail here on an empty or glued item. Applies to
 *   partition flags, area flags and the hypervisor trace bitmask.
 *   (The cutting itself is units.ts `parserListItems`.)
 * - Values too large for 32 bits (conv.c:46-86): a time, size or frequency whose converted value
 *   reaches UINT_MAX stops prtoscparser with "Time/Size/Frequency exceeds MAX_UINT" and no line.
 *   A time or size that is simply large but below the limit passes (and may wrap later, see
 *   schedule.ts).
 */
import { exceedsUintMax, parserListItems } from '../../units.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';

export const FLAG_LIST = defineRule({
  id: 'CFG-FLAG-LIST',
  requirement: 'TODO(REQ-CFG)',
  title:
    'A flag list (partition flags, area flags, hypervisor trace bitmask) separates its items with single spaces.',
  source: 'conv.c:505-544',
  parserLine: 'element',
  example:
    'flags "system  fp": prtoscparser reads the items between single spaces and finds "", which is not one of system, fp, none; separate the items with one space (e.g. "system fp")',
});

export const UNIT_RANGE = defineRule({
  id: 'CFG-UNIT-RANGE',
  requirement: 'TODO(REQ-CFG)',
  title: 'A time (µs), size (bytes) or frequency (kHz) is below 2^32-1 once converted.',
  source: 'conv.c:46-86',
  parserLine: 'none',
  example: 'majorFrame "5000s" is 5000000000 us, which exceeds MAX_UINT (4294967295): use at most 4294s',
});

export function checkFlagList(
  attribute: string,
  text: string,
  known: readonly string[],
  line: number,
): ConfigIssue | undefined {
  const lower = known.map((k) => k.toLowerCase());
  const bad = parserListItems(text).find((item) => !lower.includes(item.toLowerCase()));
  if (bad === undefined) return undefined;
  const single = text.trim().split(/\s+/).join(' ');
  return issueOf(
    FLAG_LIST,
    line,
    `${attribute} ${JSON.stringify(text)}: prtoscparser reads the items between single spaces and finds ` +
      `${JSON.stringify(bad)}, which is not one of ${known.join(', ')}; separate the items with one space ` +
      `(e.g. ${JSON.stringify(single)})`,
  );
}

export type UnitKind = 'time' | 'size' | 'frequency';

const UNIT_OF: Readonly<Record<UnitKind, { unit: string; suggest: (limit: number) => string }>> = {
  time: { unit: 'us', suggest: (limit) => `${Math.floor(limit / 1e6)}s` },
  size: { unit: 'bytes', suggest: (limit) => `${Math.floor(limit / 1048576)}MB` },
  frequency: { unit: 'kHz', suggest: (limit) => `${Math.floor(limit / 1000)}MHz` },
};

export function checkUnitRange(
  kind: UnitKind,
  attribute: string,
  text: string,
  value: number,
  line: number,
): ConfigIssue | undefined {
  if (!exceedsUintMax(value)) return undefined;
  const u = UNIT_OF[kind];
  const limit = 4294967294;
  return issueOf(
    UNIT_RANGE,
    line,
    `${attribute} "${text}" is ${value} ${u.unit}, which exceeds MAX_UINT (4294967295): use at most ${u.suggest(limit)}`,
  );
}
