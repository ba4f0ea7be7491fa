import { expect, test, type Page } from '@playwright/test';
import { hostForFile, screens } from './fixtures';
import { logIn, logOut } from './learner-kit';

/**
 * Plain words on the village side (issue 20): every screen of the operator and the learner is opened at
 * 1366×768 and its words read. A hard word ("LRS", "endpoint", "key", "secret", "alpha", "beta",
 * "kenaikan ternormalisasi") may show only with its "Selengkapnya" explanation on the same screen.
 */
const HARD_WORDS: [string, RegExp][] = [
  ['LRS', /\bLRS\b/],
  ['endpoint', /\bendpoint\b/i],
  ['key', /\bkey\b/i],
  ['secret', /\bsecret\b/i],
  ['alpha', /\balpha\b/i],
  ['beta', /\bbeta\b/i],
  ['kenaikan ternormalisasi', /kenaikan ternormalisasi/i],
];

test.use({ actionTimeout: 10_000 });
test.setTimeout(120_000);
const host = hostForFile({ demo: true });
const screen = screens('plain-words');

/** The hard words the screen shows outside its explanations, each with whether it is explained there. */
async function unexplained(page: Page): Promise<string[]> {
  const { text, explained } = await page.evaluate(() => {
    const main = document.querySelector('main') ?? document.body;
    const copy = main.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.more-about').forEach((el) => el.remove());
    const terms = Array.from(document.querySelectorAll<HTMLElement>('.more-about')).flatMap((el) =>
      (el.dataset.terms ?? '').split('|'),
    );
    return { text: copy.textContent ?? '', explained: terms };
  });
  return HARD_WORDS.filter(([word, re]) => re.test(text) && !explained.includes(word)).map(([w]) => w);
}

async function visit(page: Page, route: string, name: string): Promise<void> {
  await page.goto(`${host().url}#${route}`);
  await screen(page, name);
  expect(await unexplained(page), `${route}`).toEqual([]);
}

test('the operator screens explain every hard word they show', async ({ page }) => {
  await page.goto(host().url);
  await logIn(page, 'Operator Desa', '123456');
  for (const [route, name] of [
    ['/operator', 'operator-learners'],
    ['/operator/village', 'operator-village'],
    ['/operator/transfer', 'operator-transfer'],
    ['/operator/transfer/lrs', 'operator-lrs-settings'],
    ['/operator/backup', 'operator-backup-drive'],
    ['/operator/courses', 'operator-courses'],
    ['/operator/certificates', 'operator-certificates'],
    ['/operator/audit', 'operator-audit'],
    ['/operator/settings', 'operator-settings'],
    ['/operator/settings/updates', 'operator-updates'],
  ] as const)
    await visit(page, route, name);

  // The explanation opens with a tap and says the words plainly.
  await page.goto(`${host().url}#/operator/transfer/lrs`);
  const more = page.locator('.more-about');
  await more.locator('summary').click();
  await expect(more).toContainText('Server pusat (dalam bahasa teknis: LRS');
  await expect(page.getByLabel('Nama pengguna (key)')).toBeVisible();
  await screen(page, 'operator-lrs-settings', 'lrs-explained');
  await logOut(page);
});

test('the learner screens explain every hard word they show, the learning progress figure too', async ({
  page,
}) => {
  await page.goto(host().url);
  await logIn(page, 'Budi Santoso', '100001');
  for (const [route, name] of [
    ['/learn', 'learner-home'],
    ['/learn/results', 'results'],
    ['/learn/certificates', 'certificates'],
  ] as const)
    await visit(page, route, name);
  await page.goto(`${host().url}#/learn/results`);
  await expect(page.getByTestId('normalized-gain').first()).toBeVisible();
  await expect(page.getByText('Kemajuan belajar (kenaikan ternormalisasi)').first()).toBeVisible();
  await logOut(page);
});
