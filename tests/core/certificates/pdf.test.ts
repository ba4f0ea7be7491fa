import { generateKeyPairSync } from 'node:crypto';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  certificatePdf,
  desaLine,
  nilai,
  printable,
  tanggalIndonesia,
  type CertificateData,
} from '../../../main/core/certificates/pdf';
import { codeFromPdf } from '../../../main/core/certificates/verify';

/** A device key of its own: the page seal is signed with it. */
const KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const CODE = `BB1.${'eyJhIjoxLCJiIjoiY2VydGlmaWNhdGUifQ'.repeat(10)}.${'s'.repeat(86)}`;

const DATA: CertificateData = {
  number: '3302052001-20261129-7KQ4M',
  code: CODE,
  fullName: 'Bambang Kedua',
  jabatan: 'Kepala Urusan Keuangan',
  desa: {
    code: '33.02.05.2001',
    name: 'Adisana',
    kecamatan: 'Kebasen',
    kabupaten: 'Kabupaten Banyumas',
    provinsi: 'Jawa Tengah',
  },
  courseTitle: 'Pengelolaan Keuangan Desa',
  courseVersion: '1.0.0',
  date: '2026-11-29',
  preScore: 25,
  postScore: 66.66,
  deviceId: '8a1f7c2e-1111-4222-8333-444455556666',
};

/** The page's content streams, decoded, as one text. */
async function contentOf(bytes: Uint8Array): Promise<{ doc: PDFDocument; text: string }> {
  const doc = await PDFDocument.load(bytes);
  const contents = doc.getPage(0).node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  const text = refs
    .map((ref) => {
      const stream = ref instanceof PDFRawStream ? ref : doc.context.lookup(ref);
      return Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1');
    })
    .join('\n');
  return { doc, text };
}

/** Text as pdf-lib writes it for a WinAnsi font: `<hex of the bytes> Tj`. */
const shown = (text: string) => `<${Buffer.from(text, 'latin1').toString('hex').toUpperCase()}> Tj`;

/** Rebuilds the QR modules from the black filled rectangles drawn on the page. */
function qrModulesDrawn(content: string): boolean[][] {
  const rects: { x: number; y: number; w: number; h: number }[] = [];
  const block =
    /0 0 0 rg\n[^]*?1 0 0 1 ([\d.]+) ([\d.]+) cm\n[^]*?0 ([\d.]+) l\n([\d.]+) [\d.]+ l\n[^]*?\nf\n/g;
  for (const m of content.matchAll(block))
    rects.push({ x: Number(m[1]), y: Number(m[2]), h: Number(m[3]), w: Number(m[4]) });
  const cell = rects[0]!.h;
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.max(...rects.map((r) => r.y + r.h));
  const size = Math.round((Math.max(...rects.map((r) => r.x + r.w)) - left) / cell);
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  for (const r of rects) {
    const row = Math.round((top - r.y - r.h) / cell);
    const col = Math.round((r.x - left) / cell);
    for (let i = 0; i < Math.round(r.w / cell); i++) grid[row]![col + i] = true;
  }
  return grid;
}

describe('the certificate PDF', () => {
  it('is one A4 landscape page that pdf-lib loads back, with the code in its metadata', async () => {
    const bytes = await certificatePdf(DATA, KEY);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(841.89, 2);
    expect(height).toBeCloseTo(595.28, 2);
    expect(doc.getSubject()).toBe(CODE);
    expect(doc.getKeywords()).toContain(CODE);
    expect(doc.getTitle()).toBe(`Sertifikat ${DATA.number}`);
    expect(await codeFromPdf(bytes)).toMatchObject({
      ok: true,
      code: CODE,
      seal: expect.stringMatching(/^BBP1\./) as unknown,
    });
    expect(bytes.length).toBeLessThan(60_000);
  });

  it('prints the Indonesian text: title, name, jabatan, desa with its code, course, scores and date', async () => {
    const { text } = await contentOf(await certificatePdf(DATA, KEY));
    for (const line of [
      'SERTIFIKAT',
      `Nomor: ${DATA.number}`,
      'diberikan kepada',
      'Bambang Kedua',
      'Kepala Urusan Keuangan',
      'Desa Adisana, Kec. Kebasen, Kab. Banyumas, Prov. Jawa Tengah (kode 33.02.05.2001)',
      'Pengelolaan Keuangan Desa',
      'versi 1.0.0',
      'dengan nilai Tes Awal 25 dan Tes Akhir 66,7',
      'Diterbitkan di Desa Adisana pada 29 November 2026',
      'Periksa keaslian: balai cert verify <kode>',
    ])
      expect(text, line).toContain(shown(line));
  });

  it('draws a QR code that holds exactly the signed code', async () => {
    const { text } = await contentOf(await certificatePdf(DATA, KEY));
    const expected = QRCode.create(CODE, { errorCorrectionLevel: 'M' }).modules;
    const drawn = qrModulesDrawn(text);
    expect(drawn).toHaveLength(expected.size);
    for (let row = 0; row < expected.size; row++)
      for (let col = 0; col < expected.size; col++)
        expect(drawn[row]![col], `module ${row},${col}`).toBe(expected.get(row, col) !== 0);
  });

  it('never fails on a name the standard fonts cannot draw', async () => {
    const data = { ...DATA, fullName: 'Ṣiti Ñurhayati 李', courseTitle: 'Kursus ✓ Łatwy ğ 🙂' };
    const bytes = await certificatePdf(data, KEY);
    const { doc, text } = await contentOf(bytes);
    expect(doc.getSubject()).toBe(CODE);
    // Ṣ loses its dot, Ñ is in WinAnsi and stays, 李 has no Latin form.
    expect(text).toContain(shown('Siti Ñurhayati ?'));
    expect(text).toContain(shown('Kursus ? Latwy g ?'));
  });

  it('makes text printable without throwing, whatever it holds', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    expect(printable('Ṣiti\tÑurhayati\n李', font)).toBe('Siti Ñurhayati ?');
    expect(printable('Dewi  Sartika — “Ibu”', font)).toBe('Dewi Sartika — “Ibu”');
    expect(printable('Zoë Łukasz ı ŋ', font)).toBe('Zoë Lukasz i ng');
    expect(printable('a\u0301b', font)).toBe('áb');
    for (const s of ['\u0000\u0007', '\uD800', '𝔸𝔹', 'ا ب ت', '\u200b\u200e'])
      expect(() => font.encodeText(printable(s, font))).not.toThrow();
  });

  it('writes dates, scores and the desa line the Indonesian way', () => {
    expect(tanggalIndonesia('2026-11-29')).toBe('29 November 2026');
    expect(tanggalIndonesia('2027-01-05')).toBe('5 Januari 2027');
    expect(nilai(75)).toBe('75');
    expect(nilai(66.666)).toBe('66,7');
    expect(nilai(null)).toBe('—');
    expect(desaLine({ ...DATA.desa, kabupaten: 'Kota Magelang' })).toBe(
      'Desa Adisana, Kec. Kebasen, Kota Magelang, Prov. Jawa Tengah (kode 33.02.05.2001)',
    );
  });
});
