import type { AccountRow } from '../../auth/accounts';
import type { H5pLesson } from '../../courses/manifest';
import type { InstalledCourse } from '../../courses/store';
import type { SessionStore } from '../../session/store';
import { originToken } from '../origin-token';

/** Statements one launch may send; past this the activity's xAPI is dropped (a loop must not fill the outbox). */
export const MAX_STATEMENTS_PER_LAUNCH = 2_000;
/** A progress statement (`progressed`, `interacted`…) is kept at most once per this many ms per launch. */
export const PROGRESS_DEBOUNCE_MS = 10_000;

/** One open H5P activity: who plays it, in which UI session, with which registration. */
export interface H5pLaunch {
  token: string;
  sessionToken: string;
  learnerId: string;
  course: InstalledCourse;
  lessonId: string;
  title: string;
  lesson: H5pLesson;
  registration: string;
  /** Statements accepted from this launch so far (capped at MAX_STATEMENTS_PER_LAUNCH). */
  statements: number;
  /** When the last progress statement was kept (debounce), ms since the epoch. */
  lastProgressAt: number;
}

/**
 * The open H5P launches, in memory, like SCORM's (scorm/runtime.ts): each gets a token that is its own
 * origin on the content origin listener, bound to the UI session that opened it, so after a logout, an
 * idle logout or a learner switch the bridge answers 410 and nothing more is saved for that learner.
 */
export class H5pRuntime {
  private readonly launches = new Map<string, H5pLaunch>();
  private originFor: ((token: string) => string) | null = null;

  constructor(private readonly sessions: () => SessionStore) {}

  serveOrigins(originFor: (token: string) => string): void {
    this.originFor = originFor;
  }

  get available(): boolean {
    return this.originFor !== null;
  }

  open(
    sessionToken: string,
    account: Pick<AccountRow, 'id'>,
    course: InstalledCourse,
    lesson: { id: string; title: string; h5p: H5pLesson },
    registration: string,
  ): { token: string; url: string } {
    if (!this.originFor) throw new Error('no content origin is served');
    for (const [token, launch] of this.launches)
      if (launch.learnerId === account.id) this.launches.delete(token);
    const token = originToken();
    this.launches.set(token, {
      token,
      sessionToken,
      learnerId: account.id,
      course,
      lessonId: lesson.id,
      title: lesson.title,
      lesson: lesson.h5p,
      registration,
      statements: 0,
      lastProgressAt: 0,
    });
    return { token, url: `${this.originFor(token)}/_balai/h5p.html` };
  }

  /** The launch for a token while its session is still the learner's; closed otherwise. */
  live(token: string): H5pLaunch | undefined {
    const launch = this.launches.get(token);
    if (!launch) return undefined;
    if (this.sessions().get(launch.sessionToken)?.accountId !== launch.learnerId) {
      this.launches.delete(token);
      return undefined;
    }
    return launch;
  }
}
