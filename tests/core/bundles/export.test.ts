import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { startBundleExport } from '../../../main/core/bundles/export';
import { BUNDLE_SIGNATURE_TYPE, type BundleManifest } from '../../../main/core/bundles/format';
import { verifyBundleFile } from '../../../main/core/bundles/verify';
import { sql } from '../../../main/core/db/sql';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { signEnvelope } from '../../../main/core/packages/signing';
import { XLSX_HEADERS } from '../../../main/core/reports/xlsx';
import { useTempDirs } from '../../helpers/core';
import { filesUnder, mustExport, unzipAll, villageWithResults, withByteChanged, zipFiles } from './kiosk';

const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n');

describe('exporting a result bundle onto a stick', () => {
  const tempDir = useTempDirs();

  it('writes BalaiBelajar/<desa>/<desa>-<date>-<seq>.balaibundle with every statement exactly as recorded, and a summary', async () => {
    const w = await villageWithResults(tempDir());
    const phases: string[] = [];
    const exported = await mustExport(w, w.stick, {
      onProgress: (p) => {
        if (phases.at(-1) !== p.phase) phases.push(p.phase);
      },
    });
    expect(phases).toEqual(['collect', 'write', 'verify', 'summary']);
    expect(exported).toMatchObject({
      bundleSeq: 1,
      path: 'BalaiBelajar/33_02_05_2001/Adisana-20261101-0001.balaibundle',
      summaryPath: 'BalaiBelajar/33_02_05_2001/Adisana-20261101-0001-ringkasan.xlsx',
      personalData: 'clear',
      safeToRemove: true,
      certificates: 1,
    });
    // FAT32-safe names only, and nothing else left in the folder (no temp files).
    expect(filesUnder(join(w.stick.mountpoint, 'BalaiBelajar', '33_02_05_2001'))).toEqual([
      'Adisana-20261101-0001-ringkasan.xlsx',
      'Adisana-20261101-0001.balaibundle',
    ]);
    for (const name of filesUnder(w.stick.mountpoint)) expect(name).toMatch(/^[A-Za-z0-9_/.-]+$/);

    const outbox = w.core.services.db.all<{ seq: number; statement: string }>(
      sql`SELECT seq, statement FROM outbox ORDER BY seq`,
    );
    const checked = await verifyBundleFile(exported.file, {
      expectedDeviceKey: w.core.services.db.get<{ public_key: string }>(sql`SELECT public_key FROM kiosk`)!
        .public_key,
      keepStatements: true,
    });
    if (!checked.ok) throw new Error(checked.reason);
    const b = checked.bundle;
    expect(b.statements!.map((s) => s.line)).toEqual(outbox.map((r) => r.statement));
    expect(b.manifest).toMatchObject({
      formatVersion: 1,
      desaCode: '33.02.05.2001',
      desaName: 'Adisana',
      appVersion: '0.0.0-test',
      bundleSeq: 1,
      counts: { statements: outbox.length, certificates: 1 },
      statements: { fromSeq: 1, toSeq: outbox.length, ranges: [{ from: 1, to: outbox.length }] },
      previousBundle: null,
      enrolment: null,
      roster: { personalData: 'clear', hubKeyId: null },
    });
    // Until a hub is pinned, the roster has names in clear and nothing else personal (no NIK, phone, email).
    const ani = b.roster.learners.find((l) => l.id === w.learnerA)!;
    expect(ani).toMatchObject({
      jabatan: 'kaur_keuangan',
      personal: { fullName: 'Ani Pertama' },
      sealedPersonal: null,
    });
    // The whole NIK, email and phone: a short fragment such as "0812" can occur inside a random UUID.
    const roster = JSON.stringify(b.roster);
    for (const personal of ['3302051234567890', 'ani@example.id', '0812-3456-7890'])
      expect(roster).not.toContain(personal);
    expect(b.certificates.certificates[0]).toMatchObject({
      learnerId: w.learnerB,
      code: expect.stringMatching(/^BB1\./) as unknown,
    });

    // The summary is the village's XLSX: one row per learner per course.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(w.stick.mountpoint, ...exported.summaryPath!.split('/')));
    const sheet = book.worksheets[0]!;
    let header = 0;
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value === XLSX_HEADERS[0]) header = n;
    });
    expect(header).toBeGreaterThan(0);
    const courses = w.core.services.courses.list().length;
    expect(sheet.rowCount - header).toBe(3 * courses); // A, B and the operator who also learns
    const audit = w.core.services.db.all<{ action: string; actor_id: string }>(
      sql`SELECT action, actor_id FROM audit_log WHERE action = 'bundle.export'`,
    );
    expect(audit).toEqual([{ action: 'bundle.export', actor_id: w.operatorId }]);
    w.close();
  });

  it("never overwrites another kiosk's bundle: a second kiosk of the same desa, same day and sequence, adds its device id", async () => {
    const first = await villageWithResults(tempDir());
    const second = await villageWithResults(tempDir());
    const a = await mustExport(first, first.stick);
    const b = await mustExport(second, first.stick);
    const device = second.core.services.db
      .get<{ device_id: string }>(sql`SELECT device_id FROM kiosk`)!
      .device_id.replace(/-/g, '')
      .slice(0, 8);
    expect(a.path).toBe('BalaiBelajar/33_02_05_2001/Adisana-20261101-0001.balaibundle');
    expect(b.path).toBe(`BalaiBelajar/33_02_05_2001/Adisana-20261101-0001-${device}.balaibundle`);
    expect(b.summaryPath).toBe(`BalaiBelajar/33_02_05_2001/Adisana-20261101-0001-${device}-ringkasan.xlsx`);
    // Both bundles are on the stick, each verifying as its own kiosk's.
    for (const [w, e] of [
      [first, a],
      [second, b],
    ] as const) {
      const key = w.core.services.db.get<{ public_key: string }>(
        sql`SELECT public_key FROM kiosk`,
      )!.public_key;
      const checked = await verifyBundleFile(e.file, { expectedDeviceKey: key });
      expect(checked.ok).toBe(true);
    }
  });

  it('runs as a task on a plugged-in drive: progress by phase, the exported bundle as its result', async () => {
    const w = await villageWithResults(tempDir());
    const started = await startBundleExport(w.core.services, w.stickId, w.operatorId);
    if (!started.ok) throw new Error(started.error.message);
    const view = await w.core.services.tasks.settle(started.value.taskId);
    expect(view).toMatchObject({
      kind: 'bundle-export',
      state: 'done',
      message: 'summary',
      result: { bundleSeq: 1, safeToRemove: true, path: expect.stringMatching(/\.balaibundle$/) as unknown },
    });
    expect(await startBundleExport(w.core.services, 'no-such-drive', null)).toMatchObject({
      ok: false,
      error: { code: 'DRIVE_NOT_FOUND' },
    });
    w.close();
  });

  it('numbers verified exports 1, 2, 3… and chains each to the one before; without a receipt each holds everything', async () => {
    const w = await villageWithResults(tempDir());
    const first = await mustExport(w);
    w.clock.advance(26 * 3600_000);
    const tokenA = await w.loginAs(w.learnerA, '172839');
    await w.must(tokenA, 'lessons.open', { courseId: 'uji-dasar', lessonId: 'l2' });
    const second = await mustExport(w);
    expect(second.bundleSeq).toBe(2);
    expect(second.path).toBe('BalaiBelajar/33_02_05_2001/Adisana-20261102-0002.balaibundle');
    expect(second.statements.fromSeq).toBe(1);
    expect(second.statements.count).toBe(first.statements.count + 1);
    const checked = await verifyBundleFile(second.file);
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.bundle.manifest.previousBundle).toEqual({ bundleSeq: 1, sha256: first.sha256 });
    w.close();
  });

  it('refuses a bundle with one byte changed, a truncated one, and one with edited or missing parts', async () => {
    const w = await villageWithResults(tempDir());
    const { file } = await mustExport(w);
    const bytes = readFileSync(file);
    const dir = tempDir();
    expect((await verifyBundleFile(file)).ok).toBe(true);

    for (const at of [Math.floor(bytes.length / 3), Math.floor(bytes.length / 2)]) {
      const out = join(dir, `changed-${at}.balaibundle`);
      withByteChanged(bytes, at, out);
      const r = await verifyBundleFile(out);
      expect(r.ok, `byte ${at}`).toBe(false);
    }

    for (const size of [bytes.length - 1, bytes.length - 200, Math.floor(bytes.length / 2), 10, 0]) {
      const out = join(dir, `truncated-${size}.balaibundle`);
      writeFileSync(out, bytes.subarray(0, size));
      expect(await verifyBundleFile(out), `truncated to ${size}`).toMatchObject({
        ok: false,
        refusal: 'unreadable',
      });
    }

    const files = await unzipAll(file);
    const rebuild = async (name: string, edit: (files: Map<string, Buffer>) => void) => {
      const copy = new Map(files);
      edit(copy);
      const out = join(dir, `${name}.balaibundle`);
      await zipFiles(out, copy);
      return verifyBundleFile(out);
    };
    // Re-zipped unchanged: still the same bundle (the zip itself is not what is signed).
    expect((await rebuild('same', () => {})).ok).toBe(true);
    // A statement edited (a failed answer made right), with the old manifest and signature.
    const lines = files.get('statements.ndjson')!.toString('utf8').split('\n');
    const answered = lines.findIndex((l) => l.includes('"success":false'));
    expect(answered).toBeGreaterThanOrEqual(0);
    expect(
      await rebuild('edited', (f) => {
        const edited = [...lines];
        edited[answered] = edited[answered]!.replace('"success":false', '"success":true');
        f.set('statements.ndjson', Buffer.from(edited.join('\n')));
      }),
    ).toMatchObject({
      ok: false,
      refusal: 'tampered',
      reason: expect.stringContaining('statements.ndjson') as unknown,
    });
    expect(
      await rebuild('dropped', (f) => {
        f.set('statements.ndjson', Buffer.from(lines.filter((_, i) => i !== answered).join('\n')));
      }),
    ).toMatchObject({ ok: false, refusal: 'tampered' });
    expect(
      await rebuild('roster', (f) => {
        f.set(
          'roster.json',
          Buffer.from(f.get('roster.json')!.toString().replace('Ani Pertama', 'Ani Palsu')),
        );
      }),
    ).toMatchObject({
      ok: false,
      refusal: 'tampered',
      reason: expect.stringContaining('roster.json') as unknown,
    });
    expect(
      await rebuild('manifest', (f) => {
        f.set(
          'manifest.json',
          Buffer.from(f.get('manifest.json')!.toString().replace('"bundleSeq": 1', '"bundleSeq": 9')),
        );
      }),
    ).toMatchObject({
      ok: false,
      refusal: 'tampered',
      reason: expect.stringContaining('manifest.json') as unknown,
    });
    expect(await rebuild('missing', (f) => f.delete('certificates.json'))).toMatchObject({ ok: false });
    expect(await rebuild('unsigned', (f) => f.delete('signature.json'))).toMatchObject({ ok: false });
    expect(await rebuild('extra', (f) => f.set('extra.txt', Buffer.from('x')))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('extra.txt') as unknown,
    });
    w.close();
  });

  it('refuses a bundle re-signed with another key: by the key it carries, and by the key of the kiosk it claims', async () => {
    const w = await villageWithResults(tempDir());
    const { file } = await mustExport(w);
    const kioskKey = w.core.services.db.get<{ public_key: string }>(
      sql`SELECT public_key FROM kiosk`,
    )!.public_key;
    const files = await unzipAll(file);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as BundleManifest;
    const other = newPrivateKeyFile('not the kiosk');
    const dir = tempDir();
    const write = async (name: string, signed: BundleManifest, envelope: ReturnType<typeof signEnvelope>) => {
      const copy = new Map(files);
      copy.set('manifest.json', json(signed));
      copy.set('signature.json', json(envelope));
      const out = join(dir, `${name}.balaibundle`);
      await zipFiles(out, copy);
      return out;
    };

    // Same manifest (it names the kiosk's key), signed by another key: refused with or without an expected key.
    const resigned = await write('resigned', manifest, signEnvelope(BUNDLE_SIGNATURE_TYPE, manifest, other));
    expect(await verifyBundleFile(resigned)).toMatchObject({ ok: false, refusal: 'wrong_key' });
    expect(await verifyBundleFile(resigned, { expectedDeviceKey: kioskKey })).toMatchObject({ ok: false });
    // The same, claiming the kiosk's key id: the signature does not hold.
    const kioskKeyId = (JSON.parse(files.get('signature.json')!.toString()) as { keyId: string }).keyId;
    const forged = await write('forged', manifest, {
      ...signEnvelope(BUNDLE_SIGNATURE_TYPE, manifest, other),
      keyId: kioskKeyId,
    });
    expect(await verifyBundleFile(forged)).toMatchObject({ ok: false, refusal: 'tampered' });

    // The manifest rewritten to carry the other key: self-consistent, so only the kiosk's expected key catches it.
    const swapped = { ...manifest, devicePublicKey: other.publicKey };
    const impostor = await write('impostor', swapped, signEnvelope(BUNDLE_SIGNATURE_TYPE, swapped, other));
    expect((await verifyBundleFile(impostor)).ok).toBe(true);
    expect(await verifyBundleFile(impostor, { expectedDeviceKey: kioskKey })).toMatchObject({
      ok: false,
      refusal: 'wrong_key',
      reason: expect.stringContaining('not by the key of the kiosk') as unknown,
    });
    w.close();
  });
});
