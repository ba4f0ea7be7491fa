import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyReceiptsFromDrive, pendingSummary } from '../../../main/core/bundles/apply';
import { ManualClock } from '../../../main/core/clock';
import { sql } from '../../../main/core/db/sql';
import { answerOnStick } from '../../../main/core/hub/answer';
import { acceptKey, heldKeys } from '../../../main/core/hub/keys';
import { passUp } from '../../../main/core/hub/pass-up';
import { writeReceipts } from '../../../main/core/hub/receipts';
import { readKiosk } from '../../../main/core/setup/kiosk';
import { useTempDirs } from '../../helpers/core';
import { openHub } from '../../helpers/hub-core';
import { filesUnder, mustExport, villageWithResults, type BundleVillage, learnMore } from '../bundles/kiosk';

const outboxCount = (w: BundleVillage) =>
  w.core.services.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM outbox`)!.n;

const hubClock = () => new ManualClock(new Date('2026-11-02T09:00:00+07:00'));

describe('hub round trip with real kiosks', () => {
  const tempDir = useTempDirs('balai-hub-rt-');

  it('village exports → hub imports and writes receipts → the village shows them delivered and itself enrolled', async () => {
    const w = await villageWithResults(tempDir());
    const hub = openHub(tempDir(), { regionCode: '33.02', clock: hubClock() });
    try {
      const first = await mustExport(w);
      const imported = await hub.importFrom(w.stick.mountpoint);
      expect(imported.counts).toEqual({
        imported: 1,
        duplicate: 0,
        held: 0,
        refused: 0,
        newStatements: first.statements.count,
      });
      const device = imported.bundles[0]!.bundle!;
      expect(device).toMatchObject({ desaCode: '33.02.05.2001', bundleSeq: 1, enrolled: true });

      // The hub holds every statement exactly as the kiosk recorded it, with its provenance.
      const outbox = w.core.services.db.all<{ seq: number; id: string; statement: string }>(
        sql`SELECT seq, id, statement FROM outbox ORDER BY seq`,
      );
      const held = hub.core.services.db.all<{
        seq: number;
        id: string;
        statement: string;
        bundle_sha256: string;
      }>(sql`SELECT seq, id, statement, bundle_sha256 FROM hub_statements ORDER BY seq`);
      expect(held.map(({ seq, id, statement }) => ({ seq, id, statement }))).toEqual(outbox);
      expect(new Set(held.map((h) => h.bundle_sha256))).toEqual(new Set([first.sha256]));

      const written = writeReceipts(hub.core.services, w.stick, { deviceIds: imported.deviceIds });
      if (!written.ok) throw new Error(written.error.message);
      expect(written.value.receipts).toHaveLength(1);
      expect(written.value.receipts[0]!.path).toMatch(
        /^BalaiBelajar\/33_02_05_2001\/tanda-terima\/Adisana-20261102-0001-[0-9a-f-]{36}\.balaireceipt$/,
      );

      await learnMore(w);
      const applied = await applyReceiptsFromDrive(w.core.services, w.stick);
      if (!applied.ok) throw new Error(applied.error.message);
      expect(applied.value.receipts.map((r) => r.outcome)).toEqual(['applied']);
      expect(pendingSummary(w.core.services)).toMatchObject({
        delivered: first.statements.count,
        pending: outboxCount(w) - first.statements.count,
        hub: {
          name: hub.done.name,
          keyId: hub.done.keyId,
          enrolledAt: expect.stringMatching(/^2026-11-02/) as unknown,
        },
      });

      // The second bundle: only what is new, personal data sealed to the hub, opened there with its key.
      const second = await mustExport(w);
      expect(second.personalData).toBe('sealed');
      const again = await hub.importFrom(w.stick.mountpoint);
      expect(again.bundles.map((b) => [b.outcome, b.reason])).toEqual([
        ['duplicate', 'duplicate'],
        ['imported', null],
      ]);
      expect(again.counts.newStatements).toBe(second.statements.count);
      const ani = hub.core.services.db.get<{
        full_name: string;
        nik: string;
        email: string;
        personal: string;
      }>(sql`SELECT full_name, nik, email, personal FROM hub_learners WHERE learner_id = ${w.learnerA}`);
      expect(ani).toEqual({
        full_name: 'Ani Pertama',
        nik: '3302051234567890',
        email: 'ani@example.id',
        personal: 'sealed',
      });
      // The answer on the stick: receipts, and the hub's course packages when the admin asks for them.
      const answer = await answerOnStick(hub.core.services, w.stick, { courses: true });
      expect(answer).toMatchObject({ ok: true, value: { courses: { courses: [], missing: [] } } });
      const applied2 = await applyReceiptsFromDrive(w.core.services, w.stick);
      if (!applied2.ok) throw new Error(applied2.error.message);
      expect(pendingSummary(w.core.services)).toMatchObject({ pending: 0, delivered: outboxCount(w) });

      // The hub's report of the desa counts what the village did: B earned a certificate.
      const report = hub.report({ level: 'desa', regionCode: '33.02.05' });
      const adisana = report.rows.find((r) => r.code === '33.02.05.2001');
      expect(adisana).toMatchObject({ desaReporting: 1, kiosks: 1, certificates: 1, coursesCompleted: 1 });
      expect(report.rows.filter((r) => r.desaReporting === 0).length).toBe(report.rows.length - 1);
    } finally {
      w.close();
      hub.close();
    }
  });

  it('two kiosks in one desa: one receipt file each, and each kiosk finds its own and has nothing pending', async () => {
    const a = await villageWithResults(tempDir());
    const b = await villageWithResults(tempDir()); // a second PC in the same balai desa (Adisana)
    const hub = openHub(tempDir(), { regionCode: '33.02', clock: hubClock() });
    const stick = a.stick; // the desa's one stick carries the receipts home
    try {
      const fromA = await mustExport(a);
      const fromB = await mustExport(b);
      expect(fromA.bundleSeq).toBe(fromB.bundleSeq); // same desa, same day, same number: only the device differs
      expect((await hub.importFrom(a.stick.mountpoint)).counts).toMatchObject({ imported: 1 });
      expect((await hub.importFrom(b.stick.mountpoint)).counts).toMatchObject({ held: 1 });
      const held = heldKeys(hub.core.services)[0]!;
      const accepted = await acceptKey(hub.core.services, held.deviceId, held.keyId);
      expect(accepted.ok).toBe(true);

      const written = writeReceipts(hub.core.services, stick);
      if (!written.ok) throw new Error(written.error.message);
      const ids = [a, b].map((w) => readKiosk(w.core.services.db)!.device_id);
      expect(written.value.receipts.map((r) => r.deviceId).sort()).toEqual([...ids].sort());
      const onStick = filesUnder(stick.mountpoint).filter((f) => f.endsWith('.balaireceipt'));
      expect(onStick).toHaveLength(2);
      for (const id of ids) expect(onStick.filter((f) => f.includes(id))).toHaveLength(1);

      for (const w of [a, b]) {
        const applied = await applyReceiptsFromDrive(w.core.services, stick);
        if (!applied.ok) throw new Error(applied.error.message);
        expect(applied.value.receipts.map((r) => r.outcome).sort()).toEqual(['applied', 'other_device']);
        expect(pendingSummary(w.core.services)).toMatchObject({ pending: 0, delivered: outboxCount(w) });
      }
    } finally {
      a.close();
      b.close();
      hub.close();
    }
  });

  it('a kecamatan hub passes the original bundles up; the kabupaten hub imports them with the same totals', async () => {
    const w = await villageWithResults(tempDir());
    const kecamatan = openHub(tempDir(), { regionCode: '33.02.05', clock: hubClock() });
    const kabupaten = openHub(tempDir(), { regionCode: '33.02', clock: hubClock() });
    const carry = join(tempDir(), 'stick-to-kabupaten');
    mkdirSync(carry);
    try {
      await mustExport(w);
      await kecamatan.importFrom(w.stick.mountpoint);
      writeReceipts(kecamatan.core.services, w.stick);
      await applyReceiptsFromDrive(w.core.services, w.stick);
      await learnMore(w);
      await mustExport(w); // sealed to the kecamatan hub's key
      await kecamatan.importFrom(w.stick.mountpoint);

      const passed = await passUp(kecamatan.core.services, { mountpoint: carry });
      if (!passed.ok) throw new Error(passed.error.message);
      expect(passed.value.written.map((p) => p.bundleSeq)).toEqual([1, 2]);
      expect(filesUnder(carry)).toEqual(passed.value.written.map((p) => p.path).sort());
      // Passed up once: the next pass-up writes nothing new.
      const again = await passUp(kecamatan.core.services, { mountpoint: carry });
      expect(again.ok && again.value.written).toEqual([]);

      const up = await kabupaten.importFrom(carry);
      expect(up.counts).toMatchObject({ imported: 2, refused: 0, held: 0 });
      const a = kecamatan.report({ level: 'kecamatan' });
      const b = kabupaten.report({ level: 'kecamatan', regionCode: '33.02.05' });
      expect(b.rows).toEqual(a.rows);
      expect(b.total).toEqual(a.total);
      // The kabupaten read the names from the first (clear) roster; the second is sealed to the kecamatan.
      const personal = kabupaten.core.services.db.get<{ full_name: string; personal: string }>(
        sql`SELECT full_name, personal FROM hub_learners WHERE learner_id = ${w.learnerA}`,
      );
      expect(personal).toEqual({ full_name: 'Ani Pertama', personal: 'clear' });
    } finally {
      w.close();
      kecamatan.close();
      kabupaten.close();
    }
  });
});
