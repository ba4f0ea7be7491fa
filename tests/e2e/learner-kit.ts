import { expect, request, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';

/**
 * What the learner browser tests build at test time (nothing of it is committed): a real WebM recorded in
 * Chromium, a real PDF made with pdf-lib, course folders packed with the development publisher key and
 * installed with the `balai` CLI, and learners created through the operator API.
 */
export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BALAI = join(ROOT, 'bin', 'balai.js');
const ENV = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
const DEV_KEY = join(ROOT, 'content', 'keys', 'dev-publisher.key.json');
const DEV_CHAIN = join(ROOT, 'content', 'keys', 'dev-publisher.chain.json');

/** Runs `node bin/balai.js …` and returns its exit code and output. */
export function balai(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [BALAI, ...args], { cwd: ROOT, env: ENV, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Packs a course folder with the development key and installs it into a data folder. */
export function packAndInstall(src: string, dataDir: string, id: string): void {
  const pkg = join(src, '..', `${id}.balaicourse`);
  const pack = balai(['course', 'pack', src, '--key', DEV_KEY, '--cert', DEV_CHAIN, '--out', pkg]);
  if (pack.status !== 0) throw new Error(`course pack failed: ${pack.stderr}`);
  const install = balai(['course', 'install', pkg, '--data', dataDir]);
  if (install.status !== 0) throw new Error(`course install failed: ${install.stderr}`);
}

/**
 * Records `seconds` of a busy canvas to WebM inside Chromium (MediaRecorder, VP8): a real video of a few
 * megabytes, so the player has to ask for later parts of it with Range requests when it seeks.
 */
export async function recordWebm(page: Page, seconds: number): Promise<Buffer> {
  const base64 = await page.evaluate(async (length) => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const g = canvas.getContext('2d')!;
    const recorder = new MediaRecorder(canvas.captureStream(25), {
      mimeType: 'video/webm;codecs=vp8',
      videoBitsPerSecond: 6_000_000,
    });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    recorder.start(250);
    const t0 = performance.now();
    await new Promise<void>((done) => {
      const draw = () => {
        const t = (performance.now() - t0) / 1000;
        // Noise is hard to compress: the file gets big enough to need more than one request.
        const noise = g.createImageData(640, 360);
        for (let i = 0; i < noise.data.length; i += 4) {
          const v = (Math.random() * 255) | 0;
          noise.data[i] = v;
          noise.data[i + 1] = (v * 7) & 255;
          noise.data[i + 2] = (t * 40) & 255;
          noise.data[i + 3] = 255;
        }
        g.putImageData(noise, 0, 0);
        g.fillStyle = '#0a5c45';
        g.fillRect(40, 130, 560, 100);
        g.fillStyle = '#fff';
        g.font = '48px sans-serif';
        g.fillText(`Balai Belajar ${t.toFixed(1)} s`, 60, 200);
        if (t < length) requestAnimationFrame(draw);
        else done();
      };
      draw();
    });
    recorder.stop();
    await new Promise((r) => (recorder.onstop = r));
    const bytes = new Uint8Array(await new Blob(chunks, { type: 'video/webm' }).arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }, seconds);
  return Buffer.from(base64, 'base64');
}

/** A three-page A4 PDF with big coloured blocks and text (pdf-lib). */
export async function makePdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  const colours = [rgb(0.04, 0.36, 0.27), rgb(0.09, 0.27, 0.64), rgb(0.66, 0.13, 0.1)];
  for (let n = 1; n <= 3; n++) {
    const page = doc.addPage([595, 842]);
    page.drawRectangle({ x: 40, y: 560, width: 515, height: 240, color: colours[n - 1]! });
    page.drawText(`Panduan singkat - halaman ${n}`, { x: 60, y: 670, size: 30, font, color: rgb(1, 1, 1) });
    page.drawText('Balai Belajar: dokumen uji untuk penampil PDF.', { x: 60, y: 500, size: 16, font });
  }
  doc.setTitle('Panduan singkat');
  return Buffer.from(await doc.save());
}

/** A 1000-px-wide figure with 18-px text, like the starter courses' figures. */
function figureSvg(): string {
  const boxes = ['RPJM Desa', 'RKP Desa', 'APB Desa']
    .map(
      (label, i) =>
        `<rect x="${40 + i * 320}" y="120" width="280" height="160" rx="16" fill="#e2f0ea" stroke="#0a5c45" stroke-width="4"/>` +
        `<text x="${180 + i * 320}" y="210" font-size="20" text-anchor="middle" fill="#1b1b1b">${label}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 400" width="1000" height="400" role="img">` +
    `<title>Urutan dokumen perencanaan desa</title><rect width="1000" height="400" fill="#ffffff"/>` +
    `<text x="40" y="70" font-size="18" fill="#4a4a4a">Dari rencana delapan tahun ke anggaran satu tahun</text>${boxes}</svg>`
  );
}

export const PLAYER_COURSE = 'uji-pemutar';

/**
 * The player's test course: a long lesson with glossary terms and a figure, a video lesson and a PDF lesson.
 * No pretest: the lessons are open at once.
 */
export function writePlayerCourse(dir: string, media: { webm: Buffer; pdf: Buffer }): string {
  mkdirSync(join(dir, 'lessons'), { recursive: true });
  mkdirSync(join(dir, 'media'), { recursive: true });
  mkdirSync(join(dir, 'docs'), { recursive: true });
  writeFileSync(join(dir, 'media', 'urutan.svg'), figureSvg());
  writeFileSync(join(dir, 'media', 'contoh.webm'), media.webm);
  writeFileSync(join(dir, 'docs', 'panduan.pdf'), media.pdf);
  const paragraphs = (from: number, to: number) =>
    Array.from(
      { length: to - from + 1 },
      (_, i) =>
        `Paragraf ${from + i}: desa menyusun rencana bersama warga, lalu menuangkannya ke dalam anggaran. ` +
        'Setiap langkah dicatat supaya semua orang bisa memeriksa hasilnya.',
    ).join('\n\n');
  writeFileSync(
    join(dir, 'lessons', 'bacaan.md'),
    [
      '## Awal bacaan',
      'APB Desa disusun setiap tahun. Usulan warga dibahas dulu dalam Musdes sebelum masuk ke APB Desa.',
      paragraphs(1, 12),
      '![Urutan dokumen: RPJM Desa, RKP Desa, lalu APB Desa](media/urutan.svg)',
      '## Bagian tengah',
      paragraphs(13, 40),
      '## Akhir bacaan',
      'Selesai. Sentuh Lanjut untuk pelajaran berikutnya.',
    ].join('\n\n') + '\n',
  );
  writeFileSync(
    join(dir, 'lessons', 'video.md'),
    '## Menonton video\n\nVideo ini diputar dari komputer ini, tanpa internet.\n\n' +
      '![Video contoh: kotak hijau dengan tulisan Balai Belajar](media/contoh.webm)\n\nSetelah menonton, sentuh Lanjut.\n',
  );
  writeFileSync(
    join(dir, 'lessons', 'dokumen.md'),
    '## Membaca dokumen\n\nDokumen berikut bisa dibaca halaman demi halaman.\n\n' +
      '[Panduan singkat (PDF)](docs/panduan.pdf)\n\nAtau buka [panduan yang sama](docs/panduan.pdf) di layar penuh.\n',
  );
  writeFileSync(
    join(dir, 'course.json'),
    JSON.stringify(
      {
        formatVersion: 1,
        id: PLAYER_COURSE,
        version: '1.0.0',
        language: 'id',
        title: 'Uji Pemutar Pelajaran',
        description: 'Kursus uji: teks panjang, gambar, video dan PDF.',
        publisher: 'Uji',
        modules: [
          {
            id: 'm1',
            title: 'Membaca',
            lessons: [{ id: 'bacaan', title: 'Bacaan panjang', body: 'lessons/bacaan.md' }],
          },
          {
            id: 'm2',
            title: 'Menonton dan dokumen',
            lessons: [
              { id: 'video', title: 'Video dari komputer', body: 'lessons/video.md' },
              { id: 'dokumen', title: 'Dokumen PDF', body: 'lessons/dokumen.md' },
            ],
          },
        ],
        glossary: [
          {
            term: 'APB Desa',
            definition: 'Anggaran Pendapatan dan Belanja Desa: rencana keuangan desa untuk satu tahun.',
          },
          {
            term: 'Musdes',
            definition: 'Musyawarah Desa: rapat BPD, pemerintah desa dan warga untuk hal penting.',
          },
        ],
      },
      null,
      2,
    ),
  );
  return dir;
}

/** A learner with a NIK, a phone number and an email (the statements must carry none of them). */
export interface TestLearner {
  fullName: string;
  pin: string;
  nik: string;
  phone: string;
  email: string;
}

async function callApi(
  ctx: Awaited<ReturnType<typeof request.newContext>>,
  method: string,
  args: unknown,
): Promise<unknown> {
  const response = await ctx.post('api/call', { data: { method, args } });
  const body = (await response.json()) as {
    ok: boolean;
    value?: unknown;
    error?: { code: string; message: string };
  };
  if (!body.ok) throw new Error(`${method}: ${body.error?.code} ${body.error?.message}`);
  return body.value;
}

/** Adds a learner through the operator API of a `balai demo` host (operator PIN 123456). */
export async function addLearner(url: string, who: TestLearner): Promise<string> {
  const ctx = await request.newContext({ baseURL: url });
  try {
    const roster = (await callApi(ctx, 'auth.roster', { search: 'Operator' })) as { cards: { id: string }[] };
    await callApi(ctx, 'auth.login', { accountId: roster.cards[0]!.id, pin: '123456' });
    const { learner } = (await callApi(ctx, 'learners.create', {
      fullName: who.fullName,
      jabatan: 'kaur_perencanaan',
      nik: who.nik,
      phone: who.phone,
      email: who.email,
      pin: who.pin,
    })) as { learner: { id: string } };
    await callApi(ctx, 'auth.logout', {});
    return learner.id;
  } finally {
    await ctx.dispose();
  }
}

/** Logs in through the UI: the name card, then the PIN typed on the keyboard. */
export async function logIn(page: Page, name: string, pin: string): Promise<void> {
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(page.locator('[data-screen="pin"]')).toBeVisible();
  await page.keyboard.type(pin);
  await expect(page.getByTestId('who')).toContainText(name);
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
}
