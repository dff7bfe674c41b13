/**
 * Unit conversion exactly as prtoscparser converts configuration values.
 *
 * prtoscparser (user/tools/prtoscparser/conv.c) reads numbers with the C library and stores them
 * in 32-bit fields; a configuration means what those conversions make of it, so we reproduce
 * them operation for operation rather than "what the text obviously says":
 *
 * - times (`to_time`, conv.c:59-70): the leading number is read as a C double (`sscanf %lf`),
 *   multiplied by 1000 if the text contains "ms" and by 1000000 if it contains "s" (and not "us"
 *   or "ms"), case-insensitively anywhere in the text; a result ≥ UINT_MAX is an error
 *   ("Time exceeds MAX_UINT", see `exceedsUintMax`); otherwise it is truncated toward zero (µs);
 * - sizes (`to_size`, conv.c:72-86): the same with "MB" (×1048576) and "KB" (×1024); bytes;
 * - frequencies (`to_freq`, conv.c:46-57): "MHz" multiplies by 1000, so the stored unit is kHz;
 * - hex and decimal integers (`to_u32`, conv.c:31-36): `strtoul` (64-bit on the 64-bit hosts the
 *   tool is built for, saturating at 2^64-1) and then truncated to 32 bits — an address above
 *   4 GiB silently wraps (negative case MX18 shows the consequence);
 * - versions: three unsigned numbers separated by dots;
 * - lists of IRQ lines and IPVI destinations (conv.c:271-292 `to_hw_irq_lines`, conv.c:206-220
 *   `process_id_list`): cut at every single space (not at any whitespace, as the schema's
 *   `xs:list` does), each item read with `atoi` or `strtoul`; two spaces make an empty item,
 *   which reads as 0.
 *
 * The XSD patterns (user/tools/prtoscparser/prtos_conf.xsd.in) are checked separately; they
 * allow more than they seem to (their `.` is "any character"), so these functions accept any
 * text the patterns accept and convert it as C would.
 */

export const UINT_MAX = 4294967295;
const U64_MAX = (1n << 64n) - 1n;

/** The C `strtod` prefix of `s` (what `sscanf("%lf")` consumes); 0 when there is none. */
export function cDoublePrefix(s: string): number {
  const hex =
    /^[ \t\n\v\f\r]*([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?/.exec(s);
  if (hex !== null) return parseHexFloat(hex[1] ?? '', hex[2] ?? '', hex[3]);
  const dec = /^[ \t\n\v\f\r]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(s);
  if (dec !== null) return Number(dec[1]);
  const special = /^[ \t\n\v\f\r]*([+-]?)(inf(?:inity)?|nan)/i.exec(s);
  if (special !== null) {
    const neg = special[1] === '-';
    return special[2]?.toLowerCase().startsWith('inf') ? (neg ? -Infinity : Infinity) : NaN;
  }
  return 0;
}

function parseHexFloat(sign: string, mantissa: string, exponent: string | undefined): number {
  const [intPart = '', fracPart = ''] = mantissa.split('.');
  let value = 0;
  for (const ch of intPart) value = value * 16 + parseInt(ch, 16);
  let scale = 1 / 16;
  for (const ch of fracPart) {
    value += parseInt(ch, 16) * scale;
    scale /= 16;
  }
  const e = exponent === undefined ? 0 : Number(exponent);
  const v = value * Math.pow(2, e);
  return sign === '-' ? -v : v;
}

function containsCi(s: string, needle: string): boolean {
  return s.toLowerCase().includes(needle.toLowerCase());
}

/**
 * A converted value. prtoscparser refuses values ≥ UINT_MAX with `error_printf` ("Time exceeds
 * MAX_UINT", no line) while it walks the document; the schema has already passed by then. So
 * the conversion itself never fails here: an oversized value is returned as the exact (not
 * truncated) double, and `exceedsUintMax` lets the validator refuse it at the point in the walk
 * where prtoscparser would.
 */
export function exceedsUintMax(v: number): boolean {
  return !(v < UINT_MAX);
}

/** C's `(unsigned int)d` for a double already known to be below UINT_MAX. */
function truncU32(d: number): number {
  if (Number.isNaN(d) || d <= -1) {
    // Converting a negative or NaN double to unsigned is undefined in C; on x86-64 gcc it goes
    // through a signed 64-bit conversion. The XSD patterns exclude such inputs; keep a defined answer.
    const t = Number.isNaN(d) ? 0 : Math.trunc(d);
    return Number(BigInt.asUintN(32, BigInt(t)));
  }
  return Math.trunc(d);
}

/** `to_time`: microseconds. */
export function toTime(s: string): number {
  let d = cDoublePrefix(s);
  if (containsCi(s, 'us')) {
    // already microseconds
  } else if (containsCi(s, 'ms')) {
    d *= 1000.0;
  } else if (containsCi(s, 's')) {
    d *= 1000000.0;
  }
  return exceedsUintMax(d) ? d : truncU32(d);
}

/** `to_size`: bytes. */
export function toSize(s: string): number {
  let d = cDoublePrefix(s);
  if (containsCi(s, 'MB')) d *= 1024.0 * 1024.0;
  else if (containsCi(s, 'KB')) d *= 1024.0;
  return exceedsUintMax(d) ? d : truncU32(d);
}

/** `to_freq`: kHz. */
export function toFrequencyKhz(s: string): number {
  let d = cDoublePrefix(s);
  if (containsCi(s, 'MHz')) d *= 1000.0;
  return exceedsUintMax(d) ? d : truncU32(d);
}

/**
 * C `strtoul(s, 0, base)` on a 64-bit host: leading whitespace, an optional sign (a minus
 * negates modulo 2^64), an optional `0x` for base 16, then digits; saturates at 2^64-1.
 */
export function strtoul64(s: string, base: 10 | 16): bigint {
  const m = /^[ \t\n\v\f\r]*([+-]?)(.*)$/s.exec(s);
  const sign = m?.[1] ?? '';
  let rest = m?.[2] ?? '';
  if (base === 16 && /^0[xX][0-9a-fA-F]/.test(rest)) rest = rest.slice(2);
  const digits = (base === 16 ? /^[0-9a-fA-F]+/ : /^[0-9]+/).exec(rest)?.[0] ?? '';
  if (digits === '') return 0n;
  let v = BigInt(base === 16 ? `0x${digits}` : digits);
  if (v > U64_MAX) return U64_MAX; // ERANGE: strtoul returns ULONG_MAX whatever the sign
  if (sign === '-') v = BigInt.asUintN(64, -v);
  return v;
}

/** `to_u32`: `strtoul` narrowed to an unsigned 32-bit field. */
export function toU32(s: string, base: 10 | 16): number {
  return Number(BigInt.asUintN(32, strtoul64(s, base)));
}

/** The same value seen through the parser's `int d = to_u32(...)` (a signed 32-bit local). */
export function toS32(s: string, base: 10 | 16): number {
  return Number(BigInt.asIntN(32, strtoul64(s, base)));
}

/** `sscanf("%u.%u.%u")` packed as PRTOS packs versions: `(v << 16) | (sub << 8) | rev`. */
export function toVersion(s: string): { major: number; minor: number; revision: number } {
  const parts = s.split('.');
  const num = (p: string | undefined): number => (p === undefined ? 0 : toU32(p, 10));
  return { major: num(parts[0]), minor: num(parts[1]), revision: num(parts[2]) };
}

/** Hex rendering as prtoscparser prints addresses (`%#x`-like, lower case, `0x0` for zero). */
export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * The items prtoscparser's list readers (`to_flags`, `to_hw_irq_lines`, `process_id_list`) see:
 * the text cut at every single space; an empty item where two spaces meet or where the text
 * starts with one; nothing after a final space.
 */
export function parserListItems(text: string): string[] {
  const items: string[] = [];
  let from = 0;
  while (from < text.length) {
    const space = text.indexOf(' ', from);
    if (space < 0) {
      items.push(text.slice(from));
      break;
    }
    items.push(text.slice(from, space));
    from = space + 1;
  }
  return items;
}

/** C `atoi` on a 64-bit host (strtol narrowed to int). */
export function cAtoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)/.exec(text);
  const digits = m?.[2] ?? '';
  if (digits === '') return 0;
  const max = (1n << 63n) - 1n;
  let v = BigInt(digits);
  if (m?.[1] === '-') v = v > max + 1n ? -(max + 1n) : -v;
  else if (v > max) v = max;
  return Number(BigInt.asIntN(32, v));
}
