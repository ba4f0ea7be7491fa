import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundleFile } from '../../../main/core/bundles/verify';
import { ManualClock } from '../../../main/core/clock';
import { sql } from '../../../main/core/db/sql';
import { loadHub } from '../../../main/core/hub/identity';
import { pullLrs, type PullOptions, type PullReport } from '../../../main/core/hub/pull-lrs';
import { hubReport, type ReportLevel } from '../../../main/core/hub/reports';
import { rebuildRollups } from '../../../main/core/hub/rollups';
import { lrsConnectionFrom } from '../../../main/core/lrs/settings';
import { EXTENSIONS, kioskIri } from '../../../main/core/recorder/profile';
import { tempDir } from '../../helpers/core';
import { openHub, type TestHubInstallation } from '../../helpers/hub-core';
import { generateKabupaten, type GeneratedKabupaten } from '../../helpers/hub-generator';
import { rawHubReport } from '../../helpers/hub-raw-report';
import { rollupSnapshot } from '../../helpers/hub-rollups';
import { startLrs, type TestLrs } from '../../helpers/lrs';

/**
 * `pullLrs` against the real LRS (Learning Locker's statements service): the villages of a generated kabupaten
 * uploaded every statement they recorded to the LRS, and the kabupaten hub has the bundles of only half of
 * them. The pull brings the rest across pages, is stopped halfway and goes on, counts nothing twice, parks
 * what it cannot place, and the reports built from it equal the statements and the villages' own truth.
 */

const KABUPATEN = '33.02';
const NOW = new Date('2026-12-01T10:00:00+07:00');
type Statement = Record<string, unknown> & { id: string; context: { extensions: Record<string, unknown> } };

describe('balai hub pull-lrs against a real LRS', () => {
  const tmp = tempDir('balai-pull-lrs-');
  let lrs: TestLrs;
  let hub: TestHubInstallation;
  let world: GeneratedKabupaten;
  /** Statements of the villages whose bundles the hub imported / did not import. */
  let importedIds: Set<string>;
  let pulledIds: Set<string>;
  const odd: Statement[] = [];
  let options: PullOptions;

  beforeAll(async () => {
    lrs = await startLrs();
    hub = openHub(join(tmp.dir, 'hub'), { regionCode: KABUPATEN, clock: new ManualClock(NOW) });
    const keys = loadHub(hub.core.services);
    if (!keys.ok) throw new Error(keys.error.message);
    const stick = join(tmp.dir, 'stick');
    world = await generateKabupaten({
      seed: 21,
      kabupaten: KABUPATEN,
      villages: 32,
      nowMs: NOW.getTime(),
      outDir: stick,
      workDir: join(tmp.dir, 'kiosks'),
      hub: { ...keys.value.signer, encryptionKey: keys.value.encryption.publicKey },
    });
    importedIds = new Set();
    pulledIds = new Set();
    // A village that exported twice brought its first statements again: the same statement once here.
    const byId = new Map<string, Statement>();
    for (const [i, v] of world.villages.entries())
      for (const b of v.bundles) {
        const file = join(stick, b.path);
        const verified = await verifyBundleFile(file, { keepStatements: true });
        if (!verified.ok) throw new Error(verified.reason);
        for (const s of verified.bundle.statements ?? []) {
          const json = JSON.parse(s.line) as Statement;
          byId.set(json.id, json);
          (i % 2 === 0 ? importedIds : pulledIds).add(json.id);
        }
        // Half the villages brought their bundles to the hub too.
        if (i % 2 === 0) await hub.importFrom(file);
      }
    // What else an LRS holds: another system's statements, a statement of a desa of another kabupaten, and
    // statements of our profile that name no kiosk (or the wrong one).
    const all = [...byId.values()];
    const sample = all[0]!;
    for (let n = 0; n < 7; n++)
      odd.push({
        id: crypto.randomUUID(),
        actor: { objectType: 'Agent', mbox: `mailto:someone${n}@example.org` },
        verb: { id: 'http://adlnet.gov/expapi/verbs/experienced', display: { 'en-US': 'experienced' } },
        object: { objectType: 'Activity', id: `https://example.org/other/${n}` },
        context: { extensions: {} },
      });
    const foreign = structuredClone(sample);
    foreign.id = crypto.randomUUID();
    foreign.context.extensions[EXTENSIONS.desaCode] = '33.01.01.2001';
    const noDevice = structuredClone(sample);
    noDevice.id = crypto.randomUUID();
    delete noDevice.context.extensions[EXTENSIONS.deviceId];
    const otherKiosk = structuredClone(sample) as Statement & { actor: { account: { homePage: string } } };
    otherKiosk.id = crypto.randomUUID();
    otherKiosk.actor.account.homePage = kioskIri('00000000-0000-4000-8000-000000000001');
    odd.push(foreign, noDevice, otherKiosk);
    for (let at = 0; at < all.length; at += 500) expect(await lrs.post(all.slice(at, at + 500))).toBe(200);
    expect(await lrs.post(odd)).toBe(200);
    const conn = lrsConnectionFrom({ endpoint: lrs.endpoint, key: 'test', secret: 'test' });
    if (!conn.ok) throw new Error(conn.error.message);
    options = { connection: conn.value, pageSize: 250 };
  }, 300_000);

  afterAll(async () => {
    hub?.close();
    await lrs?.stop();
    tmp.cleanup();
  });

  const pull = async (extra: Partial<PullOptions> = {}): Promise<PullReport> => {
    const result = await pullLrs(hub.core.services, { ...options, ...extra });
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };
  const db = () => hub.core.services.db;
  const statementCount = () => db().get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM hub_statements`)!.n;

  it('pulls more than 10,000 statements across pages, stopped halfway and resumed, nothing doubled', async () => {
    const total = importedIds.size + pulledIds.size + odd.length;
    expect(total).toBeGreaterThan(10_000);
    expect(statementCount()).toBe(importedIds.size);

    // Stopped after the 15th page (as a Ctrl-C would): what it stored stays, with the link of the next page.
    const stop = new AbortController();
    const first = await pull({
      signal: stop.signal,
      onPage: (r) => {
        if (r.pages === 15) stop.abort();
      },
    });
    expect(first).toMatchObject({ end: 'cancelled', resumed: false, pages: 15, received: 15 * 250 });
    expect(first.watermark).toBeNull();
    expect(statementCount()).toBe(importedIds.size + first.added);

    const second = await pull();
    expect(second.end).toBe('done');
    expect(second.resumed).toBe(true);
    expect(second.pages).toBe(Math.ceil(total / 250));
    expect(second.received).toBe(total);
    expect(second.added).toBe(pulledIds.size);
    expect(second.alreadyHeld).toBe(importedIds.size);
    expect(second.parked).toEqual({ not_profile: 7, unplaceable: 2, foreign_region: 1, unknown_desa: 0 });
    expect(second.watermark).not.toBeNull();

    // Every statement once, as the kiosk recorded it (the LRS adds its own stored/authority).
    expect(statementCount()).toBe(importedIds.size + pulledIds.size);
    const held = new Set(
      db()
        .all<{ id: string }>(sql`SELECT id FROM hub_statements`)
        .map((r) => r.id),
    );
    for (const id of pulledIds) expect(held.has(id)).toBe(true);
    expect(db().get(sql`SELECT COUNT(*) AS n FROM hub_lrs_parked`)).toEqual({ n: 10 });
    expect(db().get(sql`SELECT COUNT(*) AS n FROM hub_statements WHERE bundle_sha256 IS NULL`)).toEqual({
      n: pulledIds.size,
    });
  }, 300_000);

  it('a pull again adds nothing: from the watermark, and from the very start', async () => {
    const before = rollupSnapshot(db());
    const again = await pull();
    expect(again).toMatchObject({ end: 'done', resumed: false, added: 0, parked: { not_profile: 0 } });
    const fromStart = await pull({ since: '2020-01-01T00:00:00.000Z' });
    expect(fromStart.end).toBe('done');
    expect(fromStart.received).toBe(importedIds.size + pulledIds.size + odd.length);
    expect(fromStart.added).toBe(0);
    expect(fromStart.alreadyHeld).toBe(fromStart.received);
    expect(statementCount()).toBe(importedIds.size + pulledIds.size);
    expect(rollupSnapshot(db())).toEqual(before);
  }, 120_000);

  it('the rollups equal the ones rebuilt from the statements, and every report equals the raw computation', () => {
    const kept = rollupSnapshot(db());
    db().transaction(() => rebuildRollups(db()));
    expect(rollupSnapshot(db())).toEqual(kept);
    const levels: ReportLevel[] = ['kabupaten', 'kecamatan', 'desa', 'learner'];
    const scopes = [KABUPATEN, world.villages[1]!.desaCode.slice(0, 8), world.villages[1]!.desaCode];
    for (const regionCode of scopes)
      for (const level of levels)
        expect(hubReport(hub.core.services, { level, regionCode })).toEqual(
          rawHubReport(hub.core.services, { level, regionCode }),
        );
  });

  it("places each pulled learner in their kiosk's desa with the villages' own numbers", () => {
    const rows = hub.learners();
    const byId = new Map(rows.map((r) => [`${r.deviceId} ${r.learnerId}`, r]));
    let checked = 0;
    for (const [i, v] of world.villages.entries()) {
      if (i % 2 === 0) continue;
      for (const l of v.learners) {
        const row = byId.get(`${v.deviceId} ${l.id}`);
        if (l.lastActivityMs === null) {
          // No statement, no roster: the LRS cannot tell of a learner who never learned.
          expect(row).toBeUndefined();
          continue;
        }
        expect(row, l.id).toBeDefined();
        expect(row!.desaCode).toBe(v.desaCode);
        expect(row!.personal).toBe('none');
        expect(row!.fullName).toBeNull();
        const lessons = [...l.courses.values()].reduce((n, c) => n + c.lessons.size, 0);
        expect(row!.lessonsCompleted).toBe(lessons);
        expect(row!.certificates).toBe([...l.courses.values()].reduce((n, c) => n + c.certificates, 0));
        expect(row!.coursesCompleted).toBe([...l.courses.values()].filter((c) => c.completed).length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
