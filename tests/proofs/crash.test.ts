import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectBackup } from '../../main/core/backup/inspect';
import { exportBundle, folderTarget } from '../../main/core/bundles/export';
import { Db } from '../../main/core/db/database';
import { DB_FILE } from '../../main/core/db/file';
import { rebuildRollups } from '../../main/core/hub/rollups';
import { seededRandom } from '../../main/core/quiz/draw';
import { sql } from '../../main/core/db/sql';
import { verifyBundleFile } from '../../main/core/bundles/verify';
import { earnCertificate } from '../helpers/certified';
import { openTestCore, setUpVillage, tempDir } from '../helpers/core';
import { rollupSnapshot } from '../helpers/hub-rollups';
import { CRASH_PASSPHRASE } from './crash/shared';

/**
 * proof:crash — the host killed with SIGKILL at a random moment while learners answer, a course installs, a
 * bundle is exported, a backup written or a hub imports the stick's bundles; then started again. After every kill: the database passes
 * `PRAGMA integrity_check`; every answer and submission the core had confirmed is there; no course is
 * half-installed; every `.balaibundle` on the stick verifies (a bundle cut short never carries the name);
 * every `.balaibackup` opens; the hub's database is sound, every bundle it lists holds all it brought and its
 * rollups equal a rebuild from its statements; and
 * the next export works. `PROOF_RUNS` sets the number of kills (CI: 8;
 * `npm run proof:crash`: 100).
 */
const RUNS = Number(process.env.PROOF_RUNS ?? 8);
const WORKER = resolve(import.meta.dirname, 'crash', 'worker.ts');
const LEARNERS = 4;

interface Confirmed {
  answers: { attemptId: string; questionId: string; optionId: string }[];
  submitted: string[];
  /** What the worker was doing when it died: the last `… start` without its end. */
  inFlight: string;
  lines: number;
}

function runWorker(
  data: string,
  stick: string,
  seed: number,
  learners: string,
  killAfterMs: number,
  hubDir: string,
) {
  return new Promise<Confirmed>((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', WORKER, data, stick, String(seed), learners, hubDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const confirmed: Confirmed = { answers: [], submitted: [], inFlight: 'answering', lines: 0 };
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        confirmed.lines++;
        const [what, a, b, c] = line.split(' ');
        if (what === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (what === 'answer') confirmed.answers.push({ attemptId: a!, questionId: b!, optionId: c! });
        else if (what === 'submit') confirmed.submitted.push(a!);
        else if (a === 'start') confirmed.inFlight = what!;
        else if (['done', 'refused', 'failed'].includes(a ?? '')) confirmed.inFlight = 'answering';
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done(confirmed);
      else fail(new Error(`worker ended by itself (code ${code}): ${stderr.slice(-2000)}`));
    });
  });
}

function filesUnder(root: string, extension: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(extension))
    .map((e) => join(e.parentPath, e.name));
}

describe(`crash safety: ${RUNS} kills at random moments`, { timeout: 60_000 + RUNS * 20_000 }, () => {
  const tmp = tempDir('balai-crash-');
  const totals = {
    runs: 0,
    integrityOk: 0,
    answersChecked: 0,
    answersMissing: 0,
    submitsChecked: 0,
    submitsMissing: 0,
    halfInstalled: 0,
    bundlesChecked: 0,
    badBundles: 0,
    backupsChecked: 0,
    badBackups: 0,
    hubIntegrityOk: 0,
    hubRollupsOk: 0,
    hubBundlesChecked: 0,
    hubPartialBundles: 0,
    exportsAfter: 0,
    killedDuring: {} as Record<string, number>,
  };
  afterAll(() => {
    console.log(`crash proof: ${JSON.stringify(totals, null, 1)}`);
    tmp.cleanup();
  });

  it('every kill leaves a sound database, every confirmed answer, whole courses, and only valid files', async () => {
    const data = join(tmp.dir, 'kiosk');
    const stick = join(`${data}-sticks`, 'FLASHDISK');
    mkdirSync(stick, { recursive: true });
    const village = await setUpVillage(data);
    const learners: { id: string; pin: string }[] = [];
    for (let i = 0; i < LEARNERS; i++) {
      const pin = String(200000 + i * 111);
      learners.push({ id: await village.addLearner(`Peserta Uji ${i + 1}`, pin), pin });
    }
    await earnCertificate(village, await village.loginAs(learners[0]!.id, learners[0]!.pin)); // installs the course
    village.close();
    const hubDir = join(tmp.dir, 'hub');
    const hub = openTestCore(hubDir);
    await hub.core.prepare();
    await hub.must(hub.core.newSession(), 'hub.setup', {
      regionCode: '33.02',
      admin: { fullName: 'Admin Dinas', pin: '246810' },
    });
    hub.close();
    const verifiedBundles = new Set<string>();

    const random = seededRandom(20261130);
    const problems: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      const killAfter = 50 + Math.floor(random() * 2500);
      const confirmed = await runWorker(data, stick, run + 1, JSON.stringify(learners), killAfter, hubDir);
      totals.runs++;
      totals.killedDuring[confirmed.inFlight] = (totals.killedDuring[confirmed.inFlight] ?? 0) + 1;

      // The database as the power cut left it, before the app opens it.
      const raw = new Database(join(data, DB_FILE));
      const integrity = raw.pragma('integrity_check', { simple: true });
      raw.close();
      if (integrity === 'ok') totals.integrityOk++;
      else problems.push(`run ${run}: integrity_check says ${String(integrity)}`);

      const k = openTestCore(data);
      await k.core.prepare(); // what a restart does: recover half-done installs, reinstall built-ins
      const db = k.core.services.db;
      for (const a of confirmed.answers) {
        totals.answersChecked++;
        const row = db.get<{ option_ids: string }>(
          sql`SELECT option_ids FROM quiz_answers WHERE attempt_id = ${a.attemptId} AND question_id = ${a.questionId}`,
        );
        if (!row || !row.option_ids.includes(a.optionId)) {
          totals.answersMissing++;
          problems.push(`run ${run}: confirmed answer ${a.attemptId}/${a.questionId} missing`);
        }
      }
      for (const id of confirmed.submitted) {
        totals.submitsChecked++;
        const row = db.get<{ submitted_at: string | null }>(
          sql`SELECT submitted_at FROM quiz_attempts WHERE id = ${id}`,
        );
        if (!row?.submitted_at) {
          totals.submitsMissing++;
          problems.push(`run ${run}: confirmed submission ${id} missing`);
        }
      }
      // Courses: every installed course is whole; no staging or orphan folder survives the restart.
      const courses = k.core.services.courses.list();
      for (const c of courses) {
        const manifest = JSON.parse(readFileSync(join(c.dir, 'course.json'), 'utf8')) as {
          modules: { lessons: { body: string }[] }[];
        };
        const missing = manifest.modules
          .flatMap((m) => m.lessons.map((l) => l.body))
          .filter((body) => !existsSync(join(c.dir, body)));
        if (missing.length) {
          totals.halfInstalled++;
          problems.push(`run ${run}: course ${c.id} lacks ${missing.join(', ')}`);
        }
      }
      const leftovers = readdirSync(join(data, 'courses')).filter((n) => n.startsWith('.staging-'));
      if (leftovers.length) problems.push(`run ${run}: staging folders left: ${leftovers.join(', ')}`);

      // Every file that carries a bundle's or backup's name is whole.
      for (const file of filesUnder(stick, '.balaibundle')) {
        if (verifiedBundles.has(file)) continue; // whole once, whole for good: the kiosk never rewrites one
        verifiedBundles.add(file);
        totals.bundlesChecked++;
        const verified = await verifyBundleFile(file);
        if (!verified.ok) {
          totals.badBundles++;
          problems.push(`run ${run}: ${relative(stick, file).split(sep).join('/')}: ${verified.reason}`);
        }
      }
      for (const file of filesUnder(stick, '.balaibackup')) {
        totals.backupsChecked++;
        const opened = await inspectBackup(file, CRASH_PASSPHRASE);
        if (!opened.ok) {
          totals.badBackups++;
          problems.push(`run ${run}: ${relative(stick, file).split(sep).join('/')}: ${opened.error.message}`);
        }
        rmSync(file);
      }
      // The hub: a sound database, and every bundle it lists holds every statement it brought (one
      // transaction per bundle: a kill mid-import leaves the bundle out, never in part).
      const hubRaw = new Database(join(hubDir, DB_FILE));
      if (hubRaw.pragma('integrity_check', { simple: true }) === 'ok') totals.hubIntegrityOk++;
      else problems.push(`run ${run}: hub integrity_check failed`);
      const partial = hubRaw
        .prepare(
          `SELECT b.sha256, b.new_statements, (SELECT COUNT(*) FROM hub_statements s WHERE s.bundle_sha256 = b.sha256) AS held
           FROM hub_bundles b`,
        )
        .all() as { sha256: string; new_statements: number; held: number }[];
      hubRaw.close();
      // Its rollups (kept in the same transaction) are those a rebuild from its statements makes.
      const hubDb = Db.open(join(hubDir, DB_FILE));
      const kept = rollupSnapshot(hubDb);
      hubDb.transaction(() => rebuildRollups(hubDb));
      if (isDeepStrictEqual(rollupSnapshot(hubDb), kept)) totals.hubRollupsOk++;
      else problems.push(`run ${run}: hub rollups differ from a rebuild from its statements`);
      hubDb.close();
      for (const b of partial) {
        totals.hubBundlesChecked++;
        if (b.held !== b.new_statements) {
          totals.hubPartialBundles++;
          problems.push(
            `run ${run}: hub bundle ${b.sha256} holds ${b.held} of ${b.new_statements} statements`,
          );
        }
      }

      // And the kiosk carries on: the next export works.
      const next = await exportBundle(k.core.services, folderTarget(stick), {});
      if (next.ok) totals.exportsAfter++;
      else problems.push(`run ${run}: export after restart failed: ${next.error.message}`);
      k.close();
    }
    expect(problems).toEqual([]);
    expect(totals.integrityOk).toBe(RUNS);
    expect(totals.hubRollupsOk).toBe(RUNS);
  });
});
