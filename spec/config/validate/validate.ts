/**
 * `validateConfig`: is a PRTOS XML configuration one that prtoscparser accepts, and if not,
 * what is its first error and where.
 *
 * Two stages, as prtoscparser (user/tools/prtoscparser/main.c:78-108) has them: the file must be
 * well-formed and valid against the architecture's schema (decode.ts; every schema issue is
 * reported, in the order libxml2 meets them); only then are the semantic rules checked, in the
 * order prtoscparser checks them (walk.ts), up to the first error, which is where prtoscparser
 * stops. The issue carries the line prtoscparser prints (the element at fault), our rule id and
 * our own message.
 */
import type { Arch } from '../../constants/arch.js';
import { decodeConfig } from '../decode.js';
import type { ConfigIssue } from '../issues.js';
import type { SystemConfig } from '../types.js';
import type { XmlElement } from '../xml.js';
import { ARCH_FACTS } from './archFacts.js';
import { SIZE_RULE } from './catalogue.js';
import { issueOf } from './rule.js';
import { firstParserError } from './walk.js';

/** A configuration that passed the schema stage: the decoded value and the tree it came from. */
export interface DecodedConfig {
  readonly config: SystemConfig;
  readonly tree: XmlElement;
  /** Lines of the source text, when known (see rules/memory.ts, CFG-MEM-AREA-SIZE). */
  readonly lineCount?: number;
}

/**
 * Beyond these sizes a file is refused without being checked (catalogue.ts, CFG-SIZE): the
 * semantic checks compare pairs of elements, and reading a multi-megabyte file takes seconds.
 * Real PRTOS configurations are a few kilobytes with a few dozen elements.
 */
export const VALIDATE_LIMITS = { maxBytes: 1024 * 1024, maxElements: 5000 } as const;

export type ValidationResult =
  | { readonly ok: true; readonly issues: readonly []; readonly config: SystemConfig }
  | {
      readonly ok: false;
      readonly issues: readonly ConfigIssue[];
      readonly config: SystemConfig | undefined;
    };

export function validateConfig(input: string | DecodedConfig, arch: Arch): ValidationResult {
  let decoded: DecodedConfig;
  if (typeof input === 'string') {
    if (input.length > VALIDATE_LIMITS.maxBytes) {
      const message = `the file has ${input.length} characters; prtos-ref checks configurations of at most ${VALIDATE_LIMITS.maxBytes} (1 MiB)`;
      return { ok: false, issues: [issueOf(SIZE_RULE, 1, message)], config: undefined };
    }
    const r = decodeConfig(input, arch);
    if (!r.ok) return { ok: false, issues: r.issues, config: undefined };
    decoded = { config: r.config, tree: r.tree, lineCount: countLines(input) };
  } else {
    decoded = input;
  }
  const elements = countElements(decoded.tree);
  if (elements > VALIDATE_LIMITS.maxElements) {
    const message = `the configuration has ${elements} elements; prtos-ref checks configurations of at most ${VALIDATE_LIMITS.maxElements} elements`;
    return { ok: false, issues: [issueOf(SIZE_RULE, decoded.tree.line, message)], config: decoded.config };
  }
  const issue = firstParserError({
    tree: decoded.tree,
    config: decoded.config,
    facts: ARCH_FACTS[arch],
    lineCount: decoded.lineCount ?? lastLine(decoded.tree),
  });
  if (issue === undefined) return { ok: true, issues: [], config: decoded.config };
  return { ok: false, issues: [issue], config: decoded.config };
}

function countElements(el: XmlElement): number {
  return el.children.reduce((n, c) => n + countElements(c), 1);
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Without the text, the last line an element ends its start tag on is a lower bound. */
function lastLine(el: XmlElement): number {
  return el.children.reduce((m, c) => Math.max(m, lastLine(c)), el.line);
}
