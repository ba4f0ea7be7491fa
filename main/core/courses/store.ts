import {
  cpSync,
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isoWithOffset, type Clock } from '../clock';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import type { Logger } from '../log';
import { courseManifestSchema, type CourseManifest } from './manifest';
import { compareVersions } from './semver';

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

export type InstallOutcome =
  { ok: true; course: InstalledCourse; replaced: string | null } | { ok: false; reason: string };

/**
 * Installed courses: one folder per course version under `<data>/courses/<id>/<version>`, registered in the
 * `courses` table. Installs copy into a staging folder and rename into place, so a failure leaves the
 * installed version untouched. (Signed `.balaicourse` packages build on this in the packages issue.)
 */
export class CourseStore {
  private readonly cache = new Map<string, InstalledCourse>();

  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  list(): InstalledCourse[] {
    return this.db.all<CourseRow>(sql`SELECT * FROM courses ORDER BY title`).map((row) => this.fromRow(row));
  }

  get(id: string): InstalledCourse | undefined {
    const row = this.db.get<CourseRow>(sql`SELECT * FROM courses WHERE id = ${id}`);
    return row ? this.fromRow(row) : undefined;
  }

  /** The folder that holds a course version's files, if that exact version is installed. */
  contentDir(id: string, version: string): string | undefined {
    const course = this.get(id);
    return course && course.version === version ? course.dir : undefined;
  }

  readLesson(course: InstalledCourse, relPath: string): string {
    const file = resolve(course.dir, relPath);
    if (!file.startsWith(course.dir + sep)) throw new Error(`lesson path escapes the course: ${relPath}`);
    return readFileSync(file, 'utf8');
  }

  /** Validates and installs an unpacked course folder. Older or equal versions are refused. */
  installFolder(source: string): InstallOutcome {
    let manifest: CourseManifest;
    try {
      const parsed = courseManifestSchema.safeParse(
        JSON.parse(readFileSync(join(source, 'course.json'), 'utf8')),
      );
      if (!parsed.success) {
        return {
          ok: false,
          reason: `course.json invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
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
      if (!isFile(join(source, lesson.body)))
        return { ok: false, reason: `missing lesson file ${lesson.body}` };
    }
    const current = this.get(manifest.id);
    if (current && compareVersions(manifest.version, current.version) <= 0) {
      return {
        ok: false,
        reason: `version ${manifest.version} is not newer than installed ${current.version}`,
      };
    }
    const target = join(this.dataDir, 'courses', manifest.id, manifest.version);
    const staging = `${target}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(source, staging, { recursive: true, dereference: false, verbatimSymlinks: true });
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    const size = folderSize(target);
    this.db
      .run(sql`INSERT INTO courses (id, version, title, publisher, dir, manifest, size_bytes, installed_at)
                    VALUES (${manifest.id}, ${manifest.version}, ${manifest.title}, ${manifest.publisher}, ${target},
                            ${JSON.stringify(manifest)}, ${size}, ${isoWithOffset(this.clock.now())})
                    ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title,
                      publisher = excluded.publisher, dir = excluded.dir, manifest = excluded.manifest,
                      size_bytes = excluded.size_bytes, installed_at = excluded.installed_at`);
    this.cache.clear();
    this.log.info('course installed', { id: manifest.id, version: manifest.version });
    return { ok: true, course: this.get(manifest.id)!, replaced: current?.version ?? null };
  }

  /** Installs the courses shipped in `resources/courses` that are missing or newer than what is installed. */
  installBuiltins(resourcesDir: string): void {
    const root = join(resourcesDir, 'courses');
    if (!existsSync(root)) return;
    for (const name of readdirSync(root)) {
      const dir = join(root, name);
      if (!existsSync(join(dir, 'course.json'))) continue;
      let manifest: { id?: string; version?: string } = {};
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as typeof manifest;
      } catch {
        // Unreadable: installFolder below refuses it with the reason, logged; start-up goes on.
      }
      const current = manifest.id ? this.get(manifest.id) : undefined;
      if (current && manifest.version && compareVersions(manifest.version, current.version) <= 0) continue;
      const outcome = this.installFolder(dir);
      if (!outcome.ok) this.log.error('built-in course refused', { dir, reason: outcome.reason });
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
        dir: row.dir,
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
