import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ImportNotice, ImportRefusal, SourcePlace } from '../../api/questions';
import { decodeText } from './encoding';
import { ImportFileError } from './file-error';
import { htmlToText, refusal, type RawQuestion, type ReadResult } from './model';

type Node = { [key: string]: Node[] | string | undefined };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

const kids = (node: Node | undefined, name: string): Node[] => {
  const v = node?.[name];
  return Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? { '#text': x } : x)) : [];
};
const kid = (node: Node | undefined, name: string) => kids(node, name)[0];
const attr = (node: Node | undefined, name: string) => {
  const v = node?.[`@${name}`];
  return typeof v === 'string' ? v : undefined;
};
const textOf = (node: Node | undefined): string => {
  const t = kid(node, 'text')?.['#text'];
  return typeof t === 'string' ? t : '';
};

/** A formatted text of Moodle (`format="html"`, the default, or plain/markdown/moodle_auto_format) as plain text. */
function formatted(node: Node | undefined): { text: string; html: boolean } {
  const raw = textOf(node);
  const format = attr(node, 'format') ?? 'html';
  if (format === 'html' || /<[a-z][^>]*>/i.test(raw))
    return { text: htmlToText(raw), html: /<[a-z/][^>]*>/i.test(raw) };
  return { text: raw.trim(), html: false };
}

const SUPPORTED = new Set(['multichoice', 'truefalse', 'category']);

/**
 * Moodle XML ("Format XML Moodle"), as Moodle's question bank exports it: multiple choice (one answer or
 * several: a positive `fraction` is a correct answer) and true/false; the category becomes a tag; the general
 * feedback is the explanation (else the correct answer's feedback). Other types (essay, short answer,
 * numerical, matching, cloze, drag-and-drop) are refused by name, and so are questions with embedded files.
 * A DOCTYPE is refused: no entity of the file is ever expanded.
 */
export function readMoodleXml(bytes: Uint8Array, language: 'id' | 'en'): ReadResult {
  const { text, encoding } = decodeText(bytes);
  if (/<!DOCTYPE/i.test(text))
    throw new ImportFileError(
      'Moodle XML with a DOCTYPE is refused (entities are never expanded)',
      'XML Moodle dengan DOCTYPE ditolak',
    );
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new ImportFileError(
      `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`,
      `XML tidak tersusun benar: ${valid.err.msg} (baris ${valid.err.line})`,
    );
  const root = parser.parse(text) as Node;
  const quiz = kid(root, 'quiz');
  if (!quiz)
    throw new ImportFileError(
      'no <quiz> element: not a Moodle XML question file',
      'tidak ada elemen <quiz>: bukan berkas soal XML Moodle',
    );
  const lines = questionLines(text);
  const result: ReadResult = { encoding, questions: [], refused: [], notices: [] };
  let category: string | undefined;
  kids(quiz, 'question').forEach((q, index) => {
    const type = attr(q, 'type') ?? '';
    const name = textOf(kid(q, 'name')).trim() || undefined;
    const at: SourcePlace = { line: lines[index] ?? 1, ...(name ? { name } : {}) };
    if (type === 'category') {
      category =
        textOf(kid(q, 'category'))
          .replace(/^\$(course|system|module|cat)\$\/?/, '')
          .replace(/^top\/?/, '')
          .trim() || undefined;
      return;
    }
    const found = readQuestion(q, type, at, category, language, result.notices);
    if ('code' in found) result.refused.push(found);
    else result.questions.push(found);
  });
  return result;
}

function readQuestion(
  q: Node,
  type: string,
  at: SourcePlace,
  category: string | undefined,
  language: 'id' | 'en',
  notices: ImportNotice[],
): RawQuestion | ImportRefusal {
  if (!SUPPORTED.has(type))
    return refusal(
      at,
      'unsupported_kind',
      `Moodle question type "${type}" is not imported (only multichoice and truefalse)`,
      `jenis soal Moodle "${type}" tidak diimpor (hanya multichoice dan truefalse)`,
    );
  const questiontext = kid(q, 'questiontext');
  const hasFiles = kids(questiontext, 'file').length > 0 || textOf(questiontext).includes('@@PLUGINFILE@@');
  if (hasFiles)
    return refusal(
      at,
      'embedded_media',
      'the question holds an image or file; add media to a lesson instead',
      'soal memuat gambar atau berkas; taruh media di pelajaran',
    );
  const prompt = formatted(questiontext);
  if (prompt.html)
    notices.push({
      at,
      code: 'html_stripped',
      reason: 'HTML formatting removed from the text',
      alasan: 'format HTML dihapus dari teks',
    });
  const answers = kids(q, 'answer').map((a) => ({
    text: formatted(a).text,
    fraction: Number(attr(a, 'fraction') ?? '0'),
    feedback: formatted(kid(a, 'feedback')).text,
  }));
  const general = formatted(kid(q, 'generalfeedback')).text;
  const tags = [
    ...kids(kid(q, 'tags'), 'tag').map((t) => textOf(t).trim()),
    ...(category ? [category.split('/').pop()!.trim()] : []),
  ].filter(Boolean);
  const explanation = general || answers.find((a) => a.fraction > 0)?.feedback || undefined;
  const base = {
    at,
    prompt: prompt.text,
    explanation,
    tags,
    name: at.name,
    category: category?.split('/').pop()?.trim(),
  };
  if (type === 'truefalse') {
    const truth = answers.find((a) => a.fraction > 0);
    const isTrue = truth ? /^(true|benar)$/i.test(truth.text.trim()) : false;
    const [t, f] = language === 'en' ? ['True', 'False'] : ['Benar', 'Salah'];
    if (!truth)
      return refusal(
        at,
        'no_correct',
        'no answer has a positive fraction',
        'tidak ada jawaban dengan nilai positif',
      );
    return {
      ...base,
      kind: 'truefalse',
      options: [
        { text: t, correct: isTrue },
        { text: f, correct: !isTrue },
      ],
    };
  }
  const single = (kid(q, 'single')?.['#text'] ?? 'true') !== 'false';
  return {
    ...base,
    kind: single ? 'single' : 'multiple',
    options: answers.map((a) => ({ text: a.text, correct: a.fraction > 0 })),
  };
}

/** The line of each `<question` in the file, in order: fast-xml-parser keeps no positions. */
function questionLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  const re = /<question[\s>]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = from; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}
