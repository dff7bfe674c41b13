/**
 * Hardware interrupt rules: each line in range, given to one partition only, and not one PRTOS
 * keeps for itself.
 *
 * prtos-states §5.1 and conv.c:271-292 (`to_hw_irq_lines`), checks.c:134-138. The parser reads a
 * partition's `lines` item by item (split at single spaces, each read with atoi) and, for each,
 * checks the range, then whether an earlier item (of any partition) took the line, then the
 * port's reserved lines (archFacts.ts).
 */
import type { ArchFacts } from '../archFacts.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';
import type { IrqEntry } from '../tables.js';

export const IRQ_RANGE = defineRule({
  id: 'CFG-IRQ-RANGE',
  requirement: 'TODO(REQ-CFG)',
  title: 'An interrupt line is below CONFIG_NO_HWIRQS (32); the schema already refuses larger numbers.',
  source: 'conv.c:279',
  parserLine: 'element',
  example: 'hardware interrupt line 40 does not exist: lines are 0 to 31 (CONFIG_NO_HWIRQS)',
});

export const IRQ_DUPLICATE = defineRule({
  id: 'CFG-IRQ-DUPLICATE',
  requirement: 'TODO(REQ-CFG)',
  title: 'An interrupt line is given to one partition, once.',
  source: 'conv.c:280-281',
  parserLine: 'element',
  example:
    'hardware interrupt line 5 is already given to partition 0 (line 29): a line belongs to one partition',
});

export const IRQ_RESERVED = defineRule({
  id: 'CFG-IRQ-RESERVED',
  requirement: 'TODO(REQ-CFG)',
  title: 'An interrupt line is not one PRTOS uses itself (x86, amd64: 2, 4, 24, 26, 27).',
  source: 'checks.c:134-138',
  parserLine: 'element',
  example:
    'hardware interrupt line 4 is used by PRTOS itself on x86 (reserved: 2, 4, 24, 26, 27): choose another line',
});

export function checkIrqRange(facts: ArchFacts, irq: number, line: number): ConfigIssue | undefined {
  if (irq < facts.hwIrqs) return undefined;
  return issueOf(
    IRQ_RANGE,
    line,
    `hardware interrupt line ${irq} does not exist: lines are 0 to ${facts.hwIrqs - 1} (CONFIG_NO_HWIRQS)`,
  );
}

export function checkIrqFree(
  irq: number,
  line: number,
  owners: ReadonlyMap<number, IrqEntry>,
): ConfigIssue | undefined {
  const owner = owners.get(irq);
  if (owner === undefined) return undefined;
  return issueOf(
    IRQ_DUPLICATE,
    line,
    `hardware interrupt line ${irq} is already given to partition ${owner.partition} (line ${owner.line}): a line belongs to one partition`,
  );
}

export function checkIrqNotReserved(facts: ArchFacts, irq: number, line: number): ConfigIssue | undefined {
  if (!facts.reservedIrqs.includes(irq)) return undefined;
  const reserved = [...facts.reservedIrqs].sort((a, b) => a - b).join(', ');
  return issueOf(
    IRQ_RESERVED,
    line,
    `hardware interrupt line ${irq} is used by PRTOS itself on ${facts.arch} (reserved: ${reserved}): choose another line`,
  );
}
