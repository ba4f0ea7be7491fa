import type { ApiInput, ApiOutput, MethodName } from '../../../main/api/contract';
import { isErrorCode } from '../../../main/api/errors';
import type { ApiError, Result } from '../../../main/api/result';

/** What the Electron preload exposes (contextBridge): the same calls as the HTTP host, over IPC. */
export interface BalaiBridge {
  call(method: string, args: unknown): Promise<unknown>;
}

declare global {
  interface Window {
    balai?: BalaiBridge;
  }
}

type Listener = (method: MethodName, error: ApiError) => void;
const listeners = new Set<Listener>();

/** Hears every failed call (the app uses it to notice an expired session). */
export function onCallError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function internal(message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code: 'INTERNAL', message } };
}

/** A transport answer becomes a Result only if it has the shape of one. */
function asResult(value: unknown): Result<unknown> {
  if (typeof value !== 'object' || value === null) return internal('answer is not an object');
  const r = value as {
    ok?: unknown;
    value?: unknown;
    error?: { code?: unknown; message?: unknown; details?: unknown };
  };
  if (r.ok === true) return { ok: true, value: r.value };
  if (r.ok === false && r.error && isErrorCode(r.error.code)) {
    const { code, message, details } = r.error;
    const error: ApiError = { code, message: typeof message === 'string' ? message : '' };
    if (details && typeof details === 'object') error.details = details as Record<string, unknown>;
    return { ok: false, error };
  }
  return internal('answer is not a Result');
}

async function send(method: MethodName, args: unknown): Promise<Result<unknown>> {
  try {
    if (typeof window.balai?.call === 'function') return asResult(await window.balai.call(method, args));
    const response = await fetch('./api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ method, args }),
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return internal(`HTTP ${response.status}: answer is not JSON`);
    }
    return asResult(body);
  } catch (error) {
    return internal(`transport failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The one way the UI talks to the app: Electron IPC when the preload is there, else the HTTP host.
 * Never throws: a network failure or a strange answer is an INTERNAL error.
 */
export async function call<K extends MethodName>(name: K, args: ApiInput<K>): Promise<Result<ApiOutput<K>>> {
  const result = await send(name, args);
  if (!result.ok) {
    for (const listener of listeners) listener(name, result.error);
    return result;
  }
  return result as Result<ApiOutput<K>>;
}
