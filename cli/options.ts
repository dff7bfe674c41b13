/**
 * Option values the commands check themselves, each a one-line usage error when wrong.
 */
import { EXIT, UserError } from './errors.js';

/** `--name` as a decimal integer ≥ min; undefined when the option was not given. */
export function parseInteger(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new UserError(`--${name} must be an integer ≥ ${min}, got "${value}"`, EXIT.usage);
  }
  return Number(value);
}
