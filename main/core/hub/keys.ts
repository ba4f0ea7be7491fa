import type { HeldKeyView, KeyBundleView } from '../../api/hub';
import { rmSync } from 'node:fs';
import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { makeEnrolment } from '../bundles/receipt';
import { isoWithOffset } from '../clock';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { hubPath } from './files';
import { loadHub, type HubServices } from './identity';
import { importBundleFile, type BundleOutcome } from './import-bundle';
import { deviceRow, type BundleRow, type HeldRow, type KeyRow } from './store';

export type { HeldKeyView, KeyBundleView };
export type KeyHistoryView = HeldKeyView['history'][number];

const heldView = (h: HeldRow): KeyBundleView => ({
  sha256: h.sha256,
  bundleSeq: h.bundle_seq,
  createdAt: h.created_at,
  statements: h.statements,
  learners: h.learners,
  receivedAt: h.held_at,
});

function historyOf(db: Db, key: KeyRow): KeyHistoryView[] {
  const keys = db.all<KeyRow>(
    sql`SELECT * FROM hub_keys WHERE desa_code = ${key.desa_code} OR device_id = ${key.device_id}
        ORDER BY first_seen_at, rowid`,
  );
  return keys.map((k) => {
    const imported = db.all<BundleRow>(
      sql`SELECT * FROM hub_bundles WHERE device_id = ${k.device_id} AND public_key = ${k.public_key}
          ORDER BY bundle_seq, imported_at`,
    );
    const held = db.all<HeldRow>(
      sql`SELECT * FROM hub_held WHERE device_id = ${k.device_id} AND public_key = ${k.public_key} ORDER BY bundle_seq`,
    );
    return {
      deviceId: k.device_id,
      keyId: k.key_id,
      publicKey: k.public_key,
      state: k.state,
      firstSeenAt: k.first_seen_at,
      decidedAt: k.decided_at,
      bundles: [
        ...imported.map((b) => ({
          sha256: b.sha256,
          bundleSeq: b.bundle_seq,
          createdAt: b.created_at,
          statements: b.statements,
          learners: b.learners,
          receivedAt: b.imported_at,
        })),
        ...held.map(heldView),
      ],
    };
  });
}

/** Every key held for the admin, oldest first, each with its held bundles and its desa's key history. */
export function heldKeys(services: Pick<HubServices, 'db'>): HeldKeyView[] {
  const { db } = services;
  const held = db.all<KeyRow>(sql`SELECT * FROM hub_keys WHERE state = 'held' ORDER BY first_seen_at, rowid`);
  return held.map((key) => {
    const bundles = db.all<HeldRow>(
      sql`SELECT * FROM hub_held WHERE device_id = ${key.device_id} AND public_key = ${key.public_key} ORDER BY bundle_seq`,
    );
    const device = deviceRow(db, key.device_id);
    return {
      deviceId: key.device_id,
      desaCode: key.desa_code,
      desaName: bundles.at(-1)?.desa_name ?? '',
      keyId: key.key_id,
      publicKey: key.public_key,
      firstSeenAt: key.first_seen_at,
      kind: !device ? 'another_kiosk' : device.desa_code !== key.desa_code ? 'changed_desa' : 'changed_key',
      held: bundles.map(heldView),
      history: historyOf(db, key),
    };
  });
}

function findHeld(db: Db, deviceId: string, keyId: string): KeyRow | undefined {
  return db.get<KeyRow>(
    sql`SELECT * FROM hub_keys WHERE device_id = ${deviceId} AND key_id = ${keyId} AND state = 'held'`,
  );
}

export interface KeyDecisionOptions {
  actorId?: string | null;
  signal?: AbortSignal;
}

/**
 * The admin accepts a held key: it becomes the enrolled key of its kiosk (the kiosk's former key is kept in
 * the history as `replaced`; a second kiosk of the desa is enrolled beside the first), the hub signs a new
 * enrolment for it (the next receipt carries it), and the bundles held for it are imported as any other.
 */
export async function acceptKey(
  services: HubServices,
  deviceId: string,
  keyId: string,
  options: KeyDecisionOptions = {},
): Promise<Result<{ deviceId: string; keyId: string; imported: BundleOutcome[] }>> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  const { db, clock } = services;
  const key = findHeld(db, deviceId, keyId);
  if (!key) return err('NOT_FOUND', `no held key ${keyId} for kiosk ${deviceId}`);
  const now = isoWithOffset(clock.now());
  const actor = options.actorId ?? null;
  const enrolment = JSON.stringify(
    makeEnrolment(
      keys.value.signer,
      { deviceId, desaCode: key.desa_code, devicePublicKey: key.public_key },
      now,
    ),
  );
  const held = db.all<HeldRow>(
    sql`SELECT * FROM hub_held WHERE device_id = ${deviceId} AND public_key = ${key.public_key} ORDER BY bundle_seq`,
  );
  db.transaction(() => {
    const device = deviceRow(db, deviceId);
    if (device) {
      db.run(sql`UPDATE hub_keys SET state = 'replaced', decided_at = ${now}, decided_by = ${actor}
                 WHERE device_id = ${deviceId} AND public_key = ${device.public_key}`);
      db.run(sql`UPDATE hub_devices SET public_key = ${key.public_key}, desa_code = ${key.desa_code},
                   enrolment = ${enrolment}, enrolled_at = ${now} WHERE device_id = ${deviceId}`);
    } else
      db.run(sql`INSERT INTO hub_devices (device_id, desa_code, public_key, enrolment, enrolled_at)
                 VALUES (${deviceId}, ${key.desa_code}, ${key.public_key}, ${enrolment}, ${now})`);
    db.run(sql`UPDATE hub_keys SET state = 'enrolled', decided_at = ${now}, decided_by = ${actor}
               WHERE device_id = ${deviceId} AND public_key = ${key.public_key}`);
    db.run(sql`DELETE FROM hub_held WHERE device_id = ${deviceId} AND public_key = ${key.public_key}`);
    audit(db, clock, {
      actorId: actor,
      action: 'hub.key_accept',
      targetId: deviceId,
      details: {
        keyId,
        desaCode: key.desa_code,
        desaName: held.at(-1)?.desa_name ?? null,
        replaced: device !== undefined,
        heldBundles: held.length,
      },
    });
  });
  services.log.info('held device key accepted', { deviceId, keyId });
  const ctx = { services, keys: keys.value, actorId: actor, signal: options.signal };
  const imported: BundleOutcome[] = [];
  for (const h of held) {
    const file = hubPath(services.config.dataDir, h.file_name);
    const outcome = await importBundleFile(ctx, file, h.file_name);
    imported.push(outcome);
    if (outcome.outcome === 'imported' || outcome.outcome === 'duplicate') rmSync(file, { force: true });
    else
      services.log.warn('a held bundle did not import after its key was accepted', {
        file,
        reason: outcome.reason,
      });
  }
  return ok({ deviceId, keyId, imported });
}

/**
 * The admin rejects a held key: it is marked rejected (bundles it signs are refused from now on) and the
 * bundles held for it are dropped. The enrolled key, if any, stays as it was.
 */
export function rejectKey(
  services: HubServices,
  deviceId: string,
  keyId: string,
  options: KeyDecisionOptions = {},
): Result<{ deviceId: string; keyId: string; droppedBundles: number }> {
  const keys = loadHub(services);
  if (!keys.ok) return keys;
  const { db, clock } = services;
  const key = findHeld(db, deviceId, keyId);
  if (!key) return err('NOT_FOUND', `no held key ${keyId} for kiosk ${deviceId}`);
  const now = isoWithOffset(clock.now());
  const held = db.all<HeldRow>(
    sql`SELECT * FROM hub_held WHERE device_id = ${deviceId} AND public_key = ${key.public_key}`,
  );
  db.transaction(() => {
    db.run(sql`UPDATE hub_keys SET state = 'rejected', decided_at = ${now}, decided_by = ${options.actorId ?? null}
               WHERE device_id = ${deviceId} AND public_key = ${key.public_key}`);
    db.run(sql`DELETE FROM hub_held WHERE device_id = ${deviceId} AND public_key = ${key.public_key}`);
    audit(db, clock, {
      actorId: options.actorId ?? null,
      action: 'hub.key_reject',
      targetId: deviceId,
      details: {
        keyId,
        desaCode: key.desa_code,
        desaName: held.at(-1)?.desa_name ?? null,
        droppedBundles: held.length,
      },
    });
  });
  for (const h of held) rmSync(hubPath(services.config.dataDir, h.file_name), { force: true });
  services.log.info('held device key rejected', { deviceId, keyId });
  return ok({ deviceId, keyId, droppedBundles: held.length });
}
