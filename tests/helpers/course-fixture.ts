import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShowAnswers } from '../../main/api/courses';

/**
 * Writes a small but complete course folder: `lessons` lessons, a bank of `bank` single-choice questions
 * (option `a` is always right), a pretest, a posttest (optionally timed) and a practice quiz.
 */
export function writeAssessmentCourse(
  dir: string,
  opts: {
    id?: string;
    lessons?: number;
    bank?: number;
    preDraw?: number;
    postDraw?: number;
    postAttempts?: number | null;
    timerMinutes?: number | null;
    /** When the reviews show the correct answers (format version 2); unset: the defaults of version 1. */
    showAnswers?: { post?: ShowAnswers; practice?: ShowAnswers };
  } = {},
): string {
  const id = opts.id ?? 'uji-lengkap';
  const lessons = opts.lessons ?? 2;
  const bank = opts.bank ?? 12;
  mkdirSync(join(dir, 'lessons'), { recursive: true });
  for (let i = 1; i <= lessons; i++)
    writeFileSync(join(dir, 'lessons', `l${i}.md`), `# Pelajaran ${i}\n\nIsi pelajaran ${i}.\n`);
  const manifest = {
    formatVersion: opts.showAnswers ? 2 : 1,
    id,
    version: '1.0.0',
    language: 'id',
    title: 'Kursus Uji Lengkap',
    description: 'Untuk menguji tes awal, tes akhir dan sertifikat.',
    publisher: 'Uji',
    modules: [
      {
        id: 'm1',
        title: 'Modul',
        lessons: Array.from({ length: lessons }, (_, i) => ({
          id: `l${i + 1}`,
          title: `Pelajaran ${i + 1}`,
          body: `lessons/l${i + 1}.md`,
        })),
      },
    ],
    questions: Array.from({ length: bank }, (_, i) => ({
      id: `q${i + 1}`,
      kind: 'single',
      prompt: `Pertanyaan ${i + 1}?`,
      options: [
        { id: 'a', text: 'Benar' },
        { id: 'b', text: 'Salah satu' },
        { id: 'c', text: 'Salah dua' },
      ],
      correct: ['a'],
      explanation: `Penjelasan ${i + 1}.`,
    })),
    quizzes: [
      {
        id: 'pretest',
        kind: 'pre',
        title: 'Tes Awal',
        draw: opts.preDraw ?? 4,
        passMark: 70,
        attempts: 1,
        timerMinutes: null,
      },
      {
        id: 'posttest',
        kind: 'post',
        title: 'Tes Akhir',
        draw: opts.postDraw ?? 4,
        passMark: 70,
        attempts: opts.postAttempts === undefined ? 2 : opts.postAttempts,
        timerMinutes: opts.timerMinutes ?? null,
        ...(opts.showAnswers?.post ? { showAnswers: opts.showAnswers.post } : {}),
      },
      {
        id: 'latihan',
        kind: 'practice',
        title: 'Latihan',
        draw: 3,
        passMark: 70,
        attempts: null,
        timerMinutes: null,
        ...(opts.showAnswers?.practice ? { showAnswers: opts.showAnswers.practice } : {}),
      },
    ],
  };
  writeFileSync(join(dir, 'course.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
