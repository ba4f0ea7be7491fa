import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapTincan } from '../../../main/core/content/xapi/wrap';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { startScoOrigin } from '../../../main/host/sco-origin';
import { launchParams, originRequest } from '../../helpers/content-origin';
import { setUpVillage, tempDir, type Village } from '../../helpers/core';
import { externalPackages } from '../../helpers/external-content';
import { certify } from '../../helpers/pki';

/**
 * A Tin Can package of the corpus launched as Tin Can launches (endpoint, auth, actor, registration,
 * activity_id), bookmarking through the State API: each learner resumes their own bookmark, never another's.
 */
let village: Village;
let origin: Awaited<ReturnType<typeof startScoOrigin>>;
const dir = tempDir('balai-tincan-');
const COURSE = 'basic-course';
const ACTIVITY = 'http://example.com/activities/basic-course';

beforeAll(async () => {
  village = await setUpVillage(join(dir.dir, 'data'));
  const [tincan] = externalPackages('tincan');
  const out = join(dir.dir, 'tc.balaicourse');
  const wrapped = await wrapTincan(tincan!, {
    signer: certify(newPrivateKeyFile('Tim Kabupaten Uji')),
    out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
  });
  if (!wrapped.ok) throw new Error(wrapped.reason);
  const installed = await village.core.services.courses.installVerified(out);
  if (!installed.ok) throw new Error(installed.reason);
  origin = await startScoOrigin(village.core, 'http://127.0.0.1:1');
}, 60_000);

afterAll(async () => {
  await origin?.close();
  village?.close();
  dir.cleanup();
});

async function launch(token: string) {
  const { launch: view } = await village.must(token, 'au.launch', {
    courseId: COURSE,
    lessonId: 'activities-basic-course',
  });
  const p = launchParams(view.url);
  const bookmark = (init: { method?: string; body?: string } = {}) =>
    originRequest(
      `${p.endpoint}activities/state?${new URLSearchParams({
        activityId: p.activityId,
        agent: JSON.stringify(p.actor),
        registration: p.registration,
        stateId: 'bookmark',
      }).toString()}`,
      {
        ...init,
        headers: {
          authorization: p.auth,
          'x-experience-api-version': '1.0.3',
          'content-type': 'application/json',
        },
      },
    );
  return { view, p, bookmark };
}

describe('Tin Can packages: launched with the Tin Can parameters, bookmarks per learner', () => {
  it('launches with endpoint, auth, actor, registration and activity_id, and serves the package', async () => {
    const siti = await village.addLearner('Siti', '516273');
    const { view, p } = await launch(await village.loginAs(siti, '516273'));
    const url = new URL(view.url);
    expect(url.pathname).toBe('/index.html');
    expect([...url.searchParams.keys()].sort()).toEqual([
      'activity_id',
      'actor',
      'auth',
      'endpoint',
      'registration',
    ]);
    expect(p).toMatchObject({ activityId: ACTIVITY, actor: { account: { name: siti } } });
    expect(p.auth).toMatch(/^Basic /);
    expect((await originRequest(view.url)).status).toBe(200);
  });

  it('resumes each learner at their own bookmark; a second learner starts with none', async () => {
    const ani = await village.addLearner('Ani', '624815');
    const budi = await village.addLearner('Budi', '738192');
    const aniToken = await village.loginAs(ani, '624815');
    const first = await launch(aniToken);
    expect((await first.bookmark()).status).toBe(404);
    expect((await first.bookmark({ method: 'PUT', body: JSON.stringify({ page: 3 }) })).status).toBe(204);
    await village.must(aniToken, 'auth.logout', {});

    const budiRun = await launch(await village.loginAs(budi, '738192'));
    expect((await budiRun.bookmark()).status).toBe(404);

    const again = await launch(await village.loginAs(ani, '624815'));
    expect(again.p.registration).toBe(first.p.registration);
    const resumed = await again.bookmark();
    expect(resumed.status).toBe(200);
    expect(resumed.json()).toEqual({ page: 3 });
  });
});
