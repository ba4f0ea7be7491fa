import { z } from 'zod';
import { method } from './define';

/**
 * Question bank import and the checks before publishing: the shapes the studio's screens will show. The core
 * builds them (main/core/questions, main/core/studio); the CLI prints them (`balai questions import`,
 * `balai course check`). Every refusal and finding carries a stable code; `reason` / `alasan` say it in
 * English and Indonesian, so a screen can show the Indonesian text without a lookup of its own.
 */

/** The formats a bank is imported from. */
export const IMPORT_FORMATS = ['xlsx', 'csv', 'moodle-xml', 'gift', 'aiken'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Why a row or question of an import file was refused. */
export const IMPORT_REFUSAL_CODES = [
  'no_prompt',
  'unknown_kind',
  'unsupported_kind',
  'too_few_options',
  'too_many_options',
  'empty_option',
  'duplicate_option',
  'no_correct',
  'several_correct',
  'bad_correct',
  'truefalse_answer',
  'text_too_long',
  'formula_cell',
  'embedded_media',
  'unknown_module',
  'bad_tag',
  'duplicate',
  'syntax',
  'bank_full',
] as const;
export type ImportRefusalCode = (typeof IMPORT_REFUSAL_CODES)[number];

/** Where in the file a question or refusal comes from: a spreadsheet row (1-based, as Excel numbers it) or a line. */
export interface SourcePlace {
  /** Sheet name (XLSX only). */
  sheet?: string;
  /** Spreadsheet row number, header row included (XLSX and CSV). */
  row?: number;
  /** First line of the question in the file (GIFT, Aiken, Moodle XML). */
  line?: number;
  /** The question's own name in the file (GIFT title, Moodle `<name>`), when it has one. */
  name?: string;
}

export interface ImportRefusal {
  at: SourcePlace;
  code: ImportRefusalCode;
  /** English, with the detail (which column, which letter, how long). */
  reason: string;
  /** The same in Indonesian. */
  alasan: string;
}

/** Something the import did that the author should know, without refusing anything. */
export interface ImportNotice {
  at?: SourcePlace;
  code: 'encoding' | 'hidden_sheet' | 'merged_cells' | 'no_explanation' | 'html_stripped';
  reason: string;
  alasan: string;
}

/** One question as it will be written into course.json (ids already given). */
export interface PreviewQuestion {
  at: SourcePlace;
  id: string;
  kind: 'single' | 'multiple' | 'truefalse';
  prompt: string;
  options: { id: string; text: string; correct: boolean }[];
  /** Absent when the file had none: `balai course check` then names the question. */
  explanation?: string;
  moduleId?: string;
  tags: string[];
}

/** What an import will do (or did): the questions taken, each refusal, and the notices. */
export interface ImportPreview {
  format: ImportFormat;
  /** How the file's bytes were read, e.g. `utf-8`, `utf-8 with BOM`, `windows-1252`, `utf-16le with BOM`. */
  encoding: string;
  questions: PreviewQuestion[];
  refused: ImportRefusal[];
  notices: ImportNotice[];
  /** Questions in the bank before the import (0 when previewed without a course). */
  bankBefore: number;
}

/** A finding of `balai course check`: `field` names where it points (a JSON path into course.json, or a file). */
export interface CourseFinding {
  severity: 'error' | 'warning';
  code:
    | 'invalid_manifest'
    | 'lesson_empty'
    | 'lesson_missing_file'
    | 'no_explanation'
    | 'bank_too_small'
    | 'broken_link'
    | 'remote_link'
    | 'media_unplayable'
    | 'media_unknown'
    | 'regulation_no_year'
    | 'course_too_large';
  /** e.g. `modules[0].lessons[2].body`, `questions[14].explanation` (`q-apbdes-3`), `media/intro.mp4`. */
  field: string;
  reason: string;
  alasan: string;
}

export interface CourseCheckReport {
  courseId: string | null;
  findings: CourseFinding[];
  /** Bytes of every file in the folder. */
  sizeBytes: number;
  errors: number;
  warnings: number;
}

/** The studio's calls so far; its draft screens add theirs here. */
export const studioApi = {
  /** The XLSX question template to fill in (balai questions template), base64, with the file name to save it as. */
  'studio.questionTemplate': method<{ fileName: string; base64: string }>()('operator', z.strictObject({})),
};
