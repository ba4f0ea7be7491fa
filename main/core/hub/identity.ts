import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import type { HubSigner } from '../bundles/receipt';
import { hubEncryptionKey, type X25519KeyPair } from '../bundles/sealing';
import type { Services } from '../context';
import { publicKeyRaw } from '../crypto/keys';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { keyIdOf, type PrivateKeyFile } from '../packages/keys';
import { readKiosk } from '../setup/kiosk';

/** The hub's private Ed25519 key in the data folder (mode 0600), beside the database, like a kiosk's device key. */
export const HUB_KEY_FILE = 'hub-key.pem';

/** The level of the region a hub serves: its Kemendagri code has 2, 5 or 8 characters ('' the nation). */
export type HubLevel = 'nasional' | 'provinsi' | 'kabupaten' | 'kecamatan';

/** The single `hub` row (migration 0007): which office this installation is, and its keys. */
export interface HubRow {
  hub_id: string;
  name: string;
  region_code: string;
  region_level: HubLevel;
  region_name: string;
  region_dataset: string;
  key_id: string;
  public_key: string;
  encryption_key: string;
  recovery_hash: string;
  created_at: string;
}

export function readHub(db: Db): HubRow | undefined {
  return db.get<HubRow>(sql`SELECT * FROM hub WHERE id = 1`);
}

/** What an installation is: a village kiosk, a hub, or not set up yet. */
export type InstallationMode = 'kiosk' | 'hub' | null;

export function installationMode(db: Db): InstallationMode {
  if (readKiosk(db)) return 'kiosk';
  return readHub(db) ? 'hub' : null;
}

/** A hub ready to sign and to open sealed rosters. */
export interface HubKeys {
  hub: HubRow;
  signer: HubSigner;
  encryption: X25519KeyPair;
}

/** The part of the core the hub's functions use (tests pass a whole `Services`). */
export type HubServices = Pick<Services, 'db' | 'clock' | 'log' | 'config' | 'regions' | 'trust'>;

/** The hub row, or why there is none: on a kiosk (`details.reason = 'kiosk'`) or before `hub init`. */
export function requireHub(db: Db): Result<HubRow> {
  const hub = readHub(db);
  if (hub) return ok(hub);
  if (readKiosk(db))
    return err('NOT_SET_UP', 'this installation is a village kiosk, not a hub', { reason: 'kiosk' });
  return err('NOT_SET_UP', 'this installation is not set up as a hub (balai hub init)');
}

/**
 * The hub row and its key from the data folder: refuses on a kiosk (`NOT_SET_UP` with reason `kiosk`), before
 * `hub init` (`NOT_SET_UP`), and when the key file is missing or is not the key the hub row names (`INTERNAL`,
 * the detail in the log).
 */
export function loadHub(services: Pick<Services, 'db' | 'config' | 'log'>): Result<HubKeys> {
  const row = requireHub(services.db);
  if (!row.ok) return row;
  const hub = row.value;
  const file = join(services.config.dataDir, HUB_KEY_FILE);
  let key: PrivateKeyFile;
  try {
    const privateKeyPem = readFileSync(file, 'utf8');
    const publicKey = publicKeyRaw(
      createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString(),
    );
    key = {
      formatVersion: 1,
      type: 'balai-ed25519-private-key',
      keyId: keyIdOf(publicKey),
      name: hub.name,
      publicKey,
      privateKeyPem,
    };
  } catch (error) {
    services.log.error('hub key unreadable', { file, error: String(error) });
    return err('INTERNAL', `the hub key ${file} cannot be read; see the log`);
  }
  if (key.publicKey !== hub.public_key) {
    services.log.error('hub key file is not the key of this hub', { file, keyId: key.keyId });
    return err('INTERNAL', `the hub key ${file} is not this hub's key`);
  }
  return ok({
    hub,
    signer: { key, id: hub.hub_id, name: hub.name, regionCode: hub.region_code },
    encryption: hubEncryptionKey(key),
  });
}

/** True when `desaCode` lies inside the region `regionCode` (a prefix at a dot boundary). */
export function inRegion(desaCode: string, regionCode: string): boolean {
  return regionCode === '' || desaCode.startsWith(`${regionCode}.`);
}
