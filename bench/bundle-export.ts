import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import yazl from 'yazl';
import type { Jabatan } from '../main/api/jabatan';
import type { ApiInput, ApiOutput, MethodName } from '../main/api/contract';
import type { AttemptResult } from '../main/api/courses';
import { createCore, DB_FILE, type Core } from '../main/core/app';
import { exportBundle, folderTarget, type ExportedBundle } from '../main/core/bundles/export';
import type { InstalledCourse } from '../main/core/courses/store';
import { silentLogger } from '../main/core/log';
import { REPO_ROOT, RESOURCES_DIR } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { filesystemOf } from './lib/fs-type';
import { runToEnd } from './lib/process';
import { median, since } from './lib/stats';

const LEARNERS = 40;
/** The two big starter courses (resources/courses), each done fully by every learner. */
const COURSES = ['perencanaan-pembangunan-desa', 'pengelolaan-keuangan-desa'] as const;
const WARM_UP = 1;
const RUNS = 11;
const JABATAN: readonly Jabatan[] = [
  'kepala_desa',
  'kaur_keuangan',
  'kaur_perencanaan',
  'kasi_pemerintahan',
  'kasi_kesejahteraan',
  'kasi_pelayanan',
  'kepala_dusun',
  'staf_desa',
  'ketua_bpd',
  'anggota_bpd',
];
const MiB = 1024 * 1024;

/** A typed API call that throws on an error answer. */
async function must<K extends MethodName>(
  core: Core,
  token: string,
  name: K,
  args: ApiInput<K>,
): Promise<ApiOutput<K>> {
  const result = await core.call(token, name, args);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as ApiOutput<K>;
}

/** Starts a quiz, answers every question (the first `right` correctly, the rest wrongly) and submits it. */
async function takeQuiz(
  core: Core,
  token: string,
  course: InstalledCourse,
  quizId: string,
  right: (questions: number) => number,
): Promise<AttemptResult> {
  const { attempt } = await must(core, token, 'quiz.start', { courseId: course.id, quizId });
  const bank = new Map(course.manifest.questions.map((q) => [q.id, q.correct]));
  const k = right(attempt.questions.length);
  for (const [i, q] of attempt.questions.entries()) {
    const correct = bank.get(q.id) ?? [];
    const wrong = q.options.find((o) => !correct.includes(o.id));
    const optionIds = i < k || !wrong ? correct : [wrong.id];
    await must(core, token, 'quiz.answer', { attemptId: attempt.attemptId, questionId: q.id, optionIds });
  }
  return (await must(core, token, 'quiz.submit', { attemptId: attempt.attemptId })).result;
}

/**
 * One learner through one course, as the UI does it: pretest (about half right), every lesson opened,
 * read in steps and completed, each module's practice quiz after its lessons, posttest (all right):
 * certificate.
 */
async function learnFully(core: Core, token: string, course: InstalledCourse): Promise<void> {
  const { quizzes, modules } = course.manifest;
  const pre = quizzes.find((q) => q.kind === 'pre');
  const post = quizzes.find((q) => q.kind === 'post');
  const practice = quizzes.filter((q) => q.kind === 'practice');
  if (!pre || !post) throw new Error(`${course.id} has no pretest or posttest`);
  await takeQuiz(core, token, course, pre.id, (n) => Math.floor(n / 2));
  for (const [m, module] of modules.entries()) {
    for (const lesson of module.lessons) {
      const at = { courseId: course.id, lessonId: lesson.id };
      await must(core, token, 'lessons.open', at);
      for (const position of [25, 50, 75])
        await must(core, token, 'lessons.progress', { ...at, position, completed: false });
      await must(core, token, 'lessons.progress', { ...at, position: 100, completed: true });
    }
    const quiz = practice[m];
    if (quiz) await takeQuiz(core, token, course, quiz.id, (n) => n);
  }
  const result = await takeQuiz(core, token, course, post.id, (n) => n);
  if (!result.certificateNumber) throw new Error(`no certificate in ${course.id}`);
}

/** Set-up, 40 learners and their learning in the two courses, all through the API. */
async function buildVillage(core: Core): Promise<void> {
  await core.prepare();
  const operator = core.newSession();
  await must(core, operator, 'setup.create', {
    desaCode: '33.02.05.2001',
    operator: { fullName: 'Operator Bench', jabatan: 'sekretaris_desa', pin: '246813', isLearner: false },
  });
  const courses = COURSES.map((id) => {
    const course = core.services.courses.get(id);
    if (!course) throw new Error(`starter course ${id} is not installed`);
    return course;
  });
  for (let i = 0; i < LEARNERS; i++) {
    const pin = String(200001 + i);
    const { learner } = await must(core, operator, 'learners.create', {
      fullName: `Peserta Bench ${String(i + 1).padStart(2, '0')}`,
      jabatan: JABATAN[i % JABATAN.length]!,
      pin,
    });
    const token = core.newSession();
    await must(core, token, 'auth.login', { accountId: learner.id, pin });
    for (const course of courses) await learnFully(core, token, course);
    await must(core, token, 'auth.logout', {});
  }
}

/** What a bare script does for the same statements: read them, zip them, fsync, rename. */
async function bareZip(db: Database.Database, dir: string): Promise<number> {
  const rows = db.prepare<[], { statement: string }>('SELECT statement FROM outbox ORDER BY seq').all();
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(rows.map((r) => `${r.statement}\n`).join(''), 'utf8'), 'statements.ndjson');
  zip.end();
  const temp = join(dir, 'statements.zip.tmp');
  const handle = await open(temp, 'wx');
  try {
    for await (const chunk of zip.outputStream as AsyncIterable<Buffer>)
      for (let at = 0; at < chunk.length;)
        at += (await handle.write(chunk, at, chunk.length - at)).bytesWritten;
    await handle.sync();
  } finally {
    await handle.close();
  }
  const final = join(dir, 'statements.zip');
  renameSync(temp, final);
  return rows.length;
}

async function exportOnce(core: Core, dir: string): Promise<ExportedBundle> {
  const result = await exportBundle(core.services, folderTarget(dir), {});
  if (!result.ok) throw new Error(`export failed: ${result.error.message}`);
  if (!result.value.summaryPath) throw new Error(`no summary: ${result.value.summaryError}`);
  return result.value;
}

/**
 * Exporting the result bundle of a large village (40 learners × 2 starter courses, full histories) into a
 * folder, against a bare script zipping the same statements to a file with fsync + rename; the bundle's
 * and its XLSX summary's sizes; and the peak memory of a process that exports it.
 */
export const bundleExportBench: Bench = {
  id: 'bundle-export',
  figures: [
    { name: 'bundle.export.40learners', unit: 'ms' },
    { name: 'bundle.export.40learners.size', unit: 'MiB' },
    { name: 'bundle.export.40learners.summary', unit: 'kB' },
    { name: 'bundle.export.40learners.peakRss', unit: 'MiB' },
  ],
  async run(ctx) {
    const dir = ctx.scope.tmpDir('bundle-export');
    const dataDir = join(dir, 'kiosk');
    const core = createCore({
      dataDir,
      resourcesDir: RESOURCES_DIR,
      appVersion: 'bench',
      shell: 'browser',
      log: silentLogger,
      config: { scrypt: { N: 2 ** 10, r: 8, p: 1 } },
    });
    let open = true;
    const closeCore = () => {
      if (open) core.close();
      open = false;
    };
    ctx.scope.defer(closeCore);
    const t0 = performance.now();
    await buildVillage(core);
    const setupS = since(t0) / 1000;
    console.error(`bench: bundle-export: village of ${LEARNERS} learners made in ${setupS.toFixed(1)} s`);

    const bare = new Database(join(dataDir, DB_FILE), { readonly: true, fileMustExist: true });
    ctx.scope.defer(() => bare.close());

    // Export and bare zip alternate run by run, each into a fresh folder, so both see the same disk.
    const exported: number[] = [];
    const baseline: number[] = [];
    let last: { bundle: ExportedBundle; folder: string; bareFile: string; statements: number } | null = null;
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const stick = join(dir, `stick-${i}`);
      const plain = join(dir, `bare-${i}`);
      mkdirSync(stick);
      mkdirSync(plain);
      let t = performance.now();
      const bundle = await exportOnce(core, stick);
      const exportMs = since(t);
      t = performance.now();
      const statements = await bareZip(bare, plain);
      const bareMs = since(t);
      if (bundle.statements.count !== statements)
        throw new Error(`bundle holds ${bundle.statements.count} statements, the outbox ${statements}`);
      if (i >= WARM_UP) {
        exported.push(exportMs);
        baseline.push(bareMs);
      }
      last = { bundle, folder: stick, bareFile: join(plain, 'statements.zip'), statements };
    }
    const { bundle, folder, bareFile, statements } = last!;
    const bundleBytes = statSync(join(folder, ...bundle.path.split('/'))).size;
    const summaryBytes = statSync(join(folder, ...bundle.summaryPath!.split('/'))).size;
    const bareBytes = statSync(bareFile).size;
    const installed = core.services.courses.list().length;
    const span = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))} ms`;
    console.error(`bench: bundle-export: export ${span(exported)}, bare zip ${span(baseline)}`);

    const note =
      `${LEARNERS} learners × ${COURSES.length} courses (pretest, every lesson, practice quizzes, posttest, certificate), ` +
      `${statements} statements, ${bundle.certificates} certificates; bundle ${bundleBytes} B; ` +
      `median of ${RUNS} after ${WARM_UP} warm-up, alternating; village set-up ${setupS.toFixed(1)} s (not counted); ` +
      `temp dir on ${filesystemOf(dir)}`;
    ctx.emit(
      figure(
        { name: 'bundle.export.40learners', value: round(median(exported), 0), unit: 'ms' },
        {
          name: 'SELECT statements + yazl zip + fsync + rename',
          value: round(median(baseline), 0),
          unit: 'ms',
        },
        `${note}; export = collect, sign, zip, fsync, rename, read back, verify, record, XLSX summary`,
      ),
    );
    ctx.emit(
      figure(
        { name: 'bundle.export.40learners.size', value: round(bundleBytes / MiB, 2), unit: 'MiB' },
        { name: 'bare zip of the statements', value: round(bareBytes / MiB, 2), unit: 'MiB' },
        `${bundleBytes} B (bare zip ${bareBytes} B); ${statements} statements`,
      ),
    );
    ctx.emit(
      figure(
        { name: 'bundle.export.40learners.summary', value: round(summaryBytes / 1000, 1), unit: 'kB' },
        null,
        `XLSX summary beside the bundle, ${summaryBytes} B (one row per learner per installed course: ${LEARNERS} × ${installed})`,
      ),
    );

    // Peak memory: one more export in a process of its own (core opened, export, closed), so the village
    // set-up above does not count; the baseline is the same process opening and closing the core only.
    closeCore();
    const inChild = async (target: string): Promise<{ ms: number; maxRssMiB: number }> => {
      const out = join(dir, `rss-${target === '-' ? 'open' : 'export'}.json`);
      await runToEnd(
        process.execPath,
        ['node_modules/tsx/dist/cli.mjs', join('bench', 'lib', 'export-runner.ts'), dataDir, target, out],
        { cwd: REPO_ROOT, timeoutMs: 60_000 },
      );
      return JSON.parse(readFileSync(out, 'utf8')) as { ms: number; maxRssMiB: number };
    };
    const rssStick = join(dir, 'stick-rss');
    mkdirSync(rssStick);
    const openOnly = await inChild('-');
    const withExport = await inChild(rssStick);
    ctx.emit(
      figure(
        { name: 'bundle.export.40learners.peakRss', value: round(withExport.maxRssMiB, 1), unit: 'MiB' },
        {
          name: 'same process, core opened and closed only',
          value: round(openOnly.maxRssMiB, 1),
          unit: 'MiB',
        },
        `max RSS of a tsx process that opens the core, exports the bundle (${round(withExport.ms, 0)} ms there) and closes; ${statements} statements`,
      ),
    );
  },
};
