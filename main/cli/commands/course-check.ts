import { statSync } from 'node:fs';
import { checkCourseFolder, COURSE_WARN_BYTES } from '../../core/studio/check';
import { parse, Refused, UsageError } from '../args';

/** `balai course check <folder>`: exit 1 when anything would stop publishing, 0 with warnings only. */
export function courseCheck(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { 'warn-size': { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  const folder = positionals[0];
  if (!folder) throw new UsageError('course check <folder> [--warn-size MB]');
  const warnMb =
    values['warn-size'] === undefined ? COURSE_WARN_BYTES / 1024 ** 2 : Number(values['warn-size']);
  if (!Number.isFinite(warnMb) || warnMb <= 0) throw new UsageError('--warn-size MB: a positive number');
  if (!statSafeDir(folder))
    throw new Refused(`not a course folder: ${folder}`, `bukan folder kursus: ${folder}`);
  const report = checkCourseFolder(folder, warnMb * 1024 ** 2);
  if (values.json) console.log(JSON.stringify({ ok: report.errors === 0, ...report }));
  else {
    for (const f of report.findings) {
      console.log(`${f.severity === 'error' ? 'error' : 'warning'} [${f.code}] ${f.field}: ${f.reason}`);
      console.log(`  ${f.severity === 'error' ? 'galat' : 'peringatan'}: ${f.alasan}`);
    }
    console.log(
      `${report.courseId ?? folder}: ${report.errors} error(s), ${report.warnings} warning(s), ${(report.sizeBytes / 1024 ** 2).toFixed(1)} MiB` +
        ` / ${report.errors} galat, ${report.warnings} peringatan`,
    );
  }
  return Promise.resolve(report.errors > 0 ? 1 : 0);
}

function statSafeDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
