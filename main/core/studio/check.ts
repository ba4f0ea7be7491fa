import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { CourseCheckReport, CourseFinding } from '../../api/questions';
import { lessonTargets, targetPath } from '../packages/content-check';
import { parseDraft } from './draft';
import { MEDIA_EXTENSIONS, sniffMedia } from './media-sniff';

/** Above this the studio warns: a course this big takes long to copy to sticks and fills old kiosks' disks. */
export const COURSE_WARN_BYTES = 300 * 1024 ** 2;

type Json = Record<string, unknown>;
const arr = (v: unknown): Json[] =>
  Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : [];
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A regulation reference names its year: "UU 6/2014", "Permendagri No. 20 Tahun 2018", "PP 11/2019 Ps. 100". */
export function regulationHasYear(text: string): boolean {
  return /\b(19|20)\d{2}\b/.test(text);
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter((p) => !p.split('/').some((part) => part.startsWith('.')))
    .sort();
}

/**
 * `balai course check`: what stands between a course folder and publishing, each finding naming the field of
 * course.json (or the file) it points to. Errors: course.json invalid, a lesson file missing or without text
 * or media, a question without an explanation, a bank too small for the pretest and posttest to draw without
 * repeats, a link or image to a file that is not there or to the internet, media Chromium cannot play, a
 * regulation without its year. Warnings: media whose codec cannot be told, posttest retakes that must repeat
 * questions, a course larger than `warnBytes`.
 */
export function checkCourseFolder(folder: string, warnBytes = COURSE_WARN_BYTES): CourseCheckReport {
  const findings: CourseFinding[] = [];
  const add = (
    severity: CourseFinding['severity'],
    code: CourseFinding['code'],
    field: string,
    reason: string,
    alasan: string,
  ) => findings.push({ severity, code, field, reason, alasan });
  const files = listFiles(folder);
  const fileSet = new Set(files);
  const sizeBytes = files.reduce((sum, f) => sum + statSync(join(folder, ...f.split('/'))).size, 0);
  let json: Json;
  try {
    json = JSON.parse(readFileSync(join(folder, 'course.json'), 'utf8')) as Json;
  } catch (error) {
    add(
      'error',
      'invalid_manifest',
      'course.json',
      `cannot read course.json: ${error instanceof Error ? error.message : String(error)}`,
      'course.json tidak dapat dibaca',
    );
    return report(null, findings, sizeBytes);
  }
  const draft = parseDraft(json);
  if (!draft.ok)
    add(
      'error',
      'invalid_manifest',
      'course.json',
      `course.json is not valid: ${draft.reason}`,
      `course.json tidak sah: ${draft.reason}`,
    );

  // Lessons: text or media, and the regulation's year.
  const linked = new Set<string>();
  arr(json.modules).forEach((m, mi) =>
    arr(m.lessons).forEach((l, li) => {
      const at = `modules[${mi}].lessons[${li}]`;
      const name = str(l.id) ?? at;
      const regulation = str(l.regulation);
      if (regulation !== undefined && !regulationHasYear(regulation))
        add(
          'error',
          'regulation_no_year',
          `${at}.regulation (${name})`,
          `the regulation "${regulation.slice(0, 80)}" has no year`,
          `peraturan "${regulation.slice(0, 80)}" tanpa tahun`,
        );
      const body = str(l.body);
      if (body === undefined) return;
      if (!fileSet.has(body)) {
        add(
          'error',
          'lesson_missing_file',
          `${at}.body (${name})`,
          `lesson file ${body} is not in the folder`,
          `berkas pelajaran ${body} tidak ada di folder`,
        );
        return;
      }
      linked.add(body);
      const text = readFileSync(join(folder, ...body.split('/')), 'utf8');
      const { targets } = lessonTargets(text);
      const words = text
        .split('\n')
        .filter((line) => !/^\s*#/.test(line))
        .join('\n')
        .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
        .replace(/[\s*_>`~-]+/g, '');
      if (!words && targets.length === 0)
        add(
          'error',
          'lesson_empty',
          `${at}.body (${name})`,
          `lesson ${body} has no text and no media`,
          `pelajaran ${body} tanpa teks dan tanpa media`,
        );
    }),
  );

  // Every Markdown file's links and images (any Markdown can be linked and opened).
  for (const md of files.filter((f) => extname(f).toLowerCase() === '.md')) {
    const { targets } = lessonTargets(readFileSync(join(folder, ...md.split('/')), 'utf8'));
    for (const target of targets) {
      const found = targetPath(target);
      if ('problem' in found && found.problem === 'remote')
        add(
          'error',
          'remote_link',
          `${md}: ${target.slice(0, 100)}`,
          'a link to the internet: kiosks are offline; put the file in the course',
          'tautan ke internet: kios luring; taruh berkasnya di kursus',
        );
      else if ('problem' in found || !fileSet.has(found.path))
        add(
          'error',
          'broken_link',
          `${md}: ${target.slice(0, 100)}`,
          `"${target.slice(0, 100)}" is not a file of the course`,
          `"${target.slice(0, 100)}" bukan berkas kursus ini`,
        );
    }
  }

  // Media: will it play in the app's Chromium?
  for (const file of files.filter((f) => MEDIA_EXTENSIONS.has(extname(f).toLowerCase()))) {
    const verdict = sniffMedia(join(folder, ...file.split('/')));
    const codecs = verdict.codecs.length ? ` (${verdict.codecs.join(', ')})` : '';
    if (verdict.playable === false)
      add(
        'error',
        'media_unplayable',
        file,
        `${verdict.container}${codecs}: ${verdict.why}`,
        `media tidak dapat diputar di aplikasi: ${verdict.container}${codecs}`,
      );
    else if (verdict.playable === 'unknown')
      add(
        'warning',
        'media_unknown',
        file,
        `${verdict.container}: ${verdict.why}`,
        `jenis kodek ${file} tidak dapat dipastikan; coba putar di aplikasi`,
      );
  }

  // Questions: an explanation each; the bank large enough for pretest and posttest without repeats.
  const questions = arr(json.questions);
  questions.forEach((q, i) => {
    const explanation = str(q.explanation);
    if (!explanation || !explanation.trim())
      add(
        'error',
        'no_explanation',
        `questions[${i}].explanation (${str(q.id) ?? i})`,
        'the question has no explanation',
        'soal belum punya penjelasan',
      );
  });
  const qids = questions.map((q) => str(q.id) ?? '');
  const quizzes = arr(json.quizzes);
  const poolOf = (q: Json) =>
    Array.isArray(q.pool) ? (q.pool as unknown[]).filter((x): x is string => typeof x === 'string') : qids;
  const draw = (q: Json) => (typeof q.draw === 'number' ? q.draw : 0);
  quizzes.forEach((post, pi) => {
    if (post.kind !== 'post') return;
    quizzes.forEach((pre, ri) => {
      if (pre.kind !== 'pre') return;
      const prePool = new Set(poolOf(pre));
      const postPool = poolOf(post);
      const overlap = postPool.filter((id) => prePool.has(id)).length;
      const free = postPool.length - Math.min(draw(pre), overlap);
      if (free < draw(post))
        add(
          'error',
          'bank_too_small',
          `quizzes[${pi}].draw (${str(post.id) ?? pi})`,
          `the posttest draws ${draw(post)} but only ${free} questions are left besides the pretest's ${draw(pre)} (quizzes[${ri}]): add ${draw(post) - free} questions or draw fewer`,
          `tes akhir mengambil ${draw(post)} soal, tetapi hanya ${free} soal tersisa di luar ${draw(pre)} soal tes awal: tambah ${draw(post) - free} soal atau kurangi jumlah ambil`,
        );
      else {
        const attempts = typeof post.attempts === 'number' ? post.attempts : 1;
        if (attempts > 1 && free < draw(post) * attempts)
          add(
            'warning',
            'bank_too_small',
            `quizzes[${pi}].attempts (${str(post.id) ?? pi})`,
            `${attempts} posttest attempts of ${draw(post)} need ${draw(post) * attempts} questions besides the pretest; ${free} are there, so retakes repeat questions`,
            `${attempts} kali tes akhir × ${draw(post)} soal butuh ${draw(post) * attempts} soal di luar tes awal; hanya ${free}, jadi ulangan memakai soal yang sama`,
          );
      }
    });
  });

  if (sizeBytes > warnBytes)
    add(
      'warning',
      'course_too_large',
      '(course folder)',
      `the course is ${mib(sizeBytes)} MiB, over the ${mib(warnBytes)} MiB the studio warns about: slow to copy to sticks and heavy for old kiosks`,
      `kursus ${mib(sizeBytes)} MiB, melebihi ${mib(warnBytes)} MiB: lama disalin ke flashdisk dan berat untuk kios lama`,
    );
  return report(str(json.id) ?? null, findings, sizeBytes);
}

const mib = (n: number) => (n / 1024 ** 2).toFixed(1);

function report(courseId: string | null, findings: CourseFinding[], sizeBytes: number): CourseCheckReport {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { courseId, findings, sizeBytes, errors, warnings: findings.length - errors };
}
