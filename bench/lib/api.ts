import type { Result } from '../../main/api/result';

/** Calls the host's API like the browser does: `POST /api/call {method, args}` with the session cookie. */
export class ApiClient {
  private cookie: string | null = null;

  constructor(private readonly baseUrl: string) {}

  async call<T>(method: string, args: unknown = {}): Promise<T> {
    const response = await fetch(new URL('/api/call', this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: JSON.stringify({ method, args }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const result = (await response.json()) as Result<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value;
  }
}
