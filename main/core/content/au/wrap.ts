import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CourseManifest } from '../../courses/manifest';
import { courseManifestSchema } from '../../courses/manifest';
import { packCourse } from '../../packages/course-package';
import { describeIssues } from '../../packages/issues';
import type { WrapOptions } from '../scorm/wrap';
import { storedSegment } from '../scorm/package';
import { namesOf, needsInternet, openPackage, sha256File, unpackPackage, UnpackRefusal } from '../unpack';
import { PACKAGE_ROOT } from './origin';
import type { AuLesson } from './schema';

/** Why a cmi5 or Tin Can package was refused, by name. */
export type AuWrapRefusal =
  | 'not_a_zip'
  | 'no_manifest'
  | 'malformed'
  | 'outside_package'
  | 'missing_files'
  | 'needs_internet'
  | 'too_large'
  | 'unsafe_entry'
  | 'bad_option';

export class AuRefusal extends Error {
  constructor(
    readonly code: AuWrapRefusal,
    message: string,
  ) {
    super(message);
  }
}

export type AuWrapOutcome =
  | { ok: true; manifest: CourseManifest; files: number; remote: { file: string; url: string }[] }
  | { ok: false; code: AuWrapRefusal; reason: string };

/** One AU or activity found in the package's manifest, before it becomes a lesson. */
export interface FoundAu {
  activityId: string;
  title: string;
  /** The launch URL as the manifest writes it (relative to the package, maybe with a query). */
  url: string;
  fields: Omit<AuLesson, 'activityId' | 'launch' | 'query' | 'assessment'>;
}

/** What the type's manifest says, for the course.json the wrap writes. */
export interface FoundCourse {
  iri: string;
  title: string;
  description: string;
  /** Modules in order: their IRI when they are cmi5 blocks, and their AUs. */
  modules: { iri: string | null; title: string; aus: FoundAu[] }[];
}

/** A readable slug of an IRI: its part after `prefix` (the course's IRI), else its last path segments. */
export function slugOf(iri: string, prefix: string, used: Set<string>): string {
  const tail =
    iri.startsWith(prefix) && iri.length > prefix.length
      ? iri.slice(prefix.length)
      : iri.replace(/^[a-z]+:\/*[^/]*/i, '');
  let base = tail
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '');
  base = (base || 'item').slice(-56).replace(/^[^a-z0-9]+/, '') || 'item';
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/**
 * `balai course wrap` for packages that report to the local LRS (cmi5, Tin Can): the package's files are
 * stored under `cmi5/` or `xapi/` (names mapped safely, as SCORM's), its manifest becomes modules and lessons
 * (`au`), every launch file must be in the package, loads from the internet refuse the wrap unless
 * `allowRemote`. Written through a staging folder and `packCourse` (atomic rename).
 */
export async function wrapAuPackage(
  file: string,
  options: WrapOptions,
  kind: 'cmi5' | 'xapi',
  manifestName: 'cmi5.xml' | 'tincan.xml',
  read: (xml: string) => FoundCourse,
): Promise<AuWrapOutcome> {
  const staging = join(dirname(options.out), `.wrap-${randomUUID()}`);
  try {
    const zip = await openPackage(file);
    try {
      const listed = await namesOf(zip, options.limits);
      const manifestPath = listed.names
        .filter((n) => n.toLowerCase() === manifestName || new RegExp(`^[^/]+/${manifestName}$`, 'i').test(n))
        .sort((a, b) => a.length - b.length)[0];
      if (!manifestPath) throw new AuRefusal('no_manifest', `no ${manifestName} in the package`);
      const root = manifestPath.slice(0, manifestPath.length - manifestName.length);
      const folder = PACKAGE_ROOT[kind];
      const unpacked = await unpackPackage(
        zip,
        listed,
        root,
        staging,
        folder,
        options.limits,
        (rel) => rel === manifestName,
      );
      const course = read(unpacked.texts.get(manifestName) ?? '');
      const present = new Set(unpacked.files);
      const absolute = course.modules.flatMap((m) => m.aus).filter((a) => /^[a-z][a-z0-9+.-]*:/i.test(a.url));
      if (absolute.length > 0)
        throw new AuRefusal(
          'needs_internet',
          `launched from the internet, not from the package: ${absolute
            .map((a) => a.url)
            .slice(0, 3)
            .join(', ')}`,
        );
      const missing = course.modules
        .flatMap((m) => m.aus)
        .map((a) => decodeURIComponent(a.url.split(/[?#]/)[0]!))
        .filter((path) => !present.has(path.normalize('NFC')));
      if (missing.length > 0)
        throw new AuRefusal(
          'missing_files',
          `launch files missing from the package: ${missing.slice(0, 5).join(', ')}`,
        );
      const { remote } = unpacked;
      if (remote.length > 0 && !options.allowRemote)
        throw new AuRefusal('needs_internet', needsInternet(remote));
      const ids = course.modules.flatMap((m) => m.aus.map((a) => a.activityId));
      for (const [flag, id] of [
        ['--pretest', options.pretest],
        ['--posttest', options.posttest],
      ] as const)
        if (id !== undefined && !ids.includes(id))
          throw new AuRefusal('bad_option', `${flag} ${id}: no such AU`);

      const lessonIds = new Set<string>();
      const moduleIds = new Set<string>();
      const blocks: { module: string; iri: string }[] = [];
      const modules = course.modules.map((m, i) => {
        const id = m.iri
          ? slugOf(m.iri, `${course.iri}/`, moduleIds)
          : slugOf(`module-${i + 1}`, '', moduleIds);
        if (m.iri) blocks.push({ module: id, iri: m.iri });
        return {
          id,
          title: m.title.slice(0, 200),
          lessons: m.aus.map((a) => {
            const [path, ...query] = a.url.split('?');
            const assessment =
              options.pretest === a.activityId
                ? 'pre'
                : options.posttest === a.activityId
                  ? 'post'
                  : undefined;
            return {
              id: slugOf(a.activityId, `${course.iri}/`, lessonIds),
              title: a.title.slice(0, 200),
              au: {
                activityId: a.activityId,
                launch: [
                  folder,
                  ...decodeURIComponent(path!).normalize('NFC').split('/').map(storedSegment),
                ].join('/'),
                query: query.join('?'),
                ...a.fields,
                ...(assessment ? { assessment } : {}),
              },
            };
          }),
        };
      });
      const source = { name: basename(file).slice(0, 400), sha256: await sha256File(file) };
      const storedManifest = `${folder}/${storedSegment(manifestName)}`;
      const content =
        kind === 'cmi5'
          ? {
              type: 'cmi5',
              structure: storedManifest,
              courseIri: course.iri,
              blocks,
              remote,
              degradesOffline: remote.length > 0,
              source,
            }
          : { type: 'xapi', manifest: storedManifest, remote, degradesOffline: remote.length > 0, source };
      const manifest = courseManifestSchema.safeParse({
        formatVersion: 1,
        id: options.id ?? courseIdOf(course.iri),
        version: options.version ?? '1.0.0',
        language: options.language ?? 'id',
        title: course.title.slice(0, 200),
        description: (course.description || course.title).slice(0, 2000),
        publisher: (options.publisher ?? options.signer.key.name).slice(0, 200),
        modules,
        content,
      });
      if (!manifest.success)
        throw new AuRefusal('bad_option', `course.json invalid: ${describeIssues(manifest.error.issues)}`);
      writeFileSync(join(staging, 'course.json'), JSON.stringify(manifest.data, null, 2) + '\n');
      const packed = await packCourse(staging, options.signer, options.out, options.limits, options.now);
      return { ok: true, manifest: packed.manifest, files: packed.files.length, remote };
    } finally {
      zip.close();
    }
  } catch (error) {
    if (error instanceof AuRefusal || error instanceof UnpackRefusal)
      return { ok: false, code: error.code, reason: error.message };
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A course id from the course's IRI: its last path segment, in the id alphabet. */
function courseIdOf(iri: string): string {
  const last =
    iri
      .replace(/[?#].*$/, '')
      .replace(/\/+$/, '')
      .split('/')
      .pop() ?? '';
  const id = last
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64);
  return id || 'kursus';
}
