import { isoWithOffset } from '../clock';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import type { ScheduleState } from './policy';

export type CheckResult = 'up_to_date' | 'update_found' | 'refused' | 'failed';
export type UpdateSource = 'online' | 'stick';

/** An update found and checked: being downloaded, or downloaded and waiting to be installed. */
export interface PendingUpdate {
  version: string;
  source: UpdateSource;
  state: 'downloading' | 'ready';
  since: string;
  /** Installs started for this version so far. */
  installAttempts: number;
}

/** The update schedule's state as the core uses it (times as ISO strings, as stored). */
export interface UpdateState {
  lastCheckAt: string | null;
  lastCheckResult: CheckResult | null;
  lastProbeAt: string | null;
  connected: boolean;
  lastError: { at: string; code: string; message: string } | null;
  failures: number;
  nextAttemptAt: string | null;
  pending: PendingUpdate | null;
  postponedUntil: string | null;
}

interface UpdateRow {
  last_check_at: string | null;
  last_check_result: CheckResult | null;
  last_probe_at: string | null;
  connected: number;
  last_error_at: string | null;
  last_error_code: string | null;
  last_error: string | null;
  failures: number;
  next_attempt_at: string | null;
  pending_version: string | null;
  pending_source: UpdateSource | null;
  pending_state: 'downloading' | 'ready' | null;
  pending_since: string | null;
  install_attempts: number;
  postponed_until: string | null;
}

const EMPTY: UpdateState = {
  lastCheckAt: null,
  lastCheckResult: null,
  lastProbeAt: null,
  connected: false,
  lastError: null,
  failures: 0,
  nextAttemptAt: null,
  pending: null,
  postponedUntil: null,
};

function fromRow(row: UpdateRow): UpdateState {
  return {
    lastCheckAt: row.last_check_at,
    lastCheckResult: row.last_check_result,
    lastProbeAt: row.last_probe_at,
    connected: row.connected === 1,
    lastError:
      row.last_error_at && row.last_error_code
        ? { at: row.last_error_at, code: row.last_error_code, message: row.last_error ?? '' }
        : null,
    failures: row.failures,
    nextAttemptAt: row.next_attempt_at,
    pending:
      row.pending_version && row.pending_source && row.pending_state
        ? {
            version: row.pending_version,
            source: row.pending_source,
            state: row.pending_state,
            since: row.pending_since ?? '',
            installAttempts: row.install_attempts,
          }
        : null,
    postponedUntil: row.postponed_until,
  };
}

const ms = (iso: string | null): number | null => {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/** The part of the state `decideCheck` reads. */
export function scheduleOf(state: UpdateState): ScheduleState {
  return {
    connected: state.connected,
    lastProbeAt: ms(state.lastProbeAt),
    lastCheckAt: ms(state.lastCheckAt),
    nextAttemptAt: ms(state.nextAttemptAt),
  };
}

export const timeOf = ms;

/** The one row of `update_state` (migration 0008). Every change is one statement. */
export class UpdateStateStore {
  constructor(private readonly db: () => Db) {}

  read(): UpdateState {
    const row = this.db().get<UpdateRow>(sql`SELECT * FROM update_state WHERE id = 1`);
    return row ? fromRow(row) : { ...EMPTY };
  }

  private ensure(): void {
    this.db().run(sql`INSERT INTO update_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING`);
  }

  /** A request that found no connection: not an error (offline is the normal case), only the probe time. */
  noConnection(now: Date): void {
    this.ensure();
    this.db().run(
      sql`UPDATE update_state SET connected = 0, last_probe_at = ${isoWithOffset(now)} WHERE id = 1`,
    );
  }

  /** A check that got its answer: the back-off ends. */
  checked(now: Date, result: Exclude<CheckResult, 'failed'>): void {
    this.ensure();
    const at = isoWithOffset(now);
    this.db()
      .run(sql`UPDATE update_state SET connected = 1, last_check_at = ${at}, last_check_result = ${result},
                        failures = 0, next_attempt_at = NULL WHERE id = 1`);
  }

  /** A refusal or failure worth showing: logged by the caller, kept here for the operator. */
  error(now: Date, code: string, message: string): void {
    this.ensure();
    this.db()
      .run(sql`UPDATE update_state SET last_error_at = ${isoWithOffset(now)}, last_error_code = ${code},
                        last_error = ${message.slice(0, 1000)} WHERE id = 1`);
  }

  /** A check that failed after reaching a server: counts towards the back-off. */
  failed(now: Date, nextAttemptAt: Date): void {
    this.ensure();
    this.db().run(sql`UPDATE update_state SET connected = 1, last_check_at = ${isoWithOffset(now)},
                        last_check_result = 'failed', failures = failures + 1,
                        next_attempt_at = ${isoWithOffset(nextAttemptAt)} WHERE id = 1`);
  }

  /** Sets or clears the pending update; a new version starts with no install attempts. */
  setPending(now: Date, pending: Omit<PendingUpdate, 'since' | 'installAttempts'> | null): void {
    this.ensure();
    if (!pending) {
      this.db().run(sql`UPDATE update_state SET pending_version = NULL, pending_source = NULL,
                          pending_state = NULL, pending_since = NULL, install_attempts = 0 WHERE id = 1`);
      return;
    }
    this.db().run(sql`UPDATE update_state SET
                        install_attempts = CASE WHEN pending_version IS ${pending.version} THEN install_attempts ELSE 0 END,
                        pending_version = ${pending.version}, pending_source = ${pending.source},
                        pending_state = ${pending.state}, pending_since = ${isoWithOffset(now)} WHERE id = 1`);
  }

  /** Counted before the installer runs: the app quits, so there is no "after". */
  installStarted(): void {
    this.db().run(sql`UPDATE update_state SET install_attempts = install_attempts + 1 WHERE id = 1`);
  }

  postpone(until: Date | null): void {
    this.ensure();
    this.db().run(
      sql`UPDATE update_state SET postponed_until = ${until ? isoWithOffset(until) : null} WHERE id = 1`,
    );
  }
}
