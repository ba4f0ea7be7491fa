import { attr, child, children, parseXml, text, type XmlNode } from '../scorm/xml';
import { MOVE_ON } from '../au/schema';

/** One AU of cmi5.xml (cmi5 §13.1.4), as the wrap needs it. */
export interface Cmi5Au {
  id: string;
  title: string;
  description: string;
  /** The launch URL as written: a path relative to the package (with its query), or absolute. */
  url: string;
  moveOn: (typeof MOVE_ON)[number];
  masteryScore?: number;
  launchMethod: 'AnyWindow' | 'OwnWindow';
  launchParameters?: string;
}

export interface Cmi5Block {
  id: string;
  title: string;
  aus: Cmi5Au[];
}

/** cmi5.xml: the course, its blocks (one level: nested blocks are flattened into their top block) and AUs. */
export interface Cmi5Structure {
  id: string;
  title: string;
  description: string;
  /** AUs outside any block, then the blocks, in document order. */
  items: ({ kind: 'au'; au: Cmi5Au } | { kind: 'block'; block: Cmi5Block })[];
}

export type ParsedStructure = { ok: true; structure: Cmi5Structure } | { ok: false; reason: string };

/** The first langstring of a title or description (the Indonesian one when there is one). */
function langstring(node: XmlNode | undefined): string {
  const strings = children(node, 'langstring');
  const indonesian = strings.find((s) => /^id\b/i.test(attr(s, 'lang') ?? ''));
  return text(indonesian ?? strings[0]).replace(/\s+/g, ' ');
}

const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

function auOf(node: XmlNode, seen: Set<string>): Cmi5Au | string {
  const id = attr(node, 'id') ?? '';
  if (!IRI.test(id)) return `an AU's id is not an IRI: "${id.slice(0, 100)}"`;
  if (seen.has(id)) return `AU id ${id} appears twice`;
  seen.add(id);
  const url = text(child(node, 'url'));
  if (!url) return `AU ${id} has no url`;
  const moveOn = (attr(node, 'moveOn') ?? 'NotApplicable') as Cmi5Au['moveOn'];
  if (!MOVE_ON.includes(moveOn)) return `AU ${id}: moveOn "${moveOn}" is not one of ${MOVE_ON.join(', ')}`;
  const masteryText = attr(node, 'masteryScore');
  const masteryScore = masteryText === undefined ? undefined : Number(masteryText);
  if (masteryScore !== undefined && !(masteryScore >= 0 && masteryScore <= 1))
    return `AU ${id}: masteryScore ${masteryText} is not between 0 and 1`;
  const method = attr(node, 'launchMethod') ?? 'AnyWindow';
  if (method !== 'AnyWindow' && method !== 'OwnWindow')
    return `AU ${id}: launchMethod "${method}" is not AnyWindow or OwnWindow`;
  const launchMethod: Cmi5Au['launchMethod'] = method;
  const parameters = text(child(node, 'launchParameters'));
  return {
    id,
    title: langstring(child(node, 'title')) || id,
    description: langstring(child(node, 'description')),
    url,
    moveOn,
    ...(masteryScore !== undefined ? { masteryScore } : {}),
    launchMethod,
    ...(parameters ? { launchParameters: parameters } : {}),
  };
}

/** Parses and checks cmi5.xml: well-formed, a course with an IRI, AUs with IRIs (unique), urls and valid options. */
export function parseStructure(xml: string): ParsedStructure {
  const parsed = parseXml(xml);
  if (!parsed.ok) return { ok: false, reason: `cmi5.xml is malformed: ${parsed.reason}` };
  const root = child(parsed.root, 'courseStructure');
  const course = child(root, 'course');
  if (!root || !course) return { ok: false, reason: 'cmi5.xml has no courseStructure/course' };
  const id = attr(course, 'id') ?? '';
  if (!IRI.test(id)) return { ok: false, reason: `the course id is not an IRI: "${id.slice(0, 100)}"` };
  const seen = new Set<string>();
  const items: Cmi5Structure['items'] = [];
  for (const node of children(root, 'au')) {
    const au = auOf(node, seen);
    if (typeof au === 'string') return { ok: false, reason: au };
    items.push({ kind: 'au', au });
  }
  for (const node of children(root, 'block')) {
    const blockId = attr(node, 'id') ?? '';
    if (!IRI.test(blockId))
      return { ok: false, reason: `a block's id is not an IRI: "${blockId.slice(0, 100)}"` };
    const aus: Cmi5Au[] = [];
    const walk = (block: XmlNode): string | null => {
      for (const a of children(block, 'au')) {
        const au = auOf(a, seen);
        if (typeof au === 'string') return au;
        aus.push(au);
      }
      for (const inner of children(block, 'block')) {
        const failed = walk(inner);
        if (failed) return failed;
      }
      return null;
    };
    const failed = walk(node);
    if (failed) return { ok: false, reason: failed };
    if (aus.length === 0) return { ok: false, reason: `block ${blockId} has no AU` };
    items.push({
      kind: 'block',
      block: { id: blockId, title: langstring(child(node, 'title')) || blockId, aus },
    });
  }
  if (items.length === 0) return { ok: false, reason: 'cmi5.xml has no AU' };
  return {
    ok: true,
    structure: {
      id,
      title: langstring(child(course, 'title')) || id,
      description: langstring(child(course, 'description')),
      items,
    },
  };
}
