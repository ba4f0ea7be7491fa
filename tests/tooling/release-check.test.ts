import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseProblems } from '../../scripts/release-check';
import { useTempDirs } from '../helpers/core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const balai = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'bin', 'balai.js'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('npm run release:check', () => {
  const tempDir = useTempDirs('balai-release-check-');

  it('fails on this repository: the development root is trusted and signs the starter courses', async () => {
    const problems = await releaseProblems(join(ROOT, 'resources'));
    expect(problems).toContainEqual(
      expect.stringMatching(/keys\/roots: [0-9a-f]{16} .* is a development root/),
    );
    expect(problems).toContainEqual(
      expect.stringMatching(/courses\/mengenal-apbdes\.balaicourse: not signed through a release root/),
    );
    const script = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'release-check.ts')],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(script.status).toBe(1);
    expect(script.stderr).toMatch(/release:check failed/);
  }, 180_000);

  it('passes with a root made by balai pki init-root, and fails again when a private key or a dev course is bundled', async () => {
    const keys = tempDir();
    const made = balai('pki', 'init-root', '--out', keys, '--name', 'Akar uji rilis');
    expect(made.status, made.stderr).toBe(0);
    const resources = tempDir();
    mkdirSync(join(resources, 'keys', 'roots'), { recursive: true });
    const publicFile = readdirSync(keys).find((f) => f !== 'root.key.json')!;
    cpSync(join(keys, publicFile), join(resources, 'keys', 'roots', publicFile));
    cpSync(join(ROOT, 'resources', 'regions'), join(resources, 'regions'), { recursive: true });
    expect(await releaseProblems(resources)).toEqual([]);

    mkdirSync(join(resources, 'courses'));
    cpSync(
      join(ROOT, 'resources', 'courses', 'mengenal-apbdes.balaicourse'),
      join(resources, 'courses', 'a.balaicourse'),
    );
    cpSync(join(keys, 'root.key.json'), join(resources, 'keys', 'root.key.json'));
    expect(await releaseProblems(resources)).toEqual([
      expect.stringMatching(/keys\/root\.key\.json: a private key \([0-9a-f]{16}\) would be bundled/),
      expect.stringMatching(/courses\/a\.balaicourse: not signed through a release root/),
    ]);
  }, 180_000);

  it('refuses an empty roots folder and a root whose private half is in the repository', async () => {
    const resources = tempDir();
    mkdirSync(join(resources, 'keys', 'roots'), { recursive: true });
    expect(await releaseProblems(resources)).toEqual([
      'keys/roots holds no root: the app would trust nothing',
    ]);
    const dev = readdirSync(join(ROOT, 'resources', 'keys', 'roots'))[0]!;
    // The development root with its "development" mark removed is still the development root.
    const unmarked = {
      ...(JSON.parse(readFileSync(join(ROOT, 'resources', 'keys', 'roots', dev), 'utf8')) as object),
      development: false,
    };
    writeFileSync(join(resources, 'keys', 'roots', dev), JSON.stringify(unmarked));
    expect(await releaseProblems(resources)).toEqual([
      expect.stringMatching(/has its private half in this repository/),
    ]);
  });
});
