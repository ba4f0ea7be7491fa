import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/core';
import { externalPackages } from '../helpers/external-content';
import { DEV_PUBLISHER_CHAIN_FILE, DEV_PUBLISHER_KEY_FILE } from '../helpers/pki';

const BALAI = resolve(import.meta.dirname, '..', '..', 'bin', 'balai.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 120_000 });

describe('balai course wrap', () => {
  const tempDir = useTempDirs('balai-cli-wrap-');

  it(
    'wraps a SCORM zip into a course a kiosk installs; names what it refuses, in both languages',
    { timeout: 180_000 },
    () => {
      const dir = tempDir();
      const key = DEV_PUBLISHER_KEY_FILE;
      const cert = DEV_PUBLISHER_CHAIN_FILE;
      const [golf] = externalPackages('scorm12').filter((f) => f.includes('RuntimeBasicCalls'));
      const [broken] = externalPackages('scorm12').filter((f) => f.includes('MalformedXml'));
      const out = join(dir, 'golf.balaicourse');

      expect(run('course', 'wrap', golf!, '--key', key).status).toBe(2);
      const wrapped = run('course', 'wrap', golf!, '--key', key, '--cert', cert, '--out', out, '--json');
      expect(wrapped.status, wrapped.stderr).toBe(0);
      expect(JSON.parse(wrapped.stdout)).toMatchObject({ edition: '1.2', lessons: 1, remote: [] });

      const refused = run(
        'course',
        'wrap',
        broken!,
        '--key',
        key,
        '--cert',
        cert,
        '--out',
        join(dir, 'x.balaicourse'),
      );
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/refused \(malformed\): malformed imsmanifest\.xml/);
      expect(refused.stderr).toMatch(/imsmanifest\.xml di paket ini rusak/);

      const data = join(dir, 'data');
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
      const raw = run('course', 'install', golf!, '--data', data);
      expect(raw.status).toBe(1);
      expect(raw.stderr).toMatch(/ini paket SCORM 1\.2 .*yang belum ditandatangani/);
      const installed = run('course', 'install', out, '--data', data);
      expect(installed.status, installed.stderr).toBe(0);
      expect(installed.stdout).toMatch(
        /installed com\.scorm\.golfsamples\.runtime\.basicruntime\.12 1\.0\.0/,
      );
    },
  );
});
