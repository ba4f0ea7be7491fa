import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapScorm } from '../../main/core/content/scorm/wrap';
import { sql } from '../../main/core/db/sql';
import { newPrivateKeyFile } from '../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import { startScoOrigin } from '../../main/host/sco-origin';
import { startHost, type RunningHost } from '../../main/host/server';
import { setUpVillage, tempDir, type Village } from '../helpers/core';
import { certify } from '../helpers/pki';
import { writeScorm12 } from '../helpers/scorm-package';

/**
 * A hostile SCO of our own (`npm run proof:hostile`), made here, wrapped, installed and played through the
 * real player of the browser-mode host in Debian's Chromium, by two learners on one browser profile as on a
 * shared PC. Its script tries: fetch, XHR, a beacon and an image to "the internet" (a loopback server that
 * answers anything with CORS open and counts every hit) and to the app's `/api/call`; reading the app's
 * document, its bridge and its URL; navigating the top window; `window.open`; reading the storage and cookies
 * another learner's launch left; setting the read-only learner id through the API and in a raw commit. Every
 * one must be stopped or without effect; the internet server must see no request at all.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const RENDERER = join(ROOT, 'out', 'renderer');
const dir = tempDir('balai-hostile-sco-');
const COURSE12 = 'uji.scorm.serang';
const COURSE2004 = 'uji.scorm.serang2004';

let village: Village;
let host: RunningHost;
let sco: Awaited<ReturnType<typeof startScoOrigin>>;
let browser: Browser;
let internet: Server;
let internetUrl = '';
const hits: string[] = [];
const learners: Record<'siti' | 'budi', { id: string; pin: string; name: string }> = {
  siti: { id: '', pin: '246801', name: 'Siti Serang' },
  budi: { id: '', pin: '135792', name: 'Budi Serang' },
};

/** The attacks, run in the SCO's own page; results in `window.__hostile`. `v` is '1.2' or '2004'. */
function hostileHtml(v: '1.2' | '2004', internetBase: string, appBase: string): string {
  const api = v === '1.2' ? 'window.parent.API' : 'window.parent.API_1484_11';
  const idField = v === '1.2' ? 'cmi.core.student_id' : 'cmi.learner_id';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Serang</title></head><body><p>Serang</p>
<script>
(async function () {
  var INTERNET = ${JSON.stringify(internetBase)}, APP = ${JSON.stringify(appBase)};
  var api = ${api}, r = {};
  ${v === '1.2' ? "api.LMSInitialize('');" : "api.Initialize('');"}
  var attempt = async function (fn) {
    try { var v = await fn(); return 'ok:' + String(v).slice(0, 200); }
    catch (e) { return 'blocked:' + (e && e.name ? e.name : String(e)); }
  };
  var xhr = function (url, method, body) {
    return new Promise(function (res) {
      try {
        var x = new XMLHttpRequest(); x.open(method, url, true); x.withCredentials = true;
        x.onload = function () { res('ok:' + x.status + ' ' + x.responseText.slice(0, 200)); };
        x.onerror = function () { res('blocked:error'); };
        x.send(body || null);
      } catch (e) { res('blocked:' + e.name); }
    });
  };
  var call = JSON.stringify({ method: 'results.mine', args: {} });
  r.fetchInternet = await attempt(function () { return fetch(INTERNET + '/fetch', { mode: 'cors' }).then(function (x) { return x.status; }); });
  r.xhrInternet = await xhr(INTERNET + '/xhr', 'GET');
  r.fetchApi = await attempt(function () { return fetch(APP + '/api/call', { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/json' }, body: call }).then(function (x) { return x.text(); }); });
  r.xhrApi = await xhr(APP + '/api/call', 'POST', call);
  r.beacon = await attempt(function () { return navigator.sendBeacon(INTERNET + '/beacon', 'x') ? 'queued' : 'refused'; });
  r.image = await new Promise(function (res) { var i = new Image(); i.onload = function () { res('ok:loaded'); }; i.onerror = function () { res('blocked:error'); }; i.src = INTERNET + '/img.png'; });
  r.topDocument = await attempt(function () { return window.top.document.title; });
  r.topBridge = await attempt(function () { return typeof window.top.balai; });
  r.topHref = await attempt(function () { return window.top.location.href; });
  r.open = await attempt(function () { return window.open(INTERNET + '/popup'); });
  r.topNavigation = await attempt(function () { window.top.location.href = INTERNET + '/top'; return 'set'; });
  r.storageBefore = await attempt(function () { return localStorage.getItem('balai-secret'); });
  r.cookieBefore = await attempt(function () { return document.cookie; });
  r.indexedDbBefore = await attempt(function () { return indexedDB.databases().then(function (d) { return d.map(function (x) { return x.name; }).join(','); }); });
  r.origin = self.origin;
  r.storageWrite = await attempt(function () { localStorage.setItem('balai-secret', 'milik-' + ${api}.${v === '1.2' ? 'LMSGetValue' : 'GetValue'}('${idField}')); return 'written'; });
  r.cookieWrite = await attempt(function () { document.cookie = 'balai-secret=1; max-age=3600'; return document.cookie; });
  r.indexedDbWrite = await attempt(function () { return new Promise(function (res, rej) { var o = indexedDB.open('balai-secret'); o.onsuccess = function () { res('written'); }; o.onerror = function () { rej(o.error); }; }); });
  r.setId = ${v === '1.2' ? `api.LMSSetValue('${idField}', 'penyusup')` : `api.SetValue('${idField}', 'penyusup')`};
  r.setIdError = ${v === '1.2' ? 'api.LMSGetLastError()' : 'api.GetLastError()'};
  r.idAfter = ${v === '1.2' ? `api.LMSGetValue('${idField}')` : `api.GetValue('${idField}')`};
  var forged = ${v === '1.2' ? "{ core: { student_id: 'penyusup', student_name: 'Penyusup', lesson_status: 'incomplete' }, suspend_data: 'serang' }" : "{ learner_id: 'penyusup', learner_name: 'Penyusup', completion_status: 'incomplete', suspend_data: 'serang' }"};
  r.rawCommit = await xhr('/_balai/commit', 'POST', JSON.stringify({ cmi: forged }));
  window.__hostile = r;
})();
</script></body></html>`;
}

async function startInternet(): Promise<void> {
  internet = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-allow-credentials': 'true',
      'content-type': 'text/plain',
    });
    res.end('dari internet');
  });
  await new Promise<void>((r) => internet.listen(0, '127.0.0.1', r));
  internetUrl = `http://127.0.0.1:${(internet.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  if (!existsSync(join(RENDERER, 'index.html')))
    throw new Error(`${RENDERER} is missing: run "npm run build"`);
  await startInternet();
  village = await setUpVillage(join(dir.dir, 'data'));
  host = await startHost({ core: village.core, rendererDir: RENDERER });
  sco = await startScoOrigin(village.core, new URL(host.url).origin);
  const appBase = new URL(host.url).origin;
  const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));
  for (const [course, v] of [
    [COURSE12, '1.2'],
    [COURSE2004, '2004'],
  ] as const) {
    const zip = await writeScorm12(
      join(dir.dir, `${course}.zip`),
      [
        {
          item: 'serang',
          title: 'Serang',
          launch: 'serang.html',
          html: hostileHtml(v, internetUrl, appBase),
        },
      ],
      {},
      { identifier: course, edition: v },
    );
    const out = join(dir.dir, `${course}.balaicourse`);
    // The wrap lists the internet references it finds; this SCO is ours, wrapped as a team would with --allow-remote.
    const wrapped = await wrapScorm(zip, {
      signer,
      out,
      limits: DEFAULT_LIMITS,
      now: new Date(),
      allowRemote: true,
    });
    if (!wrapped.ok) throw new Error(wrapped.reason);
    const installed = await village.core.services.courses.installVerified(out);
    if (!installed.ok) throw new Error(installed.reason);
  }
  learners.siti.id = await village.addLearner(learners.siti.name, learners.siti.pin);
  learners.budi.id = await village.addLearner(learners.budi.name, learners.budi.pin);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sco?.close();
  await host?.close();
  await new Promise<void>((r) => (internet ? internet.close(() => r()) : r()));
  village?.close();
  dir.cleanup();
});

async function apiCall(page: Page, method: string, args: unknown) {
  const answer = await page.request.post(new URL('api/call', host.url).href, { data: { method, args } });
  return (await answer.json()) as { ok: boolean; value?: unknown };
}

/** Logs a learner in (the session cookie in the shared profile) and plays the hostile SCO in the player. */
async function playHostile(
  context: BrowserContext,
  who: 'siti' | 'budi',
  course: string,
): Promise<{ page: Page; results: Record<string, string>; frame: Frame }> {
  const page = await context.newPage();
  const login = await apiCall(page, 'auth.login', { accountId: learners[who].id, pin: learners[who].pin });
  expect(login.ok).toBe(true);
  await page.goto(`${host.url}#/learn/lesson/${course}/serang`);
  await expect
    .poll(() => page.frames().some((f) => f.url().includes('/serang.html')), { timeout: 30_000 })
    .toBe(true);
  const frame = page.frames().find((f) => f.url().includes('/serang.html'))!;
  await expect.poll(() => frame.evaluate('Boolean(window.__hostile)'), { timeout: 30_000 }).toBe(true);
  const results = await frame.evaluate<Record<string, string>>('window.__hostile');
  return { page, results, frame };
}

/**
 * Nothing another launch left: an empty store, or none at all (Chromium denies storage to a frame that is
 * cross-site to the top page when third-party storage is blocked, as it is here).
 */
const noStorage = (outcome: string) => outcome === 'ok:null' || outcome === 'blocked:SecurityError';

const rows: string[] = [];
const stopped = (name: string, outcome: string, ok: boolean) => {
  rows.push(
    `${ok ? 'stopped ' : 'FAILED  '} ${name.padEnd(52)} ${outcome.replace(/\s+/g, ' ').slice(0, 90)}`,
  );
  return ok;
};

describe('a hostile SCO is stopped in real Chromium', () => {
  afterAll(() => {
    console.log(
      [
        ...rows,
        `hostile SCO: stopped ${rows.filter((r) => r.startsWith('stopped')).length}/${rows.length}`,
      ].join('\n'),
    );
  });

  for (const [course, version] of [
    [COURSE12, '1.2'],
    [COURSE2004, '2004'],
  ] as const) {
    it(`SCORM ${version}: no request leaves, the app is out of reach, storage is per launch, the learner id stays`, async () => {
      const context = await browser.newContext();
      try {
        const first = await playHostile(context, 'siti', course);
        const appUrl = first.page.url();
        const r = first.results;
        const checks: [string, string, boolean][] = [
          ['fetch to the internet', r.fetchInternet!, r.fetchInternet!.startsWith('blocked')],
          ['XHR to the internet', r.xhrInternet!, r.xhrInternet!.startsWith('blocked')],
          ["fetch to the app's /api/call", r.fetchApi!, r.fetchApi!.startsWith('blocked')],
          ["XHR to the app's /api/call", r.xhrApi!, r.xhrApi!.startsWith('blocked')],
          ['image from the internet', r.image!, r.image!.startsWith('blocked')],
          ["reading the app's document", r.topDocument!, r.topDocument!.startsWith('blocked:SecurityError')],
          ["reading the app's bridge", r.topBridge!, r.topBridge!.startsWith('blocked:SecurityError')],
          ["reading the app's URL", r.topHref!, r.topHref!.startsWith('blocked:SecurityError')],
          ['window.open', r.open!, r.open === 'ok:null' || r.open!.startsWith('blocked')],
          ['no second window opened', String(context.pages().length), context.pages().length === 1],
          ['storage left by an earlier launch', r.storageBefore!, noStorage(r.storageBefore!)],
          ['cookies left by an earlier launch', r.cookieBefore!, r.cookieBefore === 'ok:'],
          ['setting the learner id (API)', `${r.setId} ${r.setIdError}`, r.setId === 'false'],
          ['learner id after the attempt', r.idAfter!, r.idAfter === learners.siti.id],
        ];
        await first.page.waitForTimeout(500);
        checks.push(['top navigation', first.page.url(), first.page.url() === appUrl]);
        // The raw commit is answered (it is the SCO's own bridge) but its learner fields are dropped.
        const stored = village.core.services.db.get<{ cmi: string; learner_id: string }>(
          sql`SELECT cmi, learner_id FROM scorm_attempts WHERE course_id = ${course} AND learner_id = ${learners.siti.id}
              ORDER BY attempt DESC LIMIT 1`,
        );
        checks.push([
          'setting the learner id in a raw commit',
          `${r.rawCommit} ${stored?.cmi.slice(0, 80)}`,
          stored !== undefined && stored.cmi.includes('serang') && !stored.cmi.includes('penyusup'),
        ]);
        await apiCall(first.page, 'auth.logout', {});
        await first.page.close();

        // The next learner on the same browser profile: nothing of Siti's launch is there.
        const second = await playHostile(context, 'budi', course);
        const s = second.results;
        checks.push(
          ["another learner's storage", s.storageBefore!, noStorage(s.storageBefore!)],
          ["another learner's cookies", s.cookieBefore!, s.cookieBefore === 'ok:'],
          ["another learner's IndexedDB", s.indexedDbBefore!, !s.indexedDbBefore!.includes('balai-secret')],
          ['learner id of the second learner', s.idAfter!, s.idAfter === learners.budi.id],
        );
        await apiCall(second.page, 'auth.logout', {});
        await second.page.close();
        checks.push(
          ['beacon to the internet', r.beacon!, !hits.some((h) => h.includes('/beacon'))],
          ['requests the internet saw', hits.join(', ') || 'none', hits.length === 0],
        );
        const failed = checks.filter(([name, outcome, ok]) => !stopped(`${version}: ${name}`, outcome, ok));
        expect(failed).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000);
  }
});
