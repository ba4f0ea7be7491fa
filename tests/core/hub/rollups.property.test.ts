import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { sql } from '../../../main/core/db/sql';
import type { StatementFacts } from '../../../main/core/hub/facts';
import { hubReport, type ReportLevel } from '../../../main/core/hub/reports';
import { rebuildRollups, rollUpBundle, type AddedStatement } from '../../../main/core/hub/rollups';
import { storeRoster, type LearnerRecord } from '../../../main/core/hub/roster';
import type { VerbKey } from '../../../main/core/recorder/profile';
import { tempDir } from '../../helpers/core';
import { openHub, type TestHubInstallation } from '../../helpers/hub-core';
import { rawHubReport } from '../../helpers/hub-raw-report';
import { rollupSnapshot } from '../../helpers/hub-rollups';

/**
 * The rollups against the statements, on arbitrary histories: bundles of several kiosks in any order, the
 * same statement brought twice, rosters that add, disable, erase or move learners (a kiosk moved to another
 * desa), statements outside the profile, scores with tenths, bundle times that tie, activity on both sides
 * of the 30-day boundary, a desa no longer in the region list. After every history: the rollups kept by
 * `rollUpBundle` equal those `rebuildRollups` makes from the statements, and every report at every level
 * and scope equals the one computed from the statements (tests/helpers/hub-raw-report.ts).
 */

const NOW = new Date('2026-12-01T10:00:00+07:00');
const DAY = 86_400_000;
const KABUPATEN = '33.05';
/** A desa code under the kabupaten that is in no region list (data from an older dataset). */
const UNLISTED = '33.05.01.2999';

const VERBS: (VerbKey | null)[] = ['completed', 'passed', 'failed', 'certified', 'attempted', null];
const KINDS: (StatementFacts['objectKind'] | null)[] = [
  'lesson',
  'course',
  'assessment',
  'certificate',
  null,
];

const statementArb = fc.record({
  n: fc.integer({ min: 1, max: 40 }),
  learner: fc.constantFrom('a', 'b', 'c', null),
  verb: fc.constantFrom(...VERBS),
  course: fc.constantFrom('c1', 'c2', null),
  kind: fc.constantFrom(...KINDS),
  ref: fc.constantFrom('r1', 'r2', 'r3', null),
  quiz: fc.constantFrom('pre' as const, 'post' as const, 'practice' as const, null),
  score: fc.option(
    fc.integer({ min: 0, max: 1000 }).map((t) => t / 10 + (t % 3 === 0 ? 0.05 : 0)),
    {
      nil: null,
    },
  ),
  // Days before now, in hours: around the 30-day boundary, some far back, some a little ahead.
  hoursAgo: fc.option(fc.oneof(fc.integer({ min: -30, max: 800 }), fc.integer({ min: 710, max: 730 })), {
    nil: null,
  }),
});

const rosterArb = fc.array(
  fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd'),
    disabled: fc.boolean(),
    erased: fc.boolean(),
  }),
  { maxLength: 4 },
);

const bundleArb = fc.record({
  device: fc.constantFrom('k1', 'k2', 'k3'),
  /** The desa the bundle says (most often the kiosk's own). */
  moved: fc.integer({ min: 0, max: 5 }),
  seq: fc.integer({ min: 1, max: 4 }),
  createdDaysAgo: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  offset: fc.constantFrom('+07:00', '+08:00'),
  statements: fc.array(statementArb, { maxLength: 25 }),
  roster: rosterArb,
});

const historyArb = fc.record({
  bundles: fc.array(bundleArb, { minLength: 1, maxLength: 7 }),
  nowShiftHours: fc.integer({ min: -48, max: 48 }),
});

type Bundle = typeof bundleArb extends fc.Arbitrary<infer T> ? T : never;

describe('hub rollups equal the statements', () => {
  const tmp = tempDir('balai-hub-roll-');
  let hub: TestHubInstallation;
  const clock = new ManualClock(NOW);
  let desa: string[];
  let bundleNo = 0;

  beforeAll(() => {
    hub = openHub(join(tmp.dir, 'hub'), { regionCode: KABUPATEN, clock });
    const regions = hub.core.services.regions;
    // Two desa of each of two kecamatan.
    desa = regions
      .childrenOf(KABUPATEN)
      .slice(0, 2)
      .flatMap((k) =>
        regions
          .childrenOf(k.code)
          .filter((d) => d.level === 'desa')
          .slice(0, 2),
      )
      .map((d) => d.code);
  });
  afterAll(() => {
    hub.close();
    tmp.cleanup();
  });

  /** What the import's transaction writes for one bundle, and its rollup call. */
  function store(b: Bundle): void {
    const { db } = hub.core.services;
    const home = desa[Number(b.device.slice(1)) % desa.length]!;
    const desaCode =
      b.moved === 4 ? desa[(desa.indexOf(home) + 1) % desa.length]! : b.moved === 5 ? UNLISTED : home;
    const sha = `bundle-${++bundleNo}`;
    const createdMs = b.createdDaysAgo === null ? null : NOW.getTime() - b.createdDaysAgo * DAY;
    const createdAt = createdMs === null ? 'not a time' : `${new Date(createdMs).toISOString()}${b.offset}`;
    const now = NOW.toISOString();
    db.transaction(() => {
      db.run(sql`INSERT OR IGNORE INTO hub_devices (device_id, desa_code, public_key, enrolment, enrolled_at)
                 VALUES (${b.device}, ${desaCode}, 'pk', '{}', ${now})`);
      db.run(sql`INSERT INTO hub_bundles (sha256, device_id, public_key, desa_code, desa_name, bundle_seq, created_at,
                   created_ms, app_version, statements, new_statements, learners, certificates, personal_data,
                   file_name, file_sha256, size_bytes, imported_at)
                 VALUES (${sha}, ${b.device}, 'pk', ${desaCode}, ${`Desa ${desaCode} ${b.offset}`}, ${b.seq},
                   ${createdAt}, ${createdMs}, 'test', 0, 0, 0, 0, 'clear', ${sha}, ${sha}, 1, ${now})`);
      const added: AddedStatement[] = [];
      for (const s of b.statements) {
        const facts: StatementFacts = {
          learnerId: s.learner,
          verb: s.verb,
          courseId: s.course,
          objectKind: s.kind,
          objectRef: s.ref,
          quizKind: s.quiz,
          score: s.score,
          atMs: s.hoursAgo === null ? null : NOW.getTime() - s.hoursAgo * 3_600_000 + s.n,
        };
        const changes =
          db.run(sql`INSERT OR IGNORE INTO hub_statements (device_id, id, seq, desa_code, bundle_sha256,
                     statement, learner_id, verb, course_id, object_kind, object_ref, quiz_kind, score, at_ms)
                   VALUES (${b.device}, ${`s${s.n}`}, ${s.n}, ${desaCode}, ${sha}, '{}', ${facts.learnerId},
                     ${facts.verb}, ${facts.courseId}, ${facts.objectKind}, ${facts.objectRef}, ${facts.quizKind},
                     ${facts.score}, ${facts.atMs})`).changes;
        if (changes > 0) added.push({ seq: s.n, facts });
      }
      const seen = new Set<string>();
      const records: LearnerRecord[] = b.roster
        .filter((r) => !seen.has(r.id) && seen.add(r.id))
        .map((r) => ({
          learnerId: r.id,
          jabatan: null,
          isOperator: false,
          disabled: r.disabled,
          erased: r.erased,
          createdAt: now,
          personal: r.erased ? 'erased' : 'clear',
          fullName: r.erased ? null : `Peserta ${r.id}`,
          nik: null,
          email: null,
        }));
      storeRoster(db, { deviceId: b.device, desaCode, bundleSeq: b.seq, now }, records);
      rollUpBundle(
        db,
        { deviceId: b.device, desaCode, desaName: `Desa ${desaCode} ${b.offset}`, createdAt, createdMs },
        added,
        records.map((r) => r.learnerId),
      );
    });
  }

  function clear(): void {
    const { db } = hub.core.services;
    for (const table of [
      'hub_statements',
      'hub_learners',
      'hub_bundles',
      'hub_devices',
      'hub_roll_refs',
      'hub_roll_courses',
      'hub_roll_learners',
      'hub_roll_regions',
      'hub_roll_active',
    ])
      db.raw.exec(`DELETE FROM ${table}`);
  }

  it('after any history of imports, the kept rollups are the rebuilt ones and every report equals the statements', () => {
    const levels: ReportLevel[] = ['provinsi', 'kabupaten', 'kecamatan', 'desa', 'learner'];
    let compared = 0;
    fc.assert(
      fc.property(historyArb, (history) => {
        clear();
        clock.set(NOW);
        for (const b of history.bundles) store(b);
        const { db } = hub.core.services;
        const kept = rollupSnapshot(db);
        db.transaction(() => rebuildRollups(db));
        expect(rollupSnapshot(db)).toEqual(kept);

        clock.set(new Date(NOW.getTime() + history.nowShiftHours * 3_600_000));
        const scopes = [
          KABUPATEN,
          desa[0]!.slice(0, 8),
          desa[2]!.slice(0, 8),
          desa[0]!,
          UNLISTED.slice(0, 8),
        ];
        for (const regionCode of scopes) {
          for (const level of levels) {
            const fast = hubReport(hub.core.services, { level, regionCode });
            const slow = rawHubReport(hub.core.services, { level, regionCode });
            expect(fast).toEqual(slow);
            compared++;
          }
          // A page of the learner list is that slice of the whole list, with the whole list's count.
          for (const page of [
            { offset: 0, limit: 1 },
            { offset: 1, limit: 2 },
            { offset: 3, limit: 50 },
          ])
            expect(hubReport(hub.core.services, { level: 'learner', regionCode, ...page })).toEqual(
              rawHubReport(hub.core.services, { level: 'learner', regionCode, ...page }),
            );
        }
      }),
      { numRuns: Number(process.env.ROLLUP_RUNS ?? 150), seed: Number(process.env.ROLLUP_SEED ?? 20261208) },
    );
    expect(compared).toBeGreaterThan(0);
  });
});
