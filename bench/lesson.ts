import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RosterCard } from '../main/api/auth';
import { packAndInstall, recordWebm } from '../tests/e2e/learner-kit';
import { copyDataDir, spawnServe } from './lib/balai';
import { newContext } from './lib/browser';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { mib, readRssKiB } from './lib/rss';
import { median } from './lib/stats';

const RUNS = 7;
/** Paragraphs in the long and the short text lesson. */
const LONG = 40;
const SHORT = 2;
const COURSE = 'bench-video';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A one-lesson course with a video and a long text, packed with the development key and installed. */
function installVideoCourse(dir: string, dataDir: string, video: Buffer): void {
  const src = join(dir, 'src');
  mkdirSync(join(src, 'lessons'), { recursive: true });
  mkdirSync(join(src, 'media'), { recursive: true });
  writeFileSync(join(src, 'media', 'video.webm'), video);
  const text = (n: number) =>
    Array.from(
      { length: n },
      (_, i) => `Paragraf ${i + 1}: APB Desa terdiri atas pendapatan, belanja dan pembiayaan.`,
    ).join('\n\n');
  writeFileSync(join(src, 'lessons', 'teks.md'), `# Pelajaran teks\n\n${text(LONG)}\n`);
  writeFileSync(join(src, 'lessons', 'pendek.md'), `# Pelajaran pendek\n\n${text(SHORT)}\n`);
  writeFileSync(join(src, 'lessons', 'video.md'), '# Pelajaran video\n\n![Video contoh](media/video.webm)\n');
  writeFileSync(
    join(src, 'course.json'),
    JSON.stringify({
      formatVersion: 1,
      id: COURSE,
      version: '1.0.0',
      language: 'id',
      title: 'Bench video',
      description: 'Untuk pengukuran.',
      publisher: 'Bench',
      modules: [
        {
          id: 'm',
          title: 'M',
          lessons: [
            { id: 'teks', title: 'Teks', body: 'lessons/teks.md' },
            { id: 'pendek', title: 'Pendek', body: 'lessons/pendek.md' },
            { id: 'video', title: 'Video', body: 'lessons/video.md' },
          ],
        },
      ],
    }),
  );
  packAndInstall(src, dataDir, COURSE);
}

/**
 * The lesson player: time from choosing a lesson (in the running app) to its text on screen, against
 * fetching the same Markdown file and putting it into the page by hand; and the host's RSS while a video
 * plays through the streaming protocol, against the same host with the lesson open but the video paused.
 */
export const lessonBench: Bench = {
  id: 'lesson',
  figures: [
    { name: 'lesson.open.toText', unit: 'ms' },
    { name: 'lesson.open.short', unit: 'ms' },
    { name: 'host.rss.videoPlaying', unit: 'MiB' },
  ],
  async run(ctx) {
    await ctx.rendererBuilt();
    const browser = await ctx.browser();
    const dir = ctx.scope.tmpDir('lesson');
    const dataDir = copyDataDir(ctx.scope, await ctx.demoDataDir());
    const context = await newContext(browser);
    ctx.scope.defer(() => context.close());
    // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page a no-op one.
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    await page.goto('about:blank');
    installVideoCourse(dir, dataDir, await recordWebm(page, 6));

    const server = await spawnServe(ctx.scope, dataDir);
    await page.goto(server.url);
    await page.waitForSelector('[data-screen="home"]', { timeout: 20_000 });
    // Log in as the demo operator (a learner too) through the real API, then reload into the learner area.
    await page.evaluate(async () => {
      const call = async (method: string, args: unknown) =>
        (await (
          await fetch('./api/call', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ method, args }),
          })
        ).json()) as {
          ok: boolean;
          value: { cards: RosterCard[] };
        };
      const roster = await call('auth.roster', { search: 'Operator' });
      const id = roster.value.cards[0]!.id;
      await call('auth.login', { accountId: id, pin: '123456' });
    });
    // A hash change alone would not reload the app, which still thinks no one is logged in.
    await page.goto(`${server.url}#/learn`);
    await page.reload();
    await page.waitForSelector('[data-screen]:not([data-screen$="loading"])', { timeout: 20_000 });

    /** Hash change → the lesson's last paragraph on screen; and when the API answers arrived, both in ms. */
    const timeTo = (lessonId: string, last: string) =>
      page.evaluate(
        async ([route, marker]) => {
          performance.clearResourceTimings();
          const t0 = performance.now();
          location.hash = route;
          await new Promise<void>((done, fail) => {
            const check = () => {
              if (document.querySelector('[data-lesson-text]')?.textContent?.includes(marker)) done();
              else if (performance.now() - t0 > 15_000)
                fail(new Error('lesson text ([data-lesson-text]) not on screen after 15 s'));
              else requestAnimationFrame(check);
            };
            check();
          });
          const ms = performance.now() - t0;
          const calls = performance
            .getEntriesByType('resource')
            .filter((e) => e.name.endsWith('/api/call') && e.startTime >= t0) as PerformanceResourceTiming[];
          const api = calls.map((e) => e.responseEnd - t0);
          const asked = calls.map((e) => e.startTime - t0);
          return { ms, apiMs: Math.max(0, ...api), askedMs: Math.min(...asked, ms) };
        },
        [`#/learn/lesson/${COURSE}/${lessonId}`, last] as const,
      );
    const bare = (file: string) =>
      page.evaluate(async (url) => {
        const t0 = performance.now();
        const text = await (await fetch(url)).text();
        const div = document.createElement('div');
        div.textContent = text;
        document.body.append(div);
        await new Promise(requestAnimationFrame);
        div.remove();
        return performance.now() - t0;
      }, `${server.url}content/${COURSE}/1.0.0/lessons/${file}`);
    const long = { app: [] as number[], api: [] as number[], asked: [] as number[], base: [] as number[] };
    const short = { app: [] as number[], api: [] as number[], asked: [] as number[], base: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      for (const [lessonId, n, into] of [
        ['teks', LONG, long],
        ['pendek', SHORT, short],
      ] as const) {
        await page.evaluate(() => (location.hash = '#/learn'));
        await page.waitForSelector('[data-screen="learner-home"]', { timeout: 20_000 });
        const t = await timeTo(lessonId, `Paragraf ${n}:`);
        into.app.push(t.ms);
        into.api.push(t.apiMs);
        into.asked.push(t.askedMs);
        into.base.push(await bare(`${lessonId}.md`));
      }
    }
    for (const [name, r, n] of [
      ['lesson.open.toText', long, LONG],
      ['lesson.open.short', short, SHORT],
    ] as const) {
      ctx.emit(
        figure(
          { name, value: round(median(r.app), 1), unit: 'ms' },
          {
            name: 'fetch the same Markdown + put it on the page',
            value: round(median(r.base), 1),
            unit: 'ms',
          },
          `median of ${RUNS}; from the hash change to the last paragraph on screen; ${n}-paragraph lesson; ` +
            `the API calls (lessons.open, courses.outline) went out after ${round(median(r.asked), 1)} ms and ` +
            `their answers were in after ${round(median(r.api), 1)} ms; ` +
            `runs ${JSON.stringify(r.app.map((v) => round(v, 1)))}`,
        ),
      );
    }

    await page.evaluate(() => (location.hash = `#/learn/lesson/bench-video/video`));
    const video = await page.waitForSelector('video', { timeout: 20_000 });
    await sleep(500);
    const paused = readRssKiB(server.pid);
    await video.evaluate(async (v: HTMLVideoElement) => {
      v.muted = true;
      await v.play();
    });
    await sleep(3_000);
    const playing = await video.evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, paused: v.paused }));
    ctx.emit(
      figure(
        { name: 'host.rss.videoPlaying', value: mib(readRssKiB(server.pid)), unit: 'MiB' },
        { name: 'same host, lesson open, video not playing', value: mib(paused), unit: 'MiB' },
        `WebM recorded at bench time in Chromium (6 s, 640×360, noise); played ${round(playing.t, 1)} s${playing.paused ? ' (paused!)' : ''}`,
      ),
    );
  },
};
