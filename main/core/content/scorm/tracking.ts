import type { InstalledCourse } from '../../courses/store';
import type { ScoLesson } from '../../courses/manifest';
import type { enrol } from '../../courses/progress';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../../recorder/profile';
import type { LearningEvent } from '../../recorder/recorder';
import type { CmiSummary } from './state';

/**
 * A SCO session as xAPI, after the ADL xAPI SCORM profile and docs/xapi-profile.md: `initialized` or
 * `resumed` at launch; at each commit `answered` per new interaction, `completed` the first time the SCO is
 * completed, `passed`/`failed` with the score when its success changes; `suspended` or `terminated` at the
 * end. The object is the lesson (the SCO) in its course; `…/ext/attempt-id` ties a SCO attempt's statements;
 * a SCO the wrapper marked as pretest or posttest carries `…/ext/quiz-kind`, so gain and the hub's reports
 * read it like a quiz. Recorded in the same transaction as the state they describe.
 */
export interface ScoTrackingTarget {
  learnerId: string;
  course: InstalledCourse;
  lessonId: string;
  sco: ScoLesson;
  attemptId: string;
  registration: string;
}

function base(t: ScoTrackingTarget) {
  const lesson = t.course.manifest.modules.flatMap((m) => m.lessons).find((l) => l.id === t.lessonId);
  return {
    object: {
      id: activityIds.lesson(t.course.id, t.lessonId),
      type: ACTIVITY_TYPES.lesson,
      name: lesson?.title ?? t.lessonId,
    },
    parents: [{ id: activityIds.course(t.course.id), type: ACTIVITY_TYPES.course }],
    extensions: {
      [EXTENSIONS.courseVersion]: t.course.version,
      [EXTENSIONS.attemptId]: t.attemptId,
      ...(t.sco.assessment ? { [EXTENSIONS.quizKind]: t.sco.assessment } : {}),
    },
  };
}

/** At launch: the course's `launched` the first time (from `enrol`), then `initialized` (new attempt) or `resumed`. */
export function launchEvents(
  enrolled: ReturnType<typeof enrol>,
  t: Omit<ScoTrackingTarget, 'registration'>,
  resumed: boolean,
): LearningEvent[] {
  const { registration, launched } = enrolled;
  const b = base({ ...t, registration });
  return [
    ...launched,
    { learnerId: t.learnerId, verb: resumed ? 'resumed' : 'initialized', registration, ...b },
  ];
}

export interface CommitFacts {
  summary: CmiSummary;
  terminate: boolean;
  /** Interactions already recorded for this attempt. */
  recordedInteractions: number;
  recordedSuccess: string | null;
  /** The lesson was already completed before this commit. */
  wasCompleted: boolean;
}

function scoreOf(summary: CmiSummary) {
  if (summary.scoreScaled === null) return undefined;
  const scaled = Math.round(summary.scoreScaled * 10_000) / 10_000;
  return { scaled, ...(summary.scoreRaw !== null ? { raw: summary.scoreRaw } : {}) };
}

export function commitEvents(t: ScoTrackingTarget, facts: CommitFacts): LearningEvent[] {
  const b = base(t);
  const { summary } = facts;
  const events: LearningEvent[] = [];
  const at = (verb: LearningEvent['verb'], result?: Record<string, unknown>): LearningEvent => ({
    learnerId: t.learnerId,
    verb,
    registration: t.registration,
    ...b,
    ...(result ? { result } : {}),
  });
  for (const interaction of summary.interactions.slice(facts.recordedInteractions)) {
    if (!interaction.id) continue;
    events.push({
      learnerId: t.learnerId,
      verb: 'answered',
      registration: t.registration,
      object: {
        id: activityIds.scoInteraction(t.course.id, t.lessonId, interaction.id),
        type: ACTIVITY_TYPES.question,
        name: (interaction.description ?? interaction.id).slice(0, 500),
      },
      parents: [{ id: b.object.id, type: ACTIVITY_TYPES.lesson }],
      extensions: b.extensions,
      result: {
        response: (interaction.response ?? '').slice(0, 4000),
        ...(interaction.result === 'correct'
          ? { success: true }
          : interaction.result === 'incorrect' || interaction.result === 'wrong'
            ? { success: false }
            : {}),
      },
    });
  }
  const completed = summary.completion === 'completed' || summary.success === 'passed';
  if (completed && !facts.wasCompleted) events.push(at('completed', { completion: true }));
  if (
    (summary.success === 'passed' || summary.success === 'failed') &&
    summary.success !== facts.recordedSuccess
  ) {
    const score = scoreOf(summary);
    events.push(
      at(summary.success, {
        success: summary.success === 'passed',
        completion: completed,
        ...(score ? { score } : {}),
      }),
    );
  }
  if (facts.terminate) events.push(at(summary.exit === 'suspend' ? 'suspended' : 'terminated'));
  return events;
}
