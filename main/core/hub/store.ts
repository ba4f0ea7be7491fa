import type { Db } from '../db/database';
import { sql } from '../db/sql';

/** Rows of the hub's tables (migration 0007) and the small queries several hub modules share. */

export interface DeviceRow {
  device_id: string;
  desa_code: string;
  public_key: string;
  enrolment: string;
  enrolled_at: string;
}

export type KeyState = 'enrolled' | 'held' | 'replaced' | 'rejected';

export interface KeyRow {
  device_id: string;
  public_key: string;
  key_id: string;
  desa_code: string;
  state: KeyState;
  first_seen_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

export interface BundleRow {
  sha256: string;
  device_id: string;
  public_key: string;
  desa_code: string;
  desa_name: string;
  bundle_seq: number;
  created_at: string;
  created_ms: number | null;
  app_version: string;
  statements: number;
  new_statements: number;
  learners: number;
  certificates: number;
  personal_data: string;
  file_name: string;
  file_sha256: string;
  size_bytes: number;
  imported_at: string;
  passed_up_at: string | null;
}

export interface HeldRow {
  sha256: string;
  device_id: string;
  public_key: string;
  desa_code: string;
  desa_name: string;
  bundle_seq: number;
  created_at: string;
  statements: number;
  learners: number;
  file_name: string;
  file_sha256: string;
  size_bytes: number;
  held_at: string;
}

export function deviceRow(db: Db, deviceId: string): DeviceRow | undefined {
  return db.get<DeviceRow>(sql`SELECT * FROM hub_devices WHERE device_id = ${deviceId}`);
}

export function devicesOfDesa(db: Db, desaCode: string): DeviceRow[] {
  return db.all<DeviceRow>(sql`SELECT * FROM hub_devices WHERE desa_code = ${desaCode} ORDER BY enrolled_at`);
}

export function keyRow(db: Db, deviceId: string, publicKey: string): KeyRow | undefined {
  return db.get<KeyRow>(
    sql`SELECT * FROM hub_keys WHERE device_id = ${deviceId} AND public_key = ${publicKey}`,
  );
}

export function bundleBySha(db: Db, sha256: string): BundleRow | undefined {
  return db.get<BundleRow>(sql`SELECT * FROM hub_bundles WHERE sha256 = ${sha256}`);
}

export function bundleByFileSha(db: Db, fileSha256: string): BundleRow | undefined {
  return db.get<BundleRow>(sql`SELECT * FROM hub_bundles WHERE file_sha256 = ${fileSha256}`);
}

export function heldBySha(db: Db, sha256: string): HeldRow | undefined {
  return db.get<HeldRow>(sql`SELECT * FROM hub_held WHERE sha256 = ${sha256} OR file_sha256 = ${sha256}`);
}

export function bundlesOfDevice(db: Db, deviceId: string): BundleRow[] {
  return db.all<BundleRow>(
    sql`SELECT * FROM hub_bundles WHERE device_id = ${deviceId} ORDER BY bundle_seq, imported_at`,
  );
}

/** What a key decision looks at: the device's enrolment, the other kiosks of its desa, the key's history. */
export type KeyDecision =
  | { kind: 'enrolled' }
  | { kind: 'enrol' }
  | { kind: 'held'; message: string }
  | { kind: 'rejected'; message: string };

/**
 * Whether a verified bundle's key may be imported (DESIGN.md "Trust"): the first bundle of a desa enrols its
 * kiosk's key; later bundles must carry the key enrolled for their device. A different key for an enrolled
 * device, or a second kiosk for an enrolled desa, is held for the admin; a key the admin rejected is refused.
 * A device's former key (replaced by the admin's decision) still imports: it was this kiosk's key once.
 */
export function keyDecision(db: Db, deviceId: string, desaCode: string, publicKey: string): KeyDecision {
  const key = keyRow(db, deviceId, publicKey);
  if (key?.state === 'rejected')
    return {
      kind: 'rejected',
      message: `the admin rejected this device key (${key.key_id}) on ${key.decided_at ?? '?'}`,
    };
  const device = deviceRow(db, deviceId);
  if (device) {
    if (device.desa_code !== desaCode)
      return {
        kind: 'held',
        message: `kiosk ${deviceId} is enrolled for desa ${device.desa_code}, but this bundle says desa ${desaCode}`,
      };
    if (device.public_key === publicKey || key?.state === 'replaced') return { kind: 'enrolled' };
    return {
      kind: 'held',
      message: `kiosk ${deviceId} of desa ${desaCode} now signs with another key than the one enrolled on ${device.enrolled_at}`,
    };
  }
  const others = devicesOfDesa(db, desaCode);
  if (others.length === 0) return { kind: 'enrol' };
  return {
    kind: 'held',
    message: `desa ${desaCode} already has an enrolled kiosk (${others[0]!.device_id}); this bundle is from another kiosk`,
  };
}
