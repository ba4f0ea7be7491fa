import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { describe, type FetchFn } from '../updates/http';

export type Downloaded = { ok: true } | { ok: false; offline: boolean; cancelled?: true; message: string };

/**
 * Downloads `url` into `file` (created new), counting and hashing as it goes: refused as soon as it grows past
 * `expected.size`, and at the end unless size and SHA-256 are exactly as the signed catalogue says. On any
 * failure the file is removed. `onBytes` reports each chunk. Never throws.
 */
export async function downloadChecked(
  fetchFn: FetchFn,
  url: string,
  file: string,
  expected: { size: number; sha256: string },
  options: { signal?: AbortSignal; timeoutMs?: number; onBytes?: (n: number) => void } = {},
): Promise<Downloaded> {
  const idle = new AbortController();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  // A stalled link: no byte for this long ends the download (a slow one goes on).
  const touch = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => idle.abort(new Error('no data for too long')), options.timeoutMs ?? 60_000);
  };
  const signal = AbortSignal.any([idle.signal, ...(options.signal ? [options.signal] : [])]);
  let fd: number | null = null;
  const fail = (outcome: Exclude<Downloaded, { ok: true }>): Downloaded => {
    if (fd !== null) closeSync(fd);
    fd = null;
    rmSync(file, { force: true });
    return options.signal?.aborted
      ? { ok: false, offline: false, cancelled: true, message: 'cancelled' }
      : outcome;
  };
  try {
    touch();
    let response: Response;
    try {
      response = await fetchFn(url, { signal, redirect: 'follow' });
    } catch (error) {
      return fail({
        ok: false,
        offline: true,
        message: `no answer from ${new URL(url).host}: ${describe(error)}`,
      });
    }
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => {});
      return fail({ ok: false, offline: false, message: `HTTP ${response.status} for ${url}` });
    }
    fd = openSync(file, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    // Node's fetch types its body as ReadableStream<any>; its chunks are Uint8Array.
    const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      touch();
      size += value.byteLength;
      if (size > expected.size) {
        await reader.cancel().catch(() => {});
        return fail({
          ok: false,
          offline: false,
          message: `${url} is larger than the ${expected.size} bytes signed`,
        });
      }
      hash.update(value);
      for (let at = 0; at < value.byteLength;) at += writeSync(fd, value, at, value.byteLength - at);
      options.onBytes?.(value.byteLength);
    }
    if (size !== expected.size)
      return fail({
        ok: false,
        offline: false,
        message: `${url} has ${size} bytes, the catalogue says ${expected.size}`,
      });
    if (hash.digest('hex') !== expected.sha256)
      return fail({
        ok: false,
        offline: false,
        message: `${url} is not the package the catalogue signed (SHA-256)`,
      });
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    return { ok: true };
  } catch (error) {
    return fail({ ok: false, offline: false, message: `download of ${url} broke off: ${describe(error)}` });
  } finally {
    clearTimeout(idleTimer);
  }
}
