import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; why: string };

/**
 * Where the Electron binary is, found as the `electron` package itself finds it (its `path.txt`, the file
 * under `dist/`, or `ELECTRON_OVERRIDE_DIST_PATH`), without the package's own fallback: when the file is not
 * there, `require('electron')` tries to download it from GitHub and then says "Electron failed to install
 * correctly, delete node_modules/electron", which is neither true nor helpful on a machine with no route there.
 */
export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(join(pkg, 'package.json')))
    return { ok: false, why: `${pkg} is not installed (run npm ci first)` };
  const pathFile = join(pkg, 'path.txt');
  const name = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron');
    return existsSync(path)
      ? { ok: true, path }
      : { ok: false, why: `ELECTRON_OVERRIDE_DIST_PATH names ${path}, which does not exist` };
  }
  if (!name) return { ok: false, why: `${pathFile} is missing: the Electron binary was never downloaded` };
  const path = join(pkg, 'dist', name);
  return existsSync(path)
    ? { ok: true, path }
    : { ok: false, why: `${path} does not exist: the Electron binary was never downloaded` };
}

/** What `npm start` says when there is no binary: what happened and what to do, in English and Indonesian. */
export function noElectronMessage(why: string): string {
  return [
    `npm start: the Electron binary is not on this computer (${why}).`,
    'It comes from GitHub on the first start, and this computer could not reach it. You can:',
    '  - run the same app in a browser instead: npm run serve  (then open http://127.0.0.1:4780/)',
    '  - download it through a mirror: ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npx install-electron',
    '  - or copy Electron from a machine that has it (its cache, ~/.cache/electron on Linux or',
    '    %LOCALAPPDATA%\\electron\\Cache on Windows), or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron.',
    '',
    `npm start: berkas program Electron tidak ada di komputer ini (${why}).`,
    'Berkas itu diunduh dari GitHub saat pertama kali dijalankan, dan komputer ini tidak dapat menjangkaunya.',
    '  - jalankan aplikasi yang sama di peramban: npm run serve  (lalu buka http://127.0.0.1:4780/)',
    '  - unduh lewat mirror: ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npx install-electron',
    '  - atau salin Electron dari komputer lain yang sudah memilikinya (cache-nya), atau arahkan',
    '    ELECTRON_OVERRIDE_DIST_PATH ke folder Electron.',
  ].join('\n');
}
