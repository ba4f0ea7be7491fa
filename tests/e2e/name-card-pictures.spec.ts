import { expect, test } from '@playwright/test';
import { hostForFile, screens } from './fixtures';
import { addLearner, logIn, logOut, type TestLearner } from './learner-kit';

/**
 * Pictures on name cards (issue 20) in Chromium against a real host: one of our pictures, a photo picked from
 * a file (cropped and re-encoded to a small JPEG in the page), a photo taken with the camera (Chromium's fake
 * camera), each only after the consent is ticked; then the login screen shows it on the card.
 */
const WATI: TestLearner = {
  fullName: 'Wati Bergambar',
  pin: '357913',
  nik: '3302054101900004',
  phone: '081234567893',
  email: 'wati.gambar@contoh.id',
};

test.use({ actionTimeout: 10_000 });
// The project's Chromium options, plus a fake camera that needs no prompt.
test.use({
  launchOptions: [
    async ({ launchOptions }, use) =>
      use({
        ...launchOptions,
        args: [
          ...(launchOptions.args ?? []),
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
        ],
      }),
    { scope: 'worker' },
  ],
});
const host = hostForFile({ demo: { learners: 0 } });
const screen = screens('name-card-pictures');
let watiId = '';

test.beforeAll(async () => {
  watiId = await addLearner(host().url, WATI);
});

test('an avatar, a photo from a file and one from the camera, after consent; the card shows it', async ({
  page,
}) => {
  await page.goto(host().url);
  await logIn(page, 'Operator Desa', '123456');
  await page.goto(`${host().url}#/operator/learners/${watiId}`);
  await screen(page, 'operator-learner');
  const panel = page.getByTestId('picture-panel');
  await expect(panel.getByTestId('picture-now')).toContainText('Belum ada gambar');

  await panel.getByRole('button', { name: 'Perahu' }).click();
  await expect(panel.getByRole('button', { name: 'Perahu' })).toHaveAttribute('aria-pressed', 'true');
  await expect(panel.getByTestId('picture-now').locator('svg')).toBeVisible();

  // No photo before the consent is ticked.
  await expect(panel.getByRole('button', { name: 'Foto dengan kamera' })).toBeDisabled();
  await expect(panel.getByTestId('picture-file')).toBeDisabled();
  await panel.getByLabel(/Wati Bergambar setuju difoto/).check();

  // A big PNG from a file: cropped to a square and re-encoded as a small JPEG before it leaves the page.
  const png = await page.evaluate(async () => {
    const c = document.createElement('canvas');
    c.width = 1200;
    c.height = 800;
    const g = c.getContext('2d')!;
    g.fillStyle = '#0a5c45';
    g.fillRect(0, 0, 1200, 800);
    g.fillStyle = '#ffe58a';
    g.fillRect(400, 200, 400, 400);
    const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
    return Array.from(new Uint8Array(await blob.arrayBuffer()));
  });
  await panel
    .getByTestId('picture-file')
    .setInputFiles({ name: 'wati.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  const img = panel.getByTestId('picture-now').locator('img');
  await expect(img).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  const size = await img.evaluate((el: HTMLImageElement) =>
    el.decode().then(() => [el.naturalWidth, el.naturalHeight]),
  );
  expect(size).toEqual([256, 256]);
  const fromFile = await img.getAttribute('src');

  // A photo with the (fake) camera.
  await panel.getByRole('button', { name: 'Foto dengan kamera' }).click();
  const video = panel.locator('video');
  await expect(video).toBeVisible();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBeGreaterThan(0);
  await screen(page, 'operator-learner', 'operator-learner-camera');
  await panel.getByRole('button', { name: 'Ambil foto' }).click();
  await expect(video).toHaveCount(0);
  await expect(img).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  expect(await img.getAttribute('src')).not.toBe(fromFile);

  // The login screen shows it on Wati's card.
  await logOut(page);
  await screen(page, 'home', 'home-with-pictures');
  const card = page.locator(`.name-card[data-account="${watiId}"]`);
  await expect(card.locator('img')).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
});
