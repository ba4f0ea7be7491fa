import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleH5pRequest } from '../../../main/core/content/h5p/bridge';
import { MAX_STATEMENTS_PER_LAUNCH } from '../../../main/core/content/h5p/runtime';
import { wrapH5p } from '../../../main/core/content/h5p/wrap';
import { sql } from '../../../main/core/db/sql';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { setUpVillage, tempDir, type Village } from '../../helpers/core';
import { externalPackage } from '../../helpers/external-content';
import { certify } from '../../helpers/pki';
import { validateStatement } from '../../helpers/xapi-validate';

/**
 * The H5P bridge without a browser: the real core and SQLite, the corpus's True/False wrapped as a posttest,
 * and the requests the launcher and H5P make on a launch's origin (the same handler both shells serve).
 * The browser half (h5p-standalone drawing a Question Set, saving and resuming it) is tests/e2e/learner-h5p.spec.ts.
 */
let village: Village;
const dir = tempDir('balai-h5p-runtime-');
const COURSE = 'uji-h5p';
const APP = 'http://127.0.0.1:1';

beforeAll(async () => {
  village = await setUpVillage(join(dir.dir, 'data'));
  const out = join(dir.dir, 'tf.balaicourse');
  const wrapped = await wrapH5p(externalPackage('h5p', 'h5p-standalone_TrueFalse_hello-world.h5p'), {
    signer: certify(newPrivateKeyFile('Tim Kabupaten Uji')),
    out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
    id: COURSE,
    assessment: 'post',
    passingScaled: 0.5,
  });
  if (!wrapped.ok) throw new Error(wrapped.reason);
  const installed = await village.core.services.courses.installVerified(out);
  if (!installed.ok) throw new Error(installed.reason);
  village.core.services.h5p.serveOrigins((token) => `http://${token}.localhost:9`);
}, 120_000);

afterAll(() => {
  village?.close();
  dir.cleanup();
});

async function launch(token: string) {
  const { launch } = await village.must(token, 'h5p.launch', { courseId: COURSE, lessonId: 'aktivitas' });
  const launchToken = new URL(launch.url).hostname.split('.')[0]!;
  const ask = async (path: string, init: RequestInit = {}) => {
    const live = village.core.services.h5p.live(launchToken);
    if (!live) return new Response('closed', { status: 410 });
    return handleH5pRequest(village.core.services, live, new Request(`${launch.origin}${path}`, init), APP);
  };
  return { launch, launchToken, ask };
}

const form = (data: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ data, preload: '1', invalidate: '1' }).toString(),
});
const xapi = (statement: unknown) => ({ method: 'POST', body: JSON.stringify(statement) });
const STATE = '/_balai/user-data?dataType=state&subContentId=0';

/** A statement as H5P makes it (its own actor, object IRI and context, which the kiosk ignores). */
const h5pStatement = (verb: string, extra: Record<string, unknown> = {}, sub?: string) => ({
  actor: { name: 'Peserta', mbox: 'mailto:orang-lain@contoh.id', objectType: 'Agent' },
  verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
  object: {
    id: 'https://w3id.org/balai-belajar/xapi/course/uji-h5p/lesson/aktivitas',
    objectType: 'Activity',
    definition: {
      name: { 'en-US': 'Hello World' },
      extensions: {
        'http://h5p.org/x-api/h5p-local-content-id': 'aktivitas',
        ...(sub ? { 'http://h5p.org/x-api/h5p-subContentId': sub } : {}),
      },
    },
  },
  context: { contextActivities: { category: [{ id: 'http://h5p.org/libraries/H5P.TrueFalse-1.6' }] } },
  ...extra,
});

const outbox = (learnerId: string) =>
  village.core.services.db
    .all<{ statement: string }>(
      sql`SELECT statement FROM outbox WHERE learner_id = ${learnerId} ORDER BY seq`,
    )
    .map(
      (r) =>
        JSON.parse(r.statement) as {
          verb: { id: string };
          actor: unknown;
          object: { id: string };
          result?: unknown;
        },
    );

describe('H5P bridge: each learner their own user data, H5P xAPI into the outbox', () => {
  it('keeps user data per learner in SQLite: resumes for the same learner, a second learner starts fresh', async () => {
    const siti = await village.addLearner('Siti Aminah', '516273');
    const budi = await village.addLearner('Budi Santoso', '624815');
    const sitiToken = await village.loginAs(siti, '516273');
    const first = await launch(sitiToken);
    expect(first.launch).toMatchObject({ resumed: false, needsInternet: false });
    expect((await first.ask(STATE, form('{"answer":true}'))).status).toBe(200);
    expect(await (await first.ask(STATE)).json()).toEqual({ success: true, data: '{"answer":true}' });
    expect(
      village.core.services.db.all(
        sql`SELECT learner_id, sub_content_id, data_type, data FROM h5p_user_data`,
      ),
    ).toEqual([{ learner_id: siti, sub_content_id: '0', data_type: 'state', data: '{"answer":true}' }]);
    await village.must(sitiToken, 'auth.logout', {});
    // Her launch dies with her session: nothing more is read or saved through it.
    expect((await first.ask(STATE, form('{"answer":false}'))).status).toBe(410);

    const budiToken = await village.loginAs(budi, '624815');
    const second = await launch(budiToken);
    expect(second.launch.resumed).toBe(false);
    expect(await (await second.ask('/_balai/state')).json()).toMatchObject({ userData: {} });
    expect(await (await second.ask(STATE)).json()).toEqual({ success: true, data: false });
    await village.must(budiToken, 'auth.logout', {});

    const again = await launch(await village.loginAs(siti, '516273'));
    expect(again.launch.resumed).toBe(true);
    expect(await (await again.ask('/_balai/state')).json()).toMatchObject({
      userData: { '0': { state: '{"answer":true}' } },
    });
    // H5P's "0" deletes a document.
    await again.ask(STATE, form('0'));
    expect(await (await again.ask(STATE)).json()).toEqual({ success: true, data: false });
    // Keys outside H5P's alphabet are refused.
    expect((await again.ask('/_balai/user-data?dataType=../x&subContentId=0')).status).toBe(400);
  });

  it('maps H5P statements onto the profile with our actor, debounces progress, and a scored posttest counts', async () => {
    const rina = await village.addLearner('Rina Wati', '738192');
    const token = await village.loginAs(rina, '738192');
    const { ask } = await launch(token);
    const post = async (statement: unknown) =>
      (await (await ask('/_balai/xapi', xapi(statement))).json()) as {
        recorded: boolean;
      };
    expect(await post(h5pStatement('interacted'))).toMatchObject({ recorded: true });
    expect(await post(h5pStatement('interacted'))).toMatchObject({ recorded: false }); // within 10 s
    expect(await post(h5pStatement('paused'))).toMatchObject({ recorded: false });
    expect(
      await post(
        h5pStatement(
          'answered',
          { result: { score: { raw: 1, min: 0, max: 1 }, success: true, response: 'true' } },
          'a1b2',
        ),
      ),
    ).toMatchObject({ recorded: true });
    expect(
      await post(
        h5pStatement('answered', { result: { score: { raw: 1, min: 0, max: 1, scaled: 1 }, success: true } }),
      ),
    ).toMatchObject({ recorded: true, final: true });
    expect((await ask('/_balai/xapi', { method: 'POST', body: '{"verb":' })).status).toBe(400);

    const statements = outbox(rina);
    expect(statements.map((s) => s.verb.id.split('/').pop())).toEqual([
      'launched',
      'initialized',
      'progressed',
      'answered',
      // The course's one lesson is its posttest: passing it completes the course and issues the certificate
      // (content/assessment.ts), in the same transaction as the scored statement.
      'completed',
      'certificate-issued',
      'passed',
    ]);
    const kiosk = village.core.services.db.get<{ device_id: string }>(sql`SELECT device_id FROM kiosk`);
    for (const s of statements) {
      expect(validateStatement(s)).toEqual([]);
      expect(s.actor).toEqual({
        objectType: 'Agent',
        account: { homePage: `https://w3id.org/balai-belajar/xapi/kiosk/${kiosk?.device_id}`, name: rina },
      });
    }
    expect(statements[3]!.object.id).toBe(
      'https://w3id.org/balai-belajar/xapi/course/uji-h5p/lesson/aktivitas/h5p/a1b2',
    );
    expect(statements.at(-1)!.result).toEqual({
      score: { scaled: 1, raw: 1, min: 0, max: 1 },
      success: true,
      completion: true,
    });
    // The activity is the course's posttest: the learner's results count its score like a native one.
    const { results } = await village.must(token, 'results.mine', {});
    expect(results.find((r) => r.courseId === COURSE)).toMatchObject({
      posttestScore: 100,
      lessonsCompleted: 1,
      attempts: { post: 1 },
    });
  });

  it('serves the activity and only the libraries its course names; caps the statements of a launch', async () => {
    const yudi = await village.addLearner('Yudi Pratama', '847263');
    const { ask, launchToken } = await launch(await village.loginAs(yudi, '847263'));
    expect((await ask('/content/h5p.json')).status).toBe(200);
    expect((await ask('/content/content/content.json')).status).toBe(200);
    expect((await ask('/libraries/H5P.TrueFalse-1.6/library.json')).status).toBe(200);
    expect((await ask('/_balai/player/main.bundle.js')).status).toBe(200);
    const page = await ask('/_balai/h5p.html');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${APP}`);
    expect((await ask('/libraries/H5P.QuestionSet-1.17/library.json')).status).toBe(404);
    expect((await ask('/content/libraries/H5P.TrueFalse-1.6/library.json')).status).toBe(404);
    // Escapes: the URL parser resolves dot segments first (then nothing is under /content/), encoded
    // slashes never make a library name, and the file server refuses what is left.
    expect((await ask('/content/%2e%2e/course.json')).status).toBe(404);
    expect((await ask('/libraries/..%2F..%2Fcourses/x')).status).toBe(404);
    expect((await ask('/content/content%2F..%2F..%2Fcourse.json')).status).toBe(403);
    expect((await ask('/libraries/H5P.TrueFalse-1.6/..%2F..%2F..%2Fbalai.sqlite')).status).toBe(403);
    village.core.services.h5p.live(launchToken)!.statements = MAX_STATEMENTS_PER_LAUNCH;
    expect((await ask('/_balai/xapi', xapi(h5pStatement('answered', {}, 'x')))).status).toBe(429);
  });
});
