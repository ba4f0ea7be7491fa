import { err, ok, type Result } from '../../api/result';
import { isoWithOffset, type Clock } from '../clock';
import type { Db } from '../db/database';
import type { Logger } from '../log';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffConfig } from './backoff';
import {
  checkAbout,
  excerpt,
  getStatement,
  postStatements,
  type Failure,
  type FetchFn,
  type HttpOptions,
  type PostAnswer,
} from './client';
import { compareStatements } from './compare';
import type { LrsConnection } from './settings';
import {
  noteCheck,
  noteFailure,
  noteIdle,
  noteSuccess,
  outboxQueue,
  readUploaderState,
  resetBackoff,
  type QuarantineNote,
  type QueuedStatement,
  type UploadErrorCode,
  type UploadQueue,
} from './store';

/** xAPI batches stay small: a rejected batch is cheaper to split, and a lost answer costs little to resend. */
export const MAX_BATCH = 100;

export interface UploadConfig {
  /** Statements per POST (at most 100). */
  batchSize: number;
  /** Per request, the answer's body included. */
  timeoutMs: number;
  backoff: BackoffConfig;
  /** A run gives up after this many failed attempts in a row (the schedule tries again later). */
  maxFailures: number;
}

export const DEFAULT_UPLOAD_CONFIG: UploadConfig = {
  batchSize: MAX_BATCH,
  timeoutMs: 30_000,
  backoff: DEFAULT_BACKOFF,
  maxFailures: 6,
};

export interface UploaderDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** The LRS to send to, read at the start of each run (the operator may change it between runs). */
  connection: () => Result<LrsConnection>;
  /** Default: the global fetch. */
  fetch?: FetchFn;
  /** Default: the kiosk's outbox. */
  queue?: UploadQueue;
  config?: Partial<UploadConfig>;
  /** For the jitter; tests pass a seeded one. */
  random?: () => number;
  /** Waits between attempts inside a run; resolves early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** How a run ended. */
export type UploadEnd =
  /** Nothing is pending: every statement is in the LRS or in quarantine. */
  | 'empty'
  /** The LRS stayed unreachable or kept failing `maxFailures` times in a row: try again later. */
  | 'unreachable'
  /** The LRS refused the credentials or the endpoint: the settings must change before it can work. */
  | 'refused'
  | 'cancelled';

export interface UploadReport {
  end: UploadEnd;
  /** Acknowledged by the LRS in this run (stored, or found already stored and equal). */
  sent: number;
  /** Put in quarantine in this run. */
  quarantined: number;
  /** Still waiting. */
  pending: number;
  /** Failed attempts in this run. */
  failures: number;
  /** The last failure, when the run did not end 'empty'. */
  error: { code: UploadErrorCode; message: string; httpStatus: number | null } | null;
  /** When the schedule will try again (null: at its next tick). */
  nextAttemptAt: string | null;
}

export interface UploadRunOptions {
  signal?: AbortSignal;
  /** Statements settled so far, of the total (which grows if learning goes on meanwhile). */
  onProgress?: (done: number, total: number) => void;
  maxFailures?: number;
  /** Start the back-off from the bottom (the operator asked now); the schedule keeps it. */
  resetBackoff?: boolean;
}

/** What delivering one batch came to. */
interface Settled {
  acknowledged: number;
  quarantined: number;
  failure: Failure | null;
  aborted: boolean;
}

const settled = (over: Partial<Settled> = {}): Settled => ({
  acknowledged: 0,
  quarantined: 0,
  failure: null,
  aborted: false,
  ...over,
});

function add(a: Settled, b: Settled): Settled {
  return {
    acknowledged: a.acknowledged + b.acknowledged,
    quarantined: a.quarantined + b.quarantined,
    failure: b.failure,
    aborted: b.aborted,
  };
}

const stopped = (s: Settled) => s.failure !== null || s.aborted;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Sends pending statements to the LRS until none is left, the LRS keeps failing, or it is stopped.
 * A statement counts as delivered only when the LRS acknowledged it (200 with its id, or a 409 whose stored
 * statement is the same), and it is marked in the same transaction as the rest of its batch; so a crash or a
 * lost answer means it is sent again, which the LRS takes as the same statement. A rejected batch (400, 413)
 * is split in halves until the statements the LRS refuses are found; those go to quarantine with the LRS's
 * reason and the rest is delivered. Between failed attempts it backs off (exponential, with jitter, at least
 * what Retry-After asks); the state is in the database, so a restart carries on where it stopped.
 */
export class Uploader {
  private readonly config: UploadConfig;
  private readonly queue: UploadQueue;
  private readonly fetch: FetchFn;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private running = false;

  constructor(private readonly deps: UploaderDeps) {
    this.config = { ...DEFAULT_UPLOAD_CONFIG, ...deps.config };
    this.config.batchSize = Math.max(1, Math.min(MAX_BATCH, this.config.batchSize));
    this.queue = deps.queue ?? outboxQueue(deps.db);
    this.fetch = deps.fetch ?? ((url, init) => fetch(url, init));
    this.random = deps.random ?? Math.random;
    this.sleep = deps.sleep ?? abortableSleep;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Is the LRS there (GET about)? Written down as the last check. */
  async check(signal?: AbortSignal): Promise<Result<{ reachable: boolean; error: string | null }>> {
    const conn = this.deps.connection();
    if (!conn.ok) return conn;
    const about = await checkAbout(conn.value, this.http(signal));
    if (about.kind === 'aborted') return err('CONFLICT', 'the check was cancelled', { reason: 'cancelled' });
    noteCheck(this.deps.db, this.now(), about.kind === 'ok');
    return ok({ reachable: about.kind === 'ok', error: about.kind === 'ok' ? null : about.failure.message });
  }

  /** One run. BUSY when a run is going on already; NOT_FOUND / CONFLICT when the LRS settings cannot be used. */
  async run(options: UploadRunOptions = {}): Promise<Result<UploadReport>> {
    if (this.running) return err('BUSY', 'an upload is already running');
    const conn = this.deps.connection();
    if (!conn.ok) return conn;
    this.running = true;
    try {
      return ok(await this.runWith(conn.value, options));
    } catch (error) {
      this.deps.log.error('upload failed', { error: error instanceof Error ? error.stack : String(error) });
      return err('INTERNAL', 'the upload failed; see the log');
    } finally {
      this.running = false;
    }
  }

  private async runWith(conn: LrsConnection, options: UploadRunOptions): Promise<UploadReport> {
    const { db, log } = this.deps;
    const { signal } = options;
    const maxFailures = Math.max(1, options.maxFailures ?? this.config.maxFailures);
    if (options.resetBackoff) resetBackoff(db);
    const http = this.http(signal);
    let sent = 0;
    let quarantined = 0;
    let failures = 0;
    let lastFailure: Failure | null = null;
    let reachable = false;
    const progress = () =>
      options.onProgress?.(sent + quarantined, sent + quarantined + this.queue.pendingCount());
    const report = (end: UploadEnd): UploadReport => {
      const state = readUploaderState(db);
      const r: UploadReport = {
        end,
        sent,
        quarantined,
        pending: this.queue.pendingCount(),
        failures,
        error:
          end === 'empty' || !lastFailure
            ? null
            : { code: lastFailure.code, message: lastFailure.message, httpStatus: lastFailure.httpStatus },
        nextAttemptAt: state.nextAttemptAt,
      };
      log.info('upload run ended', { ...r, endpoint: conn.endpoint });
      return r;
    };
    progress();

    for (;;) {
      if (signal?.aborted) return report('cancelled');
      let outcome: Settled;
      if (!reachable) {
        // A cheap real request first: on a weak link, do not push a batch into a link that is not there.
        const about = await checkAbout(conn, http);
        if (about.kind !== 'aborted') noteCheck(db, this.now(), about.kind === 'ok');
        reachable = about.kind === 'ok';
        outcome =
          about.kind === 'ok'
            ? settled()
            : about.kind === 'aborted'
              ? settled({ aborted: true })
              : settled({ failure: about.failure });
      } else {
        const batch = this.queue.next(this.config.batchSize);
        if (batch.length === 0) {
          noteIdle(db);
          return report('empty');
        }
        outcome = await this.deliver(conn, batch, http);
      }
      sent += outcome.acknowledged;
      quarantined += outcome.quarantined;
      if (outcome.acknowledged + outcome.quarantined > 0) {
        failures = 0; // the success itself is noted with what it settled (acknowledge, quarantine)
        progress();
      }
      if (outcome.aborted) return report('cancelled');
      const failure = outcome.failure;
      if (!failure) continue;

      failures++;
      lastFailure = failure;
      const step = readUploaderState(db).backoffStep;
      const delay = backoffDelay(step, this.config.backoff, this.random, failure.retryAfterMs);
      const nextAt = isoWithOffset(new Date(this.deps.clock.now().getTime() + delay));
      noteFailure(db, this.now(), failure.code, failure.message, nextAt);
      log.warn('upload attempt failed', {
        code: failure.code,
        message: failure.message,
        status: failure.httpStatus,
        step,
        retryInMs: delay,
      });
      if (!failure.transient) return report('refused');
      if (failures >= maxFailures) return report('unreachable');
      // After a network failure, look before sending a whole batch again.
      if (['unreachable', 'timeout', 'not_lrs'].includes(failure.code)) reachable = false;
      await this.sleep(delay, signal);
    }
  }

  /** POSTs one batch and settles what the answer says. */
  private async deliver(
    conn: LrsConnection,
    batch: readonly QueuedStatement[],
    http: HttpOptions,
  ): Promise<Settled> {
    return this.settle(conn, batch, await postStatements(conn, batch, http), http);
  }

  private async settle(
    conn: LrsConnection,
    batch: readonly QueuedStatement[],
    answer: PostAnswer,
    http: HttpOptions,
  ): Promise<Settled> {
    switch (answer.kind) {
      case 'stored':
        this.acknowledge(batch, conn);
        return settled({ acknowledged: batch.length });
      case 'conflict':
        return this.resolveConflict(conn, batch, http);
      case 'rejected':
        return this.splitRejected(conn, batch, answer, http);
      case 'failed':
        return settled({ failure: answer.failure });
      case 'aborted':
        return settled({ aborted: true });
    }
  }

  /**
   * A batch the LRS rejected (400 or 413): halves are sent on their own until each rejected statement stands
   * alone; it goes to quarantine with the LRS's answer, and everything the LRS takes is delivered.
   */
  private async splitRejected(
    conn: LrsConnection,
    batch: readonly QueuedStatement[],
    answer: { status: number; body: string },
    http: HttpOptions,
  ): Promise<Settled> {
    if (batch.length === 1) {
      const item = batch[0]!;
      this.quarantine(item, {
        reason: answer.status === 413 ? 'too_large' : 'rejected',
        httpStatus: answer.status,
        detail: excerpt(answer.body) || `HTTP ${answer.status}`,
      });
      this.deps.log.warn('statement quarantined: the LRS rejects it', {
        seq: item.seq,
        id: item.id,
        status: answer.status,
        answer: excerpt(answer.body, 200),
      });
      return settled({ quarantined: 1 });
    }
    return this.sendHalves(conn, batch, http);
  }

  /**
   * 409: the LRS holds a statement with one of these ids. Each is fetched and compared as xAPI says: the same
   * statement means delivered; a different one goes to quarantine; the ones the LRS does not hold are sent
   * again. When this key may not read statements, the batch is split instead until the conflict stands alone.
   * Every step works on fewer statements than the one before, so this ends.
   */
  private async resolveConflict(
    conn: LrsConnection,
    batch: readonly QueuedStatement[],
    http: HttpOptions,
  ): Promise<Settled> {
    let total = settled();
    const resend: QueuedStatement[] = [];
    for (const [i, item] of batch.entries()) {
      const got = await getStatement(conn, item.id, http);
      if (got.kind === 'aborted') return add(total, settled({ aborted: true }));
      if (got.kind === 'missing') {
        resend.push(item);
        continue;
      }
      if (got.kind === 'failed') {
        if (got.failure.code !== 'auth') return add(total, settled({ failure: got.failure }));
        if (batch.length === 1) {
          const detail = `the LRS reports a conflict and does not let this key read the statement (${got.failure.message})`;
          return add(
            total,
            this.quarantineConflict(item, 'conflict_unverified', detail, got.failure.httpStatus),
          );
        }
        const rest = [...resend, ...batch.slice(i)];
        return add(
          total,
          rest.length < batch.length
            ? await this.deliver(conn, rest, http)
            : await this.sendHalves(conn, rest, http),
        );
      }
      let ours: unknown = null;
      try {
        ours = JSON.parse(item.json);
      } catch {
        // Compared as null: never the same, so it goes to quarantine where it can be seen.
      }
      const compared = compareStatements(ours, got.statement);
      if (compared.same) {
        this.acknowledge([item], conn);
        total = add(total, settled({ acknowledged: 1 }));
      } else {
        const detail = `the LRS holds a different statement with this id (differs in ${compared.differences.join(', ')})`;
        total = add(total, this.quarantineConflict(item, 'conflict', detail, 409));
      }
    }
    if (resend.length === 0) return total;
    if (resend.length < batch.length) return add(total, await this.deliver(conn, resend, http));
    if (batch.length === 1) {
      const detail = 'the LRS reports a conflict but holds no statement with this id';
      return add(total, this.quarantineConflict(batch[0]!, 'conflict_unverified', detail, 409));
    }
    return add(total, await this.sendHalves(conn, resend, http));
  }

  /** Sends the two halves of `items` one after the other (stops at a failure). */
  private async sendHalves(
    conn: LrsConnection,
    items: readonly QueuedStatement[],
    http: HttpOptions,
  ): Promise<Settled> {
    const middle = Math.ceil(items.length / 2);
    let total = settled();
    for (const half of [items.slice(0, middle), items.slice(middle)]) {
      total = add(total, await this.deliver(conn, half, http));
      if (stopped(total)) break;
    }
    return total;
  }

  private quarantineConflict(
    item: QueuedStatement,
    reason: 'conflict' | 'conflict_unverified',
    detail: string,
    httpStatus: number | null,
  ): Settled {
    this.quarantine(item, { reason, httpStatus, detail });
    this.deps.log.warn('statement quarantined: conflict in the LRS', {
      seq: item.seq,
      id: item.id,
      reason,
      detail,
    });
    return settled({ quarantined: 1 });
  }

  /**
   * The LRS holds these: marked delivered, and the success noted (back-off reset), in one transaction: one
   * durable commit (an fsync) per batch, not two.
   */
  private acknowledge(items: readonly QueuedStatement[], conn: LrsConnection): void {
    const at = this.now();
    this.deps.db.transaction(() => {
      this.queue.acknowledge(items, at, conn.endpoint);
      noteSuccess(this.deps.db, at);
    });
  }

  /** The LRS answered about it, so the link works: quarantined and the success noted, in one transaction. */
  private quarantine(item: QueuedStatement, note: QuarantineNote): void {
    const at = this.now();
    this.deps.db.transaction(() => {
      this.queue.quarantine(item, note, at);
      noteSuccess(this.deps.db, at);
    });
  }

  private http(signal?: AbortSignal): HttpOptions {
    return {
      fetch: this.fetch,
      timeoutMs: this.config.timeoutMs,
      signal,
      now: () => this.deps.clock.now(),
    };
  }

  private now(): string {
    return isoWithOffset(this.deps.clock.now());
  }
}
