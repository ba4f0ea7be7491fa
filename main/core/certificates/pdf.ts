import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import QRCode from 'qrcode';
import { tanggalIndonesia } from '../text/indonesian';
import { encodePageSeal, pageDigest } from './page-seal';

export { tanggalIndonesia };

/** Everything printed on a certificate. Names as they are stored; the PDF makes them printable. */
export interface CertificateData {
  number: string;
  /** The signed `BB1.…` code: in the QR code and in the PDF's metadata (subject and keywords, beside the page seal). */
  code: string;
  fullName: string;
  /** The jabatan's official label ("Kepala Urusan Keuangan"), not its code. */
  jabatan: string;
  desa: { code: string; name: string; kecamatan: string; kabupaten: string; provinsi: string };
  courseTitle: string;
  courseVersion: string;
  /** Date of issue, YYYY-MM-DD (the kiosk's local date, as signed). */
  date: string;
  preScore: number | null;
  postScore: number;
  deviceId: string;
}

/** A4 landscape in PDF points (pdf-lib's `PageSizes.A4`, turned). */
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28];

/** A score in percent the Indonesian way: `66,7`; `—` when there is none. */
export function nilai(score: number | null): string {
  if (score === null) return '—';
  return (Math.round(score * 10) / 10).toString().replace('.', ',');
}

/** `Kabupaten Banyumas` → `Kab. Banyumas`; a kota keeps its name (`Kota Magelang`). */
function shortKabupaten(name: string): string {
  return name.replace(/^Kabupaten\s+/i, 'Kab. ');
}

/** The desa line: `Desa Adisana, Kec. Kebasen, Kab. Banyumas, Prov. Jawa Tengah (kode 33.02.05.2001)`. */
export function desaLine(desa: CertificateData['desa']): string {
  return `Desa ${desa.name}, Kec. ${desa.kecamatan}, ${shortKabupaten(desa.kabupaten)}, Prov. ${desa.provinsi} (kode ${desa.code})`;
}

// Letters that do not decompose into a WinAnsi letter plus marks.
const FALLBACK: Record<string, string> = {
  ı: 'i',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ŋ: 'ng',
  Ŋ: 'NG',
  ə: 'e',
  Ə: 'E',
  ĸ: 'k',
  '‐': '-',
  '‑': '-',
  '′': "'",
  ʼ: "'",
  ʻ: "'",
};

/**
 * Text the standard (WinAnsi) fonts can draw: characters the font has stay; others lose their accents
 * (Ṣ → S), take a near letter (ł → l), or become `?` (李), so no name can make the PDF fail. Control
 * characters and runs of space become one space; decomposed accents are composed first (a + ́ → á). The certificate's code carries the exact name's hash.
 */
export function printable(text: string, font: PDFFont): string {
  const has = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of text.normalize('NFC').replace(/[\s\u0000-\u001f\u007f-\u009f]+/gu, ' ')) {
    const cp = ch.codePointAt(0)!;
    if (has.has(cp)) {
      out += ch;
      continue;
    }
    const bare = ch.normalize('NFD').replace(/\p{M}+/gu, '');
    if (bare && [...bare].every((c) => has.has(c.codePointAt(0)!))) out += bare;
    else if (FALLBACK[ch]) out += FALLBACK[ch];
    else if (/\p{M}/u.test(ch))
      continue; // a lone combining mark: drop it
    else out += '?';
  }
  return out.trim();
}

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

const INK = rgb(0.13, 0.13, 0.13);
const GREEN = rgb(0.07, 0.36, 0.27);
const GREY = rgb(0.4, 0.4, 0.4);

/** Draws `text` centred at height `y`, shrunk (down to `minSize`) to fit `maxWidth`. */
function centred(
  page: PDFPage,
  text: string,
  y: number,
  font: PDFFont,
  size: number,
  opts: { maxWidth?: number; minSize?: number; color?: ReturnType<typeof rgb> } = {},
): void {
  const line = printable(text, font);
  const maxWidth = opts.maxWidth ?? page.getWidth() - 160;
  let s = size;
  while (s > (opts.minSize ?? 8) && font.widthOfTextAtSize(line, s) > maxWidth) s -= 0.5;
  const width = font.widthOfTextAtSize(line, s);
  page.drawText(line, { x: (page.getWidth() - width) / 2, y, size: s, font, color: opts.color ?? INK });
}

/** Splits `text` into at most `maxLines` lines of `maxWidth`; the last one is cut with `…`. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number, maxLines: number): string[] {
  const words = printable(text, font).split(' ');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const next = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) <= maxWidth || !current) current = next;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`;
  while (last.length > 1 && font.widthOfTextAtSize(`${last}…`, size) > maxWidth) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}

/** The QR code as dark squares (vector: sharp at any print size), `size` points wide, lower-left at x, y. */
function drawQr(page: PDFPage, code: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 2;
  const cell = size / (n + 2 * quiet);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < n; row++) {
    // Runs of dark modules in a row become one rectangle: fewer operators, a smaller file.
    let start = -1;
    for (let col = 0; col <= n; col++) {
      const dark = col < n && qr.modules.get(row, col) !== 0;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        page.drawRectangle({
          x: x + (quiet + start) * cell,
          y: y + size - (quiet + row + 1) * cell,
          width: (col - start) * cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
        start = -1;
      }
    }
  }
}

/**
 * The certificate as a PDF: A4 landscape, in Indonesian, with the standard Helvetica fonts (nothing to
 * embed, so a few kilobytes), a QR code holding the signed code, and in the metadata the code again (so
 * `balai cert verify file.pdf` reads it without decoding the picture) and the page seal: the page's digest
 * signed with the device key (`devicePrivateKeyPem`, the key that signed the code; page-seal.ts).
 */
export async function certificatePdf(
  data: CertificateData,
  devicePrivateKeyPem: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts: Fonts = {
    regular: await doc.embedFont(StandardFonts.Helvetica),
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    italic: await doc.embedFont(StandardFonts.HelveticaOblique),
  };
  const issued = new Date(`${data.date}T12:00:00Z`);
  const safeName = printable(data.fullName, fonts.regular);
  doc.setTitle(`Sertifikat ${data.number}`);
  doc.setSubject(data.code);
  doc.setAuthor(`Balai Belajar, Desa ${data.desa.name} (${data.desa.code})`);
  doc.setCreator('Balai Belajar');
  doc.setProducer('Balai Belajar (pdf-lib)');
  doc.setLanguage('id-ID');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);

  const page = doc.addPage(A4_LANDSCAPE);
  const [W, H] = A4_LANDSCAPE;
  page.drawRectangle({ x: 24, y: 24, width: W - 48, height: H - 48, borderColor: GREEN, borderWidth: 3 });
  page.drawRectangle({ x: 32, y: 32, width: W - 64, height: H - 64, borderColor: GREEN, borderWidth: 0.8 });

  centred(page, 'BALAI BELAJAR  ·  PEMBELAJARAN APARATUR DESA', H - 70, fonts.bold, 11, { color: GREEN });
  centred(page, 'SERTIFIKAT', H - 118, fonts.bold, 40, { color: GREEN });
  centred(page, `Nomor: ${data.number}`, H - 142, fonts.regular, 12, { color: GREY });
  centred(page, 'diberikan kepada', H - 180, fonts.italic, 14);
  centred(page, safeName, H - 216, fonts.bold, 28, { minSize: 14 });
  centred(page, data.jabatan, H - 240, fonts.regular, 14);
  centred(page, desaLine(data.desa), H - 260, fonts.regular, 11, { minSize: 7 });
  centred(page, 'telah menyelesaikan kursus', H - 294, fonts.italic, 13);
  const titleLines = wrap(data.courseTitle, fonts.bold, 20, W - 200, 2);
  titleLines.forEach((line, i) => centred(page, line, H - 322 - i * 24, fonts.bold, 20));
  const below = H - 322 - (titleLines.length - 1) * 24;
  centred(page, `versi ${data.courseVersion}`, below - 20, fonts.regular, 11, { color: GREY });
  centred(
    page,
    `dengan nilai Tes Awal ${nilai(data.preScore)} dan Tes Akhir ${nilai(data.postScore)}`,
    below - 48,
    fonts.regular,
    13,
  );
  centred(
    page,
    `Diterbitkan di Desa ${data.desa.name} pada ${tanggalIndonesia(data.date)}`,
    below - 70,
    fonts.regular,
    13,
  );

  const qrSize = 132;
  const qrX = W - 48 - qrSize;
  const qrY = 52;
  drawQr(page, data.code, qrX, qrY, qrSize);
  const left = 56;
  const small = (text: string, y: number, font = fonts.regular, size = 8) =>
    page.drawText(printable(text, font), { x: left, y, size, font, color: GREY });
  small('Periksa keaslian: balai cert verify <kode>', 86, fonts.bold, 9);
  small('Kode QR di kanan memuat data sertifikat yang ditandatangani secara digital oleh kiosk', 72);
  small(
    `Balai Belajar desa ini (perangkat ${data.deviceId}). Kode yang sama ada di properti berkas PDF ini;`,
    62,
  );
  small('perubahan sekecil apa pun pada data atau halaman ini membuat pemeriksaan gagal.', 52);

  // The page is sealed as it will be read back: saved, loaded, digested; the seal goes into the properties only.
  const drawn = await PDFDocument.load(await doc.save(), { updateMetadata: false });
  const digest = pageDigest(drawn);
  if (!digest.ok) throw new Error(`certificate page cannot be sealed: ${digest.reason}`);
  const seal = encodePageSeal({ v: 1, no: data.number, ph: digest.hex }, devicePrivateKeyPem);
  drawn.setKeywords(['Balai Belajar', 'sertifikat', data.number, data.code, seal]);
  return drawn.save();
}
