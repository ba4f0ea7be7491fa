import Papa from 'papaparse';
import { decodeText } from './encoding';
import { ImportFileError } from './file-error';
import type { ReadResult } from './model';
import { headerColumns, rowQuestion } from './tabular';

/**
 * A CSV bank in the template's columns (comma, semicolon as Indonesian Excel writes it, or tab: papaparse
 * tells them apart). Every cell is text: one that starts with `=`, `+`, `-` or `@` is imported as the text
 * it is. Rows are numbered as a spreadsheet shows them (the header is row 1 when it is the first).
 */
export function readCsv(bytes: Uint8Array, language: 'id' | 'en'): ReadResult {
  const { text, encoding } = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text, {
    header: false,
    skipEmptyLines: false,
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const rows = parsed.data;
  const headerIndex = rows.slice(0, 20).findIndex((r) => headerColumns(r) !== null);
  if (headerIndex < 0) throw noHeader();
  const columns = headerColumns(rows[headerIndex]!)!;
  const result: ReadResult = { encoding, questions: [], refused: [], notices: [] };
  if (encoding !== 'utf-8')
    result.notices.push({
      code: 'encoding',
      reason: `read as ${encoding}`,
      alasan: `dibaca sebagai ${encoding}`,
    });
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const found = rowQuestion(
      rows[i]!.map((t) => ({ text: t })),
      columns,
      { row: i + 1 },
      language,
    );
    if (found === null) continue;
    if ('code' in found) result.refused.push(found);
    else result.questions.push(found);
  }
  return result;
}

export function noHeader(): ImportFileError {
  return new ImportFileError(
    'no header row with a "Pertanyaan" (question) column in the first 20 rows: use the template (balai questions template)',
    'tidak ada baris judul dengan kolom "Pertanyaan" di 20 baris pertama: pakai templat (balai questions template)',
  );
}
