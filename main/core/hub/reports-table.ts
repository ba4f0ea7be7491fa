import Papa from 'papaparse';
import { JABATAN, type Jabatan } from '../../api/jabatan';
import type { HubReport, LearnerRow, RegionRow } from './reports';

/**
 * A report as a table for people (Indonesian headers), the one shape both exports write: CSV (papaparse) and
 * XLSX (reports-xlsx.ts). Cells are text, numbers, or null (empty).
 */
export interface ReportTable {
  title: string;
  /** Lines above the table in the XLSX (hub, region, time, level). */
  about: string[];
  headers: string[];
  /** What each column holds, for the XLSX's number formats and widths. */
  kinds: ColumnKind[];
  rows: Cell[][];
}

export type Cell = string | number | null;
export type ColumnKind = 'code' | 'text' | 'count' | 'score' | 'date';

export const LEVEL_NAMES: Record<HubReport['level'], string> = {
  provinsi: 'Provinsi',
  kabupaten: 'Kabupaten/Kota',
  kecamatan: 'Kecamatan',
  desa: 'Desa',
  learner: 'Peserta',
};

export const NO_DATA = 'Belum ada data';
export const REPORTING = 'Melapor';
export const ERASED_NAME = '(data dihapus)';
export const SEALED_NAME = '(nama tersegel untuk hub lain)';
export const UNREADABLE_NAME = '(nama tidak terbaca)';
/** A learner known only from statements pulled from an LRS: no roster has named them yet. */
export const NO_ROSTER_NAME = '(belum ada daftar peserta)';

const METRIC_HEADERS: [string, ColumnKind][] = [
  ['Peserta terdaftar', 'count'],
  ['Aktif 30 hari', 'count'],
  ['Pelajaran selesai', 'count'],
  ['Kursus selesai', 'count'],
  ['Rata-rata tes awal', 'score'],
  ['Rata-rata tes akhir', 'score'],
  ['Rata-rata kenaikan', 'score'],
  ['Sertifikat', 'count'],
  ['Paket terakhir', 'date'],
  ['Hari sejak paket terakhir', 'count'],
];

const metricCells = (r: RegionRow): Cell[] => [
  r.learners,
  r.active30d,
  r.lessonsCompleted,
  r.coursesCompleted,
  r.pretest.average,
  r.posttest.average,
  r.gain.average,
  r.certificates,
  r.lastBundleAt,
  r.daysSinceLastBundle,
];

function regionTable(
  report: HubReport & { rows: RegionRow[] },
): Pick<ReportTable, 'headers' | 'kinds' | 'rows'> {
  const desa = report.level === 'desa';
  const lead: [string, ColumnKind][] = desa
    ? [
        ['Kode desa', 'code'],
        ['Desa', 'text'],
        ['Status', 'text'],
        ['Kiosk', 'count'],
      ]
    : [
        ['Kode wilayah', 'code'],
        [LEVEL_NAMES[report.level], 'text'],
        ['Jumlah desa', 'count'],
        ['Desa melapor', 'count'],
        ['Desa tanpa data', 'count'],
        ['Kiosk', 'count'],
      ];
  const columns = [...lead, ...METRIC_HEADERS];
  const rows = report.rows.map((r): Cell[] => [
    r.code,
    r.name,
    ...(desa
      ? [r.desaReporting > 0 ? REPORTING : NO_DATA, r.kiosks]
      : [r.desaTotal, r.desaReporting, r.desaNoData, r.kiosks]),
    ...metricCells(r),
  ]);
  return { headers: columns.map(([h]) => h), kinds: columns.map(([, k]) => k), rows };
}

function learnerName(r: LearnerRow): string {
  if (r.fullName !== null) return r.fullName;
  if (r.personal === 'other_hub') return SEALED_NAME;
  if (r.personal === 'unreadable') return UNREADABLE_NAME;
  if (r.personal === 'none') return NO_ROSTER_NAME;
  return ERASED_NAME;
}

const isJabatan = (code: string): code is Jabatan => Object.hasOwn(JABATAN, code);
const jabatanLabel = (code: string | null) => (code === null ? '' : isJabatan(code) ? JABATAN[code] : code);

function learnerTable(rows: LearnerRow[]): Pick<ReportTable, 'headers' | 'kinds' | 'rows'> {
  const columns: [string, ColumnKind][] = [
    ['Kode desa', 'code'],
    ['Desa', 'text'],
    ['Nama', 'text'],
    ['Jabatan', 'text'],
    ['Aktif 30 hari', 'text'],
    ['Aktivitas terakhir', 'date'],
    ['Pelajaran selesai', 'count'],
    ['Kursus selesai', 'count'],
    ['Rata-rata tes awal', 'score'],
    ['Rata-rata tes akhir', 'score'],
    ['Rata-rata kenaikan', 'score'],
    ['Sertifikat', 'count'],
    ['ID peserta', 'code'],
  ];
  return {
    headers: columns.map(([h]) => h),
    kinds: columns.map(([, k]) => k),
    rows: rows.map((r) => [
      r.desaCode,
      r.desaName,
      learnerName(r),
      jabatanLabel(r.jabatan),
      r.active30d ? 'Ya' : 'Tidak',
      r.lastActivityAt,
      r.lessonsCompleted,
      r.coursesCompleted,
      r.pretest.average,
      r.posttest.average,
      r.gain.average,
      r.certificates,
      r.learnerId,
    ]),
  };
}

export function reportTable(report: HubReport): ReportTable {
  const body = report.level === 'learner' ? learnerTable(report.rows) : regionTable(report);
  return {
    title: `Laporan Belajar Aparatur Desa per ${LEVEL_NAMES[report.level]}`,
    about: [
      `${report.hub.name} (${report.hub.regionCode})`,
      `Wilayah: ${report.scope.name} (${report.scope.code})`,
      `Dibuat: ${report.generatedAt}`,
    ],
    ...body,
  };
}

/**
 * The table as CSV: a header line, then one line per row; UTF-8 with a BOM so Excel reads the names right.
 * A text cell that starts with `=`, `+`, `-`, `@`, tab or CR (a name typed as `=HYPERLINK(…)` on a kiosk) gets
 * a leading `'`, so a spreadsheet opening the file shows it as text and never runs it as a formula (OWASP
 * "CSV injection"); numbers, negative gains included, stay numbers.
 */
export function reportCsv(table: ReportTable): Buffer {
  const text = Papa.unparse(
    { fields: table.headers, data: table.rows.map((r) => r.map((c) => c ?? '')) },
    {
      newline: '\r\n',
      escapeFormulae: true,
    },
  );
  return Buffer.from(`\uFEFF${text}\r\n`, 'utf8');
}
