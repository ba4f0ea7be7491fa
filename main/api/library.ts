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

/**
 * A package of another e-learning standard found on a drive (a raw SCORM zip, an .h5p, …): it cannot be
 * installed as it is, so the operator is told what it is and that the kabupaten's team wraps it first.
 */
export interface ForeignPackageOnDrive extends PackageOnDrive {
  standard: 'scorm12' | 'scorm2004' | 'h5p' | 'cmi5' | 'xapi' | 'common-cartridge';
  /** SCORM 2004: '2nd' | '3rd' | '4th'; Common Cartridge: its version ('1.3.0'); else null. */
  edition: string | null;
  /** The package's own title, from its manifest (at most 120 characters), or null. */
  title: string | null;
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
  'drives.packages': method<{
    drive: DriveView;
    packages: PackageOnDrive[];
    foreign: ForeignPackageOnDrive[];
  }>()('operator', z.strictObject({ driveId })),
};
