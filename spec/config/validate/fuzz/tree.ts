/**
 * A mutable copy of a configuration's element tree, and its text, for the mutation tests.
 *
 * The fast-check property (validate.property.test.ts) and the differential run against the real
 * prtoscparser mutate configurations as trees and write them back as text: this module is the
 * round trip. The writer controls the layout that matters to line numbers (libxml2 reports the
 * line where a start tag ends, xml.ts): an element may be written with every attribute on its
 * own line. Attribute values are escaped so that tabs and newlines survive as character
 * references, as a hand-written `&#9;` would.
 */
import { PRTOS_NS } from '../../elementCodec.js';
import type { XmlElement } from '../../xml.js';

export interface MutableElement {
  name: string;
  attributes: [string, string][];
  children: MutableElement[];
  /** Non-whitespace character data, if any (only mutations put it there). */
  text: string;
  /** Write the start tag over several lines, one attribute a line. */
  multiline: boolean;
}

export function toMutable(el: XmlElement): MutableElement {
  return {
    name: el.name,
    attributes: [...el.attributes.entries()],
    children: el.children.map(toMutable),
    text: el.text.trim(),
    multiline: el.line !== el.startLine,
  };
}

export function cloneElement(el: MutableElement): MutableElement {
  return {
    name: el.name,
    attributes: el.attributes.map(([k, v]) => [k, v]),
    children: el.children.map(cloneElement),
    text: el.text,
    multiline: el.multiline,
  };
}

/** Every element with its parent, in document order (the root has none). */
export function allElements(
  root: MutableElement,
): { el: MutableElement; parent: MutableElement | undefined }[] {
  const out: { el: MutableElement; parent: MutableElement | undefined }[] = [];
  const visit = (el: MutableElement, parent: MutableElement | undefined): void => {
    out.push({ el, parent });
    for (const c of el.children) visit(c, el);
  };
  visit(root, undefined);
  return out;
}

function escapeAttribute(v: string): string {
  return v
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function escapeText(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

/** Writes the tree as a PRTOS configuration (the root carries the PRTOS namespace). */
export function writeXml(root: MutableElement): string {
  const lines: string[] = [];
  const write = (el: MutableElement, depth: number, isRoot: boolean): void => {
    const pad = '    '.repeat(depth);
    const attrs = el.attributes.map(([k, v]) => `${k}="${escapeAttribute(v)}"`);
    if (isRoot) attrs.unshift(`xmlns="${PRTOS_NS}"`);
    const close = el.children.length === 0 && el.text === '' ? ' />' : '>';
    if (el.multiline && attrs.length > 0) {
      lines.push(`${pad}<${el.name}`);
      for (const a of attrs) lines.push(`${pad}    ${a}`);
      lines.push(`${pad}${close.trim()}`);
    } else {
      lines.push(`${pad}<${el.name}${attrs.length > 0 ? ` ${attrs.join(' ')}` : ''}${close}`);
    }
    if (close === ' />') return;
    if (el.text !== '') lines.push(`${pad}    ${escapeText(el.text)}`);
    for (const c of el.children) write(c, depth + 1, false);
    lines.push(`${pad}</${el.name}>`);
  };
  write(root, 0, true);
  return `${lines.join('\n')}\n`;
}
