import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createCore } from '../main/core/app';
import { isoWithOffset, systemClock } from '../main/core/clock';
import { sql } from '../main/core/db/sql';
import { silentLogger } from '../main/core/log';
import { ACTIVITY_TYPES, activityIds, EXTENSIONS } from '../main/core/recorder/profile';
import type { LearningEvent } from '../main/core/recorder/recorder';
import { setUpKiosk } from '../main/core/setup/setup';
import { RESOURCES_DIR } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { filesystemOf } from './lib/fs-type';
import { percentile } from './lib/stats';

const WARM_UP = 200;
const EVENTS = 2_000;
const COURSE = 'bench-course';
const LESSON = 'bench-lesson';

/**
 * One recorded learning event (an UPDATE of lesson_progress + its xAPI statement, one transaction, on a
 * real file in WAL with synchronous=FULL) against a bare INSERT + COMMIT on another file with the same
 * pragmas. The two alternate event by event, so both see the same disk.
 */
export const recorderBench: Bench = {
  id: 'recorder',
  figures: [
    { name: 'recorder.latency.p50', unit: 'µs' },
    { name: 'recorder.latency.p99', unit: 'µs' },
  ],
  run(ctx) {
    const dir = ctx.scope.tmpDir('recorder');
    const core = createCore({
      dataDir: join(dir, 'kiosk'),
      resourcesDir: RESOURCES_DIR,
      appVersion: 'bench',
      shell: 'browser',
      log: silentLogger,
      config: { scrypt: { N: 2 ** 10, r: 8, p: 1 } },
    });
    ctx.scope.defer(() => core.close());
    const done = setUpKiosk(core.services, {
      desaCode: '33.02.05.2001',
      operator: { fullName: 'Bench Learner', jabatan: 'sekretaris_desa', pin: '246813', isLearner: true },
    });
    if (!done.ok) throw new Error(`set-up refused: ${done.error.message}`);
    const learnerId = done.value.operatorId;
    const { db, recorder } = core.services;
    db.run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at)
               VALUES (${learnerId}, ${COURSE}, ${LESSON}, 'in_progress', 0, ${isoWithOffset(systemClock.now())})`);
    const event: LearningEvent = {
      learnerId,
      verb: 'experienced',
      object: {
        id: activityIds.lesson(COURSE, LESSON),
        type: ACTIVITY_TYPES.lesson,
        name: 'Pelajaran bench',
      },
      parents: [{ id: activityIds.course(COURSE), type: ACTIVITY_TYPES.course }],
      extensions: { [EXTENSIONS.courseVersion]: '1.0.0' },
    };
    const recordOne = (position: number): number => {
      const t0 = process.hrtime.bigint();
      recorder.record(event, () =>
        db.run(sql`UPDATE lesson_progress SET position = ${position}, updated_at = ${isoWithOffset(systemClock.now())}
                   WHERE learner_id = ${learnerId} AND course_id = ${COURSE} AND lesson_id = ${LESSON}`),
      );
      return Number(process.hrtime.bigint() - t0) / 1_000;
    };
    recordOne(0);
    // The baseline row carries a statement as long as the recorder's, so both write the same bytes.
    const statement = db.get<{ statement: string }>(
      sql`SELECT statement FROM outbox ORDER BY seq DESC LIMIT 1`,
    )!.statement;

    const bare = new Database(join(dir, 'bare.sqlite'));
    ctx.scope.defer(() => bare.close());
    bare.pragma('journal_mode = WAL');
    bare.pragma('synchronous = FULL');
    bare.pragma('foreign_keys = ON');
    bare.pragma('secure_delete = ON');
    bare.exec(`CREATE TABLE events (
                 seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, recorded_at TEXT NOT NULL, statement TEXT NOT NULL
               ) STRICT`);
    const insert = bare.prepare('INSERT INTO events (id, recorded_at, statement) VALUES (?, ?, ?)');
    const insertOne = bare.transaction((id: string) =>
      insert.run(id, isoWithOffset(systemClock.now()), statement),
    );
    const bareOne = (): number => {
      const id = randomUUID();
      const t0 = process.hrtime.bigint();
      insertOne.immediate(id);
      return Number(process.hrtime.bigint() - t0) / 1_000;
    };

    const recorded: number[] = [];
    const baseline: number[] = [];
    for (let i = 1; i <= WARM_UP + EVENTS; i++) {
      const r = recordOne(i);
      const b = bareOne();
      if (i > WARM_UP) {
        recorded.push(r);
        baseline.push(b);
      }
    }
    const fs = filesystemOf(dir);
    const note = `${EVENTS} events after ${WARM_UP} warm-up, alternating with the baseline; temp dir on ${fs}; statement ${statement.length} B`;
    for (const p of [50, 99]) {
      ctx.emit(
        figure(
          { name: `recorder.latency.p${p}`, value: round(percentile(recorded, p), 1), unit: 'µs' },
          {
            name: `better-sqlite3 INSERT + COMMIT p${p}`,
            value: round(percentile(baseline, p), 1),
            unit: 'µs',
          },
          note,
        ),
      );
    }
    return Promise.resolve();
  },
};
