import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAiken } from '../../../main/core/questions/aiken';
import { blocks, escapeLoneColons, readGift } from '../../../main/core/questions/gift';
import { planImport } from '../../../main/core/questions/import';
import { readMoodleXml } from '../../../main/core/questions/moodle-xml';
import { windows1252 } from '../../fixtures/questions/generate';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'questions');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const COURSE = {
  language: 'id' as const,
  modules: [{ id: 'dasar-apbdes', title: 'Dasar-dasar APB Desa' }],
  questions: [],
};

describe('GIFT: every syntax feature Moodle documents', () => {
  const { preview } = planImport('gift', readGift(fixture('every-feature.gift'), 'id'), COURSE);
  const byName = new Map(preview.questions.map((q) => [q.id, q]));

  it('imports the multiple-choice and true/false questions with their answers, feedback, ids, tags and category', () => {
    expect(preview.questions.map((q) => [q.id, q.kind, q.at.line])).toEqual([
      ['apbdes-bagian', 'single', 7],
      ['tahun-anggaran', 'truefalse', 15],
      ['bpd-ppkd', 'truefalse', 18],
      ['transfer', 'multiple', 21],
      ['tiga-benar', 'multiple', 29],
      ['missing-word', 'single', 33],
      ['escapes', 'single', 36],
      ['html', 'single', 39],
      ['q-1', 'single', 42],
      ['banyak-baris', 'single', 68],
    ]);
    expect(byName.get('apbdes-bagian')).toMatchObject({
      prompt: 'APB Desa terdiri atas tiga bagian. Apa saja?',
      options: [
        { text: 'Pendapatan, Belanja, Pembiayaan', correct: true },
        { text: 'Pendapatan, Belanja, Pajak', correct: false },
        { text: 'Perencanaan, Pelaksanaan, Pelaporan', correct: false },
      ],
      // General feedback (####) is the explanation, ahead of the answer's own feedback.
      explanation: 'Permendagri 20/2018: APB Desa terdiri atas Pendapatan, Belanja dan Pembiayaan.',
      // The category names a module (by its title), and is a tag too.
      moduleId: 'dasar-apbdes',
      tags: ['Dasar-dasar APB Desa'],
    });
    // {T#wrong#right}: the right answer's feedback is the explanation when there is no general feedback.
    expect(byName.get('tahun-anggaran')).toMatchObject({
      options: [
        { id: 'benar', correct: true },
        { id: 'salah', correct: false },
      ],
      explanation: 'Benar: sama dengan tahun kalender.',
    });
    expect(byName.get('bpd-ppkd')).toMatchObject({
      options: [{ correct: false }, { correct: true }],
      explanation: 'BPD bukan pelaksana pengelolaan keuangan desa.',
    });
    // Weights: a positive weight is a right answer.
    expect(byName.get('transfer')!.options.map((o) => o.correct)).toEqual([true, true, false]);
    expect(byName.get('tiga-benar')!.options.map((o) => o.correct)).toEqual([true, true, true, false]);
    // Missing word: the blank stays in the sentence; [id:] and [tag:] comments are read.
    expect(byName.get('missing-word')).toMatchObject({
      prompt: 'Pemegang kekuasaan pengelolaan keuangan desa adalah _____ menurut Permendagri 20/2018.',
      tags: ['pkpkd', 'kepala-desa', 'Dasar-dasar APB Desa'],
    });
    // Escapes and a lone colon are text; [markdown] and [plain] keep the text, [html] loses its tags.
    expect(byName.get('escapes')!.prompt).toBe(
      'Rumus: 70 persen = belanja; tanda ~ # { } tetap teks. Catatan: titik dua biasa.',
    );
    expect(byName.get('html')!.prompt).toBe('Siapa menetapkan APB Desa?');
    expect(byName.get('q-1')!.prompt).toBe('Berapa bagian APB Desa?');
    // A second $CATEGORY that names no module: a tag only; multi-line text is one line, as Moodle reads it.
    expect(byName.get('banyak-baris')).toMatchObject({
      prompt: 'Siapa yang mengajukan SPP untuk kegiatan desa?',
      tags: ['Kategori lain'],
    });
    expect(byName.get('banyak-baris')!.moduleId).toBeUndefined();
  });

  it('refuses every other question by line with its reason, and the broken one does not take the rest with it', () => {
    expect(preview.refused.map((r) => [r.at.line, r.code, r.at.name ?? null])).toEqual([
      [45, 'unsupported_kind', 'isian'],
      [48, 'unsupported_kind', 'cocok'],
      [51, 'unsupported_kind', 'numerik'],
      [54, 'unsupported_kind', 'rentang'],
      [57, 'unsupported_kind', 'esai'],
      [60, 'unsupported_kind', 'keterangan'],
      [65, 'syntax', null],
      [75, 'unsupported_kind', 'satu-pilihan'],
      [78, 'no_correct', 'tanpa-benar'],
    ]);
    expect(preview.refused.find((r) => r.code === 'syntax')!.alasan).toMatch(/^sintaks GIFT salah/);
    expect(preview.notices.filter((n) => n.code === 'no_explanation').map((n) => n.at?.line)).toEqual([
      29, 33, 36, 39, 42, 68,
    ]);
  });

  it('splits at blank lines as Moodle does and escapes only lone colons outside numerical answers', () => {
    expect(
      blocks('// c\nA {T}\n\n\nB {F}\n$CATEGORY: x/y\nC {T}').map((b) => [b.start, b.line, b.category]),
    ).toEqual([
      [1, 2, undefined],
      [5, 5, undefined],
      [7, 7, 'y'],
    ]);
    expect(escapeLoneColons('::t:: a: b {=c: d ~e#f: g}')).toBe('::t:: a\\: b {=c\\: d ~e#f\\: g}');
    expect(escapeLoneColons('Berapa? {#3:1}')).toBe('Berapa? {#3:1}');
    expect(escapeLoneColons('x \\: y {T####umum: ya}')).toBe('x \\: y {T####umum\\: ya}');
  });
});

describe('Moodle XML', () => {
  it('imports multichoice and truefalse with HTML removed; refuses other types and embedded files by line and name', () => {
    const { preview } = planImport('moodle-xml', readMoodleXml(fixture('bank.moodle.xml'), 'id'), COURSE);
    expect(preview.questions.map((q) => [q.id, q.kind, q.at.line])).toEqual([
      ['bagian-apbdes', 'single', 6],
      ['transfer', 'multiple', 16],
      ['tahun-anggaran', 'truefalse', 24],
    ]);
    expect(preview.questions[0]).toMatchObject({
      prompt: 'APB Desa terdiri atas tiga bagian. Apa saja?',
      explanation: 'Permendagri 20/2018: Pendapatan, Belanja, Pembiayaan.',
      moduleId: 'dasar-apbdes',
      tags: ['apbdes', 'Dasar-dasar APB Desa'],
    });
    expect(preview.questions[0]!.options[2]!.text).toBe('Perencanaan & Pelaporan');
    expect(preview.questions[1]).toMatchObject({ explanation: 'Ya, transfer pusat.' });
    expect(preview.questions[2]).toMatchObject({ options: [{ correct: true }, { correct: false }] });
    expect(preview.refused.map((r) => [r.at.line, r.code, r.at.name])).toEqual([
      [31, 'unsupported_kind', 'isian'],
      [36, 'embedded_media', 'bergambar'],
      [43, 'unsupported_kind', 'esai'],
    ]);
  });

  it('refuses a DOCTYPE (no entity is expanded) and XML that is not well-formed, as a whole file', () => {
    expect(() =>
      readMoodleXml(
        Buffer.from('<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaa">]><quiz>&a;</quiz>'),
        'id',
      ),
    ).toThrow(/DOCTYPE/);
    expect(() => readMoodleXml(Buffer.from('<quiz><question></quiz>'), 'id')).toThrow(/not well-formed XML/);
  });
});

describe('Aiken', () => {
  it('imports single-answer questions (A. and A) options) and refuses each broken one by line', () => {
    const { preview } = planImport('aiken', readAiken(fixture('bank.aiken.txt')), COURSE);
    expect(preview.questions.map((q) => [q.at.line, q.options.find((o) => o.correct)!.text])).toEqual([
      [1, 'Pendapatan, Belanja, Pembiayaan'],
      [7, 'Kepala Desa'],
      [22, '1 Januari'],
    ]);
    expect(preview.refused.map((r) => [r.at.line, r.code])).toEqual([
      [13, 'syntax'],
      [17, 'bad_correct'],
    ]);
    // Aiken has no explanation: each question is named for `balai course check`.
    expect(preview.notices.filter((n) => n.code === 'no_explanation')).toHaveLength(3);
  });

  it('reads a Windows-1252 file and names it', () => {
    const read = readAiken(windows1252('Siapa “PKPKD”?\nA. Kepala Désa\nB. Camat\nANSWER: A\n'));
    expect(read.encoding).toBe('windows-1252');
    expect(read.questions[0]).toMatchObject({
      prompt: 'Siapa “PKPKD”?',
      options: [{ text: 'Kepala Désa' }, { text: 'Camat' }],
    });
  });
});
