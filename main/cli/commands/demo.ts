import { readKiosk } from '../../core/setup/kiosk';
import { setUpKiosk } from '../../core/setup/setup';
import type { Jabatan } from '../../api/jabatan';
import { desaCode } from '../../api/fields';
import type { AttemptResult, AttemptView } from '../../api/courses';
import type { Core } from '../../core/app';
import type { InstalledCourse } from '../../core/courses/store';
import { seededRandom } from '../../core/quiz/draw';
import { dataDir, parse, Refused, UsageError } from '../args';
import { callOrThrow, openCore } from '../core';

/** Real names are not used: these are plainly demo names. */
const NAMES: [string, Jabatan][] = [
  ['Budi Santoso (demo)', 'kepala_desa'],
  ['Siti Aminah (demo)', 'kaur_keuangan'],
  ['Agus Wibowo (demo)', 'kasi_pemerintahan'],
  ['Dewi Lestari (demo)', 'kaur_perencanaan'],
  ['Yohanes Tabuni (demo)', 'ketua_bpd'],
  ['Nur Hasanah (demo)', 'anggota_bpd'],
  ['Made Sudarsana (demo)', 'kepala_dusun'],
  ['Rahmat Hidayat (demo)', 'kasi_pelayanan'],
];

/** The demo village's operator account: the name to tap on the login screen. */
const DEMO_OPERATOR = 'Operator Desa (demo)';

export async function demo(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    desa: { type: 'string', default: '33.02.05.2001' },
    learners: { type: 'string', default: '6' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    'fast-hash': { type: 'boolean', default: false },
  });
  const code = desaCode.safeParse(values.desa);
  if (!code.success) throw new UsageError('--desa must be NN.NN.NN.NNNN');
  const count = Number(values.learners);
  if (!Number.isInteger(count) || count < 0 || count > 500) throw new UsageError('--learners must be 0–500');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number');

  const core = openCore(dataDir(values.data), {
    fastHash: values['fast-hash'],
    quiet: true,
    allowWeakPins: true,
  });
  try {
    await core.prepare();
    if (readKiosk(core.services.db))
      throw new Refused('this data folder is already set up', 'Folder data ini sudah diatur.');
    const done = setUpKiosk(core.services, {
      desaCode: code.data,
      operator: {
        fullName: DEMO_OPERATOR,
        jabatan: 'sekretaris_desa',
        pin: '123456',
        isLearner: true,
      },
    });
    if (!done.ok) throw new Refused(`set-up refused: ${done.error.message}`, 'Pengaturan ditolak.');
    const op = core.newSession();
    await callOrThrow(core, op, 'auth.login', { accountId: done.value.operatorId, pin: '123456' });

    const learners: { id: string; name: string; pin: string }[] = [];
    for (let i = 0; i < count; i++) {
      const [base, jabatan] = NAMES[i % NAMES.length]!;
      const name =
        i < NAMES.length ? base : `${base.replace(' (demo)', '')} ${Math.floor(i / NAMES.length) + 1} (demo)`;
      const pin = String(100001 + i);
      const { learner } = await callOrThrow<{ learner: { id: string } }>(core, op, 'learners.create', {
        fullName: name,
        jabatan,
        pin,
      });
      learners.push({ id: learner.id, name, pin });
    }

    // Learning: each learner follows a plan (by turn) with scores and stopping points from the seed.
    const random = seededRandom(seed);
    const outcomes: LearnerOutcome[] = [];
    for (const [i, learner] of learners.entries()) {
      const s = core.newSession();
      await callOrThrow(core, s, 'auth.login', { accountId: learner.id, pin: learner.pin });
      const plan = PLANS[i % PLANS.length]!;
      const outcome: LearnerOutcome = { plan, certificates: [], failedPosttests: 0 };
      for (const course of core.services.courses.list()) await learn(core, s, course, plan, random, outcome);
      await callOrThrow(core, s, 'auth.logout', {});
      outcomes.push(outcome);
    }
    const summary = {
      desaCode: code.data,
      operator: { id: done.value.operatorId, name: DEMO_OPERATOR, pin: '123456' },
      recoveryCode: done.value.recoveryCode,
      learners: learners.map((l, i) => ({ ...l, ...outcomes[i]! })),
      certificates: outcomes.reduce((n, o) => n + o.certificates.length, 0),
      failedPosttests: outcomes.reduce((n, o) => n + o.failedPosttests, 0),
    };
    if (values.json) console.log(JSON.stringify(summary));
    else {
      console.log(
        `Demo village ${code.data} ready. Operator: "${DEMO_OPERATOR}" (tap this name), PIN 123456; ` +
          `recovery code ${done.value.recoveryCode}.\n` +
          `Desa demo siap. Operator: "${DEMO_OPERATOR}", PIN 123456.`,
      );
      for (const l of summary.learners) console.log(`  ${l.name}: PIN ${l.pin} (${describe(l)})`);
      console.log(
        `${summary.certificates} certificate(s) issued, ${summary.failedPosttests} failed posttest attempt(s).`,
      );
    }
    return 0;
  } finally {
    core.close();
  }
}

/** What a demo learner does in every course, by turn. */
const PLANS = ['passes', 'fails', 'retries', 'midway', 'pretest-only', 'not-started'] as const;
type Plan = (typeof PLANS)[number];

interface LearnerOutcome {
  plan: Plan;
  certificates: string[];
  failedPosttests: number;
}

function describe(o: LearnerOutcome): string {
  const what: Record<Plan, string> = {
    passes: 'passed the posttests',
    fails: 'failed the posttests',
    retries: 'failed the posttests once, then passed',
    midway: 'midway through the lessons',
    'pretest-only': 'took the pretests only',
    'not-started': 'not started',
  };
  return o.certificates.length ? `${what[o.plan]}; ${o.certificates.length} certificate(s)` : what[o.plan];
}

/** One learner's learning in one course, as their plan says; scores and stopping points from `random`. */
async function learn(
  core: Core,
  token: string,
  course: InstalledCourse,
  plan: Plan,
  random: () => number,
  outcome: LearnerOutcome,
): Promise<void> {
  if (plan === 'not-started') return;
  const quizzes = course.manifest.quizzes;
  const pre = quizzes.find((q) => q.kind === 'pre');
  const post = quizzes.find((q) => q.kind === 'post');
  const practice = quizzes.find((q) => q.kind === 'practice');
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);

  if (pre) await takeQuiz(core, token, course, pre.id, { fraction: between(0.2, 0.6) }, random);
  const lessons = course.manifest.modules.flatMap((m) => m.lessons);
  const reach =
    plan === 'pretest-only'
      ? pre
        ? 0
        : 1
      : plan === 'midway'
        ? 1 + Math.floor(random() * Math.max(1, lessons.length - 1))
        : lessons.length;
  for (const lesson of lessons.slice(0, Math.min(reach, lessons.length))) {
    await callOrThrow(core, token, 'lessons.open', { courseId: course.id, lessonId: lesson.id });
    await callOrThrow(core, token, 'lessons.progress', {
      courseId: course.id,
      lessonId: lesson.id,
      position: 100,
      completed: true,
    });
  }
  if (plan === 'midway' || plan === 'pretest-only') return;
  if (practice) await takeQuiz(core, token, course, practice.id, { fraction: between(0.5, 1) }, random);
  if (!post) return;
  const tries: ('fail' | 'pass')[] =
    plan === 'passes' ? ['pass'] : plan === 'fails' ? ['fail'] : ['fail', 'pass'];
  for (const aim of tries) {
    const result = await takeQuiz(
      core,
      token,
      course,
      post.id,
      aim === 'pass'
        ? { fraction: between(0.75, 1), atLeast: post.passMark }
        : { fraction: between(0.3, 0.6), below: post.passMark },
      random,
    );
    if (!result.passed) outcome.failedPosttests++;
    if (result.certificateNumber) outcome.certificates.push(result.certificateNumber);
  }
}

/**
 * Starts a quiz, answers every question (right for the first k in draw order, a seeded wrong option for the
 * rest, where k comes from `fraction` kept at or above / below the pass mark as asked) and submits it.
 */
async function takeQuiz(
  core: Core,
  token: string,
  course: InstalledCourse,
  quizId: string,
  aim: { fraction: number; atLeast?: number; below?: number },
  random: () => number,
): Promise<AttemptResult> {
  const { attempt } = await callOrThrow<{ attempt: AttemptView }>(core, token, 'quiz.start', {
    courseId: course.id,
    quizId,
  });
  const n = attempt.questions.length;
  let right = Math.round(aim.fraction * n);
  if (aim.atLeast !== undefined) right = Math.max(right, Math.ceil((aim.atLeast * n) / 100));
  if (aim.below !== undefined) right = Math.min(right, Math.ceil((aim.below * n) / 100) - 1);
  right = Math.max(0, Math.min(n, right));
  const bank = new Map(course.manifest.questions.map((q) => [q.id, q]));
  for (const [qi, q] of attempt.questions.entries()) {
    const correct = bank.get(q.id)?.correct ?? [];
    const wrong = q.options.filter((o) => !correct.includes(o.id));
    const optionIds =
      qi < right || wrong.length === 0 ? correct : [wrong[Math.floor(random() * wrong.length)]!.id];
    await callOrThrow(core, token, 'quiz.answer', {
      attemptId: attempt.attemptId,
      questionId: q.id,
      optionIds,
    });
  }
  const { result } = await callOrThrow<{ result: AttemptResult }>(core, token, 'quiz.submit', {
    attemptId: attempt.attemptId,
  });
  return result;
}
