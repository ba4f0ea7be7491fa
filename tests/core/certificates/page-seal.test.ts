import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { decodeCertificate, encodeCertificate } from '../../../main/core/certificates/payload';
import { certificatePdf, type CertificateData } from '../../../main/core/certificates/pdf';
import { codeFromPdf, verifyCertificatePdf, type Verification } from '../../../main/core/certificates/verify';
import { DEVICE_KEY_FILE } from '../../../main/core/setup/setup';
import { earnCertificate } from '../../helpers/certified';
import { useTempDirs } from '../../helpers/core';
import { makeWorld, type World } from '../../helpers/world';

async function verifyPdf(w: World, bytes: Uint8Array): Promise<Verification> {
  const found = await codeFromPdf(bytes);
  if (!found.ok) throw new Error(found.reason);
  return verifyCertificatePdf(found, w.core.services.regions, w.core.services);
}

/** The genuine PDF with `edit` applied to its page, saved as a PDF tool would. */
async function edited(bytes: Uint8Array, edit: (doc: PDFDocument) => Promise<void>): Promise<Uint8Array> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  await edit(doc);
  return doc.save();
}

describe('a certificate PDF: the page is checked, not only the code', () => {
  const tempDir = useTempDirs();

  it('a genuine PDF passes with its page checked; a changed page, a stripped or borrowed seal are refused', async () => {
    const w = await makeWorld(tempDir());
    const { number } = await earnCertificate(w, w.tokenB);
    const pdf = Buffer.from((await w.must(w.tokenB, 'certificates.pdf', { number })).base64, 'base64');

    expect(await verifyPdf(w, pdf)).toMatchObject({ valid: true, report: { version: 2, page: 'same' } });

    // A higher score typed over the old one: the code is untouched, the page is not.
    const typedOver = await edited(pdf, async (doc) => {
      const page = doc.getPage(0);
      page.drawRectangle({ x: 250, y: 150, width: 340, height: 20, color: rgb(1, 1, 1) });
      page.drawText('dengan nilai Tes Awal 25 dan Tes Akhir 100', {
        x: 280,
        y: 155,
        size: 13,
        font: await doc.embedFont(StandardFonts.Helvetica),
      });
    });
    expect(await verifyPdf(w, typedOver)).toMatchObject({
      valid: false,
      reason: "the certificate's page was changed: the page differs from the one the kiosk sealed",
      indonesian: expect.stringContaining('halaman sertifikat ini telah diubah') as unknown,
    });
    // An image laid over the page is refused before any digest.
    const withImage = await edited(pdf, async (doc) => {
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      );
      doc.getPage(0).drawImage(await doc.embedPng(png), { x: 0, y: 0, width: 10, height: 10 });
    });
    expect(await verifyPdf(w, withImage)).toMatchObject({ valid: false, reason: /XObject/ });

    // The seal taken out (a version 2 certificate's PDFs always carry one).
    const stripped = await edited(pdf, (doc) => {
      doc.setKeywords([doc.getSubject()!]);
      return Promise.resolve();
    });
    expect(await verifyPdf(w, stripped)).toMatchObject({
      valid: false,
      reason: "the certificate's page was changed: its page seal was removed",
    });

    // Another certificate's genuine seal on this page.
    const other = await earnCertificate(w, w.tokenA);
    const otherPdf = Buffer.from(
      (await w.must(w.tokenA, 'certificates.pdf', { number: other.number })).base64,
      'base64',
    );
    const otherSeal = (await codeFromPdf(otherPdf)) as { seal: string };
    const borrowed = await edited(pdf, (doc) => {
      doc.setKeywords([doc.getSubject()!, otherSeal.seal]);
      return Promise.resolve();
    });
    expect(await verifyPdf(w, borrowed)).toMatchObject({
      valid: false,
      reason: "the certificate's page was changed: the page seal is of another certificate",
    });
    w.close();
  });

  it('an old (version 1) certificate still verifies, and says its page was not checked', async () => {
    const w = await makeWorld(tempDir());
    const { code } = await earnCertificate(w, w.tokenB);
    const decoded = decodeCertificate(code);
    if (!decoded.ok) throw new Error(decoded.reason);
    // A certificate as issued before page seals: payload version 1, its PDF without a seal.
    const key = readFileSync(join(w.dataDir, DEVICE_KEY_FILE), 'utf8');
    const oldCode = encodeCertificate({ ...decoded.payload, v: 1 }, key);
    const data: CertificateData = {
      number: decoded.payload.no,
      code: oldCode,
      fullName: 'Bambang Kedua',
      jabatan: 'Kepala Urusan Keuangan',
      desa: {
        code: '33.02.05.2001',
        name: 'Adisana',
        kecamatan: 'Kebasen',
        kabupaten: 'Banyumas',
        provinsi: 'Jawa Tengah',
      },
      courseTitle: 'Kursus Uji Lengkap',
      courseVersion: '1.0.0',
      date: decoded.payload.d,
      preScore: 25,
      postScore: 75,
      deviceId: decoded.payload.dev,
    };
    const oldPdf = await edited(await certificatePdf(data, key), (doc) => {
      doc.setKeywords(['Balai Belajar', 'sertifikat', data.number, oldCode]);
      return Promise.resolve();
    });
    const found = await codeFromPdf(oldPdf);
    if (!found.ok) throw new Error(found.reason);
    // Checked without the kiosk's records (this kiosk holds the version 2 code of that number).
    expect(verifyCertificatePdf(found, w.core.services.regions)).toMatchObject({
      valid: true,
      report: { version: 1, page: 'not_sealed' },
    });
    w.close();
  });
});
