import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../scripts/start/electron-binary';
import { useTempDirs } from '../helpers/core';
import { REPO_ROOT } from '../helpers/external-content';

const start = (env: Record<string, string>) =>
  spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(REPO_ROOT, 'scripts', 'start', 'start.ts'),
      '--windowed',
    ],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, BALAI_START_SKIP_BUILD: '1', ...env },
    },
  );

describe('npm start without the Electron binary', () => {
  const tempDir = useTempDirs('balai-start-');

  it('finds the binary as the electron package does, and says which file is missing', () => {
    const root = tempDir();
    expect(findElectronBinary(root, {})).toMatchObject({
      ok: false,
      why: expect.stringMatching(/not installed/) as unknown,
    });
    const pkg = join(root, 'node_modules', 'electron');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{}');
    expect(findElectronBinary(root, {})).toMatchObject({
      ok: false,
      why: expect.stringContaining(join(pkg, 'path.txt')) as unknown,
    });
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    expect(findElectronBinary(root, {})).toMatchObject({
      ok: false,
      why: expect.stringContaining(join(pkg, 'dist', 'electron')) as unknown,
    });
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    expect(findElectronBinary(root, {})).toEqual({ ok: true, path: join(pkg, 'dist', 'electron') });
  });

  it('says in both languages what happened and what to do (npm run serve, ELECTRON_MIRROR, a cache), exit 1', () => {
    const r = start({ ELECTRON_OVERRIDE_DIST_PATH: join(tempDir(), 'tidak-ada') });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('npm start: the Electron binary is not on this computer');
    expect(r.stderr).toContain('npm run serve');
    expect(r.stderr).toContain('ELECTRON_MIRROR=');
    expect(r.stderr).toContain('berkas program Electron tidak ada di komputer ini');
    expect(r.stderr).not.toMatch(/failed to install correctly|delete .*node_modules\/electron/);
  });

  it('with the binary there, launches it on the app folder with the arguments given', () => {
    const dist = tempDir();
    const log = join(dist, 'args.txt');
    writeFileSync(join(dist, 'electron'), `#!/bin/sh\necho "$PWD $@" > "${log}"\n`);
    chmodSync(join(dist, 'electron'), 0o755);
    const r = start({ ELECTRON_OVERRIDE_DIST_PATH: dist });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(log, 'utf8').trim()).toBe(`${REPO_ROOT} . --windowed`);
  });
});
