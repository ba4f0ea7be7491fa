import { mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiInput, ApiOutput, MethodName } from '../../main/api/contract';
import type { Jabatan } from '../../main/api/jabatan';
import { createCore, type Core } from '../../main/core/app';
import { ManualClock } from '../../main/core/clock';
import { memoryLogger } from '../../main/core/log';
import { FolderDrives } from '../../main/core/drives/folder';

export const RESOURCES = resolve(import.meta.dirname, '..', '..', 'resources');
export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
export const DESA = '33.02.05.2001';

/** A temp folder removed after the test (call the returned cleanup in afterEach). */
export function tempDir(prefix = 'balai-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-sticks`, { recursive: true, force: true });
    },
  };
}

/** Fresh temp folders for each test, all removed after each test. */
export function useTempDirs(prefix = 'balai-test-'): () => string {
  const made: (() => void)[] = [];
  afterEach(() => {
    while (made.length) made.pop()!();
  });
  return () => {
    const t = tempDir(prefix);
    made.push(t.cleanup);
    return t.dir;
  };
}

export interface TestKiosk {
  core: Core;
  clock: ManualClock;
  log: ReturnType<typeof memoryLogger>;
  dataDir: string;
  /** Typed call that fails the test on an error answer. */
  must<K extends MethodName>(token: string, name: K, args: ApiInput<K>): Promise<ApiOutput<K>>;
  call<K extends MethodName>(token: string, name: K, args: ApiInput<K>): ReturnType<Core['call']>;
  close(): void;
}

/** Sub-folders of `<dataDir>/../<name>-sticks` stand in for USB sticks. */
export function sticksDirFor(dataDir: string): string {
  return `${dataDir}-sticks`;
}

export function openTestCore(dataDir: string, clock = new ManualClock()): TestKiosk {
  const log = memoryLogger();
  const core = createCore({
    dataDir,
    resourcesDir: RESOURCES,
    appVersion: '0.0.0-test',
    shell: 'browser',
    clock,
    log,
    config: {
      scrypt: FAST_SCRYPT,
      lockoutSeconds: [60, 300, 900],
      // Tests upload when they ask, and an LRS that is not there gives up in a fraction of a second.
      uploadSchedule: false,
      upload: { timeoutMs: 5_000, maxFailures: 2, backoff: { baseMs: 20, maxMs: 100, maxRetryAfterMs: 200 } },
    },
    drives: new FolderDrives(sticksDirFor(dataDir)),
  });
  return {
    core,
    clock,
    log,
    dataDir,
    call: (token, name, args) => core.call(token, name, args),
    async must(token, name, args) {
      const result = await core.call(token, name, args);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value as never;
    },
    close: () => core.close(),
  };
}

export interface Village extends TestKiosk {
  operatorId: string;
  recoveryCode: string;
  /** A session token logged in as the operator. */
  operator: string;
  addLearner(
    name: string,
    pin: string,
    jabatan?: Jabatan,
    extra?: { nik?: string; phone?: string; email?: string },
  ): Promise<string>;
  loginAs(accountId: string, pin: string): Promise<string>;
}

/** A set-up kiosk: desa Adisana (Kebasen, Banyumas), operator PIN 246813. */
export async function setUpVillage(dataDir: string, clock = new ManualClock()): Promise<Village> {
  const kiosk = openTestCore(dataDir, clock);
  await kiosk.core.prepare();
  const operator = kiosk.core.newSession();
  const done = await kiosk.must(operator, 'setup.create', {
    desaCode: DESA,
    operator: { fullName: 'Operator Uji', jabatan: 'sekretaris_desa', pin: '246813' },
  });
  return {
    ...kiosk,
    operatorId: done.operatorId,
    recoveryCode: done.recoveryCode,
    operator,
    async addLearner(name, pin, jabatan = 'kasi_pelayanan', extra = {}) {
      const { learner } = await kiosk.must(operator, 'learners.create', {
        fullName: name,
        jabatan,
        pin,
        ...extra,
      });
      return learner.id;
    },
    async loginAs(accountId, pin) {
      const token = kiosk.core.newSession();
      await kiosk.must(token, 'auth.login', { accountId, pin });
      return token;
    },
  };
}
