import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { courseManifestSchema, type CourseManifest } from '../../courses/manifest';
import { describeIssues } from '../../packages/issues';
import { packCourse } from '../../packages/course-package';
import { unsafePathReason } from '../../packages/paths';
import { extractZip } from '../../packages/unzip';
import { type WrapOptions, type WrapRefusal } from '../scorm/wrap';
import { sha256File } from '../unpack';
import {
  disallowedFile,
  folderOf,
  H5P_ROOT,
  h5pJsonSchema,
  libraryJsonSchema,
  neededLibraries,
  parseJsonFile,
  remoteMedia,
  unsafeSvgReason,
  type LibraryJson,
} from './package';

/** Why an .h5p was refused: the SCORM reasons where they mean the same, and H5P's own. */
export type H5pWrapRefusal = WrapRefusal | 'missing_libraries' | 'disallowed_file' | 'unsafe_svg';

export interface H5pWrapOptions extends Omit<WrapOptions, 'pretest' | 'posttest'> {
  /** The activity is the course's pretest or posttest (its score counts as one). */
  assessment?: 'pre' | 'post';
  /** Scaled score (0..1) that passes (default 0.7). */
  passingScaled?: number;
}

export type H5pWrapOutcome =
  | {
      ok: true;
      manifest: CourseManifest;
      files: number;
      mainLibrary: string;
      libraries: number;
      remote: { file: string; url: string }[];
    }
  | { ok: false; code: H5pWrapRefusal; reason: string };

class Refusal extends Error {
  constructor(
    readonly code: H5pWrapRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** A course id from the package's title: lower-case, the safe alphabet. */
function courseIdOf(title: string, file: string): string {
  const id = (title || basename(file, '.h5p'))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '');
  return `h5p-${id || 'aktivitas'}`.slice(0, 64);
}

/**
 * `balai course wrap x.h5p`: a signed course of one lesson, the H5P activity. Everything is checked before
 * anything is signed: the zip's limits and names (no path escapes), h5p.json and every library.json
 * (schemas), every file against H5P's allowed types, every SVG (scripted ones refused), every library the
 * activity needs present (missing ones refused by name), media on the internet listed (refused unless
 * `allowRemote`). The package is stored as it is under `h5p/`.
 */
export async function wrapH5p(file: string, options: H5pWrapOptions): Promise<H5pWrapOutcome> {
  const staging = join(dirname(options.out), `.wrap-${randomUUID()}`);
  try {
    return await wrapInto(file, staging, options);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, reason: error.message };
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function wrapInto(file: string, staging: string, options: H5pWrapOptions): Promise<H5pWrapOutcome> {
  const root = join(staging, H5P_ROOT);
  mkdirSync(root, { recursive: true });
  const extracted = await extractZip(file, root, options.limits);
  if (!extracted.ok) {
    const code: H5pWrapRefusal = /not a readable zip/.test(extracted.reason)
      ? 'not_a_zip'
      : /path escape|absolute path/.test(extracted.reason)
        ? 'outside_package'
        : /larger|more than|ratio|bomb|limit/i.test(extracted.reason)
          ? 'too_large'
          : 'unsafe_entry';
    throw new Refusal(code, extracted.reason);
  }
  const paths = extracted.files.map((f) => f.path);
  const read = (path: string) => readFileSync(join(root, ...path.split('/')), 'utf8');
  if (!paths.includes('h5p.json'))
    throw new Refusal('no_manifest', 'no h5p.json in the package: not an H5P package');
  for (const path of paths) {
    const problem = disallowedFile(path);
    if (problem) throw new Refusal('disallowed_file', problem);
  }
  for (const path of paths.filter((p) => /\.svg$/i.test(p))) {
    const reason = unsafeSvgReason(read(path));
    if (reason) throw new Refusal('unsafe_svg', `"${path}" is refused: ${reason}`);
  }
  const h5p = parseJsonFile(h5pJsonSchema, read('h5p.json'), 'h5p.json');
  if (!h5p.ok) throw new Refusal('malformed', h5p.reason);
  if (!paths.includes('content/content.json'))
    throw new Refusal('missing_files', 'content/content.json is missing');
  const contentText = read('content/content.json');
  let content: unknown;
  try {
    content = JSON.parse(contentText.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Refusal('malformed', `content/content.json is not JSON: ${String(error)}`);
  }

  const libraries = new Map<string, LibraryJson>();
  for (const path of paths.filter((p) => /^[^/]+\/library\.json$/.test(p))) {
    const folder = path.split('/')[0]!;
    const library = parseJsonFile(libraryJsonSchema, read(path), path);
    if (!library.ok) throw new Refusal('malformed', library.reason);
    if (folderOf(library.value) !== folder)
      throw new Refusal('malformed', `library folder "${folder}" holds ${folderOf(library.value)}`);
    for (const f of [...(library.value.preloadedJs ?? []), ...(library.value.preloadedCss ?? [])]) {
      if (unsafePathReason(f.path, options.limits.maxPathLength))
        throw new Refusal(
          'outside_package',
          `${folder}/library.json names a path outside the library: ${f.path.slice(0, 120)}`,
        );
      if (!paths.includes(`${folder}/${f.path}`))
        throw new Refusal('missing_files', `${folder}/library.json names a missing file: ${f.path}`);
    }
    libraries.set(folder, library.value);
  }
  for (const path of paths) {
    const [top] = path.split('/');
    if (path.includes('/') && top !== 'content' && !libraries.has(top!))
      throw new Refusal('malformed', `"${top}" is neither content nor a library (no library.json)`);
  }
  const { missing } = neededLibraries(h5p.value, libraries);
  if (missing.length > 0)
    throw new Refusal('missing_libraries', `libraries the activity needs are missing: ${missing.join(', ')}`);
  const main = h5p.value.preloadedDependencies.find((d) => d.machineName === h5p.value.mainLibrary)!;
  const mainLibrary = folderOf(main);

  const remote = remoteMedia(content).map((url) => ({ file: 'content/content.json', url }));
  if (remote.length > 0 && !options.allowRemote)
    throw new Refusal(
      'needs_internet',
      `the activity loads media from the internet and would not work offline: ${remote
        .slice(0, 5)
        .map((r) => r.url)
        .join(', ')}; wrap with --allow-remote to record that it degrades offline`,
    );

  // Libraries go under h5p/libraries/ (the kiosk moves them into its shared store at install).
  mkdirSync(join(root, 'libraries'));
  for (const folder of libraries.keys()) renameSync(join(root, folder), join(root, 'libraries', folder));

  const title = h5p.value.title.slice(0, 200);
  const manifest = courseManifestSchema.safeParse({
    formatVersion: 1,
    id: options.id ?? courseIdOf(h5p.value.title, file),
    version: options.version ?? '1.0.0',
    language: options.language ?? 'id',
    title,
    description: title,
    publisher: (options.publisher ?? options.signer.key.name).slice(0, 200),
    modules: [
      {
        id: 'aktivitas',
        title,
        lessons: [
          {
            id: 'aktivitas',
            title,
            h5p: {
              mainLibrary,
              ...(options.assessment ? { assessment: options.assessment } : {}),
              passingScaled: options.passingScaled ?? 0.7,
            },
          },
        ],
      },
    ],
    content: {
      type: 'h5p',
      mainLibrary,
      libraries: [...libraries]
        .map(([name, l]) => ({ name, patch: l.patchVersion }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      remote,
      degradesOffline: remote.length > 0,
      source: { name: basename(file).slice(0, 400), sha256: await sha256File(file) },
    },
  });
  if (!manifest.success)
    throw new Refusal('bad_option', `course.json invalid: ${describeIssues(manifest.error.issues)}`);
  writeFileSync(join(staging, 'course.json'), JSON.stringify(manifest.data, null, 2) + '\n');
  const packed = await packCourse(staging, options.signer, options.out, options.limits, options.now);
  return {
    ok: true,
    manifest: packed.manifest,
    files: packed.files.length,
    mainLibrary,
    libraries: libraries.size,
    remote,
  };
}
