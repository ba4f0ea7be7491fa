import { isoWithOffset } from '../clock';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import type { AcceptedCatalogue } from './format';

interface CatalogueRow {
  catalogue_id: string;
  sequence: number;
  issued_at: string;
  digest: string;
  key_id: string;
  url: string;
  accepted_at: string;
}

/** The last accepted catalogue per catalogue id (migration 0008), as the operator and the replay check see it. */
export interface CatalogueRecord extends AcceptedCatalogue {
  keyId: string;
  url: string;
  acceptedAt: string;
}

const fromRow = (row: CatalogueRow): CatalogueRecord => ({
  catalogueId: row.catalogue_id,
  sequence: row.sequence,
  issuedAt: row.issued_at,
  digest: row.digest,
  keyId: row.key_id,
  url: row.url,
  acceptedAt: row.accepted_at,
});

export function lastAcceptedCatalogue(db: Db, catalogueId: string): CatalogueRecord | undefined {
  const row = db.get<CatalogueRow>(sql`SELECT * FROM catalogue_state WHERE catalogue_id = ${catalogueId}`);
  return row ? fromRow(row) : undefined;
}

export function acceptedCatalogues(db: Db): CatalogueRecord[] {
  return db.all<CatalogueRow>(sql`SELECT * FROM catalogue_state ORDER BY accepted_at DESC`).map(fromRow);
}

/**
 * Records a catalogue as accepted. Never goes back: the row only moves to a higher sequence (a check and
 * this write race only with another sync, which `Tasks` does not run at the same time).
 */
export function recordCatalogue(db: Db, record: Omit<CatalogueRecord, 'acceptedAt'>, now: Date): void {
  db.run(sql`INSERT INTO catalogue_state (catalogue_id, sequence, issued_at, digest, key_id, url, accepted_at)
             VALUES (${record.catalogueId}, ${record.sequence}, ${record.issuedAt}, ${record.digest},
                     ${record.keyId}, ${record.url}, ${isoWithOffset(now)})
             ON CONFLICT (catalogue_id) DO UPDATE SET sequence = excluded.sequence, issued_at = excluded.issued_at,
               digest = excluded.digest, key_id = excluded.key_id, url = excluded.url,
               accepted_at = excluded.accepted_at
             WHERE excluded.sequence > catalogue_state.sequence`);
}
