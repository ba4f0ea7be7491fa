import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportedBundle, BackupWritten } from '../../main/api/transfer';
import type { Result } from '../../main/api/result';
import { raw, sql } from '../../main/core/db/sql';
import { finished } from '../helpers/tasks';
import { openTestCore, sticksDirFor, useTempDirs, type TestKiosk } from '../helpers/core';
import { makeHub } from '../helpers/hub';
import { villageWithResults, type BundleVillage } from '../core/bundles/kiosk';

const count = (k: TestKiosk, table: string) =>
  k.core.services.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM ${raw(table)}`)!.n;

async function exportThroughApi(w: BundleVillage): Promise<ExportedBundle> {
  const { taskId } = await w.must(w.operator, 'transfer.export', { driveId: w.stickId });
  const task = await finished(w, w.operator, taskId);
  expect(task.state, JSON.stringify(task.error)).toBe('done');
  return task.result as ExportedBundle;
}

describe('results leave the village through the API', () => {
  const tempDir = useTempDirs();

  it('export to a stick, then a receipt from the hub: pending goes to delivered', async () => {
    const w = await villageWithResults(tempDir());
    const statements = count(w, 'outbox');
    const before = await w.must(w.operator, 'transfer.status', {});
    expect(before.status).toMatchObject({ total: statements, pending: statements, delivered: 0, hub: null });

    const bundle = await exportThroughApi(w);
    expect(bundle).toMatchObject({ safeToRemove: true, bundleSeq: 1, statements: { count: statements } });
    expect(bundle.path).toMatch(/^BalaiBelajar\/33_02_05_2001\/Adisana-\d{8}-0001\.balaibundle$/);
    const file = join(w.stick.mountpoint, ...bundle.path.split('/'));
    expect(existsSync(file)).toBe(true);
    expect(JSON.stringify(bundle)).not.toContain(w.stick.mountpoint); // no core path reaches the UI
    const after = await w.must(w.operator, 'transfer.status', {});
    expect(after.status.lastExport).toMatchObject({ bundleSeq: 1, statements });

    const hub = makeHub();
    await hub.answerOnStick(file, w.stick.mountpoint);
    const applied = await w.must(w.operator, 'transfer.receipts', { driveId: w.stickId });
    expect(applied.receipts).toEqual([
      expect.objectContaining({ outcome: 'applied', reason: null, newlyDelivered: statements }),
    ]);
    expect(applied.status).toMatchObject({
      pending: 0,
      delivered: statements,
      hub: { name: hub.signer.name },
    });
    expect(applied.status.hub?.enrolledAt).not.toBeNull();
  });

  it('a receipt from another certified hub waits for the operator, who confirms it; a self-made one is refused', async () => {
    const w = await villageWithResults(tempDir());
    const bundle = await exportThroughApi(w);
    const file = join(w.stick.mountpoint, ...bundle.path.split('/'));
    await makeHub().answerOnStick(file, w.stick.mountpoint);
    await w.must(w.operator, 'transfer.receipts', { driveId: w.stickId });
    // A self-made hub answers the same bundle: refused, nothing changes.
    const selfMade = makeHub({ name: 'Hub Buatan Sendiri', certified: false });
    const rogue = await selfMade.answerOnStick(file, w.stick.mountpoint, {
      at: '2026-11-03T09:00:00.000+07:00',
    });
    const read = await w.must(w.operator, 'transfer.receipts', { driveId: w.stickId });
    expect(read.receipts.find((r) => rogue.endsWith(r.path.split('/').pop()!))).toMatchObject({
      outcome: 'refused',
      reason: 'uncertified',
      newlyDelivered: 0,
    });
    // A second certified hub (another key): listed as waiting, shown with its certificate; the operator confirms.
    const other = makeHub({ name: 'Hub Lain' });
    const receipt = await other.answerOnStick(file, w.stick.mountpoint, {
      at: '2026-11-04T09:00:00.000+07:00',
    });
    const again = await w.must(w.operator, 'transfer.receipts', { driveId: w.stickId });
    const waiting = again.receipts.find((r) => receipt.endsWith(r.path.split('/').pop()!));
    expect(waiting).toMatchObject({
      outcome: 'needs_confirmation',
      reason: 'hub_unconfirmed',
      newlyDelivered: 0,
    });
    expect(again.status.pendingHubs).toMatchObject([
      { keyId: other.signer.key.keyId, certifiedScope: '33.02' },
    ]);
    const confirmed = await w.must(w.operator, 'transfer.confirmHub', { keyId: other.signer.key.keyId });
    expect(confirmed.status).toMatchObject({ hub: { keyId: other.signer.key.keyId }, pendingHubs: [] });
    expect(await w.call(w.operator, 'transfer.rejectHub', { keyId: other.signer.key.keyId })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('an export onto a stick that is gone answers DRIVE_NOT_FOUND', async () => {
    const w = await villageWithResults(tempDir());
    const r = await w.call(w.operator, 'transfer.export', { driveId: 'AAAAAAAAAAAAAAAA' });
    expect(r).toMatchObject({ ok: false, error: { code: 'DRIVE_NOT_FOUND' } });
  });

  it('backup to a stick, then a new PC restores it at the set-up screen and carries on', async () => {
    const w = await villageWithResults(tempDir());
    const short = await w.call(w.operator, 'backup.create', { driveId: w.stickId, passphrase: 'pendek' });
    expect(short).toMatchObject({ ok: false, error: { details: { reason: 'passphrase_too_short' } } });

    const { taskId } = await w.must(w.operator, 'backup.create', {
      driveId: w.stickId,
      passphrase: w.recoveryCode.toLowerCase(),
    });
    const task = await finished(w, w.operator, taskId);
    expect(task.state, JSON.stringify(task.error)).toBe('done');
    const written = task.result as BackupWritten;
    expect(written).toMatchObject({ passphrase: 'recovery-code', counts: { learners: 3 } });
    expect(JSON.stringify(written)).not.toContain(w.stick.mountpoint);
    const deviceId = w.core.services.db.get<{ device_id: string }>(
      sql`SELECT device_id FROM kiosk`,
    )!.device_id;
    const learners = count(w, 'accounts');
    const statements = count(w, 'outbox');

    // The new PC: an empty data folder, the same stick plugged in.
    const newDir = tempDir();
    const stickName = 'FLASHDISK';
    cpSync(join(sticksDirFor(w.dataDir), stickName), join(sticksDirFor(newDir), stickName), {
      recursive: true,
    });
    const pc = openTestCore(newDir);
    await pc.core.prepare();
    const anon = pc.core.newSession();
    const { drives } = await pc.must(anon, 'setup.drives', {});
    expect(drives.map((d) => d.label)).toEqual([stickName]);
    const { backups } = await pc.must(anon, 'setup.backups', { driveId: drives[0]!.id });
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatchObject({
      path: written.path,
      problem: null,
      kiosk: { deviceId, desaCode: '33.02.05.2001', desaName: 'Adisana', passphrase: 'recovery-code' },
    });

    const wrong = await pc.call(anon, 'setup.restore', {
      driveId: drives[0]!.id,
      path: written.path,
      passphrase: 'AAAA-BBBB-CCCC-DDDD',
    });
    expect(wrong).toMatchObject({ ok: false, error: { details: { reason: 'wrong_passphrase_or_damaged' } } });
    expect((await pc.must(anon, 'auth.roster', {})).total).toBe(0); // the folder is as it was

    const { restored } = await pc.must(anon, 'setup.restore', {
      driveId: drives[0]!.id,
      path: written.path,
      passphrase: w.recoveryCode,
    });
    expect(restored).toMatchObject({ deviceId, desaCode: '33.02.05.2001', desaName: 'Adisana' });
    expect(restored.coursesToReinstall.map((c) => c.id)).toEqual(['uji-dasar', 'uji-sertifikat']);
    // The same session carries on against the restored data: the roster is the village's.
    const roster = await pc.must(anon, 'auth.roster', {});
    const before = await w.must(w.operator, 'auth.roster', {});
    expect(roster.cards.map((a) => a.id).sort()).toEqual(before.cards.map((a) => a.id).sort());
    expect(count(pc, 'accounts')).toBe(learners);
    expect(count(pc, 'outbox')).toBe(statements);
    // Set-up methods are closed now that a kiosk is set up here.
    expect(await pc.call(anon, 'setup.drives', {})).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_SET_UP' },
    });
    pc.close();
  });

  it('while the data folder is replaced every other call answers BUSY', async () => {
    const k = openTestCore(tempDir());
    await k.core.prepare();
    const token = k.core.newSession();
    let release!: () => void;
    const replacing = k.core.services.data.replace(
      () => new Promise<Result<null>>((r) => (release = () => r({ ok: true, value: null }))),
    );
    expect(await k.call(token, 'system.info', {})).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    release();
    expect(await replacing).toEqual({ ok: true, value: null });
    expect(await k.call(token, 'system.info', {})).toMatchObject({ ok: true });
    k.close();
  });
});
