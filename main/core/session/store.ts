import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';

/** One UI connection: an Electron window, or a browser tab's cookie. */
export interface Session {
  readonly token: string;
  accountId: string | null;
  lastActivity: number;
}

/** Sessions live in memory: a restart logs everyone out (their resume point is in the database). */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    /** Milliseconds of inactivity after which a logged-in session ends (idle time + warning + slack). */
    private readonly expiryMs: () => number,
    private readonly maxSessions = 200,
  ) {}

  create(): Session {
    if (this.sessions.size >= this.maxSessions) this.evictOldest();
    const session: Session = {
      token: randomBytes(24).toString('base64url'),
      accountId: null,
      lastActivity: this.now(),
    };
    this.sessions.set(session.token, session);
    return session;
  }

  /** The session for a token, or undefined. A logged-in session past its expiry is logged out first. */
  get(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (session?.accountId && this.now() - session.lastActivity > this.expiryMs()) {
      session.accountId = null;
    }
    return session;
  }

  bind(session: Session, accountId: string | null): void {
    session.accountId = accountId;
    session.lastActivity = this.now();
  }

  touch(session: Session): number {
    session.lastActivity = this.now();
    return session.lastActivity + this.expiryMs();
  }

  /** Forgets a session (its window closed). */
  end(token: string): void {
    this.sessions.delete(token);
  }

  /** Logs an account out everywhere (disabled, erased, PIN reset). */
  endAllFor(accountId: string): void {
    for (const s of this.sessions.values()) if (s.accountId === accountId) s.accountId = null;
  }

  loggedInCount(): number {
    let n = 0;
    for (const s of this.sessions.keys()) if (this.get(s)?.accountId) n++;
    return n;
  }

  private evictOldest(): void {
    let oldest: Session | undefined;
    for (const s of this.sessions.values()) if (!oldest || s.lastActivity < oldest.lastActivity) oldest = s;
    if (oldest) this.sessions.delete(oldest.token);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
