import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { loadHub } from '../../../main/core/hub/identity';
import type { ImportSummary } from '../../../main/core/hub/import';
import { hubReport, REPORT_LEVELS } from '../../../main/core/hub/reports';
import { tempDir } from '../../helpers/core';
import { openHub, type TestHubInstallation } from '../../helpers/hub-core';
import { generateKabupaten, type GeneratedKabupaten } from '../../helpers/hub-generator';
import { expectedRows } from '../../helpers/hub-gen-truth';
import { rawHubReport } from '../../helpers/hub-raw-report';

/**
 * The centre: a `nasional` hub (region code '') above every provinsi imports villages of two provinsi
 * (Kebumen in Jawa Tengah, Pidie in Aceh), which a provinsi hub would refuse as foreign, and reports the nation
 * by provinsi and down to each desa, every number equal to the statements.
 */
const NOW = new Date('2026-12-01T10:00:00+07:00');
const KABUPATEN = ['33.05', '11.07'];

describe('a nasional hub reports the villages of several provinsi', () => {
  const tmp = tempDir('balai-hub-nas-');
  let hub: TestHubInstallation;
  const worlds: GeneratedKabupaten[] = [];
  let summary: ImportSummary;

  beforeAll(async () => {
    hub = openHub(join(tmp.dir, 'hub'), { regionCode: '', clock: new ManualClock(NOW) });
    const keys = loadHub(hub.core.services);
    if (!keys.ok) throw new Error(keys.error.message);
    for (const [i, kabupaten] of KABUPATEN.entries())
      worlds.push(
        await generateKabupaten({
          seed: 20261208 + i,
          kabupaten,
          villages: 6,
          nowMs: NOW.getTime(),
          outDir: join(tmp.dir, 'stick', kabupaten),
          workDir: join(tmp.dir, 'kiosks', kabupaten),
          hub: { ...keys.value.signer, encryptionKey: keys.value.encryption.publicKey },
        }),
      );
    summary = await hub.importFrom(join(tmp.dir, 'stick'));
  }, 240_000);

  afterAll(() => {
    hub.close();
    tmp.cleanup();
  });

  it('is set up as the national office and imports the bundles of both provinsi', () => {
    expect(hub.done).toMatchObject({
      regionCode: '',
      regionLevel: 'nasional',
      name: 'Kantor Pusat Nasional',
    });
    const bundles = worlds.reduce((n, w) => n + w.totals.bundles, 0);
    expect(summary.counts).toMatchObject({ imported: bundles, refused: 0, held: 0 });
  });

  it('reports the nation by provinsi: every provinsi of the list, the two with data as their villages say', () => {
    const report = hub.report({ level: 'provinsi' });
    expect(report.scope).toEqual({ code: '', name: 'Indonesia', level: 'nasional' });
    expect(report.rows.length).toBeGreaterThanOrEqual(34);
    const withData = report.rows.filter((r) => r.desaReporting > 0).map((r) => r.code);
    expect(withData).toEqual(['11', '33']);
    expect(report.total.desaReporting).toBe(12);
    expect(report.total.learners).toBe(worlds.reduce((n, w) => n + w.totals.learners, 0));
    for (const w of worlds) {
      const truth = expectedRows(w, 'kabupaten', NOW.getTime()).find((r) => r.code === w.kabupaten)!;
      const row = hub.report({ level: 'kabupaten', regionCode: w.kabupaten.slice(0, 2) });
      expect(row.rows.find((r) => r.code === w.kabupaten)).toMatchObject(truth);
    }
  });

  it('every level over the nation, a provinsi and a desa equals the statements', () => {
    const desa = worlds[1]!.villages[0]!.desaCode;
    for (const regionCode of ['', '11', desa])
      for (const level of REPORT_LEVELS)
        expect(hubReport(hub.core.services, { level, regionCode })).toEqual(
          rawHubReport(hub.core.services, { level, regionCode }),
        );
  });
});
