import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { courseManifestSchema, MAX_QUESTIONS } from '../../../main/core/courses/manifest';
import { importIntoFolder } from '../../../main/core/questions/into-folder';
import { useTempDirs } from '../../helpers/core';
import { bankRows, csvBytes, row, workbookBytes } from '../../fixtures/questions/generate';

const STARTER = join(import.meta.dirname, '..', '..', '..', 'content', 'courses', 'mengenal-apbdes');

describe('importing a bank into a course folder', { timeout: 120_000 }, () => {
  const tempDir = useTempDirs('balai-qimport-');
  /** The starter course with an empty bank (and no quizzes drawing from it). */
  const emptyCourse = () => {
    const dir = join(tempDir(), 'kursus');
    cpSync(STARTER, dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'course.json'), JSON.stringify({ ...json, questions: [], quizzes: [] }, null, 2));
    return dir;
  };

  it('takes 5,000 questions from an XLSX into a course that then packs; the same file again adds nothing', async () => {
    const dir = emptyCourse();
    const file = await workbookBytes({ rows: bankRows(5000, 'dasar-apbdes') });
    const first = await importIntoFolder(dir, 'xlsx', file, { dryRun: false });
    expect(first.written).toBe(true);
    expect(first.preview.questions).toHaveLength(5000);
    expect(first.preview.refused).toEqual([]);
    const course = courseManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')));
    expect(course.questions).toHaveLength(5000);
    expect(course.questions[0]).toMatchObject({
      id: 'q-1',
      moduleId: 'dasar-apbdes',
      tags: ['apbdes', 'keuangan'],
    });
    expect(course.questions[4999]!.id).toBe('q-5000');

    const before = readFileSync(join(dir, 'course.json'));
    const again = await importIntoFolder(dir, 'xlsx', file, { dryRun: false });
    expect(again.written).toBe(false);
    expect(again.preview.refused).toHaveLength(5000);
    expect(new Set(again.preview.refused.map((r) => r.code))).toEqual(new Set(['duplicate']));
    expect(readFileSync(join(dir, 'course.json')).equals(before)).toBe(true);

    // A full bank refuses the next question by its row.
    const more = await importIntoFolder(
      dir,
      'csv',
      Buffer.from(
        csvBytes([
          row({
            Pertanyaan: 'Satu lagi?',
            'Pilihan A': 'Ya',
            'Pilihan B': 'Tidak',
            'Jawaban benar': 'A',
            Penjelasan: 'x',
          }),
        ]),
      ),
      { dryRun: false },
    );
    expect(more.preview.refused).toMatchObject([{ at: { row: 2 }, code: 'bank_full' }]);
    expect(MAX_QUESTIONS).toBe(5000);
  });

  it('--dry-run previews and writes nothing', async () => {
    const dir = emptyCourse();
    const before = readFileSync(join(dir, 'course.json'));
    const { preview, written } = await importIntoFolder(dir, 'csv', Buffer.from(csvBytes(bankRows(5))), {
      dryRun: true,
    });
    expect(written).toBe(false);
    expect(preview.questions).toHaveLength(5);
    expect(readFileSync(join(dir, 'course.json')).equals(before)).toBe(true);
  });

  it('keeps the bank it had: new ids never collide with the ones there, questions without explanation are kept for course check', async () => {
    const dir = join(tempDir(), 'kursus');
    cpSync(STARTER, dir, { recursive: true });
    const gift = Buffer.from(
      '::q-bagian-apbdes::Soal baru dengan id yang sudah dipakai? {=Ya ~Tidak}\n\nSoal tanpa penjelasan? {=Ya ~Tidak}\n',
    );
    const { preview } = await importIntoFolder(dir, 'gift', gift, { dryRun: false });
    const json = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as {
      questions: { id: string; explanation?: string }[];
    };
    expect(json.questions).toHaveLength(7);
    expect(preview.questions.map((q) => q.id)).toEqual(['q-6', 'q-7']);
    expect(json.questions[6]!.explanation).toBeUndefined();
    // Not yet publishable: course pack's schema refuses the missing explanations.
    expect(courseManifestSchema.safeParse(json).success).toBe(false);
  });

  it('a course.json that would outgrow what a package may hold is not written at all', async () => {
    const dir = emptyCourse();
    const before = readFileSync(join(dir, 'course.json'));
    const long = (i: number) => `${'Penjelasan panjang sekali. '.repeat(70)} ${i}`;
    const rows = bankRows(2500).map((r, i) => {
      r[13] = long(i);
      return r;
    });
    await expect(
      importIntoFolder(dir, 'csv', Buffer.from(csvBytes(rows)), { dryRun: false }),
    ).rejects.toThrow(/nothing written/);
    expect(readFileSync(join(dir, 'course.json')).equals(before)).toBe(true);
  });

  it('refuses a folder whose course.json is invalid, before reading the bank', async () => {
    const dir = emptyCourse();
    writeFileSync(join(dir, 'course.json'), JSON.stringify({ formatVersion: 2, id: 'x' }));
    await expect(
      importIntoFolder(dir, 'csv', Buffer.from(csvBytes(bankRows(1))), { dryRun: false }),
    ).rejects.toThrow(/course.json is not valid/);
  });
});
