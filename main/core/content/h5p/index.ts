import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentType } from '../types';
import { adoptLibraries, releaseLibraries } from './libraries';
import { disallowedFile, H5P_ROOT, h5pJsonSchema, parseJsonFile, unsafeSvgReason } from './package';

/**
 * H5P activities, wrapped into a signed course by `balai course wrap x.h5p`: one lesson, the activity. Its
 * content sits under `h5p/` (h5p.json, content/); its libraries travel in the package under
 * `h5p/libraries/` and are kept once on the kiosk, shared by every course (see libraries.ts). It plays in
 * the per-launch content origin with the bundled h5p-standalone player (bridge.ts).
 */
export const h5pContent: ContentType = {
  id: 'h5p',
  recogniseRaw(probe) {
    if (!probe.names.includes('h5p.json')) return Promise.resolve(null);
    return Promise.resolve({
      type: 'h5p',
      label: 'H5P',
      indonesian:
        'Ini paket H5P yang belum ditandatangani. Kios hanya memutar kursus yang ditandatangani: minta tim kabupaten membungkusnya (balai course wrap) lalu salin hasilnya ke flashdisk.',
    });
  },
  owns: (manifest, path) => manifest.content?.type === 'h5p' && path.startsWith(`${H5P_ROOT}/`),
  validate(dir, manifest, paths) {
    const content = manifest.content;
    if (content?.type !== 'h5p') return 'not an H5P course';
    const files = new Set(paths);
    for (const need of ['h5p.json', 'content/content.json'])
      if (!files.has(`${H5P_ROOT}/${need}`)) return `missing ${H5P_ROOT}/${need}`;
    // A signed package is checked again here: a publisher's key is no reason to trust its files.
    for (const path of paths) {
      const inner = path.slice(H5P_ROOT.length + 1).replace(/^libraries\//, '');
      const problem = disallowedFile(inner);
      if (problem) return problem;
      if (/\.svg$/i.test(path)) {
        const reason = unsafeSvgReason(readFileSync(join(dir, ...path.split('/')), 'utf8'));
        if (reason) return `"${path}" is refused: ${reason}`;
      }
    }
    const h5p = parseJsonFile(
      h5pJsonSchema,
      readFileSync(join(dir, H5P_ROOT, 'h5p.json'), 'utf8'),
      'h5p.json',
    );
    if (!h5p.ok) return h5p.reason;
    for (const { name } of content.libraries)
      if (!files.has(`${H5P_ROOT}/libraries/${name}/library.json`)) return `missing library ${name}`;
    for (const lesson of manifest.modules.flatMap((m) => m.lessons))
      if (!lesson.h5p) return `lesson ${lesson.id} is not the H5P activity`;
    return null;
  },
  launchOf: (_manifest, lesson) =>
    lesson.h5p ? { kind: 'h5p', mainLibrary: lesson.h5p.mainLibrary } : undefined,
  adopt: adoptLibraries,
  release: releaseLibraries,
};
