import type { KioskSettings } from '../../api/settings';
import type { Db } from '../db/database';
import { sql } from '../db/sql';

export const DEFAULT_SETTINGS: KioskSettings = { idleMinutes: 10, language: 'id' };

export function readSettings(db: Db): KioskSettings {
  const rows = db.all<{ key: string; value: string }>(sql`SELECT key, value FROM settings`);
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return {
    idleMinutes: typeof stored.idleMinutes === 'number' ? stored.idleMinutes : DEFAULT_SETTINGS.idleMinutes,
    language: stored.language === 'en' ? 'en' : DEFAULT_SETTINGS.language,
  };
}

export function writeSettings(db: Db, changes: Partial<KioskSettings>): KioskSettings {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    db.run(sql`INSERT INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)})
               ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  }
  return readSettings(db);
}
