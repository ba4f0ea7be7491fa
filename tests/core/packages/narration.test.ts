import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { courseManifestSchema, type CourseManifest } from '../../../main/core/courses/manifest';
import { servableContent } from '../../../main/core/files/content';
import { checkCourseContent, lessonSections } from '../../../main/core/packages/content-check';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import type { InstalledCourse } from '../../../main/core/courses/store';
import { tempDir } from '../../helpers/core';

// course.json v2 `narration`: one recorded audio file per section of a lesson's text, checked with the
// package and served to the player like the lesson's other media.
const FIXTURE = resolve(import.meta.dirname, '..', '..', 'fixtures', 'formats', 'course-v2-narration');
const fixture = () =>
  JSON.parse(readFileSync(join(FIXTURE, 'course.json'), 'utf8')) as Record<string, unknown>;
const tmp = tempDir('balai-narration-');
afterAll(() => tmp.cleanup());

const OGG = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(40)]);
const MP3 = Buffer.concat([Buffer.from('ID3'), Buffer.alloc(40)]);
const L1 = '# Judul\n\nPembuka.\n\n## Dua\n\nIsi dua.\n\n## Tiga\n\nIsi tiga.\n';

function writeCourse(name: string, files: Record<string, string | Buffer>): { dir: string; paths: string[] } {
  const dir = join(tmp.dir, name);
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  return { dir, paths: Object.keys(files) };
}

const parse = (json: unknown): CourseManifest => courseManifestSchema.parse(json);

describe('lesson narration (course.json v2)', () => {
  it('the fixture parses; version 1 may not carry narration; only .mp3/.ogg, only with a body', () => {
    const v2 = fixture();
    expect(courseManifestSchema.safeParse(v2).success).toBe(true);
    expect(courseManifestSchema.safeParse({ ...v2, formatVersion: 1 }).success).toBe(false);
    const withFile = (file: string) => {
      const copy = structuredClone(v2) as { modules: { lessons: { narration?: unknown }[] }[] };
      copy.modules[0]!.lessons[0]!.narration = [file];
      return copy;
    };
    expect(courseManifestSchema.safeParse(withFile('audio/a.wav')).success).toBe(false);
    expect(courseManifestSchema.safeParse(withFile('../a.ogg')).success).toBe(false);
    expect(courseManifestSchema.safeParse(withFile('audio/a.OGG')).success).toBe(true);
  });

  it('counts sections as the player does: at each # or ## heading, and text before the first', () => {
    expect(lessonSections(L1)).toBe(3);
    expect(lessonSections('Pembuka tanpa judul.\n\n## Dua\n\nIsi.\n\n### Kecil\n\nMasih bagian dua.\n')).toBe(
      2,
    );
    expect(lessonSections('Hanya satu paragraf.\n')).toBe(1);
    expect(lessonSections('```\nkode\n```\n\n# Satu\n')).toBe(2);
  });

  it('a package whose narration file is missing, or with more files than sections, is refused', () => {
    const manifest = parse(fixture());
    const good = writeCourse('good', {
      'course.json': '{}',
      'lessons/l1.md': L1,
      'lessons/l2.md': 'Tanpa narasi.\n',
      'audio/l1-bagian1.ogg': OGG,
      'audio/l1-bagian3.mp3': MP3,
    });
    expect(checkCourseContent(good.dir, manifest, good.paths, DEFAULT_LIMITS)).toBeNull();

    const missing = good.paths.filter((p) => p !== 'audio/l1-bagian3.mp3');
    expect(checkCourseContent(good.dir, manifest, missing, DEFAULT_LIMITS)).toBe(
      'missing narration file audio/l1-bagian3.mp3 of lesson l1',
    );

    const short = writeCourse('short', {
      'course.json': '{}',
      'lessons/l1.md': '# Satu\n\nHanya dua bagian.\n\n## Dua\n\nAkhir.\n',
      'lessons/l2.md': 'Tanpa narasi.\n',
      'audio/l1-bagian1.ogg': OGG,
      'audio/l1-bagian3.mp3': MP3,
    });
    expect(checkCourseContent(short.dir, manifest, short.paths, DEFAULT_LIMITS)).toBe(
      'lesson l1 has 3 narration files but 2 sections',
    );

    const fake = writeCourse('fake', {
      'course.json': '{}',
      'lessons/l1.md': L1,
      'lessons/l2.md': 'Tanpa narasi.\n',
      'audio/l1-bagian1.ogg': Buffer.from('not really audio'),
      'audio/l1-bagian3.mp3': MP3,
    });
    expect(checkCourseContent(fake.dir, manifest, fake.paths, DEFAULT_LIMITS)).toBe(
      'audio/l1-bagian1.ogg is not really a .ogg file',
    );
  });

  it('narration files are served under /content/ like the media a lesson shows', () => {
    const manifest = parse(fixture());
    const course = { dir: join(tmp.dir, 'good'), installedAt: 'x', manifest } as unknown as InstalledCourse;
    const read = (rel: string) => readFileSync(join(tmp.dir, 'good', rel), 'utf8');
    expect([...servableContent(course, read)].sort()).toEqual([
      'audio/l1-bagian1.ogg',
      'audio/l1-bagian3.mp3',
    ]);
  });
});
