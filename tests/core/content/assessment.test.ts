import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBundle, folderTarget } from '../../../main/core/bundles/export';
import { handleScoRequest } from '../../../main/core/content/scorm/bridge';
import { wrapScorm } from '../../../main/core/content/scorm/wrap';
import { sql } from '../../../main/core/db/sql';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { villageReport } from '../../../main/core/reports/village';
import { setUpVillage, useTempDirs, type Village } from '../../helpers/core';
import { openHub } from '../../helpers/hub-core';
import { certify } from '../../helpers/pki';
import { quizScoHtml, readingScoHtml, writeScorm12 } from '../../helpers/scorm-package';

/**
 * SCOs the wrapper marked as pretest and posttest count like native quizzes: the kiosk's results (gain),
 * the certificate, the village report, and the hub's report from the bundle's statements. Commits go
 * through the real SCO bridge, as the launcher's scorm-again sends them.
 */
const temp = useTempDirs('balai-scorm-assess-');
const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));
const COURSE = 'uji.scorm.tes';
const ORIGIN = (token: string) => `http://${token}.localhost:1`;
const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((o) => o.close()));

async function scormVillage(dir: string): Promise<Village & { lessons: string[] }> {
  const zip = await writeScorm12(
    join(dir, 'tes.zip'),
    [
      { item: 'pre', title: 'Tes Awal', launch: 'pre.html', html: quizScoHtml() },
      { item: 'bacaan', title: 'Bacaan', launch: 'bacaan.html', html: readingScoHtml() },
      { item: 'post', title: 'Tes Akhir', launch: 'post.html', html: quizScoHtml() },
    ],
    {},
    { identifier: COURSE },
  );
  const out = join(dir, 'tes.balaicourse');
  const wrapped = await wrapScorm(zip, {
    signer,
    out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
    pretest: 'pre',
    posttest: 'post',
  });
  if (!wrapped.ok) throw new Error(wrapped.reason);
  const village = await setUpVillage(join(dir, 'data'));
  open.push(village);
  const installed = await village.core.services.courses.installVerified(out);
  if (!installed.ok) throw new Error(installed.reason);
  village.core.services.scorm.serveOrigins(ORIGIN);
  const lessons = installed.course.manifest.modules.flatMap((m) => m.lessons.map((l) => l.id));
  return { ...village, lessons };
}

/** Opens a SCO for the learner and sends one commit (terminating), as the launcher would. */
async function session(v: Village, token: string, lessonId: string, core: Record<string, unknown>) {
  const { launch } = await v.must(token, 'scorm.launch', { courseId: COURSE, lessonId });
  const sco = new URL(launch.url).hostname.split('.')[0]!;
  const response = await handleScoRequest(
    v.core.services,
    sco,
    new Request(`${ORIGIN(sco)}/_balai/commit?terminate=true`, {
      method: 'POST',
      body: JSON.stringify({ cmi: { core: { exit: '', ...core } } }),
    }),
    'http://127.0.0.1:1',
  );
  expect(await response.json()).toEqual({ result: true, errorCode: 0 });
}

const scored = (raw: number, status: string) => ({
  lesson_status: status,
  score: { raw: String(raw), min: '0', max: '100' },
});

describe('SCORM pretest and posttest count like quizzes', () => {
  it('gives the gain, issues the certificate once the posttest is passed and every lesson done, and the village report shows it', async () => {
    const v = await scormVillage(temp());
    const [pre, reading, post] = v.lessons as [string, string, string];
    const siti = await v.addLearner('Siti Aminah', '246801');
    const token = await v.loginAs(siti, '246801');

    await session(v, token, pre, scored(40, 'failed'));
    let { results } = await v.must(token, 'results.mine', {});
    let course = results.find((r) => r.courseId === COURSE)!;
    expect(course).toMatchObject({ pretestScore: 40, posttestScore: null, gain: null, completed: false });
    expect(course.quizzes).toEqual([
      expect.objectContaining({ id: pre, kind: 'pre', title: 'Tes Awal', bestScore: 40, attemptsUsed: 1 }),
      expect.objectContaining({ id: post, kind: 'post', title: 'Tes Akhir', bestScore: null, passed: false }),
    ]);

    // The posttest passed before the reading lesson: no certificate yet, it comes with that lesson.
    await session(v, token, post, scored(60, 'failed'));
    await session(v, token, post, scored(85, 'passed'));
    ({ results } = await v.must(token, 'results.mine', {}));
    course = results.find((r) => r.courseId === COURSE)!;
    expect(course).toMatchObject({
      pretestScore: 40,
      posttestScore: 85,
      gain: 45,
      normalizedGain: 0.75,
      attempts: { pre: 1, post: 2, practice: 0 },
      completed: false,
      certificateNumber: null,
    });
    await session(v, token, reading, {
      lesson_status: 'completed',
      score: { raw: '7', min: '0', max: '10' },
    });
    ({ results } = await v.must(token, 'results.mine', {}));
    course = results.find((r) => r.courseId === COURSE)!;
    expect(course.completed).toBe(true);
    // A SCO that is not a test shows its own score beside the tests.
    expect(course.scoScores).toEqual([{ lessonId: reading, title: 'Bacaan', score: 70 }]);
    expect(course.certificateNumber).toMatch(/^\S+$/);
    const cert = v.core.services.db.get<{ pre_score: number; post_score: number }>(
      sql`SELECT pre_score, post_score FROM certificates WHERE learner_id = ${siti} AND course_id = ${COURSE}`,
    );
    expect(cert).toEqual({ pre_score: 40, post_score: 85 });
    const verbs = v.core.services.db
      .all<{ verb: string }>(sql`SELECT verb FROM outbox WHERE learner_id = ${siti} ORDER BY seq`)
      .map((r) => r.verb);
    expect(verbs.filter((x) => x === 'certified')).toHaveLength(1);

    // The operator's village report: the same numbers, status completed.
    const row = villageReport(v.core.services).rows.find(
      (r) => r.learnerId === siti && r.courseId === COURSE,
    );
    expect(row).toMatchObject({
      pretestScore: 40,
      posttestScore: 85,
      gain: 45,
      status: 'completed',
      certificateNumber: course.certificateNumber,
      lessonsCompleted: 3,
    });
  });

  it('a failed posttest is "failed_post" in the village report, and a pretest retaken keeps the first score', async () => {
    const v = await scormVillage(temp());
    const [pre, , post] = v.lessons as [string, string, string];
    const budi = await v.addLearner('Budi Santoso', '135792');
    const token = await v.loginAs(budi, '135792');
    await session(v, token, pre, scored(50, 'failed'));
    await session(v, token, pre, scored(90, 'passed'));
    await session(v, token, post, scored(55, 'failed'));
    const row = villageReport(v.core.services).rows.find(
      (r) => r.learnerId === budi && r.courseId === COURSE,
    );
    expect(row).toMatchObject({ pretestScore: 50, posttestScore: 55, gain: 5, status: 'failed_post' });
    expect(row?.certificateNumber).toBeNull();
  });

  it("the hub's report, from an imported bundle of a SCORM course, shows the same pretest and posttest", async () => {
    const dir = temp();
    const v = await scormVillage(dir);
    const [pre, reading, post] = v.lessons as [string, string, string];
    const siti = await v.addLearner('Siti Aminah', '246801');
    const token = await v.loginAs(siti, '246801');
    // A SCO's own raw scale (8 of 10) is read as its percentage.
    await session(v, token, pre, { lesson_status: 'failed', score: { raw: '3', min: '0', max: '10' } });
    await session(v, token, reading, { lesson_status: 'completed' });
    await session(v, token, post, { lesson_status: 'passed', score: { raw: '8', min: '0', max: '10' } });
    mkdirSync(join(dir, 'stick'));
    const exported = await exportBundle(v.core.services, folderTarget(join(dir, 'stick')), {
      actorId: v.operatorId,
    });
    if (!exported.ok) throw new Error(exported.error.message);

    const hub = openHub(join(dir, 'hub'), { regionCode: '33.02' });
    open.push(hub);
    const imported = await hub.importFrom(join(dir, 'stick'));
    expect(imported.counts).toMatchObject({ imported: 1, refused: 0 });
    const learner = hub.learners().find((l) => l.learnerId === siti)!;
    expect(learner.courses.find((c) => c.courseId === COURSE)).toMatchObject({
      pretest: 30,
      posttest: 80,
      completed: true,
      certificates: 1,
    });
  });
});
