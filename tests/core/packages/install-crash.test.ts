/**
 * A kill in the middle of an install leaves the old version or the new one, never a mix. A child process
 * (install-runner.ts under tsx) installs a large 1.1.0 over 1.0.0 and is SIGKILLed at seeded moments spread
 * over the whole install; then the store is opened here, recover() runs, and the result is checked file by
 * file against the package's signed hashes. A final install of 1.1.0 must then go through.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { CourseStore } from '../../../main/core/courses/store';
import { Db } from '../../../main/core/db/database';
import { sql } from '../../../main/core/db/sql';
import { memoryLogger, silentLogger } from '../../../main/core/log';
import { packCourse, SIGNATURE_FILE } from '../../../main/core/packages/course-package';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { certify, devTrust } from '../../helpers/pki';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import type { FileEntry } from '../../../main/core/packages/signing';
import { COURSE_ID, courseFiles, seededRandom, sha256, tree, writeFolder } from './fixtures';

const REPO = resolve(import.meta.dirname, '../../..');
const TSX = realpathSync(join(REPO, 'node_modules/.bin/tsx'));
const RUNNER = join(import.meta.dirname, 'install-runner.ts');
const RUNS = 16;
const SEED = 20261101;
/** Incompressible media in 1.1.0: enough that extracting it takes hundreds of milliseconds. */
const MEDIA_FILES = 32;
const MEDIA_BYTES = 1024 ** 2;

type Version = '1.0.0' | '1.1.0';

const key = certify(newPrivateKeyFile('Penerbit Uji'));
const trusted = devTrust();

let root: string;
/** Data folder with 1.0.0 installed and a learner's progress; each run starts from a copy. */
let template: string;
/** `template` after a whole upgrade to 1.1.0. */
let upgraded: string;
const packages = {} as Record<Version, { file: string; files: FileEntry[]; signature: Buffer }>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'balai-install-crash-'));
  for (const version of ['1.0.0', '1.1.0'] as const) {
    const files = courseFiles(version);
    if (version === '1.1.0') {
      for (let i = 0; i < MEDIA_FILES; i++) {
        const name = `media/dokumen-${String(i).padStart(2, '0')}.pdf`;
        files[name] = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(MEDIA_BYTES)]);
      }
    }
    const file = join(root, `${COURSE_ID}-${version}.balaicourse`);
    const packed = await packCourse(
      writeFolder(join(root, 'src', version), files),
      key,
      file,
      DEFAULT_LIMITS,
      new Date('2026-11-01T00:00:00Z'),
    );
    // The signed list is what every installed file is checked against; signature.json is read back below.
    packages[version] = { file, files: packed.files, signature: Buffer.alloc(0) };
  }

  template = join(root, 'template');
  const db = Db.open(join(template, 'balai.sqlite'));
  const store = new CourseStore(db, template, new ManualClock(), silentLogger, () => trusted);
  const first = await store.installVerified(packages['1.0.0'].file);
  if (!first.ok) throw new Error(first.reason);
  packages['1.0.0'].signature = readFileSync(join(first.course.dir, SIGNATURE_FILE));
  const at = '2026-11-01T08:00:00.000+07:00';
  db.run(sql`INSERT INTO accounts (id, full_name, created_at, updated_at)
             VALUES ('learner-1', 'Siti Aminah', ${at}, ${at})`);
  db.run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at)
             VALUES ('learner-1', ${COURSE_ID}, 'pelajaran-1', 'in_progress', 30, ${at})`);
  db.close();

  // The same installation after a whole, uninterrupted upgrade (for the half-done commit states below).
  upgraded = join(root, 'upgraded');
  cpSync(template, upgraded, { recursive: true });
  const db2 = Db.open(join(upgraded, 'balai.sqlite'));
  const store2 = new CourseStore(db2, upgraded, new ManualClock(), silentLogger, () => trusted);
  const newer = await store2.installVerified(packages['1.1.0'].file);
  db2.close();
  if (!newer.ok) throw new Error(newer.reason);
  packages['1.1.0'].signature = readFileSync(join(newer.course.dir, SIGNATURE_FILE));
}, 60_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

interface RunResult {
  /** The SIGKILL reached the process group while it was running. */
  killed: boolean;
  /** From `ready` to the child's exit. */
  ms: number;
  stdout: string;
  stderr: string;
}

let runCount = 0;
function freshDataDir(): string {
  const dir = join(root, `run-${++runCount}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

/** Runs the installer in a child; kills its whole process group `killAfterMs` after it says ready. */
function runInstall(dataDir: string, killAfterMs: number | null): Promise<RunResult> {
  return new Promise((done, fail) => {
    // detached: its own process group, so the kill reaches tsx's node child as well as tsx itself.
    const child = spawn(process.execPath, [TSX, RUNNER, dataDir, packages['1.1.0'].file], {
      cwd: REPO,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let readyAt = 0;
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (readyAt || !stdout.includes('ready\n')) return;
      readyAt = performance.now();
      if (killAfterMs === null) return;
      timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
          killed = true;
        } catch {
          // Already gone: the install finished first.
        }
      }, killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', () => {
      clearTimeout(timer);
      const ms = readyAt ? performance.now() - readyAt : 0;
      void groupGone(child.pid!).then(() => done({ killed, ms, stdout, stderr }), fail);
    });
  });
}

/** Waits until no process of the group is left (a killed group is gone before we look at its files). */
async function groupGone(pgid: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await sleep(10);
  }
  throw new Error(`process group ${pgid} still alive`);
}

/** Opens the store as the next start-up would, recovers, and checks exactly one whole version is there. */
function checkAfterCrash(dataDir: string): { version: Version; store: CourseStore; db: Db } {
  const db = Db.open(join(dataDir, 'balai.sqlite'));
  const store = new CourseStore(db, dataDir, new ManualClock(), memoryLogger(), () => trusted);
  store.recover();
  const course = store.get(COURSE_ID);
  expect(['1.0.0', '1.1.0']).toContain(course?.version);
  const version = course!.version as Version;
  expect(course!.dir).toBe(join(dataDir, 'courses', COURSE_ID, version));
  expectWhole(dataDir, db, version);
  return { version, store, db };
}

/** Only `version` is on disk, every file exactly as signed, and the rows agree. */
function expectWhole(dataDir: string, db: Db, version: Version): void {
  const courses = join(dataDir, 'courses');
  expect(readdirSync(courses)).toEqual([COURSE_ID]); // no .staging-* left
  expect(readdirSync(join(courses, COURSE_ID))).toEqual([version]);
  const rows = db.all<{ id: string; version: string; manifest: string }>(
    sql`SELECT id, version, manifest FROM courses`,
  );
  expect(rows.map((r) => [r.id, r.version])).toEqual([[COURSE_ID, version]]);
  expect((JSON.parse(rows[0]!.manifest) as { version: string }).version).toBe(version);

  const onDisk = Object.fromEntries(
    Object.entries(tree(join(courses, COURSE_ID, version))).filter(([, hash]) => hash !== 'dir'),
  );
  const signed = Object.fromEntries(packages[version].files.map((f) => [f.path, f.sha256]));
  const { [SIGNATURE_FILE]: signatureHash, ...content } = onDisk;
  expect(content).toEqual(signed);
  expect(signatureHash).toBe(sha256(packages[version].signature));
  // The learner's rows are never part of an install.
  expect(db.all(sql`SELECT learner_id, lesson_id, position FROM lesson_progress`)).toEqual([
    { learner_id: 'learner-1', lesson_id: 'pelajaran-1', position: 30 },
  ]);
}

describe('an install killed at any moment', () => {
  it('leaves the old version or the new one, never a mix, and the next install goes through', async () => {
    // How long a whole install takes here, measured by letting one run finish.
    const full = await runInstall(freshDataDir(), null);
    expect(full.stdout, full.stderr).toContain('{"ok":true,"version":"1.1.0"}');
    const measured = checkAfterCrash(join(root, `run-${runCount}`));
    expect(measured.version).toBe('1.1.0');
    measured.db.close();

    const random = seededRandom(SEED);
    const ends: { delay: number; killed: boolean; version: Version }[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Stratified: run i is killed somewhere in slice i of [0, 1.2 × full], so the runs cover the install.
      const delay = Math.round(((i + random()) / RUNS) * full.ms * 1.2);
      const dataDir = freshDataDir();
      const run = await runInstall(dataDir, delay);
      if (!run.killed) expect(run.stdout).toContain('{"ok":true,"version":"1.1.0"}');
      const { version, store, db } = checkAfterCrash(dataDir);
      ends.push({ delay, killed: run.killed, version });
      if (version === '1.0.0') {
        const again = await store.installVerified(packages['1.1.0'].file);
        expect(again).toMatchObject({ ok: true, replaced: '1.0.0' });
        expectWhole(dataDir, db, '1.1.0');
      } else {
        expect(await store.installVerified(packages['1.1.0'].file)).toMatchObject({
          ok: false,
          reason: 'version 1.1.0 is not newer than installed 1.1.0',
        });
      }
      db.close();
      rmSync(dataDir, { recursive: true, force: true });
    }

    const old = ends.filter((e) => e.version === '1.0.0').length;
    const killedNew = ends.filter((e) => e.killed && e.version === '1.1.0').length;
    console.log(
      `install-crash: full install ${Math.round(full.ms)} ms; ${RUNS} runs: ${old} ended on 1.0.0, ` +
        `${RUNS - old} on 1.1.0 (${killedNew} of those killed after the commit); ` +
        ends.map((e) => `${e.delay}ms:${e.killed ? 'kill' : 'done'}→${e.version}`).join(' '),
    );
    expect(ends).toHaveLength(RUNS);
    // A kill in the first slice lands mid-extraction: the old version must still be there.
    expect(old).toBeGreaterThan(0);
  }, 90_000);
});

describe('recover() after a crash between the steps of a commit', () => {
  it('renamed into place but not yet recorded: the new folder goes, 1.0.0 stays', () => {
    const dataDir = freshDataDir();
    const courses = join(dataDir, 'courses');
    cpSync(join(upgraded, 'courses', COURSE_ID, '1.1.0'), join(courses, COURSE_ID, '1.1.0'), {
      recursive: true,
    });
    mkdirSync(join(courses, '.staging-interrupted', 'media'), { recursive: true });
    const { version, db } = checkAfterCrash(dataDir);
    expect(version).toBe('1.0.0');
    db.close();
  });

  it('recorded but the old folder not yet removed: the old folder goes, 1.1.0 stays', () => {
    const dataDir = join(root, `run-${++runCount}`);
    cpSync(upgraded, dataDir, { recursive: true });
    cpSync(join(template, 'courses', COURSE_ID, '1.0.0'), join(dataDir, 'courses', COURSE_ID, '1.0.0'), {
      recursive: true,
    });
    const after = checkAfterCrash(dataDir);
    expect(after.version).toBe('1.1.0');
    after.db.close();
  });
});

describe('a data folder that was moved or copied', () => {
  it('keeps its course through recover() and upgrades without touching the old place', async () => {
    // The courses row was written with the template's absolute path; the copy must not depend on it.
    const moved = freshDataDir();
    const before = tree(template);
    const { version, store, db } = checkAfterCrash(moved);
    expect(version).toBe('1.0.0');
    expect(store.get(COURSE_ID)?.dir).toBe(join(moved, 'courses', COURSE_ID, '1.0.0'));
    expect(await store.installVerified(packages['1.1.0'].file)).toMatchObject({
      ok: true,
      replaced: '1.0.0',
    });
    expectWhole(moved, db, '1.1.0');
    db.close();
    expect(tree(template)).toEqual(before);
  });
});
