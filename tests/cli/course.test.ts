import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_CONTENT, REPO_ROOT } from '../helpers/external-content';
import { extractZip } from '../../main/core/packages/unzip';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import { useTempDirs } from '../helpers/core';

const REPO = REPO_ROOT;
const BALAI = join(REPO, 'bin', 'balai.js');
const DEV_KEY = join(REPO, 'content', 'keys', 'dev-publisher.key.json');
const DEV_CHAIN = join(REPO, 'content', 'keys', 'dev-publisher.chain.json');
const SOURCE = join(REPO, 'content', 'courses', 'mengenal-apbdes');
const EXTERNAL = EXTERNAL_CONTENT;
const SCORM = join(EXTERNAL, 'scorm2004', 'SequencingPostTestRollup4thEd_SCORM20044thEdition.zip');

const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BALAI_DATA: '' },
  });

describe('balai course, as a newcomer meets it', { timeout: 120_000 }, () => {
  const tempDir = useTempDirs('balai-cli-course-');

  it('verifies a signed package and the same package unpacked in a folder', async () => {
    const dir = tempDir();
    const pkg = join(dir, 'mengenal-apbdes.balaicourse');
    expect(run('course', 'pack', SOURCE, '--key', DEV_KEY, '--cert', DEV_CHAIN, '--out', pkg).status).toBe(0);
    const folder = join(dir, 'terbuka');
    mkdirSync(folder);
    expect((await extractZip(pkg, folder, DEFAULT_LIMITS)).ok).toBe(true);

    const file = run('course', 'verify', pkg);
    expect(file.status, file.stderr).toBe(0);
    const unpacked = run('course', 'verify', folder, '--json');
    expect(unpacked.status, unpacked.stderr).toBe(0);
    expect(JSON.parse(unpacked.stdout)).toMatchObject({
      ok: true,
      id: 'mengenal-apbdes',
      keyId: 'b766a77634f9c15e',
    });
  });

  it('a refusal with --json is a JSON line with its code on stdout; the Indonesian line carries the reason', () => {
    const r = run('course', 'verify', SOURCE, '--json'); // a course's source folder: never signed
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      error: {
        code: 'INVALID_CONTENT',
        reason: 'not_signed',
        message: 'not signed: signature.json is missing',
        indonesian: 'paket belum ditandatangani (tidak ada signature.json)',
      },
    });
    expect(r.stderr).toContain(
      'Paket kursus ditolak: paket belum ditandatangani (tidak ada signature.json).',
    );
  });

  it('a zip error names its cause: a copy cut short is said to be one', () => {
    const dir = tempDir();
    const cut = join(dir, 'terpotong.balaicourse');
    writeFileSync(
      cut,
      readFileSync(join(REPO, 'resources', 'courses', 'mengenal-apbdes.balaicourse')).subarray(0, 4000),
    );
    const r = run('course', 'verify', cut, '--json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { reason: 'not_a_zip' } });
    expect(r.stderr).toMatch(/the zip has no end: cut short/);
    expect(r.stderr).toMatch(/berkas zip terpotong/);
  });

  it('a SCORM package is named as one, with what to do, and nothing is installed', () => {
    const data = tempDir();
    expect(
      run(
        'setup',
        '--data',
        data,
        '--desa',
        '33.02.05.2001',
        '--operator',
        'Sri',
        '--pin',
        '246813',
        '--fast-hash',
      ).status,
    ).toBe(0);
    const verify = run('course', 'verify', SCORM, '--json');
    expect(verify.status).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({
      error: { reason: 'foreign_package', standard: 'scorm2004', edition: '4th' },
    });
    expect(verify.stderr).toMatch(
      /Paket kursus ditolak: ini paket SCORM 2004 edisi ke-4 \("Golf Explained - 4th Edition Features"\) yang belum ditandatangani; minta tim kabupaten membungkusnya \(balai course wrap\)/,
    );
    const install = run('course', 'install', SCORM, '--data', data);
    expect(install.status).toBe(1);
    expect(install.stderr).toMatch(/this is a SCORM 2004 4th Edition package/);
    expect(JSON.parse(run('course', 'list', '--data', data, '--json').stdout)).toEqual([]);
  });
});
