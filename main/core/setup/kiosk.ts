import type { Db } from '../db/database';
import { sql } from '../db/sql';

/** The single `kiosk` row: which village this PC serves, and its device identity. */
export interface KioskRow {
  device_id: string;
  desa_code: string;
  desa_name: string;
  kecamatan_name: string;
  kabupaten_name: string;
  provinsi_name: string;
  region_dataset: string;
  public_key: string;
  recovery_hash: string;
  created_at: string;
}

export function readKiosk(db: Db): KioskRow | undefined {
  return db.get<KioskRow>(sql`SELECT * FROM kiosk WHERE id = 1`);
}
