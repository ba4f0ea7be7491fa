import { z } from 'zod';
import { err, ok, type Result } from '../../api/result';
import { isoWithOffset, type Clock } from '../clock';
import type { Db } from '../db/database';
import { sql } from '../db/sql';
import { isProtected, maskSecret, openSecret, type SecretBox } from './secret-box';

/** Where results go: an xAPI endpoint and the kiosk's own Basic-auth credentials there. */

/** What the operator (or `balai lrs set`) gives. Parsed from `unknown`. */
export const lrsSettingsInput = z.strictObject({
  endpoint: z.string().trim().min(1, 'the endpoint is empty').max(500),
  key: z
    .string()
    .trim()
    .min(1, 'the key is empty')
    .max(200)
    .refine((k) => !k.includes(':'), 'a Basic-auth key cannot contain ":"')
    .refine((k) => !/[\u0000-\u001f\u007f]/.test(k), 'the key has control characters'),
  secret: z
    .string()
    .min(1, 'the secret is empty')
    .max(500)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'the secret has control characters'),
  /** Plain http to a host other than this computer sends the secret readable on the way: only when asked. */
  allowHttp: z.boolean().optional(),
});
export type LrsSettingsInput = z.input<typeof lrsSettingsInput>;

/** Why an endpoint was refused (`details.reason` of the BAD_INPUT answer). */
export type EndpointRefusal = 'not_a_url' | 'scheme' | 'credentials_in_url' | 'query_or_fragment' | 'http';

/** The LRS as the operator sees it again: the key in full, the secret never. */
export interface LrsSettingsView {
  endpoint: string;
  key: string;
  secretMasked: string;
  /** The secret is sealed by the shell's secret box, not stored in clear. */
  secretProtected: boolean;
  secretScheme: string;
  /** This box can open the stored secret (false: set by another shell, e.g. the app's keychain, read by the CLI). */
  secretReadable: boolean;
  updatedAt: string;
}

/** What the uploader needs to talk to the LRS. Stays in memory; never logged. */
export interface LrsConnection {
  /** Ends in '/': `${endpoint}statements`, `${endpoint}about`. */
  endpoint: string;
  key: string;
  /** `Basic …` for the Authorization header. */
  authorization: string;
}

interface SettingsRow {
  endpoint: string;
  auth_key: string;
  secret_scheme: string;
  secret_data: string;
  updated_at: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The endpoint as stored: an http(s) URL without credentials, query or fragment, ending in '/'. A URL of the
 * statements resource itself (`…/xAPI/statements`) is taken as its endpoint, as people often copy that one.
 */
export function normaliseEndpoint(
  text: string,
  allowHttp = false,
): { ok: true; endpoint: string } | { ok: false; reason: EndpointRefusal; message: string } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, reason: 'not_a_url', message: `not a URL: ${text.slice(0, 100)}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      ok: false,
      reason: 'scheme',
      message: `the endpoint must be an https:// URL, not ${url.protocol}`,
    };
  if (url.username || url.password)
    return {
      ok: false,
      reason: 'credentials_in_url',
      message: 'put the key and secret in their own fields, not in the URL',
    };
  if (url.search || url.hash)
    return { ok: false, reason: 'query_or_fragment', message: 'the endpoint has no ?query or #fragment' };
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !allowHttp)
    return {
      ok: false,
      reason: 'http',
      message: 'plain http would send the secret readable over the network: use https (or allow http)',
    };
  let path = url.pathname.replace(/\/+$/, '');
  if (/\/statements$/i.test(path)) path = path.slice(0, -'/statements'.length);
  url.pathname = `${path}/`;
  return { ok: true, endpoint: url.href };
}

/** The settings parsed and the endpoint normalised (BAD_INPUT with the issues otherwise). */
function parseSettings(input: unknown): Result<{ endpoint: string; key: string; secret: string }> {
  const parsed = lrsSettingsInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return err('BAD_INPUT', issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; '), { issues });
  }
  const endpoint = normaliseEndpoint(parsed.data.endpoint, parsed.data.allowHttp ?? false);
  if (!endpoint.ok)
    return err('BAD_INPUT', `endpoint: ${endpoint.message}`, {
      reason: endpoint.reason,
      issues: [{ path: 'endpoint', message: endpoint.message }],
    });
  return ok({ endpoint: endpoint.endpoint, key: parsed.data.key, secret: parsed.data.secret });
}

const connectionOf = (s: { endpoint: string; key: string; secret: string }): LrsConnection => ({
  endpoint: s.endpoint,
  key: s.key,
  authorization: `Basic ${Buffer.from(`${s.key}:${s.secret}`, 'utf8').toString('base64')}`,
});

/**
 * A connection for one use, not stored (`balai hub pull-lrs`): the same settings and the same checks as
 * the uploader's (`saveLrsSettings`).
 */
export function lrsConnectionFrom(input: unknown): Result<LrsConnection> {
  const parsed = parseSettings(input);
  return parsed.ok ? ok(connectionOf(parsed.value)) : parsed;
}

/** Parses and stores the LRS settings; the secret goes through `box`. Answers the new view. */
export function saveLrsSettings(
  db: Db,
  box: SecretBox,
  clock: Clock,
  input: unknown,
): Result<LrsSettingsView> {
  const parsed = parseSettings(input);
  if (!parsed.ok) return parsed;
  const settings = parsed.value;
  let sealed;
  try {
    sealed = box.protect(settings.secret);
  } catch (error) {
    return err('INTERNAL', `the secret could not be protected: ${String(error)}`);
  }
  const now = isoWithOffset(clock.now());
  db.transaction(() => {
    db.run(sql`INSERT INTO lrs_settings (id, endpoint, auth_key, secret_scheme, secret_data, updated_at)
               VALUES (1, ${settings.endpoint}, ${settings.key}, ${sealed.scheme}, ${sealed.data}, ${now})
               ON CONFLICT (id) DO UPDATE SET endpoint = excluded.endpoint, auth_key = excluded.auth_key,
                 secret_scheme = excluded.secret_scheme, secret_data = excluded.secret_data,
                 updated_at = excluded.updated_at`);
    // New settings deserve a try at once: forget the back-off and the error of the old ones.
    db.run(sql`UPDATE lrs_uploader SET backoff_step = 0, next_attempt_at = NULL, last_error_code = NULL,
                 last_error = NULL, last_error_at = NULL`);
  });
  return ok(lrsSettingsView(db, box)!);
}

/** Forgets the LRS (uploads stop; what was sent stays sent). */
export function clearLrsSettings(db: Db): void {
  db.run(sql`DELETE FROM lrs_settings`);
}

export function lrsSettingsView(db: Db, box: SecretBox): LrsSettingsView | null {
  const row = db.get<SettingsRow>(sql`SELECT * FROM lrs_settings WHERE id = 1`);
  if (!row) return null;
  const secret = openSecret(box, { scheme: row.secret_scheme, data: row.secret_data });
  return {
    endpoint: row.endpoint,
    key: row.auth_key,
    secretMasked: secret === null ? '••••••' : maskSecret(secret),
    secretProtected: isProtected(row.secret_scheme),
    secretScheme: row.secret_scheme,
    secretReadable: secret !== null,
    updatedAt: row.updated_at,
  };
}

/**
 * The connection the uploader uses. NOT_FOUND when no LRS is set; CONFLICT (`details.reason`
 * 'secret_unreadable') when this shell's box cannot open the stored secret.
 */
export function readLrsConnection(db: Db, box: SecretBox): Result<LrsConnection> {
  const row = db.get<SettingsRow>(sql`SELECT * FROM lrs_settings WHERE id = 1`);
  if (!row) return err('NOT_FOUND', 'no LRS is set: set its endpoint, key and secret first');
  const secret = openSecret(box, { scheme: row.secret_scheme, data: row.secret_data });
  if (secret === null)
    return err(
      'CONFLICT',
      `the LRS secret was stored with "${row.secret_scheme}", which this program cannot open: set it again here`,
      { reason: 'secret_unreadable', scheme: row.secret_scheme },
    );
  return ok(connectionOf({ endpoint: row.endpoint, key: row.auth_key, secret }));
}
