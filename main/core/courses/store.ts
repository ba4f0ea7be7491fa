import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { randomUUID } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isoWithOffset, type Clock } from '../clock';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import type { RawPackage } from '../content/types';
import type { Logger } from '../log';
import { courseManifestSchema, type CourseManifest } from './manifest';
import { compareVersions } from './semver';
import { peekSignedVersion, verifyCourseFolder, verifyCoursePackage } from '../packages/course-package';
import { renameWithRetry } from '../files/fsutil';
import { contentTypeOf, releaseSharedContent } from '../content/registry';
import { describeIssues } from '../packages/issues';
import type { Trust } from '../pki/trust';
import { DEFAULT_LIMITS, type PackageLimits } from '../packages/limits';

export interface InstalledCourse {
  id: string;
  version: string;
  title: string;
  publisher: string;
  dir: string;
  sizeBytes: number;
  installedAt: string;
  manifest: CourseManifest;
}

interface CourseRow {
  id: string;
  version: string;
  title: string;
  publisher: string;
  dir: string;
  manifest: string;
  size_bytes: number;
  installed_at: string;
}

/** What the operator (UI or CLI) is shown of an installed course. */
export function installedView(c: InstalledCourse) {
  return {
    id: c.id,
    version: c.version,
    title: c.title,
    publisher: c.publisher,
    sizeBytes: c.sizeBytes,
    installedAt: c.installedAt,
  };
}

export type InstallOutcome =
  | { ok: true; course: InstalledCourse; replaced: string | null }
  | { ok: false; reason: string; raw?: RawPackage };

export interface InstallOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Do not log a refusal for a version that is not newer (built-ins are offered at every start). */
  quietWhenNotNewer?: boolean;
}

/**
 * Installed courses: one folder per course version under `<data>/courses/<id>/<version>`, registered in the
 * `courses` table. Every install is staged in `<data>/courses/.staging-*`, checked completely, renamed into
 * place, and only then recorded in the database (the commit point). A failure or a crash at any moment
 * leaves the installed version untouched; `recover()` at start-up removes what a crash left half-way.
 */
export class CourseStore {
  private readonly cache = new Map<string, InstalledCourse>();

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Nothing is trusted unless told: every package is refused. */
    private readonly trust: () => Trust = () => ({ roots: [], revocations: [], now: clock.now() }),
    private readonly limits: PackageLimits = DEFAULT_LIMITS,
  ) {}

  private get root(): string {
    return join(this.dataDir, 'courses');
  }

  list(): InstalledCourse[] {
    return this.db.all<CourseRow>(sql`SELECT * FROM courses ORDER BY title`).map((row) => this.fromRow(row));
  }

  get(id: string): InstalledCourse | undefined {
    const row = this.db.get<CourseRow>(sql`SELECT * FROM courses WHERE id = ${id}`);
    return row ? this.fromRow(row) : undefined;
  }

  readLesson(course: InstalledCourse, relPath: string): string {
    const file = resolve(course.dir, relPath);
    if (!file.startsWith(course.dir + sep)) throw new Error(`lesson path escapes the course: ${relPath}`);
    return readFileSync(file, 'utf8');
  }

  /**
   * Installs a signed `.balaicourse` package, or an unpacked signed course folder, after checking it
   * completely (limits, publisher signature, hashes, schema, content rules). Older or equal versions are
   * refused. Cancelling through `signal` leaves nothing behind.
   */
  async installVerified(
    source: string,
    options: InstallOptions = {},
  ): Promise<InstallOutcome & { cancelled?: true }> {
    const staging = join(this.root, `.staging-${randomUUID()}`);
    try {
      const isFolder = existsSync(source) && statSync(source).isDirectory();
      if (!existsSync(source)) return { ok: false, reason: `no such file: ${source}` };
      const verified = isFolder
        ? await verifyCourseFolder(source, staging, this.trust(), this.limits)
        : await verifyCoursePackage(source, staging, this.trust(), this.limits, options);
      if (!verified.ok) {
        if (!verified.cancelled) this.log.warn('course package refused', { source, reason: verified.reason });
        return verified;
      }
      if (options.signal?.aborted) return { ok: false, reason: 'cancelled', cancelled: true };
      const outcome = this.commit(verified.manifest, verified.publisher.name, staging);
      if (!outcome.ok && !options.quietWhenNotNewer)
        this.log.warn('course package refused', { source, reason: outcome.reason });
      return outcome;
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  /** Removes a course: its files and its catalogue entry. Learners' records of it stay. */
  remove(id: string): boolean {
    const course = this.get(id);
    if (!course) return false;
    this.db.run(sql`DELETE FROM courses WHERE id = ${id}`);
    this.cache.clear();
    rmSync(join(this.root, id), { recursive: true, force: true });
    this.releaseShared();
    this.log.info('course removed', { id, version: course.version });
    return true;
  }

  /** Shared content (H5P libraries) that no installed course needs any more is removed. */
  private releaseShared(): void {
    releaseSharedContent(() => this.list().map((c) => c.manifest), this.dataDir);
  }

  /** After a crash: removes staging folders and version folders the database does not point to. */
  recover(): void {
    this.releaseShared();
    if (!existsSync(this.root)) return;
    // Ids and versions only: parsing every manifest here would slow each start for nothing.
    const live = new Set(
      this.db
        .all<Pick<CourseRow, 'id' | 'version'>>(sql`SELECT id, version FROM courses`)
        .map((row) => resolve(this.root, row.id, row.version)),
    );
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      const path = join(this.root, entry.name);
      if (entry.name.startsWith('.staging-')) {
        rmSync(path, { recursive: true, force: true });
        continue;
      }
      if (!entry.isDirectory()) continue;
      for (const version of readdirSync(path)) {
        const dir = resolve(path, version);
        if (!live.has(dir)) {
          rmSync(dir, { recursive: true, force: true });
          this.log.warn('removed a course folder left by an interrupted install', { dir });
        }
      }
    }
  }

  /** The one place a checked course becomes installed: rename into place, then record it (commit point). */
  private commit(manifest: CourseManifest, publisher: string, staging: string): InstallOutcome {
    const current = this.get(manifest.id);
    if (current && compareVersions(manifest.version, current.version) <= 0) {
      return {
        ok: false,
        reason: `version ${manifest.version} is not newer than installed ${current.version}`,
      };
    }
    const target = join(this.root, manifest.id, manifest.version);
    try {
      // Shared parts (H5P libraries) go to the kiosk's one copy before the course folder moves in.
      contentTypeOf(manifest).adopt?.(staging, manifest, this.dataDir);
      rmSync(target, { recursive: true, force: true });
      mkdirSync(dirname(target), { recursive: true });
      renameWithRetry(staging, target);
    } catch (error) {
      return {
        ok: false,
        reason: `could not move the course into place: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    this.db
      .run(sql`INSERT INTO courses (id, version, title, publisher, dir, manifest, size_bytes, installed_at)
                    VALUES (${manifest.id}, ${manifest.version}, ${manifest.title}, ${publisher}, ${target},
                            ${JSON.stringify(manifest)}, ${folderSize(target)}, ${isoWithOffset(this.clock.now())})
                    ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title,
                      publisher = excluded.publisher, dir = excluded.dir, manifest = excluded.manifest,
                      size_bytes = excluded.size_bytes, installed_at = excluded.installed_at`);
    this.cache.clear();
    if (current && resolve(current.dir) !== resolve(target))
      rmSync(current.dir, { recursive: true, force: true });
    if (current) this.releaseShared();
    this.log.info('course installed', {
      id: manifest.id,
      version: manifest.version,
      replaced: current?.version ?? null,
    });
    return { ok: true, course: this.get(manifest.id)!, replaced: current?.version ?? null };
  }

  /**
   * Installs an unpacked course folder WITHOUT a signature check: for tests and authoring only; neither
   * the API nor the CLI reaches it. Older or equal versions are refused.
   */
  installFolder(source: string): InstallOutcome {
    let manifest: CourseManifest;
    try {
      const parsed = courseManifestSchema.safeParse(
        JSON.parse(readFileSync(join(source, 'course.json'), 'utf8')),
      );
      if (!parsed.success) {
        return {
          ok: false,
          reason: `course.json invalid: ${describeIssues(parsed.error.issues)}`,
        };
      }
      manifest = parsed.data;
    } catch (error) {
      return {
        ok: false,
        reason: `course.json unreadable: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    // A symlink would be copied as is and could point outside the course (readLesson follows it).
    const link = firstSymlink(source);
    if (link) return { ok: false, reason: `symbolic link in course folder: ${link}` };
    for (const lesson of manifest.modules.flatMap((m) => m.lessons)) {
      if (lesson.body !== undefined && !isFile(join(source, lesson.body)))
        return { ok: false, reason: `missing lesson file ${lesson.body}` };
    }
    const current = this.get(manifest.id);
    if (current && compareVersions(manifest.version, current.version) <= 0) {
      return {
        ok: false,
        reason: `version ${manifest.version} is not newer than installed ${current.version}`,
      };
    }
    const staging = join(this.root, `.staging-${randomUUID()}`);
    try {
      cpSync(source, staging, { recursive: true, dereference: false, verbatimSymlinks: true });
      return this.commit(manifest, manifest.publisher, staging);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  /**
   * Installs the signed packages shipped in `resources/courses/*.balaicourse` that are missing or newer
   * than what is installed. A refused package is logged; start-up goes on.
   */
  async installBuiltins(resourcesDir: string): Promise<void> {
    const dir = join(resourcesDir, 'courses');
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.balaicourse'))
      .sort()) {
      const file = join(dir, name);
      // Already installed (or newer)? Skip without unpacking it again; a full check runs when it is new.
      const peek = await peekSignedVersion(file, this.limits);
      const current = peek
        ? this.db.get<Pick<CourseRow, 'version'>>(
            sql`SELECT version FROM courses WHERE id = ${peek.courseId}`,
          )
        : undefined;
      if (peek && current && compareVersions(peek.version, current.version) <= 0) continue;
      const outcome = await this.installVerified(file, { quietWhenNotNewer: true });
      if (!outcome.ok && !/not newer than installed/.test(outcome.reason)) {
        this.log.error('built-in course refused', { file: name, reason: outcome.reason });
      }
    }
  }

  private fromRow(row: CourseRow): InstalledCourse {
    const key = `${row.id}@${row.version}`;
    let course = this.cache.get(key);
    if (!course) {
      course = {
        id: row.id,
        version: row.version,
        title: row.title,
        publisher: row.publisher,
        // Derived, not read from the row: the row holds the absolute path at install time, and a data
        // folder that was moved or copied must neither lose its courses in recover() nor delete files at
        // the old place on the next upgrade.
        dir: join(this.root, row.id, row.version),
        sizeBytes: row.size_bytes,
        installedAt: row.installed_at,
        manifest: courseManifestSchema.parse(JSON.parse(row.manifest)),
      };
      this.cache.set(key, course);
    }
    return course;
  }
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first symbolic link inside `dir` (relative path), or undefined. */
function firstSymlink(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isSymbolicLink()) return relative(dir, join(entry.parentPath, entry.name));
  }
  return undefined;
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}
