import { request as httpRequest } from 'node:http';

export interface OriginAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json<T = unknown>(): T;
}

/**
 * A request to a launch's own origin (`http://<token>.localhost:<port>/…`) from Node: sent to 127.0.0.1 with
 * that Host, as Chromium sends it (Node's resolver does not map `*.localhost` to loopback by itself).
 */
export function originRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<OriginAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: Number(target.port),
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'GET',
        headers: { host: target.host, ...init.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
          resolve({ status: res.statusCode ?? 0, headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** The launch parameters of a cmi5 or Tin Can launch URL. */
export function launchParams(url: string) {
  const p = new URL(url).searchParams;
  return {
    endpoint: p.get('endpoint') ?? '',
    fetch: p.get('fetch') ?? '',
    auth: p.get('auth') ?? '',
    actor: JSON.parse(p.get('actor') ?? 'null') as {
      objectType: string;
      account: { homePage: string; name: string };
    },
    registration: p.get('registration') ?? '',
    activityId: p.get('activityId') ?? p.get('activity_id') ?? '',
  };
}
