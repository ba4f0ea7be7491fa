/**
 * What a hostile web page or client on the network tries against the browser-mode host: a page on another
 * name that DNS rebinding points at 127.0.0.1 (foreign `Host`), a foreign `Origin`, a flood of anonymous
 * calls meant to push the logged-in operator out, and a fetch of every file the installed course holds
 * under `/content/` (the manifest carries the question bank with its answer keys), logged in or not.
 */
import { COURSE_ID, courseFiles } from '../../core/packages/fixtures';
import type { HostileCase, Outcome, ProofVillage } from './harness';
import { callOutcome, exchange, type Exchanged } from './http';

const INSTALLED = '1.1.0';
/** Every file of the installed course version, as its package holds them (the signature too). */
const COURSE_FILES = [...Object.keys(courseFiles(INSTALLED)), 'signature.json'].sort();
/** What its lessons show (lessons/01.md shows both pictures); everything else must stay inside. */
const SHOWN = new Set(['media/bagan.svg', 'media/foto.png']);
const FLOOD = 250;

const callBody = (method: string, args: unknown) => Buffer.from(JSON.stringify({ method, args }));

function apiCall(v: ProofVillage, headers: Record<string, string>, body: Buffer): Promise<Exchanged> {
  return exchange(
    new URL('api/call', v.host.url),
    'POST',
    { 'content-type': 'application/json', ...headers },
    body,
  );
}

/** A file fetch: accepted when any bytes of it came back. */
function fileOutcome({ status, text }: Exchanged): Outcome {
  if (status === 200 || status === 206)
    return { kind: 'accepted', detail: `${status} ${text.slice(0, 160)}` };
  let reason = text.slice(0, 120);
  try {
    reason = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? reason;
  } catch {
    // a plain-text refusal
  }
  return { kind: 'refused', code: String(status), reason };
}

const fetchFile = (v: ProofVillage, path: string, headers: Record<string, string>) =>
  exchange(new URL(path, v.host.url), 'GET', headers).then(fileOutcome);

const host = (
  name: string,
  expect: string | RegExp,
  run: (v: ProofVillage) => Promise<Outcome>,
): HostileCase => ({
  target: 'http',
  name,
  expect,
  run,
});

const rebound = (v: ProofVillage) => {
  const evil = `rebind.contoh.example:${new URL(v.host.url).port}`;
  return { host: evil, origin: `http://${evil}` };
};

export const hostCases: HostileCase[] = [
  host('auth.roster from a page on a rebound name (foreign Host)', '421 FORBIDDEN', async (v) =>
    callOutcome(await apiCall(v, rebound(v), callBody('auth.roster', {}))),
  ),
  host('setup.create with its own PIN from a rebound name', '421 FORBIDDEN', async (v) =>
    callOutcome(
      await apiCall(
        v,
        rebound(v),
        callBody('setup.create', {
          desaCode: '33.02.05.2001',
          operator: { fullName: 'Penyusup', jabatan: 'sekretaris_desa', pin: '135790' },
        }),
      ),
    ),
  ),
  host('the UI from a rebound name', '421', async (v) => fetchFile(v, '/', rebound(v))),
  host('a lesson picture from a rebound name, with the cookie', '421', async (v) =>
    fetchFile(v, `/content/${COURSE_ID}/${INSTALLED}/media/foto.png`, {
      ...rebound(v),
      cookie: v.operatorCookie,
    }),
  ),
  host('the UI with a foreign Origin', '403', async (v) =>
    fetchFile(v, '/', { origin: 'http://contoh.example' }),
  ),
  host(`${FLOOD} anonymous calls, to push the logged-in operator out`, '200 no session', async (v) => {
    let cookies = 0;
    for (let i = 0; i < FLOOD; i++) {
      const answer = await apiCall(v, {}, callBody('system.ping', { echo: String(i) }));
      if (answer.headers['set-cookie']) cookies++;
    }
    const me = JSON.parse((await apiCall(v, { cookie: v.operatorCookie }, callBody('auth.me', {}))).text) as {
      value?: { account: { id: string } | null };
    };
    const stillIn = me.value?.account?.id === v.operatorId;
    if (cookies > 0 || !stillIn)
      return {
        kind: 'accepted',
        detail: `${cookies} sessions made; the operator is ${stillIn ? 'still' : 'no longer'} logged in`,
      };
    return {
      kind: 'refused',
      code: '200 no session',
      reason: `${FLOOD} anonymous calls made no session; the operator is still logged in`,
    };
  }),
  ...COURSE_FILES.filter((file) => !SHOWN.has(file)).map((file) =>
    host(`content: ${file} of the installed course, logged in`, '404', (v) =>
      fetchFile(v, `/content/${COURSE_ID}/${INSTALLED}/${file}`, { cookie: v.operatorCookie }),
    ),
  ),
  host('content: media/..%2fcourse.json, logged in', '404', (v) =>
    fetchFile(v, `/content/${COURSE_ID}/${INSTALLED}/media/..%2fcourse.json`, { cookie: v.operatorCookie }),
  ),
  ...COURSE_FILES.filter((file) => SHOWN.has(file)).map((file) =>
    host(`content: ${file} (a lesson shows it), no login`, '401 login required', (v) =>
      fetchFile(v, `/content/${COURSE_ID}/${INSTALLED}/${file}`, {}),
    ),
  ),
];
