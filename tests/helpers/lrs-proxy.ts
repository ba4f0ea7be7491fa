import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { seededRandom } from '../../main/core/quiz/draw';

/**
 * A fault-injecting HTTP proxy in front of the test LRS. Each request, chosen at random with a seeded PRNG
 * at `rate`, fails one of these ways; the others are forwarded to the LRS and answered as it answers:
 * - `error500`: 500 without forwarding;
 * - `throttle429`: 429 with `Retry-After: <retryAfterSeconds>`, without forwarding;
 * - `hang`: no answer at all, until the client gives up (its timeout);
 * - `reset`: the connection is destroyed at once, nothing forwarded;
 * - `drop`: forwarded, the LRS stores it and answers, then the connection is destroyed before the answer
 *   reaches the client (the client must send again, and the LRS must not hold it twice).
 * Besides, at `slowRate`, a forwarded answer comes back slowly (`slowMs`, in two parts): slow, not failed.
 */
export type FaultKind = 'error500' | 'throttle429' | 'hang' | 'reset' | 'drop';
export const FAULT_KINDS: readonly FaultKind[] = ['error500', 'throttle429', 'hang', 'reset', 'drop'];

export interface FaultProxyOptions {
  /** The LRS's origin, e.g. http://127.0.0.1:5000 */
  target: string;
  seed: number;
  /** Share of requests that fail (0..1). */
  rate: number;
  kinds?: readonly FaultKind[];
  slowRate?: number;
  slowMs?: number;
  retryAfterSeconds?: number;
  /** After the LRS answered a forwarded request, before the answer goes back (the kill test waits here). */
  afterForward?: (info: { method: string; path: string; status: number }) => Promise<void> | void;
}

export interface ProxyEvent {
  /** When the request arrived (ms since the epoch). */
  at: number;
  method: string;
  path: string;
  outcome: FaultKind | 'slow' | 'forwarded';
}

export interface FaultProxy {
  /** The xAPI endpoint through the proxy: `http://127.0.0.1:<port>/xAPI/`. */
  endpoint: string;
  events: ProxyEvent[];
  /** Requests per outcome. */
  counts(): Record<ProxyEvent['outcome'], number>;
  setRate(rate: number): void;
  close(): Promise<void>;
}

/** The quiz's seeded PRNG (mulberry32), so a failing run can be repeated with the same faults. */
export { seededRandom };

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const kinds = options.kinds ?? FAULT_KINDS;
  let rate = options.rate;
  const events: ProxyEvent[] = [];
  const target = new URL(options.target);

  const forward = (req: IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      delete headers.connection;
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (res) => {
          readAll(res).then((bytes) => {
            const out: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (typeof v === 'string' && !['connection', 'transfer-encoding', 'keep-alive'].includes(k))
                out[k] = v;
            resolve({ status: res.statusCode ?? 502, headers: out, body: bytes });
          }, reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readAll(req);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const fault = random() < rate ? kinds[Math.floor(random() * kinds.length)]! : null;
    const slow = !fault && random() < (options.slowRate ?? 0);
    events.push({ at: Date.now(), method, path, outcome: fault ?? (slow ? 'slow' : 'forwarded') });
    switch (fault) {
      case 'error500':
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"message":"injected fault"}');
        return;
      case 'throttle429':
        res
          .writeHead(429, {
            'content-type': 'application/json',
            'retry-after': String(options.retryAfterSeconds ?? 1),
          })
          .end('{"message":"slow down"}');
        return;
      case 'hang':
        return; // the client's timeout ends it
      case 'reset':
        req.socket.destroy();
        return;
      default:
        break;
    }
    const answer = await forward(req, body);
    await options.afterForward?.({ method, path, status: answer.status });
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (slow) {
      await delay((options.slowMs ?? 200) / 2);
      res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
      const half = answer.body.length >> 1;
      res.write(answer.body.subarray(0, half));
      await delay((options.slowMs ?? 200) / 2);
      res.end(answer.body.subarray(half));
      return;
    }
    res
      .writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) })
      .end(answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else req.socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${port}/xAPI/`,
    events,
    counts() {
      const out = { error500: 0, throttle429: 0, hang: 0, reset: 0, drop: 0, slow: 0, forwarded: 0 };
      for (const e of events) out[e.outcome]++;
      return out;
    },
    setRate(r) {
      rate = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
