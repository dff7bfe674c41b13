/**
 * What a user points a command at — a configuration file, the folder of an example (the default
 * system, a BAIL port), or a BAIL example by name — read, decoded and validated, with one clear
 * line for every way it can be wrong.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { formatIssue } from '../spec/config/issues.js';
import type { SystemConfig } from '../spec/config/types.js';
import { validateConfig } from '../spec/config/validate/validate.js';
import { archFromFileName, type Arch } from '../spec/constants/arch.js';
import { BAIL_EXAMPLES, type BailExample } from '../examples/bail/index.js';
import { EXIT, UserError } from './errors.js';
import { readTextFile } from './io.js';

export interface LoadedSystem {
  /** Path of the configuration file. */
  readonly file: string;
  readonly xml: string;
  readonly config: SystemConfig;
  readonly arch: Arch;
  /** sha-256 of the configuration text. */
  readonly hash: string;
  /** The BAIL example the folder holds, if it is one. */
  readonly bail: BailExample | undefined;
}

/** The examples shipped with the tool, wherever it is run from. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../examples/', import.meta.url));
export const DEFAULT_SYSTEM = join(EXAMPLES_DIR, 'default');

/** The configuration file inside an example folder, for the architecture asked (or the only one). */
function configInFolder(dir: string, arch: Arch | undefined): string {
  const xmls = readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  if (xmls.length === 0) throw new UserError(`${dir}: no PRTOS configuration (*.xml) in this folder`);
  if (arch !== undefined) {
    const mine = xmls.find((f) => archFromFileName(f) === arch);
    if (mine === undefined) {
      throw new UserError(`${dir}: no configuration for ${arch} here (found ${xmls.join(', ')})`);
    }
    return join(dir, mine);
  }
  const preferred = xmls.find((f) => archFromFileName(f) === 'x86') ?? xmls[0];
  return join(dir, preferred as string);
}

/** A BAIL example named directly (`helloworld`) or by its folder (`examples/bail/helloworld`). */
function bailByPath(path: string): BailExample | undefined {
  const name = basename(resolve(path));
  return BAIL_EXAMPLES.find((e) => e.name === name);
}

export function loadSystem(target: string, archOption: Arch | undefined): LoadedSystem {
  let file = target;
  let bail: BailExample | undefined;
  const named = BAIL_EXAMPLES.find((e) => e.name === target);
  if (target === 'default' && !existsSync(target)) return loadSystem(DEFAULT_SYSTEM, archOption);
  if (named !== undefined && !existsSync(target)) {
    bail = named;
    file = configInFolder(join(EXAMPLES_DIR, 'bail', named.name), archOption);
  } else if (existsSync(target) && statSync(target).isDirectory()) {
    bail = bailByPath(target);
    file = configInFolder(target, archOption);
  } else if (!existsSync(target)) {
    throw new UserError(
      `${target}: no such file, folder or example (examples: default, ${BAIL_EXAMPLES.map((e) => e.name).join(', ')})`,
    );
  }
  const arch = archOption ?? archFromFileName(file) ?? 'x86';
  const xml = readTextFile(file, 'PRTOS XML configuration');
  const r = validateConfig(xml, arch);
  if (!r.ok || r.config === undefined) {
    // As `show` and `validate` print them: each issue as `<file>:<line>: ...` at the start of its
    // line, so editors can jump to it, then the one `prtos-ref:` line.
    for (const issue of r.issues) process.stderr.write(`${formatIssue(file, issue)}\n`);
    throw new UserError(`${file}: not a valid PRTOS configuration for ${arch}`, EXIT.failed);
  }
  return { file, xml, config: r.config, arch, hash: createHash('sha256').update(xml).digest('hex'), bail };
}
