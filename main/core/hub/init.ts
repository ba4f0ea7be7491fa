import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../api/result';
import { audit } from '../auth/audit';
import { refuseWeakPin } from '../auth/pin-strength';
import { hubEncryptionKey } from '../bundles/sealing';
import { isoWithOffset } from '../clock';
import { generateEd25519, publicKeyRaw, writeFileAtomic } from '../crypto/keys';
import { hashSecret, newRecoveryCode, normaliseRecoveryCode } from '../crypto/secrets';
import { sql } from '../db/sql';
import { keyIdOf } from '../packages/keys';
import type { Regions } from '../regions/regions';
import { readKiosk } from '../setup/kiosk';
import { insertOperator } from '../setup/operator';
import { HUB_KEY_FILE, readHub, type HubLevel, type HubServices } from './identity';

export interface HubInitInput {
  /** Kemendagri code of the office's region: provinsi `NN`, kabupaten/kota `NN.NN` or kecamatan `NN.NN.NN`. */
  regionCode: string;
  /** The office's name; by default made from the region tree (`officeName`). */
  name?: string;
  /** The office admin: the hub's operator (never a learner). */
  admin: { fullName: string; pin: string };
}

export interface HubInitDone {
  hubId: string;
  name: string;
  regionCode: string;
  regionLevel: HubLevel;
  regionName: string;
  keyId: string;
  publicKey: string;
  encryptionKey: string;
  operatorId: string;
  /** Shown once; only its hash is kept. */
  recoveryCode: string;
}

const LEVELS: Record<number, HubLevel> = { 0: 'nasional', 2: 'provinsi', 5: 'kabupaten', 8: 'kecamatan' };
/** The nation's name as a nasional hub's region (its code is ''). */
export const NATION_NAME = 'Indonesia';

/** The region a hub may serve, with its level and name, or why not. */
export function hubRegion(
  regions: Regions,
  code: string,
): { ok: true; level: HubLevel; name: string; parents: string[] } | { ok: false; reason: string } {
  if (code === '') return { ok: true, level: 'nasional', name: NATION_NAME, parents: [] };
  const level = LEVELS[code.length];
  if (!level || !/^\d{2}(\.\d{2}){0,2}$/.test(code))
    return {
      ok: false,
      reason: "a hub serves the nation (''), a provinsi (NN), kabupaten/kota (NN.NN) or kecamatan (NN.NN.NN)",
    };
  const region = regions.get(code);
  if (!region) return { ok: false, reason: `no region with code ${code} in ${regions.dataset}` };
  const parents = [code.slice(0, 2), code.slice(0, 5)]
    .filter((c) => c.length < code.length)
    .map((c) => regions.get(c)?.name ?? c);
  return { ok: true, level, name: region.name, parents };
}

/**
 * The office's name from the region tree: "Kantor Kecamatan Kebasen, Kabupaten Banyumas",
 * "Dinas PMD Kabupaten Banyumas" (the kabupaten/kota name carries its kind), "Dinas PMD Provinsi Jawa Tengah".
 */
export function officeName(level: HubLevel, name: string, parents: readonly string[]): string {
  switch (level) {
    case 'kecamatan':
      return `Kantor Kecamatan ${name}, ${parents.at(-1) ?? ''}`.replace(/, $/, '');
    case 'kabupaten':
      return `Dinas PMD ${name}`;
    case 'provinsi':
      return `Dinas PMD Provinsi ${name}`;
    case 'nasional':
      return 'Kantor Pusat Nasional';
  }
}

/**
 * Sets this installation up as a hub: the office and its region (from the Kemendagri list), the hub's
 * Ed25519 key (private half in `<data>/hub-key.pem`, 0600; its X25519 roster key is derived from it), the
 * office admin's account, and a recovery code shown once. Refused on a kiosk and on a hub already set up.
 */
export function initHub(services: HubServices, input: HubInitInput): Result<HubInitDone> {
  const { db, clock, regions, config, log } = services;
  if (readKiosk(db))
    return err('ALREADY_SET_UP', 'this installation is a village kiosk; a hub needs its own data folder', {
      reason: 'kiosk',
    });
  if (readHub(db)) return err('ALREADY_SET_UP', 'this hub is already set up', { reason: 'hub' });
  const weak = refuseWeakPin(services, input.admin.pin, { operator: true });
  if (weak) return weak;
  const region = hubRegion(regions, input.regionCode);
  if (!region.ok) return err('NOT_FOUND', region.reason);
  const name = (input.name ?? officeName(region.level, region.name, region.parents)).trim();
  if (name.length < 2 || name.length > 200)
    return err('BAD_INPUT', 'the office name must have 2–200 characters');

  const keyFile = join(config.dataDir, HUB_KEY_FILE);
  if (existsSync(keyFile))
    return err('CONFLICT', `a hub key already exists at ${keyFile}; refusing to overwrite it`);
  const keys = generateEd25519();
  const publicKey = publicKeyRaw(keys.publicKeyPem);
  const keyId = keyIdOf(publicKey);
  const encryptionKey = hubEncryptionKey({
    formatVersion: 1,
    type: 'balai-ed25519-private-key',
    keyId,
    name,
    publicKey,
    privateKeyPem: keys.privateKeyPem,
  }).publicKey;
  const hubId = randomUUID();
  const operatorId = randomUUID();
  const recoveryCode = newRecoveryCode();
  const now = isoWithOffset(clock.now());
  const pinHash = hashSecret(input.admin.pin, config.scrypt);
  const recoveryHash = hashSecret(normaliseRecoveryCode(recoveryCode), config.scrypt);

  writeFileAtomic(keyFile, keys.privateKeyPem);
  db.transaction(() => {
    db.run(sql`INSERT INTO hub (id, hub_id, name, region_code, region_level, region_name, region_dataset, key_id,
                                public_key, encryption_key, recovery_hash, created_at)
               VALUES (1, ${hubId}, ${name}, ${input.regionCode}, ${region.level}, ${region.name}, ${regions.dataset},
                       ${keyId}, ${publicKey}, ${encryptionKey}, ${recoveryHash}, ${now})`);
    insertOperator(db, {
      id: operatorId,
      fullName: input.admin.fullName,
      jabatan: null,
      isLearner: false,
      pinHash,
      now,
    });
    audit(db, clock, {
      actorId: operatorId,
      action: 'hub.init',
      targetId: hubId,
      details: { regionCode: input.regionCode, keyId },
    });
  });
  log.info('hub set up', { regionCode: input.regionCode, hubId, keyId });
  return ok({
    hubId,
    name,
    regionCode: input.regionCode,
    regionLevel: region.level,
    regionName: region.name,
    keyId,
    publicKey,
    encryptionKey,
    operatorId,
    recoveryCode,
  });
}
