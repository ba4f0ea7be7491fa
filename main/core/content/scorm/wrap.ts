import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import type { CourseManifest, Lesson } from '../../courses/manifest';
import { courseManifestSchema } from '../../courses/manifest';
import { describeIssues } from '../../packages/issues';
import type { Signer } from '../../pki/trust';
import type { PackageLimits } from '../../packages/limits';
import { packCourse } from '../../packages/course-package';
import { namesOf, needsInternet, openPackage, sha256File, unpackPackage, UnpackRefusal } from '../unpack';
import { leaves, parseManifest, type Activity, type ScormManifest } from './manifest';
import { findManifest, SCORM_ROOT, storedPath } from './package';

export interface WrapOptions {
  /** The publisher's key and certificate chain (right `courses`), as `balai course pack` signs. */
  signer: Signer;
  out: string;
  limits: PackageLimits;
  now: Date;
  /** Course id (default: from the manifest identifier). */
  id?: string;
  version?: string;
  language?: 'id' | 'en';
  publisher?: string;
  /** Wrap a package that needs the internet; the course records that it degrades offline. */
  allowRemote?: boolean;
  /** Item identifiers to mark as the course's pretest and posttest. */
  pretest?: string;
  posttest?: string;
}

/** Why a package was refused, by name: the CLI and tests tell them apart. */
export type WrapRefusal =
  | 'not_a_zip'
  | 'no_manifest'
  | 'malformed'
  | 'unsupported_schema'
  | 'outside_package'
  | 'missing_files'
  | 'needs_internet'
  | 'too_large'
  | 'unsafe_entry'
  | 'bad_option';

export type WrapOutcome =
  | {
      ok: true;
      manifest: CourseManifest;
      scorm: ScormManifest;
      files: number;
      remote: { file: string; url: string }[];
    }
  | { ok: false; code: WrapRefusal; reason: string };

class Refusal extends Error {
  constructor(
    readonly code: WrapRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** A lesson id from an item identifier: lower-case, the safe alphabet, unique within the course. */
function lessonId(identifier: string, used: Set<string>): string {
  let base = identifier
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  base = (base || 'item').slice(0, 56);
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function lessonOf(activity: Activity, used: Set<string>, options: WrapOptions): Lesson {
  const resource = activity.resource!;
  const query = [resource.query, activity.parameters?.replace(/^[?&]/, '')].filter(Boolean).join('&');
  const sco: NonNullable<Lesson['sco']> = {
    item: activity.identifier,
    launch: storedPath(resource.href!),
    query,
    scormType: resource.scormType,
  };
  if (activity.masteryScore !== undefined) sco.masteryScore = activity.masteryScore;
  if (activity.dataFromLms !== undefined) sco.dataFromLms = activity.dataFromLms;
  if (activity.timeLimitAction !== undefined) sco.timeLimitAction = activity.timeLimitAction;
  if (activity.maxTimeAllowed !== undefined) sco.maxTimeAllowed = activity.maxTimeAllowed;
  if (activity.completionThreshold !== undefined) sco.completionThreshold = activity.completionThreshold;
  if (options.pretest === activity.identifier) sco.assessment = 'pre';
  if (options.posttest === activity.identifier) sco.assessment = 'post';
  return { id: lessonId(activity.identifier, used), title: activity.title.slice(0, 200), sco };
}

/** Top-level items become modules (their leaves its lessons); runs of top-level leaves share one module. */
function modulesOf(scorm: ScormManifest, options: WrapOptions): CourseManifest['modules'] {
  const used = new Set<string>();
  const moduleIds = new Set<string>();
  const modules: CourseManifest['modules'] = [];
  let loose: Lesson[] = [];
  const flush = () => {
    if (loose.length === 0) return;
    modules.push({
      id: lessonId(`${scorm.root.identifier}-${modules.length + 1}`, moduleIds),
      title: scorm.title.slice(0, 200),
      lessons: loose,
    });
    loose = [];
  };
  for (const top of scorm.root.children) {
    if (top.children.length === 0) {
      loose.push(lessonOf(top, used, options));
      continue;
    }
    flush();
    modules.push({
      id: lessonId(top.identifier, moduleIds),
      title: top.title.slice(0, 200),
      lessons: leaves(top).map((a) => lessonOf(a, used, options)),
    });
  }
  flush();
  return modules;
}

function courseIdOf(scorm: ScormManifest): string {
  const id = scorm.identifier
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return (id || 'scorm-course').slice(0, 64);
}

/**
 * `balai course wrap`: turns a SCORM 1.2/2004 zip into a signed `.balaicourse`. The manifest is parsed and
 * checked (schema, references inside the package, every listed file present); the package's files are
 * stored under `scorm/` with names mapped safely (see `storedSegment`); internet references are listed and
 * refuse the wrap unless `allowRemote`. Written through a staging folder and `packCourse` (atomic rename).
 */
export async function wrapScorm(file: string, options: WrapOptions): Promise<WrapOutcome> {
  const staging = join(dirname(options.out), `.wrap-${randomUUID()}`);
  try {
    return await wrapInto(file, staging, options);
  } catch (error) {
    if (error instanceof Refusal || error instanceof UnpackRefusal)
      return { ok: false, code: error.code, reason: error.message };
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function wrapInto(file: string, staging: string, options: WrapOptions): Promise<WrapOutcome> {
  const { limits } = options;
  const zip = await openPackage(file);
  try {
    const listed = await namesOf(zip, limits);
    const manifestPath = findManifest(listed.names);
    if (!manifestPath)
      throw new Refusal('no_manifest', 'no imsmanifest.xml in the package: not a SCORM package');
    const root = manifestPath.slice(0, manifestPath.length - 'imsmanifest.xml'.length);
    const unpacked = await unpackPackage(
      zip,
      listed,
      root,
      staging,
      SCORM_ROOT,
      limits,
      (rel) => rel === 'imsmanifest.xml',
    );
    const { remote } = unpacked;
    const manifestText = unpacked.texts.get('imsmanifest.xml') ?? '';

    const parsed = parseManifest(manifestText);
    if (!parsed.ok) throw new Refusal(parsed.code, parsed.reason);
    const scorm = parsed.manifest;
    const present = new Set(unpacked.files);
    const missing = new Set<string>();
    for (const resource of scorm.resources) {
      for (const f of [...resource.files, ...(resource.href ? [resource.href] : [])])
        if (!present.has(f.normalize('NFC'))) missing.add(f);
    }
    if (missing.size > 0)
      throw new Refusal(
        'missing_files',
        `files the manifest lists are missing: ${[...missing].slice(0, 10).join(', ')}`,
      );
    if (remote.length > 0 && !options.allowRemote) throw new Refusal('needs_internet', needsInternet(remote));

    const items = leaves(scorm.root).map((a) => a.identifier);
    for (const [flag, item] of [
      ['--pretest', options.pretest],
      ['--posttest', options.posttest],
    ] as const)
      if (item !== undefined && !items.includes(item))
        throw new Refusal('bad_option', `${flag} ${item}: no such item in the manifest`);

    const manifest = courseManifestSchema.safeParse({
      formatVersion: 1,
      id: options.id ?? courseIdOf(scorm),
      version: options.version ?? '1.0.0',
      language: options.language ?? 'id',
      title: scorm.title.slice(0, 200),
      description: (scorm.description ?? scorm.title).slice(0, 2000),
      publisher: (options.publisher ?? options.signer.key.name).slice(0, 200),
      modules: modulesOf(scorm, options),
      content: {
        type: 'scorm',
        edition: scorm.edition,
        manifest: storedPath('imsmanifest.xml'),
        remote,
        degradesOffline: remote.length > 0,
        source: { name: basename(file).slice(0, 400), sha256: await sha256File(file) },
      },
    });
    if (!manifest.success)
      throw new Refusal('bad_option', `course.json invalid: ${describeIssues(manifest.error.issues)}`);
    writeFileSync(join(staging, 'course.json'), JSON.stringify(manifest.data, null, 2) + '\n');
    const packed = await packCourse(staging, options.signer, options.out, limits, options.now);
    return { ok: true, manifest: packed.manifest, scorm, files: packed.files.length, remote };
  } finally {
    zip.close();
  }
}
