/**
 * The configuration validator (issue 4): what prtoscparser would say about a PRTOS XML
 * configuration on each architecture, rule by rule (docs/validation-rules.md).
 */
export { validateConfig, VALIDATE_LIMITS, type DecodedConfig, type ValidationResult } from './validate.js';
export { ALL_RULES, SEMANTIC_RULES, SCHEMA_RULE_META, FILE_RULE, SIZE_RULE, ruleById } from './catalogue.js';
export type { RuleMeta, ParserLine } from './rule.js';
export { RECHECKS, recheckAll, type Recheck } from './recheck.js';
export {
  ARCH_FACTS,
  isHmActionPermitted,
  hmEventNumber,
  type ArchFacts,
  type HmLevel,
  type HmActionName,
} from './archFacts.js';
