import type { AccountRow } from '../../auth/accounts';
import type { InstalledCourse } from '../../courses/store';
import { originToken } from '../origin-token';
import type { ScoLesson } from '../../courses/manifest';
import type { SessionStore } from '../../session/store';

/** One open SCO: who plays it, in which session, and which attempt row its commits go to. */
export interface ScoLaunch {
  token: string;
  sessionToken: string;
  learnerId: string;
  learnerName: string;
  course: InstalledCourse;
  lessonId: string;
  sco: ScoLesson;
  attemptId: string;
  entry: 'resume' | 'ab-initio';
  /** Last commit sequence seen (scorm-again's includeCommitSequence): a stale replay is dropped. */
  lastSequence: number;
}

/**
 * The open SCO launches, in memory (a restart closes them; the state they committed is in the database).
 * Each launch gets a token that is also its origin (`http://<token>.localhost:<port>` in browser mode), so
 * no two launches, and no two learners, ever share a SCO origin's storage. A launch is bound to the UI
 * session that opened it: after a logout, an idle logout or a learner switch its commits are refused.
 */
export class ScormRuntime {
  private readonly launches = new Map<string, ScoLaunch>();
  /** The SCO origin for a token, set by the shell that serves SCOs (null: this shell cannot play SCORM). */
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
    account: Pick<AccountRow, 'id' | 'full_name'>,
    course: InstalledCourse,
    lessonId: string,
    sco: ScoLesson,
    attempt: { id: string; entry: 'resume' | 'ab-initio' },
  ): { token: string; url: string } {
    if (!this.originFor) throw new Error('no SCO origin is served');
    // A learner plays one SCO at a time: opening another closes the first (its state is committed).
    for (const [token, launch] of this.launches)
      if (launch.learnerId === account.id) this.launches.delete(token);
    const token = originToken();
    this.launches.set(token, {
      token,
      sessionToken,
      learnerId: account.id,
      learnerName: account.full_name ?? '',
      course,
      lessonId,
      sco,
      attemptId: attempt.id,
      entry: attempt.entry,
      lastSequence: -1,
    });
    return { token, url: `${this.originFor(token)}/_balai/launch.html` };
  }

  /** The launch for a token while its session is still the learner's; closed otherwise. */
  live(token: string): ScoLaunch | undefined {
    const launch = this.launches.get(token);
    if (!launch) return undefined;
    const session = this.sessions().get(launch.sessionToken);
    if (session?.accountId !== launch.learnerId) {
      this.launches.delete(token);
      return undefined;
    }
    return launch;
  }

  close(token: string): void {
    this.launches.delete(token);
  }
}
