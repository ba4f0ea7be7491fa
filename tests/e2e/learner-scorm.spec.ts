import { expect, test, type Frame, type Page } from '@playwright/test';
import { join } from 'node:path';
import { externalPackages } from '../helpers/external-content';
import { hostForFile } from './fixtures';
import { addLearner, logIn, logOut, ROOT, type TestLearner } from './learner-kit';
import { wrapAndInstall } from './scorm-kit';

/**
 * A real SCORM 1.2 package (Rustici's golf "Run-time Basic Calls", from ../shared/external-content) wrapped
 * with `balai course wrap`, installed with the CLI and played through the kiosk's UI in Chromium: one
 * learner goes three pages in and logs out; a second learner on the same PC starts fresh; the first comes
 * back to the same page with the same suspend_data.
 */
const COURSE = 'com.scorm.golfsamples.runtime.basicruntime.12';
const SITI: TestLearner = {
  fullName: 'Siti Golf',
  pin: '246801',
  nik: '3302054101900011',
  phone: '081234560011',
  email: 'siti.golf@contoh.id',
};
const BUDI: TestLearner = {
  fullName: 'Budi Golf',
  pin: '135792',
  nik: '3302054101900012',
  phone: '081234560012',
  email: 'budi.golf@contoh.id',
};

test.use({ actionTimeout: 15_000 });
const host = hostForFile({ demo: { learners: 0 } });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  const [golf] = externalPackages('scorm12').filter((f) => f.includes('RuntimeBasicCalls'));
  wrapAndInstall([golf!], host().dataDir);
  await host().restart();
  await addLearner(host().url, SITI);
  await addLearner(host().url, BUDI);
});

/** The golf SCO's own page (its launch page, inside the launcher, inside the player's sandboxed frame). */
async function golfFrame(page: Page): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((f) => f.url().includes('/shared/launchpage.html')), { timeout: 30_000 })
    .toBe(true);
  const frame = page.frames().find((f) => f.url().includes('/shared/launchpage.html'))!;
  await frame.waitForSelector('#butNext');
  return frame;
}

async function openGolf(page: Page): Promise<Frame> {
  await page.goto(`${host().url}#/learn/course/${COURSE}`);
  await page.locator('.lesson-row').first().click();
  await expect(page.locator('[data-screen="sco"]')).toBeVisible();
  return golfFrame(page);
}

const where = (frame: Frame) =>
  frame.evaluate<{ page: string; location: string; suspend: string; entry: string }>(`({
    page: document.getElementById('contentFrame').src,
    location: window.parent.API.LMSGetValue('cmi.core.lesson_location'),
    suspend: window.parent.API.LMSGetValue('cmi.suspend_data'),
    entry: window.parent.API.LMSGetValue('cmi.core.entry'),
  })`);

test('one learner suspends and logs out, a second starts fresh, the first resumes at the same page', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The golf SCO asks "resume where you left off?" with confirm(): the learner says yes.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(host().url);
  await logIn(page, SITI.fullName, SITI.pin);
  let golf = await openGolf(page);
  for (let i = 0; i < 3; i++) await golf.click('#butNext');
  await golf.evaluate(`window.parent.API.LMSSetValue('cmi.suspend_data', 'siti:halaman-3')`);
  const before = await where(golf);
  expect(before).toMatchObject({ location: '3', suspend: 'siti:halaman-3', entry: 'ab-initio' });
  // No axe pass here: its findings would be the golf package's own frames, not the kiosk's.
  await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'learner-scorm-playing.png') });
  await logOut(page);

  await logIn(page, BUDI.fullName, BUDI.pin);
  golf = await openGolf(page);
  expect(await where(golf)).toMatchObject({ location: '0', suspend: '', entry: 'ab-initio' });
  await logOut(page);

  await logIn(page, SITI.fullName, SITI.pin);
  golf = await openGolf(page);
  await expect(page.getByText('Melanjutkan dari tempat terakhir Anda.')).toBeVisible();
  const after = await where(golf);
  expect(after).toMatchObject({ location: '3', suspend: 'siti:halaman-3', entry: 'resume' });
  expect(new URL(after.page).pathname).toBe(new URL(before.page).pathname);
  expect(new URL(after.page).pathname).toBe('/Playing/OtherScoring.html');
  // The SCO's origin is not the app's, and the app's session cookie never reaches it.
  expect(new URL(golf.url()).hostname).toMatch(/^[a-z2-7]{32}\.localhost$/);
  expect(await golf.evaluate('document.cookie')).toBe('');
  await page
    .getByRole('button', { name: /Kembali ke kursus|Kembali/ })
    .first()
    .click();
  await expect(page.locator('[data-screen="course"]')).toBeVisible();
  await expect(page.locator('.lesson-row').first()).toContainText('Sedang dibaca');
});
