import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { courseManifestSchema, type CourseManifest } from '../../../main/core/courses/manifest';
import { drawQuestions } from '../../../main/core/quiz/draw';

/** The starter course's source (content/courses); the kiosk installs its signed package from resources/courses. */
const coursesRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../content/courses');
const courseDir = join(coursesRoot, 'mengenal-apbdes');

function loadManifest(dir: string): CourseManifest {
  return courseManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'course.json'), 'utf8')));
}

const manifest = loadManifest(courseDir);
const lessons = manifest.modules.flatMap((m) => m.lessons);
const lessonText = (body: string) => readFileSync(join(courseDir, body), 'utf8');

/** Markdown image targets: `![alt](target)`. */
const imageRefs = (markdown: string) =>
  [...markdown.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1]!, target: m[2]! }));

describe('built-in course mengenal-apbdes', () => {
  it('parses with courseManifestSchema, with the agreed identity', () => {
    expect(manifest).toMatchObject({
      formatVersion: 1,
      id: 'mengenal-apbdes',
      version: '1.0.0',
      language: 'id',
      publisher: 'Tim Balai Belajar (pengembangan)',
    });
  });

  it('every course folder is named by its course id', () => {
    for (const name of readdirSync(coursesRoot)) {
      const dir = join(coursesRoot, name);
      if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'course.json'))) continue;
      expect(loadManifest(dir).id).toBe(name);
    }
  });

  it('has two lessons, each naming its regulation, with an existing Markdown body', () => {
    expect(lessons).toHaveLength(2);
    for (const lesson of lessons) {
      expect(lesson.regulation, lesson.id).toBeTruthy();
      expect(lesson.body, lesson.id).toMatch(/^lessons\/\d\d-[a-z0-9-]+\.md$/);
      expect(statSync(join(courseDir, lesson.body!)).isFile(), lesson.body).toBe(true);
    }
  });

  it('each lesson is 300–600 words and names its regulation in the text', () => {
    for (const lesson of lessons) {
      const text = lessonText(lesson.body!);
      const words = text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
      expect(words, lesson.body).toBeGreaterThanOrEqual(300);
      expect(words, lesson.body).toBeLessThanOrEqual(600);
      expect(text, lesson.body).toContain('Permendagri 20/2018');
    }
    const roles = lessonText(lessons[1]!.body!);
    expect(roles).toMatch(/Pasal 3\b/);
    expect(roles).toMatch(/UU 6\/2014 Pasal 55/);
  });

  it('lesson Markdown has no raw HTML and no remote URLs', () => {
    for (const lesson of lessons) {
      const text = lessonText(lesson.body!);
      for (const tag of [
        '<script',
        '<iframe',
        '<img',
        '<a ',
        '<object',
        '<embed',
        '<style',
        '<link',
        '<svg',
      ]) {
        expect(text.toLowerCase(), `${lesson.body} ${tag}`).not.toContain(tag);
      }
      // Any tag or comment at all: lessons are plain Markdown.
      expect(text, lesson.body).not.toMatch(/<\/?[a-z][a-z0-9-]*[\s/>]|<!--/i);
      expect(text, lesson.body).not.toMatch(/https?:|\/\/|www\./i);
      expect(text, lesson.body).not.toMatch(/\b(?:file|data|javascript):/i);
    }
  });

  it('images in lessons are relative files inside the course, with alt text', () => {
    const refs = lessons.flatMap((l) => imageRefs(lessonText(l.body!)).map((r) => ({ ...r, lesson: l.id })));
    expect(refs.map((r) => r.target)).toContain('media/apbdes-struktur.svg');
    for (const ref of refs) {
      // The renderer resolves media against the course root (`mediaBase`), not the lesson's folder.
      const file = normalize(join(courseDir, ref.target));
      expect(file.startsWith(courseDir + sep), ref.target).toBe(true);
      expect(existsSync(file), ref.target).toBe(true);
      expect(ref.alt.trim().split(/\s+/).length, `alt text of ${ref.target}`).toBeGreaterThanOrEqual(5);
    }
  });

  it('has a glossary of 6–10 terms, no duplicates', () => {
    expect(manifest.glossary.length).toBeGreaterThanOrEqual(6);
    expect(manifest.glossary.length).toBeLessThanOrEqual(10);
    const terms = manifest.glossary.map((g) => g.term.toLowerCase());
    expect(new Set(terms).size).toBe(terms.length);
    for (const term of ['apb desa', 'pades', 'add', 'dana desa', 'silpa', 'pkpkd', 'ppkd', 'bpd']) {
      expect(terms).toContain(term);
    }
  });

  it('has exactly 5 questions of all three kinds, each with an explanation and a known lesson', () => {
    const lessonIds = new Set(lessons.map((l) => l.id));
    expect(manifest.questions).toHaveLength(5);
    expect(new Set(manifest.questions.map((q) => q.kind))).toEqual(
      new Set(['single', 'multiple', 'truefalse']),
    );
    for (const q of manifest.questions) {
      expect(q.explanation.trim().length, q.id).toBeGreaterThan(20);
      // The explanation says where the rule comes from.
      expect(q.explanation, q.id).toMatch(/Permendagri 20\/2018|UU 6\/2014/);
      expect(q.lessonId && lessonIds.has(q.lessonId), q.id).toBe(true);
    }
  });

  it('has one practice quiz that draws all 5 questions', () => {
    expect(manifest.quizzes).toHaveLength(1);
    const quiz = manifest.quizzes[0]!;
    expect(quiz).toMatchObject({
      id: 'kuis-apbdes',
      kind: 'practice',
      title: 'Kuis: Mengenal APB Desa',
      draw: 5,
      passMark: 70,
      attempts: null,
      timerMinutes: null,
    });
    const bankIds = manifest.questions.map((q) => q.id).sort();
    expect((quiz.pool ?? bankIds).length).toBe(5);
    for (const seed of [1, 2, 3, 12345]) {
      const drawn = drawQuestions(quiz, manifest.questions, seed);
      expect(drawn.map((q) => q.id).sort()).toEqual(bankIds);
    }
  });

  describe('figure media/apbdes-struktur.svg', () => {
    const svg = readFileSync(join(courseDir, 'media/apbdes-struktur.svg'), 'utf8');

    it('is a plain SVG with a viewBox, a title and a description', () => {
      expect(svg).toMatch(/^<svg\b[^>]*\sviewBox="0 0 \d+ \d+"/);
      expect(svg).toMatch(/<title[^>]*>[^<]+<\/title>/);
      expect(svg).toMatch(/<desc[^>]*>[^<]+<\/desc>/);
    });

    it('has no script, no event handlers, no foreignObject', () => {
      expect(svg.toLowerCase()).not.toContain('<script');
      expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
      expect(svg.toLowerCase()).not.toContain('<foreignobject');
      expect(svg.toLowerCase()).not.toContain('javascript:');
    });

    it('references nothing outside itself', () => {
      expect(svg).not.toMatch(/href\s*=\s*["'](?!#)/i);
      expect(svg).not.toMatch(/url\(\s*["']?(?!#)/i);
      expect(svg.toLowerCase()).not.toMatch(/<(image|use|iframe|a|style|link)\b|@import/);
      // The only URLs allowed are XML namespace names, which are never fetched.
      const withoutNamespaces = svg.replace(/\sxmlns(?::[a-z]+)?="[^"]*"/gi, '');
      expect(withoutNamespaces).not.toMatch(/https?:|\/\//i);
    });
  });
});
