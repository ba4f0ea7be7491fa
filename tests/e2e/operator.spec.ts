import { test, type Page } from '@playwright/test';
import { expect, hostForFile, screens } from './fixtures';

/** The operator's work on a demo village (`balai demo`: operator PIN 123456, learners PIN 100001…). */
const OPERATOR = 'Operator Desa (demo)';

test.use({ actionTimeout: 10_000 });
const host = hostForFile({ demo: true });
const screen = screens('operator');

async function logInOperator(page: Page): Promise<void> {
  await page.goto(host().url);
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await page.getByRole('button', { name: new RegExp(OPERATOR.replace(/[()]/g, '\\$&')) }).click();
  // Digits typed before the PIN screen is up would go nowhere (it first loads the card).
  await expect(page.locator('[data-screen="pin"]')).toBeVisible();
  await page.keyboard.type('123456');
  await expect(page.getByTestId('who')).toContainText(OPERATOR);
  await page.getByRole('button', { name: 'Operator', exact: true }).click();
  await expect(page.locator('[data-screen="operator-learners"]')).toBeVisible();
}

async function manage(page: Page, name: string): Promise<void> {
  await page
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('button', { name: /Kelola/ })
    .click();
  await expect(page.locator('[data-screen="operator-learner"]')).toBeVisible();
}

test('a learner logs in and out with the keyboard alone', async ({ page }) => {
  await page.goto(host().url);
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    if (focused.includes('Budi Santoso')) break;
  }
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-screen="pin"]')).toBeVisible();
  await page.keyboard.type('100001');
  await expect(page.getByTestId('who')).toContainText('Budi Santoso');
  await page.getByRole('button', { name: 'Keluar', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
});

test('the operator edits, disables, enables and erases learners', async ({ page }) => {
  await logInOperator(page);
  await screen(page, 'operator-learners');

  await manage(page, 'Siti Aminah');
  await screen(page, 'operator-learner');
  await page.getByLabel('Nomor HP').fill('0812 3456 7890');
  await page.getByLabel('Email akun LMS Pamong Desa').fill('siti@');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByText('Alamat email belum benar')).toBeVisible();
  await page.getByLabel('Email akun LMS Pamong Desa').fill('siti@contoh.id');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Data Siti Aminah (demo) sudah disimpan.');

  await manage(page, 'Siti Aminah');
  await expect(page.getByLabel('Nomor HP')).toHaveValue('0812 3456 7890');
  await page.getByRole('button', { name: 'Nonaktifkan akun' }).click();
  await expect(page.getByRole('status')).toContainText('Akun sudah dinonaktifkan.');
  await page.getByRole('button', { name: 'Peserta', exact: true }).click();
  await expect(page.getByRole('row', { name: /Siti Aminah/ })).toContainText('Nonaktif');
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await expect(page.getByRole('button', { name: /Siti Aminah/ })).toHaveCount(0);

  await logInOperator(page);
  await manage(page, 'Siti Aminah');
  await page.getByRole('button', { name: 'Aktifkan akun' }).click();
  await expect(page.getByRole('status')).toContainText('Akun sudah aktif lagi.');

  await page.getByRole('button', { name: 'Peserta', exact: true }).click();
  await manage(page, 'Nur Hasanah');
  await page.getByRole('button', { name: 'Hapus data pribadi' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Hapus data pribadi Nur Hasanah (demo)?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Catatan belajarnya (pelajaran dan nilai) tetap disimpan tanpa nama');
  await screen(page, 'operator-learner', 'erase-confirm');
  await dialog.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Hapus data pribadi' }).click();
  await page.getByRole('button', { name: 'Ya, hapus data pribadi' }).click();
  await expect(page.locator('[data-screen="operator-learners"]')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Data pribadi sudah dihapus');
  await expect(page.locator('main')).not.toContainText('Nur Hasanah');
  await expect(page.getByRole('row', { name: /data pribadi dihapus/ })).toHaveCount(1);

  await page.getByRole('button', { name: 'Catatan kegiatan' }).click();
  await screen(page, 'operator-audit');
  await expect(page.getByRole('cell', { name: 'Data pribadi dihapus', exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Akun dinonaktifkan', exact: true })).toBeVisible();
  await expect(page.locator('main')).not.toContainText('Nur Hasanah');
});

test('the operator sets the idle time and the kiosk language', async ({ page }) => {
  await logInOperator(page);
  await page.getByRole('button', { name: 'Pengaturan', exact: true }).click();
  await screen(page, 'operator-settings');
  const minutes = page.getByLabel('Keluar otomatis setelah berapa menit tanpa kegiatan');
  await minutes.fill('500');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByText('Isi angka antara 1 dan 120.')).toBeVisible();
  await minutes.fill('5');
  await page.getByLabel('Bahasa awal komputer ini').selectOption('en');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText('Settings saved.');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const info = await page.evaluate(async () => {
    const r = await fetch('./api/call', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'system.info', args: {} }),
    });
    return (await r.json()) as { value: { idle: { minutes: number }; language: string } };
  });
  expect(info.value).toMatchObject({ idle: { minutes: 5 }, language: 'en' });

  await page.getByRole('button', { name: 'Log out', exact: true }).click();
  await screen(page, 'home', 'home-english');
  await expect(page.getByText('Touch your name to log in.')).toBeVisible();
  await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  await expect(page.getByText('Sentuh nama Anda untuk masuk.')).toBeVisible();
});
