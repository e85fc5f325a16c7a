/**
 * A small, strict XML reader for the parts of a Word file the DOCX reader reads itself (numbering, styles,
 * settings, headers and footers, and a first pass over the document body). Element and attribute names are
 * given with a fixed prefix per namespace ("w:p", "w:val"), whatever prefix the file declared, so a Strict
 * OOXML file or one written with other prefixes reads the same. Offsets into the source are kept so the
 * reader can insert markup at a paragraph without re-serialising the whole part.
 */

export interface XmlElement {
  /** "w:p", "mc:Fallback"; an element in an unknown namespace keeps the prefix the file gave it. */
  name: string;
  /** The namespace URI of the element ("" when it has none). */
  uri: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  /** Offset of "<" of the start tag. */
  start: number;
  /** Offset just after the start tag's ">". */
  startTagEnd: number;
  /** Offset just after the end tag (equals startTagEnd for an empty element). */
  end: number;
  selfClosing: boolean;
}

export type XmlNode = XmlElement | string;

/** Thrown when a part is not well-formed XML. */
export class XmlError extends Error {
  override name = 'XmlError';
}

const PREFIXES: Record<string, string> = {
  'http://schemas.openxmlformats.org/wordprocessingml/2006/main': 'w',
  'http://purl.oclc.org/ooxml/wordprocessingml/main': 'w',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(Number.parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number.parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

const TOKEN = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|<(\/?)([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

interface Scope {
  element: XmlElement;
  rawName: string;
  namespaces: Map<string, string>;
}

function canonicalName(rawName: string, namespaces: Map<string, string>, isAttribute: boolean): { name: string; uri: string } {
  const colon = rawName.indexOf(':');
  const prefix = colon === -1 ? '' : rawName.slice(0, colon);
  const local = colon === -1 ? rawName : rawName.slice(colon + 1);
  // Unprefixed attributes are in no namespace; unprefixed elements are in the default one.
  if (prefix === '' && isAttribute) return { name: local, uri: '' };
  const uri = prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : (namespaces.get(prefix) ?? '');
  const known = PREFIXES[uri];
  if (known) return { name: `${known}:${local}`, uri };
  return { name: rawName, uri };
}

/**
 * Parses a whole XML part into a tree. Throws XmlError on a part that is cut short or whose tags do not nest.
 * @example
 * parseXml('<w:p xmlns:w="…"><w:r><w:t>Hi</w:t></w:r></w:p>').name; // "w:p"
 */
export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', uri: '', attributes: {}, children: [], start: 0, startTagEnd: 0, end: source.length, selfClosing: false };
  const stack: Scope[] = [{ element: root, rawName: '#document', namespaces: new Map() }];
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(source); match; match = TOKEN.exec(source)) {
    const top = stack.at(-1)!;
    if (match.index > last) {
      const text = source.slice(last, match.index);
      if (text.includes('<')) throw new XmlError(`malformed markup at offset ${last + text.indexOf('<')}`);
      if (stack.length > 1) top.element.children.push(decodeEntities(text));
    }
    last = TOKEN.lastIndex;
    const [, cdata, closing, rawName, rawAttributes, selfClosing] = match;
    if (cdata !== undefined) {
      top.element.children.push(cdata);
      continue;
    }
    if (rawName === undefined) continue; // comment, processing instruction, doctype
    if (closing) {
      if (top.rawName !== rawName) throw new XmlError(`</${rawName}> at offset ${match.index} closes <${top.rawName}>`);
      top.element.end = last;
      stack.pop();
      continue;
    }
    const namespaces = new Map(top.namespaces);
    const raw: Array<[string, string]> = [];
    ATTRIBUTE.lastIndex = 0;
    for (let a = ATTRIBUTE.exec(rawAttributes ?? ''); a; a = ATTRIBUTE.exec(rawAttributes ?? '')) {
      const value = decodeEntities(a[2] ?? a[3] ?? '');
      if (a[1] === 'xmlns') namespaces.set('', value);
      else if (a[1]!.startsWith('xmlns:')) namespaces.set(a[1]!.slice(6), value);
      else raw.push([a[1]!, value]);
    }
    const attributes: Record<string, string> = {};
    for (const [name, value] of raw) attributes[canonicalName(name, namespaces, true).name] = value;
    const { name, uri } = canonicalName(rawName, namespaces, false);
    const element: XmlElement = {
      name,
      uri,
      attributes,
      children: [],
      start: match.index,
      startTagEnd: last,
      end: last,
      selfClosing: selfClosing === '/',
    };
    top.element.children.push(element);
    if (!element.selfClosing) stack.push({ element, rawName, namespaces });
  }
  if (stack.length > 1) throw new XmlError(`<${stack.at(-1)!.rawName}> is never closed: the part is cut short`);
  const trailing = source.slice(last);
  if (trailing.includes('<')) throw new XmlError(`malformed markup at offset ${last + trailing.indexOf('<')}`);
  const documentElement = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!documentElement) throw new XmlError('no root element');
  return documentElement;
}

/** The element children of an element, optionally only those with a name. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) if (typeof child !== 'string' && (name === undefined || child.name === name)) out.push(child);
  return out;
}

/** The first element child with a name, or undefined. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!element) return undefined;
  for (const c of element.children) if (typeof c !== 'string' && c.name === name) return c;
  return undefined;
}

/** Follows a path of child names: `path(rPr, 'w:vertAlign')`. */
export function path(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let current = element;
  for (const name of names) current = child(current, name);
  return current;
}

/** The `w:val` of a child element, or undefined. */
export function childValue(element: XmlElement | undefined, name: string): string | undefined {
  return child(element, name)?.attributes['w:val'];
}

/** Every descendant element with a name, in document order. */
export function descendants(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    for (const c of e.children) {
      if (typeof c === 'string') continue;
      if (c.name === name) out.push(c);
      visit(c);
    }
  };
  visit(element);
  return out;
}

/**
 * An OOXML on/off property (`<w:b/>`, `<w:b w:val="0"/>`): true, false, or undefined when the element is absent.
 */
export function onOff(element: XmlElement | undefined): boolean | undefined {
  if (!element) return undefined;
  return isOn(element.attributes['w:val'], true);
}

/** An OOXML boolean attribute value ("1", "true", "on"; "0", "false", "off"), `absent` when there is none. */
export function isOn(value: string | undefined, absent = false): boolean {
  return value === undefined ? absent : !['0', 'false', 'off', 'none'].includes(value);
}
