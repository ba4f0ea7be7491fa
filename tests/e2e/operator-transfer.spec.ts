import { test, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeHub } from '../helpers/hub';
import { expectInFirstScreen } from './helpers/check-screen';
import { expect, hostForFile, screens, startHost } from './fixtures';

/**
 * Results leave the village on a stick (issue 7), on a demo village with folder "sticks": the operator
 * exports a bundle and sees "Aman dicabut" only once it is written and checked; reads the regency's
 * receipts back (accepted, already read, from another regency); makes a backup with the recovery code; and
 * a new PC (an empty data folder, the same stick) restores it at the set-up screen and carries on.
 */
const OPERATOR = 'Operator Desa (demo)';
const STICK = 'FLASHDISK-DESA';
/** The demo village, Adisana (33.02.05.2001): its folder on a stick. */
const DESA_FOLDER = ['BalaiBelajar', '33_02_05_2001'];

test.use({ actionTimeout: 10_000 });
// The receipts test answers the bundle the export test wrote: run in order, stop at the first failure.
test.describe.configure({ mode: 'serial' });
const host = hostForFile({ demo: true, drives: true });
const screen = screens('operator-transfer');

function plugStick(): string {
  const root = join(host().drivesDir!, STICK);
  mkdirSync(root, { recursive: true });
  return root;
}

async function logIn(page: Page, url: string, name: string, pin: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await page.getByRole('button', { name: new RegExp(name.replace(/[()]/g, '\\$&')) }).click();
  await expect(page.locator('[data-screen="pin"]')).toBeVisible();
  await page.keyboard.type(pin);
  await expect(page.getByTestId('who')).toContainText(name);
}

async function openOperatorPlace(page: Page, place: string, screenName: string): Promise<void> {
  await logIn(page, host().url, OPERATOR, '123456');
  await page.getByRole('button', { name: 'Operator', exact: true }).click();
  await page.getByRole('navigation', { name: 'Menu operator' }).getByRole('button', { name: place }).click();
  await expect(page.locator(`[data-screen="${screenName}"]`)).toBeVisible();
}

/** The number shown for pending or delivered statements. */
async function shown(page: Page, testId: 'pending' | 'delivered'): Promise<number> {
  return Number(await page.getByTestId(testId).locator('.delivery-number').textContent());
}

test('the operator exports the results to a stick and sees "Aman dicabut" once it is checked', async ({
  page,
}) => {
  const stick = plugStick();
  await openOperatorPlace(page, 'Kirim hasil', 'operator-transfer');
  await screen(page, 'operator-transfer', 'status-before');
  const pending = await shown(page, 'pending');
  expect(pending).toBeGreaterThan(0);
  expect(await shown(page, 'delivered')).toBe(0);
  await expect(page.getByTestId('hub')).toContainText('Belum dikenal');
  await expect(page.getByTestId('last-export')).toHaveText('Belum pernah');

  await page.getByRole('button', { name: 'Ekspor ke flashdisk' }).click();
  await screen(page, 'operator-transfer-export-drive', 'export-pick');
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  await expect(page.locator('[data-screen="operator-transfer-export-task"]')).toBeVisible();

  const done = page.getByTestId('export-done');
  await expect(done.getByRole('status')).toContainText('Aman dicabut');
  // The done button is on the first screen, under "Aman dicabut" (issue 20).
  await expectInFirstScreen(page, '[data-testid="export-done"] .done-action .btn', 'the export done button');
  await expect(done).toContainText(
    `Hasil belajar sudah ditulis ke flashdisk “${STICK}” dan sudah diperiksa ulang.`,
  );
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Batal' })).toHaveCount(0);
  const fileName = (await page.getByTestId('bundle-file').textContent()) ?? '';
  expect(fileName).toMatch(/^Adisana-\d{8}-0001\.balaibundle$/);
  await expect(page.getByTestId('bundle-contents')).toContainText(`${pending} catatan belajar`);
  await expect(page.getByTestId('bundle-personal')).toContainText('Tidak terenkripsi');
  await expect(page.getByTestId('bundle-summary')).toContainText(
    fileName.replace('.balaibundle', '-ringkasan.xlsx'),
  );
  await screen(page, 'operator-transfer-export-task', 'export-done');

  // What the screen promises is on the stick: the bundle and the summary, nothing half-written.
  const folder = join(stick, ...DESA_FOLDER);
  expect(existsSync(join(folder, fileName))).toBe(true);
  expect(readdirSync(folder).sort()).toEqual(
    [fileName, fileName.replace('.balaibundle', '-ringkasan.xlsx')].sort(),
  );

  await page.getByRole('button', { name: 'Selesai' }).click();
  await expect(page.locator('[data-screen="operator-transfer"]')).toBeVisible();
  await expect(page.getByTestId('last-export')).toContainText(fileName);
  expect(await shown(page, 'pending')).toBe(pending); // pending until the regency's receipt says otherwise

  await page.getByRole('button', { name: 'Catatan kegiatan' }).click();
  await expect(
    page.getByRole('cell', { name: 'Hasil belajar diekspor ke flashdisk', exact: true }),
  ).toBeVisible();
});

test('receipts from the regency: accepted, already read, a self-made hub refused, and a second certified hub confirmed by the operator', async ({
  page,
}) => {
  const stick = plugStick();
  const folder = join(stick, ...DESA_FOLDER);
  const bundle = readdirSync(folder).find((f) => f.endsWith('.balaibundle'));
  expect(bundle, 'the first test exported a bundle').toBeTruthy();
  const hub = makeHub({ name: 'Dinas PMD Kabupaten Banyumas (uji)' });
  await hub.answerOnStick(join(folder, bundle!), stick);

  await openOperatorPlace(page, 'Kirim hasil', 'operator-transfer');
  const pending = await shown(page, 'pending');
  await page.getByRole('button', { name: 'Baca tanda terima' }).click();
  await screen(page, 'operator-transfer-receipts-drive', 'receipts-pick');
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  const list = page.getByRole('list', { name: 'Tanda terima yang dibaca' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem')).toContainText(
    `Diterima: ${pending} catatan belajar ditandai sudah sampai di kabupaten.`,
  );
  expect(await shown(page, 'pending')).toBe(0);
  expect(await shown(page, 'delivered')).toBe(pending);
  await expect(page.getByTestId('hub')).toContainText('Dinas PMD Kabupaten Banyumas (uji)');
  await expect(page.getByTestId('delivery-status')).toContainText('Terdaftar di kabupaten sejak');
  await screen(page, 'operator-transfer-receipts', 'receipts-applied');

  // A self-made "hub" on a laptop answers the same bundle: refused, said plainly; nothing changes.
  await makeHub({ name: 'Hub Buatan Sendiri', certified: false }).answerOnStick(
    join(folder, bundle!),
    stick,
    {
      at: '2026-11-03T09:00:00.000+07:00',
    },
  );
  await page.getByRole('button', { name: 'Pilih flashdisk lain' }).click();
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.locator('[data-outcome="already_applied"]')).toContainText(
    'Sudah pernah dibaca sebelumnya.',
  );
  await expect(list.locator('[data-outcome="refused"]')).toContainText(
    'Ditolak: tanda terima ini dari hub yang tidak bersertifikat',
  );
  await expect(page.getByTestId('hub')).toContainText('Dinas PMD Kabupaten Banyumas (uji)');
  expect(await shown(page, 'delivered')).toBe(pending);
  await screen(page, 'operator-transfer-receipts', 'receipts-refused');

  // A second certified hub (the kecamatan office) answers too: shown beside the first, the operator confirms.
  await makeHub({ name: 'Kantor Kecamatan Kebasen (uji)', regionCode: '33.02.05' }).answerOnStick(
    join(folder, bundle!),
    stick,
    { at: '2026-11-04T09:00:00.000+07:00' },
  );
  await page.getByRole('button', { name: 'Pilih flashdisk lain' }).click();
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list.locator('[data-outcome="needs_confirmation"]')).toContainText('Perlu persetujuan');
  await expect(page.getByTestId('current-hub')).toHaveText(
    'Dinas PMD Kabupaten Banyumas (uji) (wilayah 33.02)',
  );
  await expect(page.getByTestId('new-hub')).toContainText(
    'Kantor Kecamatan Kebasen (uji) (wilayah 33.02.05)',
  );
  await screen(page, 'operator-transfer-receipts', 'receipts-second-hub');
  await page.getByRole('button', { name: 'Setujui hub ini' }).click();
  await expect(page.getByTestId('hub-confirmed')).toContainText('Kantor Kecamatan Kebasen (uji) disetujui.');
  await expect(page.getByTestId('pending-hub')).toHaveCount(0);
  await expect(page.getByTestId('hub')).toContainText('Kantor Kecamatan Kebasen (uji)');
  await expect(page.getByTestId('hub')).toContainText('Bersertifikat untuk wilayah 33.02.05');
  expect(await shown(page, 'delivered')).toBe(pending);
});

test('a backup with the recovery code is restored on a new PC, which carries on as the village', async ({
  page,
}) => {
  const stick = plugStick();
  const code = host().recoveryCode!;
  await openOperatorPlace(page, 'Cadangan', 'operator-backup-drive');
  await screen(page, 'operator-backup-drive', 'backup-pick');
  await page.getByRole('button', { name: new RegExp(STICK) }).click();
  await screen(page, 'operator-backup-passphrase', 'backup-passphrase');

  // A typo that no longer looks like a code is caught on the form; another kiosk's code by the app.
  const field = page.getByLabel('Kode pemulihan', { exact: true });
  await field.fill(`${code}X`);
  await page.getByRole('button', { name: 'Buat cadangan' }).click();
  await expect(page.getByText('Kode pemulihan terdiri dari 16 huruf dan angka')).toBeVisible();
  await field.fill('ABCD-EFGH-JKMN-PQRS');
  await page.getByRole('button', { name: 'Buat cadangan' }).click();
  await expect(page.getByRole('alert')).toContainText('bukan kode komputer ini');

  await field.fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Buat cadangan' }).click();
  const done = page.getByTestId('backup-done');
  await expect(done.getByRole('status')).toContainText('Cadangan selesai. Aman dicabut');
  await expectInFirstScreen(page, '[data-testid="backup-done"] .done-action .btn', 'the backup done button');
  await expect(page.getByTestId('backup-kind')).toHaveText('Kode pemulihan');
  await screen(page, 'operator-backup-task', 'backup-done');
  const backups = join(stick, ...DESA_FOLDER, 'cadangan');
  const files = readdirSync(backups).filter((f) => f.endsWith('.balaibackup'));
  expect(files).toHaveLength(1);

  // The new PC: an empty data folder, the same stick plugged in.
  const fresh = await startHost({ drives: host().drivesDir! });
  try {
    await page.goto(fresh.url);
    await screen(page, 'setup-welcome', 'new-pc-welcome');
    await page.getByRole('button', { name: 'Pulihkan dari cadangan' }).click();
    await screen(page, 'setup-restore-drive', 'restore-pick');
    await page.getByRole('button', { name: new RegExp(STICK) }).click();
    await screen(page, 'setup-restore-backups', 'restore-backups');
    const row = page.getByRole('listitem').filter({ hasText: files[0]! });
    await expect(row).toContainText('Desa Adisana');
    await expect(row).toContainText('dibuka dengan kode pemulihan');
    await row.getByRole('button', { name: /^Pilih/ }).click();
    await screen(page, 'setup-restore-passphrase', 'restore-passphrase');

    const restoreField = page.getByLabel('Kode pemulihan', { exact: true });
    await restoreField.fill('ABCD-EFGH-JKMN-PQRS');
    await page.getByRole('button', { name: 'Pulihkan', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('Cadangan tidak bisa dibuka');
    await screen(page, 'setup-restore-passphrase', 'restore-wrong');

    await restoreField.fill(code);
    await page.getByRole('button', { name: 'Pulihkan', exact: true }).click();
    await expect(page.getByTestId('restore-done')).toContainText(
      'Komputer ini sekarang Balai Belajar Desa Adisana.',
    );
    await screen(page, 'setup-restore-done', 'restore-done');
    await page.getByRole('button', { name: 'Ke layar masuk' }).click();

    // Home on the new PC: the village's learners, who log in with their own PINs.
    await expect(page.locator('[data-screen="home"]')).toBeVisible();
    for (const name of ['Budi Santoso (demo)', 'Siti Aminah (demo)', OPERATOR])
      await expect(
        page.getByRole('button', { name: new RegExp(name.replace(/[()]/g, '\\$&')) }),
      ).toBeVisible();
    await screen(page, 'home', 'new-pc-home');
    await logIn(page, fresh.url, 'Budi Santoso (demo)', '100001');
    await expect(page.locator('[data-screen="learner-home"]')).toBeVisible();
  } finally {
    await fresh.stop();
  }
});
