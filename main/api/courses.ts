import { z } from 'zod';
import { method } from './define';
import { slug, uuid } from './fields';

export type LessonStatus = 'not_started' | 'in_progress' | 'completed';
export type QuizKind = 'pre' | 'post' | 'practice';

export interface QuizSummary {
  id: string;
  kind: QuizKind;
  title: string;
  questionCount: number;
  /** The time limit of a timed quiz in minutes, else null. */
  timerMinutes: number | null;
  passMark: number;
  /** Best score so far in percent, null when never submitted. */
  bestScore: number | null;
  passed: boolean;
  attemptsUsed: number;
  /** Attempts allowed by the course (null = unlimited). */
  attemptsAllowed: number | null;
  inProgressAttemptId: string | null;
  /** Set when this test is a content lesson (a SCO marked as the course's pretest/posttest), not a quiz. */
  lessonId?: string;
}

export interface LessonSummary {
  id: string;
  title: string;
  status: LessonStatus;
}

/** What to do next in a course, for the one-sentence hint after login. */
export type NextStep =
  | { kind: 'quiz'; quizId: string; quizKind: QuizKind; title: string }
  | { kind: 'lesson'; lessonId: string; title: string; resume: boolean }
  | { kind: 'done' };

export interface CourseCard {
  id: string;
  version: string;
  title: string;
  description: string;
  lessonCount: number;
  lessonsCompleted: number;
  next: NextStep;
  /** The course's picture for its card: the first picture its lessons show (same-origin URL), or null. */
  picture: string | null;
}

export interface CourseOutline extends CourseCard {
  modules: { id: string; title: string; lessons: LessonSummary[] }[];
  quizzes: QuizSummary[];
}

export interface LessonView {
  courseId: string;
  lessonId: string;
  title: string;
  /** Lesson text (Markdown). Media links are relative to `mediaBase`. */
  markdown: string;
  /** URL prefix (same origin) for the lesson's media: `/content/<courseId>/<version>/`. */
  mediaBase: string;
  /** Captions the course carries for the lesson's videos: video path → WebVTT path (both under mediaBase). */
  captions: Record<string, string>;
  regulation: string | null;
  position: number;
  status: LessonStatus;
  prevLessonId: string | null;
  nextLessonId: string | null;
  glossary: { term: string; definition: string }[];
  /**
   * The course's own narration, one entry per section of the text (see course.json `narration`): a file
   * relative to `mediaBase`, or null where the read-aloud uses a voice of the computer. Empty: none.
   */
  narration: (string | null)[];
}

export interface QuizQuestionView {
  id: string;
  kind: 'single' | 'multiple' | 'truefalse';
  prompt: string;
  options: { id: string; text: string }[];
}

export interface AttemptView {
  attemptId: string;
  courseId: string;
  quizId: string;
  quizKind: QuizKind;
  title: string;
  /** The course the quiz belongs to, named on the quiz screen. */
  courseTitle: string;
  questions: QuizQuestionView[];
  /** Answers already given (resumes exactly where the learner was). */
  answers: Record<string, string[]>;
  passMark: number;
  /** Time limit of a timed quiz, else null. The timer runs only while the learner is at the quiz. */
  timeLimitSeconds: number | null;
  secondsLeft: number | null;
}

/**
 * When a quiz's review shows the correct answers (the course sets it per quiz; a posttest defaults to
 * after passing or the last attempt, every other quiz to after each attempt).
 */
export type ShowAnswers =
  'after_each_attempt' | 'after_passing' | 'after_last_attempt' | 'after_passing_or_last_attempt';

export interface AttemptResult {
  attemptId: string;
  /** A certificate was issued with this submission (posttest passed, all lessons done). */
  certificateNumber: string | null;
  score: number;
  passed: boolean;
  passMark: number;
  /** Attempts the learner has left at this quiz (null = unlimited; 0 once a posttest is passed). */
  attemptsLeft: number | null;
  /** The quiz's rule for showing the correct answers, and whether it allows them now. */
  showAnswers: ShowAnswers;
  answersShown: boolean;
  items: {
    questionId: string;
    prompt: string;
    /** Whether the learner's answer was right: always shown. */
    correct: boolean;
    chosen: string[];
    options: { id: string; text: string }[];
    /** The keys: null until `answersShown`. */
    correctOptionIds: string[] | null;
    explanation: string | null;
  }[];
}

/** One learner's results in one course: what the programme measures. */
export interface CourseResult {
  courseId: string;
  title: string;
  lessonsCompleted: number;
  lessonCount: number;
  quizzes: QuizSummary[];
  /** Pretest score in percent (first attempt), null if not taken. */
  pretestScore: number | null;
  /** Best posttest score in percent, null if not taken. */
  posttestScore: number | null;
  /** posttest − pretest, in percentage points; null unless both exist. */
  gain: number | null;
  /** Hake's normalised gain (post − pre) / (100 − pre), −∞..1; null unless both exist or pre is 100. */
  normalizedGain: number | null;
  /** All lessons done, and the posttest passed if the course has one. */
  completed: boolean;
  /** Minutes at lessons and quizzes, counted only while active. */
  timeSpentMinutes: number;
  attempts: { pre: number; post: number; practice: number };
  certificateNumber: string | null;
  /** SCORM courses: the best score of each SCO that reported one (its tests are in `quizzes`), in percent. */
  scoScores?: { lessonId: string; title: string; score: number }[];
}

const optionIds = z.array(slug).max(10);

export const coursesApi = {
  'courses.catalogue': method<{ courses: CourseCard[] }>()('learner', z.strictObject({})),
  'courses.outline': method<{ course: CourseOutline }>()('learner', z.strictObject({ courseId: slug })),
  'lessons.open': method<{ lesson: LessonView }>()(
    'learner',
    z.strictObject({ courseId: slug, lessonId: slug }),
  ),
  /** Records progress inside a lesson as it happens (position = scroll or media position). */
  'lessons.progress': method<{ status: LessonStatus }>()(
    'learner',
    z.strictObject({
      courseId: slug,
      lessonId: slug,
      position: z.number().int().min(0).max(1e9),
      completed: z.boolean().default(false),
    }),
  ),
  /** Starts an attempt, or returns the attempt already in progress. */
  'quiz.start': method<{ attempt: AttemptView }>()(
    'learner',
    z.strictObject({ courseId: slug, quizId: slug }),
  ),
  /** Stores one answer durably the moment it is given. */
  'quiz.answer': method<{ saved: true }>()(
    'learner',
    z.strictObject({ attemptId: uuid, questionId: slug, optionIds }),
  ),
  'quiz.submit': method<{ result: AttemptResult }>()('learner', z.strictObject({ attemptId: uuid })),
  /** The review of one of the learner's own submitted attempts (after a reload or a new login). */
  'quiz.result': method<{ result: AttemptResult }>()('learner', z.strictObject({ attemptId: uuid })),
  /** The quiz screen reports it is open (every ~30 s): counts time for timed quizzes, ends an expired one. */
  'quiz.tick': method<{ secondsLeft: number | null; expired: boolean }>()(
    'learner',
    z.strictObject({ attemptId: uuid }),
  ),
  'results.mine': method<{ results: CourseResult[] }>()('learner', z.strictObject({})),
};
