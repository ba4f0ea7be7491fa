/**
 * Which e-learning standard a package is, from its entry names and a few small files: a Balai Belajar course,
 * SCORM 1.2, SCORM 2004 (with its edition when the manifest says), H5P, cmi5, xAPI (Tin Can), IMS Common
 * Cartridge, or unknown. Pure: the caller lists the names (a zip's directory or a folder) and reads the small
 * entry asked for (imsmanifest.xml, h5p.json, cmi5.xml, tincan.xml). Nothing read here is trusted or shown as
 * it is, except a title cut to 120 characters; it only names the package, so an operator told "not signed"
 * learns instead what it is and who can wrap it (the kabupaten's team, `balai course wrap`).
 */

export type ContentStandard =
  'balai' | 'scorm12' | 'scorm2004' | 'h5p' | 'cmi5' | 'xapi' | 'common-cartridge' | 'unknown';

export interface RecognisedPackage {
  standard: ContentStandard;
  /** SCORM 2004: '2nd' | '3rd' | '4th' when the manifest says; Common Cartridge: its version ('1.3.0'). */
  edition: string | null;
  /** The package's own title, when its manifest gives one (at most 120 characters, one line). */
  title: string | null;
  /** The entry the answer rests on (`imsmanifest.xml`, `course/imsmanifest.xml`, `h5p.json`…), or null. */
  evidence: string | null;
  /** The standard's name as people say it: "SCORM 2004 4th Edition", "H5P", "IMS Common Cartridge 1.3". */
  name: string;
  /** What it is and what to do, for the operator and the CLI; null for a Balai course and for unknown. */
  indonesian: string | null;
  english: string | null;
}

/** Reads a small entry by its name in the listing (undefined when missing or too large). */
export type ReadEntry = (name: string) => Promise<string | undefined>;

/** The most a recogniser reads of one entry: manifests are small, and nothing here needs more. */
export const RECOGNISE_MAX_BYTES = 1024 * 1024;

const EDITIONS: Record<string, string> = { '2': '2nd', '3': '3rd', '4': '4th' };
const EDITION_ID: Record<string, string> = { '2nd': 'edisi ke-2', '3rd': 'edisi ke-3', '4th': 'edisi ke-4' };

/** The standard's name in English and in Indonesian. */
function names(standard: ContentStandard, edition: string | null): { en: string; id: string } {
  switch (standard) {
    case 'scorm12':
      return { en: 'SCORM 1.2', id: 'SCORM 1.2' };
    case 'scorm2004':
      return edition
        ? { en: `SCORM 2004 ${edition} Edition`, id: `SCORM 2004 ${EDITION_ID[edition] ?? edition}` }
        : { en: 'SCORM 2004', id: 'SCORM 2004' };
    case 'h5p':
      return { en: 'H5P', id: 'H5P' };
    case 'cmi5':
      return { en: 'cmi5', id: 'cmi5' };
    case 'xapi':
      return { en: 'xAPI (Tin Can)', id: 'xAPI (Tin Can)' };
    case 'common-cartridge': {
      const v = edition ? ` ${edition.replace(/\.0$/, '')}` : '';
      return { en: `IMS Common Cartridge${v}`, id: `IMS Common Cartridge${v}` };
    }
    case 'balai':
      return { en: 'Balai Belajar course', id: 'kursus Balai Belajar' };
    case 'unknown':
      return { en: 'unknown', id: 'tidak dikenal' };
  }
}

function answer(
  standard: ContentStandard,
  edition: string | null,
  title: string | null,
  evidence: string | null,
): RecognisedPackage {
  const name = names(standard, edition);
  const foreign = standard !== 'balai' && standard !== 'unknown';
  const titled = title ? ` ("${title}")` : '';
  return {
    standard,
    edition,
    title,
    evidence,
    name: name.en,
    indonesian: foreign
      ? `ini paket ${name.id}${titled} yang belum ditandatangani; minta tim kabupaten membungkusnya ` +
        `(balai course wrap) menjadi paket kursus Balai Belajar yang ditandatangani, lalu pasang paket itu.`
      : null,
    english: foreign
      ? `this is ${/^(IMS|H5P|xAPI)/.test(name.en) ? 'an' : 'a'} ${name.en} package${titled}, not signed for Balai Belajar; ask the kabupaten team to wrap ` +
        `it (balai course wrap) into a signed Balai Belajar course package, then install that.`
      : null,
    // Nothing plays a Common Cartridge yet, wrapped or not: say so, so nobody takes it for a broken course.
    ...(standard === 'common-cartridge' ? unsupported(name, titled) : {}),
  };
}

/** A Common Cartridge's sentences: not supported yet, and what to ask for instead. */
function unsupported(name: { en: string; id: string }, titled: string) {
  return {
    indonesian:
      `ini paket ${name.id}${titled}; Balai Belajar belum mendukung Common Cartridge, jadi paket ini ` +
      `tidak bisa dipasang atau dibungkus. Minta tim kabupaten menyediakan kursus ini sebagai paket SCORM, ` +
      `cmi5 atau kursus Balai Belajar.`,
    english:
      `this is an ${name.en} package${titled}; Balai Belajar does not support Common Cartridge yet, so it ` +
      `cannot be installed or wrapped. Ask the kabupaten team for this course as a SCORM or cmi5 package ` +
      `or a Balai Belajar course.`,
  };
}

/** One line, no control or bidi characters, at most 120 characters: a title fit to be named. */
function cleanTitle(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const text = decodeEntities(raw)
    .replace(/<!\[CDATA\[|\]\]>/g, '')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return null;
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of the first `<tag>` (any namespace prefix), or null. */
function firstElement(xml: string, tag: string): string | null {
  const match = new RegExp(
    `<(?:[A-Za-z_][\\w.-]*:)?${tag}\\b[^>]*>([\\s\\S]*?)</(?:[A-Za-z_][\\w.-]*:)?${tag}>`,
    'i',
  ).exec(xml);
  return match ? match[1]!.trim() : null;
}

/** The first `<title>` inside the manifest's first `<organization>` (IMS CP), else none. */
function organizationTitle(xml: string): string | null {
  const organization = firstElement(xml, 'organization');
  if (!organization) return null;
  const title = firstElement(organization, 'title');
  // IMS LOM wraps titles as <title><string>…</string></title>.
  return title && /<(?:\w+:)?string\b/i.test(title) ? firstElement(title, 'string') : title;
}

/** An IMS content package manifest: SCORM 1.2, SCORM 2004 or Common Cartridge. */
function fromImsManifest(xml: string, evidence: string): RecognisedPackage {
  const schema = (firstElement(xml, 'schema') ?? '').toLowerCase();
  const version = (firstElement(xml, 'schemaversion') ?? '').trim();
  const title = cleanTitle(organizationTitle(xml));
  if (schema.includes('common cartridge') || /imsccv\d/i.test(xml))
    return answer(
      'common-cartridge',
      /^\d+(\.\d+)*$/.test(version) ? version : ccVersion(xml),
      cleanTitle(lomTitle(xml)),
      evidence,
    );
  if (/^1\.2$/.test(version) || /adlcp_rootv1p2/i.test(xml)) return answer('scorm12', null, title, evidence);
  const edition = /2004\s*(\d)/i.exec(version)?.[1];
  if (edition) return answer('scorm2004', EDITIONS[edition] ?? null, title, evidence);
  // "CAM 1.3" is SCORM 2004's first edition; a v1p3 namespace without a version is SCORM 2004 too.
  if (/^cam 1\.3$/i.test(version) || /adlcp_v1p3|adlseq_v1p3|imsss/i.test(xml))
    return answer('scorm2004', null, title, evidence);
  if (schema.includes('scorm'))
    return answer(version.startsWith('1.') ? 'scorm12' : 'scorm2004', null, title, evidence);
  return answer('unknown', null, title, evidence);
}

/** A Common Cartridge's own title: the LOM `<title><string>` in the manifest's `<metadata>`. */
function lomTitle(xml: string): string | null {
  const metadata = firstElement(xml, 'metadata');
  const title = metadata ? firstElement(metadata, 'title') : null;
  return title ? (firstElement(title, 'string') ?? title) : null;
}

/** `imsccv1p3` in the namespace → `1.3.0`. */
function ccVersion(xml: string): string | null {
  const match = /imsccv(\d)p(\d)/i.exec(xml);
  return match ? `${match[1]}.${match[2]}.0` : null;
}

function jsonTitle(text: string | undefined): string | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && 'title' in parsed && typeof parsed.title === 'string')
      return cleanTitle(parsed.title);
  } catch {
    // a broken h5p.json still names an H5P package
  }
  return null;
}

/**
 * Names the package whose entries are `entries` (forward slashes, as in a zip). A manifest at the root wins;
 * an export zipped with its folder (one top folder holding the manifest) is recognised too.
 */
export async function recognisePackage(
  entries: readonly string[],
  read: ReadEntry,
): Promise<RecognisedPackage> {
  const byLower = new Map(entries.map((e) => [e.toLowerCase(), e]));
  const has = (name: string) => byLower.get(name.toLowerCase());

  if (has('signature.json') && has('course.json')) return answer('balai', null, null, 'signature.json');
  if (has('course.json') && !has('imsmanifest.xml')) return answer('balai', null, null, 'course.json');

  // Where a manifest sits: the root, or the single top folder an export was zipped with.
  const tops = new Set(entries.map((e) => (e.includes('/') ? e.slice(0, e.indexOf('/')) : '')));
  const prefixes = [''];
  const [top] = [...tops];
  if (tops.size === 1 && top) prefixes.push(`${top}/`);

  for (const prefix of prefixes) {
    const h5p = has(`${prefix}h5p.json`);
    if (h5p) return answer('h5p', null, jsonTitle(await read(h5p)), h5p);
    const cmi5 = has(`${prefix}cmi5.xml`);
    if (cmi5) {
      const xml = (await read(cmi5)) ?? '';
      const course = firstElement(xml, 'course');
      return answer(
        'cmi5',
        null,
        cleanTitle(course ? firstElement(firstElement(course, 'title') ?? '', 'langstring') : null),
        cmi5,
      );
    }
    const tincan = has(`${prefix}tincan.xml`);
    if (tincan) {
      const xml = (await read(tincan)) ?? '';
      const activity = firstElement(xml, 'activity');
      return answer('xapi', null, cleanTitle(activity ? firstElement(activity, 'name') : null), tincan);
    }
    const manifest = has(`${prefix}imsmanifest.xml`);
    if (manifest) return fromImsManifest((await read(manifest)) ?? '', manifest);
  }
  // Several packages zipped together, each in its folder (the ADL test suite's manifests): named by the first.
  const nested = entries.filter((e) => /^[^/]+\/imsmanifest\.xml$/i.test(e)).sort()[0];
  if (nested) return fromImsManifest((await read(nested)) ?? '', nested);
  return answer('unknown', null, null, null);
}

/** File name endings under which foreign packages travel: a kiosk looks at these on a stick. */
export const FOREIGN_PACKAGE_EXTENSIONS = ['.zip', '.h5p', '.imscc'] as const;
