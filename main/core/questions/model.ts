import type { ImportNotice, ImportRefusal, ImportRefusalCode, SourcePlace } from '../../api/questions';

/** A question as a format's reader found it, before the common checks and before it gets ids. */
export interface RawQuestion {
  at: SourcePlace;
  /** Undefined: told by the number of correct options (one: single, more: multiple). */
  kind: 'single' | 'multiple' | 'truefalse' | undefined;
  prompt: string;
  options: { text: string; correct: boolean }[];
  explanation?: string;
  /** The module as the file names it (its id or its title); resolved against the course. */
  module?: string;
  /** A category the file files it under (Moodle, GIFT): its module when it names one, else only a tag. */
  category?: string;
  tags: string[];
  /** The file's own id or title of the question, used for its id when free. */
  name?: string;
}

/** What a reader hands back: questions to check, rows or blocks it refused itself, notices. */
export interface ReadResult {
  encoding: string;
  questions: RawQuestion[];
  refused: ImportRefusal[];
  notices: ImportNotice[];
}

/** course.json's limits (main/core/courses/manifest.ts), checked here so a refusal names the row. */
export const LIMITS = {
  prompt: 2000,
  option: 500,
  explanation: 2000,
  options: 8,
  tags: 20,
  tag: 60,
} as const;

/** "row 12", "line 40", "sheet Soal row 3": how a place reads in a sentence, in English and Indonesian. */
export function placeText(at: SourcePlace): { en: string; id: string } {
  const name = at.name ? ` ("${at.name.slice(0, 60)}")` : '';
  if (at.row !== undefined) {
    const sheet = at.sheet ? `sheet ${at.sheet} ` : '';
    const lembar = at.sheet ? `lembar ${at.sheet} ` : '';
    return { en: `${sheet}row ${at.row}${name}`, id: `${lembar}baris ${at.row}${name}` };
  }
  if (at.line !== undefined) return { en: `line ${at.line}${name}`, id: `baris ${at.line}${name}` };
  return { en: `question${name}`, id: `soal${name}` };
}

export function refusal(
  at: SourcePlace,
  code: ImportRefusalCode,
  reason: string,
  alasan: string,
): ImportRefusal {
  return { at, code, reason, alasan };
}

/** Turns a question the reader found into one course.json can hold, or names why it cannot. */
export function checkRaw(
  raw: RawQuestion,
):
  | { ok: true; question: RawQuestion & { kind: 'single' | 'multiple' | 'truefalse' } }
  | { ok: false; refusal: ImportRefusal } {
  const at = raw.at;
  const no = (code: ImportRefusalCode, reason: string, alasan: string) =>
    ({ ok: false, refusal: refusal(at, code, reason, alasan) }) as const;
  const prompt = raw.prompt.trim();
  if (!prompt) return no('no_prompt', 'the question text is empty', 'teks pertanyaan kosong');
  if (prompt.length > LIMITS.prompt)
    return no(
      'text_too_long',
      `the question text has ${prompt.length} characters; at most ${LIMITS.prompt}`,
      `teks pertanyaan ${prompt.length} karakter; paling banyak ${LIMITS.prompt}`,
    );
  const options = raw.options.map((o) => ({ text: o.text.trim(), correct: o.correct }));
  if (raw.kind !== 'truefalse') {
    if (options.length < 2)
      return no(
        'too_few_options',
        `${options.length} option(s); at least 2`,
        `${options.length} pilihan; paling sedikit 2`,
      );
    if (options.length > LIMITS.options)
      return no(
        'too_many_options',
        `${options.length} options; at most ${LIMITS.options}`,
        `${options.length} pilihan; paling banyak ${LIMITS.options}`,
      );
    const empty = options.findIndex((o) => !o.text);
    if (empty >= 0)
      return no('empty_option', `option ${letter(empty)} is empty`, `pilihan ${letter(empty)} kosong`);
    const long = options.findIndex((o) => o.text.length > LIMITS.option);
    if (long >= 0)
      return no(
        'text_too_long',
        `option ${letter(long)} has ${options[long]!.text.length} characters; at most ${LIMITS.option}`,
        `pilihan ${letter(long)} ${options[long]!.text.length} karakter; paling banyak ${LIMITS.option}`,
      );
    const seen = new Map<string, number>();
    for (const [i, o] of options.entries()) {
      const key = o.text.toLowerCase().replace(/\s+/g, ' ');
      const first = seen.get(key);
      if (first !== undefined)
        return no(
          'duplicate_option',
          `options ${letter(first)} and ${letter(i)} are the same`,
          `pilihan ${letter(first)} dan ${letter(i)} sama`,
        );
      seen.set(key, i);
    }
  }
  const correct = options.filter((o) => o.correct).length;
  if (correct === 0)
    return no('no_correct', 'no option is marked correct', 'tidak ada pilihan yang ditandai benar');
  const kind = raw.kind ?? (correct > 1 ? 'multiple' : 'single');
  if (kind !== 'multiple' && correct > 1)
    return no(
      'several_correct',
      `${correct} options are marked correct; a single-answer question has one`,
      `${correct} pilihan ditandai benar; soal satu jawaban hanya punya satu`,
    );
  const explanation = raw.explanation?.trim();
  if (explanation && explanation.length > LIMITS.explanation)
    return no(
      'text_too_long',
      `the explanation has ${explanation.length} characters; at most ${LIMITS.explanation}`,
      `penjelasan ${explanation.length} karakter; paling banyak ${LIMITS.explanation}`,
    );
  const tags = [...new Set(raw.tags.map((t) => t.trim()).filter(Boolean))];
  if (tags.length > LIMITS.tags)
    return no(
      'bad_tag',
      `${tags.length} tags; at most ${LIMITS.tags}`,
      `${tags.length} tag; paling banyak ${LIMITS.tags}`,
    );
  const longTag = tags.find((t) => t.length > LIMITS.tag);
  if (longTag)
    return no(
      'bad_tag',
      `a tag is longer than ${LIMITS.tag} characters`,
      `ada tag lebih dari ${LIMITS.tag} karakter`,
    );
  return {
    ok: true,
    question: {
      ...raw,
      kind,
      prompt,
      options,
      tags,
      ...(explanation ? { explanation } : { explanation: undefined }),
      ...(raw.module?.trim() ? { module: raw.module.trim() } : { module: undefined }),
    },
  };
}

export function letter(index: number): string {
  return String.fromCharCode(65 + index);
}

/** Plain text from the HTML that Moodle writes into question texts: tags dropped, entities read, spaces folded. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<\s*br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h[1-6])\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
