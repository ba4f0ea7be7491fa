import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnrolment, heldRanges, parseReceipt } from '../../main/core/bundles/receipt';
import { hubEncryptionKey, RosterOpener } from '../../main/core/bundles/sealing';
import { verifyBundleFile } from '../../main/core/bundles/verify';
import { privateKeyFileSchema, trustedKeySchema } from '../../main/core/packages/keys';

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures');
const key = (name: string) => JSON.parse(readFileSync(join(FIXTURES, 'keys', name), 'utf8')) as unknown;
const device = trustedKeySchema.parse(key('fixture-device.pub.json'));
const hub = trustedKeySchema.parse(key('fixture-hub.pub.json'));
const BUNDLE_1 = join(FIXTURES, 'formats', 'bundle-v1', 'Adisana-20261102-0001.balaibundle');
const BUNDLE_2 = join(FIXTURES, 'formats', 'bundle-v1', 'Adisana-20261104-0002.balaibundle');
const RECEIPT = join(FIXTURES, 'formats', 'receipt-v1', 'Adisana-20261102-0001.balaireceipt');

async function verified(file: string) {
  const r = await verifyBundleFile(file, { expectedDeviceKey: device.publicKey, keepStatements: true });
  if (!r.ok) throw new Error(r.reason);
  return r.bundle;
}

describe('result bundle and receipt v1 fixtures (made 2026-11-30, kept forever)', () => {
  it('bundle 1 (roster in clear) still verifies against the fixture device key', async () => {
    const b = await verified(BUNDLE_1);
    expect(b.manifest).toMatchObject({
      formatVersion: 1,
      bundleSeq: 1,
      desaCode: '33.02.05.2001',
      statements: { fromSeq: 1, toSeq: 26 },
      counts: { statements: 26, learners: 3, certificates: 1 },
      roster: { personalData: 'clear' },
      previousBundle: null,
      enrolment: null,
    });
    expect(b.roster.learners.map((l) => l.personal?.fullName).sort()).toEqual([
      'Ani Rahayu',
      'Budi Santoso',
      'Sri Operator',
    ]);
    expect(b.certificates.certificates[0]?.code).toMatch(/^BB1\./);
  });

  it('bundle 2 (sealed, enrolled) chains to bundle 1, and the fixture hub opens its roster', async () => {
    const [b1, b2] = [await verified(BUNDLE_1), await verified(BUNDLE_2)];
    expect(b2.manifest).toMatchObject({
      bundleSeq: 2,
      statements: { fromSeq: 27, toSeq: 28 },
      roster: { personalData: 'sealed', hubKeyId: hub.keyId },
      previousBundle: { bundleSeq: 1, sha256: b1.bundleSha256 },
    });
    expect(b2.enrolment).toMatchObject({ hubKeyId: hub.keyId, devicePublicKey: device.publicKey });
    const hubKey = privateKeyFileSchema.parse(key('fixture-hub.key.json'));
    const sealing = b2.roster.sealing!;
    const opener = new RosterOpener(
      hubEncryptionKey(hubKey).privateKey,
      sealing.ephemeralKey,
      sealing.recipientKey,
      b2.roster.deviceId,
    );
    const names = b2.roster.learners.map(
      (l) => (opener.open(l.id, l.sealedPersonal!) as { fullName: string }).fullName,
    );
    expect(names.sort()).toEqual(['Ani Rahayu', 'Budi Santoso', 'Sri Operator']);
  });

  it('the receipt still parses, is signed by the fixture hub, and holds exactly bundle 1', async () => {
    const parsed = parseReceipt(readFileSync(RECEIPT));
    if (!parsed.ok) throw new Error(parsed.reason);
    const b1 = await verified(BUNDLE_1);
    expect(parsed.envelope.keyId).toBe(hub.keyId);
    expect(parsed.receipt.hub.publicKey).toBe(hub.publicKey);
    expect(parsed.receipt.deviceId).toBe(b1.manifest.deviceId);
    expect(parsed.receipt.bundles).toEqual([{ bundleSeq: 1, sha256: b1.bundleSha256 }]);
    expect(parsed.receipt.statements).toEqual(heldRanges(b1.statements!.map(({ seq, id }) => ({ seq, id }))));
    expect(
      checkEnrolment(parsed.receipt.enrolment, {
        deviceId: b1.manifest.deviceId,
        devicePublicKey: device.publicKey,
        hubPublicKey: hub.publicKey,
      }),
    ).toMatchObject({ ok: true });
  });
});
