import { test, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signCatalogue } from '../../main/core/catalogue/format';
import { packCourse } from '../../main/core/packages/course-package';
import { DEFAULT_LIMITS } from '../../main/core/packages/limits';
import { courseFiles, writeFolder } from '../core/packages/fixtures';
import { PUBLISHER } from '../helpers/releases';
import { startStaticServer, type StaticServer } from '../helpers/static-server';
import { expect, hostForFile, SCREENSHOT_DIR, screens } from './fixtures';

/**
 * "Pengaturan → Pembaruan" on a demo village served in browser mode (issue 10): the updater does not run
 * there, and the screen says so; the update settings save and are still there after a reload; a signed
 * course catalogue on a local web server brings a new course, which then shows in "Kursus".
 */
const OPERATOR = 'Operator Desa (demo)';
const COURSE = { id: 'tata-kelola-aset-desa', title: 'Tata Kelola Aset Desa', version: '1.0.0' };

test.use({ actionTimeout: 10_000 });
test.describe.configure({ mode: 'serial' });
const host = hostForFile({ demo: true });
const screen = screens('operator-updates');

/** The publisher's web server: a signed catalogue naming one course package beside it. */
let server: StaticServer | undefined;
let work = '';

test.beforeAll(async () => {
  // The fixture publisher is certified by the development root, which this kiosk trusts.

  work = mkdtempSync(join(tmpdir(), 'balai-e2e-catalogue-'));
  const site = join(work, 'site');
  mkdirSync(join(site, 'courses'), { recursive: true });
  const folder = writeFolder(
    join(work, COURSE.id),
    courseFiles(COURSE.version, (m) => {
      m.id = COURSE.id;
      m.title = COURSE.title;
    }),
  );
  const file = join(site, 'courses', `${COURSE.id}-${COURSE.version}.balaicourse`);
  await packCourse(folder, PUBLISHER, file, DEFAULT_LIMITS, new Date());
  const bytes = readFileSync(file);
  const envelope = signCatalogue(
    {
      catalogueId: 'pamong-desa',
      sequence: 3,
      issuedAt: '2026-11-30T08:00:00+07:00',
      courses: [
        {
          ...COURSE,
          sizeBytes: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          url: `courses/${COURSE.id}-${COURSE.version}.balaicourse`,
        },
      ],
    },
    PUBLISHER,
  );
  writeFileSync(join(site, 'katalog.json'), JSON.stringify(envelope));
  server = await startStaticServer(site);
});

test.afterAll(async () => {
  await server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openUpdates(page: Page): Promise<void> {
  await page.goto(host().url);
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await page.getByRole('button', { name: /Operator Desa \(demo\)/ }).click();
  await expect(page.locator('[data-screen="pin"]')).toBeVisible();
  await page.keyboard.type('123456');
  await expect(page.getByTestId('who')).toContainText(OPERATOR);
  await page.getByRole('button', { name: 'Operator', exact: true }).click();
  const menu = page.getByRole('navigation', { name: 'Menu operator' });
  await menu.getByRole('button', { name: 'Pengaturan' }).click();
  await expect(page.locator('[data-screen="operator-settings"]')).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Bagian pengaturan' })
    .getByRole('button', { name: 'Pembaruan' })
    .click();
  await expect(page.locator('[data-screen="operator-updates"]')).toBeVisible();
  // Still one place in the operator menu: "Pengaturan" stays marked.
  await expect(menu.getByRole('button', { name: 'Pengaturan' })).toHaveAttribute('aria-current', 'page');
}

test('in browser mode the operator sees the version and that updates run only in the installed app', async ({
  page,
}) => {
  await openUpdates(page);
  await screen(page, 'operator-updates', 'browser-mode');
  await expect(page.getByTestId('current-version')).toHaveText(/^\d+\.\d+\.\d+/);
  await expect(page.getByTestId('updates-inactive')).toContainText(
    'Pembaruan aplikasi hanya berjalan di aplikasi yang terpasang',
  );
  await expect(page.getByTestId('status-channel')).toHaveText('Stabil (latest)');
  await expect(page.getByTestId('status-pending')).toHaveText('Tidak ada');
  for (const name of ['Periksa sekarang', 'Tunda 1 jam', 'Tunda 1 hari', 'Pasang dari flashdisk'])
    await expect(page.getByRole('button', { name })).toBeDisabled();
});

test('the update settings save, refuse what is wrong at its field, and are there after a reload', async ({
  page,
}) => {
  await openUpdates(page);
  const form = page.getByTestId('update-settings');
  await form.getByRole('radio', { name: /Uji coba \(beta\)/ }).check();
  const quiet = form.getByLabel('Komputer diam berapa menit sebelum pembaruan dipasang');
  await quiet.fill('0');
  const catalogueUrl = form.getByLabel('Alamat katalog kursus');
  await catalogueUrl.fill('katalog.contoh.id');
  await form.getByRole('button', { name: 'Simpan' }).click();
  await expect(form.getByText('Isi angka antara 1 dan 240.')).toBeVisible();
  await expect(form.getByText('Alamat harus diawali http:// atau https://')).toBeVisible();
  await expect(quiet).toHaveAttribute('aria-invalid', 'true');

  await quiet.fill('25');
  await catalogueUrl.fill('');
  await form.getByRole('button', { name: 'Simpan' }).click();
  await expect(form.getByRole('status')).toHaveText('Pengaturan pembaruan sudah disimpan.');
  await expect(page.getByTestId('status-channel')).toHaveText('Uji coba (beta)');

  await page.reload();
  await expect(page.locator('[data-screen="operator-updates"]')).toBeVisible();
  await expect(form.getByRole('radio', { name: /Uji coba \(beta\)/ })).toBeChecked();
  await expect(quiet).toHaveValue('25');
  await expect(page.getByTestId('status-channel')).toHaveText('Uji coba (beta)');
  await screen(page, 'operator-updates', 'settings-saved');
});

test('a signed catalogue at the address set brings a new course, shown here and in "Kursus"', async ({
  page,
}) => {
  await openUpdates(page);
  const catalogue = page.getByTestId('catalogue');
  await expect(catalogue.getByRole('button', { name: 'Periksa kursus baru' })).toBeDisabled();
  await expect(page.getByTestId('no-catalogues')).toBeVisible();

  const url = `${server!.url}katalog.json`;
  const form = page.getByTestId('update-settings');
  await form.getByLabel('Alamat katalog kursus').fill(url);
  await form.getByRole('button', { name: 'Simpan' }).click();
  await expect(form.getByRole('status')).toHaveText('Pengaturan pembaruan sudah disimpan.');
  await expect(page.getByTestId('catalogue-url')).toHaveText(url);

  await catalogue.getByRole('button', { name: 'Periksa kursus baru' }).click();
  const outcome = page.getByTestId('catalogue-outcome');
  await expect(outcome.getByRole('status')).toContainText('1 kursus baru dipasang.');
  await expect(outcome.locator(`[data-course="${COURSE.id}"]`)).toHaveText(
    `${COURSE.title} versi ${COURSE.version} (baru)`,
  );
  await expect(page.getByTestId('catalogue-task')).toHaveAttribute('data-task-state', 'done');
  const accepted = page.getByTestId('catalogues');
  await expect(accepted.getByRole('row', { name: /pamong-desa/ })).toContainText('3');
  expect(server!.requests).toEqual(['/katalog.json', `/courses/${COURSE.id}-${COURSE.version}.balaicourse`]);
  await screen(page, 'operator-updates', 'catalogue-synced');
  // The whole section in one picture, for a person to look at (the screen scrolls at 1366×768).
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'operator-updates-full.png'), fullPage: true });

  await outcome.getByRole('button', { name: 'Ke daftar kursus' }).click();
  await expect(page.locator('[data-screen="operator-courses"]')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(COURSE.title) });
  await expect(row.getByRole('rowheader')).toHaveText(COURSE.title);
  await expect(row).toContainText(COURSE.version);
});
