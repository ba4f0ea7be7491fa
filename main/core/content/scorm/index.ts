import { parseManifest } from './manifest';
import { findManifest, SCORM_ROOT } from './package';
import type { ContentType } from '../types';

const LABEL = { '1.2': 'SCORM 1.2', '2004-2': 'SCORM 2004', '2004-3': 'SCORM 2004', '2004-4': 'SCORM 2004' };

/**
 * SCORM 1.2 and 2004 packages, wrapped into a signed course by `balai course wrap`: the package's files sit
 * under `scorm/` untouched (they are untrusted code, run only in the SCO frame on an origin of their own),
 * each item of the default organisation is a lesson.
 */
export const scormContent: ContentType = {
  id: 'scorm',
  async recogniseRaw(probe) {
    const path = findManifest(probe.names);
    if (path === undefined) return null;
    const bytes = await probe.read(path);
    const parsed = bytes ? parseManifest(bytes.toString('utf8')) : undefined;
    const label = parsed?.ok ? LABEL[parsed.manifest.edition] : 'SCORM';
    return {
      type: 'scorm',
      label,
      indonesian: `Ini paket ${label} yang belum ditandatangani. Kios hanya memutar kursus yang ditandatangani: minta tim kabupaten membungkusnya (balai course wrap) lalu salin hasilnya ke flashdisk.`,
    };
  },
  owns: (manifest, path) => manifest.content?.type === 'scorm' && path.startsWith(`${SCORM_ROOT}/`),
  validate(_dir, manifest, paths) {
    const content = manifest.content;
    if (content?.type !== 'scorm') return 'not a SCORM course';
    const files = new Set(paths);
    if (!files.has(content.manifest)) return `missing ${content.manifest}`;
    for (const lesson of manifest.modules.flatMap((m) => m.lessons)) {
      if (!lesson.sco) return `lesson ${lesson.id} is not a SCORM item`;
      if (!files.has(lesson.sco.launch)) return `missing launch file ${lesson.sco.launch} of ${lesson.id}`;
    }
    return null;
  },
  launchOf: (_manifest, lesson) =>
    lesson.sco
      ? { kind: 'sco', item: lesson.sco.item, launch: lesson.sco.launch, scormType: lesson.sco.scormType }
      : undefined,
};
