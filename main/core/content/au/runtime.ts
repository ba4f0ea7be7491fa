import { randomBytes } from 'node:crypto';
import type { InstalledCourse } from '../../courses/store';
import { originToken } from '../origin-token';
import type { SessionStore } from '../../session/store';
import type { AuLesson } from './schema';

/** How fast launched content may write (statements and documents): a burst, then a steady rate. */
export const AU_LIMITS = {
  /** Writes a launch may make at once before it is slowed down. */
  burst: 200,
  /** Writes per second a launch earns back. */
  perSecond: 20,
  /** Statements one launch may record at all: past it the LRS refuses them (403), the kiosk stays itself. */
  statementsPerLaunch: 5_000,
  /** Documents one learner may keep per activity and registration (bookmarks, suspend data). */
  documentsPerScope: 64,
  /** Largest request body the LRS reads (a batch of statements, a state document). */
  maxBodyBytes: 1024 * 1024,
} as const;

/** One open AU or Tin Can activity: who plays it, in which session, and what its LRS credential may touch. */
export interface AuLaunch {
  /** The launch's origin label (`http://<token>.localhost:<port>` in browser mode). */
  token: string;
  /** The credential content sends as `Authorization: Basic <auth>`. */
  auth: string;
  kind: 'cmi5' | 'xapi';
  sessionToken: string;
  learnerId: string;
  course: InstalledCourse;
  lessonId: string;
  au: AuLesson;
  /** The activity the LMS launched and the content reports on (cmi5: the LMS's id for the AU). */
  activityId: string;
  registration: string;
  /** cmi5's session id (au_sessions.id); also kept for Tin Can launches, for abandoned sessions. */
  sessionId: string;
  /** cmi5: the fetch URL gave its one token already. */
  fetched: boolean;
  /** Throttle: writes left now and when they were counted. */
  bucket: { tokens: number; at: number };
  statements: number;
}

export type AuLaunchInput = Omit<AuLaunch, 'token' | 'auth' | 'fetched' | 'bucket' | 'statements'>;

/**
 * The open launches of content that reports to the local LRS, in memory (a restart closes them; what they
 * recorded is in the database). Each has a token that is also its origin and an LRS credential of its own,
 * bound to the UI session that opened it: after a logout, an idle logout or a learner switch both are dead.
 */
export class AuRuntime {
  private readonly launches = new Map<string, AuLaunch>();
  /** The write limits of every launch (tests shrink them). */
  limits: { -readonly [K in keyof typeof AU_LIMITS]: number } = { ...AU_LIMITS };
  private originFor: ((token: string) => string) | null = null;

  constructor(
    private readonly sessions: () => SessionStore,
    /** Milliseconds for the throttle (monotonic; tests may pass their own). */
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  serveOrigins(originFor: (token: string) => string): void {
    this.originFor = originFor;
  }

  get available(): boolean {
    return this.originFor !== null;
  }

  origin(token: string): string {
    if (!this.originFor) throw new Error('no content origin is served');
    return this.originFor(token);
  }

  open(input: AuLaunchInput): AuLaunch {
    if (!this.originFor) throw new Error('no content origin is served');
    // A learner plays one thing at a time: opening another closes the first (its token dies with it).
    for (const [token, launch] of this.launches)
      if (launch.learnerId === input.learnerId) this.launches.delete(token);
    const launch: AuLaunch = {
      ...input,
      token: originToken(),
      auth: randomBytes(24).toString('base64url'),
      fetched: false,
      bucket: { tokens: this.limits.burst, at: this.monotonic() },
      statements: 0,
    };
    this.launches.set(launch.token, launch);
    return launch;
  }

  /** The launch for a token while its session is still the learner's; closed otherwise. */
  live(token: string): AuLaunch | undefined {
    const launch = this.launches.get(token);
    if (!launch) return undefined;
    if (this.sessions().get(launch.sessionToken)?.accountId !== launch.learnerId) {
      this.launches.delete(token);
      return undefined;
    }
    return launch;
  }

  /** Launches of a learner still open (their sessions are not abandoned yet). */
  openSessionIds(learnerId: string): Set<string> {
    const ids = new Set<string>();
    for (const token of [...this.launches.keys()]) {
      const launch = this.live(token);
      if (launch?.learnerId === learnerId) ids.add(launch.sessionId);
    }
    return ids;
  }

  /** Takes `cost` writes from the launch's allowance; false (and the seconds to wait) when it has too few. */
  take(launch: AuLaunch, cost: number): { ok: true } | { ok: false; retryAfter: number } {
    const now = this.monotonic();
    const earned = ((now - launch.bucket.at) / 1000) * this.limits.perSecond;
    launch.bucket = { tokens: Math.min(this.limits.burst, launch.bucket.tokens + earned), at: now };
    if (launch.bucket.tokens < cost)
      return {
        ok: false,
        retryAfter: Math.max(1, Math.ceil((cost - launch.bucket.tokens) / this.limits.perSecond)),
      };
    launch.bucket.tokens -= cost;
    return { ok: true };
  }

  close(token: string): void {
    this.launches.delete(token);
  }
}
