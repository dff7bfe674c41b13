/**
 * The rule table of docs/validation-rules.md, rendered from the catalogue, so that the document
 * can be regenerated when a rule changes (`npx tsx spec/config/validate/ruleTable.ts`) and a test
 * can tell when it has not been.
 */
import { pathToFileURL } from 'node:url';
import { ALL_RULES } from './catalogue.js';
import type { RuleMeta } from './rule.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|');

export const RULE_TABLE_HEADER = [
  '| rule id | requirement | what it checks | prtoscparser source | example message |',
  '| --- | --- | --- | --- | --- |',
];

export function ruleRow(r: RuleMeta): string {
  const line = r.parserLineNote === undefined ? '' : ` Line: ${r.parserLineNote}.`;
  const none = r.parserLine === 'none' ? ' (prtoscparser prints no line number for it.)' : '';
  return `| \`${r.id}\` | ${r.requirement} | ${cell(r.title + none + line)} | ${cell(r.source)} | \`${cell(r.example)}\` |`;
}

export function renderRuleTable(rules: readonly RuleMeta[] = ALL_RULES): string {
  return [...RULE_TABLE_HEADER, ...rules.map(ruleRow)].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.stdout.write(`${renderRuleTable()}\n`);
