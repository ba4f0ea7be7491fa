import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import type { Db } from '../../../main/core/db/database';
import { sql } from '../../../main/core/db/sql';
import { uploadQueueFor } from '../../../main/core/hub/forward';
import { hubQuarantineList, releaseHubQuarantine } from '../../../main/core/hub/forward-quarantine';
import { loadHub } from '../../../main/core/hub/identity';
import type { FetchFn } from '../../../main/core/lrs/client';
import { compareStatements } from '../../../main/core/lrs/compare';
import { plainSecretBox } from '../../../main/core/lrs/secret-box';
import { readLrsConnection, saveLrsSettings } from '../../../main/core/lrs/settings';
import { uploadStatus } from '../../../main/core/lrs/status';
import { outboxQueue } from '../../../main/core/lrs/store';
import { Uploader, type UploadConfig } from '../../../main/core/lrs/uploader';
import { tempDir } from '../../helpers/core';
import { openHub, type TestHubInstallation } from '../../helpers/hub-core';
import { generateKabupaten } from '../../helpers/hub-generator';
import { startLrs, type TestLrs } from '../../helpers/lrs';
import { FAST_UPLOAD } from '../lrs/lrs-kit';
import { mustExport, villageWithResults, type BundleVillage } from '../bundles/kiosk';

const NOW = new Date('2026-12-01T10:00:00+07:00');
const BALAI = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'balai.js');
const balai = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], { encoding: 'utf8', timeout: 60_000 });

interface Held {
  device_id: string;
  id: string;
  statement: string;
}

const heldStatements = (db: Db) =>
  db.all<Held>(sql`SELECT device_id, id, statement FROM hub_statements ORDER BY rowid`);

function setLrs(db: Db, clock: ManualClock, endpoint: string, key: string): void {
  const saved = saveLrsSettings(db, plainSecretBox, clock, { endpoint, key, secret: 'rahasia-uji-123' });
  if (!saved.ok) throw new Error(saved.error.message);
}

/** An uploader as the core makes one, on the queue `uploadQueueFor` picks; every POSTed body is kept. */
function uploaderOn(
  db: Db,
  clock: ManualClock,
  endpoint: string,
  key: string,
  config: Partial<UploadConfig> = {},
) {
  setLrs(db, clock, endpoint, key);
  const posted: string[] = [];
  const fetchAndKeep: FetchFn = (url, init) => {
    if (init.method === 'POST' && typeof init.body === 'string') posted.push(init.body);
    return fetch(url, init);
  };
  const uploader = new Uploader({
    db,
    clock,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    connection: () => readLrsConnection(db, plainSecretBox),
    queue: uploadQueueFor(db),
    config: { ...FAST_UPLOAD, ...config },
    fetch: fetchAndKeep,
  });
  return { uploader, posted };
}

async function mustRun(uploader: Uploader) {
  const result = await uploader.run();
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/**
 * Villages of Kabupaten Kebumen (generated) and a real village kiosk of Banyumas bring their bundles to a
 * provinsi hub (Jawa Tengah), which forwards everything it holds to a real LRS with the kiosk's uploader.
 */
describe('the hub forwards what it holds to the LRS', () => {
  const tmp = tempDir('balai-hub-forward-');
  const clock = new ManualClock(NOW);
  let lrs: TestLrs;
  let hub: TestHubInstallation;
  let village: BundleVillage;

  beforeAll(async () => {
    lrs = await startLrs();
    hub = openHub(join(tmp.dir, 'hub'), { regionCode: '33', clock });
    const keys = loadHub(hub.core.services);
    if (!keys.ok) throw new Error(keys.error.message);
    const stick = join(tmp.dir, 'stick');
    await generateKabupaten({
      seed: 41,
      kabupaten: '33.05',
      villages: 4,
      nowMs: NOW.getTime(),
      outDir: stick,
      workDir: join(tmp.dir, 'kiosks'),
      hub: { ...keys.value.signer, encryptionKey: keys.value.encryption.publicKey },
      kioskExportEvery: 2,
    });
    village = await villageWithResults(join(tmp.dir, 'village'));
    await mustExport(village);
    expect((await hub.importFrom(stick)).counts).toMatchObject({ refused: 0, held: 0 });
    expect((await hub.importFrom(village.stick.mountpoint)).counts).toMatchObject({ imported: 1 });
  }, 60_000);

  afterAll(async () => {
    village?.close();
    hub?.close();
    await lrs?.stop();
    tmp.cleanup();
  });

  it('a village uploads part of its statements itself, the hub forwards everything: each is in the LRS once, as recorded', async () => {
    // The village reaches the LRS before the hub does, with the first half of what it had exported.
    const vdb = village.core.services.db;
    const outbox = vdb.all<{ seq: number; id: string }>(sql`SELECT seq, id FROM outbox ORDER BY seq`);
    const half = outbox[Math.floor(outbox.length / 2)]!.seq;
    setLrs(vdb, clock, lrs.endpoint, 'kiosk-adisana');
    const firstHalf = outboxQueue(vdb);
    const villageUploader = new Uploader({
      db: vdb,
      clock,
      log: village.core.services.log,
      connection: () => readLrsConnection(vdb, plainSecretBox),
      queue: { ...firstHalf, next: (limit) => firstHalf.next(limit).filter((s) => s.seq < half) },
      config: FAST_UPLOAD,
    });
    const villageRun = await mustRun(villageUploader);
    expect(villageRun.sent).toBe(half - 1);
    expect((await lrs.statements()).length).toBe(half - 1);

    const db = hub.core.services.db;
    const held = heldStatements(db);
    expect(held.length).toBeGreaterThan(500);
    expect(uploadStatus(db, plainSecretBox)).toMatchObject({ pending: held.length, sent: 0, quarantined: 0 });

    const { uploader, posted } = uploaderOn(db, clock, lrs.endpoint, 'hub-jateng');
    const run = await mustRun(uploader);
    expect(run).toMatchObject({ end: 'empty', sent: held.length, quarantined: 0, pending: 0 });
    expect(uploadStatus(db, plainSecretBox)).toMatchObject({ pending: 0, sent: held.length, quarantined: 0 });

    // Exactly once: the LRS's ids are the hub's ids, none twice (the village's own uploads included).
    const stored = await lrs.statements();
    const storedIds = stored.map((s) => s.id);
    expect(new Set(storedIds).size).toBe(storedIds.length);
    expect([...storedIds].sort()).toEqual(held.map((h) => h.id).sort());
    expect(held.filter((h) => outbox.some((o) => o.id === h.id))).toHaveLength(outbox.length);

    // Sent byte for byte: each statement in the POSTed bodies is the hub's stored text, unchanged.
    const sentText = new Map<string, string>();
    for (const body of posted)
      for (const s of JSON.parse(body) as { id: string }[]) sentText.set(s.id, JSON.stringify(s));
    for (const h of held) expect(sentText.get(h.id)).toBe(h.statement);

    // The LRS holds the same statements: xAPI-equal, and a few fields read straight.
    const byId = new Map(stored.map((s) => [s.id, s]));
    for (const h of held) expect(compareStatements(JSON.parse(h.statement), byId.get(h.id)).same).toBe(true);
    for (const h of held.filter((_, i) => i % 97 === 0)) {
      const ours = JSON.parse(h.statement) as Record<
        string,
        { id?: string; mbox?: string; account?: unknown }
      >;
      const theirs = byId.get(h.id) as typeof ours;
      expect(theirs.verb!.id).toBe(ours.verb!.id);
      expect(theirs.object!.id).toBe(ours.object!.id);
      expect(theirs.actor).toEqual(ours.actor);
    }
  }, 60_000);

  it('a second forward sends nothing', async () => {
    const db = hub.core.services.db;
    const before = (await lrs.statements()).length;
    const { uploader, posted } = uploaderOn(db, clock, lrs.endpoint, 'hub-jateng');
    expect(await mustRun(uploader)).toMatchObject({ end: 'empty', sent: 0, quarantined: 0, pending: 0 });
    expect(posted).toEqual([]);
    expect((await lrs.statements()).length).toBe(before);
  });

  it('balai upload and balai lrs status work on a hub data folder', async () => {
    const dir = join(tmp.dir, 'hub-cli');
    const cliHub = openHub(dir, { regionCode: '33.02', clock });
    await cliHub.importFrom(village.stick.mountpoint);
    const count = heldStatements(cliHub.core.services.db).length;
    cliHub.close();
    const secret = 'rahasia-hub-cli-1';
    const set = balai(
      'lrs',
      'set',
      '--endpoint',
      lrs.endpoint,
      '--key',
      'hub-cli',
      '--secret',
      secret,
      '--data',
      dir,
    );
    expect(set.status, set.stderr).toBe(0);
    // The LRS holds these already (from the first test): each answered as the same statement, delivered.
    const up = balai('upload', '--json', '--quiet', '--data', dir);
    expect(up.status, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ end: 'empty', sent: count, pending: 0 });
    const after = balai('lrs', 'status', '--json', '--data', dir);
    expect(JSON.parse(after.stdout)).toMatchObject({ pending: 0, sent: count, quarantined: 0 });
    expect(after.stdout + up.stdout + up.stderr).not.toContain(secret);
  }, 60_000);

  it('a statement the LRS rejects is quarantined on the hub while the rest is delivered; released, it goes again', async () => {
    const other = await startLrs();
    const second = openHub(join(tmp.dir, 'hub-2'), { regionCode: '33', clock });
    try {
      await second.importFrom(village.stick.mountpoint);
      const db = second.core.services.db;
      const held = heldStatements(db);
      // A scaled score of 5 (xAPI allows -1..1): the LRS answers 400 for this one statement.
      const bad = held[3]!;
      const changed = { ...(JSON.parse(bad.statement) as object), result: { score: { scaled: 5 } } };
      db.run(sql`UPDATE hub_statements SET statement = ${JSON.stringify(changed)}
                 WHERE device_id = ${bad.device_id} AND id = ${bad.id}`);

      // Small batches: the queue reads on from its last position, and must still find a released statement
      // behind it.
      const { uploader } = uploaderOn(db, clock, other.endpoint, 'hub-2', { batchSize: 5 });
      const run = await mustRun(uploader);
      expect(run).toMatchObject({ end: 'empty', sent: held.length - 1, quarantined: 1, pending: 0 });
      const storedIds = new Set((await other.statements()).map((s) => s.id));
      expect(storedIds.size).toBe(held.length - 1);
      expect(storedIds.has(bad.id)).toBe(false);
      const [q, ...more] = hubQuarantineList(db);
      expect(more).toEqual([]);
      expect(q).toMatchObject({ statementId: bad.id, reason: 'rejected', httpStatus: 400 });
      expect(q!.detail).toContain('result.score.scaled');
      expect(uploadStatus(db, plainSecretBox)).toMatchObject({
        pending: 0,
        sent: held.length - 1,
        quarantined: 1,
      });

      // The admin fixes nothing and releases it: it is pending again and rejected again, not lost.
      expect(releaseHubQuarantine(db, [q!.seq])).toBe(1);
      expect(uploadStatus(db, plainSecretBox)).toMatchObject({ pending: 1, quarantined: 0 });
      expect(await mustRun(uploader)).toMatchObject({ sent: 0, quarantined: 1, pending: 0 });
    } finally {
      second.close();
      await other.stop();
    }
  }, 30_000);
});
