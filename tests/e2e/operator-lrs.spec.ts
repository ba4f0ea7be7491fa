import { test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startFaultProxy, type FaultProxy } from '../helpers/lrs-proxy';
import { startLrs, type TestLrs } from '../helpers/lrs';
import { expect, hostForFile, screens } from './fixtures';

/**
 * Results leave the village over the internet (issue 8), on a demo village and a real LRS (Learning
 * Locker's xapi-statements on loopback) behind the fault proxy. The proxy first answers everything with
 * 429 and "Retry-After: 3600": the upload the app starts by itself when the LRS is set is throttled and the
 * schedule waits an hour, so "Kirim sekarang" is what sends (no race with the schedule). Before that, a
 * statement with the id of one of the kiosk's but another lesson is put straight into the LRS: the LRS
 * then answers 409 for it and the kiosk must quarantine exactly that one as a conflict.
 */
const OPERATOR = 'Operator Desa (demo)';
const KEY = 'kiosk-adisana';
const SECRET = 'rahasia-desa-adisana-2026';

test.use({ actionTimeout: 10_000 });
test.describe.configure({ mode: 'serial' });
const host = hostForFile({ demo: true });
const screen = screens('operator-lrs');

let lrs: TestLrs | undefined;
let proxy: FaultProxy | undefined;
test.beforeAll(async () => {
  lrs = await startLrs();
  proxy = await startFaultProxy({
    target: `http://127.0.0.1:${lrs.port}`,
    seed: 8,
    rate: 1,
    kinds: ['throttle429'],
    retryAfterSeconds: 3600,
  });
});
test.afterAll(async () => {
  await proxy?.close();
  await lrs?.stop();
});

async function openTransfer(page: Page): Promise<void> {
  await page.goto(host().url);
  await page.getByRole('button', { name: /Operator Desa \(demo\)/ }).click();
  await page.keyboard.type('123456');
  await expect(page.getByTestId('who')).toContainText(OPERATOR);
  await page.getByRole('button', { name: 'Operator', exact: true }).click();
  await page
    .getByRole('navigation', { name: 'Menu operator' })
    .getByRole('button', { name: 'Kirim hasil' })
    .click();
  await expect(page.locator('[data-screen="operator-transfer"]')).toBeVisible();
}

/** The number shown in one of the LRS counts. */
async function count(page: Page, testId: 'lrs-pending' | 'lrs-sent' | 'lrs-quarantined'): Promise<number> {
  return Number(await page.getByTestId(testId).locator('.delivery-number').textContent());
}

/** The kiosk's statement in the middle of its outbox, as recorded. */
function middleStatement(): { seq: number; id: string; statement: { object: { id: string } } } {
  const db = new Database(join(host().dataDir, 'balai.sqlite'), { readonly: true });
  try {
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number };
    const row = db
      .prepare('SELECT seq, id, statement FROM outbox ORDER BY seq LIMIT 1 OFFSET ?')
      .get(Math.floor(n / 2)) as { seq: number; id: string; statement: string };
    return { seq: row.seq, id: row.id, statement: JSON.parse(row.statement) as { object: { id: string } } };
  } finally {
    db.close();
  }
}

test('the operator sets the LRS, sends everything with "Kirim sekarang", and sees the one conflict in quarantine', async ({
  page,
}) => {
  await openTransfer(page);
  // No LRS yet: the stick tab says nothing about it.
  await expect(page.getByTestId('lrs-note')).toHaveCount(0);
  await page
    .getByRole('navigation', { name: 'Cara mengirim' })
    .getByRole('button', { name: 'Lewat internet' })
    .click();
  await screen(page, 'operator-lrs-settings', 'settings-empty');
  const pending = await count(page, 'lrs-pending');
  expect(pending).toBeGreaterThan(0);
  // Before an LRS is set, only what waits is shown.
  await expect(page.getByTestId('lrs-sent')).toHaveCount(0);

  // The form says what is missing, and the app's refusal of plain http to another computer, in words.
  const form = page.getByTestId('lrs-form');
  await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await expect(form).toContainText('Isi alamat server pusat dari petugas kabupaten');
  await expect(form).toContainText('Isi nama pengguna (key) yang diberikan petugas kabupaten');
  await expect(form).toContainText('Ketik kata sandi (secret) dari petugas kabupaten');
  await page.getByLabel('Alamat server pusat (endpoint)').fill('http://lrs.contoh.id/xAPI/');
  await page.getByLabel('Nama pengguna (key)').fill(KEY);
  await page.getByLabel('Kata sandi (secret)').fill(SECRET);
  await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await expect(form).toContainText('Alamat ini memakai http tanpa pengaman');
  await expect(page.getByLabel('Alamat server pusat (endpoint)')).toHaveAttribute('aria-invalid', 'true');
  await screen(page, 'operator-lrs-settings', 'settings-refused');
  // Ticking "izinkan http" answers that refusal (it goes away) and brings the warning forward.
  await page.getByLabel('Izinkan alamat http (tanpa pengaman)').check();
  await expect(page.getByTestId('http-warning')).toHaveClass(/lrs-http-on/);
  await expect(form).not.toContainText('Alamat ini memakai http tanpa pengaman');
  await page.getByLabel('Izinkan alamat http (tanpa pengaman)').uncheck();

  // The real one (http to this computer needs no permission). Setting it starts an upload at once, which
  // the proxy throttles for an hour: the status says so, and the schedule waits.
  await page.getByLabel('Alamat server pusat (endpoint)').fill(proxy!.endpoint);
  await form.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await expect(page.locator('[data-screen="operator-lrs"]')).toBeVisible();
  await expect(page.getByTestId('lrs-notice')).toContainText('Pengaturan server pusat disimpan');
  await expect(page.getByTestId('lrs-endpoint')).toContainText(proxy!.endpoint);
  await expect(page.getByTestId('lrs-key')).toHaveText(KEY);
  const secret = page.getByTestId('lrs-secret');
  await expect(secret).toContainText('••••••26');
  await expect(secret).not.toContainText(SECRET);
  await expect(secret.locator('[data-protection="plain"]')).toHaveText('Tidak dilindungi');
  await expect(page.getByTestId('lrs-secret-note')).toContainText(
    'Kata sandi server pusat tersimpan tanpa pengaman',
  );
  await expect(page.getByTestId('lrs-last-error')).toHaveAttribute('data-code', 'throttled', {
    timeout: 15_000,
  });
  await expect(page.getByTestId('lrs-last-error')).toContainText(
    'Server pusat sedang sibuk dan meminta menunggu dulu',
  );
  await expect(page.getByTestId('lrs-next-attempt')).toContainText(
    'Menunggu dulu karena percobaan terakhir gagal',
  );
  expect(await count(page, 'lrs-pending')).toBe(pending);
  await page.getByRole('button', { name: 'Periksa koneksi' }).click();
  await expect(page.getByTestId('lrs-notice')).toContainText('Server pusat tidak bisa dihubungi');
  await expect(page.getByTestId('lrs-connection')).toContainText('Tidak bisa dihubungi');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screen(page, 'operator-lrs', 'status-throttled');

  // Someone already put another lesson in the LRS under the id of one of the kiosk's statements.
  const victim = middleStatement();
  const impostor = {
    ...victim.statement,
    object: { ...victim.statement.object, id: `${victim.statement.object.id}-lain` },
  };
  expect(await lrs!.post([impostor])).toBe(200);

  // The link is back. "Periksa koneksi" says so; "Kirim sekarang" sends, with a bar, then says how it went.
  proxy!.setRate(0);
  await page.getByRole('button', { name: 'Periksa koneksi' }).click();
  await expect(page.getByTestId('lrs-notice')).toContainText('Server pusat bisa dihubungi');
  await expect(page.getByTestId('lrs-connection')).toContainText('Bisa dihubungi');
  await page.getByRole('button', { name: 'Kirim sekarang' }).click();
  const result = page.getByTestId('lrs-result');
  await expect(result).toHaveAttribute('data-end', 'empty', { timeout: 30_000 });
  await expect(result).toContainText('Selesai: tidak ada lagi catatan yang menunggu dikirim.');
  await expect(page.getByTestId('lrs-result-counts')).toHaveText(
    `${pending - 1} terkirim · 1 dikarantina · 0 masih menunggu`,
  );
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect.poll(() => count(page, 'lrs-pending')).toBe(0);
  expect(await count(page, 'lrs-sent')).toBe(pending - 1);
  expect(await count(page, 'lrs-quarantined')).toBe(1);
  await expect(page.getByTestId('lrs-last-success')).not.toHaveText('Belum pernah');

  // The quarantine list: that statement, why in words, and what the LRS said in small print.
  const list = page.getByRole('list', { name: 'Catatan yang dikarantina' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  const item = list.locator(`[data-seq="${victim.seq}"]`);
  await expect(item).toHaveAttribute('data-reason', 'conflict');
  await expect(item).toContainText(`No. ${victim.seq}`);
  await expect(item).toContainText(
    'Server pusat sudah menyimpan catatan lain dengan nomor pengenal yang sama',
  );
  await expect(item.getByTestId('lrs-quarantine-detail')).toContainText('HTTP 409');
  await expect(item.getByTestId('lrs-quarantine-detail')).toContainText('object.id');
  await screen(page, 'operator-lrs', 'upload-done');

  // The LRS holds every statement once: the kiosk's, and the impostor under the victim's id.
  const held = await lrs!.statements();
  expect(held).toHaveLength(pending);
  expect(new Set(held.map((s) => s.id)).size).toBe(pending);
  const kept = held.find((s) => s.id === victim.id) as { object: { id: string } } | undefined;
  expect(kept?.object.id).toBe(impostor.object.id);

  // "Kirim ulang semua" puts it back in the queue; the LRS still holds the other one, so it comes back.
  await page.getByRole('button', { name: 'Tutup' }).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  await screen(page, 'operator-lrs', 'status-sent');
  await page.getByRole('heading', { name: 'Dikarantina (1)' }).scrollIntoViewIfNeeded();
  await screen(page, 'operator-lrs', 'quarantine');
  await page.getByRole('button', { name: 'Kirim ulang semua' }).click();
  await expect(page.getByTestId('lrs-notice')).toContainText('1 catatan dikembalikan ke antrean');
  await expect(list.locator(`[data-seq="${victim.seq}"]`)).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => count(page, 'lrs-quarantined')).toBe(1);
  expect(await count(page, 'lrs-pending')).toBe(0);

  // The stick tab: what the LRS took needs no stick; only the quarantined one is still pending there.
  await page.getByRole('button', { name: 'Lewat flashdisk' }).click();
  await expect(page.locator('[data-screen="operator-transfer"]')).toBeVisible();
  await expect(page.getByTestId('lrs-note')).toContainText(
    `${pending - 1} catatan belajar sudah terkirim lewat internet`,
  );
  await expect(page.getByTestId('pending').locator('.delivery-number')).toHaveText('1');
  await screen(page, 'operator-transfer', 'stick-after-lrs');
});

test('"Hapus pengaturan" asks first, then forgets the LRS; what was sent stays sent', async ({ page }) => {
  await openTransfer(page);
  await page.getByRole('button', { name: 'Lewat internet' }).click();
  await expect(page.locator('[data-screen="operator-lrs"]')).toBeVisible();
  const sent = await count(page, 'lrs-sent');
  expect(sent).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Hapus pengaturan' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Hapus pengaturan server pusat?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('lrs-key')).toHaveText(KEY);

  await page.getByRole('button', { name: 'Hapus pengaturan' }).click();
  await dialog.getByRole('button', { name: 'Ya, hapus' }).click();
  await expect(page.locator('[data-screen="operator-lrs-settings"]')).toBeVisible();
  await expect(page.getByTestId('lrs-notice')).toContainText('Pengaturan server pusat dihapus');
  await expect(page.getByLabel('Kata sandi (secret)')).toHaveValue('');
  expect(await count(page, 'lrs-sent')).toBe(sent);

  await page
    .getByRole('navigation', { name: 'Menu operator' })
    .getByRole('button', { name: 'Catatan kegiatan' })
    .click();
  for (const what of [
    'Pengaturan server pusat disimpan',
    'Catatan yang disisihkan server pusat dikirim ulang',
    'Pengaturan server pusat dihapus',
  ])
    await expect(page.getByRole('cell', { name: what, exact: true })).toBeVisible();
});
