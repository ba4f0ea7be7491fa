import { readKiosk } from '../../../main/core/setup/kiosk';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyReceipt,
  applyReceiptFile,
  applyReceiptsFromDrive,
  pendingSummary,
} from '../../../main/core/bundles/apply';
import {
  BUNDLE_SIGNATURE_TYPE,
  RECEIPT_SIGNATURE_TYPE,
  type BundleManifest,
  type Receipt,
} from '../../../main/core/bundles/format';
import { buildReceipt, makeEnrolment, receiptBytes, receiptPath } from '../../../main/core/bundles/receipt';
import { hubEncryptionKey } from '../../../main/core/bundles/sealing';
import { pinnedHub } from '../../../main/core/bundles/store';
import { verifyBundleFile } from '../../../main/core/bundles/verify';
import { verifyCertificate } from '../../../main/core/certificates/verify';
import { sql } from '../../../main/core/db/sql';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { signEnvelope, type SignedEnvelope } from '../../../main/core/packages/signing';
import { useTempDirs } from '../../helpers/core';
import { makeHub } from '../../helpers/hub';
import { learnMore, mustExport, unzipAll, villageWithResults, zipFiles, type BundleVillage } from './kiosk';

const outboxCount = (w: BundleVillage) =>
  w.core.services.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM outbox`)!.n;

describe('receipts from the hub', () => {
  const tempDir = useTempDirs();

  it('round trip: the receipt pins the hub, enrols the device key, and the next bundle holds only what is pending', async () => {
    const w = await villageWithResults(tempDir());
    const hub = makeHub();
    const first = await mustExport(w);
    expect(pendingSummary(w.core.services)).toMatchObject({
      total: outboxCount(w),
      pending: outboxCount(w),
      delivered: 0,
      hub: null,
      lastReceiptAt: null,
      lastExport: { bundleSeq: 1 },
    });

    // The hub imports the bundle and writes its receipt onto the same stick.
    const receiptFile = await hub.answerOnStick(first.file, w.stick.mountpoint);
    expect(receiptFile).toContain(join('BalaiBelajar', '33_02_05_2001', 'tanda-terima'));
    await learnMore(w); // meanwhile the village goes on learning
    const applied = await applyReceiptsFromDrive(w.core.services, w.stick, { actorId: w.operatorId });
    if (!applied.ok) throw new Error(applied.error.message);
    expect(applied.value.receipts).toEqual([
      {
        path: `BalaiBelajar/33_02_05_2001/tanda-terima/Adisana-20261102-0001-${readKiosk(w.core.services.db)!.device_id}.balaireceipt`,
        outcome: 'applied',
        reason: null,
        message: null,
        newlyDelivered: first.statements.count,
      },
    ]);
    const summary = pendingSummary(w.core.services);
    expect(summary).toMatchObject({
      delivered: first.statements.count,
      pending: outboxCount(w) - first.statements.count,
      hub: {
        name: hub.signer.name,
        regionCode: '33.02',
        keyId: hub.signer.key.keyId,
        enrolledAt: expect.any(String) as unknown,
      },
      lastReceiptAt: expect.any(String) as unknown,
    });
    expect(summary.pending).toBeGreaterThan(0);

    // The next bundle: only the new statements, the roster sealed to the hub, the enrolment carried along.
    const second = await mustExport(w);
    expect(second.statements).toEqual({
      count: summary.pending,
      fromSeq: first.statements.toSeq! + 1,
      toSeq: outboxCount(w),
    });
    expect(second.personalData).toBe('sealed');
    const imported = await hub.importBundle(second.file);
    expect(imported.enrolment).toMatchObject({
      hubKeyId: hub.signer.key.keyId,
      deviceId: imported.manifest.deviceId,
    });
    expect(imported.manifest.previousBundle).toEqual({ bundleSeq: 1, sha256: first.sha256 });

    // Applying the second receipt: everything delivered; applying it again changes nothing.
    const again = hub.receiptFor(imported);
    const r2 = applyReceipt(w.core.services, receiptBytes(again));
    expect(r2).toMatchObject({
      ok: true,
      value: { pinned: false, newlyDelivered: summary.pending, pending: 0 },
    });
    expect(applyReceipt(w.core.services, receiptBytes(again))).toMatchObject({
      ok: true,
      value: { alreadyApplied: true, newlyDelivered: 0, pending: 0 },
    });
    const third = await mustExport(w);
    expect(third.statements).toEqual({ count: 0, fromSeq: null, toSeq: null });
    expect((await verifyBundleFile(third.file)).ok).toBe(true);

    // Deliveries name the receipt; the LRS uploader can add its own rows beside them.
    const rows = w.core.services.db.all<{ via: string; n: number }>(
      sql`SELECT via, COUNT(*) AS n FROM deliveries GROUP BY via`,
    );
    expect(rows).toEqual([{ via: 'hub', n: outboxCount(w) }]);
    expect(
      w.core.services.db.all<{ action: string }>(
        sql`SELECT action FROM audit_log WHERE action LIKE 'receipt.%' ORDER BY id`,
      ),
    ).toEqual([{ action: 'receipt.apply' }, { action: 'receipt.apply' }, { action: 'receipt.apply' }]);
    w.close();
  });

  it('personal data is sealed to the pinned hub: the hub opens it, nobody else reads it, and it cannot be moved', async () => {
    const w = await villageWithResults(tempDir());
    const hub = makeHub();
    const first = await mustExport(w);
    await hub.answerOnStick(first.file, w.stick.mountpoint);
    expect((await applyReceiptsFromDrive(w.core.services, w.stick)).ok).toBe(true);
    const second = await mustExport(w);
    const bundle = await hub.importBundle(second.file);
    expect(bundle.roster.personalData).toBe('sealed');
    const raw = JSON.stringify(bundle.roster);
    expect(raw).not.toContain('Ani Pertama');
    expect(raw).not.toContain('3302051234567890');
    const people = hub.personalData(bundle);
    // Sealed, the hub also gets what it needs to match LMS accounts (NIK, email); never the phone number.
    expect(people.get(w.learnerA)).toEqual({
      fullName: 'Ani Pertama',
      nik: '3302051234567890',
      email: 'ani@example.id',
    });
    expect(people.get(w.learnerB)).toEqual({ fullName: 'Bambang Kedua' });
    expect(raw).not.toContain('0812');

    // Another hub's key opens nothing; a sealed record moved to another learner does not open.
    expect(() => makeHub().personalData(bundle)).toThrow(/another hub key/);
    const a = bundle.roster.learners.find((l) => l.id === w.learnerA)!;
    const moved = {
      ...bundle,
      roster: {
        ...bundle.roster,
        learners: bundle.roster.learners.map((l) =>
          l.id === w.learnerB ? { ...l, sealedPersonal: a.sealedPersonal } : l,
        ),
      },
    };
    expect(() => hub.personalData(moved)).toThrow();
    w.close();
  });

  it('once a hub is pinned, another certified hub waits for the operator and a self-made one is refused; so are a receipt for another device and a forged one', async () => {
    const w = await villageWithResults(tempDir());
    const hub = makeHub();
    const rogue = makeHub({ name: 'Hub Lain' });
    const first = await mustExport(w);
    const bundle = await hub.importBundle(first.file);
    await rogue.importBundle(first.file);
    expect(applyReceipt(w.core.services, receiptBytes(hub.receiptFor(bundle))).ok).toBe(true);

    // Another certified hub for this desa waits for the operator; a self-made one is refused outright.
    const fromRogue = applyReceipt(w.core.services, receiptBytes(rogue.receiptFor(bundle)));
    expect(fromRogue).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'hub_unconfirmed', keyId: rogue.signer.key.keyId } },
    });
    const selfMade = makeHub({ name: 'Hub Buatan Sendiri', certified: false });
    await selfMade.importBundle(first.file);
    expect(applyReceipt(w.core.services, receiptBytes(selfMade.receiptFor(bundle)))).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'uncertified' } },
    });
    expect(pendingSummary(w.core.services).hub?.keyId).toBe(hub.signer.key.keyId);

    // A receipt for another kiosk (another device id), however well signed.
    const otherDevice = buildReceipt({
      hub: hub.signer,
      chain: hub.chain,
      deviceId: '00000000-0000-4000-8000-000000000001',
      desaCode: '33.02.05.2001',
      statements: [{ seq: 1, id: '00000000-0000-4000-8000-000000000002' }],
      bundles: [{ bundleSeq: 1, sha256: first.sha256 }],
      receivedAt: '2026-11-02T09:00:00.000+07:00',
      issuedAt: '2026-11-02T09:00:00.000+07:00',
    });
    expect(applyReceipt(w.core.services, receiptBytes(otherDevice))).toMatchObject({
      ok: false,
      error: { details: { reason: 'other_device' } },
    });

    // Changed after signing (more statements claimed), or unreadable.
    const envelope = hub.receiptFor(bundle);
    const forged = {
      ...envelope,
      signed: { ...envelope.signed, receivedAt: '2027-01-01T00:00:00.000+07:00' },
    };
    expect(applyReceipt(w.core.services, receiptBytes(forged))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CONTENT', details: { reason: 'bad_signature' } },
    });
    expect(applyReceipt(w.core.services, Buffer.from('{"not":'))).toMatchObject({
      ok: false,
      error: { details: { reason: 'unreadable' } },
    });
    const refusals = w.core.services.db.all<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM audit_log WHERE action = 'receipt.refused'`,
    );
    expect(refusals[0]!.n).toBe(5);
    w.close();
  });

  it('the first receipt must answer a bundle this kiosk made, and its enrolment must be for this device key', async () => {
    const w = await villageWithResults(tempDir());
    const hub = makeHub();
    const first = await mustExport(w);
    const bundle = await hub.importBundle(first.file);
    const m = bundle.manifest;
    const base = {
      hub: hub.signer,
      chain: hub.chain,
      deviceId: m.deviceId,
      desaCode: m.desaCode,
      statements: bundle.statements!.map(({ seq, id }) => ({ seq, id })),
      receivedAt: '2026-11-02T09:00:00.000+07:00',
      issuedAt: '2026-11-02T09:00:00.000+07:00',
    };
    // A "receipt" made without ever seeing a bundle of ours cannot pin a hub.
    expect(
      applyReceipt(
        w.core.services,
        receiptBytes(buildReceipt({ ...base, bundles: [{ bundleSeq: 1, sha256: '0'.repeat(64) }] })),
      ),
    ).toMatchObject({ ok: false, error: { details: { reason: 'unknown_bundle' } } });
    // An enrolment of another device key for this device id.
    const wrongKey = makeEnrolment(
      hub.signer,
      { deviceId: m.deviceId, desaCode: m.desaCode, devicePublicKey: newPrivateKeyFile('x').publicKey },
      base.issuedAt,
    );
    expect(
      applyReceipt(
        w.core.services,
        receiptBytes(
          buildReceipt({ ...base, bundles: [{ bundleSeq: 1, sha256: first.sha256 }], enrolment: wrongKey }),
        ),
      ),
    ).toMatchObject({ ok: false, error: { details: { reason: 'bad_enrolment' } } });
    expect(pendingSummary(w.core.services)).toMatchObject({ hub: null, delivered: 0 });
    w.close();
  });

  it('statements the hub lists differently stay pending and go out again', async () => {
    const w = await villageWithResults(tempDir());
    const hub = makeHub();
    const first = await mustExport(w);
    const bundle = await hub.importBundle(first.file);
    const statements = bundle.statements!.map(({ seq, id }) => ({ seq, id }));
    // The hub holds 1..n, but statement 3 under another id (e.g. a kiosk restored from an old backup).
    statements[2] = { seq: 3, id: '00000000-0000-4000-8000-00000000abcd' };
    const receipt = buildReceipt({
      hub: hub.signer,
      chain: hub.chain,
      deviceId: bundle.manifest.deviceId,
      desaCode: bundle.manifest.desaCode,
      statements: statements.filter((s) => s.seq !== 5), // and is missing 5
      bundles: [{ bundleSeq: 1, sha256: first.sha256 }],
      receivedAt: '2026-11-02T09:00:00.000+07:00',
      issuedAt: '2026-11-02T09:00:00.000+07:00',
    });
    const r = applyReceipt(w.core.services, receiptBytes(receipt));
    expect(r).toMatchObject({ ok: true, value: { mismatchedRanges: 1, pending: 5 } }); // 1..4 differ, 5 missing
    const next = await mustExport(w);
    expect(next.statements).toMatchObject({ count: 5, fromSeq: 1, toSeq: 5 });
    w.close();
  });

  it('a device key swapped inside an enrolled bundle is caught by the enrolment it carries', async () => {
    const w = await villageWithResults(tempDir());
    const hub = makeHub();
    const first = await mustExport(w);
    await hub.answerOnStick(first.file, w.stick.mountpoint);
    expect((await applyReceiptsFromDrive(w.core.services, w.stick)).ok).toBe(true);
    const second = await mustExport(w);
    const files = await unzipAll(second.file);
    const manifest = JSON.parse(files.get('manifest.json')!.toString()) as BundleManifest;
    const other = newPrivateKeyFile('impostor');
    const swapped = { ...manifest, devicePublicKey: other.publicKey };
    files.set('manifest.json', Buffer.from(JSON.stringify(swapped)));
    files.set(
      'signature.json',
      Buffer.from(JSON.stringify(signEnvelope(BUNDLE_SIGNATURE_TYPE, swapped, other))),
    );
    const out = join(tempDir(), 'swapped.balaibundle');
    await zipFiles(out, files);
    expect(await verifyBundleFile(out)).toMatchObject({
      ok: false,
      refusal: 'wrong_key',
      reason: expect.stringContaining('another device key') as unknown,
    });
    w.close();
  });

  it("the kiosk's certificates say which hub enrolled its device key once a receipt brought the enrolment", async () => {
    const w = await villageWithResults(tempDir());
    const code = w.core.services.db.get<{ signature: string }>(
      sql`SELECT signature FROM certificates`,
    )!.signature;
    expect(verifyCertificate(code, w.core.services.regions, w.core.services)).toMatchObject({
      valid: true,
      report: { enrolment: { state: 'unknown' } },
    });
    const hub = makeHub();
    const first = await mustExport(w);
    const file = await hub.answerOnStick(first.file, w.stick.mountpoint);
    expect(applyReceiptFile(w.core.services, file).ok).toBe(true);
    expect(verifyCertificate(code, w.core.services.regions, w.core.services)).toMatchObject({
      valid: true,
      report: {
        enrolment: {
          state: 'enrolled',
          hub: { keyId: hub.signer.key.keyId, name: hub.signer.name },
          at: '2026-11-02T09:00:00.000+07:00',
        },
      },
    });
    w.close();
  });

  it('receipts for another kiosk of the same desa on the stick are left alone', async () => {
    const w = await villageWithResults(tempDir());
    const hub = makeHub();
    const first = await mustExport(w);
    const bundle = await hub.importBundle(first.file);
    const elsewhere = buildReceipt({
      hub: hub.signer,
      deviceId: '00000000-0000-4000-8000-000000000009',
      desaCode: '33.02.05.2001',
      statements: [],
      bundles: [{ bundleSeq: 1, sha256: first.sha256 }],
      receivedAt: '2026-11-02T09:00:00.000+07:00',
      issuedAt: '2026-11-02T09:00:00.000+07:00',
    });
    const rel = receiptPath(
      '33.02.05.2001',
      'Adisana',
      '00000000-0000-4000-8000-000000000009',
      '2026-11-02T09:00:00.000+07:00',
      7,
    );
    const target = join(w.stick.mountpoint, ...rel.split('/'));
    await hub.answerOnStick(first.file, w.stick.mountpoint);
    writeFileSync(target, receiptBytes(elsewhere));
    const r = await applyReceiptsFromDrive(w.core.services, w.stick);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.receipts.map((x) => x.outcome).sort()).toEqual(['applied', 'other_device']);
    expect(r.value.pending).toBe(outboxCount(w) - bundle.manifest.counts.statements);
    expect(readFileSync(target).length).toBeGreaterThan(0); // not removed or changed
    w.close();
  });

  it('a receipt applied again, or older than the last one applied, never takes the hub back to an earlier identity', async () => {
    const w = await villageWithResults(tempDir());
    const hub = makeHub();
    /** A receipt as the hub signed it when it had another name and another encryption key. */
    const asOldHub = (envelope: SignedEnvelope, name: string) => {
      const signed = structuredClone(envelope.signed) as Receipt;
      signed.hub = {
        ...signed.hub,
        name,
        encryptionKey: hubEncryptionKey(newPrivateKeyFile(name)).publicKey,
      };
      return receiptBytes(
        signEnvelope(RECEIPT_SIGNATURE_TYPE, signed, hub.signer.key, hub.chain ?? undefined),
      );
    };
    const first = await hub.importBundle((await mustExport(w)).file);
    const old = asOldHub(hub.receiptFor(first, { at: '2026-11-02T09:00:00.000+07:00' }), 'Nama Lama');
    const older = asOldHub(hub.receiptFor(first, { at: '2026-11-01T09:00:00.000+07:00' }), 'Nama Lebih Lama');
    expect(applyReceipt(w.core.services, old)).toMatchObject({
      ok: true,
      value: { hub: { name: 'Nama Lama' } },
    });
    await learnMore(w);
    const second = await hub.importBundle((await mustExport(w)).file);
    const latest = hub.receiptFor(second, { at: '2026-11-09T09:00:00.000+07:00' });
    expect(applyReceipt(w.core.services, receiptBytes(latest))).toMatchObject({
      ok: true,
      value: { hub: { name: hub.signer.name } },
    });
    const identity = pinnedHub(w.core.services.db);
    expect(identity?.encryption_key).toBe((latest.signed as Receipt).hub.encryptionKey);

    // The old receipt again (an old stick), and one older still that never reached this kiosk.
    expect(applyReceipt(w.core.services, old)).toMatchObject({ ok: true, value: { alreadyApplied: true } });
    expect(applyReceipt(w.core.services, older)).toMatchObject({
      ok: true,
      value: { alreadyApplied: false, newlyDelivered: 0, hub: { name: hub.signer.name } },
    });
    expect(pinnedHub(w.core.services.db)).toEqual(identity);
    w.close();
  });
});
