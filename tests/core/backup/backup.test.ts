import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createBackup } from '../../../main/core/backup/create';
import { restoreBackup } from '../../../main/core/backup/restore';
import { sql } from '../../../main/core/db/sql';
import { DEVICE_KEY_FILE } from '../../../main/core/setup/setup';
import { readKiosk } from '../../../main/core/setup/kiosk';
import { earnCertificate, CERT_COURSE } from '../../helpers/certified';
import { openTestCore, useTempDirs, type TestKiosk } from '../../helpers/core';
import { writeAssessmentCourse } from '../../helpers/course-fixture';
import { FIXTURE_COURSE, makeWorld } from '../../helpers/world';
import { backUp, counters, folderFingerprint, outbox, stickFor } from './helpers';

const FIXTURE_KEY = resolve(
  import.meta.dirname,
  '..',
  '..',
  'fixtures',
  'keys',
  'fixture-publisher.pub.json',
);

/** Every row of every table but the two a restore is allowed to change (audit log, course catalogue). */
function records(w: TestKiosk): string {
  const db = w.core.services.db;
  const tables = db
    .all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .map((t) => t.name)
    .filter((t) => t !== 'audit_log' && t !== 'courses');
  return JSON.stringify(
    tables.map((t) => [
      t,
      db.raw
        .prepare(`SELECT * FROM "${t}"`)
        .all()
        .map((row) => JSON.stringify(row))
        .sort(),
    ]),
  );
}

describe('backup and restore', () => {
  const tempDir = useTempDirs('balai-backup-');

  it('a new PC restored from a backup is the same kiosk: learners, results, certificates, device, outbox and sequence', async () => {
    const w = await makeWorld(tempDir());
    const certificate = await earnCertificate(w, w.tokenB);
    await w.must(w.operator, 'settings.update', { idleMinutes: 5 });
    mkdirSync(join(w.dataDir, 'keys', 'publishers'), { recursive: true });
    copyFileSync(FIXTURE_KEY, join(w.dataDir, 'keys', 'publishers', 'penerbit-uji.json'));

    const before = {
      records: records(w),
      kiosk: readKiosk(w.core.services.db),
      results: (await w.must(w.tokenB, 'results.mine', {})).results,
      certificates: (await w.must(w.operator, 'certificates.list', {})).certificates,
      outbox: outbox(w),
      counters: counters(w),
      deviceKey: readFileSync(join(w.dataDir, DEVICE_KEY_FILE)),
    };
    expect(before.outbox.length).toBeGreaterThan(10);
    expect(before.certificates.map((c) => c.number)).toContain(certificate.number);

    // The recovery code as an operator might type it: lower case, no dashes.
    const done = await backUp(w, w.recoveryCode.toLowerCase().replaceAll('-', ''));
    expect(done.path).toMatch(
      /^BalaiBelajar\/33_02_05_2001\/cadangan\/33_02_05_2001-\d{8}-\d{4}\.balaibackup$/,
    );
    expect(done).toMatchObject({
      passphrase: 'recovery-code',
      deviceId: before.kiosk!.device_id,
      desaCode: '33.02.05.2001',
      counts: { certificates: 1, statements: before.outbox.length },
      counters: before.counters,
    });
    expect(statSync(done.file).size).toBe(done.sizeBytes);
    expect(
      w.core.services.db.get(sql`SELECT action FROM audit_log WHERE action = 'backup.create'`),
    ).toBeDefined();
    // The old PC dies.
    w.close();

    const newPc = tempDir();
    const restored = await restoreBackup(done.file, newPc, w.recoveryCode);
    expect(restored).toMatchObject({
      ok: true,
      value: {
        deviceId: before.kiosk!.device_id,
        desaCode: '33.02.05.2001',
        desaName: 'Adisana',
        counts: { certificates: 1 },
        counters: before.counters,
      },
    });
    if (!restored.ok) return;
    // Courses are not in a backup: their catalogue rows go, the learners' records of them stay.
    expect(restored.value.coursesToReinstall.map((c) => c.id)).toEqual(
      expect.arrayContaining(['uji-dasar', CERT_COURSE]),
    );
    const keyFile = join(newPc, DEVICE_KEY_FILE);
    expect(readFileSync(keyFile)).toEqual(before.deviceKey);
    if (process.platform !== 'win32') expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // A restore never adds a trusted key: the publisher key the old PC trusted is named, not restored.
    expect(restored.value.keysNotRestored).toEqual(['keys/publishers/penerbit-uji.json']);
    expect(existsSync(join(newPc, 'keys'))).toBe(false);

    const n = openTestCore(newPc);
    try {
      await n.core.prepare();
      expect(records(n)).toBe(before.records);
      expect(readKiosk(n.core.services.db)).toEqual(before.kiosk);
      expect(outbox(n)).toEqual(before.outbox);
      expect(counters(n)).toEqual(before.counters);
      // Built-in courses came back at start; the others are installed again from their source.
      expect(n.core.services.courses.list().map((c) => c.id)).toContain('mengenal-apbdes');
      expect(n.core.services.courses.installFolder(FIXTURE_COURSE).ok).toBe(true);
      const certSource = writeAssessmentCourse(join(`${newPc}-sticks`, '.src'), { id: CERT_COURSE });
      expect(n.core.services.courses.installFolder(certSource).ok).toBe(true);

      const operator = n.core.newSession();
      await n.must(operator, 'auth.login', { accountId: readOperatorId(n), pin: '246813' });
      expect((await n.must(operator, 'certificates.list', {})).certificates).toEqual(before.certificates);
      expect((await n.must(operator, 'settings.get', {})).settings.idleMinutes).toBe(5);
      const tokenB = n.core.newSession();
      await n.must(tokenB, 'auth.login', { accountId: w.learnerB, pin: '283940' });
      expect((await n.must(tokenB, 'results.mine', {})).results).toEqual(before.results);

      // The next statement continues the sequence, under the same device id.
      await n.must(tokenB, 'lessons.open', { courseId: 'uji-dasar', lessonId: 'l2' });
      const after = outbox(n);
      const last = before.outbox.at(-1)!.seq;
      expect(after.length).toBeGreaterThan(before.outbox.length);
      expect(after.slice(before.outbox.length).map((r) => r.seq)[0]).toBe(last + 1);
      const next = JSON.parse(after.at(-1)!.statement) as {
        context: { extensions: Record<string, unknown> };
      };
      expect(Object.values(next.context.extensions)).toContain(before.kiosk!.device_id);
      expect(counters(n).statement_seq).toBe(after.at(-1)!.seq);
    } finally {
      n.close();
    }
  });

  it('restores into the data folder of a fresh installation at the set-up screen, and refuses one that is set up', async () => {
    const w = await makeWorld(tempDir());
    const done = await backUp(w, 'kata sandi desa kami');
    const deviceId = readKiosk(w.core.services.db)?.device_id;
    const setUpFingerprint = folderFingerprint(w.dataDir);
    const refused = await restoreBackup(done.file, w.dataDir, 'kata sandi desa kami');
    expect(refused).toMatchObject({ ok: false, error: { code: 'ALREADY_SET_UP' } });
    w.close();
    expect(folderFingerprint(w.dataDir).filter((f) => !f.startsWith('balai.sqlite'))).toEqual(
      setUpFingerprint.filter((f) => !f.startsWith('balai.sqlite')),
    );

    // A new PC whose app started and stopped at the set-up screen: a database without a kiosk, built-in courses.
    const newPc = tempDir();
    const fresh = openTestCore(newPc);
    await fresh.core.prepare();
    fresh.close();
    const restored = await restoreBackup(done.file, newPc, 'kata sandi desa kami');
    expect(restored.ok, JSON.stringify(restored)).toBe(true);
    // Built-ins that are already unpacked here are kept; only the rest must be installed again.
    expect(restored.ok && restored.value.coursesToReinstall.map((c) => c.id)).toEqual(['uji-dasar']);
    const n = openTestCore(newPc);
    try {
      await n.core.prepare();
      expect(readKiosk(n.core.services.db)?.device_id).toBe(deviceId);
      expect(n.core.services.db.get(sql`SELECT COUNT(*) AS n FROM accounts`)).toEqual({ n: 4 });
      expect(
        n.core.services.db.get(sql`SELECT action FROM audit_log WHERE action = 'backup.restore'`),
      ).toBeDefined();
      expect(folderFingerprint(newPc).some((f) => f.startsWith('.restore-'))).toBe(false);
    } finally {
      n.close();
    }
  });

  it('a backup written while learners keep recording restores a consistent database', async () => {
    const w = await makeWorld(tempDir());
    const startCount = outbox(w).length;
    let finished = false;
    const pending = backUp(w, w.recoveryCode, { snapshotPagesPerStep: 4 }).finally(() => {
      finished = true;
    });
    let writes = 0;
    while (!finished) {
      const { attempt } = await w.must(w.tokenB, 'quiz.start', { courseId: 'uji-dasar', quizId: 'kuis' });
      await w.must(w.tokenB, 'quiz.submit', { attemptId: attempt.attemptId });
      writes++;
      await new Promise((r) => setImmediate(r));
    }
    const done = await pending;
    expect(writes).toBeGreaterThan(3);
    const endCount = outbox(w).length;
    w.close();

    const newPc = tempDir();
    expect((await restoreBackup(done.file, newPc, w.recoveryCode)).ok).toBe(true);
    const raw = new Database(join(newPc, 'balai.sqlite'), { readonly: true });
    try {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.pragma('foreign_key_check')).toEqual([]);
      const seqs = (raw.prepare('SELECT seq FROM outbox ORDER BY seq').all() as { seq: number }[]).map(
        (r) => r.seq,
      );
      // Some of the writes made during the snapshot are in it, all in order and none half-way.
      expect(seqs.length).toBeGreaterThan(startCount);
      expect(seqs.length).toBeLessThanOrEqual(endCount);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const counter = raw.prepare("SELECT value FROM counters WHERE name = 'statement_seq'").get() as {
        value: number;
      };
      expect(counter.value).toBe(seqs.at(-1));
      expect(done.counts.statements).toBe(seqs.length);
      // Every submitted attempt in the copy has its statements in the copy (one transaction each).
      const attempts = raw
        .prepare(
          "SELECT COUNT(*) AS n FROM quiz_attempts WHERE submitted_at IS NOT NULL AND quiz_id = 'kuis'",
        )
        .get() as { n: number };
      const completed = raw
        .prepare(
          "SELECT COUNT(*) AS n FROM outbox WHERE verb IN ('passed', 'failed', 'completed') AND statement LIKE '%/kuis%'",
        )
        .get() as { n: number };
      expect(completed.n).toBeGreaterThanOrEqual(attempts.n);
    } finally {
      raw.close();
    }
  });

  it('the stick pulled mid-write leaves no file with the final name, and the next backup works', async () => {
    const w = await makeWorld(tempDir());
    const stick = stickFor(w);
    let pulled = false;
    const result = await createBackup(w.core.services, {
      drive: { mountpoint: stick },
      passphrase: w.recoveryCode,
      kdf: { N: 2 ** 10, r: 8, p: 1 },
      onProgress: (p) => {
        if (p.stage === 'write' && !pulled) {
          pulled = true;
          rmSync(join(stick, 'BalaiBelajar'), { recursive: true, force: true });
        }
      },
    });
    expect(pulled).toBe(true);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'DRIVE_NOT_FOUND', details: { reason: 'stick_removed' } },
    });
    expect(folderFingerprint(stick).filter((f) => f.includes('.balaibackup'))).toEqual([]);
    expect(
      w.core.services.db.get(sql`SELECT 1 AS x FROM audit_log WHERE action = 'backup.create'`),
    ).toBeUndefined();

    // Pulled before the writing began: the stick's folder is not made again on this computer's disk.
    const early = await createBackup(w.core.services, {
      drive: { mountpoint: stick },
      passphrase: w.recoveryCode,
      kdf: { N: 2 ** 10, r: 8, p: 1 },
      onProgress: (p) => {
        if (p.stage === 'encrypt') rmSync(stick, { recursive: true, force: true });
      },
    });
    expect(early).toMatchObject({ ok: false, error: { details: { reason: 'stick_removed' } } });
    expect(existsSync(stick)).toBe(false);

    mkdirSync(stick);
    const again = await backUp(w, w.recoveryCode);
    expect(existsSync(again.file)).toBe(true);
    expect(folderFingerprint(stick).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

function readOperatorId(k: TestKiosk): string {
  return k.core.services.db.get<{ id: string }>(
    sql`SELECT id FROM accounts WHERE is_operator = 1 AND full_name = 'Operator Uji'`,
  )!.id;
}
