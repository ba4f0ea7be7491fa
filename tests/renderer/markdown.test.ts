import { describe, expect, it } from 'vitest';
import { isRelativePath, renderLesson } from '../../renderer/src/learner/markdown';

const BASE = '/content/kursus/1.0.0/';

describe('lesson Markdown', () => {
  it('points relative images and media into the course folder', () => {
    const html = renderLesson('![Struktur](media/apbdes.svg)\n\n![Video](media/film.mp4)', BASE);
    expect(html).toContain(`<img class="lesson-img" src="${BASE}media/apbdes.svg" alt="Struktur"`);
    expect(html).toContain(
      `<video class="lesson-media" controls preload="metadata" src="${BASE}media/film.mp4"`,
    );
  });

  it('drops remote images and links that are not relative, keeping their text', () => {
    const html = renderLesson(
      '![x](https://example.com/a.png) [situs](https://example.com) [lokal](berkas/a.pdf) [atas](/etc/passwd)',
      BASE,
    );
    expect(html).not.toContain('example.com');
    expect(html).not.toContain('/etc/passwd');
    expect(html).toContain('situs');
    expect(html).toContain(`<a href="${BASE}berkas/a.pdf">lokal</a>`);
    expect(html).toContain('atas');
  });

  it('never passes raw HTML through and does not auto-link', () => {
    const html = renderLesson('<script>alert(1)</script> <img src=x onerror=alert(1)> www.example.com', BASE);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<a ');
  });

  it('moves headings one level down (the lesson title is the only h1)', () => {
    expect(renderLesson('# Judul\n\n## Bagian', BASE)).toMatch(/<h2>Judul<\/h2>\s*<h3>Bagian<\/h3>/);
  });

  it('treats only plain paths inside the course as relative', () => {
    for (const ok of ['media/a.png', 'a.svg', 'x/y/z.mp3']) expect(isRelativePath(ok), ok).toBe(true);
    for (const bad of [
      '',
      '/a.png',
      '//host/a.png',
      'http://a',
      'data:image/png;base64,AA',
      '../a.png',
      'a/../../b',
      '#top',
      '?q',
      'javascript:alert(1)',
      '\\\\server\\a',
    ])
      expect(isRelativePath(bad), bad).toBe(false);
  });
});
