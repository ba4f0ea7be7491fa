import type { ImportFormat, ImportPreview, ImportRefusal, PreviewQuestion } from '../../api/questions';
import { MAX_QUESTIONS } from '../courses/manifest';
import { readAiken } from './aiken';
import { readCsv } from './csv';
import { readGift } from './gift';
import { checkRaw, refusal, type ReadResult } from './model';
import { readMoodleXml } from './moodle-xml';
import { readXlsx } from './xlsx';

/** Reads a bank file of the given format; throws ImportFileError when the file as a whole cannot be read. */
export async function readBank(
  format: ImportFormat,
  bytes: Uint8Array,
  language: 'id' | 'en',
): Promise<ReadResult> {
  switch (format) {
    case 'xlsx':
      return readXlsx(bytes, language);
    case 'csv':
      return readCsv(bytes, language);
    case 'moodle-xml':
      return readMoodleXml(bytes, language);
    case 'gift':
      return readGift(bytes, language);
    case 'aiken':
      return readAiken(bytes);
  }
}

/** What planImport needs of the course: its language, modules and the bank it has. */
export interface BankTarget {
  language: 'id' | 'en';
  modules: { id: string; title: string }[];
  questions: { id: string; prompt: string }[];
}

/** A question as course.json stores it. */
export interface StoredQuestion {
  id: string;
  kind: 'single' | 'multiple' | 'truefalse';
  prompt: string;
  options: { id: string; text: string }[];
  correct: string[];
  explanation?: string;
  moduleId?: string;
  tags?: string[];
}

const promptKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

export function slugId(text: string): string | undefined {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || undefined;
}

/**
 * The common checks on what a reader found, against the course it goes into: each question gets its id
 * (the file's own when free, else `q-<n>`) and option ids (a, b, … ; benar/salah, true/false), its module
 * (the file's module column, by id or title; a category that names a module), and is refused when it is
 * already in the bank or earlier in the file, names a module the course lacks, or the bank is full.
 */
export function planImport(
  format: ImportFormat,
  read: ReadResult,
  target: BankTarget,
): { preview: ImportPreview; questions: StoredQuestion[] } {
  const refused: ImportRefusal[] = [...read.refused];
  const notices = [...read.notices];
  const taken = new Set(target.questions.map((q) => q.id));
  const prompts = new Map<string, { en: string; id: string }>(
    target.questions.map((q) => [
      promptKey(q.prompt),
      { en: `in the bank as ${q.id}`, id: `di bank sebagai ${q.id}` },
    ]),
  );
  const moduleOf = (name: string) => {
    const key = name.trim().toLowerCase();
    return target.modules.find((m) => m.id.toLowerCase() === key || m.title.trim().toLowerCase() === key)?.id;
  };
  const preview: PreviewQuestion[] = [];
  const stored: StoredQuestion[] = [];
  let next = target.questions.length + 1;
  const freshId = () => {
    while (taken.has(`q-${next}`)) next++;
    return `q-${next++}`;
  };
  for (const raw of read.questions) {
    const checked = checkRaw(raw);
    if (!checked.ok) {
      refused.push(checked.refusal);
      continue;
    }
    const q = checked.question;
    const at = q.at;
    const seen = prompts.get(promptKey(q.prompt));
    if (seen) {
      refused.push(
        refusal(at, 'duplicate', `the same question is ${seen.en}`, `soal yang sama sudah ada ${seen.id}`),
      );
      continue;
    }
    let moduleId: string | undefined;
    if (q.module) {
      moduleId = moduleOf(q.module);
      if (!moduleId) {
        refused.push(
          refusal(
            at,
            'unknown_module',
            `module "${q.module.slice(0, 60)}" is not a module of the course (${target.modules.map((m) => m.id).join(', ')})`,
            `modul "${q.module.slice(0, 60)}" bukan modul kursus ini (${target.modules.map((m) => m.id).join(', ')})`,
          ),
        );
        continue;
      }
    } else if (q.category) moduleId = moduleOf(q.category);
    if (target.questions.length + stored.length >= MAX_QUESTIONS) {
      refused.push(
        refusal(
          at,
          'bank_full',
          `the bank holds at most ${MAX_QUESTIONS} questions`,
          `bank soal paling banyak ${MAX_QUESTIONS} soal`,
        ),
      );
      continue;
    }
    const own = q.name ? slugId(q.name) : undefined;
    const id = own && !taken.has(own) ? own : freshId();
    taken.add(id);
    const place = at.row !== undefined ? at.row : (at.line ?? '?');
    prompts.set(promptKey(q.prompt), {
      en: `earlier in the file (${at.row !== undefined ? 'row' : 'line'} ${place})`,
      id: `lebih awal di berkas (baris ${place})`,
    });
    const optionIds =
      q.kind === 'truefalse'
        ? target.language === 'en'
          ? ['true', 'false']
          : ['benar', 'salah']
        : q.options.map((_, i) => String.fromCharCode(97 + i));
    const options = q.options.map((o, i) => ({ id: optionIds[i]!, text: o.text }));
    const correct = q.options.flatMap((o, i) => (o.correct ? [optionIds[i]!] : []));
    stored.push({
      id,
      kind: q.kind,
      prompt: q.prompt,
      options,
      correct,
      ...(q.explanation ? { explanation: q.explanation } : {}),
      ...(moduleId ? { moduleId } : {}),
      ...(q.tags.length ? { tags: q.tags } : {}),
    });
    preview.push({
      at,
      id,
      kind: q.kind,
      prompt: q.prompt,
      options: q.options.map((o, i) => ({ id: optionIds[i]!, text: o.text, correct: o.correct })),
      ...(q.explanation ? { explanation: q.explanation } : {}),
      ...(moduleId ? { moduleId } : {}),
      tags: q.tags,
    });
    if (!q.explanation)
      notices.push({
        at,
        code: 'no_explanation',
        reason: 'no explanation: write one before publishing',
        alasan: 'belum ada penjelasan: tulis sebelum terbit',
      });
  }
  refused.sort((a, b) => (a.at.row ?? a.at.line ?? 0) - (b.at.row ?? b.at.line ?? 0));
  return {
    preview: {
      format,
      encoding: read.encoding,
      questions: preview,
      refused,
      notices,
      bankBefore: target.questions.length,
    },
    questions: stored,
  };
}
