import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { chromium, type Browser } from '@playwright/test';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapCmi5 } from '../../main/core/content/cmi5/wrap';
import { sql } from '../../main/core/db/sql';
import { newPrivateKeyFile } from '../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import { startScoOrigin } from '../../main/host/sco-origin';
import { setUpVillage, tempDir, type Village } from '../helpers/core';
import { certify } from '../helpers/pki';

/**
 * proof:hostile, launched content (issue 18): a cmi5 AU of our own, built here, that posts 100,000 statements
 * in a loop (1,000 requests of 100) as fast as the kiosk answers, ignoring every Retry-After. The local LRS
 * must throttle it (429) and cap it, record only what it let through, and the kiosk must keep answering the
 * learner's own calls meanwhile. Runs in Debian's Chromium against the real core and the launch's origin.
 */
const FLOOD_AU = `<!doctype html><html><head><meta charset="utf-8"><title>banjir</title></head><body><script>
const q = new URLSearchParams(location.search);
window.flood = (async () => {
  const token = (await (await fetch(q.get('fetch'), { method: 'POST' })).json())['auth-token'];
  const headers = { authorization: 'Basic ' + token, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' };
  const actor = JSON.parse(q.get('actor'));
  const state = new URLSearchParams({ stateId: 'LMS.LaunchData', activityId: q.get('activityId'), agent: q.get('actor'), registration: q.get('registration') });
  const launchData = await (await fetch(q.get('endpoint') + 'activities/state?' + state, { headers })).json();
  const context = { registration: q.get('registration'), contextActivities: launchData.contextTemplate.contextActivities, extensions: launchData.contextTemplate.extensions };
  const statement = (verb) => ({ id: crypto.randomUUID(), actor, verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb }, object: { id: q.get('activityId') }, context });
  const init = statement('initialized');
  init.context = { ...context, contextActivities: { ...context.contextActivities, category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/cmi5' }] } };
  await fetch(q.get('endpoint') + 'statements', { method: 'POST', headers, body: JSON.stringify(init) });
  const statuses = {};
  let sent = 0;
  for (let i = 0; i < 1000; i++) {
    const batch = Array.from({ length: 100 }, () => statement('progressed'));
    sent += batch.length;
    const r = await fetch(q.get('endpoint') + 'statements', { method: 'POST', headers, body: JSON.stringify(batch) });
    statuses[r.status] = (statuses[r.status] || 0) + 1;
  }
  return { sent, statuses };
})();
</script></body></html>`;

let village: Village;
let browser: Browser;
let origin: Awaited<ReturnType<typeof startScoOrigin>>;
const dir = tempDir('balai-hostile-au-');

beforeAll(async () => {
  village = await setUpVillage(join(dir.dir, 'data'));
  const zipFile = join(dir.dir, 'banjir.zip');
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from(`<?xml version="1.0"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="https://contoh.id/kursus/banjir"><title><langstring lang="id-ID">Banjir</langstring></title></course>
  <au id="https://contoh.id/kursus/banjir/au" moveOn="Completed"><title><langstring lang="id-ID">Banjir</langstring></title><url>index.html</url></au>
</courseStructure>`),
    'cmi5.xml',
  );
  zip.addBuffer(Buffer.from(FLOOD_AU), 'index.html');
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipFile));
  const out = join(dir.dir, 'banjir.balaicourse');
  const wrapped = await wrapCmi5(zipFile, {
    signer: certify(newPrivateKeyFile('Tim Kabupaten Uji')),
    out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
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

describe('proof:hostile, launched content: an AU that floods the local LRS', () => {
  it('is throttled and capped; the kiosk keeps answering the learner meanwhile', async () => {
    const learner = await village.addLearner('Siti Banjir', '516273');
    const token = await village.loginAs(learner, '516273');
    // A cap this flood reaches within the proof's time (the real one, 5,000 per launch, is the same code).
    village.core.services.au.limits.statementsPerLaunch = 600;
    const { launch } = await village.must(token, 'au.launch', { courseId: 'banjir', lessonId: 'au' });
    const page = await (await browser.newContext()).newPage();
    const started = Date.now();
    await page.goto(launch.url);
    const flood = page.evaluate<{ sent: number; statuses: Record<string, number> }>('window.flood');
    // Meanwhile the learner's own calls: each answered, and quickly.
    const latencies: number[] = [];
    let done = false;
    void flood.finally(() => (done = true));
    while (!done) {
      const t = performance.now();
      await village.must(token, 'courses.outline', { courseId: 'banjir' });
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
    const result = await flood;
    const seconds = (Date.now() - started) / 1000;
    const recorded = village.core.services.db.get<{ n: number }>(
      sql`SELECT count(*) AS n FROM outbox WHERE learner_id = ${learner} AND verb = 'http://adlnet.gov/expapi/verbs/progressed'`,
    )!.n;
    latencies.sort((a, b) => a - b);
    const p95 = latencies[Math.floor(latencies.length * 0.95)] ?? 0;
    console.log(
      `flooding AU: ${result.sent} statements sent in ${seconds.toFixed(1)} s; answers ${JSON.stringify(result.statuses)}; ` +
        `recorded ${recorded}; learner's calls meanwhile: ${latencies.length}, p95 ${p95.toFixed(0)} ms, max ${(latencies.at(-1) ?? 0).toFixed(0)} ms`,
    );
    expect(result.sent).toBe(100_000);
    expect(result.statuses['429']).toBeGreaterThan(0);
    expect(recorded).toBeLessThanOrEqual(600);
    expect(recorded % 100).toBe(0);
    expect(latencies.length).toBeGreaterThan(3);
    expect(p95).toBeLessThan(1000);
    await page.context().close();
  }, 300_000);
});
