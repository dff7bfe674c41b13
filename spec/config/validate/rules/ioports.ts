/**
 * I/O port rules: whether the port has I/O ports at all, Restricted ports, and the ports PRTOS
 * keeps for itself.
 *
 * x86.c:41-92 (amd64.c and aarch64.c are the same), riscv64.c:39-42, loongarch64.c:39-42. On
 * riscv64 and loongarch64 any `IoPorts` element is refused when it is read. Elsewhere a `Range`
 * is checked against the reserved ranges of ginfo.h (x86, amd64: the PIC at 0x20 and 0xa0, the
 * UART at 0x3f8; aarch64: none) with the parser's own test, `!(last < base_r || first >=
 * last_r)`: a range that only touches the last reserved port is let through (negative case
 * MX16). A `Restricted` port is refused outright.
 */
import { asUint32, hex } from '../addr.js';
import type { ArchFacts } from '../archFacts.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';
import type { IoRangeEntry } from '../tables.js';

export const IOPORT_ARCH = defineRule({
  id: 'CFG-IOPORT-ARCH',
  requirement: 'TODO(REQ-CFG)',
  title: 'IoPorts are declared only on architectures with I/O ports (not riscv64, not loongarch64).',
  source: 'riscv64.c:39-42, loongarch64.c:39-42',
  parserLine: 'element',
  example: 'IoPorts are not supported on RISC-V (riscv64 has no I/O port space): remove the IoPorts element',
});

export const IOPORT_RESTRICTED = defineRule({
  id: 'CFG-IOPORT-RESTRICTED',
  requirement: 'TODO(REQ-CFG)',
  title: 'No Restricted I/O port (the schema allows it; prtoscparser does not).',
  source: 'x86.c:76-80',
  parserLine: 'element',
  example: 'Restricted I/O ports are not supported by PRTOS: use a Range',
});

export const IOPORT_RESERVED = defineRule({
  id: 'CFG-IOPORT-RESERVED',
  requirement: 'TODO(REQ-CFG)',
  title:
    'An I/O port Range does not take ports PRTOS uses itself (x86, amd64: 0x20-0x21, 0xa0-0xa1, 0x3f8-0x3fc).',
  source: 'x86.c:54-66',
  parserLine: 'element',
  example:
    'I/O ports [0x20:2] (0x20-0x21) include ports PRTOS uses itself on x86 ([0x20:2]): choose other ports',
});

export function checkIoPortsSupported(facts: ArchFacts, line: number): ConfigIssue | undefined {
  if (facts.ioPorts.supported) return undefined;
  return issueOf(
    IOPORT_ARCH,
    line,
    `IoPorts are not supported on ${facts.ioPorts.portName} (${facts.arch} has no I/O port space): remove the IoPorts element`,
  );
}

export function checkNotRestricted(line: number): ConfigIssue | undefined {
  return issueOf(IOPORT_RESTRICTED, line, 'Restricted I/O ports are not supported by PRTOS: use a Range');
}

export function checkIoRange(facts: ArchFacts, range: IoRangeEntry): ConfigIssue | undefined {
  const first = asUint32(range.base);
  const last = asUint32(range.base + range.count - 1);
  for (const r of facts.reservedIoPorts) {
    const rLast = asUint32(r.base + r.count - 1);
    if (!(last < r.base || first >= rLast)) {
      return issueOf(
        IOPORT_RESERVED,
        range.line,
        `I/O ports [${hex(first)}:${range.count}] (${hex(first)}-${hex(last)}) include ports PRTOS uses itself on ` +
          `${facts.arch} ([${hex(r.base)}:${r.count}]): choose other ports`,
      );
    }
  }
  return undefined;
}
