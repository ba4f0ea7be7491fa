import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { RosterCard } from '../main/api/auth';
import { recordWebm, ROOT, balai } from '../tests/e2e/learner-kit';
import { writeScorm12, type TestSco } from '../tests/helpers/scorm-package';
import { copyDataDir, spawnServe } from './lib/balai';
import { launchBrowser, newContext } from './lib/browser';
import type { Bench } from './lib/context';
import { figure, round } from './lib/figure';
import { mib, readRssKiB } from './lib/rss';
import { median } from './lib/stats';

const RUNS = 7;
const COURSE = 'bench.scorm';
/** Files of 1 MiB each (random, so incompressible like real media) beside the video: a course of about 100 MB. */
const BULK_FILES = 96;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SCO page: some text and a picture, and the moment of its first frame (two rAFs after load). */
const FIRST_FRAME = `<script>
addEventListener('load', function () {
  requestAnimationFrame(function () { requestAnimationFrame(function () { window.__firstFrame = Date.now(); }); });
});
var w = window.parent, api = null;
for (var i = 0; i < 10 && w; i++) { if (w.API) { api = w.API; break; } if (w === w.parent) break; w = w.parent; }
if (api) api.LMSInitialize('');
</script>`;
const page1Html = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Halaman</title></head><body>
<h1>APB Desa</h1>${Array.from({ length: 30 }, (_, i) => `<p>Paragraf ${i + 1}: pendapatan, belanja dan pembiayaan desa.</p>`).join('')}
<img src="peta.svg" alt="Peta">${FIRST_FRAME}</body></html>`;
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="400" height="200" fill="#2a7"/></svg>`;

/** The big SCO: a looping video and, one after another, every bulk file of the package (slides). */
const playerHtml = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Video</title></head><body>
<video id="v" src="media/video.webm" muted loop autoplay></video><p id="n">0</p>
<script>
var w = window.parent, api = null;
for (var i = 0; i < 10 && w; i++) { if (w.API) { api = w.API; break; } if (w === w.parent) break; w = w.parent; }
if (api) api.LMSInitialize('');
(async function () {
  for (var k = 0; k < ${BULK_FILES}; k++) {
    var b = await (await fetch('slides/slide ' + k + '.bin')).arrayBuffer();
    document.getElementById('n').textContent = String(k + 1);
    if (api) { api.LMSSetValue('cmi.core.lesson_location', String(k)); api.LMSCommit(''); }
  }
  window.__slidesDone = b.byteLength;
})();
</script></body></html>`;

/** The descendant processes of this one whose command line says chromium (the browsers the bench runs). */
function chromiumPids(): Set<number> {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const mine = new Set<number>([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (!mine.has(pid) && mine.has(ppid)) {
        mine.add(pid);
        grew = true;
      }
  }
  const out = new Set<number>();
  for (const pid of mine) {
    try {
      if (/chrom/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) out.add(pid);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const rssOf = (pids: Iterable<number>) => {
  let kib = 0;
  for (const pid of pids) {
    try {
      kib += readRssKiB(pid);
    } catch {
      // a renderer that ended
    }
  }
  return kib;
};

/** Proportional set size (shared pages split between their processes) summed, in KiB. */
const pssOf = (pids: Iterable<number>) => {
  let kib = 0;
  for (const pid of pids) {
    try {
      kib += Number(/^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // a renderer that ended
    }
  }
  return kib;
};

async function logIn(page: Page, url: string) {
  await page.goto(url);
  await page.waitForSelector('[data-screen="home"]', { timeout: 20_000 });
  await page.evaluate(async () => {
    const call = async (method: string, args: unknown) =>
      (await (
        await fetch('./api/call', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ method, args }),
        })
      ).json()) as { ok: boolean; value: { cards: RosterCard[] } };
    const roster = await call('auth.roster', { search: 'Operator' });
    await call('auth.login', { accountId: roster.value.cards[0]!.id, pin: '123456' });
  });
  await page.goto(`${url}#/learn`);
  await page.reload();
  await page.waitForSelector('[data-screen="learner-home"]', { timeout: 20_000 });
}

/**
 * SCORM: a SCO's launch (hash change in the running app → `scorm.launch` → launcher on its own origin →
 * state → scorm-again → the SCO's page) to the SCO's first frame, against opening the same HTML as a plain
 * page from a static server; and the RSS of the host and of Chromium while a generated 100 MB SCORM course
 * plays (a looping video, its 96 one-MiB "slides" fetched in turn with a Commit after each), against the
 * same host and browser with the course's outline open.
 */
export const scormBench: Bench = {
  id: 'scorm',
  figures: [
    { name: 'scorm.launch.firstFrame', unit: 'ms' },
    { name: 'host.rss.scormPlaying', unit: 'MiB' },
    { name: 'chromium.rss.scormPlaying', unit: 'MiB' },
  ],
  async run(ctx) {
    await ctx.rendererBuilt();
    const dir = ctx.scope.tmpDir('scorm');
    const dataDir = copyDataDir(ctx.scope, await ctx.demoDataDir());
    const before = chromiumPids();
    const browser = await launchBrowser(ctx.scope);
    const context = await newContext(browser);
    ctx.scope.defer(() => context.close());
    // tsx (esbuild keepNames) wraps named inner functions in __name(); give the pages a no-op one.
    await context.addInitScript('window.__name = (f) => f');
    const page = await context.newPage();
    await page.goto('about:blank');
    const video = await recordWebm(page, 6);

    // The course: a light page SCO, and the big one with ~100 MB of files.
    const bulk = Object.fromEntries(
      Array.from({ length: BULK_FILES }, (_, k) => [`slides/slide ${k}.bin`, randomBytes(1024 ** 2)]),
    );
    const scos: TestSco[] = [
      { item: 'halaman', title: 'Halaman', launch: 'halaman.html', html: page1Html },
      { item: 'video', title: 'Video', launch: 'video.html', html: playerHtml },
    ];
    const zip = await writeScorm12(
      join(dir, 'besar.zip'),
      scos,
      { 'peta.svg': SVG, 'media/video.webm': video, ...bulk },
      { identifier: COURSE, title: 'Bench SCORM' },
    );
    const key = join(ROOT, 'content', 'keys', 'dev-publisher.key.json');
    const cert = join(ROOT, 'content', 'keys', 'dev-publisher.chain.json');
    const out = join(dir, 'besar.balaicourse');
    for (const args of [
      ['course', 'wrap', zip, '--key', key, '--cert', cert, '--out', out],
      ['course', 'install', out, '--data', dataDir],
    ]) {
      const run = balai(args);
      if (run.status !== 0) throw new Error(`balai ${args[1]} failed: ${run.stderr}`);
    }

    // The plain page: the same HTML and picture from a static server on loopback.
    const plainDir = ctx.scope.tmpDir('scorm-plain');
    writeFileSync(join(plainDir, 'halaman.html'), page1Html);
    writeFileSync(join(plainDir, 'peta.svg'), SVG);
    const plain = createServer((req, res) => {
      const file = (req.url ?? '/').split('?')[0]!.slice(1);
      if (file !== 'halaman.html' && file !== 'peta.svg') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.svg') ? 'image/svg+xml' : 'text/html' });
      res.end(readFileSync(join(plainDir, file)));
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    ctx.scope.defer(() => new Promise<void>((r) => plain.close(() => r())));
    const plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/halaman.html`;

    const server = await spawnServe(ctx.scope, dataDir);
    await logIn(page, server.url);
    const scoFrame = (file: string) => page.frames().find((f) => f.url().includes(`/${file}`));
    const launch: number[] = [];
    const base: number[] = [];
    const plainPage = await context.newPage();
    for (let i = 0; i < RUNS; i++) {
      await page.evaluate(() => (location.hash = '#/learn'));
      await page.waitForSelector('[data-screen="learner-home"]', { timeout: 20_000 });
      const t0 = Date.now();
      await page.evaluate((h) => (location.hash = h), `#/learn/lesson/${COURSE}/halaman`);
      let at: number | undefined;
      while (at === undefined) {
        at = await scoFrame('halaman.html')
          ?.evaluate(() => (window as unknown as { __firstFrame?: number }).__firstFrame)
          .catch(() => undefined);
        if (Date.now() - t0 > 30_000) throw new Error('the SCO showed no frame within 30 s');
        if (at === undefined) await sleep(5);
      }
      launch.push(at - t0);
      const p0 = Date.now();
      await plainPage.goto(`${plainUrl}?run=${i}`);
      await plainPage.waitForFunction(() => (window as unknown as { __firstFrame?: number }).__firstFrame);
      base.push(
        (await plainPage.evaluate(() => (window as unknown as { __firstFrame: number }).__firstFrame)) - p0,
      );
    }
    await plainPage.close();
    ctx.emit(
      figure(
        { name: 'scorm.launch.firstFrame', value: round(median(launch), 1), unit: 'ms' },
        {
          name: 'the same HTML opened as a plain page (static server)',
          value: round(median(base), 1),
          unit: 'ms',
        },
        `median of ${RUNS}, alternating; from the hash change (Node's clock) to two animation frames after the ` +
          `SCO's load (the page's Date.now); runs ${JSON.stringify(launch)}, plain ${JSON.stringify(base)}`,
      ),
    );

    const mine = [...chromiumPids()].filter((pid) => !before.has(pid));
    await page.evaluate((h) => (location.hash = h), `#/learn/course/${COURSE}`);
    await page.waitForSelector('[data-screen="course"]', { timeout: 20_000 });
    await sleep(1_000);
    const hostIdle = readRssKiB(server.pid);
    const idlePids = [...chromiumPids()].filter((pid) => !before.has(pid));
    const chromeIdle = rssOf(idlePids);
    const chromeIdlePss = pssOf(idlePids);
    await page.evaluate((h) => (location.hash = h), `#/learn/lesson/${COURSE}/video`);
    let hostPeak = 0;
    let chromePeak = 0;
    let chromePssPeak = 0;
    const t0 = Date.now();
    for (;;) {
      hostPeak = Math.max(hostPeak, readRssKiB(server.pid));
      const browserPids = [...chromiumPids()].filter((pid) => !before.has(pid));
      chromePeak = Math.max(chromePeak, rssOf(browserPids));
      chromePssPeak = Math.max(chromePssPeak, pssOf(browserPids));
      const frame = scoFrame('video.html');
      const done = await frame
        ?.evaluate(() => (window as unknown as { __slidesDone?: number }).__slidesDone)
        .catch(() => undefined);
      if (done !== undefined) break;
      if (Date.now() - t0 > 180_000) throw new Error('the big SCO did not finish its slides in 180 s');
      await sleep(200);
    }
    const played = Date.now() - t0;
    const size = readFileSync(out).byteLength;
    const note = `course ${mib(size / 1024)} MiB packed; ${BULK_FILES} one-MiB slides fetched and committed in ${played} ms with the video looping; peak of samples every 200 ms`;
    ctx.emit(
      figure(
        { name: 'host.rss.scormPlaying', value: mib(hostPeak), unit: 'MiB' },
        { name: 'same host, course outline open', value: mib(hostIdle), unit: 'MiB' },
        note,
      ),
    );
    ctx.emit(
      figure(
        { name: 'chromium.rss.scormPlaying', value: mib(chromePeak), unit: 'MiB' },
        { name: 'same browser, course outline open', value: mib(chromeIdle), unit: 'MiB' },
        `${note}; the sum of VmRSS over this browser's ${mine.length}+ processes (shared pages count once per process); summed PSS ${mib(chromePssPeak)} MiB playing, ${mib(chromeIdlePss)} MiB idle`,
      ),
    );
  },
};
