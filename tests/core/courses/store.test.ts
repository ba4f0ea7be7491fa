import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { CourseStore, type InstallOutcome } from '../../../main/core/courses/store';
import { Db } from '../../../main/core/db/database';
import { memoryLogger, silentLogger } from '../../../main/core/log';
import { devTrust } from '../../helpers/pki';

const builtin = resolve(dirname(fileURLToPath(import.meta.url)), '../../../content/courses/mengenal-apbdes');
const COURSE_ID = 'mengenal-apbdes';

let root: string;
let db: Db;
let dataDir: string;
let store: CourseStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'balai-course-store-'));
  dataDir = join(root, 'data');
  db = Db.open(join(dataDir, 'balai.sqlite'));
  store = new CourseStore(db, dataDir, new ManualClock(), silentLogger);
});

afterEach(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

/** A copy of the built-in course under `root/<name>`, with course.json edited by `edit`. */
function courseCopy(name: string, edit: (manifest: Record<string, unknown>) => void = () => {}): string {
  const dir = join(root, 'sources', name);
  cpSync(builtin, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as Record<string, unknown>;
  edit(manifest);
  writeFileSync(join(dir, 'course.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

const withVersion = (version: string) => (m: Record<string, unknown>) => {
  m.version = version;
};

/** Every file under `dir` with its SHA-256, so "untouched" means byte for byte. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    out[relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
  }
  return out;
}

/** Folders under data/courses/<id>: the installed version plus anything an install left behind. */
const versionFolders = () => readdirSync(join(dataDir, 'courses', COURSE_ID)).sort();

/** The install was refused, for a reason matching `reason`. */
function expectRefused(outcome: InstallOutcome, reason: RegExp): void {
  expect(outcome.ok).toBe(false);
  // Narrowing, not a silent skip: the line above already failed if the install went through.
  if (outcome.ok) return;
  expect(outcome.reason).toMatch(reason);
}

function installOriginal() {
  const outcome = store.installFolder(courseCopy('original'));
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.course;
}

describe('CourseStore.installFolder', () => {
  it('installs a valid copy of the built-in course into the data folder', () => {
    const source = courseCopy('original');
    const outcome = store.installFolder(source);
    expect(outcome).toMatchObject({ ok: true, replaced: null });
    if (!outcome.ok) return;
    const { course } = outcome;
    expect(course).toMatchObject({
      id: COURSE_ID,
      version: '1.0.0',
      title: 'Mengenal APB Desa',
      publisher: 'Tim Balai Belajar (pengembangan)',
      dir: join(dataDir, 'courses', COURSE_ID, '1.0.0'),
    });
    expect(course.installedAt).toMatch(/^2026-11-01T/);
    expect(snapshot(course.dir)).toEqual(snapshot(source));
    expect(course.sizeBytes).toBeGreaterThan(0);
    expect(versionFolders()).toEqual(['1.0.0']);

    expect(store.list().map((c) => `${c.id}@${c.version}`)).toEqual([`${COURSE_ID}@1.0.0`]);
    expect(store.get(COURSE_ID)?.dir).toBe(course.dir);
    const first = course.manifest.modules[0]!.lessons[0]!;
    expect(store.readLesson(course, first.body!)).toBe(readFileSync(join(source, first.body!), 'utf8'));
    expect(() => store.readLesson(course, '../../../balai.sqlite')).toThrow(/escapes/);
  });

  it('keeps the installed course when the database is opened again', () => {
    installOriginal();
    db.close();
    db = Db.open(join(dataDir, 'balai.sqlite'));
    store = new CourseStore(db, dataDir, new ManualClock(), silentLogger);
    expect(store.get(COURSE_ID)?.version).toBe('1.0.0');
  });

  it('upgrades to a newer version and says which it replaced', () => {
    installOriginal();
    const outcome = store.installFolder(courseCopy('newer', withVersion('1.1.0')));
    expect(outcome).toMatchObject({ ok: true, replaced: '1.0.0', course: { version: '1.1.0' } });
    expect(store.get(COURSE_ID)?.version).toBe('1.1.0');
    expect(store.get(COURSE_ID)?.dir).toBe(join(dataDir, 'courses', COURSE_ID, '1.1.0'));
  });

  describe('refusals leave the installed version untouched', () => {
    let installedDir: string;
    let before: Record<string, string>;
    let installedAt: string;

    beforeEach(() => {
      const course = installOriginal();
      installedDir = course.dir;
      installedAt = course.installedAt;
      before = snapshot(installedDir);
    });

    function expectUntouched() {
      const current = store.get(COURSE_ID);
      expect(current?.version).toBe('1.0.0');
      expect(current?.dir).toBe(installedDir);
      expect(current?.installedAt).toBe(installedAt);
      expect(snapshot(installedDir)).toEqual(before);
      // No staging folder or half-copied version left behind.
      expect(versionFolders()).toEqual(['1.0.0']);
    }

    it.each([
      { case: 'the same version', version: '1.0.0', reason: /not newer than installed 1\.0\.0/ },
      { case: 'an older patch', version: '0.9.9', reason: /not newer/ },
      { case: 'an older major', version: '0.10.0', reason: /not newer/ },
    ])('refuses $case', ({ version, reason }) => {
      const source = courseCopy(`v${version}`, (m) => {
        m.version = version;
        m.title = 'Judul yang lain';
      });
      expectRefused(store.installFolder(source), reason);
      expectUntouched();
      expect(store.get(COURSE_ID)?.title).toBe('Mengenal APB Desa');
    });

    it.each([
      {
        case: 'a question without an explanation',
        edit: (m: Record<string, unknown>) => {
          (m.questions as Record<string, unknown>[])[0]!.explanation = '';
        },
        reason: /course\.json invalid: questions\.0\.explanation/,
      },
      {
        case: 'an unknown format version',
        edit: (m: Record<string, unknown>) => {
          m.formatVersion = 3;
        },
        reason: /course\.json invalid: formatVersion/,
      },
      {
        case: 'a quiz drawing more than its bank',
        edit: (m: Record<string, unknown>) => {
          (m.quizzes as Record<string, unknown>[])[0]!.draw = 6;
        },
        reason: /draws more than its pool/,
      },
      {
        case: 'a lesson path leaving the package',
        edit: (m: Record<string, unknown>) => {
          const modules = m.modules as { lessons: Record<string, unknown>[] }[];
          modules[0]!.lessons[0]!.body = '../../secret.md';
        },
        reason: /course\.json invalid: modules\.0\.lessons\.0\.body/,
      },
      {
        case: 'an unexpected field',
        edit: (m: Record<string, unknown>) => {
          m.script = 'alert(1)';
        },
        reason: /course\.json invalid/,
      },
    ])('refuses a newer version whose course.json has $case', ({ edit, reason }) => {
      const outcome = store.installFolder(
        courseCopy('invalid', (m) => {
          m.version = '1.1.0';
          edit(m);
        }),
      );
      expectRefused(outcome, reason);
      expectUntouched();
    });

    it('refuses a course.json that is not JSON', () => {
      const source = courseCopy('garbled');
      writeFileSync(join(source, 'course.json'), '{ "formatVersion": 1, "id": "mengenal-apbdes", ');
      expectRefused(store.installFolder(source), /^course\.json unreadable/);
      expectUntouched();
    });

    it('refuses a folder without course.json', () => {
      const source = courseCopy('no-manifest', withVersion('1.1.0'));
      rmSync(join(source, 'course.json'));
      expectRefused(store.installFolder(source), /^course\.json unreadable: ENOENT/);
      expectUntouched();
    });

    it('refuses a newer version that misses a lesson file', () => {
      const source = courseCopy('missing-lesson', withVersion('1.1.0'));
      rmSync(join(source, 'lessons/02-siapa-melakukan-apa.md'));
      expectRefused(store.installFolder(source), /^missing lesson file lessons\/02-siapa-melakukan-apa\.md$/);
      expectUntouched();
    });

    it('refuses a lesson body that is a folder, not a file', () => {
      const source = courseCopy('lesson-folder', withVersion('1.1.0'));
      const body = join(source, 'lessons/01-apa-itu-apbdes.md');
      rmSync(body);
      cpSync(join(source, 'media'), body, { recursive: true });
      expectRefused(store.installFolder(source), /^missing lesson file lessons\/01-apa-itu-apbdes\.md$/);
      expectUntouched();
    });

    it('refuses a folder with a symbolic link pointing out of the course', () => {
      const outside = join(root, 'outside.txt');
      writeFileSync(outside, 'not course content');
      const source = courseCopy('symlink', withVersion('1.1.0'));
      const body = join(source, 'lessons/01-apa-itu-apbdes.md');
      rmSync(body);
      symlinkSync(outside, body);
      expectRefused(
        store.installFolder(source),
        /^symbolic link in course folder: lessons\/01-apa-itu-apbdes\.md$/,
      );
      expectUntouched();
    });

    it('after refusals, a valid newer version still installs', () => {
      store.installFolder(courseCopy('same'));
      const missing = courseCopy('missing', withVersion('1.1.0'));
      rmSync(join(missing, 'lessons/01-apa-itu-apbdes.md'));
      store.installFolder(missing);
      expectUntouched();
      expect(store.installFolder(courseCopy('good', withVersion('1.1.0')))).toMatchObject({
        ok: true,
        replaced: '1.0.0',
      });
    });
  });
});

describe('CourseStore.installBuiltins (signed packages in resources/courses)', () => {
  const repoResources = resolve(dirname(fileURLToPath(import.meta.url)), '../../../resources');
  const trusted = () => devTrust();

  function resourcesWith(...files: { name: string; from?: string; bytes?: string }[]): string {
    const resources = join(root, 'resources');
    mkdirSync(join(resources, 'courses'), { recursive: true });
    for (const f of files) {
      const target = join(resources, 'courses', f.name);
      if (f.from) cpSync(f.from, target);
      if (f.bytes !== undefined) writeFileSync(target, f.bytes);
    }
    return resources;
  }
  const shipped = join(repoResources, 'courses', `${COURSE_ID}.balaicourse`);

  it('installs the shipped course once and skips it on the next start', async () => {
    store = new CourseStore(db, dataDir, new ManualClock(), memoryLogger(), trusted);
    const resources = resourcesWith({ name: `${COURSE_ID}.balaicourse`, from: shipped });
    await store.installBuiltins(resources);
    const first = store.get(COURSE_ID);
    expect(first?.version).toBe('1.0.0');
    // The next start reads only the package's signature.json and does not unpack it again.
    const full = vi.spyOn(store, 'installVerified');
    await store.installBuiltins(resources);
    expect(full).not.toHaveBeenCalled();
    expect(store.get(COURSE_ID)?.installedAt).toBe(first?.installedAt);
  });

  it('logs a broken built-in package and still installs the others', async () => {
    const log = memoryLogger();
    store = new CourseStore(db, dataDir, new ManualClock(), log, trusted);
    const resources = resourcesWith(
      { name: 'aaa-broken.balaicourse', bytes: 'not a zip' },
      { name: `${COURSE_ID}.balaicourse`, from: shipped },
    );
    await store.installBuiltins(resources);
    expect(store.get(COURSE_ID)?.version).toBe('1.0.0');
    expect(
      log.lines.some((l) => l.startsWith('error built-in course refused') && l.includes('aaa-broken')),
    ).toBe(true);
  });

  it('refuses a shipped package when its chain does not reach a trusted root', async () => {
    const log = memoryLogger();
    store = new CourseStore(db, dataDir, new ManualClock(), log, () => devTrust({ roots: [] }));
    await store.installBuiltins(resourcesWith({ name: `${COURSE_ID}.balaicourse`, from: shipped }));
    expect(store.list()).toEqual([]);
    expect(log.lines.some((l) => l.includes('not a trusted root'))).toBe(true);
  });

  it('does nothing when resources has no courses folder', async () => {
    await store.installBuiltins(join(root, 'no-resources'));
    expect(store.list()).toEqual([]);
  });
});
