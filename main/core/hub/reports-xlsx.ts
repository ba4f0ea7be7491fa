import ExcelJS from 'exceljs';
import { excelLocalDate } from '../reports/xlsx';
import type { ColumnKind, ReportTable } from './reports-table';

const WIDTHS: Record<ColumnKind, number> = { code: 16, text: 30, count: 12, score: 12, date: 20 };
const FORMATS: Partial<Record<ColumnKind, string>> = { count: '0', score: '0.0', date: 'dd/mm/yyyy hh:mm' };

/**
 * A hub report as an .xlsx workbook, the way the village export looks (reports/xlsx.ts): a title and a few
 * lines about the report, then the table with a frozen, filtered header, widths and number formats. Dates
 * show the time as written (the kiosk's local time). Loaded only when an export is asked for (exceljs is large).
 */
export async function reportWorkbook(table: ReportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Balai Belajar';
  const lines = [table.title, ...table.about];
  const headerRow = lines.length + 2;
  const sheet = workbook.addWorksheet('Laporan', {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 2, topLeftCell: `C${headerRow + 1}` }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  table.kinds.forEach((kind, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = WIDTHS[kind];
    const format = FORMATS[kind];
    if (format) column.numFmt = format;
  });
  lines.forEach((line, i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = line;
    cell.font = i === 0 ? { bold: true, size: 14 } : { size: 11 };
  });
  const header = sheet.getRow(headerRow);
  header.values = [...table.headers];
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow, column: table.headers.length },
  };
  table.rows.forEach((cells, i) => {
    sheet.getRow(headerRow + 1 + i).values = cells.map((c, j) =>
      table.kinds[j] === 'date' && typeof c === 'string' ? (excelLocalDate(c) ?? c) : c,
    );
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
