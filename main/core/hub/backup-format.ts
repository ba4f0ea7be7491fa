import { z } from 'zod';
import { cipherHeaderSchema, kdfHeaderSchema, MAX_BACKUP_BYTES } from '../backup/format';
import { fileEntrySchema } from '../packages/signing';

/**
 * A hub's backup (`.balaihubbackup`, format version 1; docs/formats/backup.md, "Hub backups"): the same
 * container as a kiosk's backup (magic, clear header, AES-256-GCM under a scrypt key from the recovery code or
 * a chosen passphrase), with a hub's header and payload: the database (its certificates and revocation lists
 * are rows of it), the hub key, and the files under `<data>/hub/` (the original bundles it passes up, held
 * bundles, the course shelf). Never a trusted key: a restore trusts only what the app ships.
 */
export const HUB_BACKUP_EXTENSION = '.balaihubbackup';
export const HUB_PAYLOAD_DATABASE = 'database.sqlite';
export const HUB_PAYLOAD_KEY = 'hub-key.pem';
/** Files of `<data>/hub/…` go in as `files/hub/…`. */
export const HUB_PAYLOAD_FILES = 'files/';
/** A kabupaten hub keeps a file per bundle it imported: many more than a kiosk's handful of parts. */
export const HUB_MAX_PARTS = 200_000;

const level = z.enum(['nasional', 'provinsi', 'kabupaten', 'kecamatan']);
const region = z.string().regex(/^(\d{2}(\.\d{2}(\.\d{2})?)?)?$/);

export const hubBackupHeaderSchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.literal('balai-hub-backup'),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  schemaVersion: z.number().int().min(1).max(100_000),
  hubId: z.string().max(64),
  hubName: z.string().max(200),
  regionCode: region,
  regionLevel: level,
  regionName: z.string().max(200),
  /** The hub key's id: the restored hub signs with the same key. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  passphrase: z.enum(['recovery-code', 'chosen']),
  kdf: kdfHeaderSchema,
  cipher: cipherHeaderSchema,
  payloadBytes: z.number().int().min(0).max(MAX_BACKUP_BYTES),
});
export type HubBackupHeader = z.infer<typeof hubBackupHeaderSchema>;

const count = z.number().int().min(0);

/** `manifest.json` in the payload: the header's identity again, every part's hash, what the database holds. */
export const hubBackupManifestSchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.literal('balai-hub-backup-manifest'),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  schemaVersion: z.number().int().min(1),
  hubId: z.string().max(64),
  regionCode: region,
  files: z.array(fileEntrySchema).max(HUB_MAX_PARTS),
  counts: z.strictObject({
    kiosks: count,
    bundles: count,
    statements: count,
    learners: count,
    heldBundles: count,
  }),
});
export type HubBackupManifest = z.infer<typeof hubBackupManifestSchema>;
export type HubBackupCounts = HubBackupManifest['counts'];

/** Where hub backups go on a stick: `BalaiBelajar/hub/<region code with _>/cadangan/`. */
export function hubBackupFolder(regionCode: string): string {
  return `BalaiBelajar/hub/${regionCode.replaceAll('.', '_')}/cadangan`;
}

/** `hub-<region with _>-<YYYYMMDD-HHMM>.balaihubbackup`, in the hub's local time. */
export function hubBackupFileName(regionCode: string, at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `hub-${regionCode.replaceAll('.', '_')}-${stamp}${HUB_BACKUP_EXTENSION}`;
}
