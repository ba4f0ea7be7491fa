import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/app';
import { memoryLogger } from '../../../main/core/log';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { rootFromKey } from '../../../main/core/pki/roots';
import { openTestCore, RESOURCES, useTempDirs } from '../../helpers/core';

describe('"Versi uji": system.info says when the app trusts a development root', () => {
  const tempDir = useTempDirs();

  it('is a test build with the development root this repository ships', async () => {
    const k = openTestCore(tempDir());
    const token = k.core.newSession();
    expect(await k.call(token, 'system.info', {})).toMatchObject({ ok: true, value: { testBuild: true } });
    k.close();
  });

  it('is not with only a release root', async () => {
    const resources = tempDir();
    mkdirSync(join(resources, 'keys', 'roots'), { recursive: true });
    cpSync(join(RESOURCES, 'regions'), join(resources, 'regions'), { recursive: true });
    const root = rootFromKey(newPrivateKeyFile('Akar rilis'), false);
    writeFileSync(join(resources, 'keys', 'roots', `${root.keyId}.json`), JSON.stringify(root));
    const core = createCore({
      dataDir: tempDir(),
      resourcesDir: resources,
      appVersion: '0.0.0-test',
      shell: 'browser',
      log: memoryLogger(),
      config: { uploadSchedule: false },
    });
    expect(core.services.roots).toEqual([root]);
    expect(await core.call(core.newSession(), 'system.info', {})).toMatchObject({
      ok: true,
      value: { testBuild: false },
    });
    core.close();
  });
});
