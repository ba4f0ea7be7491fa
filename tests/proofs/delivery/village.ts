import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiInput, ApiOutput, MethodName } from '../../../main/api/contract';
import { createCore, type Core } from '../../../main/core/app';
import type { ManualClock } from '../../../main/core/clock';
import { FolderDrives } from '../../../main/core/drives/folder';
import { silentLogger } from '../../../main/core/log';
import type { UploadConfig } from '../../../main/core/lrs/uploader';
import { readKiosk } from '../../../main/core/setup/kiosk';
import { FAST_SCRYPT, RESOURCES, sticksDirFor } from '../../helpers/core';

/** A village kiosk of the simulation: a real core on its own data folder, set up for one real desa. */
export interface SimVillage {
  index: number;
  desaCode: string;
  kecamatan: string;
  core: Core;
  dataDir: string;
  deviceId: string;
  /** Where this village's stick is when plugged in here (a FolderDrives folder). */
  stickDir: string;
  learners: { id: string; pin: string }[];
  /** A fresh operator session (sessions expire between simulated days). */
  operator(): Promise<string>;
  login(accountId: string, pin: string): Promise<string>;
  must<K extends MethodName>(token: string, name: K, args: ApiInput<K>): Promise<ApiOutput<K>>;
  close(): void;
}

const OPERATOR_PIN = '246813';

/** Small waits, so a hanging LRS costs a second, not thirty. */
export const SIM_UPLOAD: Partial<UploadConfig> = {
  timeoutMs: 1_500,
  backoff: { baseMs: 2, maxMs: 20, maxRetryAfterMs: 20 },
  maxFailures: 4,
};

const openCore = (dataDir: string, clock: ManualClock) =>
  createCore({
    dataDir,
    resourcesDir: RESOURCES,
    appVersion: '0.0.0-proof',
    shell: 'browser',
    clock,
    log: silentLogger,
    config: { scrypt: FAST_SCRYPT, uploadSchedule: false, upload: SIM_UPLOAD },
    drives: new FolderDrives(sticksDirFor(dataDir)),
  });

/**
 * A data folder prepared once by the core (migrated, built-in courses installed, not set up), copied for each
 * village: preparing a hundred kiosks one by one costs a second each on a loaded machine.
 */
export async function makeTemplate(dir: string, clock: ManualClock): Promise<string> {
  const core = openCore(dir, clock);
  await core.prepare();
  core.close();
  return dir;
}

export async function setUpSimVillage(
  template: string,
  root: string,
  index: number,
  desaCode: string,
  clock: ManualClock,
  learnerCount: number,
): Promise<SimVillage> {
  const dataDir = join(root, `v${String(index).padStart(3, '0')}-${desaCode}`);
  cpSync(template, dataDir, { recursive: true });
  const core = openCore(dataDir, clock);
  const must = async <K extends MethodName>(token: string, name: K, args: ApiInput<K>) => {
    const result = await core.call(token, name, args);
    if (!result.ok)
      throw new Error(`${desaCode} ${name} failed: ${result.error.code} ${result.error.message}`);
    return result.value as ApiOutput<K>;
  };
  const first = core.newSession();
  const done = await must(first, 'setup.create', {
    desaCode,
    operator: { fullName: `Operator ${desaCode}`, jabatan: 'sekretaris_desa', pin: OPERATOR_PIN },
  });
  const learners: { id: string; pin: string }[] = [];
  for (let i = 0; i < learnerCount; i++) {
    const pin = String(200000 + index * 10 + i).slice(-6);
    const { learner } = await must(first, 'learners.create', {
      fullName: `Peserta ${i + 1} ${desaCode}`,
      jabatan: 'kasi_pelayanan',
      pin,
    });
    learners.push({ id: learner.id, pin });
  }
  const kiosk = readKiosk(core.services.db);
  if (!kiosk) throw new Error(`${desaCode}: not set up`);
  const stickDir = join(sticksDirFor(dataDir), 'FLASHDISK');
  mkdirSync(stickDir, { recursive: true });
  const login = async (accountId: string, pin: string) => {
    const token = core.newSession();
    await must(token, 'auth.login', { accountId, pin });
    return token;
  };
  return {
    index,
    desaCode,
    kecamatan: desaCode.slice(0, 8),
    core,
    dataDir,
    deviceId: kiosk.device_id,
    stickDir,
    learners,
    operator: () => login(done.operatorId, OPERATOR_PIN),
    login,
    must,
    close: () => {
      core.close();
      rmSync(sticksDirFor(dataDir), { recursive: true, force: true });
    },
  };
}
