import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isoWithOffset } from '../clock';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { parseJsonLimited } from '../packages/canonical';
import { revocationListSchema, type RevocationList, type RootKey } from './format';
import { mergeRevocations, verifyRevocationList, type MergeOutcome } from './revocation';

/** Where revocation lists travel on a stick: `<stick>/BalaiBelajar/pencabutan/*.json`. */
export const STICK_REVOCATION_FOLDER = 'BalaiBelajar/pencabutan';
export const MAX_REVOCATION_BYTES = 512 * 1024;
const MAX_LISTS_PER_FOLDER = 100;

export type RevocationSource = 'stick' | 'catalogue' | 'receipt' | 'cli';

interface ListRow {
  issuer_key_id: string;
  sequence: number;
  list: string;
}

/** The lists this kiosk or hub holds, newest per issuer. A row that no longer parses is left out. */
export function heldRevocations(db: Db): RevocationList[] {
  const lists: RevocationList[] = [];
  for (const row of db.all<ListRow>(sql`SELECT issuer_key_id, sequence, list FROM revocation_lists`)) {
    try {
      const parsed = revocationListSchema.safeParse(JSON.parse(row.list));
      if (parsed.success) lists.push(parsed.data);
    } catch {
      // a damaged row is no list; the next copy of the list replaces it
    }
  }
  return lists;
}

export type AcceptedList =
  { ok: true; outcome: MergeOutcome; issuerKeyId: string; sequence: number } | { ok: false; reason: string };

/**
 * Verifies a revocation list and keeps it when it is the issuer's newest: `added` or `newer` change the
 * store; `same`, `older` (a replay) and `conflict` leave it exactly as it was.
 */
export function acceptRevocationList(
  db: Db,
  value: unknown,
  opts: { roots: readonly RootKey[]; now: Date; source: RevocationSource },
): AcceptedList {
  return db.transaction(() => {
    const held = heldRevocations(db);
    const checked = verifyRevocationList(value, { roots: opts.roots, revocations: held, now: opts.now });
    if (!checked.ok) return checked;
    const { outcome } = mergeRevocations(held, checked.list);
    if (outcome === 'added' || outcome === 'newer')
      db.run(sql`INSERT INTO revocation_lists (issuer_key_id, sequence, list, source, received_at)
                 VALUES (${checked.issuerKeyId}, ${checked.body.sequence}, ${JSON.stringify(checked.list)},
                         ${opts.source}, ${isoWithOffset(opts.now)})
                 ON CONFLICT (issuer_key_id) DO UPDATE SET sequence = excluded.sequence, list = excluded.list,
                   source = excluded.source, received_at = excluded.received_at`);
    return { ok: true, outcome, issuerKeyId: checked.issuerKeyId, sequence: checked.body.sequence };
  });
}

/** Reads a file's JSON and accepts it as a revocation list; never throws. */
export function acceptRevocationFile(
  db: Db,
  file: string,
  opts: { roots: readonly RootKey[]; now: Date; source: RevocationSource },
): AcceptedList {
  let bytes: Buffer;
  try {
    if (!lstatSync(file).isFile()) return { ok: false, reason: 'not a regular file' };
    bytes = readFileSync(file);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const json = parseJsonLimited(bytes, 'the revocation list', {
    maxBytes: MAX_REVOCATION_BYTES,
    maxDepth: 8,
  });
  if (!json.ok) return { ok: false, reason: json.reason };
  return acceptRevocationList(db, json.value, opts);
}

/** Every `*.json` in a stick's revocation folder, each judged on its own. */
export function readStickRevocations(
  db: Db,
  mountpoint: string,
  opts: { roots: readonly RootKey[]; now: Date },
): ({ file: string } & AcceptedList)[] {
  const dir = join(mountpoint, ...STICK_REVOCATION_FOLDER.split('/'));
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith('.json'))
      .sort()
      .slice(0, MAX_LISTS_PER_FOLDER);
  } catch {
    return [];
  }
  return names.map((file) => ({
    file,
    ...acceptRevocationFile(db, join(dir, file), { ...opts, source: 'stick' }),
  }));
}

/**
 * Revocation lists that ride inside another document (a catalogue's `revocations`, a receipt's): each is
 * judged on its own signature, so they count even when the carrier is refused afterwards.
 */
export function acceptCarriedLists(
  db: Db,
  lists: unknown,
  opts: { roots: readonly RootKey[]; now: Date; source: RevocationSource },
): AcceptedList[] {
  if (!Array.isArray(lists)) return [];
  return lists.slice(0, MAX_LISTS_PER_FOLDER).map((list) => acceptRevocationList(db, list, opts));
}
