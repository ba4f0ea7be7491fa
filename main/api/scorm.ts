import { z } from 'zod';
import { method } from './define';
import { slug } from './fields';

/** An opened SCO: the URL of its launcher on its own origin, to put in the sandboxed frame. */
export interface ScoLaunchView {
  courseId: string;
  lessonId: string;
  title: string;
  /** `http://<token>.localhost:<port>/_balai/launch.html` (browser mode). */
  url: string;
  /** The frame's origin: messages from the player are accepted only from it. */
  origin: string;
  /** The learner's last attempt was suspended and goes on (`cmi.entry = resume`). */
  resumed: boolean;
  prevLessonId: string | null;
  nextLessonId: string | null;
  /**
   * A SCORM 2004 course with sequencing: what the rules allow from this SCO (`adl.nav.request_valid.*`;
   * `choice` keyed by item identifier). Null: a course without sequencing (the lessons are a plain list).
   */
  sequencing: { continue: boolean; previous: boolean; choice: Record<string, boolean> } | null;
}

/** Why the sequencing rules keep an item closed (the UI says it in words: `sco.closed.<reason>`). */
export type ScoClosedReason =
  'finish_previous' | 'already_passed' | 'attempts_used' | 'flow_only' | 'forward_only' | 'rule';

/** One item of a sequenced course's table of contents, as the rules allow it for this learner now. */
export interface ScoTocEntry {
  lessonId: string;
  open: boolean;
  /** Not to be shown: invisible in the manifest, hidden from choice, or not selected for this attempt. */
  hidden: boolean;
  reason: ScoClosedReason | null;
  current: boolean;
}

/**
 * Where a navigation request led: the lesson to play next, or the end of the course's session; both empty
 * when the attempt ended and the learner picks what comes next. In `scorm.toc`: where the learner stands.
 */
export interface ScoNavigation {
  lessonId: string | null;
  ended: boolean;
}

/** The navigation requests of `adl.nav.request` a learner or a SCO may make (SCORM 2004 SN). */
export const NAV_REQUESTS = [
  'continue',
  'previous',
  'choice',
  'exit',
  'exitAll',
  'suspendAll',
  'abandon',
  'abandonAll',
] as const;

export const scormApi = {
  /** Opens a SCORM lesson (a SCO) for the logged-in learner: resumes a suspended attempt, else starts one. */
  'scorm.launch': method<{ launch: ScoLaunchView }>()(
    'learner',
    z.strictObject({ courseId: slug, lessonId: slug }),
  ),
  /** The table of contents of a sequenced SCORM course (null for any other course). */
  'scorm.toc': method<{ toc: ScoTocEntry[] | null; now: ScoNavigation | null }>()(
    'learner',
    z.strictObject({ courseId: slug }),
  ),
  /**
   * A navigation request (the Lanjut/Kembali buttons, or the SCO's own `adl.nav.request` after it
   * terminated): the sequencer decides. Refused with CONFLICT and `details.reason = 'sequencing'`.
   */
  'scorm.navigate': method<{ navigation: ScoNavigation }>()(
    'learner',
    z.strictObject({
      courseId: slug,
      request: z.enum(NAV_REQUESTS),
      /** The item identifier of a choice request, as the SCO names it (`{target=…}choice`). */
      target: z.string().min(1).max(4000).optional(),
    }),
  ),
};
