/**
 * Hypercall arguments as libprtos puts them in registers, per architecture.
 *
 * prtos-hypercalls "Conventions" and §2.2: arguments go in registers (x86 ebx..edi, riscv64
 * a1..a5); a libprtos wrapper's C prototype converts each value to the declared type first, so
 * a u32 is its low 32 bits, an s32 wraps, and `prtos_id_t`, addresses, words and sizes have the
 * port's width (32 bits on x86, 64 on riscv64). A `prtos_time_t` is 64-bit everywhere; on i386
 * it takes two consecutive registers, low word first, which is why x86 `prtos_set_timer` passes
 * five words (prtos-hypercalls §7.1 set_timer note, user/libprtos/x86/hypercalls.c:86;
 * `argTypeRegisters` in spec/constants/hypercalls.ts). The facts (types, widths, registers) come
 * from spec/constants; this file only applies them.
 *
 * Register values are given to the machine as integers: a 32-bit register as its unsigned value,
 * a 64-bit register as the value itself (a JavaScript safe integer, negative when the C value is
 * negative), since a 64-bit pattern above 2^53 could not be represented; the kernel narrows each
 * register to the handler's declared width (prtos-hypercalls §2.2) and so reads the same value.
 */
import {
  argTypeBits,
  argTypeRegisters,
  hypercallByName,
  type Arch,
  type HypercallArgType,
  type HypercallName,
} from '../../spec/constants/index.js';

const TWO_32 = 2 ** 32;

/** `value` converted to a C argument of `type` on `arch`, as the register(s) it occupies. */
export function encodeArg(arch: Arch, type: HypercallArgType, value: number): readonly number[] {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`hypercall argument ${value} is not a safe integer`);
  }
  if (argTypeRegisters(arch, type) === 2) {
    const bits = BigInt.asUintN(64, BigInt(value));
    return [Number(bits & 0xffffffffn), Number(bits >> 32n)];
  }
  const width = argTypeBits(arch, type);
  if (width === 64) return [value];
  if (type === 's32') return [value | 0];
  const m = 2 ** width;
  return [((value % m) + m) % m];
}

/**
 * The registers of hypercall `name` on `arch` for argument values `values` (one per declared
 * argument, in order). A wrong count is a programming error in the caller.
 */
export function encodeArgs(arch: Arch, name: HypercallName, values: readonly number[]): number[] {
  const h = hypercallByName(name);
  if (h === undefined) throw new Error(`no hypercall named ${name}`);
  if (values.length !== h.args.length) {
    throw new Error(`${name} takes ${h.args.length} arguments, ${values.length} given`);
  }
  const regs: number[] = [];
  h.args.forEach((a, i) => regs.push(...encodeArg(arch, a.type, values[i] as number)));
  return regs;
}

/** The number of hypercall `name`. */
export function hypercallNumber(name: HypercallName): number {
  const h = hypercallByName(name);
  if (h === undefined) throw new Error(`no hypercall named ${name}`);
  return h.nr;
}

/** An unsigned 32-bit value (a C `prtos_u32_t`), e.g. a mask word built with JavaScript bit operators. */
export function u32(value: number): number {
  return ((value % TWO_32) + TWO_32) % TWO_32;
}
