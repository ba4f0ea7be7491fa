import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  applyReceipt,
  applyReceiptsFromDrive,
  confirmHub,
  pendingSummary,
} from '../../../main/core/bundles/apply';
import { receiptBytes } from '../../../main/core/bundles/receipt';
import { judgeReceiptHub } from '../../../main/core/bundles/hub-trust';
import { parseReceipt } from '../../../main/core/bundles/receipt';
import { ManualClock } from '../../../main/core/clock';
import { sql } from '../../../main/core/db/sql';
import { writeReceipts } from '../../../main/core/hub/receipts';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import type { Certificate } from '../../../main/core/pki/format';
import { makeRevocationList } from '../../../main/core/pki/revocation';
import { useTempDirs } from '../../helpers/core';
import { makeHub } from '../../helpers/hub';
import { DEV_ROOT_KEY, hubChain } from '../../helpers/hub-cert';
import { openHub } from '../../helpers/hub-core';
import { fingerprint } from '../../helpers/world';
import { mustExport, villageWithResults, type BundleVillage } from './kiosk';

/** Everything the kiosk holds but its audit log (where a refusal is rightly written down). */
const kioskState = (w: BundleVillage) => fingerprint(w, ['audit_log']);

const reasonOf = (r: ReturnType<typeof applyReceipt>) => (r.ok ? 'applied' : r.error.details?.reason);

describe('receipts only from certified hubs (issue 16)', () => {
  const tempDir = useTempDirs('balai-hub-trust-');

  it('a self-made "hub" on a laptop imports a copy of the stick and writes receipts: refused, nothing in the kiosk changes', async () => {
    const w = await villageWithResults(tempDir());
    const laptop = openHub(tempDir(), {
      regionCode: '33.02',
      certified: false,
      clock: new ManualClock(new Date('2026-11-02T09:00:00+07:00')),
    });
    try {
      await mustExport(w);
      const imported = await laptop.importFrom(w.stick.mountpoint);
      expect(imported.counts.imported).toBe(1);
      const written = writeReceipts(laptop.core.services, w.stick);
      expect(written).toMatchObject({ ok: true, value: { certified: false } });
      const before = kioskState(w);
      const pending = pendingSummary(w.core.services).pending;

      const applied = await applyReceiptsFromDrive(w.core.services, w.stick);
      if (!applied.ok) throw new Error(applied.error.message);
      expect(applied.value.receipts).toMatchObject([
        { outcome: 'refused', reason: 'uncertified', newlyDelivered: 0 },
      ]);
      expect(applied.value.receipts[0]!.message).toMatch(/has no certificate: it is not an office hub/);
      expect(kioskState(w)).toBe(before);
      expect(pendingSummary(w.core.services)).toMatchObject({ pending, delivered: 0, hub: null });
    } finally {
      w.close();
      laptop.close();
    }
  });

  it('refuses, with its reason and nothing changed: a root no kiosk ships, another provinsi, an expired and a revoked certificate', async () => {
    const w = await villageWithResults(tempDir());
    try {
      const first = await mustExport(w);
      const ownRoot = newPrivateKeyFile('Akar buatan sendiri');
      const revokedKey = newPrivateKeyFile('Hub yang dicabut');
      const revokedChain = hubChain(revokedKey.publicKey, { scope: '33.02' });
      // The root's revocation list rides in the hub's own receipt (hubs pass on the lists they hold).
      const revocation = makeRevocationList(
        {
          serials: [(revokedChain[0]!.signed as { serial: string }).serial],
          keyIds: [],
          issuedAt: new Date('2026-10-01T00:00:00Z'),
        },
        DEV_ROOT_KEY,
      );
      const cases: [string, () => ReturnType<typeof makeHub>, RegExp][] = [
        [
          'hub_untrusted',
          () =>
            makeHub({ chain: (pk) => hubChain(pk, { scope: '33.02', issuer: { key: ownRoot, chain: [] } }) }),
          /not a trusted root/,
        ],
        [
          'hub_out_of_region',
          () => makeHub({ chain: (pk) => hubChain(pk, { scope: '34', name: 'Dinas PMD Provinsi DIY' }) }),
          /covers "34", not 33\.02\.05\.2001/,
        ],
        [
          'hub_expired',
          () =>
            makeHub({
              chain: (pk) => hubChain(pk, { scope: '33.02', notAfter: new Date('2026-06-01T00:00:00Z') }),
            }),
          /expired on 2026-06-01/,
        ],
        [
          'hub_revoked',
          () => makeHub({ key: revokedKey, chain: () => revokedChain, revocations: [revocation] }),
          /is revoked/,
        ],
      ];
      for (const [reason, make, message] of cases) {
        const hub = make();
        const bundle = await hub.importBundle(first.file);
        const before = kioskState(w);
        const r = applyReceipt(w.core.services, receiptBytes(hub.receiptFor(bundle)));
        expect(reasonOf(r), reason).toBe(reason);
        expect(r.ok || r.error.message, reason).toMatch(message);
        expect(kioskState(w), reason).toBe(before);
      }
      expect(pendingSummary(w.core.services)).toMatchObject({ delivered: 0, hub: null, pendingHubs: [] });
    } finally {
      w.close();
    }
  });

  it('the revocation lists a receipt carries are kept, and refuse a revoked hub that sends none', async () => {
    const w = await villageWithResults(tempDir());
    try {
      const first = await mustExport(w);
      const revokedKey = newPrivateKeyFile('Hub yang dicabut');
      const revokedChain = hubChain(revokedKey.publicKey, { scope: '33.02' });
      const list = makeRevocationList(
        {
          serials: [(revokedChain[0]!.signed as { serial: string }).serial],
          keyIds: [],
          issuedAt: new Date('2026-10-01T00:00:00Z'),
        },
        DEV_ROOT_KEY,
      );
      const good = makeHub({ revocations: [list] });
      const applied = applyReceipt(
        w.core.services,
        receiptBytes(good.receiptFor(await good.importBundle(first.file))),
      );
      expect(reasonOf(applied)).toBe('applied');
      expect(
        w.core.services.db.all(sql`SELECT issuer_key_id, sequence, source FROM revocation_lists`),
      ).toEqual([{ issuer_key_id: DEV_ROOT_KEY.keyId, sequence: 1, source: 'receipt' }]);
      const revoked = makeHub({ key: revokedKey, chain: () => revokedChain });
      const before = kioskState(w);
      const r = applyReceipt(
        w.core.services,
        receiptBytes(revoked.receiptFor(await revoked.importBundle(first.file))),
      );
      expect(reasonOf(r)).toBe('hub_revoked');
      expect(kioskState(w)).toBe(before);
    } finally {
      w.close();
    }
  });

  it('the first certified hub is pinned; the kabupaten hub after it waits until the operator confirms it, shown beside the first', async () => {
    const w = await villageWithResults(tempDir());
    const hubClock = () => new ManualClock(new Date('2026-11-02T09:00:00+07:00'));
    const kecamatan = openHub(tempDir(), { regionCode: '33.02.05', clock: hubClock() });
    const kabupaten = openHub(tempDir(), { regionCode: '33.02', clock: hubClock() });
    try {
      await mustExport(w);
      await kecamatan.importFrom(w.stick.mountpoint);
      expect(writeReceipts(kecamatan.core.services, w.stick)).toMatchObject({
        ok: true,
        value: { certified: true },
      });
      const first = await applyReceiptsFromDrive(w.core.services, w.stick);
      expect(first.ok && first.value.receipts.map((r) => r.outcome)).toEqual(['applied']);
      expect(pendingSummary(w.core.services).hub).toMatchObject({
        keyId: kecamatan.done.keyId,
        certified: { name: kecamatan.done.name, scope: '33.02.05' },
      });

      // The village's next bundle goes to the kabupaten office instead.
      const second = await mustExport(w);
      expect(second.personalData).toBe('sealed');
      await kabupaten.importFrom(w.stick.mountpoint);
      writeReceipts(kabupaten.core.services, w.stick);
      const before = pendingSummary(w.core.services);
      const read = await applyReceiptsFromDrive(w.core.services, w.stick);
      if (!read.ok) throw new Error(read.error.message);
      expect(read.value.receipts.map((r) => [r.outcome, r.reason]).sort()).toEqual([
        ['already_applied', null],
        ['needs_confirmation', 'hub_unconfirmed'],
      ]);
      const waiting = pendingSummary(w.core.services);
      expect(waiting).toMatchObject({
        delivered: before.delivered,
        hub: { keyId: kecamatan.done.keyId },
        pendingHubs: [
          { keyId: kabupaten.done.keyId, certifiedName: kabupaten.done.name, certifiedScope: '33.02' },
        ],
      });

      const confirmed = confirmHub(w.core.services, kabupaten.done.keyId, w.operatorId);
      if (!confirmed.ok) throw new Error(confirmed.error.message);
      expect(confirmed.value).toMatchObject({ pinned: true, pending: 0 });
      expect(pendingSummary(w.core.services)).toMatchObject({
        pending: 0,
        hub: { keyId: kabupaten.done.keyId, certified: { scope: '33.02' } },
        pendingHubs: [],
      });
      expect(
        w.core.services.db.all(sql`SELECT key_id, how, accepted_by FROM accepted_hubs ORDER BY accepted_at`),
      ).toEqual([
        { key_id: kecamatan.done.keyId, how: 'first', accepted_by: null },
        { key_id: kabupaten.done.keyId, how: 'operator', accepted_by: w.operatorId },
      ]);
      // Both are heard from now on, and rosters are sealed to the one confirmed last.
      expect(reasonOf(applyReceipt(w.core.services, receiptBytesFrom(read, w)))).toBe('applied');
      const third = await mustExport(w);
      expect(third).toMatchObject({ personalData: 'sealed' });
      const sealedTo = w.core.services.db.get<{ key_id: string }>(sql`SELECT key_id FROM pinned_hub`);
      expect(sealedTo?.key_id).toBe(kabupaten.done.keyId);
    } finally {
      w.close();
      kecamatan.close();
      kabupaten.close();
    }
  });

  it('a kiosk pinned to a hub before certification: a development build keeps taking its receipts; a release build asks at its next certified one', async () => {
    const w = await villageWithResults(tempDir());
    try {
      const hub = makeHub({ certified: false });
      const first = await mustExport(w);
      const bundle = await hub.importBundle(first.file);
      // As migration 0012 leaves a kiosk that pinned this hub before issue 16.
      const pk = hub.signer.key;
      w.core.services.db.run(sql`INSERT INTO pinned_hub (id, hub_id, name, region_code, key_id, public_key,
                                   encryption_key, pinned_at)
                                 VALUES (1, ${hub.signer.id}, ${hub.signer.name}, '33.02', ${pk.keyId}, ${pk.publicKey},
                                   ${hub.encryption.publicKey}, 't0')`);
      w.core.services.db.run(sql`INSERT INTO accepted_hubs (key_id, public_key, hub_id, name, region_code,
                                   accepted_at, how)
                                 VALUES (${pk.keyId}, ${pk.publicKey}, ${hub.signer.id}, ${hub.signer.name}, '33.02',
                                   't0', 'uncertified')`);
      const uncertified = hub.receiptFor(bundle);
      const certifiedChain: Certificate[] = hubChain(pk.publicKey, { scope: '33.02' });
      const certified = { ...uncertified, chain: certifiedChain };
      const parse = (e: typeof uncertified) => {
        const p = parseReceipt(receiptBytes(e));
        if (!p.ok) throw new Error(p.reason);
        return p;
      };

      // This checkout ships the development root: a development build.
      const dev = w.core.services.trust();
      expect(dev.roots.some((r) => r.development)).toBe(true);
      const u = parse(uncertified);
      expect(judgeReceiptHub(w.core.services.db, dev, u.envelope, u.receipt, '33.02.05.2001').kind).toBe(
        'accepted',
      );
      // A release build trusts the same root as its own (no development root): the old pin counts for nothing.
      const release = { ...dev, roots: dev.roots.map((r) => ({ ...r, development: false })) };
      expect(
        judgeReceiptHub(w.core.services.db, release, u.envelope, u.receipt, '33.02.05.2001'),
      ).toMatchObject({
        kind: 'refused',
        refusal: 'uncertified',
      });
      const c = parse(certified);
      expect(judgeReceiptHub(w.core.services.db, release, c.envelope, c.receipt, '33.02.05.2001').kind).toBe(
        'confirm',
      );
      expect(judgeReceiptHub(w.core.services.db, dev, c.envelope, c.receipt, '33.02.05.2001').kind).toBe(
        'accepted',
      );

      // In this (development) build the old pin goes on working, and a certified receipt upgrades it in place.
      expect(reasonOf(applyReceipt(w.core.services, receiptBytes(uncertified)))).toBe('applied');
      expect(
        reasonOf(
          applyReceipt(w.core.services, receiptBytes({ ...hub.receiptFor(bundle), chain: certifiedChain })),
        ),
      ).toBe('applied');
      expect(w.core.services.db.all(sql`SELECT how, certified_scope FROM accepted_hubs`)).toEqual([
        { how: 'first', certified_scope: '33.02' },
      ]);
    } finally {
      w.close();
    }
  });
});

/** The kecamatan hub's receipt again, read from the stick (it is applied already: nothing new). */
function receiptBytesFrom(
  read: { ok: true; value: { receipts: { path: string; outcome: string }[] } },
  w: BundleVillage,
): Buffer {
  const path = read.value.receipts.find((r) => r.outcome === 'already_applied')!.path;
  return readFileSync(join(w.stick.mountpoint, ...path.split('/')));
}
