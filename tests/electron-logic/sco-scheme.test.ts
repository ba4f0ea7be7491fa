import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapScorm } from '../../main/core/content/scorm/wrap';
import { newPrivateKeyFile } from '../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import {
  answerScoRequest,
  isAllowedFrameUrl,
  SCO_PRIVILEGES,
  scoOriginFor,
  scoTokenOf,
} from '../../main/electron/sco-scheme';
import { setUpVillage, tempDir, type Village } from '../helpers/core';
import { certify } from '../helpers/pki';
import { readingScoHtml, writeScorm12 } from '../helpers/scorm-package';

/**
 * The Electron shell's SCO scheme without Electron: what `balai-sco://<token>/…` answers (launcher, package
 * files with Range, the SCO CSP framed only by balai://app) and what it refuses, on a real core with a
 * wrapped course installed.
 */
const dir = tempDir('balai-sco-scheme-');
const COURSE = 'uji.scorm.skema';
let village: Village;
let token: string;
let url: string;

beforeAll(async () => {
  const zip = await writeScorm12(
    join(dir.dir, 'skema.zip'),
    [{ item: 'bacaan', title: 'Bacaan', launch: 'isi/bacaan satu.html', html: readingScoHtml('Halo') }],
    { 'isi/video.webm': Buffer.alloc(10_000, 7) },
    { identifier: COURSE },
  );
  const out = join(dir.dir, 'skema.balaicourse');
  const wrapped = await wrapScorm(zip, {
    signer: certify(newPrivateKeyFile('Tim Uji')),
    out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
  });
  if (!wrapped.ok) throw new Error(wrapped.reason);
  village = await setUpVillage(join(dir.dir, 'data'));
  const installed = await village.core.services.courses.installVerified(out);
  if (!installed.ok) throw new Error(installed.reason);
  village.core.services.scorm.serveOrigins(scoOriginFor);
  const learner = await village.addLearner('Siti', '246801');
  const session = await village.loginAs(learner, '246801');
  const { launch } = await village.must(session, 'scorm.launch', { courseId: COURSE, lessonId: 'bacaan' });
  url = launch.url;
  token = new URL(url).hostname;
}, 60_000);

afterAll(() => {
  village?.close();
  dir.cleanup();
});

const get = (u: string, headers: Record<string, string> = {}) =>
  answerScoRequest(village.core.services, new Request(u, { headers }));

describe('the SCO scheme (Electron), as a pure request → response', () => {
  it('gives each launch its own balai-sco:// origin', () => {
    expect(url).toBe(`balai-sco://${token}/_balai/launch.html`);
    expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(SCO_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, stream: true });
  });

  it('serves the launcher and the package by its own names with the SCO CSP, framed only by the app', async () => {
    const launcher = await get(url);
    expect(launcher.status).toBe(200);
    const csp = launcher.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' balai://app");
    const page = await get(`balai-sco://${token}/isi/bacaan%20satu.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Halo');
    expect(page.headers.get('content-security-policy')).toBe(csp);
    const part = await get(`balai-sco://${token}/isi/video.webm`, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
  });

  it('refuses what is not a live launch: another host, a port, user info, a closed token, paths outside', async () => {
    // A URL with user info cannot even become a Request; the token check refuses it anyway.
    expect(scoTokenOf(`balai-sco://x@${token}/_balai/launch.html`)).toBeNull();
    for (const bad of [
      'balai-sco://app/_balai/launch.html',
      `balai-sco://${token}:8080/_balai/launch.html`,
      `balai://${token}/_balai/launch.html`,
    ]) {
      expect(scoTokenOf(bad), bad).toBeNull();
      expect((await get(bad)).status, bad).toBe(421);
    }
    expect((await get(`balai-sco://${'a'.repeat(32)}/_balai/launch.html`)).status).toBe(410);
    expect((await get(`balai-sco://${token}/%2e%2e/%2e%2e/course.json`)).status).toBe(404);
    expect((await get(`balai-sco://${token}/_balai/commit`)).status).toBe(405);
  });

  it('lets sub-frames go only to SCO origins, the app and about:blank', () => {
    expect(isAllowedFrameUrl(`balai-sco://${token}/isi/bacaan.html`)).toBe(true);
    expect(isAllowedFrameUrl('about:blank')).toBe(true);
    expect(isAllowedFrameUrl('balai://app/index.html')).toBe(true);
    for (const bad of [
      'https://example.com/',
      'http://127.0.0.1:4780/api/call',
      'file:///etc/passwd',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      'balai://evil/index.html',
      'balai-sco://notatoken/x',
    ])
      expect(isAllowedFrameUrl(bad), bad).toBe(false);
  });
});
