/**
 * Broken and hostile course packages, each generated here. For every one, installVerified refuses with
 * a clear reason, logs only that refusal, and leaves everything as it was: the installed version's files
 * byte for byte, the courses table, the learners' rows, and no staging folder under <data>/courses.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { CourseStore } from '../../../main/core/courses/store';
import { Db } from '../../../main/core/db/database';
import { sql } from '../../../main/core/db/sql';
import { memoryLogger } from '../../../main/core/log';
import { packCourse } from '../../../main/core/packages/course-package';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import type { Signer } from '../../../main/core/pki/trust';
import { certify, devTrust } from '../../helpers/pki';
import { DEFAULT_LIMITS, type PackageLimits } from '../../../main/core/packages/limits';
import {
  COURSE_ID,
  courseFiles,
  PNG,
  rawZip,
  signatureFor,
  signedItems,
  SVG,
  tree,
  writeFolder,
  yazlZip,
  type CourseFiles,
  type ZipItem,
} from './fixtures';

/** Small enough to keep the entry-count and manifest-size cases fast; everything else as shipped. */
const LIMITS: PackageLimits = { ...DEFAULT_LIMITS, maxEntries: 50, maxManifestBytes: 64 * 1024 };

const key = certify(newPrivateKeyFile('Penerbit Uji'));
const trusted = devTrust();

let shared: string;
/** Packages made by packCourse, the way a publisher makes them. */
const packed: Record<'1.0.0' | '1.1.0', Buffer> = { '1.0.0': Buffer.alloc(0), '1.1.0': Buffer.alloc(0) };

beforeAll(async () => {
  shared = mkdtempSync(join(tmpdir(), 'balai-hostile-src-'));
  for (const version of ['1.0.0', '1.1.0'] as const) {
    const out = join(shared, `${version}.balaicourse`);
    await packCourse(
      writeFolder(join(shared, version), courseFiles(version)),
      key,
      out,
      LIMITS,
      new Date('2026-11-01T00:00:00Z'),
    );
    packed[version] = readFileSync(out);
  }
});

afterAll(() => rmSync(shared, { recursive: true, force: true }));

let root: string;
let dataDir: string;
let db: Db;
let log: ReturnType<typeof memoryLogger>;
let store: CourseStore;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'balai-hostile-'));
  dataDir = join(root, 'data');
  db = Db.open(join(dataDir, 'balai.sqlite'));
  log = memoryLogger();
  store = new CourseStore(db, dataDir, new ManualClock(), log, () => trusted, LIMITS);
});

afterEach(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

let counter = 0;
async function install(bytes: Buffer) {
  const file = join(root, `paket-${++counter}.balaicourse`);
  writeFileSync(file, bytes);
  return store.installVerified(file);
}

/** Installs `version` (1.0.0 unless a case says otherwise) and gives a learner some progress in it. */
async function arrange(version: '1.0.0' | '1.1.0') {
  for (const v of version === '1.1.0' ? (['1.0.0', '1.1.0'] as const) : (['1.0.0'] as const)) {
    const outcome = await install(packed[v]);
    if (!outcome.ok) throw new Error(`setting up ${v}: ${outcome.reason}`);
  }
  const learner = randomUUID();
  const at = '2026-11-01T08:00:00.000+07:00';
  db.run(sql`INSERT INTO accounts (id, full_name, jabatan, created_at, updated_at)
             VALUES (${learner}, 'Siti Aminah', 'kaur_keuangan', ${at}, ${at})`);
  db.run(sql`INSERT INTO registrations (learner_id, course_id, registration, started_at)
             VALUES (${learner}, ${COURSE_ID}, ${randomUUID()}, ${at})`);
  db.run(sql`INSERT INTO lesson_progress (learner_id, course_id, lesson_id, status, position, updated_at, completed_at)
             VALUES (${learner}, ${COURSE_ID}, 'pelajaran-1', 'completed', 100, ${at}, ${at}),
                    (${learner}, ${COURSE_ID}, 'pelajaran-2', 'in_progress', 40, ${at}, NULL)`);
}

/** Everything a refused install must not change. */
function state() {
  return {
    installed: store.get(COURSE_ID)?.version,
    files: tree(join(dataDir, 'courses')),
    courses: db.all(sql`SELECT * FROM courses ORDER BY id`),
    accounts: db.all(sql`SELECT * FROM accounts ORDER BY id`),
    registrations: db.all(sql`SELECT * FROM registrations ORDER BY learner_id`),
    progress: db.all(sql`SELECT * FROM lesson_progress ORDER BY learner_id, lesson_id`),
  };
}

/** A package signed properly over `files`, zipped by yazl. */
const signed = (files: CourseFiles) => yazlZip(signedItems(files, key));
/** The next version with one file replaced (or added), signed properly. */
/** The leading bytes of a WebM (EBML) file: enough for the package check's type test. */
const WEBM = Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d', 'hex');
const v110With = (path: string, data: Buffer | string) =>
  signed({ ...courseFiles('1.1.0'), [path]: Buffer.from(data) });
/** Raw zip: the valid signed 1.1.0 plus one hostile entry. */
const v110PlusRaw = (item: ZipItem) => rawZip([...signedItems(courseFiles('1.1.0'), key), item]);

function withLesson(edit: (lessons: Record<string, unknown>[]) => void) {
  return (m: Record<string, unknown>) =>
    edit((m.modules as { lessons: Record<string, unknown>[] }[])[0]!.lessons);
}

interface HostileCase {
  case: string;
  build: () => Buffer | Promise<Buffer>;
  /** A piece of the reason the refusal must give. */
  reason: string;
  /** The version installed before the case (default 1.0.0). */
  installed?: '1.0.0' | '1.1.0';
}

const cases: HostileCase[] = [
  // --- signature and hashes
  {
    case: 'a tampered file (one byte of a stored image flipped after packing)',
    build: () => {
      const bytes = Buffer.from(packed['1.1.0']);
      const at = bytes.indexOf(PNG);
      if (at < 0) throw new Error('the PNG is stored, so its bytes appear in the zip');
      bytes.writeUInt8(bytes.readUInt8(at + 40) ^ 0xff, at + 40);
      return bytes;
    },
    reason: '"media/foto.png" does not match its signed hash (tampered or damaged)',
  },
  {
    case: 'a tampered manifest (course.json changed after signing)',
    build: () => {
      const files = courseFiles('1.1.0');
      const signature = signatureFor(files, key);
      const tampered = courseFiles('1.1.0', (m) => {
        (m.quizzes as Record<string, unknown>[])[0]!.passMark = 0;
      });
      return yazlZip(signedItems(tampered, key, signature));
    },
    reason: '"course.json" does not match its signed hash',
  },
  {
    case: 'a bad signature (signature bytes changed)',
    build: () => {
      const files = courseFiles('1.1.0');
      const signature = signatureFor(files, key);
      const raw = Buffer.from(signature.signature, 'base64');
      raw.writeUInt8(raw.readUInt8(10) ^ 0x01, 10);
      return yazlZip(signedItems(files, key, { ...signature, signature: raw.toString('base64') }));
    },
    reason: 'bad signature: the document was changed after it was signed',
  },
  {
    case: 'an unknown publisher (a fresh key, not trusted)',
    build: () => {
      const stranger: Signer = { key: newPrivateKeyFile('Penerbit Asing'), chain: [] };
      return yazlZip(
        signedItems(courseFiles('1.1.0'), stranger, signatureFor(courseFiles('1.1.0'), stranger)),
      );
    },
    reason: 'no certificate chain: the signer is not certified',
  },
  {
    case: 'a signature for another kind of document',
    build: () => {
      const files = courseFiles('1.1.0');
      return yazlZip(signedItems(files, key, signatureFor(files, key, { type: 'balai-bundle' })));
    },
    reason: 'signature is for a balai-bundle, not a balai-course',
  },
  {
    case: 'a "__proto__" key riding unsigned inside the signed part (schemas would drop it silently)',
    build: () => {
      const files = courseFiles('1.1.0');
      const text = JSON.stringify(signatureFor(files, key)).replace(
        '"signed":{',
        '"signed":{"__proto__":{"x":1},',
      );
      return yazlZip([...signedItems(files, key, null), { name: 'signature.json', data: Buffer.from(text) }]);
    },
    reason: 'signature.json has a "__proto__" key',
  },
  {
    case: 'a missing signature.json',
    build: () => yazlZip(signedItems(courseFiles('1.1.0'), key, null)),
    reason: 'not signed: signature.json is missing',
  },
  {
    case: 'a file that is signed but absent',
    build: () => {
      const files = courseFiles('1.1.0');
      const signature = signatureFor(files, key);
      delete files['media/foto.png'];
      return yazlZip(signedItems(files, key, signature));
    },
    reason: '"media/foto.png" is signed but missing from the package',
  },
  {
    case: 'an extra file that is not signed',
    build: () => {
      const files = courseFiles('1.1.0');
      const signature = signatureFor(files, key);
      return yazlZip(signedItems({ ...files, 'media/tambahan.png': PNG }, key, signature));
    },
    reason: '"media/tambahan.png" is in the package but not in the signed file list',
  },
  {
    case: 'a wrong hash in the signed list',
    build: () => {
      const files = courseFiles('1.1.0');
      const signature = signatureFor(files, key, {
        list: (l) => l.map((f) => (f.path === 'lessons/02.md' ? { ...f, sha256: '0'.repeat(64) } : f)),
      });
      return yazlZip(signedItems(files, key, signature));
    },
    reason: '"lessons/02.md" does not match its signed hash',
  },
  {
    case: 'a signature for another course id',
    build: () => {
      const files = courseFiles('1.1.0');
      return yazlZip(signedItems(files, key, signatureFor(files, key, { courseId: 'kursus-lain' })));
    },
    reason: 'course id or version differs from what was signed',
  },

  // --- names and entries
  {
    case: 'a path escape "../x"',
    build: () => v110PlusRaw({ name: '../x.md', data: Buffer.from('x') }),
    reason: 'unsafe name: path escape "../x.md"',
  },
  {
    case: 'a path escape "a/../../x"',
    build: () => v110PlusRaw({ name: 'a/../../x.md', data: Buffer.from('x') }),
    reason: 'unsafe name: path escape "a/../../x.md"',
  },
  {
    case: 'an absolute path "/abs"',
    build: () => v110PlusRaw({ name: '/tmp/balai-abs.md', data: Buffer.from('x') }),
    reason: 'unsafe name: absolute path "/tmp/balai-abs.md"',
  },
  {
    case: 'a drive path "C:/x"',
    build: () => v110PlusRaw({ name: 'C:/x.md', data: Buffer.from('x') }),
    reason: 'unsafe name: absolute path "C:/x.md"',
  },
  {
    case: 'backslashes "a\\..\\x"',
    build: () => v110PlusRaw({ name: 'a\\..\\x.md', data: Buffer.from('x') }),
    reason: 'unsafe name: backslash in "a\\..\\x.md"',
  },
  {
    case: 'an odd name "%2e%2e/x"',
    build: () => v110PlusRaw({ name: '%2e%2e/x.md', data: Buffer.from('x') }),
    reason: 'unsafe name: character not allowed in "%2e%2e/x.md"',
  },
  {
    case: 'a reserved Windows name',
    build: () => v110PlusRaw({ name: 'media/con.png', data: PNG }),
    reason: 'unsafe name: reserved Windows name in "media/con.png"',
  },
  {
    case: 'a file name that is not valid UTF-8',
    build: () =>
      v110PlusRaw({ name: Buffer.from([0x6d, 0x65, 0x64, 0x69, 0x61, 0x2f, 0xff, 0xfe]), data: PNG }),
    reason: 'a file name is not valid UTF-8',
  },
  {
    case: 'a symbolic link entry',
    build: () => {
      const files = courseFiles('1.1.0');
      const items = signedItems(files, key).map((item) =>
        item.name === 'lessons/02.md' ? { ...item, mode: 0o120777 } : item,
      );
      return yazlZip(items);
    },
    reason: 'symbolic link "lessons/02.md"',
  },
  {
    case: 'a duplicate name',
    build: () =>
      yazlZip([
        ...signedItems(courseFiles('1.1.0'), key),
        { name: 'lessons/02.md', data: Buffer.from('<b>') },
      ]),
    reason: 'duplicate name "lessons/02.md"',
  },
  {
    case: 'names differing only by case',
    build: () =>
      yazlZip([...signedItems(courseFiles('1.1.0'), key), { name: 'lessons/02.MD', data: Buffer.from('x') }]),
    reason: 'duplicate name "lessons/02.MD"',
  },
  {
    case: 'a file and a folder of the same name',
    build: () => v110PlusRaw({ name: 'lessons/02.md/x.md', data: Buffer.from('x') }),
    reason: '"lessons/02.md" is both a file and a folder',
  },
  {
    case: 'a zip bomb by ratio (50 MB of zeros in one entry)',
    build: () => v110With('media/video.mp4', Buffer.alloc(50 * 1024 ** 2)),
    reason: '"media/video.mp4" is compressed more than 200:1 (zip bomb?)',
  },
  {
    case: 'a zip bomb that lies about its size (50 MB declared as 1 MB)',
    build: () =>
      v110PlusRaw({
        name: 'media/dokumen.pdf',
        data: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(50 * 1024 ** 2)]),
        compress: true,
        declaredSize: 1024 ** 2,
      }),
    reason: 'cannot extract "media/dokumen.pdf"',
  },
  {
    case: 'a zip bomb by entry count (more than maxEntries)',
    build: () => {
      const files = courseFiles('1.1.0');
      for (let i = 0; i < 60; i++) files[`media/gambar-${i}.png`] = PNG;
      return signed(files);
    },
    reason: `more than ${LIMITS.maxEntries} entries`,
  },
  {
    case: 'a stored entry whose sizes disagree',
    build: () => v110PlusRaw({ name: 'media/lagi.png', data: PNG, declaredSize: PNG.length + 1 }),
    reason: 'size mismatch for stored file',
  },

  // --- the manifest
  {
    case: 'a huge manifest (course.json over maxManifestBytes)',
    build: () =>
      signed(
        courseFiles('1.1.0', (m) => {
          m.glossary = Array.from({ length: 200 }, (_, i) => ({
            term: `Istilah ${i}`,
            definition: 'Definisi yang panjang sekali. '.repeat(15),
          }));
        }),
      ),
    reason: 'course.json is too large',
  },
  {
    case: 'a deeply nested manifest (over maxJsonDepth)',
    build: () => {
      const files = courseFiles('1.1.0');
      const text = files['course.json']!.toString('utf8').trimEnd();
      const depth = LIMITS.maxJsonDepth + 8;
      files['course.json'] = Buffer.from(
        `${text.slice(0, -1)}, "x": ${'['.repeat(depth)}${']'.repeat(depth)}}\n`,
      );
      return signed(files);
    },
    reason: 'course.json is nested too deeply',
  },
  {
    case: 'duplicate lesson ids (signed properly)',
    build: () =>
      signed(
        courseFiles(
          '1.1.0',
          withLesson((lessons) => {
            lessons[1]!.id = lessons[0]!.id;
          }),
        ),
      ),
    reason: 'duplicate lesson id pelajaran-1',
  },
  {
    case: 'a lesson path leaving the package in course.json',
    build: () =>
      signed(
        courseFiles(
          '1.1.0',
          withLesson((lessons) => {
            lessons[1]!.body = '../../balai.sqlite';
          }),
        ),
      ),
    reason: 'course.json invalid: modules.0.lessons.1.body',
  },

  // --- content
  {
    case: 'a lesson that is not valid UTF-8',
    build: () => v110With('lessons/02.md', Buffer.from([0x23, 0x20, 0xc3, 0x28, 0xff, 0x0a])),
    reason: 'lessons/02.md is not valid UTF-8',
  },
  {
    case: 'a lesson with <script>',
    build: () => v110With('lessons/02.md', '## Dua\n\n<script>fetch("http://x/")</script>\n'),
    reason: 'raw HTML in lessons/02.md',
  },
  {
    case: 'a lesson with a remote image',
    build: () => v110With('lessons/02.md', '## Dua\n\n![x](https://contoh.example/pelacak.png)\n'),
    reason: 'remote or scheme link "https://contoh.example/pelacak.png" in lessons/02.md',
  },
  {
    case: 'a lesson linking outside the package',
    build: () => v110With('lessons/02.md', '## Dua\n\n[basis data](../../balai.sqlite)\n'),
    reason: '"../../balai.sqlite" in lessons/02.md is not a file of the package',
  },
  {
    case: 'a lesson with a javascript: link (markdown-it would show it as text)',
    build: () => v110With('lessons/02.md', '## Dua\n\n[klik](javascript:alert(1))\n'),
    reason: 'remote or scheme link "javascript:alert(1)" in lessons/02.md',
  },
  {
    case: 'a lesson with an entity-encoded javascript: autolink',
    build: () =>
      v110With('lessons/02.md', '## Dua\n\n<jav&#x61;script:alert(1)>\n\n[x](jav&#x61;script&colon;1)\n'),
    reason: 'remote or scheme link',
  },
  {
    case: 'a lesson with a broken %-escape in a link (threw URIError)',
    build: () => v110With('lessons/02.md', '## Dua\n\n[x](media/%E0%A4%A.png)\n'),
    reason: 'in lessons/02.md is not a valid path (broken %-escape)',
  },
  {
    case: 'captions (.vtt) with no video of the same name',
    build: () => v110With('media/film.vtt', 'WEBVTT\n\n00:00.000 --> 00:02.000\nHalo\n'),
    reason: 'captions media/film.vtt have no video of the same name (.webm or .mp4) beside them',
  },
  {
    case: 'captions beside a video that are not WebVTT',
    build: () =>
      signed({
        ...courseFiles('1.1.0'),
        'media/film.webm': WEBM,
        'media/film.vtt': Buffer.from('1\n00:00:00,000 --> 00:00:02,000\nHalo (SubRip)\n'),
      }),
    reason: 'captions media/film.vtt: does not start with WEBVTT',
  },
  {
    case: 'captions whose cue ends before it starts',
    build: () =>
      signed({
        ...courseFiles('1.1.0'),
        'media/film.webm': WEBM,
        'media/film.vtt': Buffer.from('WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHalo\n'),
      }),
    reason: 'captions media/film.vtt: line 3: the cue ends before it starts',
  },
  {
    case: 'a Markdown file that is not a lesson, with raw HTML',
    build: () => v110With('media/catatan.md', '<script>alert(1)</script>\n'),
    reason: 'raw HTML in media/catatan.md',
  },
  {
    case: 'an SVG animating a link into javascript:',
    build: () =>
      v110With(
        'media/bagan.svg',
        SVG.replace(
          '</svg>',
          '<a href="#"><set attributeName="xlink:href" to="javascript:alert(1)"/></a></svg>',
        ),
      ),
    reason: 'media/bagan.svg: animated link in SVG',
  },
  {
    case: 'an SVG with a javascript: URL in an attribute',
    build: () => v110With('media/bagan.svg', SVG.replace('<rect ', '<rect data-x="javascript:alert(1)" ')),
    reason: 'media/bagan.svg: javascript: URL in SVG',
  },
  {
    case: 'an SVG with a script',
    build: () => v110With('media/bagan.svg', SVG.replace('</svg>', '<script>alert(1)</script></svg>')),
    reason: 'media/bagan.svg: script in SVG',
  },
  {
    case: 'an SVG with onload',
    build: () => v110With('media/bagan.svg', SVG.replace('<svg ', '<svg onload="alert(1)" ')),
    reason: 'media/bagan.svg: event handler attribute in SVG',
  },
  {
    case: 'an SVG with an external href',
    build: () =>
      v110With(
        'media/bagan.svg',
        SVG.replace('</svg>', '<image href="https://contoh.example/x.png"/></svg>'),
      ),
    reason: 'media/bagan.svg: link to outside the SVG',
  },
  {
    case: 'a .png that is not a PNG',
    build: () => v110With('media/foto.png', 'MZ\x90\x00 this is a program, not a picture'),
    reason: 'media/foto.png is not really a .png file',
  },
  {
    case: 'a file type that is not allowed',
    build: () => v110With('media/pasang.exe', 'MZ\x90\x00'),
    reason: 'file type not allowed: media/pasang.exe',
  },

  // --- not a package at all
  {
    case: 'a truncated zip',
    build: () => packed['1.1.0'].subarray(0, Math.floor(packed['1.1.0'].length * 0.6)),
    reason: 'not a readable zip',
  },
  {
    case: 'a file that is not a zip',
    build: () => Buffer.from('Ini bukan paket kursus, hanya teks biasa.\n'),
    reason: 'not a readable zip',
  },
  {
    case: 'an empty file',
    build: () => Buffer.alloc(0),
    reason: 'not a readable zip',
  },

  // --- versions
  {
    case: 'a downgrade (1.0.0 after 1.1.0)',
    installed: '1.1.0',
    build: () => packed['1.0.0'],
    reason: 'version 1.0.0 is not newer than installed 1.1.0',
  },
  {
    case: 'the same version again (1.1.0 after 1.1.0)',
    installed: '1.1.0',
    build: () => packed['1.1.0'],
    reason: 'version 1.1.0 is not newer than installed 1.1.0',
  },
];

describe('installVerified refuses hostile packages and changes nothing', () => {
  it('has at least 25 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it('the builders make packages that install when nothing is wrong with them', async () => {
    await arrange('1.0.0');
    const viaYazl = await install(await signed(courseFiles('1.1.0')));
    expect(viaYazl).toMatchObject({ ok: true, replaced: '1.0.0' });
    const viaRaw = await install(rawZip(signedItems(courseFiles('1.2.0'), key)));
    expect(viaRaw).toMatchObject({ ok: true, replaced: '1.1.0' });
    expect(readdirSync(join(dataDir, 'courses', COURSE_ID))).toEqual(['1.2.0']);
  });

  it.each(cases)('refuses $case', async ({ build, reason, installed = '1.0.0' }) => {
    await arrange(installed);
    const before = state();
    expect(before.installed).toBe(installed);
    const logged = log.lines.length;

    const outcome = await install(await build());

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return; // narrowing: the line above already failed
    expect(outcome.reason).toContain(reason);
    expect(state()).toEqual(before);
    expect(readdirSync(join(dataDir, 'courses')).filter((n) => n.startsWith('.'))).toEqual([]);
    // Only the refusal is logged: one warn line that carries the reason.
    const lines = log.lines.slice(logged);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warn course package refused /);
    expect(lines[0]).toContain(JSON.stringify(outcome.reason).slice(1, -1));
  });

  it('after every refusal, the next valid version still installs', async () => {
    await arrange('1.0.0');
    for (const c of cases.filter((c) => !c.installed))
      expect((await install(await c.build())).ok).toBe(false);
    expect(store.get(COURSE_ID)?.version).toBe('1.0.0');
    expect(await install(packed['1.1.0'])).toMatchObject({ ok: true, replaced: '1.0.0' });
    expect(readdirSync(join(dataDir, 'courses', COURSE_ID))).toEqual(['1.1.0']);
    expect(readdirSync(join(dataDir, 'courses'))).toEqual([COURSE_ID]);
  });
});

describe('built-in packages offered again at start-up', () => {
  it('are skipped without a refusal in the log', async () => {
    await arrange('1.1.0');
    const resources = join(root, 'resources');
    writeFolder(join(resources, 'courses'), { [`${COURSE_ID}.balaicourse`]: packed['1.1.0'] });
    const logged = log.lines.length;
    await store.installBuiltins(resources);
    expect(log.lines.slice(logged)).toEqual([]);
    expect(store.get(COURSE_ID)?.version).toBe('1.1.0');
  });
});
