import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from '../../main/core/db/sql';
import { makeRevocationList } from '../../main/core/pki/revocation';
import { heldRevocations, STICK_REVOCATION_FOLDER } from '../../main/core/pki/store';
import { sticksDirFor, useTempDirs } from '../helpers/core';
import { DEV_PUBLISHER, DEV_ROOT } from '../helpers/pki';
import { makeWorld, type World } from '../helpers/world';
import { courseFiles, writeFolder } from '../core/packages/fixtures';
import { packCourse } from '../../main/core/packages/course-package';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';

const PACKAGE = 'BalaiBelajar/kursus-baru.balaicourse';

describe('revocation lists on a stick', () => {
  const tempDir = useTempDirs();

  /** A new course on the stick, signed by the development publisher. */
  async function stickWithCourse(w: World): Promise<string> {
    const stick = join(sticksDirFor(w.dataDir), 'FLASHDISK');
    const src = writeFolder(
      join(w.dataDir, '..', `src-${Date.now()}`),
      courseFiles('1.0.0', (m) => (m.id = 'kursus-baru')),
    );
    await packCourse(src, DEV_PUBLISHER, join(stick, PACKAGE), DEFAULT_LIMITS, new Date());
    const folder = join(stick, ...STICK_REVOCATION_FOLDER.split('/'));
    mkdirSync(folder, { recursive: true });
    return folder;
  }

  it('a revoked publisher key is refused from then on; a replayed older list changes nothing', async () => {
    const w = await makeWorld(tempDir());
    const folder = await stickWithCourse(w);
    const now = new Date();
    const first = makeRevocationList({ serials: [], keyIds: [], issuedAt: now }, DEV_ROOT);
    const second = makeRevocationList(
      { serials: [], keyIds: [DEV_PUBLISHER.key.keyId], issuedAt: now },
      DEV_ROOT,
      {
        previous: { formatVersion: 1, sequence: 1, issuedAt: now.toISOString(), serials: [], keyIds: [] },
      },
    );
    writeFileSync(join(folder, 'pusat-2.json'), JSON.stringify(second));
    const install = async () => {
      const { taskId } = await w.must(w.operator, 'courses.installFromDrive', {
        driveId: w.stickId,
        path: PACKAGE,
      });
      return w.core.services.tasks.settle(taskId);
    };
    const refused = await install();
    expect(refused).toMatchObject({ state: 'failed' });
    expect(JSON.stringify(refused)).toMatch(/key [0-9a-f]{16} of .* is revoked/);
    expect(w.core.services.courses.get('kursus-baru')).toBeUndefined();

    // The older list (sequence 1, nothing revoked) comes back on a stick: the store keeps sequence 2.
    const before = w.core.services.db.all(sql`SELECT * FROM revocation_lists`);
    writeFileSync(join(folder, 'pusat-2.json'), JSON.stringify(first));
    expect(await install()).toMatchObject({ state: 'failed' });
    expect(w.core.services.db.all(sql`SELECT * FROM revocation_lists`)).toEqual(before);
    expect(heldRevocations(w.core.services.db).map((l) => l.signed.sequence)).toEqual([2]);
    w.close();
  });

  it('a list signed by a key no root certified is not taken', async () => {
    const w = await makeWorld(tempDir());
    const folder = await stickWithCourse(w);
    const forged = makeRevocationList(
      { serials: [], keyIds: [DEV_PUBLISHER.key.keyId], issuedAt: new Date() },
      DEV_PUBLISHER.key,
    );
    writeFileSync(join(folder, 'palsu.json'), JSON.stringify(forged));
    const { taskId } = await w.must(w.operator, 'courses.installFromDrive', {
      driveId: w.stickId,
      path: PACKAGE,
    });
    expect(await w.core.services.tasks.settle(taskId)).toMatchObject({ state: 'done' });
    expect(heldRevocations(w.core.services.db)).toEqual([]);
    expect(w.log.lines.some((l) => l.includes('revocation list on the stick refused'))).toBe(true);
    w.close();
  });
});
