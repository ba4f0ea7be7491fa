import { test } from '@playwright/test';
import { expect, hostForFile } from './fixtures';
import { checkScreen, expectNoScroll } from './helpers/check-screen';
import { logIn } from './learner-kit';

/**
 * The learner's home (issue 20, item 10) on a demo village with the three starter courses, at 1366×768:
 * big course cards in a grid, each with a picture, its next step first, its progress as a bar and a word,
 * and the whole home on one screen.
 */
test.use({ actionTimeout: 10_000 });
const host = hostForFile({ demo: true });

test('the home shows three big course cards with pictures, next step and progress, on one screen', async ({
  page,
}, testInfo) => {
  await page.goto(host().url);
  await logIn(page, 'Budi Santoso', '100001');
  await expect(page.locator('[data-screen="learner-home"]')).toBeVisible();
  const tiles = page.locator('.course-grid > li');
  await expect(tiles).toHaveCount(3);
  await expectNoScroll(page, 'the learner home with three courses');
  for (const tile of await tiles.all()) {
    // A picture: the course's own first figure, loaded from the course folder.
    const img = tile.locator('.course-picture img');
    await expect(img).toHaveJSProperty('complete', true);
    expect(await img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(0);
    expect(await img.getAttribute('src')).toMatch(/^\/content\/[a-z0-9-]+\/[^/]+\/.+\.(svg|png|jpe?g)$/);
    await expect(tile.getByRole('progressbar')).toBeVisible();
    await expect(tile.getByTestId('progress-word')).toHaveText(/^(Belum dimulai|Sedang berjalan|Selesai)$/);
    // The next step comes before the progress and the button.
    const order = await tile.evaluate((li) =>
      Array.from(li.children).map((c) => (c as HTMLElement).className.split(' ')[0]),
    );
    expect(order.indexOf('course-next')).toBeLessThan(order.indexOf('progress-bar'));
    const box = (await tile.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(360);
  }
  // The cards sit side by side in one row of the grid.
  const tops = await tiles.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  await checkScreen(page, testInfo, 'learner-home');
});
