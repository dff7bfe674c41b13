// Shared by the tests of this folder: real BAIL configurations, decoded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeConfig } from '../../spec/config/decode.js';
import { REAL_CONFIG_DIR } from '../../spec/config/fixtures.js';
import type { SystemConfig } from '../../spec/config/types.js';
import type { Arch } from '../../spec/constants/index.js';

const cache = new Map<string, SystemConfig>();

/** `<name>.prtos_cf.<arch>.xml` from the configuration fixtures, decoded (throws if it does not decode). */
export function bailConfig(name: string, arch: Arch): SystemConfig {
  const key = `${name}.${arch}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const text = readFileSync(join(REAL_CONFIG_DIR, `${name}.prtos_cf.${arch}.xml`), 'utf8');
  const r = decodeConfig(text, arch);
  if (!r.ok) throw new Error(`${key} does not decode: ${r.issues.map((i) => i.message).join('; ')}`);
  cache.set(key, r.config);
  return r.config;
}
