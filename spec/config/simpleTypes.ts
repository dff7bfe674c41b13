/**
 * The simple types of the PRTOS configuration schema, as io-ts codecs from attribute text.
 *
 * Each codec mirrors one `xs:simpleType` of user/tools/prtoscparser/prtos_conf.xsd.in: its
 * lexical rule (XSD pattern, enumeration or built-in type, with the XSD whitespace rule of its
 * base type) decides validity, and its decoded value is what prtoscparser's conversion makes of
 * the text (units.ts). A failure message says what the text is and what would be right; the
 * caller adds the file, line, element and attribute.
 *
 * XSD details that matter: patterns match the whole value; `.` in an XSD pattern is any
 * character but a line break, so `[0-9]+(.[0-9]+)?` accepts "1x5" (the conversion then reads "1");
 * `xs:string` keeps whitespace (" 0x10" is not a hex_t), numeric types and lists collapse it.
 */
import * as t from 'io-ts';
import { toFrequencyKhz, toSize, toTime, toU32, toVersion } from './units.js';

/** A codec from attribute text to a value. */
export type SimpleType<A> = t.Type<A, string, string>;

/** XSD whitespace "collapse": runs of whitespace become one space, leading/trailing removed. */
export function collapse(s: string): string {
  return s.replace(/[ \t\n\r]+/g, ' ').trim();
}

function simple<A>(
  name: string,
  decode: (s: string) => { ok: true; value: A } | { ok: false; message: string },
) {
  return new t.Type<A, string, string>(
    name,
    (u): u is A => u !== undefined,
    (s, c) => {
      const r = decode(s);
      return r.ok ? t.success(r.value) : t.failure(s, c, r.message);
    },
    (a) => String(a),
  );
}

const ok = <A>(value: A): { ok: true; value: A } => ({ ok: true, value });
const bad = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** `xs:integer` with bounds; the value is `strtoul` narrowed to u32 as the parser reads it. */
function integer(name: string, min: number, maxExclusive?: number): SimpleType<number> {
  return simple(name, (s) => {
    const v = collapse(s);
    if (!/^[+-]?[0-9]+$/.test(v)) return bad(`"${s}" is not an integer`);
    const n = BigInt(v);
    if (n < BigInt(min)) return bad(`${v} is below the minimum ${min}`);
    if (maxExclusive !== undefined && n >= BigInt(maxExclusive))
      return bad(`${v} is out of range (it must be below ${maxExclusive})`);
    return ok(toU32(v, 10));
  });
}

/** `id_t`: a non-negative integer identifier. */
export const IdT = integer('id_t', 0);
/** `xs:positiveInteger`. */
export const PositiveInteger = integer('positiveInteger', 1);
/** `hwIrqId_t`: 0 ≤ line < CONFIG_NO_HWIRQS. */
export const hwIrqId = (noHwIrqs: number): SimpleType<number> => integer('hwIrqId_t', 0, noHwIrqs);

/** `idString_t`: any non-empty string (whitespace is kept and counts). */
export const IdString = simple<string>('idString_t', (s) =>
  s.length >= 1 ? ok(s) : bad('the value is empty'),
);

function pattern(name: string, re: RegExp, what: string) {
  return (s: string): { ok: true; value: string } | { ok: false; message: string } =>
    re.test(s) ? ok(s) : bad(`"${s}" is not ${what}`);
}

const hexCheck = pattern(
  'hex_t',
  /^0x[0-9a-fA-F]+$/,
  'a hexadecimal value (expected 0x followed by hex digits, e.g. 0x6000000)',
);

/** `hex_t`: `0x` and hex digits; the value is `strtoul(s, 16)` narrowed to 32 bits. */
export const Hex = simple<number>('hex_t', (s) => {
  const r = hexCheck(s);
  return r.ok ? ok(toU32(s, 16)) : r;
});

const versionCheck = pattern(
  'version_t',
  /^[0-9]+[^\n\r][0-9]+[^\n\r][0-9]+$/,
  'a version (expected e.g. 1.0.0)',
);
export const Version = simple('version_t', (s) => {
  const r = versionCheck(s);
  return r.ok ? ok(toVersion(s)) : r;
});

/**
 * A value with a unit. Its range (below 2^32-1 after conversion) is not a schema rule: prtoscparser
 * checks it while walking the document, so validation does it too (units.ts `exceedsUintMax`).
 */
function unitType(name: string, re: RegExp, what: string, convert: (s: string) => number) {
  const check = pattern(name, re, what);
  return simple<number>(name, (s) => {
    const r = check(s);
    return r.ok ? ok(convert(s)) : r;
  });
}

/** `timeUnit_t` → µs. */
export const TimeUnit = unitType(
  'timeUnit_t',
  /^[0-9]+([^\n\r][0-9]+)?([mu]?[sS])$/,
  'a time (expected a number and a unit: s, ms or us, e.g. 500ms)',
  toTime,
);
/** `sizeUnit_t` → bytes. */
export const SizeUnit = unitType(
  'sizeUnit_t',
  /^[0-9]+([^\n\r][0-9]+)?([MK]?B)$/,
  'a size (expected a number and a unit: B, KB or MB, e.g. 1MB)',
  toSize,
);
/** `freqUnit_t` → kHz. */
export const FreqUnit = unitType(
  'freqUnit_t',
  /^[0-9]+([^\n\r][0-9]+)?([MK][Hh]z)$/,
  'a frequency (expected a number and MHz or KHz, e.g. 100MHz)',
  toFrequencyKhz,
);

/** An `xs:string` enumeration (whitespace kept, so the match is exact). */
export function enumeration<const V extends string>(name: string, values: readonly V[]): SimpleType<V> {
  return simple<V>(name, (s) =>
    (values as readonly string[]).includes(s) ? ok(s as V) : bad(`"${s}" is not one of ${values.join(', ')}`),
  );
}

/** An `xs:list` of an item type: whitespace-separated items, possibly none. */
export function list<A>(name: string, item: SimpleType<A>): SimpleType<readonly A[]> {
  return new t.Type<readonly A[], string, string>(
    name,
    (u): u is readonly A[] => Array.isArray(u),
    (s, c) => {
      const items = collapse(s) === '' ? [] : collapse(s).split(' ');
      const out: A[] = [];
      for (const it of items) {
        const r = item.validate(it, c);
        if (r._tag === 'Left')
          return t.failure(s, c, `list item ${r.left[0]?.message ?? `"${it}" is invalid`}`);
        out.push(r.right);
      }
      return t.success(out);
    },
    (a) => a.map((x) => item.encode(x)).join(' '),
  );
}

/** `xs:boolean`: true, false, 1, 0 (whitespace collapsed). */
export const XsBoolean = simple<boolean>('boolean', (s) => {
  const v = collapse(s);
  if (v === 'true' || v === '1') return ok(true);
  if (v === 'false' || v === '0') return ok(false);
  return bad(`"${s}" is not a boolean (expected true, false, 1 or 0)`);
});

/** `yntf_t`: yes, no, true, false. */
export const Yntf = simple<boolean>('yntf_t', (s) => {
  if (s === 'yes' || s === 'true') return ok(true);
  if (s === 'no' || s === 'false') return ok(false);
  return bad(`"${s}" is not one of yes, no, true, false`);
});
