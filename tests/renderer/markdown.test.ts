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
    expect(html).toContain(`data-pdf-src="${BASE}berkas/a.pdf"`);
    expect(html).toContain('lokal</button>');
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

  it('keeps headings in order under the h1: the highest is h2, no level skipped (axe heading-order)', () => {
    const levels = (text: string) =>
      [...renderLesson(text, BASE).matchAll(/<h(\d)>/g)].map((m) => Number(m[1]));
    expect(levels('## Awal\n\nteks\n\n### Rinci\n\n## Akhir')).toEqual([2, 3, 2]);
    expect(levels('## A\n\n#### B\n\n##### C\n\n## D')).toEqual([2, 3, 4, 2]);
    expect(levels('### Hanya satu')).toEqual([2]);
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

  it('turns a picture alone in its paragraph into a figure that enlarges on tap', () => {
    const html = renderLesson(
      'Teks.\n\n![Bagan alur](media/alur.svg)\n\nIkon ![kecil](media/i.png) di kalimat.',
      BASE,
    );
    expect(html).toMatch(
      /<figure class="lesson-figure"><button type="button" class="figure-zoom" aria-haspopup="dialog" data-zoom-src="[^"]+alur\.svg"><img class="lesson-img" src="[^"]+alur\.svg" alt="Bagan alur">/,
    );
    // A picture inside a sentence stays inline, without a zoom button.
    expect(html).toMatch(/<p>Ikon <img class="lesson-img" src="[^"]+i\.png" alt="kecil"> di kalimat\.<\/p>/);
  });

  it('gives video and audio their players, with the media path inside the course', () => {
    const html = renderLesson('![Film](media/f.webm)\n\n![Suara](media/s.ogg)', BASE);
    expect(html).toContain(
      `<video class="lesson-media" controls preload="metadata" src="${BASE}media/f.webm" aria-label="Film">`,
    );
    expect(html).toContain(
      `<audio class="lesson-media" controls preload="metadata" src="${BASE}media/s.ogg" aria-label="Suara">`,
    );
  });

  it('puts a PDF viewer slot where a PDF link stands alone, and a button where it is in a sentence', () => {
    const html = renderLesson('[Panduan (PDF)](docs/p.pdf)\n\nBaca [panduan](docs/p.pdf) ini.', BASE);
    expect(html).toContain(
      `<div class="pdf-slot" data-pdf-src="${BASE}docs/p.pdf" data-pdf-title="Panduan (PDF)"></div>`,
    );
    expect(html).toMatch(
      /Baca <button type="button" class="pdf-link" aria-haspopup="dialog" data-pdf-src="[^"]+p\.pdf">.*panduan<\/button> ini\./,
    );
    expect(html).not.toContain('<a ');
  });

  it('makes the first use of each glossary term a button, not in headings or links, whole words only', () => {
    const glossary = [{ term: 'RKP Desa' }, { term: 'DU-RKP Desa' }, { term: 'BPD' }, { term: 'UU 3/2024' }];
    const html = renderLesson(
      '## RKP Desa\n\nRKP Desa dan DU-RKP Desa dibahas BPD; rkp desa lagi. BPDX bukan istilah. [BPD](x.md) UU 3/2024.',
      BASE,
      { glossary },
    );
    expect(html).toContain('<h2>RKP Desa</h2>');
    const terms = [...html.matchAll(/data-term="(\d)">([^<]+)</g)].map((m) => [m[1], m[2]]);
    expect(terms).toEqual([
      ['0', 'RKP Desa'],
      ['1', 'DU-RKP Desa'],
      ['2', 'BPD'],
      ['3', 'UU 3/2024'],
    ]);
    expect(html).toContain('rkp desa lagi. BPDX bukan istilah.');
  });

  it('escapes what it writes itself', () => {
    const html = renderLesson('![a "b" <c>](media/x.svg)\n\n[<b>](docs/y.pdf)', BASE, {
      glossary: [{ term: '<b>' }],
    });
    expect(html).not.toMatch(/<c>|<b>/);
  });
});
