import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { importIntoFolder } from '../main/core/questions/into-folder';
import { decodeText } from '../main/core/questions/encoding';
import type { ImportFormat } from '../main/api/questions';
import { bankRows, csvBytes, workbookBytes } from '../tests/fixtures/questions/generate';
import { REPO_ROOT } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { median, since } from './lib/stats';

const RUNS = 5;
const QUESTIONS = 5000;

/** The bare parse of the same file: exceljs loads it and every cell's value is read; papaparse splits the CSV. */
async function bareParse(format: 'xlsx' | 'csv', bytes: Buffer): Promise<number> {
  if (format === 'csv') return Papa.parse<string[]>(decodeText(bytes).text).data.length;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  let cells = 0;
  wb.worksheets[0]!.eachRow((row) => row.eachCell(() => cells++));
  return cells;
}

/**
 * `questions.import.*`: importing 5,000 questions into a course folder (read, every check, ids, course.json
 * written durably) against the bare parse of the same file, alternating run by run, each import into a fresh
 * copy of the starter course with an empty bank.
 */
export const questionImportBench: Bench = {
  id: 'question-import',
  figures: [
    { name: 'questions.import.xlsx5000', unit: 'ms' },
    { name: 'questions.import.csv5000', unit: 'ms' },
  ],
  async run(ctx) {
    const files: Record<'xlsx' | 'csv', Buffer> = {
      xlsx: await workbookBytes({ rows: bankRows(QUESTIONS, 'dasar-apbdes') }),
      csv: Buffer.from(csvBytes(bankRows(QUESTIONS, 'dasar-apbdes'))),
    };
    const course = () => {
      const dir = join(ctx.scope.tmpDir('qimport'), 'kursus');
      cpSync(join(REPO_ROOT, 'content', 'courses', 'mengenal-apbdes'), dir, { recursive: true });
      const json = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(
        join(dir, 'course.json'),
        JSON.stringify({ ...json, questions: [], quizzes: [] }, null, 2),
      );
      return dir;
    };
    for (const format of ['xlsx', 'csv'] as const) {
      const imports: number[] = [];
      const bare: number[] = [];
      for (let i = -1; i < RUNS; i++) {
        const dir = course();
        let t0 = performance.now();
        const { preview } = await importIntoFolder(dir, format satisfies ImportFormat, files[format], {
          dryRun: false,
        });
        const took = since(t0);
        if (preview.questions.length !== QUESTIONS)
          throw new Error(`imported ${preview.questions.length} of ${QUESTIONS}`);
        t0 = performance.now();
        await bareParse(format, files[format]);
        if (i >= 0) {
          imports.push(took);
          bare.push(since(t0));
        }
      }
      ctx.emit(
        figure(
          { name: `questions.import.${format}5000`, value: round(median(imports), 1), unit: 'ms' },
          {
            name: `bare parse of the same ${format.toUpperCase()} (${(files[format].length / 1024).toFixed(0)} KiB)`,
            value: round(median(bare), 1),
            unit: 'ms',
          },
          `median of ${RUNS} after 1 untimed run, alternating; ${QUESTIONS} questions into an empty course folder: read, checks, ids, course.json written (temp file, fsync, rename)`,
        ),
      );
    }
  },
};
