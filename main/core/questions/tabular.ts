import type { ImportRefusal, SourcePlace } from '../../api/questions';
import { letter, refusal, type RawQuestion } from './model';

/**
 * The columns of the question template (XLSX and CSV alike). Headers are matched without regard to case,
 * spaces or the language: the template's Indonesian names, their English names, and the names training
 * teams' own sheets use.
 */
export const TEMPLATE_COLUMNS = [
  { key: 'no', header: 'No', width: 6 },
  { key: 'id', header: 'ID', width: 14 },
  { key: 'kind', header: 'Jenis', width: 18 },
  { key: 'prompt', header: 'Pertanyaan', width: 50 },
  ...(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const).map((l) => ({
    key: `option${l}`,
    header: `Pilihan ${l}`,
    width: 28,
  })),
  { key: 'correct', header: 'Jawaban benar', width: 16 },
  { key: 'explanation', header: 'Penjelasan', width: 50 },
  { key: 'module', header: 'Modul', width: 20 },
  { key: 'tags', header: 'Tag', width: 20 },
] as const;

export const OPTION_COLUMNS = 8;

const ALIASES: Record<string, string[]> = {
  id: ['id', 'kode', 'kode soal'],
  kind: ['jenis', 'jenis soal', 'type', 'tipe', 'kind'],
  prompt: ['pertanyaan', 'soal', 'question', 'prompt', 'teks soal'],
  correct: ['jawaban benar', 'jawaban', 'kunci', 'kunci jawaban', 'correct', 'answer', 'correct answer'],
  explanation: ['penjelasan', 'pembahasan', 'explanation', 'feedback', 'umpan balik'],
  module: ['modul', 'module'],
  tags: ['tag', 'tags', 'label'],
};
for (let i = 0; i < OPTION_COLUMNS; i++) {
  const l = letter(i);
  ALIASES[`option${i}`] = [`pilihan ${l}`, `opsi ${l}`, `option ${l}`, `jawaban ${l}`, l].map((s) =>
    s.toLowerCase(),
  );
}

/** The kinds as the template's list offers them, first; then other spellings read the same. */
export const KIND_WORDS: Record<'single' | 'multiple' | 'truefalse', string[]> = {
  single: ['satu jawaban', 'single', 'tunggal', 'pilihan ganda', 'pg', 'mc', 'multichoice'],
  multiple: ['banyak jawaban', 'multiple', 'jawaban ganda', 'pilihan ganda kompleks', 'ganda kompleks', 'mr'],
  truefalse: [
    'benar-salah',
    'benar/salah',
    'benar salah',
    'bs',
    'truefalse',
    'true/false',
    'true-false',
    'tf',
  ],
};

const TRUE_WORDS = ['benar', 'b', 'true', 't', 'ya', 'betul'];
const FALSE_WORDS = ['salah', 's', 'false', 'f', 'tidak'];

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export type Columns = Map<string, number>;

/** The column of each known header in `cells`, or null when the row is not a header row (no question column). */
export function headerColumns(cells: readonly string[]): Columns | null {
  const found: Columns = new Map();
  cells.forEach((cell, index) => {
    const name = norm(cell);
    for (const [key, words] of Object.entries(ALIASES))
      if (!found.has(key) && words.includes(name)) found.set(key, index);
  });
  return found.has('prompt') ? found : null;
}

/** A cell as a reader hands it over: its text, and whether the spreadsheet holds a formula there. */
export interface Cell {
  text: string;
  formula?: boolean;
}

function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/**
 * One data row as a question, or why it cannot be one; `null` for an empty row. `language` picks the
 * true/false options' words.
 */
export function rowQuestion(
  cells: readonly Cell[],
  columns: Columns,
  at: SourcePlace,
  language: 'id' | 'en',
): RawQuestion | ImportRefusal | null {
  const get = (key: string) => {
    const i = columns.get(key);
    return i === undefined ? '' : (cells[i]?.text ?? '').trim();
  };
  const used = [...columns.entries()].filter(([key]) => key !== 'no' && get(key) !== '');
  if (used.length === 0) return null;
  const formula = [...columns.values()].find((i) => cells[i]?.formula);
  if (formula !== undefined) {
    const cell = `${columnName(formula)}${at.row ?? ''}`;
    return refusal(
      at,
      'formula_cell',
      `cell ${cell} holds a formula; type the text itself (a formula is never imported)`,
      `sel ${cell} berisi rumus; ketik teksnya langsung (rumus tidak pernah diimpor)`,
    );
  }
  const kindText = norm(get('kind'));
  let kind: RawQuestion['kind'];
  if (kindText) {
    const found = (Object.keys(KIND_WORDS) as (keyof typeof KIND_WORDS)[]).find((k) =>
      KIND_WORDS[k].includes(kindText),
    );
    if (!found)
      return refusal(
        at,
        'unknown_kind',
        `type "${kindText.slice(0, 40)}" is not one of: ${KIND_WORDS.single[0]}, ${KIND_WORDS.multiple[0]}, ${KIND_WORDS.truefalse[0]}`,
        `jenis "${kindText.slice(0, 40)}" bukan salah satu dari: ${KIND_WORDS.single[0]}, ${KIND_WORDS.multiple[0]}, ${KIND_WORDS.truefalse[0]}`,
      );
    kind = found;
  }
  const correctText = get('correct');
  const base = {
    at,
    prompt: get('prompt'),
    explanation: get('explanation') || undefined,
    module: get('module') || undefined,
    tags: get('tags')
      .split(/[,;]/)
      .map((t) => t.trim())
      .filter(Boolean),
    name: get('id') || undefined,
  };
  const options: string[] = [];
  for (let i = 0; i < OPTION_COLUMNS; i++) options.push(get(`option${i}`));
  while (options.length && !options[options.length - 1]) options.pop();

  if (kind === 'truefalse') {
    const answer = norm(correctText);
    const isTrue = TRUE_WORDS.includes(answer);
    if (!isTrue && !FALSE_WORDS.includes(answer))
      return refusal(
        at,
        'truefalse_answer',
        `a true/false question's answer is Benar or Salah, not "${correctText.slice(0, 40)}"`,
        `jawaban soal benar-salah adalah Benar atau Salah, bukan "${correctText.slice(0, 40)}"`,
      );
    const [t, f] = language === 'en' ? ['True', 'False'] : ['Benar', 'Salah'];
    return {
      ...base,
      kind,
      options: [
        { text: t, correct: isTrue },
        { text: f, correct: !isTrue },
      ],
    };
  }
  const letters = parseLetters(correctText);
  if (letters === null)
    return refusal(
      at,
      'bad_correct',
      `the correct answer "${correctText.slice(0, 40)}" is not option letters such as A or A, C`,
      `jawaban benar "${correctText.slice(0, 40)}" bukan huruf pilihan seperti A atau A, C`,
    );
  const beyond = letters.find((i) => i >= options.length || !options[i]);
  if (beyond !== undefined)
    return refusal(
      at,
      'bad_correct',
      `the correct answer names option ${letter(beyond)}, which is empty`,
      `jawaban benar menyebut pilihan ${letter(beyond)}, yang kosong`,
    );
  return { ...base, kind, options: options.map((text, i) => ({ text, correct: letters.includes(i) })) };
}

/** "A", "a, c", "A;C", "A C", "AC" → option indexes; null when it is not letters. Empty → no correct option. */
function parseLetters(text: string): number[] | null {
  const t = text.trim().toUpperCase();
  if (!t) return [];
  const parts = /^[A-H]+$/.test(t) ? t.split('') : t.split(/[\s,;/&]+|\bDAN\b|\bAND\b/).filter(Boolean);
  if (!parts.every((p) => /^[A-H]$/.test(p))) return null;
  return [...new Set(parts.map((p) => p.charCodeAt(0) - 65))];
}
