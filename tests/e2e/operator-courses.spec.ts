import { test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { expect, hostForFile, SCREENSHOT_DIR, screens } from './fixtures';

/**
 * The operator's courses on a demo village with folder "sticks" (`balai serve --drives DIR`): remove a
 * built-in course, plug a stick in, install a package from it with a progress bar, cancel a big one, refuse
 * a tampered one and an old version, notice a pulled stick; then a learner opens the new course.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const ENV = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
const OPERATOR = 'Operator Desa (demo)';
const STICK = 'FLASHDISK-DESA';

test.use({ actionTimeout: 10_000 });
const host = hostForFile({ demo: true, drives: true });
const screen = screens('operator-courses');

/** Packages made for this file: signed by the dev key (trusted in dev and test builds), one tampered. */
let work = '';
const pkg = { good: '', tampered: '', big: '' };

/** `balai course pack` with the development publisher key. */
function pack(folder: string, out: string): void {
  const r = spawnSync(
    'node',
    [
      join(ROOT, 'bin', 'balai.js'),
      'course',
      'pack',
      folder,
      '--key',
      join(ROOT, 'content', 'keys', 'dev-publisher.key.json'),
      '--cert',
      join(ROOT, 'content', 'keys', 'dev-publisher.chain.json'),
      '--out',
      out,
    ],
    { cwd: ROOT, env: ENV, encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`course pack failed: ${r.stderr}`);
}

/** Every entry of a zip, by name. */
function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((done, fail) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return fail(error);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return fail(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => done(entries));
      zip.on('error', fail);
      zip.readEntry();
    });
  });
}

/** The same package with one lesson changed after signing: its signed hash no longer matches. */
async function tamper(from: string, to: string): Promise<void> {
  const entries = await readZip(from);
  const lesson = entries.get('lessons/l1.md');
  if (!lesson) throw new Error('no lessons/l1.md in the package');
  entries.set('lessons/l1.md', Buffer.concat([lesson, Buffer.from('\nTeks sisipan yang tidak sah.\n')]));
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  const chunks: Buffer[] = [];
  await new Promise<void>((done, fail) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', done);
    zip.outputStream.on('error', fail);
  });
  writeFileSync(to, Buffer.concat(chunks));
}

test.beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'balai-e2e-packages-'));
  pkg.good = join(work, 'uji-dasar.balaicourse');
  pack(join(ROOT, 'tests', 'fixtures', 'courses', 'uji-dasar'), pkg.good);
  pkg.tampered = join(work, 'uji-dasar-diubah.balaicourse');
  await tamper(pkg.good, pkg.tampered);
  // A course with 320 MiB of (incompressible) video: installing it takes long enough to press "Batal".
  const big = join(work, 'besar');
  cpSync(join(ROOT, 'tests', 'fixtures', 'courses', 'uji-dasar'), big, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(big, 'course.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(big, 'course.json'),
    JSON.stringify({ ...manifest, id: 'uji-besar', title: 'Kursus Uji Besar' }, null, 2),
  );
  mkdirSync(join(big, 'media'));
  const chunk = Buffer.alloc(20 * 1024 * 1024);
  for (let i = 0; i < 16; i++) {
    randomFillSync(chunk);
    chunk.write('ftypisom', 4, 'latin1');
    writeFileSync(join(big, 'media', `video-${i}.mp4`), chunk);
  }
  pkg.big = join(work, 'uji-besar.balaicourse');
  pack(big, pkg.big);
  rmSync(big, { recursive: true, force: true });
});

test.afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The stand-in for plugging a stick in: a folder in the sticks folder, with packages in it. */
function plugStick(label: string, files: string[]): string {
  const dir = join(host().drivesDir!, label, 'BalaiBelajar');
  mkdirSync(dir, { recursive: true });
  for (const file of files) copyFileSync(file, join(dir, file.slice(file.lastIndexOf('/') + 1)));
  return join(host().drivesDir!, label);
}

function pullStick(label: string): void {
  rmSync(join(host().drivesDir!, label), { recursive: true, force: true });
}

async function api<T>(page: Page, method: string, args: object = {}): Promise<T> {
  const body = await page.evaluate(
    async ({ method, args }) => {
      const r = await fetch('./api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method, args }),
      });
      return (await r.json()) as { ok: boolean; value?: unknown; error?: unknown };
    },
    { method, args },
  );
  if (!body.ok) throw new Error(`${method} failed: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

async function installedIds(page: Page): Promise<string[]> {
  const { courses } = await api<{ courses: { id: string; version: string }[] }>(page, 'courses.installed');
  return courses.map((c) => `${c.id}@${c.version}`).sort();
}

async function logIn(page: Page, name: string, pin: string): Promise<void> {
  await page.goto(host().url);
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await page.getByRole('button', { name: new RegExp(name.replace(/[()]/g, '\\$&')) }).click();
  await expect(page.locator('[data-screen="pin"]')).toBeVisible();
  await page.keyboard.type(pin);
  await expect(page.getByTestId('who')).toContainText(name);
}

async function openCourses(page: Page): Promise<void> {
  await logIn(page, OPERATOR, '123456');
  await page.getByRole('button', { name: 'Operator', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Menu operator' })
    .getByRole('button', { name: 'Kursus' })
    .click();
  await expect(page.locator('[data-screen="operator-courses"]')).toBeVisible();
}

/** From the courses list to the packages on the stick. */
async function pickStick(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Pasang dari flashdisk' }).click();
  await expect(page.locator('[data-screen="operator-install-drive"]')).toBeVisible();
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  await expect(page.locator('[data-screen="operator-install-packages"]')).toBeVisible();
}

async function install(page: Page, fileName: string): Promise<void> {
  await page
    .getByRole('listitem')
    .filter({ hasText: fileName })
    .getByRole('button', { name: /^Pasang\b/ })
    .click();
  await expect(page.locator('[data-screen="operator-install-task"]')).toBeVisible();
}

test('the operator removes a course, installs one from a stick, and a learner opens it', async ({ page }) => {
  await openCourses(page);
  await screen(page, 'operator-courses');
  const apbdes = page.getByRole('row', { name: /Mengenal APB Desa/ });
  await expect(apbdes).toContainText('1.0.0');
  await expect(apbdes).toContainText('Balai Belajar development publisher');
  await expect(apbdes).toContainText(/\d+,\d KB/); // human units, Indonesian decimal comma
  await expect(page.getByText('3 kursus terpasang')).toBeVisible();

  // Remove, with a confirmation that says the learners' records stay.
  await apbdes.getByRole('button', { name: /^Hapus\W+Mengenal APB Desa$/ }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Hapus kursus “Mengenal APB Desa”?' });
  await expect(dialog).toContainText('Catatan belajar, nilai tes, dan sertifikat peserta tetap tersimpan.');
  await screen(page, 'operator-courses', 'remove-confirm');
  await dialog.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toBeHidden();
  await expect(apbdes).toBeVisible();
  await apbdes.getByRole('button', { name: /^Hapus\W+Mengenal APB Desa$/ }).click();
  await dialog.getByRole('button', { name: 'Ya, hapus kursus' }).click();
  await expect(page.getByRole('status')).toContainText('Kursus “Mengenal APB Desa” sudah dihapus.');
  await expect(apbdes).toHaveCount(0);

  // No stick yet: said plainly. Plugging one in shows up by itself (the screen polls).
  await page.getByRole('button', { name: 'Pasang dari flashdisk' }).click();
  await expect(page.getByTestId('no-drives')).toContainText('Belum ada flashdisk yang tercolok.');
  await screen(page, 'operator-install-drive', 'install-no-stick');
  plugStick(STICK, [pkg.good, pkg.tampered]);
  const stick = page.getByRole('button', { name: new RegExp(STICK) });
  await expect(stick).toBeVisible();
  await expect(page.getByTestId('no-drives')).toHaveCount(0);
  await screen(page, 'operator-install-drive', 'install-stick');
  await stick.click();

  await screen(page, 'operator-install-packages');
  const good = page.getByRole('listitem').filter({ hasText: 'uji-dasar.balaicourse' });
  await expect(good).toContainText(/\d+,\d KB/);
  await expect(page.getByRole('listitem').filter({ hasText: 'uji-dasar-diubah.balaicourse' })).toBeVisible();
  const before = await installedIds(page);

  await install(page, 'uji-dasar.balaicourse');
  await expect(page.getByRole('progressbar', { name: 'Kemajuan pemasangan' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Kursus “Kursus Uji Dasar” versi 1.0.0 terpasang.');
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await screen(page, 'operator-install-task', 'install-done');
  expect(await installedIds(page)).toEqual([...before, 'uji-dasar@1.0.0'].sort());

  // The tampered copy is refused, in Indonesian, and nothing changes.
  await page.getByRole('button', { name: 'Pasang paket lain' }).click();
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  await install(page, 'uji-dasar-diubah.balaicourse');
  const refused = page.getByRole('alert');
  await expect(refused).toContainText('Paket ini tidak dipasang.');
  await expect(refused).toContainText('Paket ini rusak atau sudah diubah; minta paket baru dari kabupaten.');
  await expect(refused).toContainText('Tidak ada yang berubah di komputer ini.');
  await screen(page, 'operator-install-task', 'install-refused');
  expect(await installedIds(page)).toEqual([...before, 'uji-dasar@1.0.0'].sort());

  // The same version again: refused as not newer.
  await page.getByRole('button', { name: 'Pasang paket lain' }).click();
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  await install(page, 'uji-dasar.balaicourse');
  await expect(page.getByRole('alert')).toContainText('Versi ini sudah terpasang atau lebih lama.');

  await page.getByRole('button', { name: 'Ke daftar kursus' }).click();
  await expect(page.getByRole('row', { name: /Kursus Uji Dasar/ })).toContainText('1.0.0');
  await page.getByRole('button', { name: 'Catatan kegiatan' }).click();
  // Install and refusal entries carry a detail line (which course, which version, why) under their label.
  const entry = (action: string) => page.locator(`tr[data-action="${action}"] td:nth-child(2)`);
  await expect(entry('course.install').first()).toContainText(/^Kursus dipasang.*versi \d+\.\d+\.\d+/);
  await expect(entry('course.refused').first()).toContainText(/^Paket kursus ditolak/);
  await expect(page.getByRole('cell', { name: 'Kursus dihapus', exact: true })).toBeVisible();

  // A learner finds the new course in the catalogue, and the removed one is gone.
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await logIn(page, 'Budi Santoso', '100001');
  await expect(page.locator('[data-screen="learner-home"]')).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Mengenal APB Desa');
  await page.getByRole('button', { name: /Buka kursus\W+Kursus Uji Dasar/ }).click();
  await expect(page.locator('[data-screen="course"]')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kursus Uji Dasar');
  await expect(page.getByText('Pelajaran Satu')).toBeVisible();
  pullStick(STICK);
});

test('a big install shows its progress and can be cancelled; a pulled stick is noticed', async ({ page }) => {
  await openCourses(page);
  plugStick(STICK, [pkg.big]);
  await pickStick(page);
  const before = await installedIds(page);
  await install(page, 'uji-besar.balaicourse');
  const bar = page.getByRole('progressbar', { name: 'Kemajuan pemasangan' });
  await expect(bar).toBeVisible();
  await page.getByRole('button', { name: 'Batal', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(
    'Pemasangan dibatalkan. Tidak ada yang berubah di komputer ini.',
  );
  await screen(page, 'operator-install-task', 'install-cancelled');
  expect(await installedIds(page)).toEqual(before);

  // Another install already running (started here through the API): BUSY, said plainly, and the way to it;
  // following it shows a bar that moves through the package's bytes and never goes back.
  await page.getByRole('button', { name: 'Pasang paket lain' }).click();
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  const bigRow = page.getByRole('listitem').filter({ hasText: 'uji-besar.balaicourse' });
  await expect(bigRow).toBeVisible();
  const { drives } = await api<{ drives: { id: string; label: string }[] }>(page, 'drives.list');
  const driveId = drives.find((d) => d.label === STICK)!.id;
  await api(page, 'courses.installFromDrive', { driveId, path: 'BalaiBelajar/uji-besar.balaicourse' });
  await bigRow.getByRole('button').click();
  await expect(page.getByRole('alert')).toContainText('Pekerjaan lain masih berjalan.');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'operator-courses-install-busy.png') });
  await page.getByRole('button', { name: 'Lihat pemasangan yang sedang berjalan' }).click();
  await expect(page.getByRole('heading', { name: 'Pemasangan yang sedang berjalan' })).toBeVisible();
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'operator-courses-install-running.png') });
  const done = page.getByText('Kursus “Kursus Uji Besar” versi 1.0.0 terpasang.');
  const seen: number[] = [];
  for (let i = 0; i < 600 && !(await done.isVisible()); i++) {
    const now = await bar.getAttribute('aria-valuenow').catch(() => null);
    if (now !== null) seen.push(Number(now));
    await page.waitForTimeout(50);
  }
  await expect(done).toBeVisible();
  expect(
    seen.some((p) => p > 0 && p < 100),
    `progress seen: ${seen.join(' ')}`,
  ).toBe(true);
  expect(seen).toEqual([...seen].sort((a, b) => a - b)); // it never goes back
  await expect(page.locator('.task-progress')).toContainText(/MB dari \d[\d.,]* MB/);
  expect(await installedIds(page)).toEqual([...before, 'uji-besar@1.0.0'].sort());

  // The stick is pulled while its packages are on screen: the screen says so and goes back to the list.
  await page.getByRole('button', { name: 'Pasang paket lain' }).click();
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  await expect(page.locator('[data-screen="operator-install-packages"]')).toBeVisible();
  pullStick(STICK);
  await expect(page.getByRole('alert')).toContainText(`Flashdisk “${STICK}” dicabut.`);
  await expect(page.getByTestId('no-drives')).toBeVisible();

  // A stick with no packages on it.
  mkdirSync(join(host().drivesDir!, 'KOSONG'));
  await page.getByRole('button', { name: /KOSONG/ }).click();
  await expect(page.getByTestId('no-packages')).toContainText(
    'Tidak ada paket kursus di flashdisk “KOSONG”.',
  );
  await screen(page, 'operator-install-packages', 'install-no-packages');
  pullStick('KOSONG');
});
