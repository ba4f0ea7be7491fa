import type { ApiError } from '../../../../../main/api/result';
import { endpointRefusalOf, endpointRefusalKey } from './reasons';

/** What the LRS settings form holds while the operator types. The secret is never filled in for them. */
export interface LrsDraft {
  endpoint: string;
  key: string;
  secret: string;
  allowHttp: boolean;
}

export type LrsField = 'endpoint' | 'key' | 'secret';

/**
 * Each problem a field can have, as the form and the core (main/core/lrs/settings.ts `lrsSettingsInput`, and
 * the contract's length limits) see it; one sentence each under `op.lrs.form.issue.<code>`.
 */
export const FIELD_ISSUES = [
  'endpoint_empty',
  'endpoint_too_long',
  'key_empty',
  'key_colon',
  'key_control',
  'key_too_long',
  'secret_empty',
  'secret_control',
  'secret_too_long',
] as const;
export type FieldIssue = (typeof FIELD_ISSUES)[number];

export const fieldIssueKey = (issue: FieldIssue) => `op.lrs.form.issue.${issue}` as const;

/** The contract's limits (main/api/lrs.ts `lrs.set`). */
const MAX = { endpoint: 500, key: 200, secret: 500 } as const;
// The core refuses control characters in the key and secret (they would break the Authorization header).
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The form's own check, before asking the app: per field, the first problem. */
export function draftIssues(draft: LrsDraft): Partial<Record<LrsField, FieldIssue>> {
  const out: Partial<Record<LrsField, FieldIssue>> = {};
  const endpoint = draft.endpoint.trim();
  if (!endpoint) out.endpoint = 'endpoint_empty';
  else if (draft.endpoint.length > MAX.endpoint) out.endpoint = 'endpoint_too_long';
  const key = draft.key.trim();
  if (!key) out.key = 'key_empty';
  else if (draft.key.length > MAX.key) out.key = 'key_too_long';
  else if (key.includes(':')) out.key = 'key_colon';
  else if (CONTROL.test(key)) out.key = 'key_control';
  if (!draft.secret) out.secret = 'secret_empty';
  else if (draft.secret.length > MAX.secret) out.secret = 'secret_too_long';
  else if (CONTROL.test(draft.secret)) out.secret = 'secret_control';
  return out;
}

/** One of the core's issues (`details.issues[]`: a path and an English message) as a field and its problem. */
function issueOf(path: string, message: string): [LrsField, FieldIssue | null] | null {
  const field = (['endpoint', 'key', 'secret'] as const).find((f) => path === f);
  if (!field) return null;
  let issue: string | null = null;
  if (/empty/i.test(message)) issue = `${field}_empty`;
  else if (/too big|too long|<=|at most/i.test(message)) issue = `${field}_too_long`;
  else if (/":"|colon/.test(message)) issue = `${field}_colon`;
  else if (/control/i.test(message)) issue = `${field}_control`;
  return [field, (FIELD_ISSUES as readonly string[]).includes(issue ?? '') ? (issue as FieldIssue) : null];
}

/**
 * What the app's refusal of `lrs.set` means for each field, as i18n keys: an endpoint refusal (its reason),
 * a field issue, or "not accepted" with the English detail when this UI does not know the issue.
 */
export function refusalByField(
  error: ApiError | null,
): Partial<Record<LrsField, { key: string; detail: string | null }>> {
  const out: Partial<Record<LrsField, { key: string; detail: string | null }>> = {};
  if (!error || error.code !== 'BAD_INPUT') return out;
  const refusal = endpointRefusalOf(error);
  if (refusal) out.endpoint = { key: endpointRefusalKey(refusal), detail: null };
  const issues = Array.isArray(error.details?.issues) ? (error.details.issues as unknown[]) : [];
  for (const raw of issues) {
    if (typeof raw !== 'object' || raw === null) continue;
    const { path, message: said } = raw as { path?: unknown; message?: unknown };
    const message = typeof said === 'string' ? said : '';
    const found = issueOf(typeof path === 'string' ? path : '', message);
    if (!found || out[found[0]]) continue;
    const [field, issue] = found;
    out[field] = issue
      ? { key: fieldIssueKey(issue), detail: null }
      : { key: 'op.lrs.form.issue.other', detail: message || null };
  }
  return out;
}
