import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle, folderTarget } from '../../../main/core/bundles/export';
import { BUNDLE_SIGNATURE_TYPE, type BundleManifest } from '../../../main/core/bundles/format';
import { createCore } from '../../../main/core/app';
import { ManualClock } from '../../../main/core/clock';
import { generateEd25519, publicKeyRaw } from '../../../main/core/crypto/keys';
import { sql } from '../../../main/core/db/sql';
import { hubPath } from '../../../main/core/hub/files';
import { loadHub } from '../../../main/core/hub/identity';
import { acceptKey, heldKeys, rejectKey } from '../../../main/core/hub/keys';
import { importBundles } from '../../../main/core/hub/import';
import { writeReceipts } from '../../../main/core/hub/receipts';
import { silentLogger } from '../../../main/core/log';
import { keyIdOf, newPrivateKeyFile, type PrivateKeyFile } from '../../../main/core/packages/keys';
import { signEnvelope } from '../../../main/core/packages/signing';
import { DEVICE_KEY_FILE } from '../../../main/core/setup/setup';
import { RESOURCES, tempDir } from '../../helpers/core';
import { hubFingerprint, openHub, type TestHubInstallation } from '../../helpers/hub-core';
import { generateKabupaten, type GeneratedKabupaten } from '../../helpers/hub-generator';
import { expectedRows } from '../../helpers/hub-gen-truth';
import { unzipAll, zipFiles } from '../bundles/kiosk';
import { rawZip } from '../packages/fixtures';

const NOW = new Date('2026-12-01T10:00:00+07:00');
const KABUPATEN = '33.05';

/** A device key file for an existing raw key pair. */
function keyFile(privateKeyPem: string, publicKey: string): PrivateKeyFile {
  return {
    formatVersion: 1,
    type: 'balai-ed25519-private-key',
    keyId: keyIdOf(publicKey),
    name: 'kiosk',
    publicKey,
    privateKeyPem,
  };
}

/** The bundle's files, with a new manifest (its hashes made right) signed by `key`. */
async function rebuilt(
  file: string,
  out: string,
  key: PrivateKeyFile,
  change: (files: Map<string, Buffer>, manifest: BundleManifest) => BundleManifest,
): Promise<void> {
  const files = await unzipAll(file);
  const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as BundleManifest;
  const next = change(files, manifest);
  next.files = next.files.map((f) => {
    const bytes = files.get(f.path)!;
    return { ...f, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
  files.set('manifest.json', Buffer.from(JSON.stringify(next, null, 2) + '\n'));
  files.set(
    'signature.json',
    Buffer.from(JSON.stringify(signEnvelope(BUNDLE_SIGNATURE_TYPE, next, key), null, 2) + '\n'),
  );
  await zipFiles(out, files);
}

describe('the hub refuses what it must, with a clear reason, and nothing else changes', () => {
  const tmp = tempDir('balai-hub-refuse-');
  const stick = join(tmp.dir, 'stick');
  const odd = join(tmp.dir, 'odd');
  let hub: TestHubInstallation;
  let world: GeneratedKabupaten;
  const bundleFile = (i: number, b = 0) => join(stick, ...world.villages[i]!.bundles[b]!.path.split('/'));
  const signer = () => {
    const keys = loadHub(hub.core.services);
    if (!keys.ok) throw new Error(keys.error.message);
    return { ...keys.value.signer, encryptionKey: keys.value.encryption.publicKey };
  };

  beforeAll(async () => {
    hub = openHub(join(tmp.dir, 'hub'), { regionCode: KABUPATEN, clock: new ManualClock(NOW) });
    world = await generateKabupaten({
      seed: 99,
      kabupaten: KABUPATEN,
      villages: 8,
      nowMs: NOW.getTime(),
      outDir: stick,
      workDir: join(tmp.dir, 'kiosks'),
      hub: signer(),
      kioskExportEvery: 2,
    });
    const first = await hub.importFrom(stick);
    expect(first.counts).toMatchObject({ imported: world.totals.bundles, refused: 0, held: 0 });
    mkdirSync(odd);
  }, 120_000);

  afterAll(() => {
    hub.close();
    tmp.cleanup();
  });

  /** Imports one file on its own; the hub tables must be as they were. */
  async function refusedAlone(name: string, write: (file: string) => void | Promise<void>) {
    const dir = join(odd, name);
    mkdirSync(dir);
    const file = join(dir, `${name}.balaibundle`);
    await write(file);
    const before = hubFingerprint(hub);
    const result = await hub.importFrom(dir);
    expect(hubFingerprint(hub)).toEqual(before);
    expect(result.bundles).toHaveLength(1);
    return result.bundles[0]!;
  }

  it('a changed byte, edited statements or a forged signature: tampered', async () => {
    const bytes = readFileSync(bundleFile(0));
    const flipped = await refusedAlone('flipped', (f) => {
      const copy = Buffer.from(bytes);
      copy[copy.length >> 1] = copy[copy.length >> 1]! ^ 0x5a;
      writeFileSync(f, copy);
    });
    expect(flipped).toMatchObject({ outcome: 'refused', reason: 'tampered' });

    const edited = await refusedAlone('edited', async (f) => {
      const files = await unzipAll(bundleFile(0));
      const text = files.get('statements.ndjson')!.toString('utf8').replace('"raw":', '"raw": ');
      files.set('statements.ndjson', Buffer.from(text));
      await zipFiles(f, files);
    });
    expect(edited).toMatchObject({ outcome: 'refused', reason: 'tampered' });
    expect(edited.message).toMatch(/does not match its signed hash/);

    // Re-signed by someone else's key while still naming the kiosk's key.
    const forged = await refusedAlone('forged', (f) =>
      rebuilt(bundleFile(0), f, newPrivateKeyFile('forger'), (_files, m) => m),
    );
    expect(forged).toMatchObject({ outcome: 'refused', reason: 'tampered' });
  });

  it('cut short: truncated; a text file or a zip of something else: not a bundle; signed nonsense: malformed', async () => {
    const bytes = readFileSync(bundleFile(1));
    const half = await refusedAlone('half', (f) => writeFileSync(f, bytes.subarray(0, bytes.length >> 1)));
    expect(half).toMatchObject({ outcome: 'refused', reason: 'truncated' });
    const empty = await refusedAlone('empty', (f) => writeFileSync(f, ''));
    expect(empty).toMatchObject({ outcome: 'refused', reason: 'truncated' });
    const text = await refusedAlone('text', (f) => writeFileSync(f, 'Catatan rapat desa\n'));
    expect(text).toMatchObject({ outcome: 'refused', reason: 'not_a_bundle' });
    const zip = await refusedAlone('photos', (f) =>
      zipFiles(f, new Map([['foto-balai-desa.jpg', Buffer.from('not really a photo')]])),
    );
    expect(zip).toMatchObject({ outcome: 'refused', reason: 'not_a_bundle' });
    // A zip-slip entry is named as such, not taken for a copy cut short.
    const slip = await refusedAlone('slip', (f) =>
      writeFileSync(f, rawZip([{ name: '../../balai.sqlite', data: Buffer.from('x') }])),
    );
    expect(slip).toMatchObject({ outcome: 'refused', reason: 'not_a_bundle' });
    expect(slip.message).toMatch(/unsafe file name \(invalid relative path: \.\.\/\.\.\/balai\.sqlite\)/);

    const v = world.villages[1]!;
    const malformed = await refusedAlone('malformed', (f) =>
      rebuilt(bundleFile(1), f, keyFile(v.devicePrivateKeyPem, v.devicePublicKey), (files, m) => {
        const roster = JSON.parse(files.get('roster.json')!.toString('utf8')) as Record<string, unknown>;
        files.set('roster.json', Buffer.from(JSON.stringify({ ...roster, extra: true })));
        return m;
      }),
    );
    expect(malformed).toMatchObject({ outcome: 'refused', reason: 'malformed' });
  });

  it('the same bundle again, under any name: duplicate, nothing changes', async () => {
    const again = await refusedAlone('copy', (f) => copyFileSync(bundleFile(2), f));
    expect(again).toMatchObject({
      outcome: 'duplicate',
      reason: 'duplicate',
      bundle: { desaCode: world.villages[2]!.desaCode },
    });
    // The same signed bundle in another zip: still the same bundle.
    const rezipped = await refusedAlone('rezipped', async (f) => zipFiles(f, await unzipAll(bundleFile(2))));
    expect(rezipped).toMatchObject({ outcome: 'duplicate', reason: 'duplicate' });
  });

  it('a desa outside the hub region: foreign_region', async () => {
    const kecamatan = world.villages[0]!.desaCode.slice(0, 8);
    const kecHub = openHub(join(tmp.dir, 'hub-kecamatan'), {
      regionCode: kecamatan,
      clock: new ManualClock(NOW),
    });
    const other = openHub(join(tmp.dir, 'hub-banyumas'), {
      regionCode: '33.02',
      clock: new ManualClock(NOW),
    });
    try {
      const result = await kecHub.importFrom(stick);
      for (const b of result.bundles) {
        const inside = b.bundle!.desaCode.startsWith(`${kecamatan}.`);
        expect([b.outcome, b.reason]).toEqual(inside ? ['imported', null] : ['refused', 'foreign_region']);
      }
      expect(result.counts.refused).toBeGreaterThan(0);
      const before = hubFingerprint(other);
      const all = await other.importFrom(stick);
      expect(new Set(all.bundles.map((b) => b.reason))).toEqual(new Set(['foreign_region']));
      expect(all.bundles[0]!.message).toMatch(/is not a desa of Kabupaten Banyumas \(33\.02\)/);
      expect(hubFingerprint(other)).toEqual(before);
    } finally {
      kecHub.close();
      other.close();
    }
  });

  it('a new key for an enrolled kiosk is held with both keys history; accepted, its bundles import', async () => {
    const v = world.villages[3]!;
    // The kiosk's key file replaced (a PC rebuilt by hand, or someone else's): same device, another key.
    const dataDir = join(tmp.dir, 'kiosks', v.desaCode);
    const next = generateEd25519();
    writeFileSync(join(dataDir, DEVICE_KEY_FILE), next.privateKeyPem);
    const core = createCore({
      dataDir,
      resourcesDir: RESOURCES,
      appVersion: '0.1.0',
      shell: 'browser',
      clock: new ManualClock(new Date(NOW.getTime() - 3_600_000)),
      log: silentLogger,
    });
    core.services.db.run(sql`UPDATE kiosk SET public_key = ${publicKeyRaw(next.publicKeyPem)}`);
    const changedStick = join(tmp.dir, 'stick-changed');
    mkdirSync(changedStick);
    const exported = await exportBundle(core.services, folderTarget(changedStick));
    core.close();
    if (!exported.ok) throw new Error(exported.error.message);

    const kept = ['hub_bundles', 'hub_statements', 'hub_learners', 'hub_devices', 'hub_certificates'];
    const before = hubFingerprint(hub, kept);
    const result = await hub.importFrom(changedStick);
    expect(result.bundles.map((b) => [b.outcome, b.reason])).toEqual([['held', 'key_changed']]);
    expect(result.bundles[0]!.message).toMatch(/now signs with another key/);
    expect(hubFingerprint(hub, kept)).toEqual(before);
    // Held again when the stick comes back: still one held bundle.
    expect((await hub.importFrom(changedStick)).bundles.map((b) => b.outcome)).toEqual(['held']);

    const held = heldKeys(hub.core.services);
    expect(held).toHaveLength(1);
    const newKeyId = keyIdOf(publicKeyRaw(next.publicKeyPem));
    expect(held[0]).toMatchObject({
      deviceId: v.deviceId,
      desaCode: v.desaCode,
      kind: 'changed_key',
      keyId: newKeyId,
      held: [{ bundleSeq: exported.value.bundleSeq, statements: exported.value.statements.count }],
    });
    expect(held[0]!.history.map((h) => [h.keyId, h.state, h.bundles.length])).toEqual([
      [keyIdOf(v.devicePublicKey), 'enrolled', v.bundles.length],
      [newKeyId, 'held', 1],
    ]);

    const accepted = await acceptKey(hub.core.services, v.deviceId, newKeyId);
    if (!accepted.ok) throw new Error(accepted.error.message);
    expect(accepted.value.imported.map((b) => b.outcome)).toEqual(['imported']);
    expect(heldKeys(hub.core.services)).toEqual([]);
    expect(readdirSync(hubPath(hub.dataDir, 'held'))).toEqual([]);
    const keys = hub.core.services.db.all<{ key_id: string; state: string }>(
      sql`SELECT key_id, state FROM hub_keys WHERE device_id = ${v.deviceId} ORDER BY first_seen_at, rowid`,
    );
    expect(keys).toEqual([
      { key_id: keyIdOf(v.devicePublicKey), state: 'replaced' },
      { key_id: newKeyId, state: 'enrolled' },
    ]);
    // The next receipt enrols the new key; the report still counts the village once.
    const out = join(tmp.dir, 'receipt-after-accept');
    mkdirSync(out);
    const receipts = writeReceipts(hub.core.services, { mountpoint: out }, { deviceIds: [v.deviceId] });
    if (!receipts.ok) throw new Error(receipts.error.message);
    const receipt = JSON.parse(
      readFileSync(join(out, ...receipts.value.receipts[0]!.path.split('/')), 'utf8'),
    ) as { signed: { enrolment: { signed: { devicePublicKey: string } } } };
    expect(receipt.signed.enrolment.signed.devicePublicKey).toBe(publicKeyRaw(next.publicKeyPem));
    expect(hub.report({ level: 'kabupaten' }).total.kiosks).toBe(8);
  });

  it('another kiosk for an enrolled desa is held; rejected, its bundles are dropped and refused from then on', async () => {
    // The same villages set up again on other PCs: other device ids and keys, same desa.
    const twin = await generateKabupaten({
      seed: 99,
      kabupaten: KABUPATEN,
      villages: 8,
      nowMs: NOW.getTime(),
      outDir: join(tmp.dir, 'stick-twin'),
      workDir: join(tmp.dir, 'kiosks-twin'),
      hub: signer(),
      kioskExportEvery: 100,
    });
    const v = twin.villages[4]!;
    const only = join(tmp.dir, 'stick-twin-one');
    for (const b of v.bundles) {
      const target = join(only, ...b.path.split('/'));
      mkdirSync(join(target, '..'), { recursive: true });
      copyFileSync(join(twin.outDir, ...b.path.split('/')), target);
    }
    const kept = ['hub_bundles', 'hub_statements', 'hub_learners', 'hub_devices', 'hub_certificates'];
    const before = hubFingerprint(hub, kept);
    const result = await hub.importFrom(only);
    expect(result.bundles.map((b) => b.reason)).toEqual(v.bundles.map(() => 'key_changed'));
    expect(result.bundles[0]!.message).toMatch(/already has an enrolled kiosk/);
    const held = heldKeys(hub.core.services);
    expect(held.map((h) => [h.kind, h.deviceId, h.held.length])).toEqual([
      ['another_kiosk', v.deviceId, v.bundles.length],
    ]);
    expect(held[0]!.history.map((h) => h.state)).toEqual(['enrolled', 'held']);

    const rejected = rejectKey(hub.core.services, v.deviceId, keyIdOf(v.devicePublicKey));
    expect(rejected).toMatchObject({ ok: true, value: { droppedBundles: v.bundles.length } });
    expect(heldKeys(hub.core.services)).toEqual([]);
    expect(hubFingerprint(hub, kept)).toEqual(before);
    const again = await hub.importFrom(only);
    expect(again.bundles.map((b) => [b.outcome, b.reason])).toEqual(
      v.bundles.map(() => ['refused', 'key_rejected']),
    );
    expect(rejectKey(hub.core.services, v.deviceId, keyIdOf(v.devicePublicKey))).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  }, 60_000);

  it('cancelled mid-way: no bundle half-imported, nothing left in incoming; the next import completes it', async () => {
    const fresh = openHub(join(tmp.dir, 'hub-cancel'), {
      regionCode: KABUPATEN,
      clock: new ManualClock(NOW),
    });
    try {
      const abort = new AbortController();
      const result = await importBundles(
        fresh.core.services,
        { mountpoint: stick },
        {
          signal: abort.signal,
          onProgress: (p) => {
            // Abort while the fourth bundle is being read and checked.
            if (p.done === 3) setImmediate(() => abort.abort());
          },
        },
      );
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.cancelled).toBe(true);
      const imported = result.value.counts.imported;
      expect(imported).toBeGreaterThanOrEqual(3);
      expect(imported).toBeLessThan(world.totals.bundles);
      const db = fresh.core.services.db;
      const perBundle = db.all<{ new_statements: number; held: number }>(
        sql`SELECT b.new_statements, (SELECT COUNT(*) FROM hub_statements s WHERE s.bundle_sha256 = b.sha256) AS held
            FROM hub_bundles b`,
      );
      expect(perBundle).toHaveLength(imported);
      for (const b of perBundle) expect(b.held).toBe(b.new_statements);
      const incoming = hubPath(fresh.dataDir, 'incoming');
      expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);

      const rest = await fresh.importFrom(stick);
      expect(rest.counts).toMatchObject({ imported: world.totals.bundles - imported, duplicate: imported });
      expect(fresh.report({ level: 'desa' }).rows).toEqual(expectedRows(world, 'desa', NOW.getTime()));
    } finally {
      fresh.close();
    }
  });
});
