import type { CourseCard, CourseOutline } from '../main/api/courses';
import type { RosterCard } from '../main/api/auth';
import { ApiClient } from './lib/api';
import { copyDataDir, DEMO_LEARNER, spawnServe } from './lib/balai';
import { newContext } from './lib/browser';
import type { Bench } from './lib/context';
import { figure } from './lib/figure';
import { mib, readRssKiB } from './lib/rss';
import { median } from './lib/stats';

/** Let the process settle (timers, lazy frees) before RSS is read. */
const SETTLE_MS = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS of `balai serve` on a demo village: idle with the home page loaded, then with a learner in a lesson. */
export const hostRssBench: Bench = {
  id: 'rss',
  figures: [
    { name: 'host.rss.idle', unit: 'MiB' },
    { name: 'host.rss.learner', unit: 'MiB' },
  ],
  async run(ctx) {
    await ctx.rendererBuilt();
    const browser = await ctx.browser();
    const baselineRuns = await ctx.staticBaseline();
    const baseline = {
      name: 'static node http server RSS, page loaded',
      value: mib(median(baselineRuns.map((r) => r.rssKiB))),
      unit: 'MiB',
    };
    const dataDir = copyDataDir(ctx.scope, await ctx.demoDataDir());
    const server = await spawnServe(ctx.scope, dataDir);

    const context = await newContext(browser);
    ctx.scope.defer(() => context.close());
    const page = await context.newPage();
    await page.goto(server.url, { timeout: 30_000 });
    await page.waitForSelector('#root > *', { state: 'attached', timeout: 15_000 });
    await page.waitForLoadState('networkidle', { timeout: 15_000 });
    await sleep(SETTLE_MS);
    ctx.emit(
      figure(
        { name: 'host.rss.idle', value: mib(readRssKiB(server.pid)), unit: 'MiB' },
        baseline,
        'demo village (6 learners), home page loaded once in Chromium',
      ),
    );

    const api = new ApiClient(server.url);
    const { cards } = await api.call<{ cards: RosterCard[] }>('auth.roster', {});
    const learner = cards.find((c) => c.fullName === DEMO_LEARNER.fullName);
    if (!learner) throw new Error(`demo learner "${DEMO_LEARNER.fullName}" not in the roster`);
    await api.call('auth.login', { accountId: learner.id, pin: DEMO_LEARNER.pin });
    const { courses } = await api.call<{ courses: CourseCard[] }>('courses.catalogue', {});
    let did = 'logged in; no course installed, so no lesson opened';
    const course = courses[0];
    if (course) {
      const lessonId =
        course.next.kind === 'lesson'
          ? course.next.lessonId
          : (await api.call<{ course: CourseOutline }>('courses.outline', { courseId: course.id })).course
              .modules[0]?.lessons[0]?.id;
      if (lessonId) {
        await api.call('lessons.open', { courseId: course.id, lessonId });
        did = `logged in; opened lesson ${lessonId} of ${course.id}`;
      } else did = `logged in; course ${course.id} has no lesson to open`;
    }
    await sleep(SETTLE_MS);
    ctx.emit(
      figure({ name: 'host.rss.learner', value: mib(readRssKiB(server.pid)), unit: 'MiB' }, baseline, did),
    );
  },
};
