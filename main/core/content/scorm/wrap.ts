import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Entry } from 'yauzl';
import type { CourseManifest, Lesson } from '../../courses/manifest';
import { courseManifestSchema } from '../../courses/manifest';
import { describeIssues } from '../../packages/issues';
import type { Signer } from '../../pki/trust';
import type { PackageLimits } from '../../packages/limits';
import { packCourse } from '../../packages/course-package';
import { listEntries, openEntry, openZip } from '../../packages/unzip';
import { leaves, parseManifest, type Activity, type ScormManifest } from './manifest';
import { findManifest, storedPath } from './package';
import { remoteReferences } from './remote';

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

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const TEXT = /\.(x?html?|css|svg)$/i;

function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  let name: string;
  try {
    name = utf8.decode(raw);
  } catch {
    // Old Windows zippers write names in the local code page without saying so; latin1 keeps every byte.
    name = raw.toString('latin1');
  }
  return name.replace(/\\/g, '/');
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
    if (error instanceof Refusal) return { ok: false, code: error.code, reason: error.message };
    throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function wrapInto(file: string, staging: string, options: WrapOptions): Promise<WrapOutcome> {
  const { limits } = options;
  let zip;
  try {
    zip = await openZip(file);
  } catch (error) {
    throw new Refusal(
      'not_a_zip',
      `not a readable zip: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new Refusal('too_large', `more than ${limits.maxEntries} entries (${zip.entryCount})`);
    const listed = await listEntries(zip, limits.maxEntries);
    if (typeof listed === 'string') throw new Refusal('too_large', listed);
    const names = listed.map(entryName);
    const manifestPath = findManifest(names);
    if (!manifestPath)
      throw new Refusal('no_manifest', 'no imsmanifest.xml in the package: not a SCORM package');
    const root = manifestPath.slice(0, manifestPath.length - 'imsmanifest.xml'.length);

    // Plan: every file under the manifest's folder, checked before a byte is written.
    const plan: { entry: Entry; rel: string; stored: string }[] = [];
    const storedSeen = new Map<string, string>();
    let total = 0;
    listed.forEach((entry, i) => {
      const name = names[i]!;
      if (name.endsWith('/') || !name.startsWith(root)) return;
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
        throw new Refusal('unsafe_entry', `symbolic link "${name}"`);
      const rel = posix.normalize(name.slice(root.length));
      if (rel.startsWith('../') || rel === '..' || rel.startsWith('/') || /[\u0000-\u001f]/.test(rel))
        throw new Refusal('outside_package', `entry "${name}" points outside the package`);
      const stored = storedPath(rel.normalize('NFC'));
      if (stored.length > limits.maxPathLength)
        throw new Refusal('unsafe_entry', `name too long once stored: "${rel.slice(0, 120)}"`);
      const key = stored.toLowerCase();
      const clash = storedSeen.get(key);
      if (clash)
        throw new Refusal(
          'unsafe_entry',
          `"${rel}" and "${clash}" differ only by case (one file on Windows)`,
        );
      storedSeen.set(key, rel);
      if (entry.uncompressedSize > limits.maxEntryBytes)
        throw new Refusal('too_large', `"${rel}" is too large`);
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes)
        throw new Refusal('too_large', 'package unpacks to more than the limit');
      if (
        entry.uncompressedSize > limits.ratioFloorBytes &&
        entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio
      )
        throw new Refusal('too_large', `"${rel}" is compressed more than ${limits.maxRatio}:1 (zip bomb?)`);
      plan.push({ entry, rel: rel.normalize('NFC'), stored });
    });

    const remote: { file: string; url: string }[] = [];
    let manifestText = '';
    for (const { entry, rel, stored } of plan) {
      const target = join(staging, ...stored.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      const keep = rel === 'imsmanifest.xml' || TEXT.test(rel);
      const chunks: Buffer[] = [];
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, callback) {
          size += chunk.length;
          if (size > entry.uncompressedSize)
            return callback(new Error(`"${rel}" is longer than it declares`));
          if (keep) chunks.push(chunk);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(await openEntry(zip, entry), meter, createWriteStream(target, { flags: 'wx' }));
      } catch (error) {
        throw new Refusal(
          'unsafe_entry',
          `cannot read "${rel}": ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (!keep) continue;
      const content = Buffer.concat(chunks).toString('utf8');
      if (rel === 'imsmanifest.xml') manifestText = content;
      else for (const url of remoteReferences(rel, content)) remote.push({ file: rel, url });
    }

    const parsed = parseManifest(manifestText);
    if (!parsed.ok) throw new Refusal(parsed.code, parsed.reason);
    const scorm = parsed.manifest;
    const present = new Set(plan.map((p) => p.rel));
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
    if (remote.length > 0 && !options.allowRemote)
      throw new Refusal(
        'needs_internet',
        `the package loads from the internet and would not work offline: ${remote
          .slice(0, 5)
          .map((r) => `${r.url} (${r.file})`)
          .join(', ')}; wrap with --allow-remote to record that it degrades offline`,
      );

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
        source: { name: basename(file).slice(0, 400), sha256: await sha256(file) },
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

/** The SHA-256 of a file, hex (the source package a course was wrapped from). */
export async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
