/**
 * BAIL's `printf` formatting: what `vrprintf` (user/bail/common/std_c.c:188-391) makes of a
 * format string and its arguments, as the bytes it hands to `putchar`.
 *
 * The rules (docs/bail-study.md §1.2; read from std_c.c):
 * - `%d`/`%i` signed decimal, `%u` unsigned decimal, `%x` hexadecimal with UPPER-case digits
 *   (`USE_UPPERHEX`) and no `0x`, `%s` a string, `%c` a character; the upper-case letters
 *   `%D %I %U %X %S %C` mean the same (`USE_UPPER`).
 * - Length: `l` (or `L`) = C `long`, `ll` = `long long` (64 bits on both ports). A `long` is 32
 *   bits on i386 and 64 on riscv64 (LP64), so `%ld` of a large value differs between the two.
 *   Without a length an argument is a C `int`: its low 32 bits.
 * - Padding only with an explicit fill: `%05d` or `% 5d`; the width counts digits only, and a
 *   minus sign is written before the padding (`-00042`). A width without fill (`%5d`) is not a
 *   width: the `5` is printed as a character and the `d` after it too, and no argument is used.
 * - Any other character after `%` is printed as itself (so `%%` prints `%`); a `%` at the very end
 *   of the format prints nothing.
 *
 * Arguments are JavaScript values standing for the C arguments: numbers or bigints for the
 * integer conversions (converted as the C `va_arg` of the conversion's type would read them), a
 * string for `%s`, a number or a one-character string for `%c`. A missing argument reads as 0
 * (or the empty string): C would read garbage.
 */

export type PrintfArg = number | bigint | string;

export interface PrintfOptions {
  /** Bits of a C `long` on the port: 32 on x86 (i386), 64 on riscv64. */
  readonly longBits: 32 | 64;
}

function asBigInt(a: PrintfArg | undefined): bigint {
  if (a === undefined) return 0n;
  if (typeof a === 'bigint') return a;
  if (typeof a === 'number') return BigInt(Math.trunc(a));
  return BigInt(a.length > 0 ? a.charCodeAt(0) : 0);
}

/** Formats `fmt` with `args` as BAIL's printf does; one character per output byte. */
export function formatBail(fmt: string, args: readonly PrintfArg[], options: PrintfOptions): string {
  let out = '';
  let next = 0;
  const take = () => args[next++];
  let i = 0;
  while (i < fmt.length) {
    const c = fmt[i++] as string;
    if (c !== '%') {
      out += c;
      continue;
    }
    if (i >= fmt.length) break;
    let flag = fmt[i++] as string;
    let fill = '';
    let width = 0;
    if (flag === '0' || flag === ' ') {
      fill = flag;
      flag = fmt[i++] ?? '';
      while (flag >= '0' && flag <= '9' && flag !== '') {
        width = (10 * width + Number(flag)) & 0xff;
        flag = fmt[i++] ?? '';
      }
    }
    let bits = 32;
    if (flag === 'l' || flag === 'L') {
      bits = options.longBits;
      flag = fmt[i++] ?? '';
      if (flag === 'l') {
        bits = 64;
        flag = fmt[i++] ?? '';
      }
    }
    let base = 10;
    let signed = false;
    switch (flag) {
      case 'c':
      case 'C': {
        const a = take();
        const code =
          typeof a === 'string'
            ? a.length > 0
              ? a.charCodeAt(0)
              : 0
            : Number(BigInt.asUintN(8, asBigInt(a)));
        if (code !== 0) out += String.fromCharCode(code);
        continue;
      }
      case 's':
      case 'S': {
        const a = take();
        out += typeof a === 'string' ? a : '';
        continue;
      }
      case 'd':
      case 'D':
      case 'i':
      case 'I':
        signed = true;
        break;
      case 'u':
      case 'U':
        break;
      case 'x':
      case 'X':
        base = 16;
        break;
      case '':
        continue;
      default:
        out += flag;
        continue;
    }
    let v = asBigInt(take());
    if (signed) {
      v = BigInt.asIntN(bits, v);
      if (v < 0n) {
        out += '-';
        v = -v;
      }
    } else v = BigInt.asUintN(bits, v);
    let digits = v.toString(base).toUpperCase();
    if (fill !== '' && width > digits.length) digits = fill.repeat(width - digits.length) + digits;
    out += digits;
  }
  return out;
}
