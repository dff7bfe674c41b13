/**
 * The layering rules of DESIGN.md are enforced by dependency-cruiser (.dependency-cruiser.cjs).
 * This test shows that the rules bite: forbidden imports planted in a scratch tree are reported,
 * and the real tree has none.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const config = require(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: unknown[];
  options: Record<string, unknown>;
};

async function violations(dir: string, folders: string[]): Promise<string[]> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const r = await cruise(folders, {
      ...config.options,
      tsConfig: undefined,
      validate: true,
      ruleSet: { forbidden: config.forbidden },
    } as never);
    const out = r.output as ICruiseResult;
    return out.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
  } finally {
    process.chdir(cwd);
  }
}

describe('layering rules', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'prtos-ref-layers-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const file = (rel: string, text: string) => {
    mkdirSync(dirname(join(scratch, rel)), { recursive: true });
    writeFileSync(join(scratch, rel), text);
  };

  it('reports every forbidden import planted in a scratch tree', async () => {
    file('spec/a.js', "import { b } from '../model/b.js';\nexport const a = b;\n");
    file('model/b.js', "import { k } from '../impl/kernel/k.js';\nexport const b = k;\n");
    file('impl/kernel/k.js', "import { m } from '../../model/m.js';\nexport const k = m;\n");
    file('model/m.js', 'export const m = 1;\n');
    file('impl/machine/hw.js', "import { k } from '../kernel/k.js';\nexport const hw = k;\n");
    file('conformance/c.js', "import { x } from '../cli/x.js';\nexport const c = x;\n");
    file('cli/x.js', 'export const x = 1;\n');
    const found = await violations(scratch, ['spec', 'model', 'impl', 'conformance', 'cli']);
    expect(found).toEqual(
      expect.arrayContaining([
        'spec-is-the-bottom: spec/a.js -> model/b.js',
        'model-only-on-spec: model/b.js -> impl/kernel/k.js',
        'impl-never-sees-the-model: impl/kernel/k.js -> model/m.js',
        'machine-knows-nothing-of-prtos: impl/machine/hw.js -> impl/kernel/k.js',
        'nothing-imports-cli: conformance/c.js -> cli/x.js',
      ]),
    );
  });

  it('finds no violation in the real tree', async () => {
    const found = await violations(root, [
      'spec',
      'model',
      'impl',
      'conformance',
      'properties',
      'evidence',
      'cli',
    ]);
    expect(found).toEqual([]);
  });
});
