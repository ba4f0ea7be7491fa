import { z } from 'zod';
import { updateSettingsChange, webUrl as apiWebUrl } from '../../api/updates';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { UPDATE_CHANNELS, type UpdateChannel } from './version';

/**
 * The operator's choices for updates, kept as rows of the `settings` table (key → JSON), under keys of
 * their own so the kiosk settings stay as they are.
 */
export interface UpdateSettings {
  /** Which releases this kiosk takes: `latest` (releases only), `beta`, `alpha`. */
  channel: UpdateChannel;
  /** The app-update feed; null: the one built into the app (electron-builder.yml `publish.url`). */
  feedUrl: string | null;
  /** The signed course catalogue; null: no online course updates. */
  catalogueUrl: string | null;
  /** No one logged in and no input this long: a quiet moment to install an update. */
  quietMinutes: number;
  /** Start Balai Belajar when Windows starts (a packaged kiosk only). */
  startAtLogin: boolean;
}

export const DEFAULT_UPDATE_SETTINGS: UpdateSettings = {
  channel: 'latest',
  feedUrl: null,
  catalogueUrl: null,
  quietMinutes: 10,
  startAtLogin: true,
};

/** The API's parsers: an http(s) URL without credentials, and a change to the settings. */
export const webUrl = apiWebUrl;
export const updateSettingsChangeSchema = updateSettingsChange;
export type UpdateSettingsChange = z.infer<typeof updateSettingsChangeSchema>;

const KEYS: Record<keyof UpdateSettings, string> = {
  channel: 'updates.channel',
  feedUrl: 'updates.feedUrl',
  catalogueUrl: 'catalogue.url',
  quietMinutes: 'updates.quietMinutes',
  startAtLogin: 'kiosk.startAtLogin',
};

const storedShape = z.object({
  channel: z.enum(UPDATE_CHANNELS).catch(DEFAULT_UPDATE_SETTINGS.channel),
  feedUrl: webUrl.nullable().catch(DEFAULT_UPDATE_SETTINGS.feedUrl),
  catalogueUrl: webUrl.nullable().catch(DEFAULT_UPDATE_SETTINGS.catalogueUrl),
  quietMinutes: z.number().int().min(1).max(240).catch(DEFAULT_UPDATE_SETTINGS.quietMinutes),
  startAtLogin: z.boolean().catch(DEFAULT_UPDATE_SETTINGS.startAtLogin),
});

/** The stored choices; a missing or unreadable value falls back to its default. */
export function readUpdateSettings(db: Db): UpdateSettings {
  const values: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(KEYS)) {
    const row = db.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${key}`);
    try {
      values[field] = row ? (JSON.parse(row.value) as unknown) : undefined;
    } catch {
      values[field] = undefined;
    }
    values[field] ??= DEFAULT_UPDATE_SETTINGS[field as keyof UpdateSettings];
  }
  return storedShape.parse(values);
}

export function writeUpdateSettings(db: Db, change: UpdateSettingsChange): UpdateSettings {
  db.transaction(() => {
    for (const [field, value] of Object.entries(change)) {
      if (value === undefined) continue;
      const key = KEYS[field as keyof UpdateSettings];
      db.run(sql`INSERT INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)})
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    }
  });
  return readUpdateSettings(db);
}
