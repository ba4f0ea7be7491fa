import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../main/api/errors';
import en from '../../renderer/src/i18n/en.json';
import id from '../../renderer/src/i18n/id.json';

type Tree = { [key: string]: string | Tree };

/** Every leaf key as a dotted path. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** i18next plural forms (`_one`, `_other`): Indonesian has one form, English two; both count as one key. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');
const keysOf = (tree: Tree) => new Set([...leaves(tree).keys()].map(base));
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('UI text', () => {
  it('has a plain-language message for every API error code, in Indonesian and English', () => {
    for (const [name, tree] of [
      ['id', id],
      ['en', en],
    ] as const) {
      const errors = (tree as Tree).errors as Record<string, string>;
      for (const code of ERROR_CODES) {
        expect(errors[code], `${name}: errors.${code}`).toMatch(/\S{2,}/);
        // What happened and what to do: never a bare code or a stack trace.
        expect(errors[code]).not.toContain(code);
        expect(errors[code]).not.toMatch(/\bat \S+:\d+/);
      }
      expect(Object.keys(errors).sort()).toEqual([...ERROR_CODES].sort());
    }
  });

  it('has the same keys in id.json and en.json', () => {
    const idKeys = keysOf(id);
    const enKeys = keysOf(en);
    expect(
      [...idKeys].filter((k) => !enKeys.has(k)),
      'missing in en.json',
    ).toEqual([]);
    expect(
      [...enKeys].filter((k) => !idKeys.has(k)),
      'missing in id.json',
    ).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const idLeaves = leaves(id);
    const enLeaves = leaves(en);
    for (const [key, text] of enLeaves) {
      const idText = idLeaves.get(key) ?? idLeaves.get(base(key));
      if (idText === undefined) continue;
      const want = placeholders(idText);
      expect(placeholders(text), `${key}: ${text}`).toEqual(want);
    }
  });
});
