/**
 * What a validation rule is: a stable id, the requirement it implements, what it checks, where
 * prtoscparser checks it, and an example of what we print.
 *
 * Every semantic check of prtoscparser (user/tools/prtoscparser: process_xml.c handlers,
 * checks.c, conv.c, hm.c, prtos_conf.c and the per-arch <arch>.c) is one rule here, with one
 * check function in rules/ and one re-check over the decoded configuration (recheck.ts). The
 * rule table of docs/validation-rules.md lists the same ids (validate.docs.test.ts keeps both
 * in step).
 */
import type { ConfigIssue } from '../issues.js';

/** How prtoscparser locates the error it prints for this rule. */
export type ParserLine =
  /** `<file>:<line>:` with the line of the element at fault, as we report it. */
  | 'element'
  /** No line at all (`prtoscparser: ...`, error_printf): we still name the element. */
  | 'none'
  /** A line that does not locate the fault (a prtoscparser bug): we report the element's line. */
  | 'wrong';

export interface RuleMeta {
  readonly id: string;
  /** The requirement id of spec/requirements this rule implements (REQ-CFG-n). */
  readonly requirement: string;
  /** What the rule checks, one sentence. */
  readonly title: string;
  /** Where prtoscparser checks it (PRTOS 93ec820, user/tools/prtoscparser/...). */
  readonly source: string;
  readonly parserLine: ParserLine;
  /** An example of the message we print (the file name and rule id are added by the caller). */
  readonly example: string;
  /** Why prtoscparser reports another line, for rules whose `parserLine` is 'wrong'. */
  readonly parserLineNote?: string;
}

export function defineRule<const R extends RuleMeta>(rule: R): R {
  return rule;
}

export function issueOf(rule: RuleMeta, line: number, message: string): ConfigIssue {
  return { line, rule: rule.id, message };
}
