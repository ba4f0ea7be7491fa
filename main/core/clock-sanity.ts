import type { ClockCheck, ClockSource, SeenTimeSource } from '../api/reports';
import { isoWithOffset } from './clock';
import type { Services } from './context';
import { sql, type Sql } from './db/sql';

/** The settings key holding the latest time learned from outside (a receipt, a network Date header). */
export const CLOCK_SEEN_KEY = 'clock_seen';

/** Behind by more than this, the operator is warned. */
export const CLOCK_WARN_MS = 5 * 60_000;

interface Seen {
  at: string;
  source: ClockSource;
}

/**
 * The latest time this kiosk has seen: the newest timestamp in its own records, or a later one learned from
 * outside. Times are compared as instants (SQLite's julianday reads the offset), not as text, so a change of
 * time zone cannot fool it. Each query scans its table once; at village sizes that is a few milliseconds.
 */
export function latestSeenTime(services: Services): Seen | null {
  const candidates: (Seen | null)[] = [
    newest(
      services,
      'outbox',
      sql`SELECT recorded_at AS at FROM outbox ORDER BY julianday(recorded_at) DESC LIMIT 1`,
    ),
    newest(services, 'audit', sql`SELECT at FROM audit_log ORDER BY julianday(at) DESC LIMIT 1`),
    newest(
      services,
      'quiz',
      sql`SELECT started_at AS at FROM quiz_attempts ORDER BY julianday(started_at) DESC LIMIT 1`,
    ),
    newest(
      services,
      'quiz',
      sql`SELECT submitted_at AS at FROM quiz_attempts WHERE submitted_at IS NOT NULL
          ORDER BY julianday(submitted_at) DESC LIMIT 1`,
    ),
    newest(
      services,
      'lesson',
      sql`SELECT updated_at AS at FROM lesson_progress ORDER BY julianday(updated_at) DESC LIMIT 1`,
    ),
    newest(
      services,
      'certificate',
      sql`SELECT issued_at AS at FROM certificates ORDER BY julianday(issued_at) DESC LIMIT 1`,
    ),
    readNoted(services),
  ];
  let best: Seen | null = null;
  for (const c of candidates) if (c && (!best || Date.parse(c.at) > Date.parse(best.at))) best = c;
  return best;
}

/**
 * Raises the latest time seen with a time learned from outside (a hub's receipt, a network Date header).
 * Only ever raises it; an unreadable time is ignored. Returns whether it was raised.
 */
export function noteTimeSeen(services: Services, iso: string, source: SeenTimeSource): boolean {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return false;
  const current = readNoted(services);
  if (current && Date.parse(current.at) >= time) return false;
  const value: Seen = { at: isoWithOffset(new Date(time)), source };
  services.db.run(sql`INSERT INTO settings (key, value) VALUES (${CLOCK_SEEN_KEY}, ${JSON.stringify(value)})
                      ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  return true;
}

/** The kiosk's clock against the latest time seen: behind by more than five minutes warns. */
export function clockCheck(services: Services): ClockCheck {
  const now = services.clock.now();
  const seen = latestSeenTime(services);
  const behindMs = seen ? Math.max(0, Date.parse(seen.at) - now.getTime()) : 0;
  return {
    now: isoWithOffset(now),
    latestSeen: seen?.at ?? null,
    source: seen?.source ?? null,
    behindMinutes: Math.floor(behindMs / 60_000),
    warn: behindMs > CLOCK_WARN_MS,
  };
}

function newest(services: Services, source: ClockSource, query: Sql): Seen | null {
  const row = services.db.get<{ at: string | null }>(query);
  return row?.at && Number.isFinite(Date.parse(row.at)) ? { at: row.at, source } : null;
}

function readNoted(services: Services): Seen | null {
  const row = services.db.get<{ value: string }>(
    sql`SELECT value FROM settings WHERE key = ${CLOCK_SEEN_KEY}`,
  );
  if (!row) return null;
  try {
    const parsed = JSON.parse(row.value) as Partial<Seen>;
    if (typeof parsed.at !== 'string' || !Number.isFinite(Date.parse(parsed.at))) return null;
    return { at: parsed.at, source: parsed.source === 'network' ? 'network' : 'receipt' };
  } catch {
    return null;
  }
}
