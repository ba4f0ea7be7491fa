import { test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, hostForFile, screens, startHost } from './fixtures';
import { ADMIN, hubNav as nav, OFFICE, setUpBanyumasHub } from './hub-kit';

/**
 * An office's trust chain and its backup (issue 16) through the UI: a kabupaten hub set up on an empty data
 * folder is led into certification and writes its request onto a folder-stick, the issuer's real CLI
 * (`balai pki issue` with the development root) makes the certificate onto the same stick, and the hub
 * imports it (chain and expiry shown). Then the hub's backup goes onto the stick from "Cadangan" and is
 * restored on a fresh host through the set-up screen, where the admin logs in with the same PIN.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const BALAI = join(ROOT, 'bin', 'balai.js');
const ENV = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
const DEV_ROOT_KEY = join(ROOT, 'content', 'keys', 'dev-root.key.json');
const STICK = 'FLASHDISK-PENERBIT';

test.use({ actionTimeout: 10_000 });
test.setTimeout(120_000);
test.describe.configure({ mode: 'serial' });

const sticks = mkdtempSync(join(tmpdir(), 'balai-e2e-trust-sticks-'));
test.afterAll(() => rmSync(sticks, { recursive: true, force: true }));
const host = hostForFile({ drives: sticks });
const screen = screens('hub-trust');
const stick = join(sticks, STICK);
let recoveryCode = '';

test('a hub set up through the UI is certified through a stick: request → balai pki issue → import', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  mkdirSync(stick, { recursive: true });

  await test.step('set up as the Banyumas kabupaten office', async () => {
    recoveryCode = await setUpBanyumasHub(page, host().url, screen);
  });

  let request = '';
  await test.step('set-up leads into certification: the request is written to the stick', async () => {
    await screen(page, 'hub-cert-offer');
    await expect(page.getByText('Komputer desa hanya menerima tanda terima')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Nanti saja' })).toBeVisible();
    await page.getByRole('button', { name: 'Tulis permintaan ke flashdisk' }).click();
    await screen(page, 'hub-cert-offer-drive');
    await page.getByRole('button', { name: new RegExp(STICK) }).click();
    await screen(page, 'hub-cert-offer-written');
    await expect(page.getByTestId('cert-request-written')).toContainText(`flashdisk “${STICK}”`);
    const folder = join(stick, 'BalaiBelajar', 'sertifikat');
    const requests = readdirSync(folder).filter((n) => /^permintaan-hub-33_02-.+\.json$/.test(n));
    expect(requests).toHaveLength(1);
    request = join(folder, requests[0]!);
    await expect(page.getByTestId('cert-request-written')).toContainText(requests[0]!);
  });

  // The issuer's offline machine: the real CLI with the development root, onto the same stick.
  {
    const out = join(stick, 'BalaiBelajar', 'sertifikat', 'sertifikat-hub-33_02.json');
    const args = ['pki', 'issue', request, '--key', DEV_ROOT_KEY, '--role', 'hub', '--scope', '33.02'];
    const run = spawnSync('node', [BALAI, ...args, '--days', '365', '--out', out], {
      cwd: ROOT,
      env: ENV,
      encoding: 'utf8',
    });
    expect(run.status, `balai pki issue: ${run.stderr}${run.stdout}`).toBe(0);
  }

  await test.step('the hub imports the certificate: chain and expiry shown', async () => {
    await page.getByRole('button', { name: 'Ke beranda kantor' }).click();
    await screen(page, 'hub-home');
    await nav(page, 'Sertifikat').click();
    await screen(page, 'hub-certificate');
    await expect(page.getByTestId('cert-state')).toContainText('belum bersertifikat');
    await page.getByRole('button', { name: 'Impor sertifikat dari flashdisk' }).click();
    await page.getByRole('button', { name: new RegExp(STICK) }).click();
    await expect(page.getByTestId('cert-message')).toContainText('Sertifikat diimpor');
    await expect(page.getByTestId('cert-state')).toContainText(
      /Bersertifikat sampai .+ \(sisa 36[45] hari\)/,
    );
    const chain = page.getByTestId('cert-chain').getByRole('listitem');
    await expect(chain.last()).toContainText(`${OFFICE} (wilayah 33.02)`);
    await screen(page, 'hub-certificate', 'hub-certified');
  });
});

test('an office backup on a stick is restored on a replacement PC, and the admin PIN works there', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  expect(recoveryCode, 'the first test set the hub up').not.toBe('');

  await test.step('the hub writes its backup from Cadangan', async () => {
    await page.goto(host().url);
    await page.getByRole('button', { name: new RegExp(ADMIN.name) }).click();
    await page.keyboard.type(ADMIN.pin);
    await screen(page, 'hub-home');
    await nav(page, 'Cadangan').click();
    await screen(page, 'operator-backup-drive', 'hub-backup-pick');
    await expect(page.getByText('isi komputer kantor ini')).toBeVisible();
    await page.getByRole('button', { name: new RegExp(STICK) }).click();
    await screen(page, 'operator-backup-passphrase', 'hub-backup-passphrase');
    await page.getByLabel('Kode pemulihan', { exact: true }).fill(recoveryCode);
    await page.getByRole('button', { name: 'Buat cadangan' }).click();
    const done = page.getByTestId('backup-done');
    await expect(done.getByRole('status')).toContainText('Cadangan selesai. Aman dicabut');
    await expect(done).toContainText('0 komputer desa, 0 paket hasil');
    await expect(done).toContainText('Pulihkan dari cadangan kantor');
    await screen(page, 'operator-backup-task', 'hub-backup-done');
  });

  const fresh = await startHost({ drives: sticks });
  try {
    await test.step('a fresh PC restores it from the hub set-up screen', async () => {
      await page.goto(fresh.url);
      await screen(page, 'setup-welcome', 'new-pc-welcome');
      await page.getByRole('button', { name: 'Kantor (kecamatan / kabupaten / provinsi)' }).click();
      await screen(page, 'setup-hub-level', 'new-pc-level');
      await page.getByRole('button', { name: 'Pulihkan dari cadangan kantor' }).click();
      await screen(page, 'setup-hub-restore-drive');
      await page.getByRole('button', { name: new RegExp(STICK) }).click();
      await screen(page, 'setup-hub-restore-backups');
      const row = page.getByRole('listitem').filter({ hasText: OFFICE });
      await expect(row).toContainText('dibuka dengan kode pemulihan');
      await row.getByRole('button', { name: /^Pilih/ }).click();
      await screen(page, 'setup-hub-restore-passphrase');

      const field = page.getByLabel('Kode pemulihan', { exact: true });
      await field.fill('ABCD-EFGH-JKMN-PQRS');
      await page.getByRole('button', { name: 'Pulihkan', exact: true }).click();
      await expect(page.getByRole('alert')).toContainText('Cadangan tidak bisa dibuka');
      await screen(page, 'setup-hub-restore-passphrase', 'hub-restore-wrong');

      await field.fill(recoveryCode);
      await page.getByRole('button', { name: 'Pulihkan', exact: true }).click();
      await expect(page.getByTestId('hub-restore-done')).toContainText(`Komputer ini sekarang ${OFFICE}.`);
      await screen(page, 'setup-hub-restore-done');
      await page.getByRole('button', { name: 'Ke layar masuk' }).click();
    });

    await test.step('the admin logs in with the same PIN; the certificate came back', async () => {
      await expect(page.locator('[data-screen="home"]')).toBeVisible();
      await page.getByRole('button', { name: new RegExp(ADMIN.name) }).click();
      await page.keyboard.type(ADMIN.pin);
      await screen(page, 'hub-home', 'new-pc-hub-home');
      await expect(page.getByTestId('who')).toContainText(ADMIN.name);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(OFFICE);
      await nav(page, 'Sertifikat').click();
      await screen(page, 'hub-certificate', 'new-pc-certificate');
      await expect(page.getByTestId('cert-state')).toContainText('Bersertifikat sampai');
    });
  } finally {
    await fresh.stop();
  }
});
