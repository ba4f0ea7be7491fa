import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/core';
import { EXTERNAL_CONTENT, externalPackage, externalPackages } from '../helpers/external-content';
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

  it('wraps an .h5p into a one-lesson course (a posttest here); refuses the scripted SVG and the bad h5p.json', () => {
    const dir = tempDir();
    const key = DEV_PUBLISHER_KEY_FILE;
    const cert = DEV_PUBLISHER_CHAIN_FILE;
    const sign = ['--key', key, '--cert', cert];
    const out = join(dir, 'tf.balaicourse');
    const tf = externalPackage('h5p', 'h5p-standalone_TrueFalse_hello-world.h5p');
    const wrapped = run(
      'course',
      'wrap',
      tf,
      ...sign,
      '--out',
      out,
      '--posttest',
      'yes',
      '--pass',
      '0.8',
      '--json',
    );
    expect(wrapped.status, wrapped.stderr).toBe(0);
    expect(JSON.parse(wrapped.stdout)).toMatchObject({
      type: 'h5p',
      mainLibrary: 'H5P.TrueFalse-1.6',
      lessons: 1,
    });
    expect(run('course', 'wrap', tf, ...sign, '--out', out, '--pass', '2').status).toBe(2);

    const svg = run(
      'course',
      'wrap',
      externalPackage('h5p', 'xss-svg_Blanks.h5p'),
      ...sign,
      '--out',
      join(dir, 'x'),
    );
    expect(svg.status).toBe(1);
    expect(svg.stderr).toMatch(
      /refused \(unsafe_svg\): "content\/images\/xss\.svg" is refused: it holds a <script> element/,
    );
    expect(svg.stderr).toMatch(/gambar SVG dengan skrip/);
    const bad = run(
      'course',
      'wrap',
      externalPackage('h5p', 'invalid-h5p-json-no-mainLibrary.h5p'),
      ...sign,
      '--out',
      join(dir, 'y'),
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/refused \(malformed\): h5p\.json invalid: mainLibrary/);
    expect(bad.stderr).toMatch(/h5p\.json atau library\.json di paket H5P ini rusak/);
  }, 120_000);

  it(
    'wraps cmi5 and Tin Can packages by their manifests; refuses a Common Cartridge in both languages',
    { timeout: 180_000 },
    () => {
      const dir = tempDir();
      const key = DEV_PUBLISHER_KEY_FILE;
      const cert = DEV_PUBLISHER_CHAIN_FILE;
      const [cmi5] = externalPackages('cmi5').filter((f) => f.includes('single_au'));
      const [tincan] = externalPackages('tincan');
      const cmi5Out = run(
        'course',
        'wrap',
        cmi5!,
        '--key',
        key,
        '--cert',
        cert,
        '--out',
        join(dir, 'a.balaicourse'),
        '--json',
      );
      expect(cmi5Out.status, cmi5Out.stderr).toBe(0);
      expect(JSON.parse(cmi5Out.stdout)).toMatchObject({ standard: 'cmi5', edition: null, lessons: 1 });
      const tincanOut = run(
        'course',
        'wrap',
        tincan!,
        '--key',
        key,
        '--cert',
        cert,
        '--out',
        join(dir, 'b.balaicourse'),
      );
      expect(tincanOut.status, tincanOut.stderr).toBe(0);
      expect(tincanOut.stdout).toMatch(/basic-course 1\.0\.0 \(xAPI \(Tin Can\)\), 1 lessons/);

      const cc = run(
        'course',
        'wrap',
        join(EXTERNAL_CONTENT, 'cc', 'single-page.imscc'),
        '--key',
        key,
        '--cert',
        cert,
        '--out',
        join(dir, 'c.balaicourse'),
      );
      expect(cc.status).toBe(1);
      expect(cc.stderr).toMatch(
        /does not support Common Cartridge yet, so it cannot be installed or wrapped/,
      );
      expect(cc.stderr).toMatch(
        /Balai Belajar belum mendukung Common Cartridge, jadi paket ini tidak bisa dipasang atau dibungkus/,
      );
    },
  );
});
