import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import xapiValidation from '@learninglocker/xapi-validation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapCmi5 } from '../../../main/core/content/cmi5/wrap';
import { sql } from '../../../main/core/db/sql';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { startScoOrigin } from '../../../main/host/sco-origin';
import { launchParams, originRequest, type OriginAnswer } from '../../helpers/content-origin';
import { setUpVillage, tempDir, type Village } from '../../helpers/core';
import { externalPackages } from '../../helpers/external-content';
import { certify } from '../../helpers/pki';

type Validate = (statement: unknown) => { path: string[]; message: string }[];
const validate: Validate = (xapiValidation as unknown as { default?: Validate }).default ?? xapiValidation;

/**
 * The kiosk's local LRS (xAPI 1.0.3 Communication §2–3) as launched content meets it: over real HTTP on the
 * launch's own origin, against the real core and SQLite, with a cmi5 course of the corpus installed.
 */
let village: Village;
let origin: Awaited<ReturnType<typeof startScoOrigin>>;
const dir = tempDir('balai-local-lrs-');
const COURSE = 'geology-intro-preposttest';
const CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
const MOVE_ON = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
const SESSION = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';

beforeAll(async () => {
  village = await setUpVillage(join(dir.dir, 'data'));
  const [prePost] = externalPackages('cmi5').filter((f) => f.includes('pre_post'));
  const out = join(dir.dir, 'pp.balaicourse');
  const signer = certify(newPrivateKeyFile('Tim Kabupaten Uji'));
  const base = `https://w3id.org/xapi/cmi5/catapult/lts/course/${COURSE}/block1`;
  const wrapped = await wrapCmi5(prePost!, {
    signer,
    out,
    limits: DEFAULT_LIMITS,
    now: new Date(),
    pretest: `${base}/pre`,
    posttest: `${base}/post`,
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

/** A learner's launch of an AU, with its fetched credential and a client for its endpoint. */
async function launch(token: string, lessonId = 'block1-pre') {
  const { launch: view } = await village.must(token, 'au.launch', { courseId: COURSE, lessonId });
  const params = launchParams(view.url);
  const fetched = await originRequest(params.fetch, { method: 'POST' });
  const auth = `Basic ${fetched.json<{ 'auth-token': string }>()['auth-token']}`;
  const lrs = (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
  ) =>
    originRequest(`${params.endpoint}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: auth,
        'x-experience-api-version': '1.0.3',
        ...(init.body !== undefined && typeof init.body !== 'string'
          ? { 'content-type': 'application/json' }
          : {}),
        ...init.headers,
      },
      body:
        init.body === undefined
          ? undefined
          : typeof init.body === 'string'
            ? init.body
            : JSON.stringify(init.body),
    });
  const stateQuery = (stateId: string, extra: Record<string, string> = {}) =>
    query({
      activityId: params.activityId,
      agent: JSON.stringify(params.actor),
      registration: params.registration,
      stateId,
      ...extra,
    });
  const launchData = (await lrs(`activities/state?${stateQuery('LMS.LaunchData')}`)).json<{
    contextTemplate: { contextActivities: object; extensions: Record<string, string> };
  }>();
  const sessionId = launchData.contextTemplate.extensions[SESSION]!;
  /** A cmi5 defined statement of this AU's session. */
  const cmi5 = (verb: string, extra: Record<string, unknown> = {}, categories = [CATEGORY]) => ({
    id: randomUUID(),
    actor: params.actor,
    verb: { id: `http://adlnet.gov/expapi/verbs/${verb}`, display: { 'en-US': verb } },
    object: { objectType: 'Activity', id: params.activityId },
    context: {
      registration: params.registration,
      contextActivities: {
        ...launchData.contextTemplate.contextActivities,
        category: categories.map((id) => ({ id })),
      },
      extensions: { [SESSION]: sessionId },
    },
    timestamp: new Date().toISOString(),
    ...extra,
  });
  return { view, params, fetched, auth, lrs, stateQuery, launchData, sessionId, cmi5 };
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

const outbox = (learner: string) =>
  village.core.services.db.all<{ verb: string; statement: string }>(
    sql`SELECT verb, statement FROM outbox WHERE learner_id = ${learner} ORDER BY seq`,
  );
const expectStatus = (answer: OriginAnswer, status: number) =>
  expect(answer.status, answer.text).toBe(status);

describe('the local LRS: xAPI 1.0.3 resources for launched content', () => {
  it('answers About and the version header; refuses requests without the credential or the version', async () => {
    const siti = await village.addLearner('Siti Aminah', '516273');
    const run = await launch(await village.loginAs(siti, '516273'));
    const about = await originRequest(`${run.params.endpoint}about`);
    expectStatus(about, 200);
    expect(about.headers['x-experience-api-version']).toBe('1.0.3');
    expect(about.json<{ version: string[] }>().version).toContain('1.0.3');
    expectStatus(await run.lrs('statements', { headers: { 'x-experience-api-version': '' } }), 400);
    expectStatus(await run.lrs('statements', { headers: { authorization: 'Basic bm9ib2R5Om5vbmU=' } }), 401);
    expectStatus(
      await originRequest(`${run.params.endpoint}statements`, {
        headers: { 'x-experience-api-version': '1.0.3' },
      }),
      401,
    );
  });

  it('gives the fetch token once; LMS.LaunchData is written before launch with an ETag', async () => {
    const ani = await village.addLearner('Ani', '624815');
    const run = await launch(await village.loginAs(ani, '624815'));
    expect(run.fetched.json()).toHaveProperty('auth-token');
    const again = await originRequest(run.params.fetch, { method: 'POST' });
    expect(again.json()).toMatchObject({ 'error-code': '1' });
    expect(again.text).not.toContain(run.auth.slice(6));
    const state = await run.lrs(`activities/state?${run.stateQuery('LMS.LaunchData')}`);
    expectStatus(state, 200);
    expect(state.headers.etag).toMatch(/^"[0-9a-f]{40}"$/);
    expect(state.json()).toMatchObject({ launchMode: 'Normal', moveOn: 'Passed', launchMethod: 'AnyWindow' });
    // The LMS's `launched` is there before the AU says anything, and the AU can read it back.
    const statements = (await run.lrs('statements')).json<{ statements: { verb: { id: string } }[] }>();
    expect(statements.statements.map((s) => s.verb.id)).toEqual(['http://adlnet.gov/expapi/verbs/launched']);
  });

  it('stores statements by POST and PUT; the same id again is a no-op, a changed one 409', async () => {
    const budi = await village.addLearner('Budi', '738192');
    const run = await launch(await village.loginAs(budi, '738192'));
    const init = run.cmi5('initialized');
    const posted = await run.lrs('statements', { method: 'POST', body: init });
    expectStatus(posted, 200);
    expect(posted.json()).toEqual([init.id]);
    const extra = run.cmi5('experienced', {}, []);
    expectStatus(await run.lrs(`statements?statementId=${extra.id}`, { method: 'PUT', body: extra }), 204);
    expectStatus(await run.lrs(`statements?statementId=${extra.id}`, { method: 'PUT', body: extra }), 204);
    const changed = {
      ...extra,
      verb: { id: 'http://adlnet.gov/expapi/verbs/interacted', display: { 'en-US': 'x' } },
    };
    expectStatus(await run.lrs(`statements?statementId=${extra.id}`, { method: 'PUT', body: changed }), 409);
    expectStatus(
      await run.lrs(`statements?statementId=${randomUUID()}`, { method: 'PUT', body: extra }),
      400,
    );
    const got = await run.lrs(`statements?statementId=${init.id}`);
    expectStatus(got, 200);
    expect(got.headers['x-experience-api-consistent-through']).toBeTruthy();
    const stored = got.json<Record<string, unknown>>();
    expect(stored).toMatchObject({
      id: init.id,
      actor: run.params.actor,
      stored: expect.any(String) as string,
    });
    expect(JSON.stringify(stored)).toContain('https://w3id.org/balai-belajar/xapi/ext/desa-code');
    // Into the outbox once each, stamped with our actor and context, valid for any LRS.
    const rows = outbox(budi).filter((r) => r.statement.includes(init.id) || r.statement.includes(extra.id));
    expect(rows).toHaveLength(2);
    for (const row of outbox(budi)) expect(validate(JSON.parse(row.statement)), row.statement).toEqual([]);
  });

  it('pages with limit and more, and filters by since, until, verb and activity', async () => {
    const dewi = await village.addLearner('Dewi', '847263');
    const run = await launch(await village.loginAs(dewi, '847263'));
    const t0 = village.clock.now().toISOString();
    village.clock.advance(1000);
    expectStatus(await run.lrs('statements', { method: 'POST', body: run.cmi5('initialized') }), 200);
    village.clock.advance(1000);
    const t1 = village.clock.now().toISOString();
    village.clock.advance(1000);
    for (let i = 0; i < 3; i++)
      expectStatus(
        await run.lrs('statements', { method: 'POST', body: run.cmi5('progressed', {}, []) }),
        200,
      );
    const page1 = (await run.lrs('statements?limit=2')).json<{
      statements: { id: string }[];
      more: string;
    }>();
    expect(page1.statements).toHaveLength(2);
    expect(page1.more).toMatch(/^\/_balai\/xapi\/statements\?/);
    // `more` keeps the query (limit=2): following it to the end gives every statement once.
    const all = [...page1.statements];
    let more = page1.more;
    for (let pages = 1; more !== ''; pages++) {
      expect(pages).toBeLessThan(5);
      const next = (
        await originRequest(new URL(more, run.params.endpoint).toString(), {
          headers: { authorization: run.auth, 'x-experience-api-version': '1.0.3' },
        })
      ).json<{ statements: { id: string }[]; more: string }>();
      expect(next.statements.length).toBeLessThanOrEqual(2);
      all.push(...next.statements);
      more = next.more;
    }
    expect(new Set(all.map((s) => s.id)).size).toBe(5); // launched, initialized, three progressed
    expect(all).toHaveLength(5);
    const since = (await run.lrs(`statements?since=${encodeURIComponent(t1)}`)).json<{
      statements: object[];
    }>();
    expect(since.statements).toHaveLength(3);
    const until = (await run.lrs(`statements?until=${encodeURIComponent(t0)}`)).json<{
      statements: object[];
    }>();
    expect(until.statements).toHaveLength(1); // the LMS's launched
    const verb = encodeURIComponent('http://adlnet.gov/expapi/verbs/initialized');
    expect(
      (await run.lrs(`statements?verb=${verb}`)).json<{ statements: object[] }>().statements,
    ).toHaveLength(1);
    expectStatus(await run.lrs('statements?limit=x'), 400);
    expectStatus(await run.lrs('statements?since=kemarin'), 400);
  });

  it('keeps documents with ETags: If-Match, If-None-Match, merge by POST, 409 on a blind profile PUT', async () => {
    const eko = await village.addLearner('Eko', '958374');
    const run = await launch(await village.loginAs(eko, '958374'));
    const q = run.stateQuery('bookmark');
    const put = await run.lrs(`activities/state?${q}`, { method: 'PUT', body: { page: 3 } });
    expectStatus(put, 204);
    const etag = put.headers.etag!;
    expectStatus(
      await run.lrs(`activities/state?${q}`, {
        method: 'PUT',
        body: { page: 4 },
        headers: { 'if-match': '"nope"' },
      }),
      412,
    );
    expectStatus(
      await run.lrs(`activities/state?${q}`, {
        method: 'PUT',
        body: { page: 4 },
        headers: { 'if-none-match': '*' },
      }),
      412,
    );
    expectStatus(
      await run.lrs(`activities/state?${q}`, {
        method: 'POST',
        body: { answer: 'B' },
        headers: { 'if-match': etag },
      }),
      204,
    );
    const merged = await run.lrs(`activities/state?${q}`);
    expect(merged.json()).toEqual({ page: 3, answer: 'B' });
    expect(merged.headers.etag).not.toBe(etag);
    const ids = await run.lrs(
      `activities/state?${query({ activityId: run.params.activityId, agent: JSON.stringify(run.params.actor), registration: run.params.registration })}`,
    );
    expect(ids.json()).toEqual(['LMS.LaunchData', 'bookmark']);
    expectStatus(
      await run.lrs(`activities/state?${q}`, {
        method: 'POST',
        body: 'teks',
        headers: { 'content-type': 'text/plain' },
      }),
      400,
    );

    const profile = `activities/profile?${query({ activityId: run.params.activityId, profileId: 'p1' })}`;
    expectStatus(
      await run.lrs(profile, { method: 'PUT', body: { a: 1 }, headers: { 'if-none-match': '*' } }),
      204,
    );
    expectStatus(await run.lrs(profile, { method: 'PUT', body: { a: 2 } }), 409);
    const current = await run.lrs(profile);
    expectStatus(
      await run.lrs(profile, {
        method: 'PUT',
        body: { a: 2 },
        headers: { 'if-match': current.headers.etag! },
      }),
      204,
    );
    expect((await run.lrs(profile)).json()).toEqual({ a: 2 });

    const agentProfile = `agents/profile?${query({ agent: JSON.stringify(run.params.actor), profileId: 'cmi5LearnerPreferences' })}`;
    expectStatus(await run.lrs(agentProfile), 404);
    expectStatus(
      await run.lrs(agentProfile, {
        method: 'PUT',
        body: { languagePreference: 'id-ID' },
        headers: { 'if-none-match': '*' },
      }),
      204,
    );
    expect((await run.lrs(agentProfile)).json()).toEqual({ languagePreference: 'id-ID' });
    expectStatus(await run.lrs(`activities/state?${q}`, { method: 'DELETE' }), 204);
    expectStatus(await run.lrs(`activities/state?${q}`), 404);
  });

  it('refuses another learner, another registration or activity, another actor, and a dead or reused token', async () => {
    const fitri = await village.addLearner('Fitri', '275918');
    const gani = await village.addLearner('Gani', '381649');
    const fitriToken = await village.loginAs(fitri, '275918');
    const a = await launch(fitriToken);
    expectStatus(
      await a.lrs(`activities/state?${a.stateQuery('bookmark')}`, {
        method: 'PUT',
        body: { rahasia: 'Fitri' },
      }),
      204,
    );
    expectStatus(await a.lrs('statements', { method: 'POST', body: a.cmi5('initialized') }), 200);
    const b = await launch(await village.loginAs(gani, '381649'));

    // Gani's token asking for Fitri's state, her registration, or another activity.
    const asFitri = query({
      activityId: a.params.activityId,
      agent: JSON.stringify(a.params.actor),
      stateId: 'bookmark',
    });
    expectStatus(await b.lrs(`activities/state?${asFitri}`), 403);
    expectStatus(
      await b.lrs(`activities/state?${b.stateQuery('bookmark', { registration: a.params.registration })}`),
      403,
    );
    expectStatus(await b.lrs(`statements?registration=${a.params.registration}`), 403);
    expectStatus(await b.lrs(`statements?agent=${encodeURIComponent(JSON.stringify(a.params.actor))}`), 403);
    expectStatus(
      await b.lrs(`activities/state?${b.stateQuery('bookmark', { activityId: 'https://contoh.id/lain' })}`),
      403,
    );
    expectStatus(await b.lrs(`statements?statementId=${outboxIdOf(fitri)}`), 404);
    // Gani's own view holds nothing of Fitri's.
    const listed = await b.lrs('statements');
    expect(listed.text).not.toContain(fitri);
    expect(listed.text).not.toContain('Fitri');
    // A statement for Fitri sent with Gani's token, or for another registration.
    expectStatus(
      await b.lrs('statements', {
        method: 'POST',
        body: { ...b.cmi5('initialized'), actor: a.params.actor },
      }),
      403,
    );
    const otherReg = b.cmi5('initialized');
    otherReg.context.registration = a.params.registration;
    expectStatus(await b.lrs('statements', { method: 'POST', body: otherReg }), 403);
    const mbox = { ...b.cmi5('initialized'), actor: { mbox: 'mailto:gani@contoh.id' } };
    expectStatus(await b.lrs('statements', { method: 'POST', body: mbox }), 403);

    // Fitri logs out: her token and her origin are dead.
    await village.must(fitriToken, 'auth.logout', {});
    const dead = await a.lrs(`activities/state?${a.stateQuery('bookmark')}`);
    expect(dead.status).toBe(410);
    expect(dead.text).not.toContain('rahasia');
    // A second launch of Gani's retires the first's origin and credential.
    const bAgain = await launch(await village.loginAs(gani, '381649'));
    expect((await b.lrs('statements')).status).toBe(410);
    expectStatus(
      await originRequest(`${bAgain.params.endpoint}statements`, {
        headers: { authorization: b.auth, 'x-experience-api-version': '1.0.3' },
      }),
      401,
    );
  });
});

const outboxIdOf = (learner: string) => (JSON.parse(outbox(learner).at(-1)!.statement) as { id: string }).id;

describe('cmi5 rules on the AU statements', () => {
  it('refuses statements out of order, a pass below masteryScore, a second completed, anything after terminated', async () => {
    const hana = await village.addLearner('Hana', '492751');
    const run = await launch(await village.loginAs(hana, '492751'), 'block1-content');
    expectStatus(
      await run.lrs('statements', { method: 'POST', body: run.cmi5('completed', {}, [CATEGORY, MOVE_ON]) }),
      403,
    );
    expectStatus(await run.lrs('statements', { method: 'POST', body: run.cmi5('initialized') }), 200);
    expectStatus(await run.lrs('statements', { method: 'POST', body: run.cmi5('initialized') }), 403);
    // Without the cmi5 category a cmi5 verb is refused; about another activity too.
    expectStatus(
      await run.lrs('statements', { method: 'POST', body: run.cmi5('completed', {}, [MOVE_ON]) }),
      403,
    );
    const elsewhere = run.cmi5('completed', {}, [CATEGORY, MOVE_ON]);
    elsewhere.object = { objectType: 'Activity', id: 'https://contoh.id/lain' };
    expectStatus(await run.lrs('statements', { method: 'POST', body: elsewhere }), 403);
    const completed = run.cmi5('completed', { result: { completion: true, duration: 'PT30S' } }, [
      CATEGORY,
      MOVE_ON,
    ]);
    expectStatus(await run.lrs('statements', { method: 'POST', body: completed }), 200);
    expectStatus(
      await run.lrs('statements', { method: 'POST', body: run.cmi5('completed', {}, [CATEGORY, MOVE_ON]) }),
      403,
    );
    expectStatus(
      await run.lrs('statements', {
        method: 'POST',
        body: run.cmi5('terminated', { result: { duration: 'PT40S' } }),
      }),
      200,
    );
    expectStatus(await run.lrs('statements', { method: 'POST', body: run.cmi5('progressed', {}, []) }), 403);
  });

  it('checks masteryScore on passed and failed, and feeds the pretest and posttest gain', async () => {
    const ida = await village.addLearner('Ida', '603857');
    const token = await village.loginAs(ida, '603857');
    village.core.services.db.run(sql`UPDATE lesson_progress SET status = status`);
    // The CATAPULT pre-test AU has no masteryScore: its own score is its result.
    const pre = await launch(token, 'block1-pre');
    expectStatus(await pre.lrs('statements', { method: 'POST', body: pre.cmi5('initialized') }), 200);
    const failed = pre.cmi5('failed', { result: { success: false, score: { scaled: 0.4 } } });
    expectStatus(await pre.lrs('statements', { method: 'POST', body: failed }), 200);
    expectStatus(await pre.lrs('statements', { method: 'POST', body: pre.cmi5('terminated') }), 200);
    const post = await launch(token, 'block1-post');
    expectStatus(await post.lrs('statements', { method: 'POST', body: post.cmi5('initialized') }), 200);
    const passed = post.cmi5('passed', { result: { success: true, score: { scaled: 0.9 } } }, [
      CATEGORY,
      MOVE_ON,
    ]);
    expectStatus(await post.lrs('statements', { method: 'POST', body: passed }), 200);
    expectStatus(
      await post.lrs('statements', {
        method: 'POST',
        body: post.cmi5('failed', { result: { success: false, score: { scaled: 0.1 } } }),
      }),
      403,
    );
    const { results } = await village.must(token, 'results.mine', {});
    expect(results.find((r) => r.courseId === COURSE)).toMatchObject({
      pretestScore: 40,
      posttestScore: 90,
      gain: 50,
    });
  });
});
