import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { libraryStore } from '../../../main/core/content/h5p/libraries';
import { wrapH5p, type H5pWrapOptions } from '../../../main/core/content/h5p/wrap';
import { CourseStore } from '../../../main/core/courses/store';
import { Db } from '../../../main/core/db/database';
import { silentLogger } from '../../../main/core/log';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { useTempDirs } from '../../helpers/core';
import { externalFiles, externalPackage } from '../../helpers/external-content';
import { SCRIPTED_SVG, writeH5p } from '../../helpers/h5p-fixtures';
import { certify, devTrust } from '../../helpers/pki';

const temp = useTempDirs('balai-h5p-wrap-');
const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));

function store(dir: string) {
  const db = Db.open(join(dir, 'data', 'balai.sqlite'));
  return {
    db,
    dataDir: join(dir, 'data'),
    courses: new CourseStore(db, join(dir, 'data'), new ManualClock(), silentLogger, () => devTrust()),
  };
}

const wrap = (file: string, out: string, extra: Partial<H5pWrapOptions> = {}) =>
  wrapH5p(file, { signer, out, limits: DEFAULT_LIMITS, now: new Date('2026-12-08T00:00:00Z'), ...extra });

/**
 * What each corpus package becomes. A package added to the corpus without a line here fails the test.
 * The two with a remote video (Interactive Video, and Course Presentation, which embeds one) wrap only with
 * --allow-remote, which records that they degrade offline.
 */
const CORPUS: Record<string, { ok: true; remote?: true } | { ok: false; code: string; reason: RegExp }> = {
  'H5P.CoursePresentation': { ok: true, remote: true },
  'H5P.InteractiveVideo': { ok: true, remote: true },
  'H5P.MultiChoice': { ok: true },
  'H5P.QuestionSet': { ok: true },
  'h5p-standalone_TrueFalse_hello-world': { ok: true },
  'invalid-h5p-json-no-mainLibrary': {
    ok: false,
    code: 'malformed',
    reason: /^h5p\.json invalid: mainLibrary/,
  },
  'xss-svg_Blanks': {
    ok: false,
    code: 'unsafe_svg',
    reason: /^"content\/images\/xss\.svg" is refused: it holds a <script> element$/,
  },
};

describe('balai course wrap: H5P packages into signed courses', () => {
  it('wraps and installs every H5P package of the corpus, or refuses it with its named reason', async () => {
    const dir = temp();
    const { db, courses } = store(dir);
    try {
      const files = externalFiles('h5p', '.h5p');
      expect(files.map((f) => basename(f, '.h5p')).sort()).toEqual(Object.keys(CORPUS).sort());
      for (const file of files) {
        const name = basename(file, '.h5p');
        const expected = CORPUS[name]!;
        const out = join(dir, `${name}.balaicourse`);
        if (!expected.ok) {
          const outcome = await wrap(file, out, { allowRemote: true });
          expect(outcome).toMatchObject({ ok: false, code: expected.code });
          expect(outcome.ok ? '' : outcome.reason).toMatch(expected.reason);
          expect(existsSync(out)).toBe(false);
          continue;
        }
        if (expected.remote) {
          const offline = await wrap(file, out);
          expect(offline).toMatchObject({ ok: false, code: 'needs_internet' });
          expect(offline.ok ? '' : offline.reason).toContain(
            'https://h5p.org/sites/default/files/h5p/iv.mp4',
          );
        }
        const outcome = await wrap(file, out, { allowRemote: expected.remote ?? false });
        expect(outcome.ok, outcome.ok ? '' : `${name}: ${outcome.reason}`).toBe(true);
        if (!outcome.ok) continue;
        const installed = await courses.installVerified(out);
        expect(installed.ok, installed.ok ? '' : `${name}: ${installed.reason}`).toBe(true);
        if (!installed.ok) continue;
        const content = installed.course.manifest.content;
        expect(content).toMatchObject({ type: 'h5p', degradesOffline: expected.remote ?? false });
        // The course folder keeps the activity, not the libraries: those are the kiosk's, once.
        expect(existsSync(join(installed.course.dir, 'h5p', 'h5p.json'))).toBe(true);
        expect(existsSync(join(installed.course.dir, 'h5p', 'libraries'))).toBe(false);
        if (content?.type !== 'h5p') continue;
        for (const l of content.libraries)
          expect(existsSync(join(libraryStore(join(dir, 'data')), l.name, 'library.json'))).toBe(true);
      }
      expect(courses.list()).toHaveLength(5);
    } finally {
      db.close();
    }
  }, 180_000);

  it('keeps one copy of each library for all courses, and drops it only when no course needs it', async () => {
    const dir = temp();
    const { db, courses, dataDir } = store(dir);
    try {
      for (const name of ['H5P.MultiChoice', 'H5P.QuestionSet']) {
        const out = join(dir, `${name}.balaicourse`);
        expect((await wrap(externalPackage('h5p', `${name}.h5p`), out)).ok).toBe(true);
        expect((await courses.installVerified(out)).ok).toBe(true);
      }
      const store_ = libraryStore(dataDir);
      const stored = readdirSync(store_);
      // Both ship H5P.MultiChoice-1.14 and its dependencies: stored once, under the folder name only.
      expect(stored.filter((n) => n.startsWith('H5P.MultiChoice'))).toEqual(['H5P.MultiChoice-1.14']);
      expect(stored).toContain('H5P.QuestionSet-1.17');
      const multi = courses
        .list()
        .find((c) => c.manifest.content?.type === 'h5p' && c.id.includes('multiple'))!;
      const quiz = courses.list().find((c) => c.id !== multi.id)!;
      // Removing the Multiple Choice course keeps what the Question Set still needs.
      courses.remove(multi.id);
      expect(readdirSync(store_)).toEqual(stored);
      courses.remove(quiz.id);
      expect(readdirSync(store_)).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('refuses an activity whose libraries are missing, naming them', async () => {
    const dir = temp();
    const file = await writeH5p(join(dir, 'tanpa-pustaka.h5p'), (files) => {
      for (const name of [...files.keys()])
        if (name.startsWith('H5P.JoubelUI-1.3/') || name.startsWith('Tether-1.0/')) files.delete(name);
    });
    const outcome = await wrap(file, join(dir, 'x.balaicourse'));
    expect(outcome).toMatchObject({
      ok: false,
      code: 'missing_libraries',
      reason: 'libraries the activity needs are missing: H5P.JoubelUI-1.3, Tether-1.0',
    });
  });

  it('refuses path escapes, files H5P does not allow, and scripted SVGs anywhere in the package', async () => {
    const dir = temp();
    const cases: [string, (files: Map<string, Buffer>) => void, string, RegExp][] = [
      ['escape', (f) => f.set('../../evil.js', Buffer.from('x')), 'outside_package', /path escape/],
      [
        'library-escape',
        (f) => {
          const json = JSON.parse(f.get('H5P.TrueFalse-1.6/library.json')!.toString()) as {
            preloadedJs: { path: string }[];
          };
          json.preloadedJs.push({ path: '../../../../balai.sqlite' });
          f.set('H5P.TrueFalse-1.6/library.json', Buffer.from(JSON.stringify(json)));
        },
        'outside_package',
        /H5P\.TrueFalse-1\.6\/library\.json names a path outside the library: \.\.\/\.\.\/\.\.\/\.\.\/balai\.sqlite/,
      ],
      ['exe', (f) => f.set('content/setup.exe', Buffer.from('MZ')), 'disallowed_file', /content\/setup\.exe/],
      [
        'html',
        (f) => f.set('content/page.html', Buffer.from('<p>')),
        'disallowed_file',
        /content\/page\.html/,
      ],
      [
        'svg-in-library',
        (f) => f.set('H5P.TrueFalse-1.6/ikon.svg', Buffer.from(SCRIPTED_SVG)),
        'unsafe_svg',
        /"H5P\.TrueFalse-1\.6\/ikon\.svg" is refused: it holds a <script> element/,
      ],
      [
        'svg-onload',
        (f) =>
          f.set(
            'content/images/a.svg',
            Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
          ),
        'unsafe_svg',
        /event attribute/,
      ],
      [
        'svg-remote',
        (f) =>
          f.set(
            'content/images/b.svg',
            Buffer.from(
              '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://contoh.id/x.png"/></svg>',
            ),
          ),
        'unsafe_svg',
        /links to "https:\/\/contoh\.id\/x\.png"/,
      ],
      [
        'bad-library-json',
        (f) => f.set('H5P.TrueFalse-1.6/library.json', Buffer.from('{"title":"x"}')),
        'malformed',
        /H5P\.TrueFalse-1\.6\/library\.json invalid: machineName/,
      ],
    ];
    for (const [name, edit, code, reason] of cases) {
      const outcome = await wrap(
        await writeH5p(join(dir, `${name}.h5p`), edit),
        join(dir, `${name}.balaicourse`),
      );
      expect(outcome, name).toMatchObject({ ok: false, code });
      expect(outcome.ok ? '' : outcome.reason, name).toMatch(reason);
      expect(existsSync(join(dir, `${name}.balaicourse`))).toBe(false);
    }
  });
});
