import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as api from '../../main/api/lrs';
import type { ApiError } from '../../main/api/result';
import type { VerbKey } from '../../main/core/recorder/profile';
import { lrsSettingsInput, normaliseEndpoint, type EndpointRefusal } from '../../main/core/lrs/settings';
import type { QuarantineReason, UploadErrorCode } from '../../main/core/lrs/store';
import type { UploadEnd } from '../../main/core/lrs/uploader';
import en from '../../renderer/src/i18n/en.json';
import id from '../../renderer/src/i18n/id.json';
import {
  draftIssues,
  FIELD_ISSUES,
  fieldIssueKey,
  refusalByField,
  type LrsDraft,
} from '../../renderer/src/operator/transfer/lrs/draft';
import {
  ENDPOINT_REFUSALS,
  endpointRefusalKey,
  QUARANTINE_REASONS,
  quarantineReasonKey,
  UPLOAD_ENDS,
  UPLOAD_ERRORS,
  uploadEndKey,
  uploadErrorKey,
  VERB_KEYS,
} from '../../renderer/src/operator/transfer/lrs/reasons';

type Tree = { [key: string]: string | Tree };

/** The text at a dotted key (English plurals: the `_other` form), or undefined. */
function textAt(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  const parts = key.split('.');
  for (const [i, part] of parts.entries()) {
    if (typeof node !== 'object') return undefined;
    node = node[part] ?? (i === parts.length - 1 ? node[`${part}_other`] : undefined);
  }
  return typeof node === 'string' ? node : undefined;
}

const LANGUAGES = [
  ['id', id],
  ['en', en],
] as const;

describe('LRS codes for the operator', () => {
  it('lists exactly the codes of the contract, which are the core’s', () => {
    expectTypeOf<(typeof UPLOAD_ERRORS)[number]>().toEqualTypeOf<api.UploadErrorCode>();
    expectTypeOf<(typeof QUARANTINE_REASONS)[number]>().toEqualTypeOf<api.QuarantineReason>();
    expectTypeOf<(typeof ENDPOINT_REFUSALS)[number]>().toEqualTypeOf<api.EndpointRefusal>();
    expectTypeOf<(typeof UPLOAD_ENDS)[number]>().toEqualTypeOf<api.UploadEnd>();
    expectTypeOf<(typeof VERB_KEYS)[number]>().toEqualTypeOf<VerbKey>();
    // The contract repeats the core's unions (the renderer may not import the core): they must not drift.
    expectTypeOf<api.UploadErrorCode>().toEqualTypeOf<UploadErrorCode>();
    expectTypeOf<api.QuarantineReason>().toEqualTypeOf<QuarantineReason>();
    expectTypeOf<api.EndpointRefusal>().toEqualTypeOf<EndpointRefusal>();
    expectTypeOf<api.UploadEnd>().toEqualTypeOf<UploadEnd>();
    for (const list of [UPLOAD_ERRORS, QUARANTINE_REASONS, ENDPOINT_REFUSALS, UPLOAD_ENDS, VERB_KEYS])
      expect(new Set(list).size).toBe(list.length);
  });

  it('says every code in a sentence, in Indonesian and English', () => {
    const keys = [
      ...UPLOAD_ERRORS.map(uploadErrorKey),
      ...QUARANTINE_REASONS.map(quarantineReasonKey),
      ...ENDPOINT_REFUSALS.map(endpointRefusalKey),
      ...UPLOAD_ENDS.map(uploadEndKey),
      ...FIELD_ISSUES.map(fieldIssueKey),
      'op.lrs.error.other',
      'op.lrs.quarantine.reason.other',
      'op.lrs.form.issue.other',
      'op.lrs.secretUnreadable',
    ];
    for (const [lang, tree] of LANGUAGES) {
      for (const key of keys) {
        const text = textAt(tree, key);
        expect(text, `${lang}: ${key}`).toMatch(/\S{2,}/);
        // What happened and what to do, never the code itself.
        expect(text!.split(' ').length, `${lang}: ${key}`).toBeGreaterThan(5);
        const code = key.slice(key.lastIndexOf('.') + 1);
        if (code.includes('_')) expect(text).not.toContain(code);
      }
      for (const verb of VERB_KEYS)
        expect(textAt(tree, `op.lrs.verb.${verb}`), `${lang}: ${verb}`).toBeTruthy();
    }
  });
});

const draft = (over: Partial<LrsDraft>): LrsDraft => ({
  endpoint: 'https://lrs.contoh.id/xAPI/',
  key: 'kiosk-3302052001',
  secret: 'rahasia-desa-adisana',
  allowHttp: false,
  ...over,
});

/** The core's own answer to these settings, as `lrs.set` gives it (main/core/lrs/settings.ts). */
function coreRefusal(input: LrsDraft): ApiError | null {
  const parsed = lrsSettingsInput.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return { code: 'BAD_INPUT', message: 'refused', details: { issues } };
  }
  const endpoint = normaliseEndpoint(parsed.data.endpoint, parsed.data.allowHttp ?? false);
  if (endpoint.ok) return null;
  return {
    code: 'BAD_INPUT',
    message: endpoint.message,
    details: { reason: endpoint.reason, issues: [{ path: 'endpoint', message: endpoint.message }] },
  };
}

describe('the LRS settings form', () => {
  it('finds what the core would refuse in the fields, before asking it', () => {
    expect(draftIssues(draft({}))).toEqual({});
    expect(draftIssues(draft({ endpoint: '  ', key: '', secret: '' }))).toEqual({
      endpoint: 'endpoint_empty',
      key: 'key_empty',
      secret: 'secret_empty',
    });
    expect(draftIssues(draft({ key: 'desa:adisana' }))).toEqual({ key: 'key_colon' });
    expect(draftIssues(draft({ key: 'desa\tadisana', secret: 'a\nb' }))).toEqual({
      key: 'key_control',
      secret: 'secret_control',
    });
    expect(draftIssues(draft({ endpoint: `https://x.id/${'a'.repeat(500)}` }))).toEqual({
      endpoint: 'endpoint_too_long',
    });
    // Whatever the form lets through, the core's field schema takes too.
    for (const ok of [draft({}), draft({ key: ' kiosk ' }), draft({ secret: 'é ü 𝄞 spasi' })]) {
      expect(draftIssues(ok)).toEqual({});
      expect(lrsSettingsInput.safeParse(ok).success).toBe(true);
    }
  });

  it('says each of the core’s refusals at its field, by name, never as "other"', () => {
    const cases: [LrsDraft, Record<string, string>][] = [
      [draft({ endpoint: 'lrs kabupaten' }), { endpoint: 'op.lrs.form.refusal.not_a_url' }],
      [draft({ endpoint: 'ftp://lrs.contoh.id/' }), { endpoint: 'op.lrs.form.refusal.scheme' }],
      [
        draft({ endpoint: 'https://kiosk:rahasia@lrs.contoh.id/xAPI/' }),
        { endpoint: 'op.lrs.form.refusal.credentials_in_url' },
      ],
      [
        draft({ endpoint: 'https://lrs.contoh.id/xAPI/?a=1' }),
        { endpoint: 'op.lrs.form.refusal.query_or_fragment' },
      ],
      [draft({ endpoint: 'http://lrs.contoh.id/xAPI/' }), { endpoint: 'op.lrs.form.refusal.http' }],
      [
        draft({ endpoint: '', key: ' ', secret: '' }),
        {
          endpoint: 'op.lrs.form.issue.endpoint_empty',
          key: 'op.lrs.form.issue.key_empty',
          secret: 'op.lrs.form.issue.secret_empty',
        },
      ],
      [draft({ key: 'a:b' }), { key: 'op.lrs.form.issue.key_colon' }],
      [
        draft({ key: 'a\u0007b', secret: 'x\u007f' }),
        {
          key: 'op.lrs.form.issue.key_control',
          secret: 'op.lrs.form.issue.secret_control',
        },
      ],
      [
        draft({ key: 'k'.repeat(201), secret: 's'.repeat(501) }),
        {
          key: 'op.lrs.form.issue.key_too_long',
          secret: 'op.lrs.form.issue.secret_too_long',
        },
      ],
    ];
    for (const [input, want] of cases) {
      const error = coreRefusal(input);
      expect(error, JSON.stringify(input)).not.toBeNull();
      const got = Object.fromEntries(Object.entries(refusalByField(error)).map(([f, v]) => [f, v.key]));
      expect(got, JSON.stringify(input)).toEqual(want);
    }
    // http is fine to this computer, or when the operator allows it.
    expect(coreRefusal(draft({ endpoint: 'http://127.0.0.1:8080/xAPI/' }))).toBeNull();
    expect(coreRefusal(draft({ endpoint: 'http://lrs.contoh.id/xAPI/', allowHttp: true }))).toBeNull();
  });

  it('keeps an issue it does not know, with the app’s words as the detail', () => {
    const error: ApiError = {
      code: 'BAD_INPUT',
      message: 'x',
      details: { issues: [{ path: 'key', message: 'something new' }] },
    };
    expect(refusalByField(error)).toEqual({
      key: { key: 'op.lrs.form.issue.other', detail: 'something new' },
    });
    expect(refusalByField({ code: 'INTERNAL', message: 'x' })).toEqual({});
  });
});
