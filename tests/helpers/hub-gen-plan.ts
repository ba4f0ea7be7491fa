import { JABATAN_CODES, type Jabatan } from '../../main/api/jabatan';
import type { CourseManifest } from '../../main/core/courses/manifest';

/**
 * The seeded plan of a generated kabupaten (tests/helpers/hub-generator.ts): which desa have a kiosk, who
 * learns there, and what each learner does, step by step, in the starter courses. Only the plan is seeded;
 * ids the kiosk makes (statement ids, registrations) are random as on a real kiosk.
 */

export interface Rng {
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  uuid(): string;
}

/** mulberry32: small, fast, good enough to spread a test's choices. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`,
  };
}

/** One thing a learner does: open a lesson (and maybe finish it), or take a quiz with `right` answers right. */
export type Step =
  | { kind: 'lesson'; courseId: string; lessonId: string; complete: boolean }
  | { kind: 'quiz'; courseId: string; quizId: string; right: number };

export interface LearnerPlan {
  id: string;
  fullName: string;
  jabatan: Jabatan;
  nik: string | null;
  email: string | null;
  isOperator: boolean;
  /** Disabled by the operator after learning (results still count). */
  disabled: boolean;
  /** Personal data erased on the kiosk after learning, before the last export. */
  erased: boolean;
  steps: Step[];
}

export interface VillagePlan {
  desaCode: string;
  learners: LearnerPlan[];
  /** An operator account that never learns (not on the roster). */
  pureOperator: boolean;
  /** The village's learning runs from `startMs` to `endMs`; it exports right after. */
  startMs: number;
  endMs: number;
  /** 2: one export early, the hub's receipt applied, more learning, a second (sealed) export. */
  bundles: 1 | 2;
}

const FIRST = [
  'Agus',
  'Budi',
  'Sri',
  'Siti',
  'Wahyu',
  'Dwi',
  'Eko',
  'Tri',
  'Slamet',
  'Rina',
  'Yuli',
  'Joko',
  'Nur',
  'Endang',
  'Bambang',
  'Heru',
  'Ani',
  'Rudi',
  'Lestari',
  'Sugeng',
  'Warsito',
  'Puji',
  'Ratna',
  'Teguh',
];
const LAST = [
  'Santoso',
  'Wibowo',
  'Rahayu',
  'Setiawan',
  'Purwanti',
  'Hartono',
  'Susanti',
  'Nugroho',
  'Wulandari',
  'Prasetyo',
  'Handayani',
  'Saputra',
  'Kurniawan',
  'Lestari',
  'Hidayat',
  'Maryati',
];

const DAY = 86_400_000;

export interface PlanOptions {
  seed: number;
  /** The desa of the kabupaten (codes, sorted), from the Kemendagri list. */
  desa: readonly string[];
  villages: number;
  /** The hub's "now": activity is placed up to 200 days before it. */
  nowMs: number;
  /** Starter course manifests: main courses have a pretest and posttest; the small one has neither. */
  courses: readonly CourseManifest[];
  /** Share of villages with a second bundle after a receipt (their roster is then sealed to the hub). */
  secondBundleShare: number;
}

function journey(r: Rng, course: CourseManifest): Step[] {
  const lessons = course.modules.flatMap((m) => m.lessons.map((l) => l.id));
  const pre = course.quizzes.find((q) => q.kind === 'pre');
  const post = course.quizzes.find((q) => q.kind === 'post');
  const practice = course.quizzes.filter((q) => q.kind === 'practice');
  const steps: Step[] = [];
  const lessonSteps = (n: number, openNext: boolean) => {
    lessons
      .slice(0, n)
      .forEach((lessonId) => steps.push({ kind: 'lesson', courseId: course.id, lessonId, complete: true }));
    if (openNext && n < lessons.length)
      steps.push({ kind: 'lesson', courseId: course.id, lessonId: lessons[n]!, complete: false });
  };
  const practiceStep = (draw: number) => {
    const quiz = r.pick(practice);
    steps.push({
      kind: 'quiz',
      courseId: course.id,
      quizId: quiz.id,
      right: r.int(0, Math.min(draw, quiz.draw)),
    });
  };
  if (!pre || !post) {
    // The small course: lessons one by one, sometimes its practice quiz.
    lessonSteps(r.int(0, lessons.length), r.chance(0.5));
    if (practice.length > 0 && r.chance(0.5)) practiceStep(5);
    return steps;
  }
  const state = r.next();
  if (state < 0.22) return steps; // never started
  steps.push({ kind: 'quiz', courseId: course.id, quizId: pre.id, right: r.int(3, 12) });
  if (state < 0.35) return steps; // pretest only
  if (state < 0.55) {
    lessonSteps(r.int(1, lessons.length - 1), r.chance(0.5));
    if (r.chance(0.2)) practiceStep(5);
    return steps;
  }
  lessonSteps(lessons.length, false);
  if (r.chance(0.2)) practiceStep(5);
  if (state < 0.65) return steps; // every lesson, no posttest yet
  const attempts = post.attempts ?? 3;
  const passMarkRight = Math.ceil((post.passMark / 100) * post.draw);
  if (state < 0.75) {
    for (let i = 0, n = r.int(1, attempts); i < n; i++)
      steps.push({ kind: 'quiz', courseId: course.id, quizId: post.id, right: r.int(4, passMarkRight - 1) });
    return steps;
  }
  for (let i = 0, fails = r.int(0, attempts - 1); i < fails; i++)
    steps.push({ kind: 'quiz', courseId: course.id, quizId: post.id, right: r.int(4, passMarkRight - 1) });
  steps.push({ kind: 'quiz', courseId: course.id, quizId: post.id, right: r.int(passMarkRight, post.draw) });
  return steps;
}

function learner(
  r: Rng,
  jabatan: Jabatan,
  isOperator: boolean,
  courses: readonly CourseManifest[],
): LearnerPlan {
  const main = courses.filter((c) => c.quizzes.some((q) => q.kind === 'post'));
  const small = courses.filter((c) => !c.quizzes.some((q) => q.kind === 'post'));
  const steps = [...main, ...(r.chance(0.25) ? small : [])].flatMap((c) => journey(r, c));
  return {
    id: r.uuid(),
    fullName: `${r.pick(FIRST)} ${r.pick(LAST)}`,
    jabatan,
    nik: r.chance(0.4) ? `33${String(r.int(10 ** 13, 10 ** 14 - 1))}` : null,
    email: r.chance(0.2) ? `pamong${r.int(100, 99999)}@desa.example.id` : null,
    isOperator,
    disabled: false,
    erased: false,
    steps,
  };
}

const OTHER_JABATAN = JABATAN_CODES.filter((j) => j !== 'kepala_desa' && j !== 'sekretaris_desa');

export function planKabupaten(options: PlanOptions): VillagePlan[] {
  const r = rng(options.seed);
  const chosen = new Set<string>();
  while (chosen.size < options.villages) chosen.add(r.pick(options.desa));
  return [...chosen].sort().map((desaCode): VillagePlan => {
    const count = r.int(2, 7);
    const learners = Array.from({ length: count }, (_, i) =>
      learner(
        r,
        i === 0 ? 'kepala_desa' : i === 1 ? 'sekretaris_desa' : r.pick(OTHER_JABATAN),
        i === 1,
        options.courses,
      ),
    );
    // Now and then the last learner's personal data was erased, or the account disabled, after learning.
    const fate = count > 3 ? r.next() : 1;
    if (fate < 0.15) learners[count - 1]!.erased = true;
    else if (fate < 0.3) learners[count - 1]!.disabled = true;
    const band = r.next();
    const lastDay = band < 0.45 ? r.int(0, 25) : band < 0.85 ? r.int(31, 90) : r.int(91, 200);
    const endMs = options.nowMs - lastDay * DAY - r.int(1, 20) * 3_600_000;
    return {
      desaCode,
      learners,
      pureOperator: r.chance(0.2),
      startMs: endMs - r.int(5, 60) * DAY,
      endMs,
      bundles: r.chance(options.secondBundleShare) ? 2 : 1,
    };
  });
}
