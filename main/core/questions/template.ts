import ExcelJS from 'exceljs';
import { QUESTION_SHEET } from './xlsx';
import { KIND_WORDS, TEMPLATE_COLUMNS } from './tabular';

/** How many rows of the question sheet carry the drop-down lists. */
const LIST_ROWS = 2000;

const INSTRUCTIONS: [string, string][] = [
  ['Petunjuk pengisian templat soal (versi 1)', 'How to fill in the question template (version 1)'],
  ['', ''],
  [
    'Isi satu soal per baris di lembar "Soal", mulai baris 2. Jangan ubah baris judul.',
    'One question per row on the "Soal" sheet, from row 2. Keep the header row as it is.',
  ],
  [
    `Jenis: "${KIND_WORDS.single[0]}" (satu pilihan benar), "${KIND_WORDS.multiple[0]}" (beberapa pilihan benar) atau "${KIND_WORDS.truefalse[0]}". Kosong: dilihat dari jumlah jawaban benar.`,
    `Type: "${KIND_WORDS.single[0]}" (one right option), "${KIND_WORDS.multiple[0]}" (several) or "${KIND_WORDS.truefalse[0]}". Empty: told by the number of correct letters.`,
  ],
  [
    'Pilihan A sampai H: paling sedikit 2 pilihan, tanpa celah. Soal benar-salah tidak perlu pilihan.',
    'Options A to H: at least 2, without gaps. A true/false question needs none.',
  ],
  [
    'Jawaban benar: huruf pilihan (A) atau beberapa huruf (A, C). Soal benar-salah: Benar atau Salah.',
    'Correct answer: the option letter (A) or several (A, C). True/false: Benar or Salah.',
  ],
  [
    'Penjelasan: wajib sebelum kursus terbit; ditampilkan setelah peserta menjawab.',
    'Explanation: required before publishing; shown after the learner answers.',
  ],
  [
    'Modul: id atau judul modul kursus (boleh kosong). Tag: beberapa kata dipisah koma.',
    'Module: the id or title of a module of the course (may be empty). Tags: words apart by commas.',
  ],
  ['ID: boleh kosong; diisi otomatis (q-1, q-2, …).', 'ID: may be empty; given automatically (q-1, q-2, …).'],
  [
    'Teks yang diawali =, +, - atau @ tetap teks, tidak pernah rumus. Sel berisi rumus ditolak.',
    'Text starting with =, +, - or @ stays text, never a formula. A cell holding a formula is refused.',
  ],
  [
    'Soal yang sama dengan soal di bank tidak diimpor dua kali.',
    'A question already in the bank is not imported twice.',
  ],
  ['', ''],
  ['Contoh (salin ke lembar "Soal"):', 'Examples (copy to the "Soal" sheet):'],
];

export const TEMPLATE_EXAMPLES: string[][] = [
  [
    '1',
    '',
    KIND_WORDS.single[0]!,
    'APB Desa terdiri atas tiga bagian. Apa saja?',
    'Pendapatan, Belanja, Pembiayaan',
    'Pendapatan, Belanja, Pajak',
    'Perencanaan, Pelaksanaan, Pelaporan',
    '',
    '',
    '',
    '',
    '',
    'A',
    'Permendagri 20/2018: APB Desa terdiri atas Pendapatan, Belanja dan Pembiayaan.',
    '',
    'apbdes',
  ],
  [
    '2',
    '',
    KIND_WORDS.multiple[0]!,
    'Mana yang termasuk Pendapatan Transfer?',
    'Dana Desa',
    'ADD',
    'SiLPA',
    'Hasil BUM Desa',
    '',
    '',
    '',
    '',
    'A, B',
    'Dana Desa dan ADD adalah transfer; SiLPA adalah pembiayaan, hasil BUM Desa adalah PADes.',
    '',
    'apbdes, pendapatan',
  ],
  [
    '3',
    '',
    KIND_WORDS.truefalse[0]!,
    'Tahun anggaran desa dimulai 1 Januari.',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    'Benar',
    'Tahun anggaran desa sama dengan tahun kalender.',
    '',
    '',
  ],
];

/**
 * The question template the studio offers for download (`balai questions template`): the sheet "Soal" with
 * the header row (frozen, wide columns, wrapped text), drop-down lists for the type and the true/false
 * answer, every cell formatted as text (so Excel never turns `=…` into a formula or `1/2` into a date), and
 * the sheet "Petunjuk" with the rules and examples in Indonesian and English.
 */
export async function questionTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Balai Belajar';
  const sheet = workbook.addWorksheet(QUESTION_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: { numFmt: '@' },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  const kindColumn = TEMPLATE_COLUMNS.findIndex((c) => c.key === 'kind') + 1;
  const correctColumn = TEMPLATE_COLUMNS.findIndex((c) => c.key === 'correct') + 1;
  const kinds = [KIND_WORDS.single[0], KIND_WORDS.multiple[0], KIND_WORDS.truefalse[0]].join(',');
  for (let r = 2; r <= LIST_ROWS + 1; r++) {
    sheet.getCell(r, kindColumn).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${kinds}"`],
      showErrorMessage: true,
      errorTitle: 'Jenis soal',
      error: `Pilih: ${kinds.replaceAll(',', ', ')}`,
    };
    sheet.getCell(r, correctColumn).dataValidation = {
      type: 'textLength',
      operator: 'between',
      allowBlank: true,
      formulae: [1, 20],
      showInputMessage: true,
      promptTitle: 'Jawaban benar',
      prompt: 'Huruf pilihan (A atau A, C); soal benar-salah: Benar atau Salah',
    };
  }
  const help = workbook.addWorksheet('Petunjuk');
  help.getColumn(1).width = 90;
  help.getColumn(2).width = 90;
  INSTRUCTIONS.forEach(([id, en], i) => {
    const row = help.getRow(i + 1);
    row.values = [id, en];
    row.alignment = { wrapText: true, vertical: 'top' };
    if (i === 0) row.font = { bold: true, size: 14 };
  });
  const first = INSTRUCTIONS.length + 1;
  help.getRow(first).values = TEMPLATE_COLUMNS.map((c) => c.header);
  help.getRow(first).font = { bold: true };
  TEMPLATE_EXAMPLES.forEach((example, i) => (help.getRow(first + 1 + i).values = example));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
