import { chromium, type Frame, type Page } from '@playwright/test';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import config from '../playwright.config';
import { externalPackage } from '../tests/helpers/external-content';
import { balai, packAndInstall, ROOT } from '../tests/e2e/learner-kit';
import { copyDataDir, DEMO_LEARNER, spawnServe } from './lib/balai';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { mib, readRssKiB } from './lib/rss';
import { median } from './lib/stats';

const RUNS = 5;
const PLAIN = 'bench-polos';
const QUIZ = 'bench-h5p-kuis';
const SLIDES = 'bench-h5p-presentasi';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A one-lesson native course: the plain page the H5P launch is compared with. */
function installPlainCourse(dir: string, dataDir: string): void {
  const src = join(dir, 'polos');
  mkdirSync(join(src, 'lessons'), { recursive: true });
  writeFileSync(
    join(src, 'lessons', 'a.md'),
    '# Pelajaran polos\n\nAPB Desa terdiri atas tiga bagian. Selesai.\n',
  );
  writeFileSync(
    join(src, 'course.json'),
    JSON.stringify({
      formatVersion: 1,
      id: PLAIN,
      version: '1.0.0',
      language: 'id',
      title: 'Bench polos',
      description: 'Untuk pengukuran.',
      publisher: 'Bench',
      modules: [{ id: 'm', title: 'M', lessons: [{ id: 'a', title: 'A', body: 'lessons/a.md' }] }],
    }),
  );
  packAndInstall(src, dataDir, PLAIN);
}

function wrapInstall(dir: string, dataDir: string, name: string, id: string, extra: string[] = []): void {
  const out = join(dir, `${id}.balaicourse`);
  const key = join(ROOT, 'content', 'keys', 'dev-publisher.key.json');
  const cert = join(ROOT, 'content', 'keys', 'dev-publisher.chain.json');
  const file = externalPackage('h5p', name);
  const wrap = balai([
    'course',
    'wrap',
    file,
    '--key',
    key,
    '--cert',
    cert,
    '--out',
    out,
    '--id',
    id,
    ...extra,
  ]);
  if (wrap.status !== 0) throw new Error(`wrap ${name}: ${wrap.stderr}`);
  const install = balai(['course', 'install', out, '--data', dataDir]);
  if (install.status !== 0) throw new Error(`install ${name}: ${install.stderr}`);
}

/** Proportional set size (KiB) of a process and all its descendants: a browser's whole memory, shared pages once. */
function treePssKiB(root: number): number {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      total += Number(/^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** The browser process started with `marker` among its arguments. */
function browserPid(marker: string): number {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.includes(marker) && !cmd.includes('--type=')) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error('browser process not found');
}

/** The activity's own frame (h5p-standalone's) inside the launcher, once it exists. */
async function activityFrame(page: Page, deadline: number): Promise<Frame> {
  for (;;) {
    const launcher = page.frames().find((f) => f.url().includes('/_balai/h5p.html'));
    const inner = launcher?.childFrames()[0];
    if (inner) return inner;
    if (Date.now() > deadline) throw new Error('no H5P frame after 30 s');
    await sleep(10);
  }
}

/**
 * H5P: time from choosing the Question Set (a hash change in the running app) to its first question drawn
 * by h5p-standalone in the content origin's frame, against the same hash change to a plain text lesson's
 * text; and the memory of the host and of the whole browser with the Course Presentation open (its 1,694-entry
 * package, first slide drawn), against the same with the course page open.
 */
export const h5pBench: Bench = {
  id: 'h5p',
  figures: [
    { name: 'h5p.launch.toFirstFrame', unit: 'ms' },
    { name: 'host.rss.coursePresentation', unit: 'MiB' },
    { name: 'browser.pss.coursePresentation', unit: 'MiB' },
  ],
  async run(ctx) {
    await ctx.rendererBuilt();
    const dir = ctx.scope.tmpDir('h5p');
    const dataDir = copyDataDir(ctx.scope, await ctx.demoDataDir());
    installPlainCourse(dir, dataDir);
    wrapInstall(dir, dataDir, 'H5P.QuestionSet.h5p', QUIZ);
    wrapInstall(dir, dataDir, 'H5P.CoursePresentation.h5p', SLIDES, ['--allow-remote']);
    const server = await spawnServe(ctx.scope, dataDir);
    // A browser of its own, so its processes (and only they) can be measured.
    const marker = `--balai-bench-h5p-${process.pid}`;
    const options = config.use?.launchOptions ?? {};
    const browser = await chromium.launch({
      ...options,
      headless: true,
      args: [...(options.args ?? []), marker],
    });
    ctx.scope.defer(() => browser.close());
    const context = await browser.newContext({ viewport: config.use?.viewport ?? null });
    // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page a no-op one.
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-screen="home"]', { timeout: 20_000 });
    await page.evaluate(async (who) => {
      const call = async (method: string, args: unknown) =>
        (await (
          await fetch('./api/call', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ method, args }),
          })
        ).json()) as { value: { cards: { id: string }[] } };
      const roster = await call('auth.roster', { search: who.fullName });
      await call('auth.login', { accountId: roster.value.cards[0]!.id, pin: who.pin });
    }, DEMO_LEARNER);
    await page.goto(`${server.url}#/learn`);
    await page.reload();
    await page.waitForSelector('[data-screen="learner-home"]', { timeout: 20_000 });

    const h5p: number[] = [];
    const plain: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.evaluate(() => (location.hash = '#/learn'));
      await page.waitForSelector('[data-screen="learner-home"]', { timeout: 20_000 });
      let t0 = Date.now();
      await page.evaluate((id) => (location.hash = `#/learn/lesson/${id}/aktivitas`), QUIZ);
      const frame = await activityFrame(page, t0 + 30_000);
      await frame.locator('.questionset .question-container:visible').first().waitFor({ timeout: 30_000 });
      h5p.push(Date.now() - t0);
      await page.evaluate(() => (location.hash = '#/learn'));
      await page.waitForSelector('[data-screen="learner-home"]', { timeout: 20_000 });
      t0 = Date.now();
      await page.evaluate((id) => (location.hash = `#/learn/lesson/${id}/a`), PLAIN);
      await page.locator('[data-lesson-text]', { hasText: 'Selesai.' }).waitFor({ timeout: 20_000 });
      plain.push(Date.now() - t0);
    }
    ctx.emit(
      figure(
        { name: 'h5p.launch.toFirstFrame', value: median(h5p), unit: 'ms' },
        {
          name: 'the same hash change to a plain text lesson, text on screen',
          value: median(plain),
          unit: 'ms',
        },
        `median of ${RUNS}; Question Set of the corpus (32 libraries); from the hash change to its first question ` +
          `visible in h5p-standalone's frame (Playwright polling, so both include ~10 ms of it); runs ${JSON.stringify(h5p)}`,
      ),
    );

    await page.evaluate((id) => (location.hash = `#/learn/course/${id}`), SLIDES);
    await page.waitForSelector('[data-screen="course"]', { timeout: 20_000 });
    await sleep(2_000);
    const pid = browserPid(marker);
    const before = { host: readRssKiB(server.pid), browser: treePssKiB(pid) };
    await page.evaluate((id) => (location.hash = `#/learn/lesson/${id}/aktivitas`), SLIDES);
    const frame = await activityFrame(page, Date.now() + 30_000);
    await frame.locator('.h5p-course-presentation .h5p-slide').first().waitFor({ timeout: 30_000 });
    await sleep(3_000);
    const open = { host: readRssKiB(server.pid), browser: treePssKiB(pid) };
    ctx.emit(
      figure(
        { name: 'host.rss.coursePresentation', value: mib(open.host), unit: 'MiB' },
        { name: 'same host, the course page open', value: mib(before.host), unit: 'MiB' },
        'balai serve RSS after the Course Presentation drew its first slide (3 s settled)',
      ),
    );
    ctx.emit(
      figure(
        { name: 'browser.pss.coursePresentation', value: mib(open.browser), unit: 'MiB' },
        { name: 'same browser, the course page open', value: mib(before.browser), unit: 'MiB' },
        `Chromium (headless, every process of it: PSS, shared pages counted once); ${round(
          (open.browser - before.browser) / 1024,
          1,
        )} MiB more with the Course Presentation open`,
      ),
    );
  },
};
