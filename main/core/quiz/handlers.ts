import { randomInt, randomUUID } from 'node:crypto';
import type { AttemptResult, coursesApi } from '../../api/courses';
import { err, ok, type Result } from '../../api/result';
import { issueCertificate } from '../certificates/issue';
import { isoWithOffset } from '../clock';
import type { AuthedCtx, HandlerMap } from '../context';
import { sql } from '../db/sql';
import { enrol, lessonStatuses, registrationFor } from '../courses/progress';
import { showAnswersOf } from '../courses/manifest';
import type { InstalledCourse } from '../courses/store';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../recorder/profile';
import { ownAttempt, touchTimer, view, answersOf, type AttemptRow } from './attempts';
import { drawQuestions, isCorrect, scoreAttempt, type FrozenQuestion } from './draw';
import { answersShown, attemptsLeft, refuseStart } from './rules';

type QuizApi = Pick<
  typeof coursesApi,
  'quiz.start' | 'quiz.answer' | 'quiz.submit' | 'quiz.tick' | 'quiz.result'
>;

/** Question ids the learner had in their pretest(s) of a course: the posttest never repeats them. */
function pretestQuestions(ctx: AuthedCtx, courseId: string): Set<string> {
  const rows = ctx.services.db.all<{ questions: string }>(
    sql`SELECT questions FROM quiz_attempts WHERE learner_id = ${ctx.account.id} AND course_id = ${courseId} AND quiz_kind = 'pre'`,
  );
  return questionIds(rows);
}

/** Question ids the learner had in earlier attempts of a quiz: a retake draws others first. */
function seenQuestions(ctx: AuthedCtx, courseId: string, quizId: string): Set<string> {
  const rows = ctx.services.db.all<{ questions: string }>(
    sql`SELECT questions FROM quiz_attempts WHERE learner_id = ${ctx.account.id} AND course_id = ${courseId} AND quiz_id = ${quizId}`,
  );
  return questionIds(rows);
}

function questionIds(rows: { questions: string }[]): Set<string> {
  return new Set(rows.flatMap((r) => (JSON.parse(r.questions) as FrozenQuestion[]).map((q) => q.id)));
}

function hasPassed(ctx: AuthedCtx, courseId: string, quizId: string): boolean {
  const best = ctx.services.db.get<{ passed: number | null }>(
    sql`SELECT MAX(passed) AS passed FROM quiz_attempts WHERE learner_id = ${ctx.account.id} AND course_id = ${courseId} AND quiz_id = ${quizId}`,
  );
  return best?.passed === 1;
}

function allLessonsCompleted(ctx: AuthedCtx, course: InstalledCourse): boolean {
  const statuses = lessonStatuses(ctx.services, ctx.account.id, course.id);
  return course.manifest.modules
    .flatMap((m) => m.lessons)
    .every((l) => statuses.get(l.id)?.status === 'completed');
}

function submittedCount(ctx: AuthedCtx, courseId: string, quizId: string): number {
  return ctx.services.db.get<{ n: number }>(
    sql`SELECT COUNT(*) AS n FROM quiz_attempts WHERE learner_id = ${ctx.account.id} AND course_id = ${courseId}
        AND quiz_id = ${quizId} AND submitted_at IS NOT NULL`,
  )!.n;
}

/** Scores an attempt, records passed/failed, and issues the certificate for a passed posttest. */
function submit(ctx: AuthedCtx, attempt: AttemptRow): AttemptResult {
  const { services, account } = ctx;
  const course = services.courses.get(attempt.course_id);
  const quiz = course?.manifest.quizzes.find((q) => q.id === attempt.quiz_id);
  const passMark = attempt.pass_mark ?? quiz?.passMark ?? 70;
  const questions = JSON.parse(attempt.questions) as FrozenQuestion[];
  const answers = answersOf(services, attempt.id);
  const score = scoreAttempt(questions, answers);
  const passed = score >= passMark;
  const certificateNumber = services.db.transaction(() => {
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
          [EXTENSIONS.attemptId]: attempt.id,
          [EXTENSIONS.courseVersion]: attempt.course_version,
        },
      },
      () =>
        services.db
          .run(sql`UPDATE quiz_attempts SET submitted_at = ${isoWithOffset(services.clock.now())}, score = ${score},
                              passed = ${passed}, active_at = NULL WHERE id = ${attempt.id}`),
    );
    const already = services.db.get(
      sql`SELECT number FROM certificates WHERE learner_id = ${account.id} AND course_id = ${attempt.course_id}`,
    );
    if (attempt.quiz_kind !== 'post' || !passed || !course || already || !allLessonsCompleted(ctx, course))
      return null;
    const pre = services.db.get<{ score: number | null }>(
      sql`SELECT score FROM quiz_attempts WHERE learner_id = ${account.id} AND course_id = ${course.id} AND quiz_kind = 'pre'
          AND submitted_at IS NOT NULL ORDER BY submitted_at LIMIT 1`,
    );
    return issueCertificate(
      services,
      account,
      course,
      attempt.id,
      { pre: pre?.score ?? null, post: score },
      registration,
    );
  });
  return reviewOf(ctx, { ...attempt, score, passed: passed ? 1 : 0, pass_mark: passMark }, certificateNumber);
}

/**
 * The review of a submitted attempt: score, pass/fail, and every question with the learner's answer and
 * whether it was right. The correct options and explanations only when the quiz's `showAnswers` allows
 * them now (a failed posttest with attempts left shows which answers were wrong, not the right ones).
 */
function reviewOf(ctx: AuthedCtx, attempt: AttemptRow, certificateNumber: string | null): AttemptResult {
  const questions = JSON.parse(attempt.questions) as FrozenQuestion[];
  const answers = answersOf(ctx.services, attempt.id);
  const quiz = ctx.services.courses
    .get(attempt.course_id)
    ?.manifest.quizzes.find((q) => q.id === attempt.quiz_id);
  const rule = showAnswersOf(quiz ?? { kind: attempt.quiz_kind });
  const passed = hasPassed(ctx, attempt.course_id, attempt.quiz_id);
  const left = attemptsLeft({
    kind: attempt.quiz_kind,
    attemptsUsed: submittedCount(ctx, attempt.course_id, attempt.quiz_id),
    // A quiz gone with its course has no attempts left.
    attemptsAllowed: quiz ? quiz.attempts : 0,
    passed,
  });
  const shown = answersShown(rule, { passed, attemptsLeft: left });
  return {
    attemptId: attempt.id,
    certificateNumber,
    score: attempt.score ?? 0,
    passed: attempt.passed === 1,
    passMark: attempt.pass_mark ?? 70,
    attemptsLeft: left,
    showAnswers: rule,
    answersShown: shown,
    items: questions.map((q) => ({
      questionId: q.id,
      prompt: q.prompt,
      correct: isCorrect(q, answers[q.id] ?? []),
      chosen: answers[q.id] ?? [],
      options: q.options,
      correctOptionIds: shown ? q.correct : null,
      explanation: shown ? q.explanation : null,
    })),
  };
}

/** An open attempt whose time ran out is submitted with the answers it has. */
function expireIfDue(ctx: AuthedCtx, attempt: AttemptRow, leftMs: number | null): AttemptResult | null {
  return leftMs !== null && leftMs <= 0 ? submit(ctx, attempt) : null;
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
    if (open) {
      // Back at an attempt after a logout, an idle pause or a power cut: the timer starts a new stretch.
      const left = touchTimer(services, open, true);
      const expired = expireIfDue(ctx, open, left);
      if (!expired) return ok({ attempt: view(services, open, quiz.title, left) });
    }
    const pre = course.manifest.quizzes.find((q) => q.kind === 'pre');
    const refusal = refuseStart({
      kind: quiz.kind,
      attemptsUsed: submittedCount(ctx, courseId, quizId),
      attemptsAllowed: quiz.attempts,
      hasPretest: pre !== undefined,
      pretestDone: pre !== undefined && submittedCount(ctx, courseId, pre.id) > 0,
      allLessonsCompleted: allLessonsCompleted(ctx, course),
      passed: hasPassed(ctx, courseId, quizId),
    });
    if (refusal) return err(refusal.code, refusal.message, { reason: refusal.reason });

    const seed = randomInt(2 ** 31);
    const exclude = quiz.kind === 'post' ? pretestQuestions(ctx, courseId) : new Set<string>();
    const questions = drawQuestions(
      quiz,
      course.manifest.questions,
      seed,
      exclude,
      seenQuestions(ctx, courseId, quizId),
    );
    const id = randomUUID();
    const now = services.clock.now();
    services.db.transaction(() => {
      // A pretest is usually the first thing a learner does in a course: then it launches the course.
      const { registration, launched } = enrol(services, account.id, course);
      services.recorder.record(
        [
          ...launched,
          {
            learnerId: account.id,
            verb: 'attempted',
            object: {
              id: activityIds.quiz(courseId, quizId),
              type: ACTIVITY_TYPES.assessment,
              name: quiz.title,
            },
            registration,
            parents: [{ id: activityIds.course(courseId), type: ACTIVITY_TYPES.course }],
            extensions: {
              [EXTENSIONS.quizKind]: quiz.kind,
              [EXTENSIONS.attemptId]: id,
              [EXTENSIONS.courseVersion]: course.version,
            },
          },
        ],
        () =>
          services.db
            .run(sql`INSERT INTO quiz_attempts (id, learner_id, course_id, course_version, quiz_id, quiz_kind, seed,
                                                       questions, started_at, pass_mark, time_limit_ms, active_at)
                            VALUES (${id}, ${account.id}, ${courseId}, ${course.version}, ${quizId}, ${quiz.kind}, ${seed},
                                    ${JSON.stringify(questions)}, ${isoWithOffset(now)}, ${quiz.passMark},
                                    ${quiz.timerMinutes === null ? null : quiz.timerMinutes * 60_000}, ${now.toISOString()})`),
      );
    });
    const row = ownAttempt(ctx, id);
    if (!row.ok) return row;
    const left = row.value.time_limit_ms;
    return ok({ attempt: view(services, row.value, quiz.title, left) });
  },

  'quiz.answer': ({ attemptId, questionId, optionIds }, ctx): Result<{ saved: true }> => {
    const { services, account } = ctx;
    const found = ownAttempt(ctx, attemptId);
    if (!found.ok) return found;
    const attempt = found.value;
    if (attempt.submitted_at) return err('CONFLICT', 'attempt already submitted', { reason: 'submitted' });
    const question = (JSON.parse(attempt.questions) as FrozenQuestion[]).find((q) => q.id === questionId);
    if (!question) return err('NOT_FOUND', 'question not in this attempt');
    const unique = [...new Set(optionIds)];
    const unknown = unique.find((o) => !question.options.some((opt) => opt.id === o));
    if (unknown) return err('BAD_INPUT', `option ${unknown} is not an option of this question`);
    if (question.kind !== 'multiple' && unique.length > 1) return err('BAD_INPUT', 'one answer only');
    const left = touchTimer(services, attempt);
    if (expireIfDue(ctx, attempt, left))
      return err('CONFLICT', 'time is up: the attempt was submitted', { reason: 'expired' });
    const { registration } = registrationFor(services, account.id, attempt.course_id);
    services.recorder.record(
      {
        learnerId: account.id,
        verb: 'answered',
        object: {
          id: activityIds.question(attempt.course_id, questionId),
          type: ACTIVITY_TYPES.question,
          name: question.prompt.slice(0, 200),
          interaction: {
            choices: question.options.map((o) => ({ id: o.id, text: o.text })),
            correct: question.correct,
          },
        },
        result: { response: unique.join('[,]'), success: isCorrect(question, unique) },
        registration,
        parents: [
          { id: activityIds.quiz(attempt.course_id, attempt.quiz_id), type: ACTIVITY_TYPES.assessment },
        ],
        extensions: {
          [EXTENSIONS.quizKind]: attempt.quiz_kind,
          [EXTENSIONS.attemptId]: attempt.id,
          [EXTENSIONS.courseVersion]: attempt.course_version,
        },
      },
      () =>
        services.db.run(sql`INSERT INTO quiz_answers (attempt_id, question_id, option_ids, answered_at)
                            VALUES (${attemptId}, ${questionId}, ${JSON.stringify(unique)}, ${isoWithOffset(services.clock.now())})
                            ON CONFLICT (attempt_id, question_id) DO UPDATE SET option_ids = excluded.option_ids,
                              answered_at = excluded.answered_at`),
    );
    return ok({ saved: true });
  },

  'quiz.submit': ({ attemptId }, ctx) => {
    const found = ownAttempt(ctx, attemptId);
    if (!found.ok) return found;
    if (found.value.submitted_at)
      return err('CONFLICT', 'attempt already submitted', { reason: 'submitted' });
    touchTimer(ctx.services, found.value);
    return ok({ result: submit(ctx, found.value) });
  },

  'quiz.result': ({ attemptId }, ctx) => {
    const found = ownAttempt(ctx, attemptId);
    if (!found.ok) return found;
    if (!found.value.submitted_at)
      return err('CONFLICT', 'attempt not submitted yet', { reason: 'not_submitted' });
    const cert = ctx.services.db.get<{ number: string }>(
      sql`SELECT number FROM certificates WHERE attempt_id = ${attemptId}`,
    );
    return ok({ result: reviewOf(ctx, found.value, cert?.number ?? null) });
  },

  'quiz.tick': ({ attemptId }, ctx) => {
    const found = ownAttempt(ctx, attemptId);
    if (!found.ok) return found;
    if (found.value.submitted_at) return ok({ secondsLeft: null, expired: false });
    const left = touchTimer(ctx.services, found.value);
    const expired = expireIfDue(ctx, found.value, left) !== null;
    return ok({ secondsLeft: left === null ? null : Math.floor(left / 1000), expired });
  },
};
