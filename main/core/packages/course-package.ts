import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import yazl from 'yazl';
import { z } from 'zod';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { courseManifestSchema, type CourseManifest } from '../courses/manifest';
import { parseJsonLimited } from './canonical';
import { describeIssues } from './issues';
import { recogniseRawPackage, validateCourseFiles } from '../content/registry';
import type { RawPackage } from '../content/types';
import { verifyPublished, type Publisher, type Signer, type Trust } from '../pki/trust';
import type { PackageLimits } from './limits';
import { unsafePathReason } from './paths';
import { fileEntrySchema, signedEnvelopeSchema, signEnvelope, type FileEntry } from './signing';
import {
  extractZip,
  listEntries,
  openZip,
  readOneEntry,
  type ExtractedFile,
  type ExtractOptions,
} from './unzip';

export const COURSE_SIGNATURE_TYPE = 'balai-course';
export const SIGNATURE_FILE = 'signature.json';

/** What the publisher signs: the course's id and version, and every file with its size and SHA-256. */
export const signedCourseSchema = z.strictObject({
  courseId: z.string().max(64),
  version: z.string().max(20),
  createdAt: z.string().max(40),
  files: z.array(fileEntrySchema).max(10_000),
});

export type VerifiedCourse =
  | { ok: true; manifest: CourseManifest; publisher: Publisher; files: FileEntry[]; dir: string }
  | { ok: false; reason: string; cancelled?: true; raw?: RawPackage };

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Every regular file below `dir` as a package path; refuses links and unsafe names. */
function listFolder(dir: string, limits: PackageLimits): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join('/');
    if (lstatSync(full).isSymbolicLink()) throw new Error(`symbolic link in the course folder: ${path}`);
    if (!entry.isFile()) continue;
    if (path === SIGNATURE_FILE || entry.name.startsWith('.')) continue;
    const unsafe = unsafePathReason(path, limits.maxPathLength);
    if (unsafe) throw new Error(`cannot pack ${path}: ${unsafe}`);
    out.push(path);
  }
  return out.sort();
}

/** `balai course pack`: checks a course folder, signs its file list, and writes a `.balaicourse` zip atomically. */
export async function packCourse(
  folder: string,
  signer: Signer,
  outFile: string,
  limits: PackageLimits,
  now: Date,
): Promise<{ manifest: CourseManifest; files: FileEntry[] }> {
  const raw = parseJsonLimited(readFileSync(join(folder, 'course.json')), 'course.json', {
    maxBytes: limits.maxManifestBytes,
    maxDepth: limits.maxJsonDepth,
  });
  if (!raw.ok) throw new Error(raw.reason);
  const parsed = courseManifestSchema.safeParse(raw.value);
  if (!parsed.success) throw new Error(`course.json invalid: ${describeIssues(parsed.error.issues)}`);
  const paths = listFolder(folder, limits);
  const problem = validateCourseFiles(folder, parsed.data, paths, limits);
  if (problem) throw new Error(problem);
  const files: FileEntry[] = [];
  for (const path of paths) {
    const full = join(folder, ...path.split('/'));
    files.push({ path, size: statSync(full).size, sha256: await sha256File(full) });
  }
  const envelope = signEnvelope(
    COURSE_SIGNATURE_TYPE,
    { courseId: parsed.data.id, version: parsed.data.version, createdAt: now.toISOString(), files },
    signer.key,
    signer.chain,
  );

  const zip = new yazl.ZipFile();
  for (const path of paths) {
    const compress = !/\.(png|jpe?g|mp4|webm|mp3|ogg|pdf)$/i.test(path);
    zip.addFile(join(folder, ...path.split('/')), path, { compress, mtime: new Date(0), mode: 0o100644 });
  }
  zip.addBuffer(Buffer.from(JSON.stringify(envelope, null, 2) + '\n'), SIGNATURE_FILE, {
    mtime: new Date(0),
    mode: 0o100644,
  });
  zip.end();
  mkdirSync(dirname(outFile), { recursive: true });
  const temp = `${outFile}.tmp-${process.pid}`;
  await pipeline(zip.outputStream, createWriteStream(temp));
  renameSync(temp, outFile);
  return { manifest: parsed.data, files };
}

/**
 * Extracts a package into `stagingDir` and checks it completely (see `verifyStaged`). On refusal the caller
 * removes the staging folder; nothing outside it was touched.
 */
export async function verifyCoursePackage(
  file: string,
  stagingDir: string,
  trust: Trust,
  limits: PackageLimits,
  options: ExtractOptions = {},
): Promise<VerifiedCourse> {
  const raw = await rawPackageIn(file, limits);
  if (raw) return raw;
  mkdirSync(stagingDir, { recursive: true });
  const extracted = await extractZip(file, stagingDir, limits, options);
  if (!extracted.ok) return extracted;
  return verifyStaged(stagingDir, extracted.files, trust, limits);
}

/**
 * A zip without signature.json that a content type recognises (a SCORM package straight from an authoring
 * tool) is refused by name, before anything is extracted: the operator learns what it is and who wraps it.
 */
async function rawPackageIn(file: string, limits: PackageLimits): Promise<VerifiedCourse | undefined> {
  let names: string[];
  try {
    const zip = await openZip(file);
    try {
      const entries = await listEntries(zip, limits.maxEntries);
      if (typeof entries === 'string') return undefined;
      names = entries.map((e) => (e.fileName as unknown as Buffer).toString('utf8').replace(/\\/g, '/'));
    } finally {
      zip.close();
    }
  } catch {
    return undefined;
  }
  if (names.includes(SIGNATURE_FILE)) return undefined;
  const raw = await recogniseRawPackage({
    names,
    read: (name) => readOneEntry(file, name, limits.maxManifestBytes),
  });
  if (!raw) return undefined;
  return {
    ok: false,
    raw,
    reason: `not signed: a raw ${raw.label} package (paket ${raw.label} yang belum ditandatangani); have the kabupaten's team wrap it with "balai course wrap"`,
  };
}

/** An unpacked, signed course folder (`balai course install <folder>`): copied into staging file by file, then verified the same way. */
export async function verifyCourseFolder(
  folder: string,
  stagingDir: string,
  trust: Trust,
  limits: PackageLimits,
): Promise<VerifiedCourse> {
  let paths: string[];
  try {
    paths = [
      ...listFolder(folder, limits),
      ...(existsSync(join(folder, SIGNATURE_FILE)) ? [SIGNATURE_FILE] : []),
    ];
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (paths.length > limits.maxEntries) return { ok: false, reason: `more than ${limits.maxEntries} files` };
  const files: ExtractedFile[] = [];
  let total = 0;
  for (const path of paths) {
    const source = join(folder, ...path.split('/'));
    const target = join(stagingDir, ...path.split('/'));
    const size = statSync(source).size;
    total += size;
    if (size > limits.maxEntryBytes || total > limits.maxTotalBytes)
      return { ok: false, reason: 'course folder is too large' };
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    files.push({ path, size, sha256: await sha256File(target) });
  }
  return verifyStaged(stagingDir, files, trust, limits);
}

/**
 * Checks staged files: signature by a trusted publisher, every file listed with the right size and hash
 * (nothing more, nothing less), the manifest schema, course id and version matching what was signed,
 * and the content rules.
 */
function verifyStaged(
  stagingDir: string,
  staged: readonly ExtractedFile[],
  trust: Trust,
  limits: PackageLimits,
): VerifiedCourse {
  const byPath = new Map(staged.map((f) => [f.path, f]));
  const jsonLimits = { maxBytes: limits.maxManifestBytes, maxDepth: limits.maxJsonDepth };

  if (!byPath.has(SIGNATURE_FILE)) return { ok: false, reason: 'not signed: signature.json is missing' };
  const sigJson = parseJsonLimited(
    readFileSync(join(stagingDir, SIGNATURE_FILE)),
    SIGNATURE_FILE,
    jsonLimits,
  );
  if (!sigJson.ok) return { ok: false, reason: sigJson.reason };
  const envelope = signedEnvelopeSchema.safeParse(sigJson.value);
  if (!envelope.success) return { ok: false, reason: 'signature.json is malformed' };
  const verified = verifyPublished(envelope.data, COURSE_SIGNATURE_TYPE, trust, 'courses');
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const signed = signedCourseSchema.safeParse(envelope.data.signed);
  if (!signed.success) return { ok: false, reason: 'signed file list is malformed' };

  const listed = new Map(signed.data.files.map((f) => [f.path, f]));
  for (const [path, actual] of byPath) {
    if (path === SIGNATURE_FILE) continue;
    const want = listed.get(path);
    if (!want) return { ok: false, reason: `"${path}" is in the package but not in the signed file list` };
    if (want.size !== actual.size || want.sha256 !== actual.sha256)
      return { ok: false, reason: `"${path}" does not match its signed hash (tampered or damaged)` };
  }
  for (const path of listed.keys())
    if (!byPath.has(path)) return { ok: false, reason: `"${path}" is signed but missing from the package` };

  if (!byPath.has('course.json')) return { ok: false, reason: 'course.json is missing' };
  const raw = parseJsonLimited(readFileSync(join(stagingDir, 'course.json')), 'course.json', jsonLimits);
  if (!raw.ok) return { ok: false, reason: raw.reason };
  const manifest = courseManifestSchema.safeParse(raw.value);
  if (!manifest.success)
    return {
      ok: false,
      reason: `course.json invalid: ${describeIssues(manifest.error.issues, 3)}`,
    };
  if (manifest.data.id !== signed.data.courseId || manifest.data.version !== signed.data.version) {
    return { ok: false, reason: 'course id or version differs from what was signed' };
  }
  const problem = validateCourseFiles(stagingDir, manifest.data, [...byPath.keys()], limits);
  if (problem) return { ok: false, reason: problem };
  return {
    ok: true,
    manifest: manifest.data,
    publisher: verified.publisher,
    files: signed.data.files,
    dir: stagingDir,
  };
}

/** `balai course verify`: checks a package in a throw-away folder and removes it. */
export async function verifyCourseFile(
  file: string,
  scratchRoot: string,
  trust: Trust,
  limits: PackageLimits,
): Promise<VerifiedCourse> {
  if (!existsSync(file)) return { ok: false, reason: `no such file: ${file}` };
  const staging = join(scratchRoot, `.verify-${randomUUID()}`);
  try {
    return await verifyCoursePackage(file, staging, trust, limits);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The course id and version a package says it signs, read from signature.json alone (unverified). */
export async function peekSignedVersion(
  file: string,
  limits: PackageLimits,
): Promise<{ courseId: string; version: string } | undefined> {
  const bytes = await readOneEntry(file, SIGNATURE_FILE, limits.maxManifestBytes);
  if (!bytes) return undefined;
  const json = parseJsonLimited(bytes, SIGNATURE_FILE, {
    maxBytes: limits.maxManifestBytes,
    maxDepth: limits.maxJsonDepth,
  });
  if (!json.ok) return undefined;
  const envelope = signedEnvelopeSchema.safeParse(json.value);
  const signed = envelope.success ? signedCourseSchema.safeParse(envelope.data.signed) : undefined;
  return signed?.success ? { courseId: signed.data.courseId, version: signed.data.version } : undefined;
}
