import type { AttemptView } from '../../api/courses';
import { err, ok, type Result } from '../../api/result';
import type { AuthedCtx, Services } from '../context';
import { sql } from '../db/sql';
import type { FrozenQuestion } from './draw';
import { advance } from './timer';

/** A row of `quiz_attempts` exactly as stored. */
export interface AttemptRow {
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
  pass_mark: number | null;
  time_limit_ms: number | null;
  time_used_ms: number;
  active_at: string | null;
}

/** An attempt of the logged-in learner; another learner's attempt is reported as not found. */
export function ownAttempt(ctx: AuthedCtx, attemptId: string): Result<AttemptRow> {
  const row = ctx.services.db.get<AttemptRow>(
    sql`SELECT * FROM quiz_attempts WHERE id = ${attemptId} AND learner_id = ${ctx.account.id}`,
  );
  return row ? ok(row) : err('NOT_FOUND', 'no such attempt');
}

export function answersOf(services: Services, attemptId: string): Record<string, string[]> {
  const rows = services.db.all<{ question_id: string; option_ids: string }>(
    sql`SELECT question_id, option_ids FROM quiz_answers WHERE attempt_id = ${attemptId}`,
  );
  return Object.fromEntries(rows.map((r) => [r.question_id, JSON.parse(r.option_ids) as string[]]));
}

/**
 * Counts the time since the learner was last seen at a timed attempt and stores it.
 * `resume` starts a new stretch (after a logout or a restart) without counting the gap.
 */
export function touchTimer(services: Services, row: AttemptRow, resume = false): number | null {
  if (row.time_limit_ms === null) return null;
  const state = advance(
    { limitMs: row.time_limit_ms, usedMs: row.time_used_ms, activeAt: resume ? null : row.active_at },
    services.clock.now(),
  );
  services.db.run(
    sql`UPDATE quiz_attempts SET time_used_ms = ${state.usedMs}, active_at = ${state.activeAt} WHERE id = ${row.id}`,
  );
  row.time_used_ms = state.usedMs;
  row.active_at = state.activeAt;
  return state.leftMs;
}

export function view(services: Services, row: AttemptRow, title: string, leftMs: number | null): AttemptView {
  const questions = JSON.parse(row.questions) as FrozenQuestion[];
  return {
    attemptId: row.id,
    courseId: row.course_id,
    quizId: row.quiz_id,
    quizKind: row.quiz_kind,
    title,
    courseTitle: services.courses.get(row.course_id)?.manifest.title ?? row.course_id,
    passMark: row.pass_mark ?? 70,
    questions: questions.map((q) => ({ id: q.id, kind: q.kind, prompt: q.prompt, options: q.options })),
    answers: answersOf(services, row.id),
    timeLimitSeconds: row.time_limit_ms === null ? null : Math.round(row.time_limit_ms / 1000),
    secondsLeft: leftMs === null ? null : Math.floor(leftMs / 1000),
  };
}
