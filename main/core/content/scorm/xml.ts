import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * imsmanifest.xml as plain objects: namespace prefixes dropped (authoring tools spell `adlcp:`, `imsss:` and
 * friends with whatever prefix they like; the element names are what SCORM defines), every element an array,
 * attributes under `@`. No DTDs or entities are expanded.
 */
export type XmlNode = { [key: string]: XmlNode[] | string | undefined };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

export type ParsedXml = { ok: true; root: XmlNode } | { ok: false; reason: string };

export function parseXml(text: string): ParsedXml {
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
  if (valid !== true) {
    return { ok: false, reason: `${valid.err.msg} (line ${valid.err.line})` };
  }
  try {
    return { ok: true, root: parser.parse(text) as XmlNode };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  if (!Array.isArray(value)) return [];
  // A text-only element parses to a string; give it the object shape.
  return value.map((v) => (typeof v === 'string' ? { '#text': v } : v));
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** An attribute whose case authoring tools disagree on (`scormtype` in 1.2, `scormType` in 2004). */
export function attrAnyCase(node: XmlNode | undefined, name: string): string | undefined {
  if (!node) return undefined;
  const want = `@${name.toLowerCase()}`;
  const key = Object.keys(node).find((k) => k.toLowerCase() === want);
  const value = key ? node[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

export function text(node: XmlNode | undefined): string {
  if (!node) return '';
  const value = node['#text'];
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value))
    return value
      .filter((v) => typeof v === 'string')
      .join('')
      .trim();
  return '';
}
