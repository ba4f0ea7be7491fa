import { z } from 'zod';
import { method } from './define';
import { driveId } from './library';

// App updates (online feed, or an update folder on a stick) and the signed course catalogue (issue 10).

export const UPDATE_CHANNELS = ['latest', 'beta', 'alpha'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

/** An update found and checked: being downloaded, or downloaded and waiting for a quiet moment. */
export interface PendingUpdate {
  version: string;
  source: 'online' | 'stick';
  state: 'downloading' | 'ready';
  since: string;
  installAttempts: number;
}

/** What the operator sees of app updates. */
export interface UpdateStatusView {
  currentVersion: string;
  channel: UpdateChannel;
  /** The feed in use; null: online updates are off. */
  feedUrl: string | null;
  /** The last request to the feed got an answer. */
  connected: boolean;
  lastCheckAt: string | null;
  lastCheckResult: 'up_to_date' | 'update_found' | 'refused' | 'failed' | null;
  nextCheckAt: string | null;
  busy: boolean;
  pending: PendingUpdate | null;
  postponedUntil: string | null;
  lastError: { at: string; code: string; message: string } | null;
  /** The updater runs here (the installed app); false in browser mode and in a development run. */
  active: boolean;
}

export interface UpdateSettings {
  channel: UpdateChannel;
  /** null: the feed built into the app. */
  feedUrl: string | null;
  /** The signed course catalogue; null: no online course updates. */
  catalogueUrl: string | null;
  /** No one logged in and no input this long: a quiet moment to install an update. */
  quietMinutes: number;
  startAtLogin: boolean;
}

export interface AcceptedCatalogueView {
  catalogueId: string;
  sequence: number;
  issuedAt: string;
  keyId: string;
  url: string;
  acceptedAt: string;
}

/** The result of a catalogue sync task (`catalogue.sync`). */
export interface CatalogueSyncResult {
  catalogueId: string;
  sequence: number;
  installed: { id: string; version: string; replaced: string | null }[];
  upToDate: number;
  failed: { id: string; version: string; reason: string }[];
}

/** An http(s) URL without user name or password. */
export const webUrl = z
  .string()
  .max(500)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'an http(s) URL without user name or password');

export const updateSettingsChange = z.strictObject({
  channel: z.enum(UPDATE_CHANNELS).optional(),
  feedUrl: webUrl.nullable().optional(),
  catalogueUrl: webUrl.nullable().optional(),
  quietMinutes: z.number().int().min(1).max(240).optional(),
  startAtLogin: z.boolean().optional(),
});

export const updatesApi = {
  'updates.status': method<{ status: UpdateStatusView }>()('operator', z.strictObject({})),
  /** Looks at the feed now. NOT_FOUND (`details.reason` `inactive` or `no_feed`) when it cannot; BUSY. */
  'updates.check': method<{ status: UpdateStatusView }>()('operator', z.strictObject({})),
  /** Puts the installation off (minutes, at most 7 days); null lifts it. */
  'updates.postpone': method<{ status: UpdateStatusView }>()(
    'operator',
    z.strictObject({ minutes: z.number().int().min(1).max(10_080).nullable() }),
  ),
  /** Takes the `balai-update/` folder on a stick (task kind `update.stick`; refusals in `details.reason`). */
  'updates.fromStick': method<{ taskId: string }>()('operator', z.strictObject({ driveId })),
  'updates.settings': method<{ settings: UpdateSettings }>()('operator', z.strictObject({})),
  'updates.saveSettings': method<{ settings: UpdateSettings }>()('operator', updateSettingsChange),
  /** Reads the signed course catalogue now (task `catalogue.sync`, result `CatalogueSyncResult`). */
  'catalogue.sync': method<{ taskId: string }>()('operator', z.strictObject({})),
  'catalogue.status': method<{ url: string | null; catalogues: AcceptedCatalogueView[] }>()(
    'operator',
    z.strictObject({}),
  ),
};
