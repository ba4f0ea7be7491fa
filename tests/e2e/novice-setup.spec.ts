import { test, type Page } from '@playwright/test';
import { expect, hostForFile } from './fixtures';
import { checkScreen, expectInFirstScreen } from './helpers/check-screen';

/**
 * Set-up as someone new to computers does it (issue 20, items 6 and 8): the three ways in fit the first
 * screen, a kota or a kecamatan of kelurahan only says why it has no desa (instead of an empty list), and a
 * weak operator PIN is refused right away, saying why in plain words. 1366×768, real host, fresh folder.
 */
test.use({ actionTimeout: 10_000 });
const host = hostForFile();

async function pick(page: Page, filter: string, name: RegExp): Promise<void> {
  await page.getByRole('searchbox').fill(filter);
  await page.getByRole('button', { name }).click();
}

test('set-up: Kantor on the first screen, a kota explains its kelurahan, weak PINs refused with the reason', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.goto(host().url);

  await test.step('the first screen shows all three ways in, Kantor included, without scrolling', async () => {
    await checkScreen(page, testInfo, 'setup-welcome');
    await expectInFirstScreen(page, 'button:has-text("Kantor (kecamatan")', 'the Kantor choice');
    await expectInFirstScreen(page, 'button:has-text("Pulihkan dari cadangan")', 'the restore choice');
    await page.getByRole('button', { name: 'Mulai', exact: true }).click();
  });

  await test.step('a kota says it has kelurahan, not desa, and offers the ways on', async () => {
    await expect(page.locator('[data-screen="setup-provinsi"]')).toBeVisible();
    await pick(page, 'jawa tengah', /^Jawa Tengah 33$/);
    await expect(page.locator('[data-screen="setup-kabupaten"]')).toBeVisible();
    await page.getByRole('searchbox').fill('semarang');
    // The list says so before it is chosen, too.
    await expect(page.getByRole('button', { name: /^Kota Semarang/ })).toContainText('hanya kelurahan');
    await page.getByRole('button', { name: /^Kota Semarang/ }).click();
    const why = page.getByRole('alert');
    await expect(why).toContainText('Kota Semarang tidak memiliki desa');
    await expect(why).toContainText('kelurahan, bukan desa');
    await expect(page.locator('[data-screen="setup-kecamatan"]')).toHaveCount(0);
    await checkScreen(page, testInfo, 'setup-kabupaten', 'setup-kota-no-desa');
    await page.getByRole('button', { name: 'Pilih kabupaten atau kota lain' }).click();
    await expect(why).toHaveCount(0);
    await pick(page, 'banyumas', /^Kabupaten Banyumas 33\.02$/);
  });

  await test.step('so does a kecamatan of kelurahan only', async () => {
    await expect(page.locator('[data-screen="setup-kecamatan"]')).toBeVisible();
    await pick(page, 'purwokerto utara', /^Purwokerto Utara/);
    await expect(page.getByRole('alert')).toContainText('Kecamatan Purwokerto Utara tidak memiliki desa');
    await checkScreen(page, testInfo, 'setup-kecamatan', 'setup-kecamatan-no-desa');
    await page.getByRole('button', { name: 'Pilih kecamatan lain' }).click();
    await pick(page, 'kebasen', /^Kebasen 33\.02\.05$/);
    await expect(page.locator('[data-screen="setup-desa"]')).toBeVisible();
    await pick(page, 'adi', /^Adisana 33\.02\.05\.2001$/);
  });

  await test.step('weak operator PINs are refused after the first entry, each saying why', async () => {
    await expect(page.locator('[data-screen="setup-operator"]')).toBeVisible();
    await page.getByLabel('Nama lengkap').fill('Sri Wahyuni');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await checkScreen(page, testInfo, 'setup-pin');
    const cases: [string, string][] = [
      ['111111', 'hanya satu angka yang diulang'],
      ['123456', 'angka berurutan'],
      ['654321', 'angka berurutan'],
      ['121212', 'paling sedikit 3 angka yang berbeda'],
      ['123123', 'tidak boleh berupa pola'],
    ];
    for (const [pin, why] of cases) {
      await page.keyboard.type(pin);
      await expect(page.getByRole('alert'), pin).toContainText(why);
      // Still the first entry: the weak PIN is not asked for again.
      await expect(page.getByText('Ketik PIN yang sama sekali lagi')).toHaveCount(0);
    }
    await checkScreen(page, testInfo, 'setup-pin', 'setup-pin-weak');
    await page.keyboard.type('246813');
    await expect(page.getByText('Ketik PIN yang sama sekali lagi')).toBeVisible();
    await page.keyboard.type('246813');
    await expect(page.locator('[data-screen="setup-recovery"]')).toBeVisible();
  });
});
