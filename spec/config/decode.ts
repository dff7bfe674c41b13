/**
 * From configuration text to a decoded `SystemConfig`, or the issues that stop it.
 *
 * This is the structure stage of prtoscparser (user/tools/prtoscparser/main.c): the file must be
 * well-formed XML whose root is `SystemDescription` in the PRTOS namespace, and valid against
 * the architecture's schema. All schema issues are reported (libxml2 reports each one before
 * prtoscparser gives up), in document order. The semantic rules come after, in validate/.
 */
import * as t from 'io-ts';
import type { Arch } from '../constants/arch.js';
import { systemDescriptionCodec, schemaParams } from './codecs.js';
import { PRTOS_NS } from './elementCodec.js';
import { SCHEMA_RULES, issuesOf, type ConfigIssue } from './issues.js';
import type { SystemConfig } from './types.js';
import { parseXml, type XmlElement } from './xml.js';

export type DecodeResult =
  | { readonly ok: true; readonly config: SystemConfig; readonly tree: XmlElement }
  | { readonly ok: false; readonly issues: readonly ConfigIssue[]; readonly tree: XmlElement | undefined };

const codecCache = new Map<Arch, ReturnType<typeof systemDescriptionCodec>>();

function codecFor(arch: Arch) {
  let c = codecCache.get(arch);
  if (c === undefined) {
    c = systemDescriptionCodec(schemaParams(arch));
    codecCache.set(arch, c);
  }
  return c;
}

/** Decodes an already parsed element tree. */
export function decodeTree(root: XmlElement, arch: Arch): DecodeResult {
  if (root.name !== 'SystemDescription' || root.ns !== PRTOS_NS) {
    const what = root.ns === PRTOS_NS ? `<${root.name}>` : `<${root.name}> in namespace "${root.ns}"`;
    return {
      ok: false,
      tree: root,
      issues: [
        {
          line: root.line,
          rule: SCHEMA_RULES.element,
          message: `the root element is ${what}; expected <SystemDescription xmlns="${PRTOS_NS}">`,
        },
      ],
    };
  }
  const r = codecFor(arch).validate(root, [{ key: '', type: t.unknown, actual: root }]);
  if (r._tag === 'Left') return { ok: false, tree: root, issues: issuesOf(r.left) };
  return { ok: true, config: r.right, tree: root };
}

/** Parses and decodes configuration text for one architecture. */
export function decodeConfig(text: string, arch: Arch): DecodeResult {
  const parsed = parseXml(text);
  if (!parsed.ok) {
    return { ok: false, tree: undefined, issues: [{ ...parsed.error, rule: SCHEMA_RULES.xml }] };
  }
  return decodeTree(parsed.root, arch);
}
