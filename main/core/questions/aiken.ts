import { decodeText } from './encoding';
import { refusal, type RawQuestion, type ReadResult } from './model';

const OPTION = /^([A-Za-z])[.)]\s+(.*)$/;
const ANSWER = /^ANSWER\s*:\s*(.*)$/i;

/**
 * Moodle's Aiken format: the question on one or more lines, options `A.` or `A)` one per line, then
 * `ANSWER: B`; questions apart by a blank line. Single answer only, and Aiken has no explanation: such
 * questions are imported and `balai course check` names each one without its explanation.
 */
export function readAiken(bytes: Uint8Array): ReadResult {
  const { text, encoding } = decodeText(bytes);
  const lines = text.split(/\r\n|\r|\n/);
  const result: ReadResult = { encoding, questions: [], refused: [], notices: [] };
  let block: { line: number; text: string }[] = [];
  const flush = () => {
    if (block.length) read(block, result);
    block = [];
  };
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      flush();
      return;
    }
    block.push({ line: i + 1, text: line.trim() });
    if (ANSWER.test(line.trim())) flush();
  });
  flush();
  return result;
}

function read(block: { line: number; text: string }[], result: ReadResult): void {
  const at = { line: block[0]!.line };
  const answerAt = block.findIndex((l) => ANSWER.test(l.text));
  if (answerAt < 0) {
    result.refused.push(
      refusal(
        at,
        'syntax',
        'no "ANSWER:" line ends this question',
        'tidak ada baris "ANSWER:" di akhir soal ini',
      ),
    );
    return;
  }
  const firstOption = block.findIndex((l) => OPTION.test(l.text));
  if (firstOption <= 0) {
    result.refused.push(
      firstOption === 0
        ? refusal(
            at,
            'no_prompt',
            'the question text is missing before the options',
            'teks pertanyaan tidak ada sebelum pilihan',
          )
        : refusal(at, 'too_few_options', 'no options "A." / "A)" found', 'tidak ada pilihan "A." / "A)"'),
    );
    return;
  }
  const prompt = block
    .slice(0, firstOption)
    .map((l) => l.text)
    .join('\n');
  const options: { key: string; text: string }[] = [];
  for (const l of block.slice(firstOption, answerAt)) {
    const m = OPTION.exec(l.text);
    if (!m) {
      result.refused.push(
        refusal(
          { line: l.line },
          'syntax',
          `line is not an option "A. …": "${l.text.slice(0, 60)}"`,
          `baris ini bukan pilihan "A. …": "${l.text.slice(0, 60)}"`,
        ),
      );
      return;
    }
    options.push({ key: m[1]!.toUpperCase(), text: m[2]! });
  }
  const answer = ANSWER.exec(block[answerAt]!.text)![1]!.trim().toUpperCase();
  if (!options.some((o) => o.key === answer)) {
    result.refused.push(
      refusal(
        at,
        'bad_correct',
        `ANSWER "${answer.slice(0, 20)}" is not one of the option letters`,
        `ANSWER "${answer.slice(0, 20)}" bukan salah satu huruf pilihan`,
      ),
    );
    return;
  }
  const question: RawQuestion = {
    at,
    kind: 'single',
    prompt,
    options: options.map((o) => ({ text: o.text, correct: o.key === answer })),
    tags: [],
  };
  result.questions.push(question);
}
