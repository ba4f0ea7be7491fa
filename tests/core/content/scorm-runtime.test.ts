import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from '@playwright/test';
import xapiValidation from '@learninglocker/xapi-validation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapScorm } from '../../../main/core/content/scorm/wrap';
import { sql } from '../../../main/core/db/sql';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { certify } from '../../helpers/pki';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { startScoOrigin } from '../../../main/host/sco-origin';
import { setUpVillage, tempDir, type Village } from '../../helpers/core';
import { externalPackages } from '../../helpers/external-content';

// CommonJS with `exports.default`: imported natively, the function sits one level down.
type Validate = (statement: unknown) => { path: string[]; message: string }[];
const validate: Validate = (xapiValidation as unknown as { default?: Validate }).default ?? xapiValidation;

/**
 * The SCORM runtime end to end without the UI: the real core, the SCO origin on loopback, the golf 1.2
 * package's own scripts in Debian's Chromium, scorm-again as the API. Each learner keeps their own state
 * in SQLite; nothing is kept in the origin's storage.
 */
let village: Village;
let browser: Browser;
let sco: Awaited<ReturnType<typeof startScoOrigin>>;
const dir = tempDir('balai-scorm-runtime-');
const COURSE = 'com.scorm.golfsamples.runtime.basicruntime.12';
let lessonId = '';

beforeAll(async () => {
  village = await setUpVillage(join(dir.dir, 'data'));
  const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));
  const [golf] = externalPackages('scorm12').filter((f) => f.includes('RuntimeBasicCalls'));
  const out = join(dir.dir, 'golf.balaicourse');
  const wrapped = await wrapScorm(golf!, { signer, out, limits: DEFAULT_LIMITS, now: new Date() });
  if (!wrapped.ok) throw new Error(wrapped.reason);
  const installed = await village.core.services.courses.installVerified(out);
  if (!installed.ok) throw new Error(installed.reason);
  lessonId = installed.course.manifest.modules[0]!.lessons[0]!.id;
  sco = await startScoOrigin(village.core, 'http://127.0.0.1:1');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sco?.close();
  village?.close();
  dir.cleanup();
});

/** Opens the learner's launch in a fresh page (its own context: nothing shared but the kiosk). */
async function play(token: string): Promise<{ page: Page; content: () => Frame; url: string }> {
  const { launch } = await village.must(token, 'scorm.launch', { courseId: COURSE, lessonId });
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(launch.url);
  const scoFrame = () => page.frames().find((f) => f.url().includes('/shared/launchpage.html'))!;
  await expect.poll(() => scoFrame()?.url() ?? '', { timeout: 20_000 }).toContain('launchpage.html');
  await scoFrame().waitForSelector('#butNext');
  return { page, content: scoFrame, url: launch.url };
}

const attempts = (learner: string) =>
  village.core.services.db.all<{
    attempt: number;
    location: string | null;
    exit: string | null;
    cmi: string;
  }>(
    sql`SELECT attempt, location, exit, cmi FROM scorm_attempts WHERE learner_id = ${learner} ORDER BY attempt`,
  );

/** Runs an expression in a browser frame (this tsconfig has no DOM types: the code is the browser's). */
const inBrowser = (frame: Page | Frame, expression: string): Promise<unknown> => frame.evaluate(expression);

/** Asks the launcher to suspend and terminate, as the player does before a logout. */
const suspend = (page: Page) =>
  inBrowser(
    page,
    `new Promise((resolve) => {
      window.addEventListener('message', (e) => { if (e.data.type === 'balai:suspended') resolve(e.data); });
      window.postMessage({ type: 'balai:suspend' }, '*');
    })`,
  );

describe('SCORM runtime: each learner their own state', () => {
  it('suspends, resumes at the same page with the same suspend_data, and keeps learners apart', async () => {
    const siti = await village.addLearner('Siti Aminah', '172839');
    const budi = await village.addLearner('Budi Santoso', '283940');
    const sitiToken = await village.loginAs(siti, '172839');

    const first = await play(sitiToken);
    for (let i = 0; i < 3; i++) await first.content().click('#butNext');
    // The SCO's own bookmark and some suspend_data of the learner's, written through the API.
    await inBrowser(
      first.content(),
      `window.parent.API.LMSSetValue('cmi.suspend_data', 'halaman=3;jawaban=B')`,
    );
    // The read-only learner id cannot be set by the SCO.
    const setId = await inBrowser(
      first.content(),
      `window.parent.API.LMSSetValue('cmi.core.student_id', 'orang-lain')`,
    );
    expect(setId).toBe('false');
    const answer = await suspend(first.page);
    expect(answer).toMatchObject({ type: 'balai:suspended', stored: true });
    expect(attempts(siti)).toMatchObject([{ attempt: 1, location: '3', exit: 'suspend' }]);
    expect(JSON.parse(attempts(siti)[0]!.cmi)).toMatchObject({ suspend_data: 'halaman=3;jawaban=B' });
    expect(attempts(siti)[0]!.cmi).not.toContain(siti);
    await first.page.context().close();
    await village.must(sitiToken, 'auth.logout', {});

    // Budi starts fresh on the same PC.
    const budiToken = await village.loginAs(budi, '283940');
    const second = await play(budiToken);
    const budiStart = await inBrowser(
      second.content(),
      `({ location: window.parent.API.LMSGetValue('cmi.core.lesson_location'),
          suspend: window.parent.API.LMSGetValue('cmi.suspend_data'),
          entry: window.parent.API.LMSGetValue('cmi.core.entry'),
          id: window.parent.API.LMSGetValue('cmi.core.student_id'),
          stored: window.localStorage.length })`,
    );
    expect(budiStart).toEqual({ location: '0', suspend: '', entry: 'ab-initio', id: budi, stored: 0 });
    await suspend(second.page);
    await second.page.context().close();
    await village.must(budiToken, 'auth.logout', {});

    // Siti again: the same page and the same suspend_data, entry = resume.
    const sitiAgain = await village.loginAs(siti, '172839');
    const third = await play(sitiAgain);
    const resumed = (await inBrowser(
      third.content(),
      `({ location: window.parent.API.LMSGetValue('cmi.core.lesson_location'),
          suspend: window.parent.API.LMSGetValue('cmi.suspend_data'),
          entry: window.parent.API.LMSGetValue('cmi.core.entry'),
          page: document.getElementById('contentFrame').src })`,
    )) as { page: string };
    expect(resumed).toMatchObject({ location: '3', suspend: 'halaman=3;jawaban=B', entry: 'resume' });
    // The golf SCO's fourth page (pageArray[3]): where Siti was.
    expect(resumed.page).toMatch(/\/Playing\/OtherScoring\.html$/);
    expect(attempts(siti)).toHaveLength(1);
    await third.page.context().close();
  }, 120_000);

  it('refuses commits of a launch whose learner logged out', async () => {
    const ani = await village.addLearner('Ani', '394051');
    const token = await village.loginAs(ani, '394051');
    const run = await play(token);
    await village.must(token, 'auth.logout', {});
    const status = await inBrowser(run.page, `fetch('/_balai/state').then((r) => r.status)`);
    expect(status).toBe(410);
    await run.page.context().close();
  }, 60_000);

  it('records the SCO session as xAPI in the same transaction as its state, valid for the LRS', async () => {
    const dewi = await village.addLearner('Dewi Lestari', '405162');
    const token = await village.loginAs(dewi, '405162');
    const run = await play(token);
    const set = (k: string, v: string) => `window.parent.API.LMSSetValue('${k}', '${v}')`;
    for (const [k, v] of [
      ['cmi.interactions.0.id', 'tanya-1'],
      ['cmi.interactions.0.type', 'choice'],
      ['cmi.interactions.0.student_response', 'b'],
      ['cmi.interactions.0.result', 'correct'],
      ['cmi.core.score.raw', '80'],
      ['cmi.core.lesson_status', 'passed'],
    ] as const)
      expect(await inBrowser(run.content(), set(k, v)), k).toBe('true');
    expect(await inBrowser(run.content(), `window.parent.API.LMSCommit('')`)).toBe('true');
    // A commit that said true is in the database already, with its statements.
    const verbs = () =>
      village.core.services.db.all<{ verb: string; statement: string }>(
        sql`SELECT verb, statement FROM outbox WHERE learner_id = ${dewi} ORDER BY seq`,
      );
    expect(verbs().map((r) => r.verb)).toEqual([
      'launched',
      'initialized',
      'answered',
      'completed',
      'passed',
    ]);
    await suspend(run.page);
    await run.page.context().close();
    const again = await play(token);
    await suspend(again.page);
    await again.page.context().close();
    const rows = verbs();
    expect(rows.map((r) => r.verb)).toEqual([
      'launched',
      'initialized',
      'answered',
      'completed',
      'passed',
      'suspended',
      'resumed',
      'suspended',
    ]);
    for (const row of rows) expect(validate(JSON.parse(row.statement)), row.verb).toEqual([]);
    const passed = JSON.parse(rows[4]!.statement) as { result: unknown; object: { id: string } };
    expect(passed.result).toEqual({ success: true, completion: true, score: { scaled: 0.8, raw: 80 } });
    const answered = JSON.parse(rows[2]!.statement) as { result: unknown; object: { id: string } };
    expect(answered.result).toEqual({ response: 'b', success: true });
    expect(answered.object.id).toMatch(/\/lesson\/[^/]+\/interaction\/tanya-1$/);
    // The lesson shows as done in the learner's course, like a native lesson.
    const outline = await village.must(token, 'courses.outline', { courseId: COURSE });
    expect(outline.course.lessonsCompleted).toBe(1);
  }, 120_000);
});
