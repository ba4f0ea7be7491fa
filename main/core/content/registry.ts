import type { CourseManifest } from '../courses/manifest';
import type { PackageLimits } from '../packages/limits';
import { h5pContent } from './h5p';
import { cmi5Content } from './cmi5';
import { nativeContent } from './native';
import { scormContent } from './scorm';
import { xapiContent } from './xapi';
import type { ContentType, PackageProbe, RawPackage } from './types';

/** Every content type the kiosk knows; a new type is one more folder and one more entry here. */
export const CONTENT_TYPES: readonly ContentType[] = [
  scormContent,
  h5pContent,
  cmi5Content,
  xapiContent,
  nativeContent,
];

export function contentTypeOf(manifest: CourseManifest): ContentType {
  const id = manifest.content?.type ?? 'native';
  return CONTENT_TYPES.find((t) => t.id === id) ?? nativeContent;
}

/** Names a raw, unsigned package (SCORM straight from an authoring tool), or null when no type claims it. */
export async function recogniseRawPackage(probe: PackageProbe): Promise<RawPackage | null> {
  for (const type of CONTENT_TYPES) {
    const found = await type.recogniseRaw(probe);
    if (found) return found;
  }
  return null;
}

/**
 * Checks a signed course's files: the course's own type checks the files it owns, native rules the rest
 * (course.json, and any figure beside a wrapped package).
 */
export function validateCourseFiles(
  dir: string,
  manifest: CourseManifest,
  paths: readonly string[],
  limits: PackageLimits,
): string | null {
  const type = contentTypeOf(manifest);
  if (type.id === 'native') return nativeContent.validate(dir, manifest, paths, limits);
  const owned = paths.filter((p) => type.owns(manifest, p));
  const rest = paths.filter((p) => !type.owns(manifest, p));
  return type.validate(dir, manifest, owned, limits) ?? nativeContent.validate(dir, manifest, rest, limits);
}

/** After courses were removed or replaced: each type drops the shared files no installed course needs. */
export function releaseSharedContent(installed: () => readonly CourseManifest[], dataDir: string): void {
  for (const type of CONTENT_TYPES) type.release?.(installed, dataDir);
}
