import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApp } from '../../../main/core/files/routes';
import { openTestCore, tempDir, type TestKiosk } from '../../helpers/core';
import { writeAssessmentCourse } from '../../helpers/course-fixture';

// serveApp is what both shells answer `/content/` with (the HTTP host and Electron's balai:// protocol), so
// this is the allow-list of both: only what a lesson shows, never the manifest with the question bank.
const tmp = tempDir('balai-content-allow-');
let kiosk: TestKiosk;
let base: string;
const rendererDir = join(tmp.dir, 'renderer');

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(24)]);
const shown: Record<string, Buffer> = {
  'media/bagan.png': PNG,
  'media/klip.webm': Buffer.concat([Buffer.from('1a45dfa3', 'hex'), Buffer.alloc(60)]),
  'media/suara satu.mp3': Buffer.concat([Buffer.from('ID3'), Buffer.alloc(40)]),
  'docs/permendagri.pdf': Buffer.from('%PDF-1.4\n%%EOF\n'),
};

beforeAll(() => {
  const source = join(tmp.dir, 'course');
  writeAssessmentCourse(source, { id: 'uji-konten' });
  for (const [path, bytes] of Object.entries(shown)) {
    mkdirSync(join(source, path, '..'), { recursive: true });
    writeFileSync(join(source, path), bytes);
  }
  writeFileSync(join(source, 'media', 'rahasia.png'), PNG);
  writeFileSync(join(source, 'signature.json'), '{"formatVersion":1}');
  writeFileSync(
    join(source, 'lessons', 'l1.md'),
    [
      '# Satu',
      '![Bagan](media/bagan.png)',
      '![Klip](media/klip.webm)',
      '![Suara](media/suara%20satu.mp3)',
      'Baca [Permendagri](docs/permendagri.pdf#page=2) dan [pelajaran dua](lessons/l2.md).',
      '[Tes](course.json)',
    ].join('\n\n'),
  );
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Balai Belajar</title>');
  kiosk = openTestCore(join(tmp.dir, 'data'));
  const installed = kiosk.core.services.courses.installFolder(source);
  if (!installed.ok) throw new Error(installed.reason);
  base = `/content/uji-konten/1.0.0/`;
});

afterAll(() => {
  kiosk?.close();
  tmp.cleanup();
});

const get = (path: string) =>
  serveApp(kiosk.core, rendererDir, path, new Request(`http://127.0.0.1${path}`, { method: 'GET' }));

describe('/content/ serves only the files a lesson shows', () => {
  it.each([
    ['media/bagan.png', 'media/bagan.png'],
    ['media/klip.webm', 'media/klip.webm'],
    ['media/suara%20satu.mp3', 'media/suara satu.mp3'],
    ['docs/permendagri.pdf', 'docs/permendagri.pdf'],
  ])('serves %s', async (requested, file) => {
    const answer = get(base + requested);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(shown[file]);
  });

  it.each([
    ['the manifest with the question bank', 'course.json'],
    ['the manifest, percent-encoded', 'course%2ejson'],
    ['the manifest through a folder and ..', 'media/..%2fcourse.json'],
    ['the manifest in upper case', 'COURSE.JSON'],
    ['the signature', 'signature.json'],
    ['a lesson text (it opens through lessons.open, after the pretest gate)', 'lessons/l1.md'],
    ['a lesson text a lesson links to', 'lessons/l2.md'],
    ['a picture no lesson shows', 'media/rahasia.png'],
    ['a file that does not exist', 'media/tidak-ada.png'],
  ])('answers 404 for %s', async (_what, requested) => {
    const answer = get(base + requested);
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toContain('correct');
  });

  it('answers 404 for the files of a version that is not installed', () => {
    expect(get('/content/uji-konten/0.9.0/media/bagan.png').status).toBe(404);
  });
});
