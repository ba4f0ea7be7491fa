import { describe, expect, it } from 'vitest';
import id from '../../renderer/src/i18n/id.json';
import { PLAIN_TOPICS } from '../../renderer/src/shared/plainTopics';

type Tree = { [key: string]: string | Tree };

/** Words a village official may not know (issue 20): each only in brackets after a plain phrase. */
const HARD_WORDS: { word: string; pattern: RegExp }[] = [
  { word: 'LRS', pattern: /\bLRS\b/g },
  { word: 'endpoint', pattern: /\bendpoint\b/gi },
  { word: 'key', pattern: /\bkey\b/gi },
  { word: 'secret', pattern: /\bsecret\b/gi },
  { word: 'alpha', pattern: /\balpha\b/gi },
  { word: 'beta', pattern: /\bbeta\b/gi },
  { word: 'kenaikan ternormalisasi', pattern: /kenaikan ternormalisasi/gi },
];

function strings(tree: Tree, path: string[] = []): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [[[...path, k].join('.'), v] as [string, string]] : strings(v, [...path, k]),
  );
}

/** Whether the match at `index` sits inside a bracket: "server pusat (LRS)", "Nama pengguna (key)". */
function bracketed(text: string, index: number): boolean {
  const open = text.lastIndexOf('(', index);
  const close = text.indexOf(')', index);
  return open !== -1 && close !== -1 && text.lastIndexOf(')', index) < open && open > 0;
}

describe('plain words on the village side (Indonesian)', () => {
  // The hub (kantor) is for the regency's staff; the explanations themselves may use the words freely.
  const village = strings(id as unknown as Tree).filter(
    ([key]) => !key.startsWith('hub.') && !key.startsWith('plain.'),
  );

  it('says every hard word after a plain phrase, in brackets, never on its own', () => {
    const bare: string[] = [];
    for (const [key, text] of village)
      for (const { word, pattern } of HARD_WORDS)
        for (const m of text.matchAll(pattern))
          if (!bracketed(text, m.index)) bare.push(`${key}: "${word}" in "${text}"`);
    expect(bare).toEqual([]);
  });

  it('explains every hard word under "Selengkapnya", in plain Indonesian', () => {
    const explained = Object.values(PLAIN_TOPICS).flat();
    for (const { word } of HARD_WORDS) expect(explained, word).toContain(word);
    const plain = (id as unknown as { plain: Record<string, { summary: string; text: string }> }).plain;
    for (const [topic, words] of Object.entries(PLAIN_TOPICS)) {
      expect(plain[topic]?.summary, topic).toMatch(/^Selengkapnya: /);
      for (const word of words)
        expect(plain[topic]!.text.toLowerCase(), `${topic}: ${word}`).toContain(word.toLowerCase());
      expect(plain[topic]!.text.split(' ').length, topic).toBeGreaterThan(30);
    }
  });
});
