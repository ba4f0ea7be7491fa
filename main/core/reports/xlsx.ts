import ExcelJS from 'exceljs';
import { JABATAN, type Jabatan } from '../../api/jabatan';
import type { ProgressStatus, VillageRow } from '../../api/reports';
import type { KioskRow } from '../setup/kiosk';
import { BULAN } from '../text/indonesian';

/** Status as the operator reads it (the UI has its own i18n; a spreadsheet has only this). */
export const STATUS_LABELS: Record<ProgressStatus, string> = {
  not_started: 'Belum mulai',
  in_progress: 'Sedang belajar',
  completed: 'Lulus',
  failed_post: 'Belum lulus',
};

export const ERASED_NAME = '(data dihapus)';

/** Column headers of the export, in order; the tests read the file back by these. */
export const XLSX_HEADERS = [
  'Nama',
  'Jabatan',
  'Kursus',
  'Tes Awal',
  'Tes Akhir',
  'Kenaikan',
  'Kenaikan ternormalisasi',
  'Status',
  'Sertifikat',
  'Aktivitas terakhir',
  'Waktu belajar (menit)',
] as const;

const WIDTHS = [30, 30, 34, 10, 10, 10, 14, 16, 26, 20, 12];
const NUMBER_FORMATS: Partial<Record<(typeof XLSX_HEADERS)[number], string>> = {
  'Tes Awal': '0.0',
  'Tes Akhir': '0.0',
  Kenaikan: '0.0',
  'Kenaikan ternormalisasi': '0.00',
  'Aktivitas terakhir': 'dd/mm/yyyy hh:mm',
  'Waktu belajar (menit)': '0',
};

const ZONES: Record<string, string> = { '+07:00': 'WIB', '+08:00': 'WITA', '+09:00': 'WIT' };

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offset: string;
}

/** The kiosk's local date and time as written in a stored timestamp (RFC 3339 with offset). */
export function wallClock(iso: string): WallClock | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) return null;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
    offset: m[7] === 'Z' ? '+00:00' : m[7]!,
  };
}

/**
 * A spreadsheet date showing the kiosk's local time: Excel has no time zones, and exceljs writes a Date as
 * its UTC fields, so the local fields go in as UTC.
 */
export function excelLocalDate(iso: string): Date | null {
  const w = wallClock(iso);
  return w ? new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)) : null;
}

/** "1 November 2026 pukul 08.05 WIB". */
export function indonesianDateTime(iso: string): string {
  const w = wallClock(iso);
  if (!w) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const zone = ZONES[w.offset] ?? `UTC${w.offset}`;
  return `${w.day} ${BULAN[w.month - 1]} ${w.year} pukul ${pad(w.hour)}.${pad(w.minute)} ${zone}`;
}

export interface VillageXlsxInput {
  kiosk: KioskRow;
  rows: VillageRow[];
  jabatan: Jabatan | undefined;
  /** Kiosk time of the export. */
  generatedAt: string;
  clockWarning: boolean;
}

/** The village view as an .xlsx workbook: a header block (desa, export date), then one row per learner per course. */
export async function villageWorkbook(input: VillageXlsxInput): Promise<Buffer> {
  const { kiosk, rows } = input;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Balai Belajar';
  const created = excelLocalDate(input.generatedAt);
  if (created) workbook.created = created;

  const block: string[] = [
    `Hasil Belajar Aparatur Desa ${kiosk.desa_name}`,
    `Kode desa ${kiosk.desa_code} · Kecamatan ${kiosk.kecamatan_name} · ${kiosk.kabupaten_name} · ${kiosk.provinsi_name}`,
    `Tanggal ekspor: ${indonesianDateTime(input.generatedAt)}`,
    `Jabatan: ${input.jabatan ? JABATAN[input.jabatan] : 'semua'}`,
  ];
  if (input.clockWarning)
    block.push('Peringatan: jam komputer ini tertinggal dari waktu yang pernah tercatat; periksa tanggal.');
  const headerRow = block.length + 2;

  const sheet = workbook.addWorksheet('Hasil belajar', {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 1, topLeftCell: `B${headerRow + 1}` }],
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  WIDTHS.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  block.forEach((line, i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = line;
    cell.font = i === 0 ? { bold: true, size: 14 } : { size: 11 };
    if (line.startsWith('Peringatan')) cell.font = { bold: true, color: { argb: 'FFC00000' } };
  });

  const header = sheet.getRow(headerRow);
  header.values = [...XLSX_HEADERS];
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  sheet.autoFilter = {
    from: { row: headerRow, column: 1 },
    to: { row: headerRow, column: XLSX_HEADERS.length },
  };

  rows.forEach((r, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    row.values = [
      r.fullName ?? ERASED_NAME,
      r.jabatan ? JABATAN[r.jabatan] : '',
      r.courseTitle,
      r.pretestScore,
      r.posttestScore,
      r.gain,
      r.normalizedGain,
      STATUS_LABELS[r.status],
      r.certificateNumber ?? '',
      r.lastActivity ? excelLocalDate(r.lastActivity) : null,
      r.timeSpentMinutes,
    ];
  });
  XLSX_HEADERS.forEach((name, i) => {
    const format = NUMBER_FORMATS[name];
    if (format) sheet.getColumn(i + 1).numFmt = format;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
