import { describe, expect, expectTypeOf, it } from 'vitest';
import { UPDATE_CHANNELS, updateSettingsChange, type UpdateStatusView } from '../../main/api/updates';
import type { CatalogueCheck } from '../../main/core/catalogue/format';
import type { Refusal } from '../../main/core/updates/policy';
import en from '../../renderer/src/i18n/en.json';
import id from '../../renderer/src/i18n/id.json';
import { changeOf, draftIssues, type UpdateDraft } from '../../renderer/src/operator/updates/draft';
import type { UPDATE_REFUSALS } from '../../renderer/src/operator/updates/reasons';
import {
  CATALOGUE_REFUSALS,
  catalogueRefusal,
  catalogueRefusalKey,
  channelHintKey,
  channelKey,
  CHECK_RESULTS,
  checkResultKey,
  UPDATE_PROBLEMS,
  updateProblemKey,
} from '../../renderer/src/operator/updates/reasons';

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

describe('update and catalogue codes, for the operator', () => {
  it('lists exactly the codes the core gives', () => {
    expectTypeOf<(typeof UPDATE_REFUSALS)[number]>().toEqualTypeOf<Refusal['code']>();
    // The controller's own failures, a stick without the folder, and no updater here (main/core/updates).
    expectTypeOf<(typeof UPDATE_PROBLEMS)[number]>().toEqualTypeOf<
      Refusal['code'] | 'serve_failed' | 'updater_failed' | 'download_failed' | 'no_update' | 'inactive'
    >();
    expectTypeOf<(typeof CHECK_RESULTS)[number]>().toEqualTypeOf<
      NonNullable<UpdateStatusView['lastCheckResult']>
    >();
    // The catalogue check's refusals (main/core/catalogue/format.ts), no answer and HTTP statuses
    // (main/core/catalogue/sync.ts), no URL set (main/core/updates/handlers.ts).
    expectTypeOf<(typeof CATALOGUE_REFUSALS)[number]>().toEqualTypeOf<
      Extract<CatalogueCheck, { ok: false }>['code'] | 'offline' | 'http' | 'no_url'
    >();
    for (const list of [UPDATE_PROBLEMS, CHECK_RESULTS, CATALOGUE_REFUSALS])
      expect(new Set(list).size).toBe(list.length);
  });

  it('reads an HTTP status reason as one code, and nothing else it does not know', () => {
    expect(catalogueRefusal('http_404')).toBe('http');
    expect(catalogueRefusal('http_5000')).toBeNull();
    expect(catalogueRefusal('replayed')).toBe('replayed');
    expect(catalogueRefusal('something_new')).toBeNull();
    expect(catalogueRefusal(undefined)).toBeNull();
  });

  it('says every one in a sentence, in Indonesian and English', () => {
    const sentences = [
      ...UPDATE_PROBLEMS.map(updateProblemKey),
      ...CHECK_RESULTS.map(checkResultKey),
      ...CATALOGUE_REFUSALS.map(catalogueRefusalKey),
      ...UPDATE_CHANNELS.map(channelHintKey),
    ];
    for (const [lang, tree] of [
      ['id', id],
      ['en', en],
    ] as const) {
      for (const key of sentences) {
        const text = textAt(tree, key);
        expect(text, `${lang}: ${key}`).toMatch(/\S{2,}/);
        // What happened and what to do, never the code itself.
        expect(text!.split(' ').length, `${lang}: ${key}`).toBeGreaterThan(3);
        const code = key.slice(key.lastIndexOf('.') + 1);
        if (code.includes('_')) expect(text).not.toContain(code);
      }
      for (const channel of UPDATE_CHANNELS) expect(textAt(tree, channelKey(channel))).toContain(channel);
    }
  });
});

describe('the update settings form', () => {
  const draft = (change: Partial<UpdateDraft> = {}): UpdateDraft => ({
    channel: 'latest',
    feedUrl: '',
    catalogueUrl: '',
    quietMinutes: '10',
    startAtLogin: true,
    ...change,
  });

  it('takes what the contract takes, and sends empty addresses as "none"', () => {
    for (const ok of [
      draft(),
      draft({ channel: 'alpha', quietMinutes: '240', catalogueUrl: 'http://127.0.0.1:8080/katalog.json' }),
      draft({ feedUrl: ' https://pembaruan.contoh.id/balai/ ', quietMinutes: '1' }),
    ]) {
      expect(draftIssues(ok)).toEqual({});
      expect(updateSettingsChange.safeParse(changeOf(ok)).success).toBe(true);
    }
    expect(changeOf(draft())).toMatchObject({ feedUrl: null, catalogueUrl: null, quietMinutes: 10 });
  });

  it('says at the field what the contract would refuse', () => {
    const cases: [Partial<UpdateDraft>, string][] = [
      [{ quietMinutes: '0' }, 'quietMinutes'],
      [{ quietMinutes: '241' }, 'quietMinutes'],
      [{ quietMinutes: '' }, 'quietMinutes'],
      [{ feedUrl: 'ftp://pembaruan.contoh.id/' }, 'feedUrl'],
      [{ catalogueUrl: 'https://admin:rahasia@kursus.contoh.id/k.json' }, 'catalogueUrl'],
      [{ catalogueUrl: 'kursus.contoh.id/katalog.json' }, 'catalogueUrl'],
    ];
    for (const [change, field] of cases) {
      const d = draft(change);
      expect(Object.keys(draftIssues(d)), JSON.stringify(change)).toEqual([field]);
      expect(updateSettingsChange.safeParse(changeOf(d)).success, JSON.stringify(change)).toBe(false);
    }
  });
});
