/**
 * The XML element tree of a PRTOS configuration file, with source lines.
 *
 * prtoscparser (user/tools/prtoscparser/main.c) reads the file with libxml2, validates it
 * against its XSD and then walks the element tree; every message it prints names the line that
 * libxml2 recorded for the element. libxml2 records, for an element, the line on which its
 * start tag *ends* (the closing `>`), not the line of the `<` — for a start tag written over
 * several lines the two differ, and we report what prtoscparser would report. We keep the
 * other line too (`startLine`) for messages meant for people.
 *
 * This reader knows nothing of PRTOS: it turns text into elements, attributes and text, and
 * refuses input that a verification tool must not try to process (too large, too deep, not
 * well-formed, entity definitions) with one clear line instead of a stack trace or a hang.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';

/** One element: its local name and namespace, the attributes without namespace, its children. */
export interface XmlElement {
  readonly name: string;
  readonly ns: string;
  /** The line prtoscparser reports for this element (end of the start tag), 1-based. */
  readonly line: number;
  /** The line of the `<` that opens the element, 1-based. */
  readonly startLine: number;
  /** Attributes in document order (local name → value); namespace declarations and `xsi:` attributes are left out. */
  readonly attributes: ReadonlyMap<string, string>;
  /** Qualified names of attributes that carry a namespace other than `xsi` (a schema error). */
  readonly foreignAttributes: readonly string[];
  readonly children: readonly XmlElement[];
  /** Character data directly inside this element, whitespace included. */
  readonly text: string;
  /**
   * How many child elements come before the first non-blank character data, if there is any:
   * libxml2 reports such text where it stands among the children.
   */
  readonly textAfterChildren?: number;
}

export interface XmlError {
  readonly line: number;
  readonly message: string;
}

/** Limits that keep a hostile or broken file from exhausting the tool (issue: huge or deeply nested input). */
export const XML_LIMITS = {
  maxBytes: 16 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 250_000,
} as const;

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

interface Building {
  readonly tag: SaxesTagNS;
  readonly line: number;
  readonly startLine: number;
  readonly children: XmlElement[];
  text: string;
  textAfterChildren: number | undefined;
}

class XmlLimitError extends Error {}

/**
 * Parses `text` into its root element, or gives the first well-formedness error with its line.
 * Entity declarations and DOCTYPEs are refused: PRTOS configurations use neither, and
 * refusing them rules out entity-expansion attacks.
 */
export function parseXml(text: string): { ok: true; root: XmlElement } | { ok: false; error: XmlError } {
  if (text.length > XML_LIMITS.maxBytes) {
    return fail(1, `file too large (${text.length} characters; the limit is ${XML_LIMITS.maxBytes})`);
  }
  if (text.trim() === '')
    return fail(1, 'empty file: expected an XML document with a <SystemDescription> root');

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Building[] = [];
  let root: XmlElement | undefined;
  let firstError: XmlError | undefined;
  let elements = 0;
  let startLine = 1;
  let atEnd = false;
  /** Where the root element's end tag ended, to locate text after it. */
  let rootClosedAt = 0;

  parser.on('error', (err) => {
    // saxes keeps going after an error; the first one is the one that matters to a user.
    if (firstError !== undefined) return;
    // saxes notices stray text only where it ends; libxml2 (and a reader) points where it starts.
    // While reading, the error is at the character saxes has just read (when that character is a
    // line break, saxes's own line count has already moved on); at the end of the input, at the end.
    let line = parser.line;
    if (/text data outside of root node/.test(err.message))
      line = lineOfStrayText(text, elements === 0 ? 0 : rootClosedAt);
    else if (!atEnd) line = lineAt(text, parser.position - 1);
    firstError = { line, message: cleanSaxesMessage(err.message) };
  });
  parser.on('doctype', () => {
    if (firstError === undefined) {
      firstError = {
        line: parser.line,
        message: 'DOCTYPE declarations are not allowed in a PRTOS configuration',
      };
    }
  });
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    elements += 1;
    if (elements > XML_LIMITS.maxElements) {
      throw new XmlLimitError(`too many elements (more than ${XML_LIMITS.maxElements})`);
    }
    if (stack.length >= XML_LIMITS.maxDepth) {
      throw new XmlLimitError(`elements nested too deeply (more than ${XML_LIMITS.maxDepth} levels)`);
    }
    stack.push({ tag, line: parser.line, startLine, children: [], text: '', textAfterChildren: undefined });
  });
  const addText = (t: string): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) return;
    top.text += t;
    if (top.textAfterChildren === undefined && t.trim() !== '') top.textAfterChildren = top.children.length;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const done = stack.pop();
    if (done === undefined) return;
    const element = toElement(done);
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      root = element;
      rootClosedAt = parser.position;
    } else parent.children.push(element);
  });

  try {
    parser.write(text);
    atEnd = true;
    parser.close();
  } catch (e) {
    if (e instanceof XmlLimitError) return fail(parser.line, e.message);
    // saxes throws only through our handlers or on internal failure; report it as input error.
    return fail(parser.line, e instanceof Error ? cleanSaxesMessage(e.message) : 'unreadable XML');
  }
  if (firstError !== undefined) {
    // saxes reads past a stray '&' to the end of the document before it complains; libxml2
    // stops at the '&'. Report the '&' when it comes before saxes's first error.
    const amp = firstBareAmpersand(text);
    return { ok: false, error: amp !== undefined && amp.line < firstError.line ? amp : firstError };
  }
  if (root === undefined) return fail(1, 'no root element');
  return { ok: true, root };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The line of the first character of text outside the root element: from `from` (the start of
 * the document, or the end of the root element) past white space, comments and processing
 * instructions.
 */
function lineOfStrayText(text: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    const close = text.startsWith('<!--', i)
      ? text.indexOf('-->', i) + 3
      : text.startsWith('<?', i)
        ? text.indexOf('?>', i) + 2
        : -1;
    if (close < i) return lineAt(text, i);
    i = close;
  }
}

/**
 * The first '&' outside comments, CDATA sections and processing instructions that does not
 * start a reference (`&name;`, `&#10;`, `&#xa;`), with its line.
 */
function firstBareAmpersand(text: string): XmlError | undefined {
  const skip: readonly [string, string][] = [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
    ['<?', '?>'],
  ];
  let i = 0;
  while (i < text.length) {
    const amp = text.indexOf('&', i);
    if (amp < 0) return undefined;
    const lt = text.lastIndexOf('<', amp);
    const open = skip.find(([o]) => lt >= 0 && text.startsWith(o, lt));
    if (open !== undefined) {
      const close = text.indexOf(open[1], lt + open[0].length);
      if (close < 0 || close > amp) {
        i = close < 0 ? text.length : close + open[1].length;
        continue;
      }
    }
    if (!/^&(?:[A-Za-z_:][\w.:-]*|#[0-9]+|#x[0-9a-fA-F]+);/.test(text.slice(amp, amp + 64))) {
      return {
        line: lineAt(text, amp),
        message: 'not well-formed XML: "&" must start a reference such as &amp; or &#38;',
      };
    }
    i = amp + 1;
  }
  return undefined;
}

function toElement(b: Building): XmlElement {
  const attributes = new Map<string, string>();
  const foreignAttributes: string[] = [];
  for (const attr of Object.values(b.tag.attributes)) {
    if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
    if (attr.uri === '') attributes.set(attr.local, attr.value);
    else if (attr.uri !== XSI) foreignAttributes.push(attr.name);
  }
  return {
    name: b.tag.local,
    ns: b.tag.uri,
    line: b.line,
    startLine: b.startLine,
    attributes,
    foreignAttributes,
    children: b.children,
    text: b.text,
    ...(b.textAfterChildren === undefined ? {} : { textAfterChildren: b.textAfterChildren }),
  };
}

function fail(line: number, message: string): { ok: false; error: XmlError } {
  return { ok: false, error: { line, message } };
}

/** saxes prefixes messages with "line:column: "; we print our own `file:line:` prefix. */
function cleanSaxesMessage(m: string): string {
  return `not well-formed XML: ${m.replace(/^\S*?:?\d+:\d+: /, '')}`;
}
