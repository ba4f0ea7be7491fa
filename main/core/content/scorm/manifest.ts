import { posix } from 'node:path';
import { parseSequencing, SequencingError, type SequencingDef } from './sequencing';
import { attr, attrAnyCase, child, children, parseXml, text, type XmlNode } from './xml';

/** The SCORM versions a kiosk plays. 2004's editions differ in sequencing details and the data model's limits. */
export type ScormEdition = '1.2' | '2004-2' | '2004-3' | '2004-4';

export interface ScormResource {
  identifier: string;
  scormType: 'sco' | 'asset';
  /** Launch path relative to the package root (xml:base applied), without its query. */
  href?: string;
  /** Query string of the launch (`?content=playing`), without the `?`. */
  query: string;
  /** Every file the resource (and its dependencies) lists, relative to the package root. */
  files: string[];
}

/** One item of an organisation: an activity of the tree. Leaves name a resource. */
export interface Activity {
  identifier: string;
  title: string;
  visible: boolean;
  resource?: ScormResource;
  /** `parameters` of the item, appended to the launch URL. */
  parameters?: string;
  /** SCORM 1.2 `adlcp:masteryscore` (0–100) or 2004 `minNormalizedMeasure` of the primary objective is in `sequencing`. */
  masteryScore?: number;
  dataFromLms?: string;
  timeLimitAction?: string;
  maxTimeAllowed?: string;
  completionThreshold?: number;
  sequencing?: SequencingDef;
  children: Activity[];
}

export interface ScormManifest {
  identifier: string;
  edition: ScormEdition;
  /** The `schemaversion` as written. */
  schemaVersion: string;
  title: string;
  description?: string;
  /** The default organisation: the activity tree's root. */
  root: Activity;
  resources: ScormResource[];
}

export type ManifestOutcome =
  | { ok: true; manifest: ScormManifest }
  | { ok: false; code: 'malformed' | 'unsupported_schema' | 'outside_package'; reason: string };

class ManifestError extends Error {
  constructor(
    readonly code: 'malformed' | 'unsupported_schema' | 'outside_package',
    message: string,
  ) {
    super(message);
  }
}

function editionOf(schemaVersion: string, manifest: XmlNode): ScormEdition {
  const v = schemaVersion.trim().toLowerCase();
  if (v === '1.2') return '1.2';
  if (v === 'cam 1.3') return '2004-2';
  if (v === '2004 3rd edition') return '2004-3';
  if (v === '2004 4th edition') return '2004-4';
  if (v !== '') throw new ManifestError('unsupported_schema', `unsupported schemaversion "${schemaVersion}"`);
  // No schemaversion: the ADL namespaces still say which SCORM the package was written for.
  const namespaces = Object.entries(manifest)
    .filter(([k]) => k.startsWith('@xmlns'))
    .map(([, v]) => (typeof v === 'string' ? v : ''));
  if (namespaces.some((n) => /adlcp_rootv1p2/i.test(n))) return '1.2';
  if (namespaces.some((n) => /adlcp_v1p3/i.test(n))) return '2004-3';
  throw new ManifestError('unsupported_schema', 'no SCORM schemaversion and no ADL namespace');
}

/** Joins xml:base values and an href inside the package; refuses anything that leaves it. */
function inside(...parts: (string | undefined)[]): string {
  let path = '';
  for (const part of parts) {
    if (!part) continue;
    const clean = part.replace(/\\/g, '/');
    if (/^[a-z][a-z0-9+.-]*:/i.test(clean) || clean.startsWith('//'))
      throw new ManifestError('outside_package', `"${part}" is outside the package (a URL)`);
    if (clean.startsWith('/')) throw new ManifestError('outside_package', `"${part}" is an absolute path`);
    path = path === '' || path.endsWith('/') ? path + clean : `${path}/${clean}`;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path;
  }
  const normal = posix.normalize(decoded);
  if (normal === '..' || normal.startsWith('../'))
    throw new ManifestError('outside_package', `"${path}" points outside the package`);
  return normal === '.' ? '' : normal;
}

function splitQuery(href: string): { path: string; query: string } {
  const cut = href.search(/[?#]/);
  if (cut < 0) return { path: href, query: '' };
  return {
    path: href.slice(0, cut),
    query: href[cut] === '?' ? href.slice(cut + 1).replace(/#.*$/, '') : '',
  };
}

function readResources(manifest: XmlNode, manifestBase: string | undefined): ScormResource[] {
  const resourcesNode = child(manifest, 'resources');
  const raw = children(resourcesNode, 'resource');
  const byId = new Map(raw.map((r) => [attr(r, 'identifier') ?? '', r]));
  const base = (r: XmlNode) => [manifestBase, attr(resourcesNode, 'base'), attr(r, 'base')];
  const filesOf = (r: XmlNode, seen: Set<string>): string[] => {
    const id = attr(r, 'identifier') ?? '';
    if (seen.has(id)) return [];
    seen.add(id);
    const own = children(r, 'file').map((f) => {
      const href = attr(f, 'href');
      if (!href) throw new ManifestError('malformed', `a file of resource "${id}" has no href`);
      return inside(...base(r), splitQuery(href).path);
    });
    const deps = children(r, 'dependency').flatMap((d) => {
      const ref = attr(d, 'identifierref') ?? '';
      const dep = byId.get(ref);
      if (!dep) throw new ManifestError('malformed', `resource "${id}" depends on unknown resource "${ref}"`);
      return filesOf(dep, seen);
    });
    return [...own, ...deps];
  };
  return raw.map((r) => {
    const identifier = attr(r, 'identifier');
    if (!identifier) throw new ManifestError('malformed', 'a resource has no identifier');
    const href = attr(r, 'href');
    const type = (attrAnyCase(r, 'scormtype') ?? 'asset').toLowerCase();
    const out: ScormResource = {
      identifier,
      scormType: type === 'sco' ? 'sco' : 'asset',
      query: '',
      files: filesOf(r, new Set()),
    };
    if (href) {
      const { path, query } = splitQuery(href.trim());
      out.href = inside(...base(r), path);
      out.query = query;
    }
    return out;
  });
}

function readItem(
  node: XmlNode,
  resources: Map<string, ScormResource>,
  collection: Map<string, SequencingDef>,
  seen: Set<string>,
): Activity {
  const identifier = attr(node, 'identifier');
  if (!identifier) throw new ManifestError('malformed', 'an item has no identifier');
  if (seen.has(identifier))
    throw new ManifestError('malformed', `item identifier "${identifier}" is used twice`);
  seen.add(identifier);
  const activity: Activity = {
    identifier,
    title: text(child(node, 'title')) || identifier,
    visible: attr(node, 'isvisible') !== 'false',
    children: children(node, 'item').map((c) => readItem(c, resources, collection, seen)),
  };
  const ref = attr(node, 'identifierref');
  if (ref) {
    const resource = resources.get(ref);
    if (!resource)
      throw new ManifestError('malformed', `item "${identifier}" names unknown resource "${ref}"`);
    if (!resource.href)
      throw new ManifestError('malformed', `resource "${ref}" of item "${identifier}" has no href`);
    activity.resource = resource;
  }
  if (activity.children.length === 0 && !activity.resource)
    throw new ManifestError('malformed', `item "${identifier}" has neither children nor a resource`);
  const parameters = attr(node, 'parameters');
  if (parameters) activity.parameters = parameters;
  const mastery = text(child(node, 'masteryscore'));
  if (mastery !== '') {
    const n = Number(mastery);
    if (!Number.isFinite(n))
      throw new ManifestError('malformed', `masteryscore "${mastery}" is not a number`);
    activity.masteryScore = n;
  }
  const dataFromLms = text(child(node, 'datafromlms')) || text(child(node, 'dataFromLMS'));
  if (dataFromLms) activity.dataFromLms = dataFromLms;
  const timeLimit = text(child(node, 'timelimitaction')) || text(child(node, 'timeLimitAction'));
  if (timeLimit) activity.timeLimitAction = timeLimit;
  const maxTime = text(child(node, 'maxtimeallowed'));
  if (maxTime) activity.maxTimeAllowed = maxTime;
  const threshold = child(node, 'completionThreshold');
  if (threshold) {
    const value = attr(threshold, 'minProgressMeasure') ?? text(threshold);
    if (value) activity.completionThreshold = Number(value);
  }
  const seq = child(node, 'sequencing');
  if (seq) activity.sequencing = sequencingOf(seq, collection, identifier);
  return activity;
}

function sequencingOf(seq: XmlNode, collection: Map<string, SequencingDef>, owner: string): SequencingDef {
  const idRef = attr(seq, 'IDRef');
  const base = idRef ? collection.get(idRef) : undefined;
  if (idRef && !base)
    throw new ManifestError(
      'malformed',
      `sequencing of "${owner}" names unknown collection entry "${idRef}"`,
    );
  return parseSequencing(seq, base);
}

/**
 * Parses an imsmanifest.xml (SCORM 1.2, 2004 2nd/3rd/4th edition) into its activity tree and resources.
 * `packageRoot` is the manifest's folder inside the zip ('' at the root): paths come back relative to it.
 */
export function parseManifest(xml: string): ManifestOutcome {
  const parsed = parseXml(xml.replace(/^\uFEFF/, ''));
  if (!parsed.ok)
    return { ok: false, code: 'malformed', reason: `malformed imsmanifest.xml: ${parsed.reason}` };
  try {
    const manifest = child(parsed.root, 'manifest');
    if (!manifest) throw new ManifestError('malformed', 'imsmanifest.xml has no <manifest> element');
    const metadata = child(manifest, 'metadata');
    const schema = text(child(metadata, 'schema'));
    const schemaVersion = text(child(metadata, 'schemaversion'));
    if (schema && !/^ADL SCORM$/i.test(schema))
      throw new ManifestError('unsupported_schema', `unsupported schema "${schema}"`);
    const edition = editionOf(schemaVersion, manifest);
    const manifestBase = attr(manifest, 'base');
    const resources = readResources(manifest, manifestBase);
    const collection = new Map<string, SequencingDef>();
    for (const s of children(child(manifest, 'sequencingCollection'), 'sequencing')) {
      const id = attr(s, 'ID');
      if (id) collection.set(id, parseSequencing(s));
    }
    const orgs = child(manifest, 'organizations');
    const list = children(orgs, 'organization');
    if (list.length === 0) throw new ManifestError('malformed', 'imsmanifest.xml has no organization');
    const wanted = attr(orgs, 'default');
    const org = (wanted && list.find((o) => attr(o, 'identifier') === wanted)) || list[0]!;
    const seen = new Set<string>();
    const byId = new Map(resources.map((r) => [r.identifier, r]));
    const orgId = attr(org, 'identifier') ?? 'organization';
    seen.add(orgId);
    const root: Activity = {
      identifier: orgId,
      title: text(child(org, 'title')) || orgId,
      visible: true,
      children: children(org, 'item').map((c) => readItem(c, byId, collection, seen)),
    };
    if (root.children.length === 0)
      throw new ManifestError('malformed', `organization "${orgId}" has no items`);
    const orgSeq = child(org, 'sequencing');
    if (orgSeq) root.sequencing = sequencingOf(orgSeq, collection, orgId);
    const out: ScormManifest = {
      identifier: attr(manifest, 'identifier') ?? orgId,
      edition,
      schemaVersion,
      title: root.title,
      resources,
      root,
    };
    const description = lomDescription(metadata) ?? lomDescription(child(org, 'metadata'));
    if (description) out.description = description;
    return { ok: true, manifest: out };
  } catch (error) {
    if (error instanceof ManifestError) return { ok: false, code: error.code, reason: error.message };
    if (error instanceof SequencingError)
      return { ok: false, code: 'malformed', reason: `sequencing: ${error.message}` };
    throw error;
  }
}

/** `lom/general/description/string` of inline metadata, when the package carries one. */
function lomDescription(metadata: XmlNode | undefined): string | undefined {
  const description = child(child(child(metadata, 'lom'), 'general'), 'description');
  const value = text(child(description, 'string')) || text(child(description, 'langstring'));
  return value || undefined;
}

/** Every leaf of the tree, in the order a learner meets them. */
export function leaves(activity: Activity): Activity[] {
  return activity.children.length === 0 ? [activity] : activity.children.flatMap(leaves);
}
