import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
// @electron/asar is electron-builder's own asar reader (a build tool, not the Electron runtime the lint rule
// keeps out of tests); required, not imported, for that reason.
const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  extractFile(archive: string, filename: string): Buffer;
};

/** Why this machine cannot run the packaging check, or null when it can (Linux: the stub is a Linux one). */
function cannotPack(): string | null {
  if (process.platform !== 'linux')
    return `the stub Electron here is a Linux one (this is ${process.platform})`;
  for (const tool of ['electron-builder', 'electron-vite'])
    if (!existsSync(join(BIN, tool))) return `${tool} is not installed`;
  return null;
}
const CANNOT = cannotPack();

/**
 * electron-builder needs only a folder holding an `electron` executable as `electronDist` to pack a
 * `--linux dir` build: it copies the folder, renames the executable, and writes app.asar, app.asar.unpacked
 * and the extra resources beside it. Nothing is downloaded. Fuses cannot be flipped in a stub (there is no
 * Electron binary to patch), so this build turns them off; electron-builder.yml keeps them for real builds.
 */
describe.skipIf(CANNOT !== null)('an offline --dir build with a stub Electron', () => {
  if (CANNOT) console.log(`skipped: ${CANNOT}`);
  const tempDir = useTempDirs('balai-pack-');

  it('puts the main bundle, preload, renderer and package.json in app.asar, the native binary beside it, and the starter courses in resources', () => {
    const work = tempDir();
    // A project folder of its own, so a build running elsewhere in this checkout cannot change out/ midway.
    const project = join(work, 'project');
    mkdirSync(project);
    for (const file of ['package.json', 'electron-builder.yml'])
      copyFileSync(join(ROOT, file), join(project, file));
    cpSync(join(ROOT, 'build'), join(project, 'build'), { recursive: true });
    cpSync(join(ROOT, 'resources'), join(project, 'resources'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    const built = spawnSync(
      join(BIN, 'electron-vite'),
      ['build', '--outDir', join(project, 'out'), '--logLevel', 'error'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(built.status, built.stderr).toBe(0);
    // The CLI bundle as `npm run build` leaves it beside the app (vitest's global set-up built it): not packed.
    cpSync(join(ROOT, 'out', 'cli'), join(project, 'out', 'cli'), { recursive: true });

    const stub = join(work, 'electron-stub');
    mkdirSync(join(stub, 'resources'), { recursive: true });
    writeFileSync(join(stub, 'electron'), '#!/bin/sh\necho "stub Electron"\n');
    chmodSync(join(stub, 'electron'), 0o755);
    const dist = join(work, 'dist');
    writeFileSync(
      join(project, 'electron-builder.stub.yml'),
      `extends: electron-builder.yml\nelectronFuses: null\ndirectories:\n  output: ${JSON.stringify(dist)}\n`,
    );
    const packed = spawnSync(
      join(BIN, 'electron-builder'),
      [
        '--projectDir',
        project,
        '--linux',
        'dir',
        '--config',
        'electron-builder.stub.yml',
        `-c.electronDist=${stub}`,
        '--publish',
        'never',
      ],
      { cwd: project, encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: '1' } },
    );
    expect(packed.status, `${packed.stdout}\n${packed.stderr}`).toBe(0);

    const app = join(dist, 'linux-unpacked');
    expect(readFileSync(join(app, 'balai-belajar'), 'utf8')).toMatch(/stub Electron/); // renamed executableName
    const archive = join(app, 'resources', 'app.asar');
    const entries = new Set(asar.listPackage(archive, { isPack: false }).map((p) => p.replace(/\\/g, '/')));
    for (const path of [
      '/package.json',
      '/out/main/index.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/node_modules/better-sqlite3/lib/index.js',
      '/node_modules/electron-updater/package.json',
      '/node_modules/js-yaml/package.json',
      '/node_modules/zod/package.json',
    ])
      expect(entries.has(path), path).toBe(true);
    expect([...entries].some((p) => p.startsWith('/out/renderer/assets/') && p.endsWith('.js'))).toBe(true);
    // Trimmed: source maps, the CLI (its bundle and tsx), SQLite's sources, dev dependencies.
    for (const prefix of [
      '/out/cli',
      '/node_modules/tsx',
      '/node_modules/esbuild',
      '/node_modules/better-sqlite3/deps',
      '/node_modules/vitest',
      '/node_modules/electron/',
    ])
      expect(
        [...entries].filter((p) => p.startsWith(prefix)),
        prefix,
      ).toEqual([]);
    expect([...entries].filter((p) => p.endsWith('.map'))).toEqual([]);
    const pkg = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as {
      main: string;
      version: string;
    };
    expect(pkg.main).toBe('out/main/index.js');

    // The native binaries, outside app.asar, byte for byte as better-sqlite3 ships them.
    const unpacked = join(
      app,
      'resources',
      'app.asar.unpacked',
      'node_modules',
      'better-sqlite3',
      'prebuilds',
    );
    expect(readdirSync(unpacked)).toEqual(expect.arrayContaining(['linux-x64.node', 'win32-x64.node']));
    expect(readFileSync(join(unpacked, 'win32-x64.node'))).toEqual(
      readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'prebuilds', 'win32-x64.node')),
    );
    expect(entries.has('/node_modules/better-sqlite3/prebuilds/linux-x64.node')).toBe(true); // listed, stored unpacked

    // Starter courses, the roots of trust and regions as extra resources; the update feed for electron-updater.
    const resources = join(app, 'resources', 'resources');
    expect(readdirSync(join(resources, 'courses')).sort()).toEqual(
      readdirSync(join(ROOT, 'resources', 'courses'))
        .filter((f) => f.endsWith('.balaicourse'))
        .sort(),
    );
    expect(readdirSync(join(resources, 'keys', 'roots'))).toEqual(
      readdirSync(join(ROOT, 'resources', 'keys', 'roots')),
    );
    expect(existsSync(join(resources, 'regions', 'villages.csv'))).toBe(true);
    expect(readFileSync(join(app, 'resources', 'app-update.yml'), 'utf8')).toMatch(
      /^provider: generic\nurl: https:\/\/\S+\nchannel: latest\n/,
    );
  }, 420_000);
});
