import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import type { Services } from '../context';
import { isWritable, type Drive } from '../drives/drive';
import { resolveOnDrive } from '../drives/paths';
import { peekSignedVersion } from '../packages/course-package';
import { DEFAULT_LIMITS } from '../packages/limits';
import { copyFileDurably, COURSE_SHELF, fileSha256, hubPath } from './files';
import { loadHub } from './identity';

/** Where course packages go on a stick: a kiosk finds them there (up to 3 folders deep). */
export const STICK_COURSE_FOLDER = 'BalaiBelajar/kursus';

type CourseServices = Pick<Services, 'db' | 'config' | 'log' | 'courses'>;

export interface CopiedCourse {
  courseId: string;
  version: string;
  path: string;
  /** Already on the stick with the same bytes. */
  alreadyThere: boolean;
}

/**
 * Installs a signed course package on the hub (checked like on any kiosk) and keeps the package file on the
 * hub's shelf (`<data>/hub/courses`), so the hub can hand it on to villages.
 */
export async function addHubCourse(
  services: CourseServices,
  file: string,
): Promise<Result<{ courseId: string; version: string }>> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  const installed = await services.courses.installVerified(file);
  if (!installed.ok) return err('INVALID_CONTENT', installed.reason);
  const { id, version } = installed.course;
  copyFileDurably(file, join(hubPath(services.config.dataDir, COURSE_SHELF), `${id}-${version}.balaicourse`));
  return ok({ courseId: id, version });
}

/** Package files the hub has: its shelf, then the packages the app ships (resources/courses). */
async function packagesByCourse(services: CourseServices): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const dirs = [
    hubPath(services.config.dataDir, COURSE_SHELF),
    join(services.config.resourcesDir, 'courses'),
  ];
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.balaicourse'))
      .sort()) {
      const file = join(dir, name);
      const peek = await peekSignedVersion(file, DEFAULT_LIMITS);
      const key = peek ? `${peek.courseId}@${peek.version}` : null;
      if (key && !found.has(key)) found.set(key, file);
    }
  }
  return found;
}

/**
 * Copies the package of every course installed on the hub onto a stick (`BalaiBelajar/kursus/`), for the
 * villages to install. Only signed package files go (the hub's shelf or the app's own); a course the hub has
 * no package file for is listed in `missing`. Files already there with the same bytes are left alone.
 */
export async function copyCoursesToStick(
  services: CourseServices,
  target: Pick<Drive, 'mountpoint'>,
): Promise<Result<{ courses: CopiedCourse[]; missing: string[] }>> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  if (!isWritable(target.mountpoint))
    return err('CONFLICT', 'the drive cannot be written (read-only, or not there)', { reason: 'read_only' });
  const packages = await packagesByCourse(services);
  const courses: CopiedCourse[] = [];
  const missing: string[] = [];
  for (const course of services.courses.list()) {
    const source = packages.get(`${course.id}@${course.version}`);
    if (!source) {
      missing.push(`${course.id}@${course.version}`);
      continue;
    }
    const path = `${STICK_COURSE_FOLDER}/${course.id}-${course.version}.balaicourse`;
    const resolved = resolveOnDrive(target, path);
    if (!resolved.ok) return err('CONFLICT', `cannot write ${path} on the drive: ${resolved.reason}`);
    const there =
      existsSync(resolved.path) &&
      statSync(resolved.path).size === statSync(source).size &&
      (await fileSha256(resolved.path)) === (await fileSha256(source));
    if (!there) {
      try {
        copyFileDurably(source, resolved.path);
      } catch (error) {
        services.log.warn('course package not copied', { path, error: String(error) });
        return err(
          'CONFLICT',
          `could not write ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          {
            reason: 'write_failed',
          },
        );
      }
    }
    courses.push({ courseId: course.id, version: course.version, path, alreadyThere: there });
  }
  return ok({ courses, missing });
}
