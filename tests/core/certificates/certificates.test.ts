import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { Drive, DriveSource } from '../../../main/core/drives/drive';
import { decodeCertificate } from '../../../main/core/certificates/payload';
import { findCertificate, renderCertificate } from '../../../main/core/certificates/records';
import { codeFromPdf } from '../../../main/core/certificates/verify';
import { CERT_COURSE, earnCertificate } from '../../helpers/certified';
import { sticksDirFor, useTempDirs } from '../../helpers/core';
import { makeWorld } from '../../helpers/world';

const FOLDER = 'BalaiBelajar/33_02_05_2001/sertifikat';

describe('certificates (API)', () => {
  const tempDir = useTempDirs();

  it('the learner lists their certificates and gets each as a PDF carrying the signed code; no one else does', async () => {
    const w = await makeWorld(tempDir());
    const { number, code } = await earnCertificate(w, w.tokenB);

    const { certificates } = await w.must(w.tokenB, 'certificates.mine', {});
    expect(certificates).toEqual([
      {
        number,
        courseId: CERT_COURSE,
        courseTitle: 'Kursus Uji Lengkap',
        courseVersion: '1.0.0',
        issuedAt: expect.stringMatching(/^2026-11-01T/) as string,
        preScore: 25,
        postScore: 75,
      },
    ]);
    expect(await w.must(w.tokenA, 'certificates.mine', {})).toEqual({ certificates: [] });

    const file = await w.must(w.tokenB, 'certificates.pdf', { number });
    expect(file.fileName).toBe(`sertifikat-${number}.pdf`);
    const bytes = Buffer.from(file.base64, 'base64');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPage(0).getSize()).toEqual({ width: 841.89, height: 595.28 });
    expect(await codeFromPdf(bytes)).toMatchObject({ ok: true, code });
    expect(decodeCertificate(code)).toMatchObject({
      ok: true,
      signatureValid: true,
      payload: { no: number },
    });

    // Another learner, and a number that does not exist, get the same answer.
    expect(await w.call(w.tokenA, 'certificates.pdf', { number })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await w.call(w.tokenB, 'certificates.pdf', { number: '3302052001-20261101-ZZZZZ' })).toMatchObject(
      { ok: false, error: { code: 'NOT_FOUND' } },
    );
    w.close();
  });

  it('the operator lists every certificate with the learner, and an erased learner keeps the row but no PDF', async () => {
    const w = await makeWorld(tempDir());
    const b = await earnCertificate(w, w.tokenB);
    const a = await earnCertificate(w, w.tokenA);
    const { certificates } = await w.must(w.operator, 'certificates.list', {});
    expect(certificates.map((c) => c.number).sort()).toEqual([a.number, b.number].sort());
    expect(certificates.find((c) => c.number === b.number)).toMatchObject({
      learnerId: w.learnerB,
      fullName: 'Bambang Kedua',
      jabatan: 'anggota_bpd',
      erased: false,
      courseTitle: 'Kursus Uji Lengkap',
    });

    await w.must(w.operator, 'learners.erase', { id: w.learnerB, confirm: true });
    const after = await w.must(w.operator, 'certificates.list', {});
    expect(after.certificates.find((c) => c.number === b.number)).toMatchObject({
      learnerId: w.learnerB,
      fullName: null,
      jabatan: null,
      erased: true,
      postScore: 75,
    });
    const row = findCertificate(w.core.services, b.number)!;
    expect(await renderCertificate(w.core.services, row)).toEqual({ ok: false, reason: 'erased' });

    const saved = await w.must(w.operator, 'certificates.saveToDrive', { driveId: w.stickId });
    expect(saved).toMatchObject({ saved: 1, skipped: [{ number: b.number, reason: 'erased' }] });
    const dir = join(sticksDirFor(w.dataDir), 'FLASHDISK', ...FOLDER.split('/'));
    expect(readdirSync(dir)).toEqual([`${a.number}.pdf`]);
    w.close();
  });

  it('saves PDFs to a stick under BalaiBelajar/<desa>/sertifikat, replacing an older copy, no temp files left', async () => {
    const w = await makeWorld(tempDir());
    const b = await earnCertificate(w, w.tokenB);
    const a = await earnCertificate(w, w.tokenA);
    const result = await w.must(w.operator, 'certificates.saveToDrive', { driveId: w.stickId });
    expect(result).toMatchObject({
      drive: { id: w.stickId, label: 'FLASHDISK', readOnly: false },
      folder: FOLDER,
      saved: 2,
      skipped: [],
    });
    expect(JSON.stringify(result)).not.toContain(sticksDirFor(w.dataDir)); // never a path
    const dir = join(sticksDirFor(w.dataDir), 'FLASHDISK', ...FOLDER.split('/'));
    expect(readdirSync(dir).sort()).toEqual([`${a.number}.pdf`, `${b.number}.pdf`].sort());
    const onStick = readFileSync(join(dir, `${b.number}.pdf`));
    expect(await codeFromPdf(onStick)).toMatchObject({ ok: true, code: b.code });

    // Only the numbers asked for; again over the same files.
    expect(
      await w.must(w.operator, 'certificates.saveToDrive', {
        driveId: w.stickId,
        numbers: [b.number, b.number],
      }),
    ).toMatchObject({ saved: 1 });
    expect(readdirSync(dir).sort()).toEqual([`${a.number}.pdf`, `${b.number}.pdf`].sort());

    expect(
      await w.call(w.operator, 'certificates.saveToDrive', {
        driveId: w.stickId,
        numbers: [b.number, '3302052001-20261101-ZZZZZ'],
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { numbers: ['3302052001-20261101-ZZZZZ'] } },
    });
    w.close();
  });

  it('refuses a stick that is gone, read-only, or cannot take the file, and says so', async () => {
    const w = await makeWorld(tempDir());
    const { number } = await earnCertificate(w, w.tokenB);
    const stick = join(sticksDirFor(w.dataDir), 'FLASHDISK');

    // A folder where the PDF should go: the rename fails; the temp file is cleaned up.
    const blocker = join(stick, ...FOLDER.split('/'), `${number}.pdf`);
    mkdirSync(join(blocker, 'x'), { recursive: true });
    expect(await w.call(w.operator, 'certificates.saveToDrive', { driveId: w.stickId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'write_failed', saved: 0 } },
    });
    expect(readdirSync(join(stick, ...FOLDER.split('/')))).toEqual([`${number}.pdf`]);
    rmSync(blocker, { recursive: true });

    // Tests run as root, where a folder cannot be made read-only: the drive list says it is.
    const services = w.core.services as { drives: DriveSource };
    const real = services.drives;
    services.drives = {
      list: async () => (await real.list()).map((d): Drive => ({ ...d, readOnly: true })),
    };
    expect(await w.call(w.operator, 'certificates.saveToDrive', { driveId: w.stickId })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'read_only' } },
    });
    services.drives = real;

    rmSync(stick, { recursive: true });
    expect(await w.call(w.operator, 'certificates.saveToDrive', { driveId: w.stickId })).toMatchObject({
      ok: false,
      error: { code: 'DRIVE_NOT_FOUND' },
    });
    expect(existsSync(stick)).toBe(false);
    w.close();
  });
});
