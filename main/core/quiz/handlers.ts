import { randomInt, randomUUID } from 'node:crypto';
import type { AttemptView, coursesApi } from '../../api/courses';
import { err, ok, type Result } from '../../api/result';
import { isoWithOffset } from '../clock';
import type { AuthedCtx, HandlerMap } from '../context';
import { sql } from '../db/sql';
import { registrationFor } from '../courses/progress';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../recorder/profile';
import { drawQuestions, isCorrect, scoreAttempt, type FrozenQuestion } from './draw';

type QuizApi = Pick<typeof coursesApi, 'quiz.start' | 'quiz.answer' | 'quiz.submit'>;

interface AttemptRow {
  id: string;
  learner_id: string;
  course_id: string;
  course_version: string;
  quiz_id: string;
  quiz_kind: 'pre' | 'post' | 'practice';
  seed: number;
  questions: string;
  started_at: string;
  submitted_at: string | null;
  score: number | null;
  passed: 0 | 1 | null;
}

/** An attempt of the logged-in learner; another learner's attempt is reported as not found. */
function ownAttempt(ctx: AuthedCtx, attemptId: string): Result<AttemptRow> {
  const row = ctx.services.db.get<AttemptRow>(
    sql`SELECT * FROM quiz_attempts WHERE id = ${attemptId} AND learner_id = ${ctx.account.id}`,
  );
  return row ? ok(row) : err('NOT_FOUND', 'no such attempt');
}

function answersOf(ctx: AuthedCtx, attemptId: string): Record<string, string[]> {
  const rows = ctx.services.db.all<{ question_id: string; option_ids: string }>(
    sql`SELECT question_id, option_ids FROM quiz_answers WHERE attempt_id = ${attemptId}`,
  );
  return Object.fromEntries(rows.map((r) => [r.question_id, JSON.parse(r.option_ids) as string[]]));
}

function view(ctx: AuthedCtx, row: AttemptRow, title: string, passMark: number): AttemptView {
  const questions = JSON.parse(row.questions) as FrozenQuestion[];
  return {
    attemptId: row.id,
    courseId: row.course_id,
    quizId: row.quiz_id,
    quizKind: row.quiz_kind,
    title,
    passMark,
    questions: questions.map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options })),
    answers: answersOf(ctx, row.id),
  };
}

export const quizHandlers: HandlerMap<QuizApi> = {
  'quiz.start': ({ courseId, quizId }, ctx) => {
    const { services, account } = ctx;
    const course = services.courses.get(courseId);
    const quiz = course?.manifest.quizzes.find((q) => q.id === quizId);
    if (!course || !quiz) return err('NOT_FOUND', `no quiz ${courseId}/${quizId}`);
    const open = services.db.get<AttemptRow>(
      sql`SELECT * FROM quiz_attempts WHERE learner_id = ${account.id} AND course_id = ${courseId} AND quiz_id = ${quizId}
          AND submitted_at IS NULL ORDER BY started_at DESC LIMIT 1`,
    );
    if (open) return ok({ attempt: view(ctx, open, quiz.title, quiz.passMark) });
    const used = services.db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM quiz_attempts WHERE learner_id = ${account.id} AND course_id = ${courseId}
          AND quiz_id = ${quizId}`,
    )!.n;
    if (quiz.attempts !== null && used >= quiz.attempts)
      return err('CONFLICT', 'no attempts left for this quiz');

    const seed = randomInt(2 ** 31);
    const questions = drawQuestions(quiz, course.manifest.questions, seed);
    const id = randomUUID();
    const { registration } = registrationFor(services, account.id, courseId);
    services.recorder.record(
      {
        learnerId: account.id,
        verb: 'attempted',
        object: { id: activityIds.quiz(courseId, quizId), type: ACTIVITY_TYPES.assessment, name: quiz.title },
        registration,
        parents: [{ id: activityIds.course(courseId), type: ACTIVITY_TYPES.course }],
        extensions: { [EXTENSIONS.quizKind]: quiz.kind, [EXTENSIONS.courseVersion]: course.version },
      },
      () =>
        services.db
          .run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed,
                                                       questions, started_at)
                            VALUES (${id}, ${account.id}, ${courseId}, ${course.version}, ${quizId}, ${quiz.kind}, ${seed},
                                    ${JSON.stringify(questions)}, ${isoWithOffset(services.clock.now())})`),
    );
    const row = ownAttempt(ctx, id);
    if (!row.ok) return row;
    return ok({ attempt: view(ctx, row.value, quiz.title, quiz.passMark) });
  },

  'quiz.answer': ({ attemptId, questionId, optionIds }, ctx) => {
    const { services, account } = ctx;
    const found = ownAttempt(ctx, attemptId);
    if (!found.ok) return found;
    const attempt = found.value;
    if (attempt.submitted_at) return err('CONFLICT', 'attempt already submitted');
    const question = (JSON.parse(attempt.questions) as FrozenQuestion[]).find((q) => q.id === questionId);
    if (!question) return err('NOT_FOUND', 'question not in this attempt');
    const unknown = optionIds.find((o) => !question.options.some((opt) => opt.id === o));
    if (unknown) return err('BAD_INPUT', `option ${unknown} is not an option of this question`);
    if (question.kind !== 'multiple' && optionIds.length > 1) return err('BAD_INPUT', 'one answer only');
    const { registration } = registrationFor(services, account.id, attempt.course_id);
    services.recorder.record(
      {
        learnerId: account.id,
        verb: 'answered',
        object: {
          id: activityIds.question(attempt.course_id, questionId),
          type: ACTIVITY_TYPES.question,
          name: question.prompt.slice(0, 200),
        },
        result: { response: optionIds.join('[,]'), success: isCorrect(question, optionIds) },
        registration,
        parents: [
          { id: activityIds.quiz(attempt.course_id, attempt.quiz_id), type: ACTIVITY_TYPES.assessment },
        ],
        extensions: { [EXTENSIONS.quizKind]: attempt.quiz_kind },
      },
      () =>
        services.db.run(sql`INSERT INTO quiz_answers (attempt_id, question_id, option_ids, answered_at)
                            VALUES (${attemptId}, ${questionId}, ${JSON.stringify(optionIds)}, ${isoWithOffset(services.clock.now())})
                            ON CONFLICT (attempt_id, question_id) DO UPDATE SET option_ids = excluded.option_ids,
                              answered_at = excluded.answered_at`),
    );
    return ok({ saved: true });
  },

  'quiz.submit': ({ attemptId }, ctx) => {
    const { services, account } = ctx;
    const found = ownAttempt(ctx, attemptId);
    if (!found.ok) return found;
    const attempt = found.value;
    if (attempt.submitted_at) return err('CONFLICT', 'attempt already submitted');
    const course = services.courses.get(attempt.course_id);
    const quiz = course?.manifest.quizzes.find((q) => q.id === attempt.quiz_id);
    const passMark = quiz?.passMark ?? 70;
    const questions = JSON.parse(attempt.questions) as FrozenQuestion[];
    const answers = answersOf(ctx, attemptId);
    const score = scoreAttempt(questions, answers);
    const passed = score >= passMark;
    const { registration } = registrationFor(services, account.id, attempt.course_id);
    services.recorder.record(
      {
        learnerId: account.id,
        verb: passed ? 'passed' : 'failed',
        object: {
          id: activityIds.quiz(attempt.course_id, attempt.quiz_id),
          type: ACTIVITY_TYPES.assessment,
          name: quiz?.title ?? attempt.quiz_id,
        },
        result: {
          score: { scaled: score / 100, raw: score, min: 0, max: 100 },
          success: passed,
          completion: true,
        },
        registration,
        parents: [{ id: activityIds.course(attempt.course_id), type: ACTIVITY_TYPES.course }],
        extensions: {
          [EXTENSIONS.quizKind]: attempt.quiz_kind,
          [EXTENSIONS.courseVersion]: attempt.course_version,
        },
      },
      () =>
        services.db
          .run(sql`UPDATE quiz_attempts SET submitted_at = ${isoWithOffset(services.clock.now())}, score = ${score},
                              passed = ${passed} WHERE id = ${attemptId}`),
    );
    return ok({
      result: {
        attemptId,
        score,
        passed,
        passMark,
        items: questions.map((q) => ({
          questionId: q.id,
          prompt: q.prompt,
          correct: isCorrect(q, answers[q.id] ?? []),
          chosen: answers[q.id] ?? [],
          correctOptionIds: q.correct,
          options: q.options,
          explanation: q.explanation,
        })),
      },
    });
  },
};
