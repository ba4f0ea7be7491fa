import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import { IMPORT_FORMATS, type ImportFormat, type ImportPreview } from '../../api/questions';
import { writeFileDurably } from '../../core/files/fsutil';
import { ImportFileError } from '../../core/questions/file-error';
import { importIntoFolder } from '../../core/questions/into-folder';
import { placeText } from '../../core/questions/model';
import { questionTemplate } from '../../core/questions/template';
import { parse, Refused, UsageError } from '../args';

/** Largest bank file read: a 5,000-question XLSX is about 1 MB; a 10 MB cell fits with room to spare. */
const MAX_FILE_BYTES = 64 * 1024 ** 2;

/** Questions listed one per line; refusals are always all listed. */
const LISTED = 50;

function formatOf(value: string | undefined, file: string): ImportFormat {
  const given = value ?? guessFormat(file);
  if (!given || !(IMPORT_FORMATS as readonly string[]).includes(given))
    throw new UsageError(
      `--format ${IMPORT_FORMATS.join('|')} (given: ${value ?? 'none, and the file name does not tell'})`,
    );
  return given as ImportFormat;
}

function guessFormat(file: string): ImportFormat | undefined {
  const ext = file.toLowerCase().split('.').pop();
  return ext === 'xlsx'
    ? 'xlsx'
    : ext === 'csv'
      ? 'csv'
      : ext === 'xml'
        ? 'moodle-xml'
        : ext === 'gift'
          ? 'gift'
          : undefined;
}

function printPreview(preview: ImportPreview, written: boolean, dryRun: boolean): void {
  console.log(
    `${preview.format}, read as ${preview.encoding}: ${preview.questions.length} question(s) ${dryRun ? 'would be imported' : written ? 'imported' : 'to import'}, ${preview.refused.length} refused; bank ${preview.bankBefore} → ${preview.bankBefore + (dryRun || !written ? 0 : preview.questions.length)}`,
  );
  console.log(
    `${preview.format}, dibaca sebagai ${preview.encoding}: ${preview.questions.length} soal ${dryRun ? 'akan diimpor' : written ? 'diimpor' : 'untuk diimpor'}, ${preview.refused.length} ditolak`,
  );
  for (const q of preview.questions.slice(0, LISTED)) {
    const where = placeText(q.at).en;
    const right = q.options
      .filter((o) => o.correct)
      .map((o) => o.id)
      .join(',');
    console.log(
      `  + ${where}: ${q.id} [${q.kind}${q.moduleId ? `, ${q.moduleId}` : ''}] ${q.prompt.slice(0, 70).replace(/\s+/g, ' ')} (${right})`,
    );
  }
  if (preview.questions.length > LISTED)
    console.log(
      `  … and ${preview.questions.length - LISTED} more (--json lists every one) / … dan ${preview.questions.length - LISTED} soal lagi`,
    );
  for (const r of preview.refused) {
    const where = placeText(r.at);
    console.log(`  - ${where.en}: refused [${r.code}] ${r.reason}`);
    console.log(`    ${where.id}: ditolak: ${r.alasan}`);
  }
  for (const n of preview.notices) {
    const where = n.at ? `${placeText(n.at).en}: ` : '';
    console.log(`  ! ${where}${n.reason} / ${n.alasan}`);
  }
}

export async function questions(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'import': {
      const { values, positionals } = parse(
        rest,
        {
          format: { type: 'string' },
          into: { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
        },
        true,
      );
      const file = positionals[0];
      if (!file || !values.into)
        throw new UsageError(
          'questions import <file> --format xlsx|csv|moodle-xml|gift|aiken --into <course-folder>',
        );
      const format = formatOf(values.format, file);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        throw new Refused(`no such file: ${file}`, `berkas tidak ditemukan: ${file}`);
      }
      if (size > MAX_FILE_BYTES)
        throw new Refused(
          `${file} is larger than ${MAX_FILE_BYTES / 1024 ** 2} MiB`,
          `berkas lebih dari ${MAX_FILE_BYTES / 1024 ** 2} MiB`,
        );
      const dryRun = values['dry-run'];
      try {
        const { preview, written } = await importIntoFolder(values.into, format, readFileSync(file), {
          dryRun,
        });
        if (values.json) console.log(JSON.stringify({ ok: true, written, ...preview }));
        else printPreview(preview, written, dryRun);
        // Nothing taken from a file that had questions is a failure; refusals beside imported rows are not.
        return preview.questions.length === 0 && preview.refused.length > 0 ? 1 : 0;
      } catch (error) {
        if (error instanceof ImportFileError) {
          if (values.json) {
            console.log(
              JSON.stringify({
                ok: false,
                error: { code: 'unreadable', reason: error.message, alasan: error.indonesian },
              }),
            );
            return 1;
          }
          throw new Refused(`cannot import: ${error.message}`, `tidak dapat diimpor: ${error.indonesian}`);
        }
        throw error;
      }
    }
    case 'template': {
      const { values } = parse(rest, { out: { type: 'string' } });
      if (!values.out) throw new UsageError('questions template --out FILE.xlsx');
      mkdirSync(dirname(values.out), { recursive: true });
      writeFileDurably(values.out, await questionTemplate());
      console.log(`${values.out}: question template (sheet "Soal"; rules and examples on "Petunjuk")`);
      return 0;
    }
    default:
      throw new UsageError(`unknown questions command: ${verb ?? '(none)'}`);
  }
}
