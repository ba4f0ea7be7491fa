import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReceipt } from '../../../main/core/bundles/receipt';
import { ManualClock } from '../../../main/core/clock';
import { Db } from '../../../main/core/db/database';
import { DB_FILE } from '../../../main/core/db/file';
import { sql } from '../../../main/core/db/sql';
import { loadHub } from '../../../main/core/hub/identity';
import type { ImportProgress, ImportSummary } from '../../../main/core/hub/import';
import { writeReceipts } from '../../../main/core/hub/receipts';
import { hubReport, REPORT_LEVELS } from '../../../main/core/hub/reports';
import { rebuildRollups } from '../../../main/core/hub/rollups';
import { exportReport, reportFile } from '../../../main/core/hub/reports-export';
import { reportTable } from '../../../main/core/hub/reports-table';
import { tempDir } from '../../helpers/core';
import { hubFingerprint, openHub, type TestHubInstallation } from '../../helpers/hub-core';
import { generateKabupaten, type GeneratedKabupaten } from '../../helpers/hub-generator';
import { expectedLearners, expectedRows } from '../../helpers/hub-gen-truth';
import { rawHubReport } from '../../helpers/hub-raw-report';
import { rollupSnapshot } from '../../helpers/hub-rollups';

/**
 * 300 villages of Kabupaten Kebumen (33.05, 449 desa), each a kiosk with its own device key and learning in
 * the starter courses, bring their bundles to the Dinas PMD's hub. Every number of every report level is
 * checked against the generator's own record of what happened.
 */
const NOW = new Date('2026-12-01T10:00:00+07:00');
const KABUPATEN = '33.05';

describe('a kabupaten hub imports 300 village bundles and reports every level right', () => {
  const tmp = tempDir('balai-hub-kab-');
  const stick = join(tmp.dir, 'sticks');
  let hub: TestHubInstallation;
  let world: GeneratedKabupaten;
  let summary: ImportSummary;
  const progress: ImportProgress[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    hub = openHub(join(tmp.dir, 'hub'), { regionCode: KABUPATEN, clock: new ManualClock(NOW) });
    const keys = loadHub(hub.core.services);
    if (!keys.ok) throw new Error(keys.error.message);
    world = await generateKabupaten({
      seed: 20261201,
      kabupaten: KABUPATEN,
      villages: 300,
      nowMs: NOW.getTime(),
      outDir: stick,
      workDir: join(tmp.dir, 'kiosks'),
      hub: { ...keys.value.signer, encryptionKey: keys.value.encryption.publicKey },
    });
    timings.generateMs = world.totals.ms;
    const started = performance.now();
    summary = await hub.importFrom(stick, { onProgress: (p) => progress.push(p) });
    timings.importMs = Math.round(performance.now() - started);
  }, 240_000);

  afterAll(() => {
    console.log('hub 300-village test', { ...world.totals, ...timings });
    hub.close();
    tmp.cleanup();
  });

  it('imports every bundle, enrols every kiosk and keeps every statement exactly as recorded', () => {
    expect(world.villages).toHaveLength(300);
    expect(summary.counts).toEqual({
      imported: world.totals.bundles,
      duplicate: 0,
      held: 0,
      refused: 0,
      newStatements: world.totals.statements,
    });
    expect(summary.cancelled).toBe(false);
    expect(progress.at(-1)).toEqual({ done: world.totals.bundles, total: world.totals.bundles, path: null });
    const db = hub.core.services.db;
    expect(db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM hub_devices`)!.n).toBe(300);
    // Villages that exported twice: the second bundle carried the hub's enrolment and a sealed roster.
    expect(summary.bundles.filter((b) => b.bundle?.enrolled).length).toBe(300);
    for (const v of world.villages.filter((_, i) => i % 60 === 0)) {
      const kiosk = Db.open(join(tmp.dir, 'kiosks', v.desaCode, DB_FILE));
      const recorded = kiosk.all<{ seq: number; id: string; statement: string }>(
        sql`SELECT seq, id, statement FROM outbox ORDER BY seq`,
      );
      kiosk.close();
      const held = db.all<{ seq: number; id: string; statement: string }>(
        sql`SELECT seq, id, statement FROM hub_statements WHERE device_id = ${v.deviceId} ORDER BY seq`,
      );
      expect(held).toEqual(recorded);
    }
  });

  it('every number of every region level equals the ground truth, desa without data listed as such', () => {
    for (const level of ['provinsi', 'kabupaten', 'kecamatan', 'desa'] as const) {
      const report = hub.report({ level });
      expect(report.rows, level).toEqual(expectedRows(world, level, NOW.getTime()));
    }
    const total = hub.report({ level: 'kabupaten' }).total;
    expect(total).toEqual(expectedRows(world, 'kabupaten', NOW.getTime())[0]);
    expect(total).toMatchObject({ desaTotal: 449, desaReporting: 300, desaNoData: 149, kiosks: 300 });
    const desa = hub.report({ level: 'desa' }).rows;
    const silent = desa.filter((r) => r.desaReporting === 0);
    expect(silent).toHaveLength(149);
    for (const r of silent)
      expect(r).toMatchObject({
        learners: 0,
        lastBundleAt: null,
        daysSinceLastBundle: null,
        pretest: { count: 0 },
      });
    // Some desa have not reported for months: the days since their last bundle say so.
    expect(desa.some((r) => (r.daysSinceLastBundle ?? 0) > 90)).toBe(true);
    expect(total.active30d).toBeGreaterThan(0);
    expect(total.active30d).toBeLessThan(total.learners);
  });

  it('drills down into one kecamatan and one desa, to the learners', () => {
    const kecamatan = world.villages[0]!.desaCode.slice(0, 8);
    const rows = hub.report({ level: 'desa', regionCode: kecamatan }).rows;
    expect(rows).toEqual(expectedRows(world, 'desa', NOW.getTime(), kecamatan));
    const want = expectedLearners(world, NOW.getTime());
    const learners = hub.learners();
    expect(learners).toHaveLength(world.totals.learners);
    for (const l of learners) {
      const e = want.get(l.learnerId)!;
      expect({
        desaCode: l.desaCode,
        fullName: l.fullName,
        jabatan: l.jabatan,
        personal: l.personal,
        active30d: l.active30d,
        lessonsCompleted: l.lessonsCompleted,
        coursesCompleted: l.coursesCompleted,
        pretest: l.pretest,
        posttest: l.posttest,
        gain: l.gain,
        certificates: l.certificates,
      }).toEqual(e);
    }
    // The screen's pages of 200: each the slice of the whole list at its place, with the whole count.
    for (const offset of [0, 200, learners.length - 150]) {
      const page = hubReport(hub.core.services, { level: 'learner', offset, limit: 200 });
      if (!page.ok || page.value.level !== 'learner') throw new Error('no learner page');
      expect(page.value.page).toEqual({ offset, total: learners.length });
      expect(page.value.rows).toEqual(learners.slice(offset, offset + 200));
    }
    const oneDesa = world.villages[1]!;
    expect(
      hub
        .learners(oneDesa.desaCode)
        .map((l) => l.learnerId)
        .sort(),
    ).toEqual(oneDesa.learners.map((l) => l.id).sort());
    // Sealed rosters were opened with the hub's key: NIK and email arrive only that way.
    const sealed = world.villages.flatMap((v) => v.learners).filter((l) => l.personal === 'sealed' && l.nik);
    expect(sealed.length).toBeGreaterThan(0);
    for (const l of sealed.slice(0, 20))
      expect(
        hub.core.services.db.get<{ nik: string }>(
          sql`SELECT nik FROM hub_learners WHERE learner_id = ${l.id}`,
        ),
      ).toEqual({ nik: l.nik });
  });

  it('exports every level as CSV and XLSX holding the same table', async () => {
    for (const level of ['provinsi', 'kabupaten', 'kecamatan', 'desa', 'learner'] as const) {
      const report = hubReport(hub.core.services, { level });
      if (!report.ok) throw new Error(report.error.message);
      const table = reportTable(report.value);
      const csv = await reportFile(report.value, 'csv');
      expect(csv.fileName).toBe(`laporan-${level}-3305-2026-12-01.csv`);
      const parsed = Papa.parse<string[]>(csv.bytes.toString('utf8').replace(/^\uFEFF/, ''), {
        skipEmptyLines: true,
      });
      expect(parsed.data[0]).toEqual(table.headers);
      expect(parsed.data.slice(1)).toEqual(
        table.rows.map((r) => r.map((c) => (c === null ? '' : String(c)))),
      );

      const xlsx = await reportFile(report.value, 'xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      const sheet = book.getWorksheet('Laporan')!;
      const headerRow = table.about.length + 3;
      expect((sheet.getRow(headerRow).values as unknown[]).slice(1)).toEqual(table.headers);
      expect(sheet.rowCount).toBe(headerRow + table.rows.length);
      const values = sheet
        .getSheetValues()
        .slice(headerRow + 1)
        .map((r) => (r as unknown[]).slice(1));
      const numbers = table.kinds.flatMap((k, i) => (k === 'count' || k === 'score' ? [i] : []));
      expect(values.map((r) => numbers.map((j) => r[j] ?? null))).toEqual(
        table.rows.map((r) => numbers.map((j) => r[j])),
      );
    }
    // Through the one entry point: logged, the learner level too (names leave the hub in it).
    const logged = await exportReport(hub.core.services, { level: 'learner', format: 'csv' });
    expect(logged.ok).toBe(true);
  });

  it('writes a receipt for every kiosk that covers every statement it recorded', () => {
    const out = join(tmp.dir, 'receipts');
    mkdirSync(out);
    const written = writeReceipts(hub.core.services, { mountpoint: out });
    if (!written.ok) throw new Error(written.error.message);
    expect(written.value.receipts).toHaveLength(300);
    const byDevice = new Map(world.villages.map((v) => [v.deviceId, v]));
    for (const r of written.value.receipts) {
      const parsed = parseReceipt(readFileSync(join(out, ...r.path.split('/'))));
      if (!parsed.ok) throw new Error(parsed.reason);
      const v = byDevice.get(r.deviceId)!;
      expect(parsed.receipt.statements.map(({ from, to }) => [from, to])).toEqual([[1, v.statements]]);
      expect(parsed.receipt.bundles.map((b) => b.bundleSeq)).toEqual(v.bundles.map((b) => b.bundleSeq));
      expect(parsed.receipt.enrolment).not.toBeNull();
    }
  });

  it('importing the same sticks again changes nothing', async () => {
    const before = hubFingerprint(hub);
    const rollups = rollupSnapshot(hub.core.services.db);
    const again = await hub.importFrom(stick);
    expect(again.counts).toMatchObject({ imported: 0, duplicate: world.totals.bundles, refused: 0, held: 0 });
    expect(hubFingerprint(hub)).toEqual(before);
    expect(rollupSnapshot(hub.core.services.db)).toEqual(rollups);
  });

  it('keeps its rollups equal to those rebuilt from the statements, and every report to the statements', () => {
    const { db } = hub.core.services;
    const kept = rollupSnapshot(db);
    db.transaction(() => rebuildRollups(db));
    expect(rollupSnapshot(db)).toEqual(kept);
    for (const level of REPORT_LEVELS)
      for (const regionCode of [
        KABUPATEN,
        world.villages[0]!.desaCode.slice(0, 8),
        world.villages[0]!.desaCode,
      ])
        expect(hubReport(hub.core.services, { level, regionCode })).toEqual(
          rawHubReport(hub.core.services, { level, regionCode }),
        );
  });
});
