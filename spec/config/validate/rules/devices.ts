/**
 * Device rules: distinct device names, UART ids in range, and every device used by name exists.
 *
 * prtos_conf.c:60-111, checks.c:164-168, process_xml.c:345-462. The device table starts with the
 * built-in "Null" device, registered when `Devices` is read (so no device may be called "Null");
 * MemoryBlock, Uart and Vga elements add their names (a `Null` element adds nothing). Consoles,
 * the hypervisor's health-monitor device and trace devices are looked up once the whole
 * document is read: the hypervisor's console, trace and HM device first, then each partition's
 * console and trace. The name "NULL" (upper case) means "no device" and is not looked up.
 */
import { asInt32 } from '../addr.js';
import type { ArchFacts } from '../archFacts.js';
import type { ConfigIssue } from '../../issues.js';
import { defineRule, issueOf } from '../rule.js';
import type { DeviceNameEntry, DeviceRefEntry } from '../tables.js';

export const DEV_NAME = defineRule({
  id: 'CFG-DEV-NAME',
  requirement: 'TODO(REQ-CFG)',
  title: 'Device names are distinct, and none is "Null" (the built-in null device).',
  source: 'prtos_conf.c:68-78',
  parserLine: 'element',
  example: 'device name "Uart" is already taken by the device at line 18: give each device its own name',
});

export const DEV_UART_ID = defineRule({
  id: 'CFG-DEV-UART-ID',
  requirement: 'TODO(REQ-CFG)',
  title: 'A Uart id is below CONFIG_DEV_NO_UARTS (2).',
  source: 'checks.c:164-168',
  parserLine: 'element',
  example: 'UART id 2 does not exist: PRTOS has 2 UARTs (ids 0 to 1, CONFIG_DEV_NO_UARTS)',
});

export const DEV_UNKNOWN = defineRule({
  id: 'CFG-DEV-UNKNOWN',
  requirement: 'TODO(REQ-CFG)',
  title: 'A console, trace or health-monitor device names a device of the Devices table.',
  source: 'prtos_conf.c:60-66, 92-111',
  parserLine: 'element',
  example:
    'the trace device of partition 0, "Disk", is not in the device table (known: Null, Uart): declare it under Devices or use one of those',
});

/** `registered` includes the built-in "Null" entry, with the line of `Devices`. */
export function checkDeviceName(
  name: string,
  line: number,
  registered: readonly DeviceNameEntry[],
): ConfigIssue | undefined {
  const other = registered.find((d) => d.name === name);
  if (other === undefined) return undefined;
  const whose =
    name === 'Null'
      ? `the built-in null device (registered by Devices, line ${other.line})`
      : `the device at line ${other.line}`;
  return issueOf(
    DEV_NAME,
    line,
    `device name "${name}" is already taken by ${whose}: give each device its own name`,
  );
}

export function checkUartId(facts: ArchFacts, id: number, line: number): ConfigIssue | undefined {
  const signed = asInt32(id);
  if (signed >= 0 && signed < facts.uarts) return undefined;
  return issueOf(
    DEV_UART_ID,
    line,
    `UART id ${signed} does not exist: PRTOS has ${facts.uarts} UARTs (ids 0 to ${facts.uarts - 1}, CONFIG_DEV_NO_UARTS)`,
  );
}

export function checkDeviceKnown(
  ref: DeviceRefEntry,
  registered: readonly DeviceNameEntry[],
): ConfigIssue | undefined {
  if (registered.some((d) => d.name === ref.name)) return undefined;
  return issueOf(
    DEV_UNKNOWN,
    ref.line,
    `${ref.user}, "${ref.name}", is not in the device table (known: ${registered.map((d) => d.name).join(', ')}): ` +
      'declare it under Devices or use one of those',
  );
}
