import { createHash } from 'node:crypto';
import { ManualClock } from '../../main/core/clock';
import { sql } from '../../main/core/db/sql';
import { initHub, type HubInitDone } from '../../main/core/hub/init';
import { importBundles, type ImportOptions, type ImportSummary } from '../../main/core/hub/import';
import {
  hubReport,
  type HubReport,
  type LearnerRow,
  type RegionRow,
  type ReportLevel,
} from '../../main/core/hub/reports';
import { importHubCertificate } from '../../main/core/hub/certificate';
import type { Certificate } from '../../main/core/pki/format';
import { openTestCore, type TestKiosk } from './core';
import { hubChain } from './hub-cert';

/** A hub installation on a real data folder and core (tests/helpers/core.ts), set up with `initHub`. */
export interface TestHubInstallation extends TestKiosk {
  done: HubInitDone;
  /** Imports a folder (or one file) and fails the test on an error answer. */
  importFrom(dir: string, options?: ImportOptions): Promise<ImportSummary>;
  /** A region level's report (fails the test on an error answer). */
  report(options: { level: Exclude<ReportLevel, 'learner'>; regionCode?: string }): HubReport & {
    rows: RegionRow[];
  };
  /** The learner level's rows. */
  learners(regionCode?: string): LearnerRow[];
}

/**
 * A hub set up with `initHub` and, unless `certified: false`, certified by the development root for its region
 * (a `chain` of its own may be given instead).
 */
export function openHub(
  dataDir: string,
  options: {
    regionCode: string;
    clock?: ManualClock;
    name?: string;
    certified?: boolean;
    chain?: (publicKey: string) => Certificate[];
  } = { regionCode: '33.02' },
): TestHubInstallation {
  const t = openTestCore(dataDir, options.clock ?? new ManualClock(new Date('2026-12-01T10:00:00+07:00')));
  const done = initHub(t.core.services, {
    regionCode: options.regionCode,
    ...(options.name ? { name: options.name } : {}),
    admin: { fullName: 'Admin Kantor', pin: '246810' },
  });
  if (!done.ok) throw new Error(`hub init failed: ${done.error.message}`);
  if (options.certified !== false) {
    const chain =
      options.chain?.(done.value.publicKey) ??
      hubChain(done.value.publicKey, { scope: options.regionCode, name: done.value.name });
    const imported = importHubCertificate(t.core.services, t.core.services.trust(), chain);
    if (!imported.ok) throw new Error(`hub certificate refused: ${imported.error.message}`);
  }
  return {
    ...t,
    done: done.value,
    async importFrom(dir, opts) {
      const result = await importBundles(t.core.services, { mountpoint: dir }, opts);
      if (!result.ok) throw new Error(`import failed: ${result.error.code} ${result.error.message}`);
      return result.value;
    },
    report(opts) {
      const result = hubReport(t.core.services, opts);
      if (!result.ok) throw new Error(`report failed: ${result.error.code} ${result.error.message}`);
      if (result.value.level === 'learner') throw new Error('not a region level');
      return result.value;
    },
    learners(regionCode) {
      const result = hubReport(t.core.services, { level: 'learner', ...(regionCode ? { regionCode } : {}) });
      if (!result.ok) throw new Error(`report failed: ${result.error.code} ${result.error.message}`);
      if (result.value.level !== 'learner') throw new Error('not the learner level');
      return result.value.rows;
    },
  };
}

/**
 * Every row of every hub table, hashed per table (the statements are too many to hold as one text): equal
 * fingerprints mean nothing changed. `only` limits it to some tables.
 */
export function hubFingerprint(hub: TestKiosk, only?: readonly string[]): Record<string, string> {
  const db = hub.core.services.db;
  const tables = db
    .all<{ name: string }>(
      sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'hub%' ORDER BY name`,
    )
    .map((t) => t.name)
    .filter((t) => !only || only.includes(t));
  const out: Record<string, string> = {};
  for (const t of tables) {
    const hash = createHash('sha256');
    let rows = 0;
    for (const row of db.raw.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).iterate()) {
      hash.update(JSON.stringify(row));
      rows++;
    }
    out[t] = `${rows} rows ${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}
