import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CatalogueSyncResult } from '../../main/api/updates';
import { signCatalogue } from '../../main/core/catalogue/format';
import { packCourse } from '../../main/core/packages/course-package';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import { useTempDirs } from '../helpers/core';
import { PUBLISHER } from '../helpers/releases';
import { startStaticServer } from '../helpers/static-server';
import { finished } from '../helpers/tasks';
import { makeWorld } from '../helpers/world';
import { courseFiles, writeFolder } from '../core/packages/fixtures';

describe('updates and the course catalogue through the API', () => {
  const tempDir = useTempDirs('balai-api-updates-');

  it('outside the installed app the updater says it is inactive; its settings still save and validate', async () => {
    const w = await makeWorld(tempDir());
    const { status } = await w.must(w.operator, 'updates.status', {});
    expect(status).toMatchObject({
      active: false,
      currentVersion: '0.0.0-test',
      channel: 'latest',
      pending: null,
    });
    for (const method of ['updates.check', 'updates.postpone'] as const) {
      const r = await w.call(w.operator, method, method === 'updates.check' ? {} : { minutes: 60 });
      expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', details: { reason: 'inactive' } } });
    }
    expect(
      await w.call(w.operator, 'updates.saveSettings', { feedUrl: 'ftp://pembaruan.example.id/' }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const saved = await w.must(w.operator, 'updates.saveSettings', { channel: 'beta', quietMinutes: 20 });
    expect(saved.settings).toMatchObject({ channel: 'beta', quietMinutes: 20, feedUrl: null });
    expect((await w.must(w.operator, 'updates.settings', {})).settings).toEqual(saved.settings);
    expect((await w.must(w.operator, 'updates.status', {})).status.channel).toBe('beta');
    w.close();
  });

  it('a signed catalogue at the operator URL installs a new course as a task; an unset URL is said', async () => {
    const w = await makeWorld(tempDir());
    expect(await w.call(w.operator, 'catalogue.sync', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', details: { reason: 'no_url' } },
    });
    // The fixture publisher is certified by the development root, which this kiosk trusts.
    const root = tempDir();
    mkdirSync(join(root, 'courses'));
    const folder = writeFolder(
      join(tempDir(), 'kursus-baru'),
      courseFiles('1.0.0', (m) => (m.id = 'kursus-baru')),
    );
    await packCourse(
      folder,
      PUBLISHER,
      join(root, 'courses', 'kursus-baru.balaicourse'),
      DEFAULT_LIMITS,
      new Date(),
    );
    const bytes = readFileSync(join(root, 'courses', 'kursus-baru.balaicourse'));
    const envelope = signCatalogue(
      {
        catalogueId: 'pamong-desa',
        sequence: 1,
        issuedAt: '2026-11-30T08:00:00+07:00',
        courses: [
          {
            id: 'kursus-baru',
            version: '1.0.0',
            title: 'Kursus Baru',
            sizeBytes: bytes.length,
            sha256: createHash('sha256').update(bytes).digest('hex'),
            url: 'courses/kursus-baru.balaicourse',
          },
        ],
      },
      PUBLISHER,
    );
    writeFileSync(join(root, 'catalogue.json'), JSON.stringify(envelope));
    const server = await startStaticServer(root);
    try {
      await w.must(w.operator, 'updates.saveSettings', { catalogueUrl: `${server.url}catalogue.json` });
      const { taskId } = await w.must(w.operator, 'catalogue.sync', {});
      const task = await finished(w, w.operator, taskId);
      expect(task.state, JSON.stringify(task.error)).toBe('done');
      expect((task.result as CatalogueSyncResult).installed).toEqual([
        { id: 'kursus-baru', version: '1.0.0', replaced: null },
      ]);
      const { courses } = await w.must(w.operator, 'courses.installed', {});
      expect(courses.map((c) => c.id)).toContain('kursus-baru');
      const status = await w.must(w.operator, 'catalogue.status', {});
      expect(status).toMatchObject({ catalogues: [{ catalogueId: 'pamong-desa', sequence: 1 }] });
      expect(JSON.stringify(status)).not.toContain('digest');
    } finally {
      await server.close();
      w.close();
    }
  });
});
