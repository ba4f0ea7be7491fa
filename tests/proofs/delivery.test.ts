import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../main/core/db/sql';
import { tempDir } from '../helpers/core';
import { startLrs, type TestLrs } from '../helpers/lrs';
import { startFaultProxy, type FaultProxy } from '../helpers/lrs-proxy';
import { DAY_MS, RATES, runSim, setUpSim, type DeliverySim } from './delivery/sim';
import { percentile } from './delivery/stats';

/**
 * Issue 11, "Delivery simulation" (`npm run proof:delivery` runs 100 villages; CI runs 10). Villages of
 * Kabupaten Pidie, each a real kiosk core with a real desa code, half of them under the hub of kecamatan
 * Padang Tiji and half under the hub of kecamatan Pidie, with the Dinas PMD's hub above both. Over simulated
 * weeks learners learn through the API; sticks travel between villages and their kecamatan hub (some lost,
 * some pulled while the bundle is written), the kecamatan hubs pass bundles up by stick (some lost or torn,
 * then passed again with `all`); some villages reach the LRS themselves on some days, the hubs forward what
 * they hold, and the LRS sits behind a proxy failing 30 % of calls. After a final round in which everything
 * travels and every link works, every statement is in the LRS exactly once, the hubs hold where each came
 * from, and every village has its deliveries confirmed.
 */
const VILLAGES = Number(process.env.PROOF_VILLAGES ?? 10);
const DAYS = Number(process.env.PROOF_DAYS ?? (VILLAGES >= 50 ? 28 : 21));
const SEED = Number(process.env.PROOF_SEED ?? 20260907);
const LEARNERS = 3;

interface Recorded {
  village: number;
  deviceId: string;
  seq: number;
  id: string;
  statement: string;
  recordedMs: number;
}

describe(`delivery: ${VILLAGES} villages, ${DAYS} simulated days, two kecamatan hubs and a kabupaten hub`, () => {
  const tmp = tempDir('balai-proof-delivery-');
  let lrs: TestLrs;
  let proxy: FaultProxy;
  let sim: DeliverySim;
  let recorded: Recorded[];
  let stored: { id: string; stored?: unknown }[];
  const started = performance.now();

  beforeAll(async () => {
    lrs = await startLrs();
    proxy = await startFaultProxy({
      target: `http://127.0.0.1:${lrs.port}`,
      seed: SEED,
      rate: RATES.lrsFailure,
      retryAfterSeconds: 1,
    });
    sim = await setUpSim({
      root: tmp.dir,
      villages: VILLAGES,
      seed: SEED,
      endpoint: proxy.endpoint,
      learners: LEARNERS,
    });
    await runSim(sim, DAYS, SEED);
    recorded = sim.villages.flatMap((s) =>
      s.v.core.services.db
        .all<{ seq: number; id: string; statement: string }>(
          sql`SELECT seq, id, statement FROM outbox ORDER BY seq`,
        )
        .map((r) => ({
          village: s.v.index,
          deviceId: s.v.deviceId,
          ...r,
          recordedMs: Date.parse((JSON.parse(r.statement) as { timestamp: string }).timestamp),
        })),
    );
    stored = await lrs.statements();
  }, 3_600_000);

  afterAll(async () => {
    sim?.close();
    await proxy?.close();
    await lrs?.stop();
    tmp.cleanup();
  });

  it('every statement recorded in a village is in the LRS exactly once', () => {
    const ids = stored.map((s) => s.id);
    const duplicates = ids.length - new Set(ids).size;
    const inLrs = new Set(ids);
    const missing = recorded.filter((r) => !inLrs.has(r.id));
    const recordedIds = new Set(recorded.map((r) => r.id));
    const foreign = ids.filter((id) => !recordedIds.has(id));

    // Delivery delay: simulated days from recording to the day the LRS first stored the statement.
    const storedMs = new Map(stored.map((s) => [s.id, Date.parse(String(s.stored))]));
    const delays = recorded
      .map((r) => {
        const at = storedMs.get(r.id);
        if (at === undefined) return null;
        const day = sim.dayEnds.findIndex((end) => end !== undefined && end >= at);
        return day - Math.floor((r.recordedMs - sim.startMs) / DAY_MS);
      })
      .filter((d): d is number => d !== null)
      .sort((a, b) => a - b);
    const runtimeS = Math.round((performance.now() - started) / 1000);
    const counts = proxy.counts();
    const failed = counts.error500 + counts.throttle429 + counts.hang + counts.reset + counts.drop;
    console.log(
      [
        `proof:delivery  seed ${SEED}, ${DAYS} simulated days + a final round, runtime ${runtimeS} s`,
        `  villages                 ${VILLAGES} (Kabupaten Pidie 11.07: kecamatan 11.07.14 and 11.07.16, ${LEARNERS} learners each)`,
        `  statements recorded      ${recorded.length}`,
        `  delivered to the LRS     ${inLrs.size - foreign.length}`,
        `  duplicates in the LRS    ${duplicates}`,
        `  lost (missing)           ${missing.length}`,
        `  bundles exported         ${sim.counts.bundlesExported}`,
        `  village sticks lost      ${sim.counts.villageSticksLost}`,
        `  hub→kabupaten sticks lost ${sim.counts.carrySticksLost}`,
        `  pulled writes            ${sim.counts.pulledExports} exports, ${sim.counts.pulledPassUps} pass-ups`,
        `  torn pass-up copies      ${sim.counts.tornPassUps} (refused 'truncated' at the kabupaten: ${sim.counts.kabupatenRefusedTorn})`,
        `  receipts applied         ${sim.counts.receiptsApplied}`,
        `  LRS runs                 ${sim.counts.directRuns} from villages, ${sim.counts.forwardRuns} hub forwards; ${proxy.events.length} calls, ${failed} failed (${Math.round((100 * failed) / Math.max(1, proxy.events.length))} %)`,
        `  delivery delay (days)    p50 ${percentile(delays, 0.5)}, p90 ${percentile(delays, 0.9)}, max ${delays.at(-1) ?? '-'}`,
      ].join('\n'),
    );
    expect(recorded.length).toBeGreaterThan(VILLAGES * 5);
    expect(missing).toEqual([]);
    expect(foreign).toEqual([]);
    expect(duplicates).toBe(0);
    expect(delays.length).toBe(recorded.length);
    expect(delays[0]).toBeGreaterThanOrEqual(0);
  });

  it('the kecamatan hub holds each statement of its villages with bundle, device and sequence, unless the village itself sent it to the LRS first', () => {
    let directOnly = 0;
    for (const s of sim.villages) {
      const hubDb = sim.kecamatan[s.hub]!.core.services.db;
      const held = new Map(
        hubDb
          .all<{ seq: number; id: string; statement: string; bundle_seq: number | null }>(
            sql`SELECT s.seq, s.id, s.statement, b.bundle_seq FROM hub_statements s
                LEFT JOIN hub_bundles b ON b.sha256 = s.bundle_sha256 AND b.device_id = s.device_id
                WHERE s.device_id = ${s.v.deviceId}`,
          )
          .map((h) => [h.id, h]),
      );
      const viaLrs = new Set(
        s.v.core.services.db
          .all<{ seq: number }>(sql`SELECT seq FROM deliveries WHERE via = 'lrs'`)
          .map((d) => d.seq),
      );
      for (const r of recorded.filter((x) => x.village === s.v.index)) {
        const h = held.get(r.id);
        if (!h) {
          expect(viaLrs.has(r.seq), `${s.v.desaCode} seq ${r.seq} neither at the hub nor sent`).toBe(true);
          directOnly++;
          continue;
        }
        expect({ seq: h.seq, statement: h.statement }).toEqual({ seq: r.seq, statement: r.statement });
        expect(h.bundle_seq, `${s.v.desaCode} seq ${r.seq} without its bundle`).not.toBeNull();
      }
      // Nothing at the hub that the village did not record.
      expect(held.size).toBe(recorded.filter((x) => x.village === s.v.index && held.has(x.id)).length);
    }
    console.log(`  reached the LRS only from the village itself (never bundled): ${directOnly}`);
  });

  it('the kabupaten hub holds what both kecamatan hubs hold, passed up with its bundles', () => {
    const key = (r: { device_id: string; id: string; seq: number; bundle_sha256: string }) =>
      `${r.device_id} ${r.seq} ${r.id} ${r.bundle_sha256}`;
    const rows = (db: DeliverySim['kabupaten']['core']['services']['db']) =>
      db
        .all<{ device_id: string; id: string; seq: number; bundle_sha256: string }>(
          sql`SELECT s.device_id, s.id, s.seq, s.bundle_sha256 FROM hub_statements s
              JOIN hub_bundles b ON b.sha256 = s.bundle_sha256 AND b.device_id = s.device_id`,
        )
        .map(key)
        .sort();
    const below = sim.kecamatan.flatMap((h) => rows(h.core.services.db)).sort();
    const above = rows(sim.kabupaten.core.services.db);
    expect(above.length).toBe(below.length);
    expect(above).toEqual(below);
    const all = sim.kabupaten.core.services.db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM hub_statements`,
    )!.n;
    expect(all).toBe(above.length);
  });

  it('every village holds receipts (or the LRS acknowledgement) for all it recorded: nothing pending', async () => {
    for (const s of sim.villages) {
      const op = await s.v.operator();
      const { status } = await s.v.must(op, 'transfer.status', {});
      expect(status.pending, s.v.desaCode).toBe(0);
      const undelivered = s.v.core.services.db.get<{ n: number }>(
        sql`SELECT COUNT(*) AS n FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.seq = o.seq)`,
      )!.n;
      expect(undelivered).toBe(0);
      // The receipts cover exactly what the kecamatan hub holds from this kiosk.
      const atHub = sim.kecamatan[s.hub]!.core.services.db.get<{ n: number }>(
        sql`SELECT COUNT(DISTINCT seq) AS n FROM hub_statements WHERE device_id = ${s.v.deviceId}`,
      )!.n;
      expect(status.delivered, s.v.desaCode).toBe(atHub);
      expect(status.hub?.regionCode).toBe(sim.kecamatan[s.hub]!.done.regionCode);
    }
  });
});
