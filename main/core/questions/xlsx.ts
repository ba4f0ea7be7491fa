import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { ImportNotice } from '../../api/questions';
import { noHeader } from './csv';
import { ImportFileError } from './file-error';
import type { ReadResult } from './model';
import { headerColumns, rowQuestion, type Cell } from './tabular';

/**
 * An XLSX is a zip: its central directory is checked before exceljs inflates it, so a zip bomb that tells its
 * sizes stops here. Tests shrink the limits.
 */
export interface XlsxLimits {
  maxUnzippedBytes: number;
  maxEntries: number;
  /** Largest uncompressed/compressed ratio of an entry over 1 MiB. */
  maxRatio: number;
}
export const XLSX_LIMITS: XlsxLimits = {
  maxUnzippedBytes: 256 * 1024 ** 2,
  maxEntries: 10_000,
  maxRatio: 1000,
};
/** The sheet the template writes the questions on; other visible sheets are read when it is absent. */
export const QUESTION_SHEET = 'Soal';

function notXlsx(): ImportFileError {
  return new ImportFileError(
    'not an XLSX workbook (save it from Excel or LibreOffice as .xlsx)',
    'bukan buku kerja XLSX (simpan dari Excel atau LibreOffice sebagai .xlsx)',
  );
}

async function checkZip(bytes: Uint8Array, limits: XlsxLimits): Promise<void> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true }, (error, z) =>
      error ? reject(notXlsx()) : resolve(z),
    ),
  );
  await new Promise<void>((resolve, reject) => {
    let total = 0;
    let count = 0;
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      count++;
      const ratio = entry.compressedSize > 0 ? entry.uncompressedSize / entry.compressedSize : 0;
      if (
        count > limits.maxEntries ||
        total > limits.maxUnzippedBytes ||
        (entry.uncompressedSize > 1024 ** 2 && ratio > limits.maxRatio)
      ) {
        zip.close();
        reject(
          new ImportFileError(
            `the workbook unpacks to more than ${limits.maxUnzippedBytes / 1024 ** 2} MiB or ${limits.maxEntries} parts, or packs too tightly: refused`,
            `buku kerja ini terlalu besar setelah dibuka (lebih dari ${limits.maxUnzippedBytes / 1024 ** 2} MiB) atau terlalu padat: ditolak`,
          ),
        );
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', () => reject(notXlsx()));
    zip.readEntry();
  });
}

/** A cell's value as text; formulas are marked (their cached result is never taken for the text). */
function cellOf(cell: ExcelJS.Cell): Cell {
  const value = cell.value;
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: String(value) };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('hyperlink' in value) return { text: typeof value.text === 'string' ? value.text : '' };
  if ('error' in value) return { text: '' };
  return { text: '' };
}

/**
 * An XLSX bank in the template's columns. Reads the sheet "Soal" (or, without one, the first visible sheet with
 * a question column); hidden sheets are never read, and said. A merged range gives its value to every cell it
 * covers (what the author sees spanning them), and is said. A formula cell refuses its row: the import takes
 * only text an author typed.
 */
export async function readXlsx(
  bytes: Uint8Array,
  language: 'id' | 'en',
  limits: XlsxLimits = XLSX_LIMITS,
): Promise<ReadResult> {
  await checkZip(bytes, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw notXlsx();
  }
  const notices: ImportNotice[] = [];
  const visible = workbook.worksheets.filter((s) => {
    if (s.state === 'visible' || s.state === undefined) return true;
    notices.push({
      code: 'hidden_sheet',
      at: { sheet: s.name },
      reason: `sheet "${s.name}" is hidden: not read`,
      alasan: `lembar "${s.name}" tersembunyi: tidak dibaca`,
    });
    return false;
  });
  const candidates = [
    ...visible.filter((s) => s.name.trim().toLowerCase() === QUESTION_SHEET.toLowerCase()),
    ...visible.filter((s) => s.name.trim().toLowerCase() !== QUESTION_SHEET.toLowerCase()),
  ];
  for (const sheet of candidates) {
    const last = Math.min(sheet.rowCount, 20);
    for (let r = 1; r <= last; r++) {
      const headerCells = rowCells(sheet, r).map((c) => c.text);
      const columns = headerColumns(headerCells);
      if (!columns) continue;
      const result: ReadResult = { encoding: 'xlsx', questions: [], refused: [], notices };
      const merges = mergedRanges(sheet).filter((m) => m.bottom > r);
      if (merges.length)
        notices.push({
          code: 'merged_cells',
          at: { sheet: sheet.name },
          reason: `merged cells ${merges.map((m) => m.range).join(', ')}: each row they cover takes their value`,
          alasan: `sel gabungan ${merges.map((m) => m.range).join(', ')}: setiap baris yang dicakup memakai isinya`,
        });
      for (let row = r + 1; row <= sheet.rowCount; row++) {
        const found = rowQuestion(rowCells(sheet, row), columns, { sheet: sheet.name, row }, language);
        if (found === null) continue;
        if ('code' in found) result.refused.push(found);
        else result.questions.push(found);
      }
      return result;
    }
  }
  throw noHeader();
}

function rowCells(sheet: ExcelJS.Worksheet, r: number): Cell[] {
  const row = sheet.getRow(r);
  const cells: Cell[] = [];
  for (let c = 1; c <= Math.max(row.cellCount, 1); c++) {
    const cell = row.getCell(c);
    // A covered cell of a merged range reads its master's value (ExcelJS gives it on `master`).
    cells.push(cellOf(cell.isMerged && cell.master !== cell ? cell.master : cell));
  }
  return cells;
}

function mergedRanges(sheet: ExcelJS.Worksheet): { range: string; bottom: number }[] {
  const merges = (sheet.model as { merges?: string[] }).merges ?? [];
  return merges.map((range) => {
    const bottom = Number(/(\d+)$/.exec(range)?.[1] ?? 0);
    return { range, bottom };
  });
}
