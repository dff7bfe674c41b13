/**
 * io-ts codecs over the XML element tree: the complex types of the configuration schema.
 *
 * An `ElementCodec<A>` decodes one `XmlElement` into `A` the way libxml2 validates it against
 * the PRTOS XSD (user/tools/prtoscparser/prtos_conf.xsd.in):
 *  1. attributes: unknown ones, missing required ones, values outside their simple type; the
 *     schema's defaults are filled in (prtoscparser validates with XML_SCHEMA_VAL_VC_I_CREATE,
 *     which writes defaulted attributes into the tree it later reads, main.c);
 *  2. content: children against the content model (sequence, choice, all, with occurrence
 *     bounds) — the first child that the model does not expect is reported at its own line,
 *     a required child that never came is reported at the parent's line, and character data is
 *     not allowed where only elements are;
 *  3. children that were expected are decoded recursively.
 * Issues come out in document order (the order libxml2 meets them), each with its line and rule.
 */
import * as t from 'io-ts';
import { SCHEMA_RULES, issueFailure, type ConfigIssue } from './issues.js';
import type { SimpleType } from './simpleTypes.js';
import type { XmlElement } from './xml.js';

export const PRTOS_NS = 'http://www.prtos.org/prtos-1.x';

/** A decoder of one element (covariant in its result, so codecs of different results mix). */
export type ElementCodec<A> = t.Decoder<XmlElement, A>;

export interface AttrSpec<A, R extends boolean> {
  /** A decoder (not a full codec) so that specs of different value types mix covariantly. */
  readonly type: t.Decoder<string, A>;
  readonly required: R;
  readonly default?: string;
}

export const required = <A>(type: SimpleType<A>): AttrSpec<A, true> => ({ type, required: true });
export const optional = <A>(type: SimpleType<A>): AttrSpec<A, false> => ({ type, required: false });
/** An optional attribute with a schema default: always present after decoding. */
export const defaulted = <A>(type: SimpleType<A>, value: string): AttrSpec<A, true> => ({
  type,
  required: true,
  default: value,
});

type AttrSpecs = Record<string, AttrSpec<unknown, boolean>>;
type AttrValues<S extends AttrSpecs> = {
  readonly [K in keyof S]: S[K] extends AttrSpec<infer A, infer R>
    ? R extends true
      ? A
      : A | undefined
    : never;
};

/** Content model particles (XSD `element`, `sequence`, `choice`, `all`) with occurrence bounds. */
export type Particle =
  | { readonly kind: 'element'; readonly name: string; readonly min: number; readonly max: number }
  | {
      readonly kind: 'sequence';
      readonly items: readonly Particle[];
      readonly min: number;
      readonly max: number;
    }
  | {
      readonly kind: 'choice';
      readonly items: readonly Particle[];
      readonly min: number;
      readonly max: number;
    }
  | { readonly kind: 'all'; readonly items: readonly { name: string; min: 0 | 1 }[] };

export const UNBOUNDED = Number.POSITIVE_INFINITY;
export const el = (name: string, min = 1, max = 1): Particle => ({ kind: 'element', name, min, max });
export const seq = (items: Particle[], min = 1, max = 1): Particle => ({ kind: 'sequence', items, min, max });
export const choice = (items: Particle[], min = 1, max = 1): Particle => ({
  kind: 'choice',
  items,
  min,
  max,
});
export const all = (items: { name: string; min: 0 | 1 }[]): Particle => ({ kind: 'all', items });
export const EMPTY: Particle = seq([], 1, 1);

type ChildCodecs = Record<string, ElementCodec<unknown>>;
type ChildValues<C extends ChildCodecs> = {
  readonly [K in keyof C]: readonly (C[K] extends t.Decoder<XmlElement, infer A> ? A : never)[];
};

export interface ElementSpec<S extends AttrSpecs, C extends ChildCodecs> {
  readonly attrs: S;
  readonly children: C;
  readonly model: Particle;
}

/**
 * The codec of one element type. `build` receives the decoded attributes, the decoded children
 * grouped by element name (in document order), and the element itself (for its line).
 */
export function elementCodec<S extends AttrSpecs, C extends ChildCodecs, A>(
  name: string,
  spec: ElementSpec<S, C>,
  build: (attrs: AttrValues<S>, children: ChildValues<C>, element: XmlElement) => A,
): ElementCodec<A> {
  const validate = (element: XmlElement, context: t.Context): t.Validation<A> => {
    const issues: ConfigIssue[] = [];
    const attrs = decodeAttributes(name, spec.attrs, element, issues);
    // libxml2 meets a content-model error only when it reaches the offending child (after the
    // subtrees of the siblings before it) or the end of the element (a missing child), so that
    // issue comes after the issues found inside the accepted children.
    const content = matchContent(name, spec.model, element);
    const grouped: Record<string, unknown[]> = {};
    for (const key of Object.keys(spec.children)) grouped[key] = [];
    content.accepted.forEach((child, i) => {
      if (content.text !== undefined && content.text.at === i) issues.push(content.text.issue);
      const codec = spec.children[child.name];
      if (codec === undefined) return;
      const r = codec.validate(child, context);
      if (r._tag === 'Left') {
        for (const e of r.left) issues.push(e.value as ConfigIssue);
      } else {
        grouped[child.name]?.push(r.right);
      }
    });
    const textLast = content.text !== undefined && content.text.at >= content.accepted.length;
    if (
      content.text !== undefined &&
      textLast &&
      content.issue !== undefined &&
      content.text.at > content.accepted.length
    ) {
      // the text comes after the child that broke the content model: libxml2 stops at that child
      issues.push(content.issue);
    } else {
      if (content.text !== undefined && textLast) issues.push(content.text.issue);
      if (content.issue !== undefined) issues.push(content.issue);
    }
    if (issues.length > 0) {
      const [first, ...rest] = issues;
      if (first === undefined) return t.failure(element, context);
      const errs = [first, ...rest].map((i) => ({ value: i, context, message: i.message }));
      return t.failures(errs);
    }
    return t.success(build(attrs as AttrValues<S>, grouped as unknown as ChildValues<C>, element));
  };
  return {
    name,
    validate,
    decode: (e) => validate(e, [{ key: '', type: { name } as t.Decoder<unknown, unknown>, actual: e }]),
  };
}

function decodeAttributes(
  elementName: string,
  specs: AttrSpecs,
  element: XmlElement,
  issues: ConfigIssue[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const line = element.line;
  for (const attrName of element.attributes.keys()) {
    if (!(attrName in specs)) {
      issues.push({
        line,
        rule: SCHEMA_RULES.attribute,
        message: `<${elementName}>: attribute "${attrName}" is not allowed here (allowed: ${Object.keys(specs).join(', ') || 'none'})`,
      });
    }
  }
  for (const foreign of element.foreignAttributes) {
    issues.push({
      line,
      rule: SCHEMA_RULES.attribute,
      message: `<${elementName}>: attribute "${foreign}" is not allowed here`,
    });
  }
  for (const [attrName, spec] of Object.entries(specs)) {
    const raw = element.attributes.get(attrName) ?? spec.default;
    if (raw === undefined) {
      if (spec.required) {
        issues.push({
          line,
          rule: SCHEMA_RULES.attribute,
          message: `<${elementName}>: required attribute "${attrName}" is missing`,
        });
      }
      continue;
    }
    const r = spec.type.validate(raw, []);
    if (r._tag === 'Left') {
      issues.push({
        line,
        rule: SCHEMA_RULES.value,
        message: `<${elementName}> attribute "${attrName}": ${r.left[0]?.message ?? `"${raw}" is invalid`}`,
      });
    } else {
      out[attrName] = r.right;
    }
  }
  return out;
}

/**
 * Checks the children of `element` against `model`: the children that the model accepted (the
 * ones to decode further), at most one content issue (libxml2 reports at most one once the
 * content model has failed), and character data where only elements may appear, with the
 * number of children before it (libxml2 reports issues in document order).
 */
function matchContent(
  elementName: string,
  model: Particle,
  element: XmlElement,
): {
  readonly accepted: readonly XmlElement[];
  readonly issue: ConfigIssue | undefined;
  readonly text: { readonly at: number; readonly issue: ConfigIssue } | undefined;
} {
  if (isEmptyModel(model)) {
    // libxml2 refuses any content in an element of empty content type, even white space
    // between its tags, and names the element itself (not a child).
    if (element.text === '' && element.children.length === 0)
      return { accepted: [], issue: undefined, text: undefined };
    const found = element.children[0] !== undefined ? `<${element.children[0].name}>` : 'text or white space';
    return {
      accepted: [],
      text: undefined,
      issue: {
        line: element.line,
        rule: element.children.length > 0 ? SCHEMA_RULES.element : SCHEMA_RULES.text,
        message: `<${elementName}> must be empty (no child elements, no text, not even spaces between its tags); found ${found}`,
      },
    };
  }
  const text =
    element.text.trim() === ''
      ? undefined
      : {
          at: element.textAfterChildren ?? 0,
          issue: {
            line: element.line,
            rule: SCHEMA_RULES.text,
            message: `<${elementName}> may contain only elements, not text ("${abbreviate(element.text.trim())}")`,
          },
        };
  const children = element.children;
  const foreign = children.find((c) => c.ns !== PRTOS_NS);
  const names = children.map((c) => c.name);
  const end = foreign === undefined ? children.length : children.indexOf(foreign);
  const result = matchParticle(model, names.slice(0, end), 0);
  const stop = result.pos;
  if (stop < children.length) {
    const bad = children[stop];
    if (bad === undefined) return { accepted: children.slice(0, stop), issue: undefined, text };
    const what = bad.ns !== PRTOS_NS ? `<${bad.name}> (namespace "${bad.ns}")` : `<${bad.name}>`;
    const repeated =
      children.slice(0, stop).some((c) => c.name === bad.name) && !result.expected.includes(bad.name);
    const message = repeated
      ? `${what} appears more than allowed inside <${elementName}>${result.expected.length > 0 ? expectation(result.expected) : ''}`
      : `${what} is not expected inside <${elementName}>${expectation(result.expected)}`;
    return {
      accepted: children.slice(0, stop),
      issue: { line: bad.line, rule: SCHEMA_RULES.element, message },
      text,
    };
  }
  if (!result.complete) {
    return {
      accepted: children,
      text,
      issue: {
        line: element.line,
        rule: SCHEMA_RULES.element,
        message: `<${elementName}> is missing a child element${expectation(result.expected)}`,
      },
    };
  }
  return { accepted: children, issue: undefined, text };
}

function isEmptyModel(model: Particle): boolean {
  return model.kind === 'sequence' && model.items.length === 0;
}

function expectation(expected: readonly string[]): string {
  const unique = [...new Set(expected)];
  if (unique.length === 0) return ' (it takes no child elements)';
  return ` (expected ${unique.length === 1 ? '' : 'one of '}${unique.map((n) => `<${n}>`).join(', ')})`;
}

function abbreviate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

interface MatchResult {
  /** Index of the first child not consumed. */
  readonly pos: number;
  /** Whether the particle's minimum occurrences were satisfied. */
  readonly complete: boolean;
  /** Names that could have come at `pos`. */
  readonly expected: readonly string[];
}

/**
 * Greedy matching is exact here: XSD's Unique Particle Attribution rule guarantees that the next
 * child decides which particle it belongs to, and the PRTOS schema obeys it.
 */
function matchParticle(p: Particle, names: readonly string[], pos: number): MatchResult {
  switch (p.kind) {
    case 'element': {
      let n = 0;
      while (n < p.max && names[pos + n] === p.name) n++;
      return { pos: pos + n, complete: n >= p.min, expected: n < p.max ? [p.name] : [] };
    }
    case 'all': {
      const seen = new Set<string>();
      let i = pos;
      while (i < names.length) {
        const name = names[i];
        if (name === undefined || seen.has(name) || !p.items.some((it) => it.name === name)) break;
        seen.add(name);
        i++;
      }
      const missing = p.items.filter((it) => it.min === 1 && !seen.has(it.name)).map((it) => it.name);
      const open = p.items.filter((it) => !seen.has(it.name)).map((it) => it.name);
      return { pos: i, complete: missing.length === 0, expected: missing.length > 0 ? missing : open };
    }
    case 'sequence':
    case 'choice': {
      let count = 0;
      let cur = pos;
      let emptyIterationOk = false;
      let trailing: readonly string[] = [];
      let next: readonly string[] = [];
      while (count < p.max) {
        const once =
          p.kind === 'sequence'
            ? matchSequenceOnce(p.items, names, cur)
            : matchChoiceOnce(p.items, names, cur);
        if (once.pos === cur) {
          // Nothing consumed: no further iteration. An iteration that may be empty satisfies `min`.
          emptyIterationOk = once.complete;
          next = once.expected;
          break;
        }
        if (!once.complete) return { pos: once.pos, complete: false, expected: once.expected };
        count++;
        cur = once.pos;
        trailing = once.expected;
        next = [];
      }
      const complete = count >= p.min || emptyIterationOk;
      return { pos: cur, complete, expected: complete ? [...trailing, ...next] : next };
    }
  }
}

function matchSequenceOnce(items: readonly Particle[], names: readonly string[], pos: number): MatchResult {
  let cur = pos;
  let trailing: string[] = [];
  for (const item of items) {
    const r = matchParticle(item, names, cur);
    if (!r.complete) return { pos: r.pos, complete: false, expected: [...trailing, ...r.expected] };
    trailing = r.pos === cur ? [...trailing, ...r.expected] : [...r.expected];
    cur = r.pos;
  }
  return { pos: cur, complete: true, expected: trailing };
}

function matchChoiceOnce(items: readonly Particle[], names: readonly string[], pos: number): MatchResult {
  const expected: string[] = [];
  for (const item of items) {
    const r = matchParticle(item, names, pos);
    if (r.pos > pos) return r;
    expected.push(...r.expected);
  }
  // Nothing consumed: complete only if some alternative may be empty.
  const emptyOk = items.some((it) => matchParticle(it, [], 0).complete);
  return { pos, complete: emptyOk && items.length > 0, expected };
}

/** Attaches an issue to a decoder failure context; used by decoders that check more than the schema. */
export function fail(issue: ConfigIssue, context: t.Context): t.Validation<never> {
  return issueFailure(issue, context);
}
