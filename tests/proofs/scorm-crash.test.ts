import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { wrapScorm } from '../../main/core/content/scorm/wrap';
import { DB_FILE } from '../../main/core/db/file';
import { newPrivateKeyFile } from '../../main/core/packages/keys';
import { certify } from '../helpers/pki';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import { seededRandom } from '../../main/core/quiz/draw';
import { setUpVillage, tempDir } from '../helpers/core';
import { externalPackages } from '../helpers/external-content';

/**
 * proof:crash, SCORM: the core with its SCO origin killed with SIGKILL at a random moment while a SCO
 * commits; after every kill, the CMI of the last Commit the bridge acknowledged (or a later one) is in the
 * database, and the database passes `PRAGMA integrity_check`. `PROOF_RUNS` sets the number of kills.
 */
const RUNS = Number(process.env.PROOF_RUNS ?? 8);
const WORKER = resolve(import.meta.dirname, 'crash', 'scorm-worker.ts');
const COURSE = 'com.scorm.golfsamples.runtime.basicruntime.12';
const dirs = tempDir('balai-scorm-crash-');
afterAll(() => dirs.cleanup());

function runWorker(args: string[], killAfterMs: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acknowledged = 0;
    let buffer = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [what, n] = line.split(' ');
        if (what === 'ready') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        if (what === 'commit') acknowledged = Number(n);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? done(acknowledged)
        : fail(new Error(`worker ended (code ${code}): ${stderr.slice(-2000)}`)),
    );
  });
}

describe('proof:crash, SCORM: a Commit that returned true survives SIGKILL', () => {
  it(`keeps every acknowledged Commit over ${RUNS} kills`, async () => {
    const data = join(dirs.dir, 'data');
    const village = await setUpVillage(data);
    const learner = await village.addLearner('Siti Aminah', '172839');
    const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));
    const [golf] = externalPackages('scorm12').filter((f) => f.includes('RuntimeBasicCalls'));
    const out = join(dirs.dir, 'golf.balaicourse');
    const wrapped = await wrapScorm(golf!, { signer, out, limits: DEFAULT_LIMITS, now: new Date() });
    if (!wrapped.ok) throw new Error(wrapped.reason);
    const installed = await village.core.services.courses.installVerified(out);
    if (!installed.ok) throw new Error(installed.reason);
    const lessonId = installed.course.manifest.modules[0]!.lessons[0]!.id;
    village.close();

    const random = seededRandom(17);
    let kills = 0;
    let checked = 0;
    for (let run = 0; run < RUNS; run++) {
      const acknowledged = await runWorker([data, learner, '172839', COURSE, lessonId], 200 + random() * 800);
      kills++;
      const db = new Database(join(data, DB_FILE), { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const rows = db
          .prepare('SELECT cmi FROM scorm_attempts WHERE learner_id = ? ORDER BY attempt')
          .all(learner) as { cmi: string }[];
        // Each run resumes the one suspended attempt: the kiosk never starts a new one after a power cut.
        expect(rows).toHaveLength(1);
        const stored = JSON.parse(rows[0]!.cmi) as { suspend_data?: string };
        const n = Number(/^langkah=(\d+)$/.exec(stored.suspend_data ?? '')?.[1] ?? 0);
        if (acknowledged > 0) checked++;
        expect(n, `run ${run}: acknowledged ${acknowledged}, stored ${n}`).toBeGreaterThanOrEqual(
          acknowledged,
        );
        expect(n).toBeLessThanOrEqual(acknowledged + 1);
      } finally {
        db.close();
      }
    }
    expect(kills).toBe(RUNS);
    expect(checked).toBeGreaterThan(0);
  }, 600_000);
});
