import type { AttemptView } from '../../../main/api/courses';
import type { SimVillage } from './village';

/** The built-in courses (resources/courses): the pretest the lessons wait for, the lessons, a practice quiz. */
const COURSES: { id: string; pretest?: string; lessons: string[]; practice: string }[] = [
  { id: 'mengenal-apbdes', lessons: ['apa-itu-apbdes', 'siapa-melakukan-apa'], practice: 'kuis-apbdes' },
  {
    id: 'pengelolaan-keuangan-desa',
    pretest: 'pretest',
    lessons: [
      'lima-tahap-dan-asas',
      'pkpkd-ppkd-bpd',
      'struktur-apbdes',
      'aturan-70-30',
      'penyusunan-penetapan-apbdes',
      'pelaksanaan-penatausahaan',
      'pelaporan-pertanggungjawaban',
    ],
    practice: 'latihan-modul-1',
  },
  {
    id: 'perencanaan-pembangunan-desa',
    pretest: 'pretest',
    lessons: [
      'mengapa-merencanakan',
      'rpjm-desa',
      'menyusun-rpjm-desa',
      'musdes-perencanaan',
      'menyusun-rkp-desa',
      'musrenbang-desa',
      'rkp-ke-apbdes',
      'prioritas-dana-desa',
    ],
    practice: 'latihan-dasar-dan-rpjm',
  },
];

type Step =
  { kind: 'lesson'; courseId: string; lessonId: string } | { kind: 'quiz'; courseId: string; quizId: string };

/** What a learner does next, session after session: the courses in an order of their own. */
export interface LearnerPath {
  steps: Step[];
  next: number;
}

export function newLearnerPath(random: () => number): LearnerPath {
  const order = [...COURSES].sort(() => random() - 0.5);
  const steps: Step[] = order.flatMap((c): Step[] => [
    ...(c.pretest ? [{ kind: 'quiz' as const, courseId: c.id, quizId: c.pretest }] : []),
    ...c.lessons.map((lessonId): Step => ({ kind: 'lesson', courseId: c.id, lessonId })),
    { kind: 'quiz', courseId: c.id, quizId: c.practice },
  ]);
  return { steps, next: 0 };
}

/**
 * One visit to the kiosk through the API: the learner logs in and takes the next step (a lesson read to its
 * end, or a practice quiz answered and submitted). After the last step the practice quizzes come again.
 */
export async function learnOneSession(
  v: SimVillage,
  learner: { id: string; pin: string },
  path: LearnerPath,
): Promise<void> {
  const token = await v.login(learner.id, learner.pin);
  // Past the end: the practice quizzes again (a pretest is taken once).
  const practice = path.steps.filter((st) => st.kind === 'quiz' && st.quizId !== 'pretest');
  const step =
    path.next < path.steps.length
      ? path.steps[path.next]!
      : practice[(path.next - path.steps.length) % practice.length]!;
  path.next++;
  if (step.kind === 'lesson') {
    await v.must(token, 'lessons.open', { courseId: step.courseId, lessonId: step.lessonId });
    await v.must(token, 'lessons.progress', {
      courseId: step.courseId,
      lessonId: step.lessonId,
      position: 100,
      completed: true,
    });
  } else {
    const { attempt } = await v.must(token, 'quiz.start', { courseId: step.courseId, quizId: step.quizId });
    await answerAll(v, token, attempt);
    await v.must(token, 'quiz.submit', { attemptId: attempt.attemptId });
  }
  v.core.endSession(token);
}

async function answerAll(v: SimVillage, token: string, attempt: AttemptView): Promise<void> {
  for (const [i, q] of attempt.questions.entries()) {
    if (attempt.answers[q.id]) continue;
    await v.must(token, 'quiz.answer', {
      attemptId: attempt.attemptId,
      questionId: q.id,
      optionIds: [q.options[i % q.options.length]!.id],
    });
  }
}
