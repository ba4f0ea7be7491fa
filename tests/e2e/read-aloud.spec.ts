import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostForFile, screens } from './fixtures';
import { addLearner, logIn, logOut, packAndInstall, type TestLearner } from './learner-kit';

/**
 * "Dengarkan" in Chromium against a real host. The speech engine and audio playback are stubs (headless
 * Chromium has no voices and no sound card): the stub records what it is asked to say or play and lets the
 * test end each sentence, so the test sees the order of voice sources (the course's narration first, then
 * the PC's Indonesian voice, never an online one), the highlight following the sentence, the speed, and
 * reading stopping when the screen changes.
 */
const COURSE = 'uji-dengar';
const SARI: TestLearner = {
  fullName: 'Sari Dengar',
  pin: '246813',
  nik: '3302054101900003',
  phone: '081234567892',
  email: 'sari.dengar@contoh.id',
};

function writeCourse(dir: string): string {
  mkdirSync(join(dir, 'lessons'), { recursive: true });
  mkdirSync(join(dir, 'audio'), { recursive: true });
  writeFileSync(join(dir, 'audio', 'bagian1.ogg'), Buffer.concat([Buffer.from('OggS'), Buffer.alloc(60)]));
  writeFileSync(
    join(dir, 'lessons', 'dengar.md'),
    '## Bagian pertama\n\nBagian ini punya rekaman suara dari kursus.\n\n' +
      '## Bagian kedua\n\nKalimat satu dibacakan komputer. Kalimat dua menyusul! Lalu kalimat tiga?\n',
  );
  writeFileSync(join(dir, 'lessons', 'lanjut.md'), '## Pelajaran berikutnya\n\nSudah sampai.\n');
  writeFileSync(
    join(dir, 'course.json'),
    JSON.stringify({
      formatVersion: 2,
      id: COURSE,
      version: '1.0.0',
      language: 'id',
      title: 'Uji Dengarkan',
      description: 'Kursus uji: rekaman suara dan suara komputer.',
      publisher: 'Uji',
      modules: [
        {
          id: 'm1',
          title: 'Mendengarkan',
          lessons: [
            {
              id: 'dengar',
              title: 'Bacaan dengan suara',
              body: 'lessons/dengar.md',
              narration: ['audio/bagian1.ogg'],
            },
            { id: 'lanjut', title: 'Pelajaran kedua', body: 'lessons/lanjut.md' },
          ],
        },
      ],
      questions: [
        {
          id: 'q1',
          kind: 'single',
          prompt: 'Siapa yang membahas usulan warga?',
          options: [
            { id: 'a', text: 'Musyawarah desa.' },
            { id: 'b', text: 'Pedagang pasar.' },
          ],
          correct: ['a'],
          explanation: 'Usulan dibahas di musyawarah desa.',
        },
      ],
      quizzes: [
        {
          id: 'latihan',
          kind: 'practice',
          title: 'Latihan',
          draw: 1,
          passMark: 50,
          attempts: null,
          shuffleOptions: false,
        },
      ],
    }),
  );
  return dir;
}

/** Stub Web Speech API and audio playback, installed before the app's scripts run. */
function installStubs(): void {
  type Said = { text: string; voice: string | null; rate: number };
  type Utterance = {
    text: string;
    voice: { name: string } | null;
    rate: number;
    lang: string;
    onstart?: () => void;
    onend?: () => void;
  };
  const w = window as unknown as Record<string, unknown>;
  const log = { spoken: [] as Said[], cancelled: 0, played: [] as { src: string; rate: number }[] };
  w.__voice = log;
  let current: Utterance | null = null;
  let audio: HTMLMediaElement | null = null;
  const voices = [
    { name: 'Google Bahasa Indonesia', lang: 'id-ID', localService: false, default: false, voiceURI: 'g' },
    {
      name: 'Microsoft Andika - Indonesian (Indonesia)',
      lang: 'id-ID',
      localService: true,
      default: false,
      voiceURI: 'a',
    },
    {
      name: 'Microsoft David - English (United States)',
      lang: 'en-US',
      localService: true,
      default: true,
      voiceURI: 'd',
    },
  ];
  let ready = false;
  const events = new EventTarget();
  const synth = {
    getVoices: () => (ready ? voices : []),
    addEventListener: (type: string, fn: EventListener) => events.addEventListener(type, fn),
    removeEventListener: (type: string, fn: EventListener) => events.removeEventListener(type, fn),
    speak(u: Utterance) {
      log.spoken.push({ text: u.text, voice: u.voice?.name ?? null, rate: u.rate });
      current = u;
      setTimeout(() => u.onstart?.(), 0);
    },
    cancel() {
      log.cancelled++;
      const u = current;
      current = null;
      u?.onend?.();
    },
    pause() {},
    resume() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  w.SpeechSynthesisUtterance = class {
    voice = null;
    rate = 1;
    lang = '';
    constructor(public text: string) {}
  };
  // Chromium fills its voice list late and announces it with `voiceschanged`.
  setTimeout(() => {
    ready = true;
    events.dispatchEvent(new Event('voiceschanged'));
  }, 300);
  w.__endSentence = () => {
    const u = current;
    current = null;
    u?.onend?.();
  };
  // The recording is not decoded (it is a few bytes with the Ogg signature): it loads only when played.
  w.Audio = function (src: string) {
    const a = document.createElement('audio');
    a.preload = 'none';
    a.src = src;
    return a;
  };
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    log.played.push({ src: this.src, rate: this.playbackRate });
    // The stub keeps the element that plays, so the test can end its recording.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    audio = this;
    return Promise.resolve();
  };
  HTMLMediaElement.prototype.pause = function (this: HTMLMediaElement) {
    this.dispatchEvent(new Event('pause'));
  };
  w.__endAudio = () => {
    const a = audio;
    audio = null;
    a?.dispatchEvent(new Event('ended'));
  };
}

interface VoiceLog {
  spoken: { text: string; voice: string | null; rate: number }[];
  cancelled: number;
  played: { src: string; rate: number }[];
}
const voiceLog = (page: Page) => page.evaluate(() => (window as unknown as { __voice: VoiceLog }).__voice);
const highlighted = (page: Page) =>
  page.evaluate(() => {
    const h = CSS.highlights.get('balai-read-aloud');
    return h
      ? [...(h as unknown as Iterable<Range>)].map((r) => r.toString().replace(/\s+/g, ' ').trim())
      : [];
  });
const endSentence = (page: Page) =>
  page.evaluate(() => (window as unknown as { __endSentence: () => void }).__endSentence());

test.use({ actionTimeout: 10_000 });
const host = hostForFile({ demo: { learners: 0 } });
const screen = screens('read-aloud');

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'balai-dengar-'));
  try {
    packAndInstall(writeCourse(join(dir, 'src')), host().dataDir, COURSE);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await host().restart();
  await addLearner(host().url, SARI);
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(installStubs);
});

test('a lesson: narration first, then the PC voice sentence by sentence, highlighted; stops on leaving', async ({
  page,
}) => {
  await page.goto(host().url);
  await screen(page, 'home');
  await expect(page.getByRole('button', { name: 'Dengarkan', exact: true })).toBeVisible();
  await logIn(page, SARI.fullName, SARI.pin);
  await page.goto(`${host().url}#/learn/lesson/${COURSE}/dengar`);
  await screen(page, 'lesson');

  await page.getByRole('button', { name: 'Dengarkan', exact: true }).click();
  // Section 1 has the course's own recording: it plays, nothing is synthesised, the section is highlighted.
  await expect
    .poll(async () => (await voiceLog(page)).played.map((p) => new URL(p.src).pathname))
    .toEqual([`/content/${COURSE}/1.0.0/audio/bagian1.ogg`]);
  expect((await voiceLog(page)).spoken).toEqual([]);
  expect(await highlighted(page)).toEqual(['Bagian pertama Bagian ini punya rekaman suara dari kursus.']);
  await expect(page.getByRole('button', { name: 'Berhenti' })).toBeVisible();

  // Section 2 has none: the PC's local Indonesian voice (not the online one listed first) reads each sentence.
  await page.evaluate(() => (window as unknown as { __endAudio: () => void }).__endAudio());
  await expect.poll(async () => (await voiceLog(page)).spoken.length).toBe(1);
  expect((await voiceLog(page)).spoken[0]).toEqual({
    text: 'Bagian kedua',
    voice: 'Microsoft Andika - Indonesian (Indonesia)',
    rate: 1,
  });
  await expect.poll(() => highlighted(page)).toEqual(['Bagian kedua']);
  await endSentence(page);
  await expect.poll(() => highlighted(page)).toEqual(['Kalimat satu dibacakan komputer.']);

  // Faster: the next sentence is said at a higher rate, and the choice is shown.
  await page.getByRole('button', { name: 'Lebih cepat' }).click();
  await expect(page.locator('.read-aloud-speed')).toHaveText('Cepat');
  await endSentence(page);
  await expect.poll(() => highlighted(page)).toEqual(['Kalimat dua menyusul!']);
  expect((await voiceLog(page)).spoken.map((s) => [s.text, s.rate])).toEqual([
    ['Bagian kedua', 1],
    ['Kalimat satu dibacakan komputer.', 1],
    ['Kalimat dua menyusul!', 1.2],
  ]);
  await screen(page, 'lesson', 'lesson-reading');

  // Leaving the screen stops the voice at once; nothing more is said, nothing stays highlighted.
  const before = await voiceLog(page);
  await page.getByRole('button', { name: /Lanjut/ }).click();
  await expect(page.getByRole('heading', { name: 'Pelajaran kedua' })).toBeVisible();
  const after = await voiceLog(page);
  expect(after.cancelled).toBeGreaterThan(before.cancelled);
  await endSentence(page);
  await page.waitForTimeout(200);
  expect((await voiceLog(page)).spoken).toHaveLength(3);
  expect(await highlighted(page)).toEqual([]);
  await logOut(page);
});

test('a question and its options are read aloud, prompt first', async ({ page }) => {
  await page.goto(host().url);
  await logIn(page, SARI.fullName, SARI.pin);
  await page.goto(`${host().url}#/learn/quiz/${COURSE}/latihan`);
  await screen(page, 'quiz');
  await page.locator('.question').getByRole('button', { name: 'Dengarkan', exact: true }).click();
  await expect.poll(async () => (await voiceLog(page)).spoken.length).toBe(1);
  const read: string[] = [];
  for (let i = 0; i < 3; i++) {
    read.push((await highlighted(page))[0] ?? '');
    await endSentence(page);
    await page.waitForTimeout(50);
  }
  expect(read).toEqual(['Siapa yang membahas usulan warga?', 'Musyawarah desa.', 'Pedagang pasar.']);
  expect((await voiceLog(page)).spoken.map((s) => s.text)).toEqual(read);
  await logOut(page);
});

test('the operator sees which voices the PC has and how to add the Windows one', async ({ page }) => {
  await page.goto(host().url);
  await logIn(page, 'Operator Desa', '123456');
  await page.goto(`${host().url}#/operator/settings/voices`);
  await screen(page, 'operator-voices');
  await expect(page.getByTestId('voice-chosen')).toHaveText(
    'Suara yang dipakai di komputer ini: Microsoft Andika - Indonesian (Indonesia).',
  );
  const rows = page.locator('table tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'Google Bahasa Indonesia' })).toContainText(
    'Perlu internet (tidak dipakai)',
  );
  await expect(page.getByText(/Time & language/)).toBeVisible();
});
