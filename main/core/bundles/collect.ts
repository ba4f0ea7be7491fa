import { createHash } from 'node:crypto';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import type { BundleCertificates, BundleRoster, Personal, RosterLearner, SeqRange } from './format';
import { SEALING_SCHEME } from './format';
import { RosterSealer } from './sealing';
import { pendingPage, type PinnedHubRow } from './store';

/** What goes into a bundle, read from the database. */

interface AccountRow {
  id: string;
  full_name: string | null;
  jabatan: string | null;
  nik: string | null;
  email: string | null;
  is_operator: 0 | 1;
  disabled: 0 | 1;
  erased_at: string | null;
  created_at: string;
}

/**
 * The roster: every learner (and any account with recorded statements). Personal data goes in clear (name
 * only) until a hub is pinned; from then on it is sealed to the hub's X25519 key, with NIK and email too.
 */
export function collectRoster(db: Db, deviceId: string, hub: PinnedHubRow | undefined): BundleRoster {
  const rows = db.all<AccountRow>(
    sql`SELECT id, full_name, jabatan, nik, email, is_operator, disabled, erased_at, created_at FROM accounts a
        WHERE a.is_learner = 1 OR EXISTS (SELECT 1 FROM outbox o WHERE o.learner_id = a.id)
        ORDER BY a.created_at, a.id`,
  );
  const sealer = hub ? new RosterSealer(hub.encryption_key, deviceId) : null;
  const learners = rows.map((row): RosterLearner => {
    const erased = row.erased_at !== null || row.full_name === null;
    const personal: Personal | null = erased
      ? null
      : {
          fullName: row.full_name!,
          ...(row.nik ? { nik: row.nik } : {}),
          ...(row.email ? { email: row.email } : {}),
        };
    return {
      id: row.id,
      jabatan: row.erased_at === null ? row.jabatan : null,
      isOperator: row.is_operator === 1,
      disabled: row.disabled === 1,
      erased: row.erased_at !== null,
      createdAt: row.created_at,
      personal: personal && !sealer ? { fullName: personal.fullName } : null,
      sealedPersonal: personal && sealer ? sealer.seal(row.id, personal) : null,
    };
  });
  return {
    formatVersion: 1,
    deviceId,
    personalData: sealer ? 'sealed' : 'clear',
    sealing:
      sealer && hub
        ? {
            scheme: SEALING_SCHEME,
            hubKeyId: hub.key_id,
            recipientKey: sealer.recipientKey,
            ephemeralKey: sealer.ephemeralKey,
          }
        : null,
    learners,
  };
}

interface CertificateRow {
  number: string;
  learner_id: string;
  course_id: string;
  course_version: string;
  pre_score: number | null;
  post_score: number;
  issued_at: string;
  signature: string;
}

/** Every certificate the kiosk issued, oldest first. */
export function collectCertificates(db: Db): BundleCertificates {
  const rows = db.all<CertificateRow>(
    sql`SELECT number, learner_id, course_id, course_version, pre_score, post_score, issued_at, signature
        FROM certificates ORDER BY issued_at, number`,
  );
  return {
    formatVersion: 1,
    certificates: rows.map((r) => ({
      number: r.number,
      learnerId: r.learner_id,
      courseId: r.course_id,
      courseVersion: r.course_version,
      preScore: r.pre_score,
      postScore: r.post_score,
      issuedAt: r.issued_at,
      code: r.signature,
    })),
  };
}

/** statements.ndjson, built in memory with what the manifest says about it. */
export interface CollectedStatements {
  chunks: Buffer[];
  size: number;
  sha256: string;
  count: number;
  ranges: SeqRange[];
  firstAt: string | null;
  lastAt: string | null;
}

const PAGE = 500;

/**
 * Reads the pending statements up to `upTo` page by page (the database is free between pages: the kiosk
 * stays responsive), each line exactly the JSON as recorded. Tracks runs of sequence numbers and the time
 * span (compared as instants: the kiosk's offset may have changed).
 */
export async function collectStatements(
  db: Db,
  upTo: number,
  options: { signal?: AbortSignal; onProgress?: (done: number) => void } = {},
): Promise<CollectedStatements> {
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  const ranges: SeqRange[] = [];
  let size = 0;
  let count = 0;
  let after = 0;
  let first: { at: string; ms: number } | null = null;
  let last: { at: string; ms: number } | null = null;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = pendingPage(db, after, upTo, PAGE);
    if (page.length === 0) break;
    const chunk = Buffer.from(page.map((r) => `${r.statement}\n`).join(''), 'utf8');
    hash.update(chunk);
    chunks.push(chunk);
    size += chunk.length;
    for (const row of page) {
      const run = ranges.at(-1);
      if (run && run.to === row.seq - 1) run.to = row.seq;
      else ranges.push({ from: row.seq, to: row.seq });
      const ms = Date.parse(row.recorded_at);
      if (!Number.isNaN(ms)) {
        if (!first || ms < first.ms) first = { at: row.recorded_at, ms };
        if (!last || ms > last.ms) last = { at: row.recorded_at, ms };
      }
    }
    count += page.length;
    after = page[page.length - 1]!.seq;
    options.onProgress?.(count);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    chunks,
    size,
    sha256: hash.digest('hex'),
    count,
    ranges,
    firstAt: first?.at ?? null,
    lastAt: last?.at ?? null,
  };
}
