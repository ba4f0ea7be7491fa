import { z } from 'zod';
import { describeIssues } from '../../packages/issues';

/** Where a wrapped package's files live inside the signed course: `h5p/h5p.json`, `h5p/content/…`, `h5p/libraries/…`. */
export const H5P_ROOT = 'h5p';

const version = z.union([z.number().int().min(0), z.string().regex(/^\d{1,5}$/)]).transform(Number);
const machineName = z.string().regex(/^[A-Za-z0-9._-]{1,120}$/, 'machine name: letters, digits, . _ -');
const dependency = z.looseObject({ machineName, majorVersion: version, minorVersion: version });

/** `h5p.json`: what H5P's own validator requires (title, mainLibrary, language, preloadedDependencies, embedTypes). */
export const h5pJsonSchema = z.looseObject({
  title: z.string().min(1).max(1000),
  mainLibrary: machineName,
  language: z.string().max(20),
  preloadedDependencies: z.array(dependency).min(1).max(500),
  embedTypes: z.array(z.enum(['div', 'iframe'])).min(1),
});

const file = z.looseObject({ path: z.string().min(1).max(500) });

/** A library's `library.json` (the fields the player reads and H5P requires). */
export const libraryJsonSchema = z.looseObject({
  title: z.string().min(1).max(1000),
  machineName,
  majorVersion: version,
  minorVersion: version,
  patchVersion: version,
  runnable: z.union([z.literal(0), z.literal(1), z.boolean()]).optional(),
  preloadedJs: z.array(file).max(200).optional(),
  preloadedCss: z.array(file).max(200).optional(),
  preloadedDependencies: z.array(dependency).max(500).optional(),
  dynamicDependencies: z.array(dependency).max(500).optional(),
  editorDependencies: z.array(dependency).max(500).optional(),
});

export type H5pJson = z.output<typeof h5pJsonSchema>;
export type LibraryJson = z.output<typeof libraryJsonSchema>;

/** `H5P.MultiChoice-1.14`: the folder and key of a library. */
export const folderOf = (d: { machineName: string; majorVersion: number; minorVersion: number }) =>
  `${d.machineName}-${d.majorVersion}.${d.minorVersion}`;

/**
 * H5P's allowed file types (h5p-php-library, `H5PCore::$defaultContentWhitelist` and, for libraries,
 * `$defaultLibraryWhitelistExtras`). Anything else in a package is refused by name.
 */
const CONTENT_EXTENSIONS = new Set(
  (
    'json png jpg jpeg gif bmp tif tiff svg eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf rtf doc ' +
    'docx xls xlsx ppt pptx odt ods odp xml csv diff patch swf md textile vtt webvtt gltf glb'
  ).split(' '),
);
const LIBRARY_EXTENSIONS = new Set([...CONTENT_EXTENSIONS, 'js', 'css']);

/** Why a file may not be in a package, or null. `path` is relative to the package root. */
export function disallowedFile(path: string): string | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  if (path === 'h5p.json') return null;
  if (path.startsWith('content/') || !path.includes('/')) {
    if (ext && CONTENT_EXTENSIONS.has(ext)) return null;
    return `"${path}": file type not allowed in H5P content`;
  }
  const [folder] = path.split('/');
  if (folder && path.includes('/') && ext && LIBRARY_EXTENSIONS.has(ext)) return null;
  return `"${path}": file type not allowed in an H5P library`;
}

/**
 * Why an SVG is refused, or null. An SVG is a document that can run script when opened on the content's
 * origin, so anything that can carry code or reach out is refused rather than guessed at: script and
 * foreignObject elements, event attributes (`onload=`…), `javascript:` URLs, links and `<use>` to anything
 * but the file's own fragments or embedded images, entity declarations (billion laughs, external entities)
 * and embedded HTML frames.
 */
export function unsafeSvgReason(text: string): string | null {
  if (/<\s*script\b/i.test(text)) return 'it holds a <script> element';
  if (/<\s*foreignObject\b/i.test(text)) return 'it holds a <foreignObject> element';
  if (/<\s*(iframe|embed|object|handler|listener)\b/i.test(text)) return 'it embeds another document';
  if (/<!ENTITY/i.test(text)) return 'it declares XML entities';
  if (/\son[a-z]+\s*=/i.test(text)) return 'it has an event attribute (on…=)';
  if (/(java|vb)script\s*:/i.test(text)) return 'it has a javascript: URL';
  for (const match of text.matchAll(/\b(?:xlink:)?href\s*=\s*["']([^"']*)["']/gi)) {
    const target = match[1]!.trim();
    if (!target.startsWith('#') && !/^data:image\/(png|jpe?g|gif|webp);base64,/i.test(target))
      return `it links to "${target.slice(0, 80)}"`;
  }
  if (/@import|url\(\s*["']?(?!#|data:image\/)/i.test(text)) return 'its style loads another file';
  return null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseJsonFile<T>(schema: z.ZodType<T>, text: string, name: string): Parsed<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      ok: false,
      reason: `${name} is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: `${name} invalid: ${describeIssues(parsed.error.issues)}` };
}

/**
 * The libraries the activity needs at run time: the main library, h5p.json's preloaded dependencies and,
 * transitively, each library's preloaded and dynamic dependencies (editor dependencies only serve the
 * editor). Returns the needed folder names, and those of them the package lacks.
 */
export function neededLibraries(
  h5p: H5pJson,
  libraries: ReadonlyMap<string, LibraryJson>,
): { needed: string[]; missing: string[] } {
  const needed = new Set<string>();
  const missing = new Set<string>();
  const main = h5p.preloadedDependencies.find((d) => d.machineName === h5p.mainLibrary);
  const queue = [...h5p.preloadedDependencies.map(folderOf)];
  if (!main) missing.add(`${h5p.mainLibrary} (mainLibrary, not among preloadedDependencies)`);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (needed.has(name) || missing.has(name)) continue;
    const library = libraries.get(name);
    if (!library) {
      missing.add(name);
      continue;
    }
    needed.add(name);
    for (const d of [...(library.preloadedDependencies ?? []), ...(library.dynamicDependencies ?? [])])
      queue.push(folderOf(d));
  }
  return { needed: [...needed].sort(), missing: [...missing].sort() };
}

/**
 * Media the activity loads from the internet: every `path` in content.json (H5P's file objects: images,
 * video, audio) that is a URL rather than a file of the package. Links in text are not loads and stay out.
 */
export function remoteMedia(content: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, depth: number): void => {
    if (depth > 64 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => walk(v, depth + 1));
    for (const [key, v] of Object.entries(value)) {
      if (key === 'path' && typeof v === 'string' && /^(https?:)?\/\//i.test(v.trim()))
        found.add(v.trim().slice(0, 2000));
      else walk(v, depth + 1);
    }
  };
  walk(content, 0);
  return [...found];
}
