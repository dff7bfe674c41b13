/**
 * The io-ts building blocks of the trace vocabulary, and how their failures read.
 *
 * A trace is evidence: a certification engineer keeps it, and `prtos-ref diff` reads traces that
 * other tools wrote. So decoding is closed-world and says precisely what is wrong:
 * - integers are safe integers in a stated range (a JSON number such as 1.5, 1e300 or -1 where a
 *   count is expected is rejected, never rounded or clamped);
 * - an object may hold only the fields its codec names: an unknown field is an error, not
 *   silently stripped (`t.exact` would strip it), because a field we do not understand may carry
 *   a meaning we would then misreport;
 * - a discriminated union is dispatched on its tag, so an error names the member that was meant
 *   instead of listing why every member failed (which plain `t.union` does).
 *
 * Every codec's `name` is the phrase that completes "must be ...", e.g. `an integer 0..3`, and
 * every failure carries the field path in its context keys, so `explain` can write one readable
 * line per defect. Encoding rebuilds objects with their keys in codec order, which gives the
 * JSON Lines form a stable key order (DESIGN.md, "The trace vocabulary").
 *
 * The static types are plain `number`/`string` refined at run time rather than io-ts brands:
 * both recorders (model/ and impl/) build events from ordinary numbers, and the trace writer
 * checks every event against these codecs before it is written, so a brand would add a
 * constructor call at every recording site without adding a check.
 */
import * as t from 'io-ts';

/** A codec whose JSON form is its value (everything in a trace is plain JSON). */
export type Codec<A> = t.Type<A, A, unknown>;

/** Any codec, for generic combinators (io-ts's own `Mixed`: value and output types left open). */
export type AnyCodec = t.Mixed;

function leaf<A>(name: string, is: (u: unknown) => u is A, normalise: (a: A) => A = (a) => a): Codec<A> {
  return new t.Type<A, A, unknown>(
    name,
    is,
    (u, c) => (is(u) ? t.success(normalise(u)) : t.failure(u, c)),
    (a) => normalise(a),
  );
}

/**
 * A safe integer in `min..max`. `-0` reads as `0`, so that a value decodes to the same thing
 * whatever sign JSON gave its zero.
 */
export function integer(name: string, min: number, max: number): Codec<number> {
  return leaf<number>(
    name,
    (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= min && u <= max,
    (n) => n + 0,
  );
}

/** One of a fixed list of JSON scalars (string literal unions, access sizes, format numbers). */
export function oneOf<const L extends string | number | boolean>(
  name: string,
  values: readonly L[],
): Codec<L> {
  return leaf<L>(name, (u): u is L => (values as readonly unknown[]).includes(u));
}

/** A string satisfying `ok`. */
export function text(name: string, ok: (s: string) => boolean = () => true): Codec<string> {
  return leaf<string>(name, (u): u is string => typeof u === 'string' && ok(u));
}

export const Bool: Codec<boolean> = leaf<boolean>('a boolean', (u): u is boolean => typeof u === 'boolean');

/** `codec` or JSON `null` (used where the kernel has "no partition", e.g. the idle context). */
export function nullable<A>(codec: Codec<A>): Codec<A | null> {
  return new t.Type<A | null, A | null, unknown>(
    `${codec.name} or null`,
    (u): u is A | null => u === null || codec.is(u),
    (u, c) => (u === null ? t.success(null) : codec.validate(u, c)),
    (a) => (a === null ? null : codec.encode(a)),
  );
}

/** `codec`, or one literal string standing for "none of those" (e.g. `'idle'` for a runner). */
export function orLiteral<A, const L extends string>(literal: L, codec: Codec<A>): Codec<A | L> {
  return new t.Type<A | L, A | L, unknown>(
    `"${literal}" or ${codec.name}`,
    (u): u is A | L => u === literal || codec.is(u),
    (u, c) => {
      if (u === literal) return t.success(literal);
      // An object was meant to be the structured form: report its own field errors.
      if (isPlainObject(u)) return codec.validate(u, c);
      return t.failure(u, c);
    },
    (a) => (a === literal ? literal : codec.encode(a as A)),
  );
}

/** A JSON array of `element`, optionally bounded in length and free of duplicates. */
export function list<A>(
  name: string,
  element: Codec<A>,
  options: { readonly maxLength?: number; readonly unique?: boolean } = {},
): Codec<readonly A[]> {
  const { maxLength = Number.POSITIVE_INFINITY, unique = false } = options;
  const shapeOk = (u: readonly unknown[]) =>
    u.length <= maxLength && (!unique || new Set(u).size === u.length);
  return new t.Type<readonly A[], readonly A[], unknown>(
    name,
    (u): u is readonly A[] => Array.isArray(u) && shapeOk(u) && u.every((x) => element.is(x)),
    (u, c) => {
      if (!Array.isArray(u) || u.length > maxLength) return t.failure(u, c);
      const errors: t.ValidationError[] = [];
      const out: A[] = [];
      u.forEach((x: unknown, i) => {
        const r = element.validate(x, t.appendContext(c, `[${i}]`, element, x));
        if (r._tag === 'Left') errors.push(...r.left);
        else out.push(r.right);
      });
      if (errors.length > 0) return t.failures(errors);
      if (!shapeOk(out)) return t.failure(u, c, 'must not list the same value twice');
      return t.success(out);
    },
    (a) => a.map((x) => element.encode(x)),
  );
}

/** Marks a field that may be absent (absent only: JSON `null` is not "absent"). */
export interface OptionalField<C extends AnyCodec> {
  readonly optional: C;
}

export function optional<C extends AnyCodec>(codec: C): OptionalField<C> {
  return { optional: codec };
}

export type Fields = { readonly [key: string]: AnyCodec | OptionalField<AnyCodec> };

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<F> = { [K in keyof F]: F[K] extends OptionalField<AnyCodec> ? never : K }[keyof F];
type OptionalKeys<F> = Exclude<keyof F, RequiredKeys<F>>;
type FieldValue<X> =
  X extends OptionalField<infer C> ? t.TypeOf<C> : X extends AnyCodec ? t.TypeOf<X> : never;

/** The value type of a `record` codec over `F`. */
export type RecordOf<F> = Simplify<
  { readonly [K in RequiredKeys<F>]: FieldValue<F[K]> } & {
    readonly [K in OptionalKeys<F>]?: FieldValue<F[K]>;
  }
>;

export function isPlainObject(u: unknown): u is Readonly<Record<string, unknown>> {
  return typeof u === 'object' && u !== null && !Array.isArray(u);
}

/** The object's own value at `key` (never one inherited from `Object.prototype`). */
export function own(o: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

function fieldCodec(f: AnyCodec | OptionalField<AnyCodec>): { codec: AnyCodec; optional: boolean } {
  return 'optional' in f ? { codec: f.optional, optional: true } : { codec: f, optional: false };
}

/**
 * A closed JSON object: exactly the named fields (optional ones may be missing), nothing else.
 * `name` completes "must be ..." when the value is not an object at all. Encoding writes the keys in the order `fields` lists them.
 */
export function record<const F extends Fields>(name: string, fields: F): Codec<RecordOf<F>> {
  const spec = Object.entries(fields).map(([key, f]) => ({ key, ...fieldCodec(f) }));
  const known = new Set(spec.map((s) => s.key));
  const expectedKeys = spec.map((s) => s.key).join(', ');
  // An optional field set to `undefined` in memory counts as absent (JSON cannot say undefined).
  const absent = (o: Readonly<Record<string, unknown>>, key: string) => own(o, key) === undefined;
  type A = RecordOf<F>;
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A =>
      isPlainObject(u) &&
      Object.keys(u).every((k) => known.has(k)) &&
      spec.every((s) => (s.optional && absent(u, s.key)) || s.codec.is(own(u, s.key))),
    (u, c) => {
      if (!isPlainObject(u)) return t.failure(u, c);
      const errors: t.ValidationError[] = [];
      const out: Record<string, unknown> = {};
      for (const s of spec) {
        if (s.optional && absent(u, s.key)) continue;
        const v = own(u, s.key);
        const r = s.codec.validate(v, t.appendContext(c, s.key, s.codec, v));
        if (r._tag === 'Left') errors.push(...r.left);
        else out[s.key] = r.right;
      }
      for (const k of Object.keys(u)) {
        if (!known.has(k)) {
          errors.push({
            value: own(u, k),
            context: t.appendContext(c, k, t.never, own(u, k)),
            message: `is not expected here (the fields are ${expectedKeys})`,
          });
        }
      }
      return errors.length > 0 ? t.failures(errors) : t.success(out as A);
    },
    (a) => {
      const out: Record<string, unknown> = {};
      const src = a as Readonly<Record<string, unknown>>;
      for (const s of spec) {
        const v = own(src, s.key);
        if (s.optional && v === undefined) continue;
        out[s.key] = s.codec.encode(v);
      }
      return out as A;
    },
  );
}

/**
 * A union of `record`s told apart by the string field `tag` (`ev` for events, `k` for guest
 * ops). A missing or unknown tag is one error naming the tags that exist.
 */
export function tagged<const K extends string, const M extends { readonly [tag: string]: AnyCodec }>(
  name: string,
  tag: K,
  members: M,
): Codec<t.TypeOf<M[keyof M]>> {
  type A = t.TypeOf<M[keyof M]>;
  const tags = Object.keys(members);
  const memberOf = (u: unknown): AnyCodec | undefined => {
    if (!isPlainObject(u)) return undefined;
    const v = own(u, tag);
    return typeof v === 'string' && Object.prototype.hasOwnProperty.call(members, v) ? members[v] : undefined;
  };
  const tagCodec = oneOf(`one of ${tags.map((x) => `"${x}"`).join(', ')}`, tags);
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => memberOf(u)?.is(u) === true,
    (u, c) => {
      if (!isPlainObject(u)) return t.failure(u, c);
      const m = memberOf(u);
      if (m === undefined) {
        const v = own(u, tag);
        return t.failure(v, t.appendContext(c, tag, tagCodec, v));
      }
      return m.validate(u, c) as t.Validation<A>;
    },
    (a) => {
      const m = memberOf(a);
      if (m === undefined) throw new TypeError(`${name}: no member for ${tag} ${JSON.stringify(a)}`);
      return m.encode(a) as A;
    },
  );
}

/** A short rendering of a JSON value for a message: at most about 60 characters. */
export function show(u: unknown): string {
  if (u === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(u) ?? String(u);
  } catch {
    s = String(u);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The dotted field path of a failure: `op.size`, `args[2]`, `from.part`. */
export function fieldPath(e: t.ValidationError): string {
  let path = '';
  for (const entry of e.context.slice(1)) {
    if (entry.key === '') continue;
    path += entry.key.startsWith('[') || path === '' ? entry.key : `.${entry.key}`;
  }
  return path;
}

/**
 * One readable line per failure, e.g. `field "cpu" must be an integer 0..3, got 5`. A failure
 * on the value as a whole (no field path) reads `must be an object, got [1,2]`.
 */
export function explain(errors: t.Errors): string[] {
  return errors.map((e) => {
    const path = fieldPath(e);
    const subject = path === '' ? 'the value' : `field "${path}"`;
    const last = e.context[e.context.length - 1];
    const expected = last === undefined ? 'valid' : last.type.name;
    if (e.message !== undefined) return `${subject} ${e.message}`;
    if (e.value === undefined && path !== '') return `${subject} is missing (expected ${expected})`;
    return `${subject} must be ${expected}, got ${show(e.value)}`;
  });
}
