import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportFormat, ImportPreview } from '../../api/questions';
import type { CourseManifest } from '../courses/manifest';
import { writeFileDurably } from '../files/fsutil';
import { parseJsonLimited } from '../packages/canonical';
import { DEFAULT_LIMITS } from '../packages/limits';
import { parseDraft } from '../studio/draft';
import { ImportFileError } from './file-error';
import { planImport, readBank } from './import';

/** The course folder's course.json, read as a draft; refuses a folder without one or with an invalid one. */
export function readDraftFolder(folder: string): { json: Record<string, unknown>; manifest: CourseManifest } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(folder, 'course.json'));
  } catch {
    throw new ImportFileError(`no course.json in ${folder}`, `tidak ada course.json di ${folder}`);
  }
  const raw = parseJsonLimited(bytes, 'course.json', {
    maxBytes: DEFAULT_LIMITS.maxManifestBytes,
    maxDepth: DEFAULT_LIMITS.maxJsonDepth,
  });
  if (!raw.ok) throw new ImportFileError(raw.reason, `course.json tidak terbaca: ${raw.reason}`);
  const json = raw.value as Record<string, unknown>;
  return { json, manifest: okDraft(json) };
}

function okDraft(json: unknown): CourseManifest {
  const draft = parseDraft(json);
  if (!draft.ok)
    throw new ImportFileError(
      `course.json is not valid (${draft.reason}): mend it first (balai course check)`,
      `course.json tidak sah (${draft.reason}): perbaiki dulu (balai course check)`,
    );
  return draft.manifest;
}

/**
 * `balai questions import`: reads the bank file, checks every question against the course, and (unless
 * `dryRun`) writes the taken questions into the folder's course.json in one step: a temp file, fsync and a
 * rename, so the folder has the old course.json or the new one, never half of one. Nothing is written when
 * no question is taken or the result would not be a valid draft.
 */
export async function importIntoFolder(
  folder: string,
  format: ImportFormat,
  bytes: Uint8Array,
  options: { dryRun: boolean },
): Promise<{ preview: ImportPreview; written: boolean }> {
  const draft = readDraftFolder(folder);
  const read = await readBank(format, bytes, draft.manifest.language);
  const { preview, questions } = planImport(format, read, {
    language: draft.manifest.language,
    modules: draft.manifest.modules.map((m) => ({ id: m.id, title: m.title })),
    questions: draft.manifest.questions.map((q) => ({ id: q.id, prompt: q.prompt })),
  });
  if (options.dryRun || questions.length === 0) return { preview, written: false };
  const existing = Array.isArray(draft.json.questions) ? (draft.json.questions as unknown[]) : [];
  const next = { ...draft.json, questions: [...existing, ...questions] };
  okDraft(next);
  const text = `${JSON.stringify(next, null, 2)}\n`;
  const out = Buffer.from(text, 'utf8');
  if (out.length > DEFAULT_LIMITS.maxManifestBytes)
    throw new ImportFileError(
      `course.json would be ${out.length} bytes, over the ${DEFAULT_LIMITS.maxManifestBytes} a package may hold: nothing written`,
      `course.json akan menjadi ${out.length} byte, melebihi batas ${DEFAULT_LIMITS.maxManifestBytes} byte paket: tidak ada yang ditulis`,
    );
  writeFileDurably(join(folder, 'course.json'), out);
  return { preview, written: true };
}
