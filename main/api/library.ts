import { z } from 'zod';
import { method } from './define';
import { slug } from './fields';

/** An installed course as the operator sees it. */
export interface InstalledCourseView {
  id: string;
  version: string;
  title: string;
  publisher: string;
  sizeBytes: number;
  installedAt: string;
}

/** A USB stick (or, in browser mode and tests, a folder standing in for one). Never a path. */
export interface DriveView {
  id: string;
  label: string;
  sizeBytes: number | null;
  freeBytes: number | null;
  readOnly: boolean;
}

/** A course package found on a drive; `path` is relative to the drive and only meaningful with its drive id. */
export interface PackageOnDrive {
  path: string;
  fileName: string;
  sizeBytes: number;
}

export const driveId = z.string().regex(/^[A-Za-z0-9_-]{16}$/, 'drive id');
/** A path the core itself listed on a drive: relative, forward slashes. */
export const drivePath = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[^\\\u0000-\u001f]+$/, 'relative path');

export const libraryApi = {
  'courses.installed': method<{ courses: InstalledCourseView[] }>()('operator', z.strictObject({})),
  'courses.remove': method<{ removed: true }>()(
    'operator',
    z.strictObject({ courseId: slug, confirm: z.literal(true) }),
  ),
  /** Starts installing a package from a drive; poll the task for progress. */
  'courses.installFromDrive': method<{ taskId: string }>()(
    'operator',
    z.strictObject({ driveId, path: drivePath }),
  ),
  'drives.list': method<{ drives: DriveView[] }>()('operator', z.strictObject({})),
  'drives.packages': method<{ drive: DriveView; packages: PackageOnDrive[] }>()(
    'operator',
    z.strictObject({ driveId }),
  ),
};
