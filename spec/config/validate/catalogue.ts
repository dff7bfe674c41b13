/**
 * Every rule `prtos-ref validate` reports, in the order prtoscparser applies them: reading and
 * schema first (decode.ts, issues.ts `SCHEMA_RULES`), then the semantic rules of rules/. This is
 * the list docs/validation-rules.md documents (validate.docs.test.ts keeps the two equal).
 */
import { SCHEMA_RULES } from '../issues.js';
import { defineRule, type RuleMeta } from './rule.js';
import * as channels from './rules/channels.js';
import * as devices from './rules/devices.js';
import * as hm from './rules/hm.js';
import * as io from './rules/ioports.js';
import * as ipvi from './rules/ipvi.js';
import * as irq from './rules/irq.js';
import * as lexical from './rules/lexical.js';
import * as memory from './rules/memory.js';
import * as parts from './rules/partitions.js';
import * as sched from './rules/schedule.js';

const SCHEMA_SOURCE = 'main.c:89-101 (libxml2 against prtos_conf.xsd.in)';

/** A file that cannot be read at all (reported by the command line, not by validateConfig). */
export const FILE_RULE = defineRule({
  id: 'CFG-FILE',
  requirement: 'TODO(REQ-CFG)',
  title: 'The file exists, is a regular readable file, and is text (no NUL byte).',
  source: 'main.c:98 (xmlParseFile fails: "XML file ... not found")',
  parserLine: 'none',
  example: 'is a directory, expected a PRTOS XML configuration',
});

/**
 * Not a rule of prtoscparser: the size up to which this validator checks a configuration in
 * bounded time (its overlap checks compare pairs). Real configurations have a few dozen
 * elements; PRTOS itself allows at most 255 kernel threads.
 */
export const SIZE_RULE = defineRule({
  id: 'CFG-SIZE',
  requirement: 'TODO(REQ-CFG)',
  title:
    'The file has at most 1 MiB and 5,000 elements (a limit of this tool, far above any real PRTOS configuration).',
  source: '(none: a limit of prtos-ref)',
  parserLine: 'element',
  example: 'the configuration has 120000 elements; prtos-ref checks configurations of at most 5000 elements',
});

export const SCHEMA_RULE_META: readonly RuleMeta[] = [
  FILE_RULE,
  defineRule({
    id: SCHEMA_RULES.xml,
    requirement: 'TODO(REQ-CFG)',
    title:
      'The file is well-formed XML with a single root element (not empty, not too large or deep, no DOCTYPE).',
    source: 'main.c:98 (xmlParseFile)',
    parserLine: 'element',
    example: 'not well-formed XML: unclosed tag: Partition',
  }),
  defineRule({
    id: SCHEMA_RULES.element,
    requirement: 'TODO(REQ-CFG)',
    title:
      'Elements appear where the schema allows them, in its order and number; required ones are present.',
    source: SCHEMA_SOURCE,
    parserLine: 'element',
    example: '<Partition> is missing a child element (expected <PhysicalMemoryAreas>)',
  }),
  defineRule({
    id: SCHEMA_RULES.attribute,
    requirement: 'TODO(REQ-CFG)',
    title: 'Required attributes are present and no unknown attribute is used.',
    source: SCHEMA_SOURCE,
    parserLine: 'element',
    example: '<Slot>: required attribute "partitionId" is missing',
  }),
  defineRule({
    id: SCHEMA_RULES.value,
    requirement: 'TODO(REQ-CFG)',
    title:
      'Attribute values match their schema type (hex, size, time, frequency, id, enumerations, lists, ranges).',
    source: SCHEMA_SOURCE,
    parserLine: 'element',
    example:
      '<Area> attribute "start": "6000000" is not a hexadecimal value (expected 0x followed by hex digits, e.g. 0x6000000)',
  }),
  defineRule({
    id: SCHEMA_RULES.text,
    requirement: 'TODO(REQ-CFG)',
    title:
      'No text inside elements that hold only elements, and nothing at all (not even spaces) inside empty elements.',
    source: SCHEMA_SOURCE,
    parserLine: 'element',
    example:
      '<Region> must be empty (no child elements, no text, not even spaces between its tags); found text or white space',
  }),
];

export const SEMANTIC_RULES: readonly RuleMeta[] = [
  lexical.UNIT_RANGE,
  lexical.FLAG_LIST,
  memory.MEM_REGION_ALIGN,
  memory.MEM_REGION_SIZE,
  memory.MEM_REGION_OVERLAP,
  memory.MEM_AREA_ALIGN,
  memory.MEM_AREA_SIZE,
  memory.MEM_AREA_RESERVED,
  memory.MEM_AREA_COVERAGE,
  memory.MEM_OVERLAP,
  memory.MEM_HYP_FLAGS,
  memory.MEM_VIRT_OVERLAP,
  sched.CPU_COUNT,
  sched.CPU_ID,
  sched.PLAN_ID,
  sched.SLOT_ID,
  sched.SCHED_SLOT_ORDER,
  sched.SCHED_MAJOR_FRAME,
  devices.DEV_NAME,
  devices.DEV_UART_ID,
  hm.HM_EVENT,
  hm.HM_ACTION,
  parts.PART_ID,
  parts.PART_NAME,
  parts.PART_VCPUS,
  irq.IRQ_RANGE,
  irq.IRQ_DUPLICATE,
  irq.IRQ_RESERVED,
  io.IOPORT_ARCH,
  io.IOPORT_RESTRICTED,
  io.IOPORT_RESERVED,
  channels.PORT_NAME,
  ipvi.IPVI_ID,
  ipvi.IPVI_DUPLICATE,
  parts.KTHREADS,
  sched.SLOT_PARTITION,
  sched.SLOT_VCPU,
  sched.VCPU_CPU,
  devices.DEV_UNKNOWN,
  channels.CHAN_PARTITION,
  channels.CHAN_PARTITION_NAME,
  channels.CHAN_PORT,
  channels.CHAN_TYPE,
  channels.CHAN_DIRECTION,
  ipvi.IPVI_SOURCE,
  ipvi.IPVI_DESTINATION,
  hm.HM_MAINTENANCE,
  memory.MEM_AREA_DUPLICATE,
  memory.MEM_REGION_DUPLICATE,
];

export const ALL_RULES: readonly RuleMeta[] = [...SCHEMA_RULE_META, SIZE_RULE, ...SEMANTIC_RULES];

export function ruleById(id: string): RuleMeta | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
