import { z } from 'zod';
import { h5pContentSchema, h5pLessonSchema } from '../content/h5p/schema';
import { scormContentSchema } from '../content/scorm/schema';
import { relPath } from './fields';
import { auLessonSchema, cmi5ContentSchema, xapiContentSchema } from '../content/au/schema';

/**
 * `course.json`, format versions 1 and 2: everything the lesson player and the quiz engine need. Version 2
 * adds a quiz's `showAnswers` (when the review shows the correct answers; a version 1 course gets the
 * default) and a lesson's `narration` (the course's own recorded voice, read by "Dengarkan"). Documented in docs/formats/course-package.md; the JSON Schema exports live in
 * docs/formats/course-v1.schema.json and course-v2.schema.json; fixtures per version in tests/fixtures/formats.
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'id: lower-case letters, digits, . _ -');
const text = (max: number) => z.string().min(1).max(max);
/** The largest bank a course holds (raised from 2,000 with the studio's import; older apps refuse more). */
export const MAX_QUESTIONS = 5000;

/** A lesson that is a SCORM item (a SCO or an asset) of a wrapped package: what its launch needs. */
export const scoLessonSchema = z.strictObject({
  /** The item's identifier in imsmanifest.xml (the activity in the tree). */
  item: z.string().min(1).max(500),
  /** The launch file, stored inside the package's `scorm/` folder. */
  launch: relPath,
  /** The launch's query string (the resource's own and the item's `parameters`), without `?`. */
  query: z.string().max(2000).default(''),
  scormType: z.enum(['sco', 'asset']),
  masteryScore: z.number().min(0).max(100).optional(),
  dataFromLms: z.string().max(4096).optional(),
  timeLimitAction: z.string().max(40).optional(),
  maxTimeAllowed: z.string().max(40).optional(),
  completionThreshold: z.number().min(0).max(1).optional(),
  /** The wrapper marked this SCO as the course's pretest or posttest (gain, certificates, reports). */
  assessment: z.enum(['pre', 'post']).optional(),
});

const lessonFields = {
  id,
  title: text(200),
  /** Markdown file of the lesson text (native lessons). */
  body: relPath.optional(),
  /** A SCORM item (wrapped courses): exactly one of `body`, `sco`, `h5p` and `au`. */
  sco: scoLessonSchema.optional(),
  /** An H5P activity (a wrapped .h5p package). */
  h5p: h5pLessonSchema.optional(),
  /** A cmi5 AU or a Tin Can activity (wrapped courses), reporting to the kiosk's local LRS. */
  au: auLessonSchema.optional(),
  /** The regulation the lesson rests on, e.g. "Permendagri 20/2018 Ps. 3". */
  regulation: text(300).optional(),
  minutes: z.number().int().min(1).max(240).optional(),
};
const oneOf = (l: { body?: string | undefined; sco?: unknown; h5p?: unknown; au?: unknown }) =>
  [l.body, l.sco, l.h5p, l.au].filter((x) => x !== undefined).length === 1;
const ONE_OF = 'a lesson has exactly one of body, sco, h5p and au';

export const lessonV1Schema = z.strictObject(lessonFields).refine(oneOf, ONE_OF);

export const lessonSchema = z
  .strictObject({
    ...lessonFields,
    /**
     * Version 2: the course's own narration, one audio file (`.mp3` or `.ogg`) per section of the lesson
     * text, in order (`null`: that section has none yet, the read-aloud uses a voice of the computer). A
     * section begins at each `#` or `##` heading; text before the first heading is a section of its own.
     */
    narration: z.array(relPath.nullable()).min(1).max(100).optional(),
  })
  .refine(oneOf, ONE_OF)
  .refine(
    (l) => l.narration === undefined || l.body !== undefined,
    'narration belongs to a lesson with a body',
  )
  .refine(
    (l) => (l.narration ?? []).every((a) => a === null || /\.(mp3|ogg)$/i.test(a)),
    'narration files are .mp3 or .ogg',
  );

/** A wrapped standard package's content block, by its type (each type's schema beside its code). */
export const contentSchema = z.discriminatedUnion('type', [
  scormContentSchema,
  h5pContentSchema,
  cmi5ContentSchema,
  xapiContentSchema,
]);

const moduleOf = <L extends typeof lessonV1Schema | typeof lessonSchema>(lesson: L) =>
  z.strictObject({
    id,
    title: text(200),
    lessons: z.array(lesson).min(1).max(100),
  });
export const moduleSchema = moduleOf(lessonSchema);

export const questionSchema = z
  .strictObject({
    id,
    kind: z.enum(['single', 'multiple', 'truefalse']),
    prompt: text(2000),
    options: z
      .array(z.strictObject({ id, text: text(500) }))
      .min(2)
      .max(8),
    /** Ids of the correct options (exactly one for single and truefalse). */
    correct: z.array(id).min(1).max(8),
    /** Shown after submission: why the answer is right. Required for every question. */
    explanation: text(2000),
    lessonId: id.optional(),
    /** The module the question belongs to (the studio draws a module's quiz from its questions). */
    moduleId: id.optional(),
    /** Free tags of the bank (imported from the file's tags and categories). */
    tags: z.array(text(60)).max(20).optional(),
  })
  .refine((q) => q.correct.every((c) => q.options.some((o) => o.id === c)), 'correct answers must be options')
  .refine(
    (q) => q.kind === 'multiple' || q.correct.length === 1,
    'single and truefalse have one correct answer',
  )
  .refine((q) => q.kind !== 'truefalse' || q.options.length === 2, 'truefalse has two options')
  .refine((q) => new Set(q.options.map((o) => o.id)).size === q.options.length, 'option ids are unique');

/**
 * When a quiz's review shows the correct options and explanations: after each attempt, after the learner
 * passed it, after the last attempt allowed, or after either of those (the default for posttests; every
 * other quiz defaults to after each attempt). Until then the review says only which answers were wrong.
 */
export const showAnswersSchema = z.enum([
  'after_each_attempt',
  'after_passing',
  'after_last_attempt',
  'after_passing_or_last_attempt',
]);
export type ShowAnswers = z.output<typeof showAnswersSchema>;

export const quizV1Schema = z.strictObject({
  id,
  kind: z.enum(['pre', 'post', 'practice']),
  title: text(200),
  /** Question ids this quiz draws from (default: the whole bank). */
  pool: z.array(id).max(1000).optional(),
  /** How many questions one attempt draws. */
  draw: z.number().int().min(1).max(200),
  passMark: z.number().min(0).max(100),
  /** Attempts allowed; null = unlimited. */
  attempts: z.number().int().min(1).max(100).nullable(),
  timerMinutes: z.number().int().min(1).max(300).nullable().default(null),
  shuffleOptions: z.boolean().default(true),
});

export const quizSchema = quizV1Schema.extend({ showAnswers: showAnswersSchema.optional() });

const manifestOf = <
  V extends 1 | 2,
  Q extends typeof quizV1Schema | typeof quizSchema,
  L extends typeof lessonV1Schema | typeof lessonSchema,
>(
  formatVersion: V,
  quiz: Q,
  lesson: L,
) =>
  z
    .strictObject({
      formatVersion: z.literal(formatVersion),
      id,
      version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semver x.y.z'),
      language: z.enum(['id', 'en']),
      title: text(200),
      description: text(2000),
      publisher: text(200),
      modules: z.array(moduleOf(lesson)).min(1).max(50),
      glossary: z
        .array(z.strictObject({ term: text(100), definition: text(1000) }))
        .max(500)
        .default([]),
      questions: z.array(questionSchema).max(MAX_QUESTIONS).default([]),
      quizzes: z.array(quiz).max(50).default([]),
      /** Absent: native lessons and quizzes. Present: a wrapped standard package (main/core/content/<type>). */
      content: contentSchema.optional(),
    })
    .superRefine((c, ctx) => {
      const lessonIds = c.modules.flatMap((m) => m.lessons.map((l) => l.id));
      // A Set, not indexOf: a bank of 5,000 questions would take 12.5 million comparisons.
      const dup = (ids: string[]) => {
        const seen = new Set<string>();
        return ids.find((x) => seen.size === seen.add(x).size);
      };
      const d1 = dup(lessonIds);
      if (d1) ctx.addIssue({ code: 'custom', message: `duplicate lesson id ${d1}` });
      const qids = c.questions.map((q) => q.id);
      const d2 = dup(qids);
      if (d2) ctx.addIssue({ code: 'custom', message: `duplicate question id ${d2}` });
      const all = c.modules.flatMap((m) => m.lessons);
      const itemOf = { scorm: 'sco', h5p: 'h5p', cmi5: 'au', xapi: 'au' } as const;
      const itemLessons = c.content ? all.filter((l) => l[itemOf[c.content!.type]] !== undefined) : [];
      if (c.content && itemLessons.length !== lessonIds.length)
        ctx.addIssue({
          code: 'custom',
          message: `every lesson of a ${c.content.type} course is one of its items`,
        });
      if (!c.content && all.some((l) => l.sco || l.h5p || l.au))
        ctx.addIssue({
          code: 'custom',
          message: 'a lesson with a sco, h5p or au needs the course content block',
        });
      const moduleIds = new Set(c.modules.map((m) => m.id));
      const stray = c.questions.find((q) => q.moduleId !== undefined && !moduleIds.has(q.moduleId));
      if (stray)
        ctx.addIssue({
          code: 'custom',
          message: `question ${stray.id} names unknown module ${stray.moduleId}`,
        });
      const d3 = dup(c.quizzes.map((q) => q.id));
      if (d3) ctx.addIssue({ code: 'custom', message: `duplicate quiz id ${d3}` });
      // The posttest never repeats the learner's pretest questions: its pool must hold a full draw besides them.
      const poolOf = (q: { pool?: string[] | undefined }) => q.pool ?? qids;
      for (const pre of c.quizzes.filter((q) => q.kind === 'pre')) {
        for (const post of c.quizzes.filter((q) => q.kind === 'post')) {
          const prePool = new Set(poolOf(pre));
          const overlap = poolOf(post).filter((id) => prePool.has(id)).length;
          if (poolOf(post).length - Math.min(pre.draw, overlap) < post.draw) {
            ctx.addIssue({
              code: 'custom',
              message: `quiz ${post.id} cannot draw ${post.draw} questions besides those of ${pre.id}`,
            });
          }
        }
      }
      const qidSet = new Set(qids);
      for (const quiz of c.quizzes) {
        const pool = quiz.pool ?? qids;
        const missing = pool.find((q) => !qidSet.has(q));
        if (missing)
          ctx.addIssue({ code: 'custom', message: `quiz ${quiz.id} uses unknown question ${missing}` });
        if (quiz.draw > pool.length)
          ctx.addIssue({ code: 'custom', message: `quiz ${quiz.id} draws more than its pool` });
      }
    });

export const courseManifestV1Schema = manifestOf(1, quizV1Schema, lessonV1Schema);
export const courseManifestV2Schema = manifestOf(2, quizSchema, lessonSchema);
export const courseManifestSchema = z.discriminatedUnion('formatVersion', [
  courseManifestV1Schema,
  courseManifestV2Schema,
]);

/** A course of either version, read as version 2 (a version 1 quiz has no `showAnswers`: the default). */
export type CourseManifest = Omit<z.output<typeof courseManifestV2Schema>, 'formatVersion'> & {
  formatVersion: 1 | 2;
};
export type Question = z.output<typeof questionSchema>;
export type Quiz = z.output<typeof quizSchema>;
export type Lesson = z.output<typeof lessonSchema>;

/** The quiz's `showAnswers`, or its default: after passing or the last attempt for a posttest, else after each. */
export function showAnswersOf(quiz: Pick<Quiz, 'kind' | 'showAnswers'>): ShowAnswers {
  return quiz.showAnswers ?? (quiz.kind === 'post' ? 'after_passing_or_last_attempt' : 'after_each_attempt');
}
export type ScoLesson = z.output<typeof scoLessonSchema>;
export type CourseContent = z.output<typeof contentSchema>;
export type H5pLesson = z.output<typeof h5pLessonSchema>;
