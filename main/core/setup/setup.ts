import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Jabatan } from '../../api/jabatan';
import { err, ok, type Result } from '../../api/result';
import type { SetupDone } from '../../api/setup';
import { audit } from '../auth/audit';
import { refuseWeakPin } from '../auth/pin-strength';
import { isoWithOffset } from '../clock';
import type { Services } from '../context';
import { generateEd25519, publicKeyRaw, writeFileAtomic } from '../crypto/keys';
import { hashSecret, newRecoveryCode, normaliseRecoveryCode } from '../crypto/secrets';
import { sql } from '../db/sql';
import { readHub } from '../hub/identity';
import { readKiosk } from './kiosk';
import { insertOperator } from './operator';

export const DEVICE_KEY_FILE = 'device-key.pem';

export interface SetupInput {
  desaCode: string;
  operator: { fullName: string; jabatan: Jabatan; pin: string; isLearner: boolean };
}

/**
 * First-run set-up: the village (from the Kemendagri list), the operator's account, the kiosk's Ed25519
 * device key (private half in `<data>/device-key.pem`, 0600) and a recovery code shown once.
 */
export function setUpKiosk(services: Services, input: SetupInput): Result<SetupDone> {
  const { db, clock, regions, config } = services;
  if (readKiosk(db)) return err('ALREADY_SET_UP', 'this kiosk is already set up');
  if (readHub(db)) return err('ALREADY_SET_UP', 'this installation is a hub, not a village kiosk');
  const weak = refuseWeakPin(services, input.operator.pin, { operator: true });
  if (weak) return weak;
  const place = regions.desa(input.desaCode);
  if (!place) return err('NOT_FOUND', `no desa with code ${input.desaCode} in ${regions.dataset}`);

  const deviceId = randomUUID();
  const operatorId = randomUUID();
  const recoveryCode = newRecoveryCode();
  const keys = generateEd25519();
  const keyFile = join(config.dataDir, DEVICE_KEY_FILE);
  if (existsSync(keyFile))
    return err('CONFLICT', `a device key already exists at ${keyFile}; refusing to overwrite it`);
  const now = isoWithOffset(clock.now());
  const pinHash = hashSecret(input.operator.pin, config.scrypt);
  const recoveryHash = hashSecret(normaliseRecoveryCode(recoveryCode), config.scrypt);

  writeFileAtomic(keyFile, keys.privateKeyPem);
  db.transaction(() => {
    db.run(sql`INSERT INTO kiosk (id, device_id, desa_code, desa_name, kecamatan_name, kabupaten_name, provinsi_name,
                                  region_dataset, public_key, recovery_hash, created_at)
               VALUES (1, ${deviceId}, ${input.desaCode}, ${place.desa.name}, ${place.kecamatan.name},
                       ${place.kabupaten.name}, ${place.provinsi.name}, ${regions.dataset},
                       ${publicKeyRaw(keys.publicKeyPem)}, ${recoveryHash}, ${now})`);
    insertOperator(db, {
      id: operatorId,
      fullName: input.operator.fullName,
      jabatan: input.operator.jabatan,
      isLearner: input.operator.isLearner,
      pinHash,
      now,
    });
    audit(db, clock, {
      actorId: operatorId,
      action: 'setup.create',
      targetId: deviceId,
      details: { desaCode: input.desaCode },
    });
  });
  services.log.info('kiosk set up', { desaCode: input.desaCode, deviceId });
  // About 90,000 regions: a village kiosk does not need them in memory any more.
  regions.release();
  return ok({ deviceId, recoveryCode, operatorId });
}
