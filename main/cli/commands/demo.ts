import { readKiosk } from '../../core/setup/kiosk';
import { setUpKiosk } from '../../core/setup/setup';
import type { Jabatan } from '../../api/jabatan';
import { desaCode } from '../../api/fields';
import type { CourseCard, AttemptView } from '../../api/courses';
import { dataDir, parse, Refused, UsageError } from '../args';
import { callOrThrow, openCore } from '../core';

export const demoHelp = `balai demo --data DIR [--desa CODE] [--learners N] [--json]
  Makes a demo village for trainers and tests: set-up (operator PIN 123456), N learners (default 6;
  PINs 100001, 100002, …) and some learning (lessons read, quizzes taken).`;

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

export async function demo(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    desa: { type: 'string', default: '33.02.05.2001' },
    learners: { type: 'string', default: '6' },
    json: { type: 'boolean', default: false },
    'fast-hash': { type: 'boolean', default: false },
  });
  const code = desaCode.safeParse(values.desa);
  if (!code.success) throw new UsageError('--desa must be NN.NN.NN.NNNN');
  const count = Number(values.learners);
  if (!Number.isInteger(count) || count < 0 || count > 500) throw new UsageError('--learners must be 0–500');

  const core = openCore(dataDir(values.data), { fastHash: values['fast-hash'], quiet: true });
  try {
    await core.prepare();
    if (readKiosk(core.services.db))
      throw new Refused('this data folder is already set up', 'Folder data ini sudah diatur.');
    const done = setUpKiosk(core.services, {
      desaCode: code.data,
      operator: {
        fullName: 'Operator Desa (demo)',
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

    // Some learning: the first learners each go a bit further than the one before.
    for (const [i, learner] of learners.entries()) {
      const s = core.newSession();
      await callOrThrow(core, s, 'auth.login', { accountId: learner.id, pin: learner.pin });
      const { courses } = await callOrThrow<{ courses: CourseCard[] }>(core, s, 'courses.catalogue', {});
      for (const course of courses) {
        const steps = i % 4;
        for (let step = 0; step < steps; step++) {
          const { courses: now } = await callOrThrow<{ courses: CourseCard[] }>(
            core,
            s,
            'courses.catalogue',
            {},
          );
          const next = now.find((c) => c.id === course.id)?.next;
          if (!next || next.kind === 'done') break;
          if (next.kind === 'lesson') {
            await callOrThrow(core, s, 'lessons.open', { courseId: course.id, lessonId: next.lessonId });
            await callOrThrow(core, s, 'lessons.progress', {
              courseId: course.id,
              lessonId: next.lessonId,
              position: 100,
              completed: true,
            });
          } else {
            const { attempt } = await callOrThrow<{ attempt: AttemptView }>(core, s, 'quiz.start', {
              courseId: course.id,
              quizId: next.quizId,
            });
            for (const [qi, q] of attempt.questions.entries()) {
              const pick = q.options[(qi + i) % q.options.length]!;
              await callOrThrow(core, s, 'quiz.answer', {
                attemptId: attempt.attemptId,
                questionId: q.id,
                optionIds: [pick.id],
              });
            }
            await callOrThrow(core, s, 'quiz.submit', { attemptId: attempt.attemptId });
          }
        }
      }
      await callOrThrow(core, s, 'auth.logout', {});
    }
    const summary = {
      desaCode: code.data,
      operator: { id: done.value.operatorId, pin: '123456' },
      recoveryCode: done.value.recoveryCode,
      learners,
    };
    if (values.json) console.log(JSON.stringify(summary));
    else {
      console.log(
        `Demo village ${code.data} ready. Operator PIN 123456; recovery code ${done.value.recoveryCode}.`,
      );
      for (const l of learners) console.log(`  ${l.name}: PIN ${l.pin}`);
    }
    return 0;
  } finally {
    core.close();
  }
}
