import { copyFileSync, cpSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCourseFolder, regulationHasYear } from '../../../main/core/studio/check';
import { sniffMedia } from '../../../main/core/studio/media-sniff';
import { useTempDirs } from '../../helpers/core';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const MEDIA = join(ROOT, 'tests', 'fixtures', 'media');
const STARTERS = ['mengenal-apbdes', 'perencanaan-pembangunan-desa', 'pengelolaan-keuangan-desa'];

describe('the media check: container and codec read from the file (real files made with ffmpeg)', () => {
  it.each([
    ['h264-aac.mp4', true, ['avc1', 'mp4a']],
    ['vp9-opus.webm', true, ['V_VP9', 'A_OPUS']],
    ['opus.ogg', true, ['opus']],
    ['vorbis.ogg', true, ['vorbis']],
    ['mp3.mp3', true, ['mp3']],
    ['hevc.mp4', false, ['H.265/HEVC']],
    ['mpeg4-part2.mp4', false, ['MPEG-4 Part 2']],
    ['ac3.mp4', false, ['Dolby AC-3']],
    ['theora.ogg', false, ['theora']],
    ['mp2.mp3', false, ['layer II']],
    ['h264.webm', 'unknown', ['V_MPEG4/ISO/AVC']],
  ] as const)('%s: playable %s', (file, playable, codecs) => {
    const verdict = sniffMedia(join(MEDIA, file));
    expect(verdict.playable).toBe(playable);
    expect(verdict.codecs).toEqual(codecs);
  });

  it('an MP4 cut short (no moov) and bytes that are no media at all are unplayable', () => {
    const dir = tempDir();
    const cut = join(dir, 'cut.mp4');
    copyFileSync(join(MEDIA, 'h264-aac.mp4'), cut);
    truncateSync(cut, 2000);
    const verdict = sniffMedia(cut);
    expect(verdict.playable).toBe(false);
    expect('why' in verdict && verdict.why).toContain('no moov');
    const fake = join(dir, 'fake.mp3');
    writeFileSync(fake, 'RIFF....AVI LIST');
    expect(sniffMedia(fake)).toMatchObject({ playable: false });
  });
  const tempDir = useTempDirs('balai-sniff-');
});

describe('balai course check', () => {
  const tempDir = useTempDirs('balai-check-');

  it.each(STARTERS)('the starter course %s has nothing to mend', (id) => {
    const report = checkCourseFolder(join(ROOT, 'content', 'courses', id));
    expect(report.findings).toEqual([]);
    expect(report.courseId).toBe(id);
  });

  it('names each problem by the field it points to', () => {
    const dir = join(tempDir(), 'kursus');
    cpSync(join(ROOT, 'content', 'courses', 'perencanaan-pembangunan-desa'), dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as {
      modules: { lessons: { body?: string; regulation?: string }[] }[];
      questions: { explanation?: string }[];
      quizzes: { kind: string; draw: number; attempts: number | null }[];
    };
    const lessons = json.modules[0]!.lessons;
    writeFileSync(join(dir, lessons[0]!.body!), '# Judul saja\n\n');
    lessons[1]!.regulation = 'Permendagri tentang Desa';
    lessons[2]!.body = 'lessons/tidak-ada.md';
    delete json.questions[3]!.explanation;
    json.quizzes.find((q) => q.kind === 'post')!.draw = 50;
    writeFileSync(join(dir, 'course.json'), JSON.stringify(json, null, 2));
    const lesson2 = json.modules[1]!.lessons[0]!.body!;
    writeFileSync(
      join(dir, lesson2),
      `${readFileSync(join(dir, lesson2), 'utf8')}\n![bagan](media/hilang.png)\n[sumber](https://jdih.kemendagri.go.id/)\n`,
    );
    mkdirSync(join(dir, 'media'), { recursive: true });
    copyFileSync(join(MEDIA, 'hevc.mp4'), join(dir, 'media', 'video.mp4'));
    copyFileSync(join(MEDIA, 'h264-aac.mp4'), join(dir, 'media', 'bagus.mp4'));

    const report = checkCourseFolder(dir, 1000);
    const found = report.findings.map((f) => [f.severity, f.code, f.field]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['error', 'lesson_empty', 'modules[0].lessons[0].body (mengapa-merencanakan)'],
        ['error', 'regulation_no_year', expect.stringMatching(/^modules\[0\]\.lessons\[1\]\.regulation/)],
        ['error', 'lesson_missing_file', expect.stringMatching(/^modules\[0\]\.lessons\[2\]\.body/)],
        ['error', 'no_explanation', expect.stringMatching(/^questions\[3\]\.explanation \(/)],
        ['error', 'bank_too_small', expect.stringMatching(/^quizzes\[\d\]\.draw \(posttest\)/)],
        ['error', 'broken_link', `${lesson2}: media/hilang.png`],
        ['error', 'remote_link', `${lesson2}: https://jdih.kemendagri.go.id/`],
        ['error', 'media_unplayable', 'media/video.mp4'],
        ['warning', 'course_too_large', '(course folder)'],
      ]),
    );
    expect(found.filter(([, code]) => code === 'media_unplayable')).toHaveLength(1);
    expect(report.errors).toBe(report.findings.filter((f) => f.severity === 'error').length);
    for (const f of report.findings) expect(f.alasan.length).toBeGreaterThan(5);
  });

  it('warns when posttest retakes cannot avoid repeating questions', () => {
    const dir = join(tempDir(), 'kursus');
    cpSync(join(ROOT, 'content', 'courses', 'perencanaan-pembangunan-desa'), dir, { recursive: true });
    const json = JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')) as {
      quizzes: { kind: string; draw: number; attempts: number | null }[];
    };
    const post = json.quizzes.find((q) => q.kind === 'post')!;
    post.draw = 20;
    post.attempts = 3;
    writeFileSync(join(dir, 'course.json'), JSON.stringify(json, null, 2));
    const report = checkCourseFolder(dir);
    expect(report.findings.map((f) => [f.severity, f.code])).toEqual([['warning', 'bank_too_small']]);
    expect(report.findings[0]!.field).toMatch(/attempts \(posttest\)$/);
  });

  it('reads a regulation year in the ways officials write it', () => {
    for (const text of [
      'UU 6/2014',
      'Permendagri No. 20 Tahun 2018',
      'PP 11/2019 Ps. 100',
      'UU 3/2024 (perubahan kedua)',
    ])
      expect(regulationHasYear(text)).toBe(true);
    for (const text of ['Permendagri tentang Desa', 'UU Desa Ps. 79', 'Perbup 123'])
      expect(regulationHasYear(text)).toBe(false);
  });
});
