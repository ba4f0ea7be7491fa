import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';

/** One UI connection: an Electron window, or a browser tab's cookie. */
export interface Session {
  readonly token: string;
  accountId: string | null;
  lastActivity: number;
}

/**
 * Sessions live in memory: a restart logs everyone out (their resume point is in the database). A session is
 * kept only once an account is bound to it (a login, a set-up, a recovery) or a shell opened it for a window
 * (`create`); an anonymous call runs in a `transient` session that is forgotten with the call, so a flood of
 * anonymous requests never fills the store nor pushes out anyone who is logged in.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    /** Milliseconds of inactivity after which a logged-in session ends (idle time + warning + slack). */
    private readonly expiryMs: () => number,
    private readonly maxSessions = 200,
  ) {}

  /** A kept session, logged out until a login binds it (an Electron window, a CLI run). */
  create(): Session {
    const session = this.transient();
    this.keep(session);
    return session;
  }

  /** A session for one anonymous call: not kept unless `bind` gives it an account. */
  transient(): Session {
    return { token: randomBytes(24).toString('base64url'), accountId: null, lastActivity: this.now() };
  }

  /** Whether the store keeps this session (a transient one is kept from its first login on). */
  kept(session: Session): boolean {
    return this.sessions.get(session.token) === session;
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
    if (accountId && !this.kept(session)) this.keep(session);
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

  private keep(session: Session): void {
    if (this.sessions.size >= this.maxSessions) this.evictOne();
    this.sessions.set(session.token, session);
  }

  /** Makes room: the longest-idle logged-out session, or when everyone is logged in, the longest idle. */
  private evictOne(): void {
    let oldest: Session | undefined;
    for (const s of this.sessions.values()) {
      const better = !oldest || (!s.accountId && !!oldest.accountId);
      const same = !!oldest && !s.accountId === !oldest.accountId;
      if (better || (same && s.lastActivity < oldest!.lastActivity)) oldest = s;
    }
    if (oldest) this.sessions.delete(oldest.token);
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
