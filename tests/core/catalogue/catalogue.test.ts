import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TaskView } from '../../../main/api/tasks';
import {
  signCatalogue,
  type CatalogueEntry,
  type SignedCatalogue,
} from '../../../main/core/catalogue/format';
import { catalogueSyncDue } from '../../../main/core/catalogue/schedule';
import { acceptedCatalogues } from '../../../main/core/catalogue/state';
import { startCatalogueSync, type CatalogueSyncResult } from '../../../main/core/catalogue/sync';
import { ManualClock } from '../../../main/core/clock';
import { CourseStore } from '../../../main/core/courses/store';
import { Db } from '../../../main/core/db/database';
import { memoryLogger } from '../../../main/core/log';
import { packCourse } from '../../../main/core/packages/course-package';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { Tasks } from '../../../main/core/tasks/tasks';
import { useTempDirs } from '../../helpers/core';
import { PUBLISHER } from '../../helpers/releases';
import { devTrust } from '../../helpers/pki';
import { deadUrl, startStaticServer, type StaticServer } from '../../helpers/static-server';
import { courseFiles, writeFolder } from '../packages/fixtures';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Kiosk {
  db: Db;
  courses: CourseStore;
  tasks: Tasks;
  log: ReturnType<typeof memoryLogger>;
  dataDir: string;
  sync(url: string): Promise<TaskView>;
}

const servers: StaticServer[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
  while (dbs.length) dbs.pop()!.close();
});

describe('the signed course catalogue', () => {
  const tempDir = useTempDirs('balai-catalogue-');

  function kiosk(): Kiosk {
    const dataDir = tempDir();
    const db = Db.open(join(dataDir, 'balai.sqlite'));
    dbs.push(db);
    const clock = new ManualClock();
    const log = memoryLogger();
    const courses = new CourseStore(db, dataDir, clock, log, () => devTrust());
    const tasks = new Tasks(clock, log);
    const deps = {
      db: () => db,
      courses: () => courses,
      trust: () => devTrust(),
      fetch: (input: string, init?: RequestInit) => fetch(input, init),
      clock,
      log,
      dataDir,
    };
    return {
      db,
      courses,
      tasks,
      log,
      dataDir,
      async sync(url) {
        const started = startCatalogueSync(tasks, deps, url);
        if (!started.ok) throw new Error('a sync is running');
        return (await tasks.settle(started.id))!;
      },
    };
  }

  /** A publisher's web folder: packages under courses/, the catalogue at catalogue.json. */
  async function publisher() {
    const root = tempDir();
    mkdirSync(join(root, 'courses'));
    const server = await startStaticServer(root);
    servers.push(server);
    const pack = async (id: string, version: string): Promise<CatalogueEntry> => {
      const folder = writeFolder(
        join(tempDir(), `${id}-${version}`),
        courseFiles(version, (m) => (m.id = id)),
      );
      const name = `${id}-${version}.balaicourse`;
      await packCourse(folder, PUBLISHER, join(root, 'courses', name), DEFAULT_LIMITS, new Date());
      const bytes = readFileSync(join(root, 'courses', name));
      return {
        id,
        version,
        title: `Kursus ${id}`,
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        url: `courses/${name}`,
      };
    };
    const publish = (
      body: SignedCatalogue,
      key = PUBLISHER,
      edit: (envelope: Record<string, unknown>) => void = () => {},
    ) => {
      const envelope = signCatalogue(body, key) as unknown as Record<string, unknown>;
      edit(envelope);
      writeFileSync(join(root, 'catalogue.json'), JSON.stringify(envelope, null, 2));
    };
    return { root, server, url: `${server.url}catalogue.json`, pack, publish };
  }

  const edition = (
    sequence: number,
    courses: CatalogueEntry[],
    issuedAt = `2026-11-${10 + sequence}T08:00:00+07:00`,
  ) => ({
    catalogueId: 'pamong-desa',
    sequence,
    issuedAt,
    courses,
  });

  it('installs the new courses of a valid catalogue, as a task with progress, and remembers the catalogue', async () => {
    const pub = await publisher();
    const a = await pub.pack('kursus-uji', '1.0.0');
    const b = await pub.pack('kursus-dua', '1.0.0');
    pub.publish(edition(1, [a, b]));
    const k = kiosk();
    const task = await k.sync(pub.url);
    expect(task.state, JSON.stringify(task.error)).toBe('done');
    expect(task.result).toEqual({
      catalogueId: 'pamong-desa',
      sequence: 1,
      installed: [
        { id: 'kursus-uji', version: '1.0.0', replaced: null },
        { id: 'kursus-dua', version: '1.0.0', replaced: null },
      ],
      upToDate: 0,
      failed: [],
    } satisfies CatalogueSyncResult);
    expect([task.done, task.total]).toEqual([a.sizeBytes + b.sizeBytes, a.sizeBytes + b.sizeBytes]);
    expect(
      k.courses
        .list()
        .map((c) => `${c.id}@${c.version}`)
        .sort(),
    ).toEqual(['kursus-dua@1.0.0', 'kursus-uji@1.0.0']);
    expect(acceptedCatalogues(k.db)).toMatchObject([
      { catalogueId: 'pamong-desa', sequence: 1, url: pub.url },
    ]);
    expect(existsSync(join(k.dataDir, 'downloads'))).toBe(false); // temp files gone
  });

  it('downloads only what is new or newer in the next edition; the same edition again changes nothing', async () => {
    const pub = await publisher();
    const a1 = await pub.pack('kursus-uji', '1.0.0');
    const b = await pub.pack('kursus-dua', '1.0.0');
    pub.publish(edition(1, [a1, b]));
    const k = kiosk();
    await k.sync(pub.url);
    const a2 = await pub.pack('kursus-uji', '1.1.0');
    pub.publish(edition(2, [a2, b]));
    const before = pub.server.requests.length;
    const task = await k.sync(pub.url);
    expect(task.result).toMatchObject({
      sequence: 2,
      installed: [{ id: 'kursus-uji', version: '1.1.0', replaced: '1.0.0' }],
      upToDate: 1,
    });
    expect(pub.server.requests.slice(before)).toEqual([
      '/catalogue.json',
      '/courses/kursus-uji-1.1.0.balaicourse',
    ]);
    const again = await k.sync(pub.url);
    expect(again.result).toMatchObject({ sequence: 2, installed: [], upToDate: 2, failed: [] });
  });

  it('refuses a replayed older catalogue, and a different one under the same number', async () => {
    const pub = await publisher();
    const a1 = await pub.pack('kursus-uji', '1.0.0');
    const a2 = await pub.pack('kursus-uji', '1.1.0');
    const k = kiosk();
    pub.publish(edition(2, [a1]));
    expect((await k.sync(pub.url)).state).toBe('done');
    // An attacker (or a stale mirror) serves edition 1: refused before anything is downloaded.
    pub.publish(edition(1, [a2]));
    const before = pub.server.requests.length;
    const replayed = await k.sync(pub.url);
    expect(replayed).toMatchObject({
      state: 'failed',
      error: { code: 'INVALID_CONTENT', details: { reason: 'replayed' } },
    });
    expect(pub.server.requests.slice(before)).toEqual(['/catalogue.json']);
    pub.publish(edition(2, [a2]));
    expect(await k.sync(pub.url)).toMatchObject({
      state: 'failed',
      error: { details: { reason: 'replayed' } },
    });
    pub.publish(edition(3, [a2], '2026-11-01T08:00:00+07:00')); // a higher number, issued earlier
    expect(await k.sync(pub.url)).toMatchObject({
      state: 'failed',
      error: { details: { reason: 'replayed' } },
    });
    expect(k.courses.get('kursus-uji')?.version).toBe('1.0.0');
    expect(acceptedCatalogues(k.db)).toMatchObject([{ sequence: 2 }]);
    expect(k.log.lines.join('\n')).toMatch(/course catalogue refused/);
  });

  it('refuses a tampered catalogue and one signed by an unknown key', async () => {
    const pub = await publisher();
    const a = await pub.pack('kursus-uji', '1.0.0');
    const k = kiosk();
    pub.publish(edition(1, [a]), PUBLISHER, (envelope) => {
      (envelope.signed as { courses: CatalogueEntry[] }).courses[0]!.url =
        'https://evil.example/x.balaicourse';
    });
    expect(await k.sync(pub.url)).toMatchObject({
      state: 'failed',
      error: { details: { reason: 'bad_signature' } },
    });
    pub.publish(edition(1, [a]), { key: newPrivateKeyFile('Someone else'), chain: PUBLISHER.chain });
    const unknown = await k.sync(pub.url);
    expect(unknown).toMatchObject({ state: 'failed', error: { details: { reason: 'bad_signature' } } });
    expect(unknown.error?.message).toMatch(/signed by key [0-9a-f]{16}, but the chain certifies/);
    expect(k.courses.list()).toEqual([]);
    expect(acceptedCatalogues(k.db)).toEqual([]);
  });

  it('refuses malformed catalogues', async () => {
    const pub = await publisher();
    const a = await pub.pack('kursus-uji', '1.0.0');
    const k = kiosk();
    const cases: [string, () => void][] = [
      ['not JSON', () => writeFileSync(join(pub.root, 'catalogue.json'), '<html>captive portal</html>')],
      [
        'not an envelope',
        () => writeFileSync(join(pub.root, 'catalogue.json'), JSON.stringify({ courses: [a] })),
      ],
      ['a course twice', () => pub.publish(edition(1, [a, a]))],
      ['a bad hash', () => pub.publish(edition(1, [{ ...a, sha256: 'abc' }]))],
      [
        'no sequence',
        () => pub.publish({ ...edition(1, [a]), sequence: undefined } as unknown as SignedCatalogue),
      ],
      ['too deep', () => writeFileSync(join(pub.root, 'catalogue.json'), '['.repeat(50) + ']'.repeat(50))],
    ];
    for (const [name, make] of cases) {
      make();
      expect(await k.sync(pub.url), name).toMatchObject({
        state: 'failed',
        error: { code: 'INVALID_CONTENT', details: { reason: 'malformed' } },
      });
    }
    expect(k.courses.list()).toEqual([]);
  });

  it('does not install a package that is not the one signed: other bytes, larger, or another course', async () => {
    const pub = await publisher();
    const good = await pub.pack('kursus-dua', '1.0.0');
    const swapped = await pub.pack('kursus-uji', '1.0.0');
    const other = await pub.pack('kursus-lain', '1.0.0');
    // The server's file is replaced after the catalogue was signed.
    const victim = join(pub.root, 'courses', 'kursus-uji-1.0.0.balaicourse');
    const bytes = readFileSync(victim);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
    writeFileSync(victim, bytes);
    const larger = { ...good, id: 'kursus-besar', sizeBytes: good.sizeBytes - 1 };
    // The catalogue names kursus-tiga, the (genuine, signed) package is kursus-lain.
    const mislabelled = { ...other, id: 'kursus-tiga' };
    pub.publish(edition(1, [swapped, larger, mislabelled, good]));
    const k = kiosk();
    const task = await k.sync(pub.url);
    expect(task.state).toBe('done');
    const result = task.result as CatalogueSyncResult;
    expect(result.installed).toEqual([{ id: 'kursus-dua', version: '1.0.0', replaced: null }]);
    expect(result.failed.map((f) => [f.id, f.reason])).toEqual([
      ['kursus-uji', expect.stringMatching(/not the package the catalogue signed/)],
      ['kursus-besar', expect.stringMatching(/larger than/)],
      [
        'kursus-tiga',
        expect.stringMatching(/the package is kursus-lain 1\.0\.0, the catalogue says kursus-tiga/),
      ],
    ]);
    expect(k.courses.list().map((c) => c.id)).toEqual(['kursus-dua']);
    expect(readdirSync(k.dataDir)).not.toContain('downloads');
  });

  it('says the catalogue could not be reached when there is no connection or no such file', async () => {
    const k = kiosk();
    expect(await k.sync(`${await deadUrl()}catalogue.json`)).toMatchObject({
      state: 'failed',
      error: { code: 'NOT_FOUND', details: { reason: 'offline' } },
    });
    const pub = await publisher();
    expect(await k.sync(pub.url)).toMatchObject({
      state: 'failed',
      error: { details: { reason: 'http_404' } },
    });
  });
});

describe('when the kiosk reads the catalogue on its own', () => {
  const schedule = { intervalMs: 12 * 3_600_000, retryMs: 1_800_000 };
  const due = (over: Partial<Parameters<typeof catalogueSyncDue>[0]>) =>
    catalogueSyncDue({
      now: 100_000_000,
      url: 'https://katalog.example/catalogue.json',
      osOnline: null,
      running: false,
      lastAttemptAt: null,
      lastAttemptOk: false,
      schedule,
      ...over,
    });

  it('at once the first time, then twelve hours after a sync that worked, half an hour after one that failed', () => {
    expect(due({})).toBe(true);
    expect(due({ lastAttemptAt: 100_000_000 - 3_600_000, lastAttemptOk: true })).toBe(false);
    expect(due({ lastAttemptAt: 100_000_000 - 12 * 3_600_000, lastAttemptOk: true })).toBe(true);
    expect(due({ lastAttemptAt: 100_000_000 - 1_000_000, lastAttemptOk: false })).toBe(false);
    expect(due({ lastAttemptAt: 100_000_000 - 1_800_000, lastAttemptOk: false })).toBe(true);
  });

  it('never without a URL, while one runs, or when the OS knows it is offline', () => {
    expect(due({ url: null })).toBe(false);
    expect(due({ running: true })).toBe(false);
    expect(due({ osOnline: false })).toBe(false);
    expect(due({ osOnline: true })).toBe(true);
  });
});
