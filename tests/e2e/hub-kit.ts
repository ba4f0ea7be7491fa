import { type Page } from '@playwright/test';
import { expect } from './fixtures';

/** What the office browser tests share: the Banyumas kabupaten hub set up through the set-up screens. */
export const ADMIN = { name: 'Admin Dinas PMD', pin: '246810' };
export const OFFICE = 'Dinas PMD Kabupaten Banyumas';

type ScreenCheck = (page: Page, name: string, label?: string) => Promise<void>;

async function pickRegion(page: Page, screen: ScreenCheck, level: string, filter: string, name: RegExp) {
  await screen(page, `setup-hub-${level}`);
  await page.getByRole('searchbox').fill(filter);
  await page.getByRole('button', { name }).click();
}

/**
 * From the welcome screen of an empty data folder to the office made: level, region, admin, PIN twice, the
 * recovery code noted. Answers the recovery code; the set-up's next screen is the certificate offer.
 */
export async function setUpBanyumasHub(page: Page, url: string, screen: ScreenCheck): Promise<string> {
  await page.goto(url);
  await screen(page, 'setup-welcome');
  await page.getByRole('button', { name: 'Kantor (kecamatan / kabupaten / provinsi)' }).click();
  await screen(page, 'setup-hub-level');
  await page.getByRole('button', { name: 'Kantor kabupaten / kota' }).click();
  await pickRegion(page, screen, 'provinsi', 'jawa', /^Jawa Tengah 33$/);
  await pickRegion(page, screen, 'kabupaten', 'banyumas', /^Kabupaten Banyumas 33\.02$/);
  await screen(page, 'setup-hub-admin');
  await expect(page.getByTestId('hub-region')).toContainText('Kabupaten Banyumas (33.02)');
  await page.getByLabel('Nama lengkap').fill(ADMIN.name);
  await page.getByRole('button', { name: 'Lanjut' }).click();
  await screen(page, 'setup-hub-pin');
  await page.keyboard.type(ADMIN.pin);
  await expect(page.getByText('Ketik PIN yang sama sekali lagi')).toBeVisible();
  await page.keyboard.type(ADMIN.pin);
  await screen(page, 'setup-recovery', 'hub-recovery');
  const code = (await page.getByTestId('recovery-code').textContent())?.trim() ?? '';
  expect(code).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
  await page.getByLabel('Saya sudah mencatat kode ini').check();
  await page.getByRole('button', { name: 'Lanjut' }).click();
  return code;
}

/** A place on the office's menu. */
export function hubNav(page: Page, place: string) {
  return page
    .getByRole('navigation', { name: 'Menu operator' })
    .getByRole('button', { name: place, exact: true });
}
