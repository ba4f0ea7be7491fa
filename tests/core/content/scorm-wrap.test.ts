import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import yazl from 'yazl';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { leaves, parseManifest } from '../../../main/core/content/scorm/manifest';
import { storedRequestPath } from '../../../main/core/content/scorm/bridge';
import { SCORM_ROOT, storedPath } from '../../../main/core/content/scorm/package';
import { serveFile } from '../../../main/core/files/serve';
import { wrapScorm, type WrapOptions } from '../../../main/core/content/scorm/wrap';
import { CourseStore } from '../../../main/core/courses/store';
import { Db } from '../../../main/core/db/database';
import { silentLogger } from '../../../main/core/log';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { ctsManifests, externalPackages } from '../../helpers/external-content';
import { useTempDirs } from '../../helpers/core';
import { certify, devTrust } from '../../helpers/pki';

const temp = useTempDirs('balai-scorm-wrap-');
const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));

function store(dir: string) {
  const db = Db.open(join(dir, 'data', 'balai.sqlite'));
  return {
    db,
    store: new CourseStore(db, join(dir, 'data'), new ManualClock(), silentLogger, () => devTrust()),
  };
}

/** What the SCO origin answers for `path` in an installed course (the bridge's mapping and file serving). */
async function serveSco(courseDir: string, path: string) {
  const stored = storedRequestPath(path);
  if (stored === null) return { status: 400, body: '' };
  const response = serveFile(join(courseDir, SCORM_ROOT), stored, new Request(`http://sco.localhost${path}`));
  return { status: response.status, body: await response.text() };
}

const wrap = (file: string, out: string, extra: Partial<WrapOptions> = {}) =>
  wrapScorm(file, { signer, out, limits: DEFAULT_LIMITS, now: new Date('2026-12-08T00:00:00Z'), ...extra });

/** A small SCORM 1.2 zip made here: `files` by name, and a manifest naming `launch` and `listed`. */
async function scormZip(
  file: string,
  files: Record<string, string>,
  manifest: { launch: string; listed?: string[]; schemaversion?: string },
) {
  const zip = new yazl.ZipFile();
  const fileTags = (manifest.listed ?? Object.keys(files)).map((f) => `<file href="${f}"/>`).join('');
  zip.addBuffer(
    Buffer.from(`<?xml version="1.0"?>
<manifest identifier="uji.paket" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
 <metadata><schema>ADL SCORM</schema><schemaversion>${manifest.schemaversion ?? '1.2'}</schemaversion></metadata>
 <organizations default="org"><organization identifier="org"><title>Paket Uji</title>
  <item identifier="Item One" identifierref="r1"><title>Satu</title></item></organization></organizations>
 <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="${manifest.launch}">${fileTags}</resource></resources>
</manifest>`),
    'imsmanifest.xml',
  );
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return file;
}

describe('balai course wrap: SCORM packages into signed courses', () => {
  it('wraps and installs every package of the corpus; MalformedXml is refused with its reason', async () => {
    const dir = temp();
    const { db, store: courses } = store(dir);
    const seen: string[] = [];
    try {
      for (const file of [...externalPackages('scorm12'), ...externalPackages('scorm2004')]) {
        const name = basename(file, '.zip');
        if (name === 'ADL-CTS-4thEd-manifests') continue; // manifests only, no SCOs (next test)
        const out = join(dir, `${name}.balaicourse`);
        const outcome = await wrap(file, out, { allowRemote: /4thEd/.test(name) });
        if (name.startsWith('MalformedXml')) {
          expect(outcome).toMatchObject({ ok: false, code: 'malformed' });
          expect(outcome.ok || outcome.reason).toMatch(
            /malformed imsmanifest\.xml: Expected closing tag 'item'/,
          );
          continue;
        }
        expect(outcome.ok, outcome.ok ? '' : `${name}: ${outcome.reason}`).toBe(true);
        if (!outcome.ok) continue;
        const installed = await courses.installVerified(out);
        expect(installed.ok, installed.ok ? '' : `${name}: ${installed.reason}`).toBe(true);
        const lessons = outcome.manifest.modules.flatMap((m) => m.lessons);
        expect(lessons.length).toBe(leaves(outcome.scorm.root).length);
        expect(outcome.manifest.title).toBe(outcome.scorm.title);
        expect(lessons.every((l) => l.sco && l.title)).toBe(true);
        seen.push(name);
      }
      expect(seen.length).toBe(9);
      // Titles and the hierarchy are kept: 18 SCOs of the one-file-per-SCO package, grouped under its items.
      const multi = courses.list().find((c) => c.id.includes('multioscosinglefile'))!;
      expect(multi.manifest.modules.flatMap((m) => m.lessons)).toHaveLength(18);
      expect(multi.manifest.modules.map((m) => m.title)).toContain('Playing the Game');
    } finally {
      db.close();
    }
  });

  it('refuses the 4th edition golf package without --allow-remote and lists its CDN scripts', async () => {
    const dir = temp();
    const [file] = externalPackages('scorm2004').filter((f) => f.includes('PostTestRollup4thEd'));
    const refused = await wrap(file!, join(dir, 'x.balaicourse'));
    expect(refused).toMatchObject({ ok: false, code: 'needs_internet' });
    expect(refused.ok || refused.reason).toMatch(/ajax\.googleapis\.com\/ajax\/libs\/jquery/);
    const allowed = await wrap(file!, join(dir, 'x.balaicourse'), { allowRemote: true });
    expect(allowed.ok && allowed.manifest.content).toMatchObject({
      degradesOffline: true,
      edition: '2004-4',
    });
    expect(allowed.ok && allowed.manifest.content?.remote.map((r) => r.url)).toContain(
      'https://ajax.googleapis.com/ajax/libs/jquery/1.4.3/jquery.min.js',
    );
  });

  it('parses every one of the 189 ADL CTS manifests into an activity tree', async () => {
    let parsed = 0;
    for await (const { name, xml } of ctsManifests()) {
      const outcome = parseManifest(xml);
      expect(outcome.ok, `${name}: ${outcome.ok ? '' : outcome.reason}`).toBe(true);
      if (outcome.ok) {
        expect(outcome.manifest.edition, name).toMatch(/^2004-/);
        expect(leaves(outcome.manifest.root).length, name).toBeGreaterThan(0);
      }
      parsed++;
    }
    expect(parsed).toBe(189);
  });

  it('keeps the sequencing of the manifest on the activities (pretest attempt limit, rollup rules)', async () => {
    const [file] = externalPackages('scorm2004').filter((f) => f.includes('PreOrPostTest'));
    const out = await wrap(file!, join(temp(), 'p.balaicourse'));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const pretest = leaves(out.scorm.root).find((a) => a.identifier === 'pretest_item')!;
    expect(pretest.sequencing?.attemptLimit).toBe(1);
    expect(pretest.sequencing?.preConditionRules.map((r) => r.action)).toEqual(['disabled', 'disabled']);
    expect(out.scorm.root.children[0]!.sequencing?.rollupRules.length).toBeGreaterThan(0);
  });

  it('maps real-world names safely: spaces, backslashes, non-ASCII and underscores', async () => {
    const dir = temp();
    const file = await scormZip(
      join(dir, 'names.zip'),
      {
        'Isi Kursus/mulai halaman.html': '<html><img src="gambar\\peta_desa.png"></html>',
        'Isi Kursus\\gambar\\peta_desa.png': 'png',
        'Isi Kursus/café.js': '1',
      },
      {
        launch: 'Isi Kursus/mulai halaman.html',
        listed: ['Isi Kursus/mulai halaman.html', 'Isi Kursus/gambar/peta_desa.png', 'Isi Kursus/café.js'],
      },
    );
    const out = await wrap(file, join(dir, 'n.balaicourse'));
    expect(out.ok, out.ok ? '' : out.reason).toBe(true);
    if (!out.ok) return;
    const lesson = out.manifest.modules[0]!.lessons[0]!;
    expect(lesson.sco?.launch).toBe('scorm/Isi_20Kursus/mulai_20halaman.html');
    expect(storedPath('Isi Kursus/gambar/peta_desa.png')).toBe('scorm/Isi_20Kursus/gambar/peta_5fdesa.png');
    expect(storedPath('Isi Kursus/café.js')).toBe('scorm/Isi_20Kursus/caf_c3_a9.js');
    expect(lesson.id).toBe('item-one');
    const { db, store: courses } = store(dir);
    try {
      const installed = await courses.installVerified(join(dir, 'n.balaicourse'));
      expect(installed.ok, installed.ok ? '' : installed.reason).toBe(true);
      if (installed.ok)
        expect(
          readFileSync(
            join(installed.course.dir, 'scorm', 'Isi_20Kursus', 'gambar', 'peta_5fdesa.png'),
            'utf8',
          ),
        ).toBe('png');
    } finally {
      db.close();
    }
  });

  it('a zip64 package of thousands of entries, named with spaces, backslashes and non-ASCII, wraps, installs and plays by its own names', async () => {
    const dir = temp();
    const file = join(dir, 'besar.zip');
    const zip = new yazl.ZipFile();
    const zip64 = { forceZip64Format: true };
    // Windows zippers write backslashes; authors name files in Indonesian, with spaces and accents.
    const names = Array.from({ length: 4_500 }, (_, i) =>
      i % 3 === 0
        ? `Materi Desa\\bab ${Math.floor(i / 100)}\\halaman ${i}.html`
        : i % 3 === 1
          ? `Materi Desa/gambar/peta_${i} café.svg`
          : `Materi Desa/suara/ucapan ${i} ñ ü 日本.txt`,
    );
    const manifest = `<?xml version="1.0"?>
<manifest identifier="uji.besar" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
 <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
 <organizations default="org"><organization identifier="org"><title>Paket Besar</title>
  <item identifier="mulai" identifierref="r1"><title>Mulai</title></item></organization></organizations>
 <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="Materi Desa/Mulai Di Sini – café.html"><file href="Materi Desa/Mulai Di Sini – café.html"/></resource></resources>
</manifest>`;
    zip.addBuffer(Buffer.from(manifest), 'imsmanifest.xml', zip64);
    zip.addBuffer(Buffer.from('<html>mulai</html>'), 'Materi Desa\\Mulai Di Sini – café.html', zip64);
    names.forEach((name, i) => zip.addBuffer(Buffer.from(`isi ${i}`), name, zip64));
    zip.end({ ...zip64, comment: '' });
    await pipeline(zip.outputStream, createWriteStream(file));
    // It really is zip64: the zip64 end-of-central-directory record is there.
    expect(readFileSync(file).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);

    const out = await wrap(file, join(dir, 'besar.balaicourse'));
    expect(out.ok, out.ok ? '' : out.reason).toBe(true);
    if (!out.ok) return;
    const lesson = out.manifest.modules[0]!.lessons[0]!;
    expect(lesson.sco?.launch).toBe(storedPath('Materi Desa/Mulai Di Sini – café.html'));
    const { db, store: courses } = store(dir);
    try {
      const installed = await courses.installVerified(join(dir, 'besar.balaicourse'));
      expect(installed.ok, installed.ok ? '' : installed.reason).toBe(true);
      if (!installed.ok) return;
      // Every entry is stored under a safe name, and the SCO origin finds each by the name its pages use.
      for (const i of [0, 1, 2, 2_999, 4_499]) {
        const original = names[i]!.replace(/\\/g, '/');
        const stored = storedPath(original);
        expect(stored).toMatch(/^scorm\/[A-Za-z0-9._/-]+$/);
        expect(readFileSync(join(installed.course.dir, ...stored.split('/')), 'utf8')).toBe(`isi ${i}`);
        const served = await serveSco(
          installed.course.dir,
          `/${original.split('/').map(encodeURIComponent).join('/')}`,
        );
        expect(served).toEqual({ status: 200, body: `isi ${i}` });
      }
    } finally {
      db.close();
    }
  }, 180_000);

  it('refuses a package past the entry limit with a named reason', async () => {
    const dir = temp();
    const files = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`f ${i}.txt`, String(i)]));
    const file = await scormZip(
      join(dir, 'banyak.zip'),
      { 'a.html': '<html></html>', ...files },
      { launch: 'a.html' },
    );
    const refused = await wrap(file, join(dir, 'x.balaicourse'), {
      limits: { ...DEFAULT_LIMITS, maxEntries: 50 },
    });
    expect(refused).toMatchObject({ ok: false, code: 'too_large' });
    expect(refused.ok || refused.reason).toMatch(/more than 50 entries \(62\)/);
  });

  it('refuses with named reasons: missing files, references outside, unsupported schema, not SCORM', async () => {
    const dir = temp();
    const cases: [string, Parameters<typeof scormZip>[1], Parameters<typeof scormZip>[2], string][] = [
      ['missing', { 'a.html': 'x' }, { launch: 'a.html', listed: ['a.html', 'b.js'] }, 'missing_files'],
      ['outside', { 'a.html': 'x' }, { launch: '../../etc/passwd', listed: [] }, 'outside_package'],
      ['url', { 'a.html': 'x' }, { launch: 'https://example.com/sco.html', listed: [] }, 'outside_package'],
      ['schema', { 'a.html': 'x' }, { launch: 'a.html', schemaversion: '1.1' }, 'unsupported_schema'],
      ['launchless', { 'a.html': 'x' }, { launch: 'nope.html', listed: ['a.html'] }, 'missing_files'],
    ];
    for (const [name, files, manifest, code] of cases) {
      const out = await wrap(
        await scormZip(join(dir, `${name}.zip`), files, manifest),
        join(dir, `${name}.balaicourse`),
      );
      expect(out, name).toMatchObject({ ok: false, code });
    }
    const plain = new yazl.ZipFile();
    plain.addBuffer(Buffer.from('hi'), 'index.html');
    plain.end();
    await pipeline(plain.outputStream, createWriteStream(join(dir, 'plain.zip')));
    expect(await wrap(join(dir, 'plain.zip'), join(dir, 'plain.balaicourse'))).toMatchObject({
      ok: false,
      code: 'no_manifest',
    });
  });

  it('a kiosk names a raw SCORM zip and tells who wraps it', async () => {
    const dir = temp();
    const { db, store: courses } = store(dir);
    try {
      for (const file of externalPackages('scorm2004').filter((f) => f.includes('ForcedSequential'))) {
        const outcome = await courses.installVerified(file);
        expect(outcome.ok).toBe(false);
        if (outcome.ok) continue;
        expect(outcome.reason).toMatch(/paket SCORM 2004 yang belum ditandatangani/);
        expect(outcome.raw?.indonesian).toMatch(/minta tim kabupaten membungkusnya/);
      }
      expect(courses.list()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
