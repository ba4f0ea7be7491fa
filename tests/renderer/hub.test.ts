import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BundleOutcome, HeldKeyView, ImportReason } from '../../main/api/hub';
import en from '../../renderer/src/i18n/en.json';
import id from '../../renderer/src/i18n/id.json';
import {
  HELD_KINDS,
  heldKindKey,
  IMPORT_REASONS,
  importReasonKey,
  KEY_STATES,
  keyStateKey,
  OUTCOMES,
  outcomeKey,
} from '../../renderer/src/hub/reasons';

type Tree = { [key: string]: string | Tree };

function textAt(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  const parts = key.split('.');
  for (const [i, part] of parts.entries()) {
    if (typeof node !== 'object') return undefined;
    node = node[part] ?? (i === parts.length - 1 ? node[`${part}_other`] : undefined);
  }
  return typeof node === 'string' ? node : undefined;
}

describe('the hub import as the office admin reads it', () => {
  it('lists exactly the codes of the contract (main/api/hub.ts)', () => {
    expectTypeOf<(typeof IMPORT_REASONS)[number]>().toEqualTypeOf<ImportReason>();
    expectTypeOf<(typeof OUTCOMES)[number]>().toEqualTypeOf<BundleOutcome['outcome']>();
    expectTypeOf<(typeof HELD_KINDS)[number]>().toEqualTypeOf<HeldKeyView['kind']>();
    expectTypeOf<(typeof KEY_STATES)[number]>().toEqualTypeOf<HeldKeyView['history'][number]['state']>();
    for (const list of [IMPORT_REASONS, OUTCOMES, HELD_KINDS, KEY_STATES])
      expect(new Set(list).size).toBe(list.length);
  });

  it('says every reason in a sentence, in Indonesian and English, and names every outcome, kind and state', () => {
    for (const [lang, tree] of [
      ['id', id],
      ['en', en],
    ] as const) {
      for (const key of [...IMPORT_REASONS.map(importReasonKey), ...HELD_KINDS.map(heldKindKey)]) {
        const text = textAt(tree, key);
        expect(text, `${lang}: ${key}`).toMatch(/\S{2,}/);
        expect(text!.split(' ').length, `${lang}: ${key}`).toBeGreaterThan(5);
        const code = key.slice(key.lastIndexOf('.') + 1);
        if (code.includes('_')) expect(text).not.toContain(code);
      }
      for (const key of [...OUTCOMES.map(outcomeKey), ...KEY_STATES.map(keyStateKey)])
        expect(textAt(tree, key), `${lang}: ${key}`).toMatch(/\S{2,}/);
    }
  });
});
