/** The fetch the core is given (the global one in Node 22 and Electron; a stub in tests). */
export type FetchFn = (input: string, init?: RequestInit) => Promise<Response>;

export type Fetched =
  | { ok: true; status: number; bytes: Buffer }
  /** No answer from a server: no connection, name not found, refused, timed out. Not an error offline. */
  | { ok: false; offline: true; message: string }
  /** A server answered, but the body was larger than allowed or broke off. */
  | { ok: false; offline: false; message: string };

/**
 * GETs a small document: at most `maxBytes` of body (the rest is not read), within `timeoutMs`, and
 * cancelled with `signal`. Never throws. Any HTTP status is an answer (the caller decides what a 404 means).
 */
export async function fetchSmall(
  fetchFn: FetchFn,
  url: string,
  options: { maxBytes: number; timeoutMs: number; signal?: AbortSignal },
): Promise<Fetched> {
  const signals = [AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])];
  let response: Response;
  try {
    response = await fetchFn(url, {
      signal: AbortSignal.any(signals),
      redirect: 'follow',
      headers: { 'Cache-Control': 'no-cache' },
    });
  } catch (error) {
    return { ok: false, offline: true, message: `no answer from ${new URL(url).host}: ${describe(error)}` };
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    // Node's fetch types its body as ReadableStream<any>; its chunks are Uint8Array.
    const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > options.maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, offline: false, message: `${url} answered more than ${options.maxBytes} bytes` };
      }
      chunks.push(Buffer.from(value));
    }
    return { ok: true, status: response.status, bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { ok: false, offline: false, message: `${url} broke off: ${describe(error)}` };
  }
}

/** An error's message, with its cause (undici puts the network reason there). */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
