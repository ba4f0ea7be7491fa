import { parse, type GIFTQuestion, type TextFormat } from 'gift-pegjs';
import type { ImportRefusal, SourcePlace } from '../../api/questions';
import { decodeText } from './encoding';
import { htmlToText, refusal, type RawQuestion, type ReadResult } from './model';

/** One question's text as the file has it, with the line it starts on. */
interface Block {
  /** The block's first line (comments included): parse errors count from here. */
  start: number;
  /** The question's first line (after its comments): where the preview places it. */
  line: number;
  text: string;
  category: string | undefined;
}

/**
 * Moodle's GIFT format, parsed with gift-pegjs (the PEG grammar of GIFT, kept up to date) one question at a
 * time, so one broken question is refused with its line and the rest still import. Questions are split where
 * Moodle splits them (at blank lines); `$CATEGORY:` lines are read here. A lone `:` in a
 * question's text is escaped before parsing: Moodle reads it as text, gift-pegjs would refuse it.
 */
export function readGift(bytes: Uint8Array, language: 'id' | 'en'): ReadResult {
  const { text, encoding } = decodeText(bytes);
  const result: ReadResult = { encoding, questions: [], refused: [], notices: [] };
  for (const block of blocks(text)) {
    let parsed: GIFTQuestion[];
    try {
      parsed = parse(escapeLoneColons(block.text));
    } catch (error) {
      const where = (error as { location?: { start?: { line?: number } } }).location?.start?.line ?? 1;
      const message = error instanceof Error ? error.message : String(error);
      result.refused.push(
        refusal(
          { line: block.start + where - 1 },
          'syntax',
          `GIFT syntax: ${message.slice(0, 200)}`,
          `sintaks GIFT salah: ${message.slice(0, 200)}`,
        ),
      );
      continue;
    }
    let category = block.category;
    for (const q of parsed) {
      if (q.type === 'Category') {
        category = lastSegment(q.title);
        continue;
      }
      const found = fromGift(q, { line: block.line }, category, language);
      if ('code' in found) result.refused.push(found);
      else result.questions.push(found);
    }
  }
  return result;
}

function lastSegment(path: string): string | undefined {
  return (
    path
      .replace(/^\$(course|system|module|cat)\$\/?/, '')
      .replace(/^top\/?/, '')
      .split('/')
      .pop()
      ?.trim() || undefined
  );
}

function plain(t: TextFormat | null | undefined): string {
  if (!t) return '';
  return t.format === 'html' ? htmlToText(t.text) : t.text.trim();
}

function fromGift(
  q: Exclude<GIFTQuestion, { type: 'Category' }>,
  at0: SourcePlace,
  category: string | undefined,
  language: 'id' | 'en',
): RawQuestion | ImportRefusal {
  const name = (q.id ?? q.title ?? '').trim() || undefined;
  const at: SourcePlace = { ...at0, ...(name ? { name } : {}) };
  const tags = [...(q.tags ?? []), ...(category ? [category] : [])];
  const base = { at, prompt: plain(q.stem), tags, name, category };
  switch (q.type) {
    case 'MC': {
      const weighted = q.choices.some((c) => c.weight !== null);
      const options = q.choices.map((c) => ({
        text: plain(c.text),
        correct: weighted ? (c.weight ?? 0) > 0 : c.isCorrect,
      }));
      const rightFeedback = q.choices.find((c, i) => options[i]!.correct && c.feedback)?.feedback;
      const explanation = plain(q.globalFeedback) || plain(rightFeedback) || undefined;
      return { ...base, kind: undefined, options, explanation };
    }
    case 'TF': {
      const [t, f] = language === 'en' ? ['True', 'False'] : ['Benar', 'Salah'];
      // GIFT's `{T#first#second}`: the first feedback answers a wrong choice, the second the right one.
      const explanation = plain(q.globalFeedback) || plain(q.falseFeedback) || undefined;
      return {
        ...base,
        kind: 'truefalse',
        options: [
          { text: t, correct: q.isTrue },
          { text: f, correct: !q.isTrue },
        ],
        explanation,
      };
    }
    default: {
      const names: Record<string, [string, string]> = {
        Description: ['a description (no answers)', 'deskripsi (tanpa jawaban)'],
        Short: ['short answer', 'isian singkat'],
        Numerical: ['numerical', 'numerik'],
        Essay: ['essay', 'esai'],
        Matching: ['matching', 'menjodohkan'],
      };
      const [en, id] = names[q.type] ?? [q.type, q.type];
      return refusal(
        at,
        'unsupported_kind',
        `GIFT ${en} is not imported (only multiple choice and true/false)`,
        `soal GIFT ${id} tidak diimpor (hanya pilihan ganda dan benar-salah)`,
      );
    }
  }
}

/**
 * Splits GIFT text into questions at blank lines, as Moodle's own GIFT reader does (a blank line always ends
 * a question, also inside `{…}`); `$CATEGORY:` lines set the category of the questions after them.
 */
export function blocks(text: string): Block[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Block[] = [];
  let current: string[] = [];
  let start = 0;
  let category: string | undefined;
  const flush = () => {
    const first = current.findIndex((l) => l.trim() && !l.trim().startsWith('//'));
    if (first >= 0)
      out.push({ start: start + 1, line: start + first + 1, text: current.join('\n'), category });
    current = [];
  };
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    if (/^\$CATEGORY:/i.test(trimmed)) {
      flush();
      category = lastSegment(trimmed.replace(/^\$CATEGORY:\s*/i, ''));
      return;
    }
    if (trimmed === '') {
      flush();
      return;
    }
    if (current.length === 0) start = i;
    current.push(line);
  });
  flush();
  return out;
}

/**
 * `Pilih dua: {…}` → `Pilih dua\: {…}`: a lone `:` is text for Moodle (in the question, an answer or a
 * feedback), while gift-pegjs refuses it; only a numerical answer block (`{#3:1}`) keeps its colons, and
 * `::title::` its double colons. Comment lines are left as they are.
 */
export function escapeLoneColons(block: string): string {
  let depth = 0;
  let numerical = false;
  return block
    .split('\n')
    .map((line) => {
      if (depth === 0 && line.trim().startsWith('//')) return line;
      let out = '';
      for (let c = 0; c < line.length; c++) {
        const ch = line[c]!;
        if (ch === '\\') {
          out += ch + (line[c + 1] ?? '');
          c++;
          continue;
        }
        if (ch === '{' && depth === 0) {
          depth = 1;
          const after = line.slice(c + 1).trimStart();
          numerical = after.startsWith('#') && !after.startsWith('####');
        } else if (ch === '}' && depth > 0) depth = 0;
        if (ch === ':' && line[c + 1] === ':' && depth === 0) {
          out += '::';
          c++;
          continue;
        }
        if (ch === ':' && !(depth > 0 && numerical)) {
          out += '\\:';
          continue;
        }
        out += ch;
      }
      return out;
    })
    .join('\n');
}
