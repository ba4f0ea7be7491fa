import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import xapiValidation from '@learninglocker/xapi-validation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapCmi5 } from '../../../main/core/content/cmi5/wrap';
import { sql } from '../../../main/core/db/sql';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { startScoOrigin } from '../../../main/host/sco-origin';
import { setUpVillage, tempDir, type Village } from '../../helpers/core';
import { externalPackages } from '../../helpers/external-content';
import { certify } from '../../helpers/pki';

type Validate = (statement: unknown) => { path: string[]; message: string }[];
const validate: Validate = (xapiValidation as unknown as { default?: Validate }).default ?? xapiValidation;

/**
 * CATAPULT's own cmi5 AUs (cmi5.min.js, ../shared/external-content) in Debian's Chromium against the kiosk as
 * their LMS: the real core, the launch's origin on loopback, no UI. The pre-test, content and post-test AUs of
 * block 1 are taken to `satisfied`; their statements pass the xAPI validator.
 */
let village: Village;
let browser: Browser;
let origin: Awaited<ReturnType<typeof startScoOrigin>>;
const dir = tempDir('balai-cmi5-runtime-');
const COURSE = 'geology-intro-preposttest';

beforeAll(async () => {
  village = await setUpVillage(join(dir.dir, 'data'));
  const [prePost] = externalPackages('cmi5').filter((f) => f.includes('pre_post'));
  const out = join(dir.dir, 'pp.balaicourse');
  const base = `https://w3id.org/xapi/cmi5/catapult/lts/course/${COURSE}/block1`;
  const wrapped = await wrapCmi5(prePost!, {
    signer: certify(newPrivateKeyFile('Tim Kabupaten Uji')),
    out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
    pretest: `${base}/pre`,
    posttest: `${base}/post`,
  });
  if (!wrapped.ok) throw new Error(wrapped.reason);
  const installed = await village.core.services.courses.installVerified(out);
  if (!installed.ok) throw new Error(installed.reason);
  origin = await startScoOrigin(village.core, 'http://127.0.0.1:1');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await origin?.close();
  village?.close();
  dir.cleanup();
});

const verbsOf = (learner: string) =>
  village.core.services.db
    .all<{ statement: string }>(sql`SELECT statement FROM outbox WHERE learner_id = ${learner} ORDER BY seq`)
    .map((r) => JSON.parse(r.statement) as { verb: { id: string }; object: { id: string } });
const short = (learner: string) => verbsOf(learner).map((s) => s.verb.id.split('/').pop());

async function open(token: string, lessonId: string): Promise<Page> {
  const { launch } = await village.must(token, 'au.launch', { courseId: COURSE, lessonId });
  const page = await (await browser.newContext()).newPage();
  await page.goto(launch.url);
  return page;
}

/** Takes a quiz AU: the right or the wrong answers, submitted, then Exit (terminated). */
async function quiz(token: string, learner: string, lessonId: string, right: boolean) {
  const before = short(learner).filter((v) => v === 'terminated').length;
  const page = await open(token, lessonId);
  // A second go finds the AU's bookmark in the State API (this learner's): start the quiz again.
  const answers = page.getByRole('button', {
    name: right ? /Select correct answers/ : /Select wrong answers/,
  });
  const restart = page.locator('#bookmark-overlay .restart-button');
  await expect
    .poll(async () => (await answers.isVisible()) || (await restart.isVisible()), { timeout: 20_000 })
    .toBe(true);
  if (await restart.isVisible()) await restart.click();
  await page.getByRole('button', { name: right ? /Select correct answers/ : /Select wrong answers/ }).click();
  await page.getByRole('button', { name: 'Submit Answers' }).click();
  await page.locator('#score-panel .exit-button').click();
  await expect
    .poll(() => short(learner).filter((v) => v === 'terminated').length, { timeout: 20_000 })
    .toBe(before + 1);
  await page.context().close();
}

/** Opens a content AU (it says passed and completed on its one page), then Exit. */
async function read(token: string, learner: string, lessonId: string) {
  const before = short(learner).filter((v) => v === 'terminated').length;
  const page = await open(token, lessonId);
  await expect.poll(() => short(learner).at(-1), { timeout: 20_000 }).toMatch(/completed|experienced/);
  await page.locator('.exit-button').first().click();
  await expect
    .poll(() => short(learner).filter((v) => v === 'terminated').length, { timeout: 20_000 })
    .toBe(before + 1);
  await page.context().close();
}

const satisfied = (learner: string) =>
  verbsOf(learner)
    .filter((s) => s.verb.id === 'https://w3id.org/xapi/adl/verbs/satisfied')
    .map((s) => s.object.id.split('/').pop());

describe('cmi5: CATAPULT AUs with the kiosk as LMS', () => {
  it('takes the pre/post course to satisfied by moveOn; the pretest and posttest AUs make the gain', async () => {
    const siti = await village.addLearner('Siti Aminah', '516273');
    const token = await village.loginAs(siti, '516273');
    await quiz(token, siti, 'block1-pre', false);
    expect(short(siti)).toContain('failed');
    await quiz(token, siti, 'block1-pre', true); // moveOn Passed: the pretest is passed on a second go
    await read(token, siti, 'block1-content');
    expect(satisfied(siti)).toEqual([]);
    await quiz(token, siti, 'block1-post', true);
    expect(satisfied(siti)).toEqual(['block1']);
    for (const lesson of ['block2-pre', 'block2-post']) await quiz(token, siti, lesson, true);
    await read(token, siti, 'block2-content');
    expect(satisfied(siti)).toEqual(['block1', 'block2', 'geology-intro-preposttest']);

    for (const s of verbsOf(siti)) expect(validate(s), JSON.stringify(s)).toEqual([]);
    // The outline shows every AU done; the first pretest (0) and the best posttest (100) make the gain.
    const { course } = await village.must(token, 'courses.outline', { courseId: COURSE });
    expect(course.modules.flatMap((m) => m.lessons).every((l) => l.status === 'completed')).toBe(true);
    const { results } = await village.must(token, 'results.mine', {});
    expect(results.find((r) => r.courseId === COURSE)).toMatchObject({
      pretestScore: 0,
      posttestScore: 100,
      gain: 100,
    });
  }, 180_000);

  it('an AU closed without terminated is abandoned at the next login', async () => {
    const budi = await village.addLearner('Budi Santoso', '624815');
    const token = await village.loginAs(budi, '624815');
    const page = await open(token, 'block1-content');
    await expect.poll(() => short(budi), { timeout: 20_000 }).toContain('initialized');
    await page.context().close(); // the window is closed: no terminated
    expect(short(budi)).not.toContain('abandoned');
    await village.must(token, 'auth.logout', {});
    await village.loginAs(budi, '624815');
    expect(short(budi).filter((v) => v === 'abandoned')).toHaveLength(1);
    const abandoned = verbsOf(budi).find((s) => s.verb.id === 'https://w3id.org/xapi/adl/verbs/abandoned')!;
    expect(validate(abandoned)).toEqual([]);
    expect(abandoned).toMatchObject({ result: { duration: expect.stringMatching(/^PT\d+S$/) as string } });
    // Once: a second login finds nothing more to abandon.
    await village.loginAs(budi, '624815');
    expect(short(budi).filter((v) => v === 'abandoned')).toHaveLength(1);
  }, 60_000);
});
