import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogue, signCatalogue } from '../../../main/core/catalogue/format';
import { packCourse, verifyCourseFile } from '../../../main/core/packages/course-package';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { verifyUpdateSignature } from '../../../main/core/updates/update-format';
import { signUpdateFolder } from '../../../main/core/updates/sign';
import { courseFiles, writeFolder } from '../packages/fixtures';
import { useTempDirs } from '../../helpers/core';
import { certify, devTrust } from '../../helpers/pki';
import { writeRelease } from '../../helpers/releases';

// Kabupaten Banyumas is 33.02, Kabupaten Purbalingga 33.03.
const BANYUMAS_DESA = '33.02.05.2001';
const PURBALINGGA_DESA = '33.03.01.2001';
const provinsi = certify(newPrivateKeyFile('Dinas PMD Jawa Tengah'), {
  scope: '33',
  rights: ['courses', 'catalogue', 'certify'],
});
const banyumas = certify(newPrivateKeyFile('Tim LMS Banyumas'), {
  scope: '33.02',
  rights: ['courses'],
  issuer: provinsi,
});

describe('what a publisher chain lets a publisher sign', () => {
  const tempDir = useTempDirs('balai-published-');

  it('a kabupaten course installs on kiosks of that kabupaten only; a national one everywhere', async () => {
    const file = join(tempDir(), 'kursus.balaicourse');
    await packCourse(
      writeFolder(join(tempDir(), 'src'), courseFiles('1.0.0')),
      banyumas,
      file,
      DEFAULT_LIMITS,
      new Date(),
    );
    expect(
      await verifyCourseFile(file, tmpdir(), devTrust({ region: BANYUMAS_DESA }), DEFAULT_LIMITS),
    ).toMatchObject({
      ok: true,
      publisher: { name: 'Tim LMS Banyumas', scope: '33.02', development: true },
    });
    expect(
      await verifyCourseFile(file, tmpdir(), devTrust({ region: PURBALINGGA_DESA }), DEFAULT_LIMITS),
    ).toMatchObject({
      ok: false,
      reason: '"Tim LMS Banyumas" covers "33.02", not 33.03.01.2001',
    });
    const national = join(tempDir(), 'nasional.balaicourse');
    await packCourse(
      writeFolder(join(tempDir(), 'src2'), courseFiles('1.0.0')),
      certify(newPrivateKeyFile('Pusat')),
      national,
      DEFAULT_LIMITS,
      new Date(),
    );
    expect(
      await verifyCourseFile(national, tmpdir(), devTrust({ region: PURBALINGGA_DESA }), DEFAULT_LIMITS),
    ).toMatchObject({ ok: true });
  });

  it('a publisher with only "courses" cannot sign a catalogue or an app update', async () => {
    const catalogue = signCatalogue(
      { catalogueId: 'banyumas', sequence: 1, issuedAt: '2026-11-30T08:00:00+07:00', courses: [] },
      banyumas,
    );
    expect(
      checkCatalogue(
        Buffer.from(JSON.stringify(catalogue)),
        devTrust({ region: BANYUMAS_DESA }),
        () => undefined,
      ),
    ).toMatchObject({
      ok: false,
      code: 'bad_signature',
      message: '"Tim LMS Banyumas" has no right "catalogue"',
    });
    const dir = tempDir();
    writeRelease(dir, '1.3.0');
    expect((await signUpdateFolder(dir, banyumas, 'win32', new Date())).ok).toBe(true);
    expect(verifyUpdateSignature(readFileSync(join(dir, 'signature.json')), devTrust())).toMatchObject({
      ok: false,
      code: 'bad_signature',
      message: '"Tim LMS Banyumas" covers "33.02", not the whole country',
    });
  });

  it('app updates come only from a national publisher with "app-updates"', async () => {
    const regional = certify(newPrivateKeyFile('Provinsi dengan hak pembaruan'), {
      scope: '33',
      rights: ['courses', 'app-updates'],
    });
    const dir = tempDir();
    writeRelease(dir, '1.3.0');
    await signUpdateFolder(dir, regional, 'win32', new Date());
    expect(verifyUpdateSignature(readFileSync(join(dir, 'signature.json')), devTrust())).toMatchObject({
      ok: false,
      message: expect.stringMatching(/covers "33", not/) as unknown,
    });
    await signUpdateFolder(
      dir,
      certify(newPrivateKeyFile('Pusat'), { rights: ['courses'] }),
      'win32',
      new Date(),
    );
    expect(verifyUpdateSignature(readFileSync(join(dir, 'signature.json')), devTrust())).toMatchObject({
      ok: false,
      message: '"Pusat" has no right "app-updates"',
    });
    await signUpdateFolder(
      dir,
      certify(newPrivateKeyFile('Pusat'), { rights: ['app-updates'] }),
      'win32',
      new Date(),
    );
    expect(verifyUpdateSignature(readFileSync(join(dir, 'signature.json')), devTrust())).toMatchObject({
      ok: true,
    });
  });
});
