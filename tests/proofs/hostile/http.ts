/**
 * Hostile requests to the HTTP host (`balai serve`, browser mode) on loopback, sent with node:http so that
 * nothing is tidied on the way: oversized, non-JSON and non-UTF-8 bodies, wrong content types, another
 * origin, deep nesting, prototype keys, control characters and lone surrogates in names and NIKs. Calls are
 * made in the operator's session (its cookie), so a refusal is the host's or the contract's, not a login's.
 */
import { request } from 'node:http';
import type { HostileCase, Outcome, ProofVillage } from './harness';

const KiB = 1024;

interface Sent {
  method?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

export interface Exchanged {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request exactly as given (headers, body), on a connection of its own. */
export function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function send(v: ProofVillage, sent: Sent): Promise<Exchanged> {
  const body = typeof sent.body === 'string' ? Buffer.from(sent.body) : sent.body;
  const headers: Record<string, string> = { cookie: v.operatorCookie, ...sent.headers };
  if (sent.contentType !== null) headers['content-type'] = sent.contentType ?? 'application/json';
  if (body) headers['content-length'] = String(body.length);
  return exchange(new URL('api/call', v.host.url), sent.method ?? 'POST', headers, body);
}

async function outcomeOf(v: ProofVillage, sent: Sent): Promise<Outcome> {
  return callOutcome(await send(v, sent));
}

/** An API call's answer: accepted when `ok`, else refused with the status and the error's code. */
export function callOutcome({ status, text }: Exchanged): Outcome {
  let answer: { ok?: boolean; error?: { code?: string; message?: string } } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // Node itself answers some refusals (431) without a JSON body.
  }
  if (answer.ok === true) return { kind: 'accepted', detail: `${status} ${text.slice(0, 160)}` };
  return {
    kind: 'refused',
    code: `${status} ${answer.error?.code ?? ''}`.trim(),
    reason: answer.error?.message ?? text.slice(0, 120),
  };
}

const http = (
  name: string,
  expect: string | RegExp,
  sent: (v: ProofVillage) => Sent,
  open?: string,
): HostileCase => ({
  target: 'http',
  name,
  expect,
  run: (v) => outcomeOf(v, sent(v)),
  ...(open ? { open } : {}),
});

/** `{method, args}` as JSON text; `args` is spliced in as raw JSON text (escapes stay as written). */
const call = (method: string, argsJson: string) => `{"method":${JSON.stringify(method)},"args":${argsJson}}`;
const newLearner = (nameJson: string, extra = '') =>
  call('learners.create', `{"fullName":${nameJson},"jabatan":"kepala_dusun","pin":"738495"${extra}}`);

export const httpCases: HostileCase[] = [
  http('a body of 300 KiB', '413 TOO_LARGE', () => ({ body: newLearner(`"${'A'.repeat(300 * KiB)}"`) })),
  http('a body that is not JSON', '400 BAD_INPUT body is not JSON', () => ({
    body: '{"method": "auth.me", ',
  })),
  http('a body that is not UTF-8 (bytes FF FE in a name)', '400 BAD_INPUT body is not valid UTF-8', () => {
    const [before, after] = newLearner('"Citra @@Ketiga"').split('@@');
    return { body: Buffer.concat([Buffer.from(before!), Buffer.from([0xff, 0xfe]), Buffer.from(after!)]) };
  }),
  http('content-type text/plain', '415 BAD_INPUT', () => ({
    contentType: 'text/plain',
    body: call('auth.me', '{}'),
  })),
  http('no content-type', '415 BAD_INPUT', () => ({ contentType: null, body: call('auth.me', '{}') })),
  http('a GET', '405 BAD_INPUT', () => ({ method: 'GET' })),
  http('a call from another origin', '403 FORBIDDEN', () => ({
    headers: { origin: 'http://contoh.example' },
    body: newLearner('"Citra Ketiga"'),
  })),
  http('a JSON array body', '400 BAD_INPUT body must be {method, args}', () => ({ body: '[1,2,3]' })),
  http('a JSON null body', '400 BAD_INPUT body must be {method, args}', () => ({ body: 'null' })),
  http('arguments nested 100,000 deep', '200 BAD_INPUT', () => ({
    body: call('learners.create', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  })),
  http('a method nested 100,000 deep', '200 UNKNOWN_METHOD', () => ({
    body: `{"method":${'['.repeat(100_000)}${']'.repeat(100_000)},"args":{}}`,
  })),
  http('"__proto__" around the call', '200 UNKNOWN_METHOD', () => ({
    body: `{"__proto__":{"method":"learners.create","args":{}}}`,
  })),
  http('"__proto__" in the arguments', '200 BAD_INPUT', () => ({
    body: newLearner('"Citra Ketiga"', ',"__proto__":{"isOperator":true}'),
  })),
  http('an escaped NUL in a name', '200 BAD_INPUT', () => ({ body: newLearner('"Citra\\u0000Ketiga"') })),
  http('an escaped terminal escape in a name', '200 BAD_INPUT', () => ({
    body: newLearner('"Citra\\u001b[2JKetiga"'),
  })),
  http('an escaped lone surrogate in a name', '200 BAD_INPUT', () => ({
    body: newLearner('"Citra \\ud800Ketiga"'),
  })),
  http('an escaped NUL in a NIK', '200 BAD_INPUT', () => ({
    body: newLearner('"Citra Ketiga"', ',"nik":"3302051234567890\\u0000"'),
  })),
  http('a name of 250 KiB', '200 BAD_INPUT', () => ({ body: newLearner(`"${'A'.repeat(250 * KiB)}"`) })),
  http('a 64 KiB header', /^431/, () => ({
    headers: { 'x-isi': 'a'.repeat(64 * KiB) },
    body: call('auth.me', '{}'),
  })),
];
