import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/external-content';
import { useTempDirs } from '../helpers/core';
import { bankRows } from '../fixtures/questions/generate';

const BALAI = join(REPO_ROOT, 'bin', 'balai.js');
const STARTER = join(REPO_ROOT, 'content', 'courses', 'mengenal-apbdes');
const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'questions');

const run = (...args: string[]) =>
  spawnSync(process.execPath, [BALAI, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, BALAI_DATA: '' },
  });

const importHostile = (folder: string, ...more: string[]) =>
  run('questions', 'import', join(FIXTURES, 'hostile.csv'), '--format', 'csv', '--into', folder, ...more);

describe('balai questions and balai course check', { timeout: 120_000 }, () => {
  const tempDir = useTempDirs('balai-cli-questions-');
  const course = () => {
    const dir = join(tempDir(), 'kursus');
    cpSync(STARTER, dir, { recursive: true });
    return dir;
  };

  it('template → fill 30 questions → import → the course packs (dry-run first changes nothing)', async () => {
    const dir = tempDir();
    const template = join(dir, 'bank.xlsx');
    const made = run('questions', 'template', '--out', template);
    expect(made.status, made.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template);
    bankRows(30, 'Dasar-dasar APB Desa').forEach(
      (r, i) => (wb.getWorksheet('Soal')!.getRow(i + 2).values = r),
    );
    await wb.xlsx.writeFile(template);

    const folder = course();
    const before = readFileSync(join(folder, 'course.json'));
    const dry = run('questions', 'import', template, '--format', 'xlsx', '--into', folder, '--dry-run');
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('30 question(s) would be imported, 0 refused');
    expect(dry.stdout).toContain('30 soal akan diimpor');
    expect(readFileSync(join(folder, 'course.json')).equals(before)).toBe(true);

    const done = run('questions', 'import', template, '--format', 'xlsx', '--into', folder);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('bank 5 → 35');
    const json = JSON.parse(readFileSync(join(folder, 'course.json'), 'utf8')) as {
      questions: { moduleId?: string }[];
    };
    expect(json.questions).toHaveLength(35);
    expect(json.questions[34]!.moduleId).toBe('dasar-apbdes');
    const check = run('course', 'check', folder);
    expect(check.status, check.stdout).toBe(0);
    const pack = run(
      'course',
      'pack',
      folder,
      '--key',
      join(REPO_ROOT, 'content', 'keys', 'dev-publisher.key.json'),
      '--cert',
      join(REPO_ROOT, 'content', 'keys', 'dev-publisher.chain.json'),
      '--out',
      join(dir, 'k.balaicourse'),
    );
    expect(pack.status, pack.stderr).toBe(0);
  });

  it('prints each refused row with its number and reason in both languages; --json gives the preview', () => {
    const folder = course();
    const text = importHostile(folder);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('- row 8: refused [unknown_module]');
    expect(text.stdout).toContain('baris 8: ditolak: modul "Modul yang tidak ada" bukan modul kursus ini');
    const json = importHostile(course(), '--json', '--dry-run');
    const preview = JSON.parse(json.stdout) as {
      ok: boolean;
      written: boolean;
      questions: unknown[];
      refused: { at: { row: number } }[];
    };
    expect(preview).toMatchObject({ ok: true, written: false });
    expect(preview.refused.map((r) => r.at.row)).toEqual([5, 6, 7, 8, 9, 10, 11, 13]);
  });

  it('exit 1 when nothing could be taken or the file is unreadable; 2 on wrong usage', () => {
    const folder = course();
    const garbage = join(tempDir(), 'bukan.xlsx');
    writeFileSync(garbage, 'ini bukan excel');
    const bad = run('questions', 'import', garbage, '--format', 'xlsx', '--into', folder);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('not an XLSX workbook');
    expect(bad.stderr).toContain('bukan buku kerja XLSX');
    const aiken = join(tempDir(), 'rusak.txt');
    writeFileSync(aiken, 'Soal\nA. Satu\nB. Dua\nANSWER: Z\n');
    expect(run('questions', 'import', aiken, '--format', 'aiken', '--into', folder).status).toBe(1);
    expect(run('questions', 'import', aiken, '--format', 'word', '--into', folder).status).toBe(2);
    expect(run('questions', 'import', aiken).status).toBe(2);
  });

  it('course check: exit 1 on errors with each field named; the fields of an Aiken import without explanations', () => {
    const folder = course();
    run('questions', 'import', join(FIXTURES, 'bank.aiken.txt'), '--format', 'aiken', '--into', folder);
    const check = run('course', 'check', folder);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(
      'error [no_explanation] questions[5].explanation (q-6): the question has no explanation',
    );
    expect(check.stdout).toContain('galat: soal belum punya penjelasan');
    const json = JSON.parse(run('course', 'check', folder, '--json').stdout) as {
      ok: boolean;
      errors: number;
    };
    expect(json).toMatchObject({ ok: false, errors: 2 });
    expect(run('course', 'check', join(tempDir(), 'tidak-ada')).status).toBe(1);
  });
});
