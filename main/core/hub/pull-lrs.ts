import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { isoWithOffset } from '../clock';
import { sql } from '../db/sql';
import { getStatementsPage, type Failure, type FetchFn, type HttpOptions } from '../lrs/client';
import type { LrsConnection } from '../lrs/settings';
import { loadHub, type HubServices } from './identity';
import { PARK_REASONS, placeStatement, type ParkReason, type Placement } from './pull-place';
import { rollUpPulled, type AddedStatement } from './rollups';

/**
 * `balai hub pull-lrs` (issue 21): a hub fills itself from the programme's LRS, whatever LRS that is, with
 * `GET statements?since=…`, page by page through `more`. Each page goes in with one transaction: its statements
 * (idempotent by device and statement id, like an import), the roster rows and rollups they change, the
 * statements parked, and the pull's own state (the next page's link), so a pull killed halfway goes on from
 * the last page it stored and counts nothing twice. The X-Experience-API-Consistent-Through of a pull's first
 * page is its watermark: everything the LRS stored until then came in this pull, so the next pull asks `since`
 * it (statements stored later but already seen are held, not counted again).
 */

export interface PullOptions {
  connection: LrsConnection;
  /** Start a new pull from this instant (ISO 8601); without it: go on with a pull stopped halfway, else from the watermark. */
  since?: string;
  /** Statements per page asked of the LRS (the LRS may answer fewer). */
  pageSize?: number;
  signal?: AbortSignal;
  fetch?: FetchFn;
  timeoutMs?: number;
  /** After each page is stored: the running totals. */
  onPage?: (report: PullReport) => void;
  actorId?: string | null;
}

export interface PullReport {
  /** done: the last page is stored; cancelled / failed: stopped after `pages` pages, to go on next time. */
  end: 'done' | 'cancelled' | 'failed';
  endpoint: string;
  /** This run went on with a pull an earlier run began. */
  resumed: boolean;
  since: string | null;
  /** What the next pull starts from (the finished pull's consistent-through), null until a pull finished. */
  watermark: string | null;
  /** The pull's totals so far, over every run of it. */
  pages: number;
  received: number;
  added: number;
  /** Already held (imported from a bundle or pulled before), or parked before: not counted again. */
  alreadyHeld: number;
  parked: Record<ParkReason, number>;
  error: Failure | null;
}

interface PullRow {
  endpoint: string;
  watermark: string | null;
  since: string | null;
  consistent_through: string | null;
  next_url: string | null;
  pages: number;
  received: number;
  added: number;
  already_held: number;
  parked: number;
  pull: number;
}

const DEFAULT_PAGE = 500;

/** An xAPI timestamp as given on the command line, as the LRS reads it (UTC), or null when it is not one. */
export function parseSince(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim()))
    return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** Pulls statements from the LRS into the hub until the last page, a cancel or a failure. */
export async function pullLrs(services: HubServices, options: PullOptions): Promise<Result<PullReport>> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  const { db, clock, log } = services;
  const regionCode = keys.value.hub.region_code;
  const { endpoint } = options.connection;
  const origin = new URL(endpoint).origin;
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 10_000)
    return err('BAD_INPUT', 'the page size is a whole number from 1 to 10,000');
  const http: HttpOptions = {
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    timeoutMs: options.timeoutMs ?? 60_000,
    signal: options.signal,
    now: () => clock.now(),
  };
  // The hub forwards what it holds to its own LRS: statements pulled from that very LRS are there already.
  const forwardsHere =
    db.get<{ endpoint: string }>(sql`SELECT endpoint FROM lrs_settings WHERE id = 1`)?.endpoint === endpoint;

  let row = db.get<PullRow>(sql`SELECT * FROM hub_lrs_pulls WHERE endpoint = ${endpoint}`);
  const running = row?.next_url != null;
  const resumed = running && (options.since === undefined || options.since === row!.since);
  const startUrl = (since: string | null) =>
    `${endpoint}statements?limit=${pageSize}${since ? `&since=${encodeURIComponent(since)}` : ''}`;
  let url: string;
  if (resumed) url = row!.next_url!;
  else {
    const since = options.since ?? row?.watermark ?? null;
    db.run(sql`INSERT INTO hub_lrs_pulls (endpoint, pull, since, started_at)
               VALUES (${endpoint}, 1, ${since}, ${isoWithOffset(clock.now())})
               ON CONFLICT (endpoint) DO UPDATE SET pull = pull + 1, since = excluded.since, consistent_through = NULL, next_url = NULL,
                 pages = 0, received = 0, added = 0, already_held = 0, parked = 0, started_at = excluded.started_at,
                 finished_at = NULL`);
    url = startUrl(since);
  }
  row = db.get<PullRow>(sql`SELECT * FROM hub_lrs_pulls WHERE endpoint = ${endpoint}`)!;
  const pullNo = row.pull;
  const report = (end: PullReport['end'], error: Failure | null = null): PullReport => {
    const r = db.get<PullRow>(sql`SELECT * FROM hub_lrs_pulls WHERE endpoint = ${endpoint}`)!;
    const parked = Object.fromEntries(PARK_REASONS.map((reason) => [reason, 0])) as Record<
      ParkReason,
      number
    >;
    for (const p of db.all<{ reason: ParkReason; n: number }>(
      sql`SELECT reason, COUNT(*) AS n FROM hub_lrs_parked WHERE endpoint = ${endpoint} AND pull = ${pullNo}
          GROUP BY reason`,
    ))
      parked[p.reason] = p.n;
    return {
      end,
      endpoint,
      resumed,
      since: r.since,
      watermark: r.watermark,
      pages: r.pages,
      received: r.received,
      added: r.added,
      alreadyHeld: r.already_held,
      parked,
      error,
    };
  };

  let first = !resumed;
  for (;;) {
    if (options.signal?.aborted) return ok(report('cancelled'));
    const page = await getStatementsPage(options.connection, url, http);
    if (page.kind === 'aborted') return ok(report('cancelled'));
    if (page.kind === 'failed') {
      log.warn('LRS pull stopped', { endpoint, code: page.failure.code, message: page.failure.message });
      return ok(report('failed', page.failure));
    }
    let next: string | null = null;
    if (page.more !== null) {
      const resolved = new URL(page.more, endpoint);
      if (resolved.origin !== origin)
        return ok(
          report('failed', {
            code: 'bad_response',
            message: `the LRS's next page is on another server (${resolved.origin}): not followed`,
            httpStatus: 200,
            transient: false,
            retryAfterMs: null,
          }),
        );
      next = resolved.href;
    }
    const now = isoWithOffset(clock.now());
    const placements = page.statements.map((s) => placeStatement(s, regionCode, services.regions));
    db.transaction(() => {
      const counts = storePage(db, { endpoint, pullNo, now, forwardsHere }, placements);
      db.run(sql`UPDATE hub_lrs_pulls SET next_url = ${next}, pages = pages + 1,
                   received = received + ${placements.length}, added = added + ${counts.added},
                   already_held = already_held + ${counts.held}, parked = parked + ${counts.parked},
                   consistent_through = CASE WHEN ${first ? 1 : 0} = 1 THEN ${page.consistentThrough}
                                             ELSE consistent_through END
                 WHERE endpoint = ${endpoint}`);
      if (next === null)
        db.run(sql`UPDATE hub_lrs_pulls SET watermark = COALESCE(consistent_through, watermark), finished_at = ${now}
                   WHERE endpoint = ${endpoint}`);
    });
    first = false;
    if (next === null) {
      const done = report('done');
      audit(db, clock, {
        actorId: options.actorId ?? null,
        action: 'hub.pull_lrs',
        targetId: null,
        details: {
          endpoint,
          since: done.since,
          watermark: done.watermark,
          received: done.received,
          added: done.added,
        },
      });
      log.info('LRS pull done', { endpoint, received: done.received, added: done.added });
      options.onPage?.(done);
      return ok(done);
    }
    options.onPage?.(report('done'));
    url = next;
  }
}

/** One page's statements into the hub (inside the page's transaction). */
function storePage(
  db: HubServices['db'],
  pull: { endpoint: string; pullNo: number; now: string; forwardsHere: boolean },
  placements: readonly Placement[],
): { added: number; held: number; parked: number } {
  const { endpoint, now, forwardsHere } = pull;
  let added = 0;
  let held = 0;
  let parkedNew = 0;
  const byDevice = new Map<string, AddedStatement[]>();
  for (const p of placements) {
    if (!p.placed) {
      const changes = db.run(sql`INSERT OR IGNORE INTO hub_lrs_parked (statement_id, endpoint, pull, reason,
                                   detail, statement, parked_at)
                                 VALUES (${p.id}, ${endpoint}, ${pull.pullNo}, ${p.reason}, ${p.detail}, ${p.line},
                                   ${now})`).changes;
      if (changes > 0) parkedNew++;
      else held++;
      continue;
    }
    const f = p.facts;
    const changes =
      db.run(sql`INSERT OR IGNORE INTO hub_statements (device_id, id, seq, desa_code, bundle_sha256,
                                 statement, learner_id, verb, course_id, object_kind, object_ref, quiz_kind, score, at_ms)
                               VALUES (${p.deviceId}, ${p.id}, ${p.seq}, ${p.desaCode}, NULL, ${p.line}, ${f.learnerId},
                                 ${f.verb}, ${f.courseId}, ${f.objectKind}, ${f.objectRef}, ${f.quizKind}, ${f.score},
                                 ${f.atMs})`).changes;
    if (changes === 0) {
      held++;
      continue;
    }
    added++;
    if (forwardsHere)
      db.run(sql`INSERT OR IGNORE INTO hub_lrs_deliveries (device_id, statement_id, at, ref)
                 VALUES (${p.deviceId}, ${p.id}, ${now}, ${endpoint})`);
    // A learner no roster has named yet is placed in the desa of their kiosk's statement, without a name;
    // the kiosk's next bundle brings the roster, which takes the place of this row (bundle_seq 0).
    if (f.learnerId !== null)
      db.run(sql`INSERT OR IGNORE INTO hub_learners (device_id, learner_id, desa_code, jabatan, is_operator, disabled,
                   erased, created_at, personal, full_name, nik, email, bundle_seq, updated_at)
                 VALUES (${p.deviceId}, ${f.learnerId}, ${p.desaCode}, NULL, 0, 0, 0, ${now}, 'none', NULL, NULL, NULL,
                   0, ${now})`);
    const list = byDevice.get(p.deviceId) ?? [];
    list.push({ seq: p.seq, facts: f });
    byDevice.set(p.deviceId, list);
  }
  for (const [deviceId, statements] of byDevice) rollUpPulled(db, deviceId, statements);
  return { added, held, parked: parkedNew };
}
