import { createWriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock';
import { wrapCmi5 } from '../../../main/core/content/cmi5/wrap';
import type { WrapOptions } from '../../../main/core/content/scorm/wrap';
import { wrapTincan } from '../../../main/core/content/xapi/wrap';
import { CourseStore } from '../../../main/core/courses/store';
import { Db } from '../../../main/core/db/database';
import { silentLogger } from '../../../main/core/log';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { useTempDirs } from '../../helpers/core';
import { externalPackages } from '../../helpers/external-content';
import { certify, devTrust } from '../../helpers/pki';

const temp = useTempDirs('balai-au-wrap-');
const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));
const options = (out: string, extra: Partial<WrapOptions> = {}): WrapOptions => ({
  signer,
  out,
  limits: DEFAULT_LIMITS,
  now: new Date('2026-12-08T00:00:00Z'),
  ...extra,
});

function store(dir: string) {
  const db = Db.open(join(dir, 'data', 'balai.sqlite'));
  return {
    db,
    store: new CourseStore(db, join(dir, 'data'), new ManualClock(), silentLogger, () => devTrust()),
  };
}

async function zipOf(file: string, files: Record<string, string>) {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return file;
}

const CMI5_XML = (au: string) => `<?xml version="1.0"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://contoh.id/kursus"><title><langstring lang="id-ID">Kursus Uji</langstring></title></course>
  ${au}
</courseStructure>`;

describe('balai course wrap: cmi5 and Tin Can packages', () => {
  it('wraps and installs every cmi5 package of the corpus with its blocks, moveOn, masteryScore and launchMethod', async () => {
    const dir = temp();
    const { db, store: courses } = store(dir);
    const packages = externalPackages('cmi5');
    expect(packages.map((p) => basename(p))).toEqual([
      'catapult_masteryscore_framed.zip',
      'catapult_multi_au_framed.zip',
      'catapult_pre_post_test_framed.zip',
      'catapult_single_au_basic_responsive.zip',
    ]);
    const lessonsOf: Record<string, number> = {};
    for (const file of packages) {
      const out = join(dir, `${basename(file, '.zip')}.balaicourse`);
      const wrapped = await wrapCmi5(file, options(out));
      if (!wrapped.ok) throw new Error(`${basename(file)}: ${wrapped.reason}`);
      const installed = await courses.installVerified(out);
      if (!installed.ok) throw new Error(`${basename(file)}: ${installed.reason}`);
      const manifest = installed.course.manifest;
      expect(manifest.content?.type).toBe('cmi5');
      lessonsOf[basename(file)] = manifest.modules.flatMap((m) => m.lessons).length;
      for (const lesson of manifest.modules.flatMap((m) => m.lessons)) {
        expect(lesson.au?.launch).toMatch(/^cmi5\//);
        expect(lesson.au?.moveOn).toBeDefined();
      }
    }
    expect(lessonsOf).toEqual({
      'catapult_masteryscore_framed.zip': 1,
      'catapult_multi_au_framed.zip': 8,
      'catapult_pre_post_test_framed.zip': 6,
      'catapult_single_au_basic_responsive.zip': 1,
    });
    const mastery = courses.get('geology-intro-single-au-mastery-score-framed')!.manifest;
    expect(mastery.modules[0]!.lessons[0]!.au).toMatchObject({
      masteryScore: 0.3,
      launchMethod: 'OwnWindow',
      moveOn: 'CompletedOrPassed',
      launch: 'cmi5/index.html',
    });
    const prePost = courses.get('geology-intro-preposttest')!.manifest;
    expect(prePost.content).toMatchObject({
      type: 'cmi5',
      courseIri: 'https://w3id.org/xapi/cmi5/catapult/lts/course/geology-intro-preposttest',
      blocks: [
        {
          module: 'block1',
          iri: 'https://w3id.org/xapi/cmi5/catapult/lts/course/geology-intro-preposttest/block1',
        },
        {
          module: 'block2',
          iri: 'https://w3id.org/xapi/cmi5/catapult/lts/course/geology-intro-preposttest/block2',
        },
      ],
    });
    expect(prePost.modules[0]!.lessons.map((l) => [l.id, l.au?.moveOn, l.au?.launch, l.au?.query])).toEqual([
      ['block1-pre', 'Passed', 'cmi5/pre1.html', ''],
      ['block1-content', 'CompletedOrPassed', 'cmi5/index.html', 'pages=1'],
      ['block1-post', 'Passed', 'cmi5/post1.html', ''],
    ]);
    db.close();
  }, 120_000);

  it('marks a pretest and a posttest AU by their ids, and refuses an id that is not an AU', async () => {
    const dir = temp();
    const [prePost] = externalPackages('cmi5').filter((f) => f.includes('pre_post'));
    const base = 'https://w3id.org/xapi/cmi5/catapult/lts/course/geology-intro-preposttest/block1';
    const wrapped = await wrapCmi5(
      prePost!,
      options(join(dir, 'pp.balaicourse'), { pretest: `${base}/pre`, posttest: `${base}/post` }),
    );
    if (!wrapped.ok) throw new Error(wrapped.reason);
    const lessons = wrapped.manifest.modules[0]!.lessons;
    expect(lessons.map((l) => l.au?.assessment)).toEqual(['pre', undefined, 'post']);
    const wrong = await wrapCmi5(prePost!, options(join(dir, 'x.balaicourse'), { pretest: `${base}/nope` }));
    expect(wrong).toMatchObject({ ok: false, code: 'bad_option' });
  });

  it('wraps and installs the Tin Can package of the corpus', async () => {
    const dir = temp();
    const { db, store: courses } = store(dir);
    const [tincan] = externalPackages('tincan');
    const out = join(dir, 'tincan.balaicourse');
    const wrapped = await wrapTincan(tincan!, options(out));
    if (!wrapped.ok) throw new Error(wrapped.reason);
    const installed = await courses.installVerified(out);
    if (!installed.ok) throw new Error(installed.reason);
    expect(installed.course.manifest).toMatchObject({
      id: 'basic-course',
      title: 'Basic xAPI Course',
      content: { type: 'xapi', manifest: 'xapi/tincan.xml' },
      modules: [
        {
          lessons: [
            {
              title: 'Basic xAPI Course',
              au: { activityId: 'http://example.com/activities/basic-course', launch: 'xapi/index.html' },
            },
          ],
        },
      ],
    });
    db.close();
  });

  it('refuses malformed, incomplete and internet-launched packages with their reasons', async () => {
    const dir = temp();
    const cases: [string, Record<string, string>, string, RegExp][] = [
      ['broken', { 'cmi5.xml': '<courseStructure><course', 'a.html': '' }, 'malformed', /malformed/],
      [
        'missing',
        {
          'cmi5.xml': CMI5_XML(
            '<au id="https://contoh.id/au/1"><title><langstring>A</langstring></title><url>hilang.html</url></au>',
          ),
        },
        'missing_files',
        /hilang\.html/,
      ],
      [
        'remote',
        {
          'cmi5.xml': CMI5_XML(
            '<au id="https://contoh.id/au/1"><title><langstring>A</langstring></title><url>https://lms.example/au</url></au>',
          ),
        },
        'needs_internet',
        /lms\.example/,
      ],
      [
        'twice',
        {
          'cmi5.xml': CMI5_XML(
            '<au id="https://contoh.id/au/1"><url>a.html</url></au><au id="https://contoh.id/au/1"><url>a.html</url></au>',
          ),
          'a.html': '',
        },
        'malformed',
        /twice/,
      ],
      [
        'mastery',
        {
          'cmi5.xml': CMI5_XML('<au id="https://contoh.id/au/1" masteryScore="80"><url>a.html</url></au>'),
          'a.html': '',
        },
        'malformed',
        /masteryScore 80/,
      ],
      ['none', { 'index.html': '' }, 'no_manifest', /no cmi5\.xml/],
    ];
    for (const [name, files, code, reason] of cases) {
      const zip = await zipOf(join(dir, `${name}.zip`), files);
      const outcome = await wrapCmi5(zip, options(join(dir, `${name}.balaicourse`)));
      expect(outcome, name).toMatchObject({ ok: false, code });
      expect(outcome.ok ? '' : outcome.reason, name).toMatch(reason);
    }
  });
});
