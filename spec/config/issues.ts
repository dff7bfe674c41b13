/**
 * What is wrong with a configuration, and where.
 *
 * One issue is one line of `prtos-ref validate` output: `<file>:<line>: <message> [<rule>]`.
 * The line is the line prtoscparser would report for the element at fault (xml.ts); a message
 * that involves a second element names its line in the text, as prtoscparser does
 * ("... overlaps ... (line 22)").
 */
import * as t from 'io-ts';

export interface ConfigIssue {
  readonly line: number;
  /** Stable rule id, e.g. `CFG-SCHEMA-VALUE`; documented in docs/validation-rules.md. */
  readonly rule: string;
  readonly message: string;
}

export const ConfigIssueCodec = t.readonly(
  t.type({
    line: t.number,
    rule: t.string,
    message: t.string,
  }),
);

/** Rule ids of the reading and schema stage (the semantic rules have their own, in validate/). */
export const SCHEMA_RULES = {
  /** The file cannot be read as XML at all (unreadable, empty, not well-formed, too large or deep). */
  xml: 'CFG-XML',
  /** An element where the schema allows none, or a required element missing. */
  element: 'CFG-SCHEMA-ELEMENT',
  /** An attribute the element does not have, or a required attribute missing. */
  attribute: 'CFG-SCHEMA-ATTR',
  /** An attribute value outside its type (pattern, enumeration, range). */
  value: 'CFG-SCHEMA-VALUE',
  /** Character data inside an element that may only contain elements. */
  text: 'CFG-SCHEMA-TEXT',
} as const;

/**
 * io-ts carries an issue inside a validation error: the `value` of the error is the issue
 * itself, so that decoding keeps lines and rule ids without parsing messages.
 */
export function issueFailure(issue: ConfigIssue, context: t.Context): t.Validation<never> {
  return t.failure(issue, context, issue.message);
}

export function isConfigIssue(u: unknown): u is ConfigIssue {
  return ConfigIssueCodec.is(u);
}

export function issuesOf(errors: t.Errors): ConfigIssue[] {
  return errors.map((e) =>
    isConfigIssue(e.value)
      ? e.value
      : { line: 0, rule: SCHEMA_RULES.value, message: e.message ?? 'invalid value' },
  );
}

export function formatIssue(file: string, issue: ConfigIssue): string {
  return `${file}:${issue.line}: ${issue.message} [${issue.rule}]`;
}
