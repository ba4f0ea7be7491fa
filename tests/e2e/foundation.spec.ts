import { test } from '@playwright/test';
import { expect, expectAccessible, hostForFile, screens, startHost } from './fixtures';

test.describe('a kiosk not yet set up', () => {
  const host = hostForFile();
  const screen = screens('foundation');

  test('loads the app and opens the set-up wizard', async ({ page }) => {
    await page.goto(host().url);
    await screen(page, 'setup-welcome');
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Selamat datang di Balai Belajar');
  });

  test('round-trips a call through the HTTP transport from the page', async ({ page }) => {
    await page.goto(host().url);
    const answer = await page.evaluate(async () => {
      const response = await fetch('./api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ method: 'system.ping', args: { echo: 'halo desa' } }),
      });
      return (await response.json()) as { ok: boolean; value?: { pong: boolean; echo: string } };
    });
    expect(answer).toMatchObject({ ok: true, value: { pong: true, echo: 'halo desa' } });
  });

  test('switches to English and back; the choice survives a reload', async ({ page }) => {
    await page.goto(host().url);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to Balai Belajar');
    await page.reload();
    await expect(page.locator('[data-screen="setup-welcome"]')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expectAccessible(page, 'setup-welcome (English)');
    await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  });
});

test.describe('a kiosk already set up', () => {
  const host = hostForFile({ demo: true });
  const screen = screens('foundation-demo');

  test('shows the interactive login screen with everyone’s name card', async ({ page }) => {
    await page.goto(host().url);
    await screen(page, 'home');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Adisana');
    await expect(page.getByText('33.02.05.2001')).toBeVisible();
    await expect(page.getByRole('button', { name: /Budi Santoso/ })).toBeVisible();
    await page.getByRole('button', { name: /Budi Santoso/ }).click();
    await screen(page, 'pin');
  });

  test('a transport failure becomes an INTERNAL error on screen, never a crash', async ({ page }) => {
    await page.goto(host().url);
    await expect(page.locator('[data-screen="home"]')).toBeVisible();
    await page.route('**/api/call', (route) =>
      route.fulfill({ status: 502, body: '<html>bad gateway</html>' }),
    );
    await page.getByRole('button', { name: /Budi Santoso/ }).click();
    await page.keyboard.type('100001');
    await expect(page.getByRole('alert')).toContainText('Terjadi gangguan di aplikasi');
    await expect(page.getByRole('alert')).not.toContainText('502');
  });
});

test.describe('a village with many learners', () => {
  const host = hostForFile({ demo: { learners: 20 } });

  test('offers a search box on the login screen and finds a name', async ({ page }) => {
    await page.goto(host().url);
    await expect(page.locator('[data-screen="home"]')).toBeVisible();
    await expect(page.locator('.name-card')).toHaveCount(21);
    await page.getByLabel('Cari nama Anda').fill('rahmat');
    await expect(page.locator('.name-card')).toHaveCount(2);
    await expect(page.getByRole('button', { name: /^Rahmat Hidayat/ }).first()).toBeVisible();
    await expectAccessible(page, 'home with search');
    await page.getByLabel('Cari nama Anda').fill('tidak ada nama ini');
    await expect(page.getByText('Tidak ada nama yang cocok.')).toBeVisible();
  });
});

test('hosts started with --port 0 get free ports of their own and run side by side', async () => {
  const [a, b] = await Promise.all([startHost(), startHost()]);
  try {
    expect(a.url).not.toEqual(b.url);
    expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
