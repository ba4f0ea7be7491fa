import type { ContentType, RawPackage } from '../types';
import { PACKAGE_ROOT } from './origin';

/**
 * The content type of packages that report to the local LRS (cmi5, Tin Can): their files under `cmi5/` or
 * `xapi/` (untrusted code, run only in the sandboxed frame on a launch's own origin), each AU a lesson.
 */
export function auContentType(
  id: 'cmi5' | 'xapi',
  manifestName: 'cmi5.xml' | 'tincan.xml',
  label: string,
): ContentType {
  const root = PACKAGE_ROOT[id];
  return {
    id,
    recogniseRaw(probe) {
      const found = probe.names.some(
        (n) => n.toLowerCase() === manifestName || new RegExp(`^[^/]+/${manifestName}$`, 'i').test(n),
      );
      if (!found) return Promise.resolve(null);
      const raw: RawPackage = {
        type: id,
        label,
        indonesian: `Ini paket ${label} yang belum ditandatangani. Kios hanya memutar kursus yang ditandatangani: minta tim kabupaten membungkusnya (balai course wrap) lalu salin hasilnya ke flashdisk.`,
      };
      return Promise.resolve(raw);
    },
    owns: (manifest, path) => manifest.content?.type === id && path.startsWith(`${root}/`),
    validate(_dir, manifest, paths) {
      const content = manifest.content;
      if (content?.type !== id) return `not a ${label} course`;
      const files = new Set(paths);
      const structure = content.type === 'cmi5' ? content.structure : content.manifest;
      if (!files.has(structure)) return `missing ${structure}`;
      for (const lesson of manifest.modules.flatMap((m) => m.lessons)) {
        if (!lesson.au) return `lesson ${lesson.id} is not an AU`;
        if (!files.has(lesson.au.launch)) return `missing launch file ${lesson.au.launch} of ${lesson.id}`;
      }
      return null;
    },
    launchOf: (_manifest, lesson) =>
      lesson.au ? { kind: 'au', activityId: lesson.au.activityId, launch: lesson.au.launch } : undefined,
  };
}
