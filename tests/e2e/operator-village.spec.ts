import { test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, hostForFile, screens } from './fixtures';

/**
 * The village's results on a `balai demo` kiosk (passes, fails, certificates): the table against
 * reports.village, the jabatan filter, the Excel download, a learner's printable history, the certificates
 * saved to a stick, and the warning when the kiosk's clock is behind.
 */
const OPERATOR = 'Operator Desa (demo)';
const AGUS = 'Agus Wibowo (demo)';

test.use({ actionTimeout: 10_000 });
const host = hostForFile({ demo: true, drives: true });
const screen = screens('operator-village');

interface Row {
  learnerId: string;
  fullName: string | null;
  courseId: string;
  pretestScore: number | null;
  posttestScore: number | null;
  gain: number | null;
  status: string;
  certificateNumber: string | null;
  lastActivity: string | null;
}

async function api<T>(page: Page, method: string, args: object = {}): Promise<T> {
  const body = await page.evaluate(
    async ({ method, args }) => {
      const r = await fetch('./api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method, args }),
      });
      return (await r.json()) as { ok: boolean; value?: unknown; error?: unknown };
    },
    { method, args },
  );
  if (!body.ok) throw new Error(`${method} failed: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

async function logInOperator(page: Page): Promise<void> {
  await page.goto(host().url);
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await page.getByRole('button', { name: /Operator Desa \(demo\)/ }).click();
  await expect(page.locator('[data-screen="pin"]')).toBeVisible();
  await page.keyboard.type('123456');
  await expect(page.getByTestId('who')).toContainText(OPERATOR);
  await page.getByRole('button', { name: 'Operator', exact: true }).click();
  await expect(page.locator('[data-screen="operator-learners"]')).toBeVisible();
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Menu operator' }).getByRole('button', { name, exact: true });
}

/** Numbers as the UI shows them in Indonesian: decimal comma, at most one decimal. */
const score = (n: number | null) =>
  n === null ? '—' : new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(n);

test('the village table shows the results, filters by jabatan and downloads as Excel', async ({ page }) => {
  await logInOperator(page);
  await nav(page, 'Hasil desa').click();
  await screen(page, 'operator-village');

  const village = await api<{ rows: Row[]; courses: { id: string }[] }>(page, 'reports.village');
  const learners = new Set(village.rows.map((r) => r.learnerId));
  await expect(page.locator('tbody.learner-group')).toHaveCount(learners.size);
  await expect(page.locator('tbody.learner-group tr')).toHaveCount(village.rows.length);
  await expect(page.getByTestId('village-summary')).toContainText(
    `Peserta: ${learners.size} · Kursus: ${village.courses.length} · Sertifikat: ${
      village.rows.filter((r) => r.certificateNumber).length
    }`,
  );

  // One passed row, cell by cell, against what reports.village says.
  const passed = village.rows.find(
    (r) => r.fullName === AGUS && r.certificateNumber && r.pretestScore !== null,
  )!;
  const row = page.locator(`tbody[data-learner="${passed.learnerId}"] tr[data-course="${passed.courseId}"]`);
  const cells = row.locator('td');
  await expect(cells.nth(1)).toHaveText(score(passed.pretestScore));
  await expect(cells.nth(2)).toHaveText(score(passed.posttestScore));
  await expect(cells.nth(3)).toHaveText(`+${score(passed.gain)}`);
  await expect(cells.nth(4)).toHaveText('Lulus');
  await expect(cells.nth(5)).toHaveText(passed.certificateNumber!);
  const when = await page.evaluate((iso) => {
    const d = new Date(iso);
    const date = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', year: 'numeric' }).format(
      d,
    );
    return `${date} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  }, passed.lastActivity!);
  await expect(cells.nth(6)).toHaveText(when);

  // A failed posttest reads "Belum lulus", with the tries left.
  const failed = village.rows.find((r) => r.status === 'failed_post')!;
  await expect(
    page.locator(`tbody[data-learner="${failed.learnerId}"] tr[data-course="${failed.courseId}"]`),
  ).toContainText('Belum lulus');

  // Filter by jabatan: only the kepala desa stays.
  const filter = page.getByLabel('Jabatan');
  await filter.selectOption({ label: 'Kepala Desa' });
  await expect(page.locator('tbody.learner-group')).toHaveCount(1);
  await expect(page.locator('tbody.learner-group')).toContainText('Budi Santoso (demo)');
  await expect(page.getByTestId('village-summary')).toContainText('Peserta: 1 ·');
  await screen(page, 'operator-village', 'village-kepala-desa');
  await filter.selectOption({ label: 'Kepala Urusan Perencanaan' });
  await expect(page.locator('tbody.learner-group')).toHaveCount(1);
  await expect(page.locator('tbody.learner-group')).toContainText('Dewi Lestari (demo)');
  await filter.selectOption({ label: 'Semua jabatan' });
  await expect(page.locator('tbody.learner-group')).toHaveCount(learners.size);

  // Excel: a real .xlsx download (a zip: "PK").
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Unduh Excel' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = await download.path();
  expect(readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
  await expect(page.getByRole('status')).toContainText(
    `Berkas ${download.suggestedFilename()} sudah diunduh.`,
  );
});

test("a learner's history opens from the table and prints on A4", async ({ page }) => {
  await logInOperator(page);
  await nav(page, 'Hasil desa').click();
  await expect(page.locator('[data-screen="operator-village"]')).toBeVisible();
  await page.getByRole('button', { name: new RegExp(`^${AGUS.replace(/[()]/g, '\\$&')}`) }).click();
  await screen(page, 'operator-history');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Riwayat belajar: ${AGUS}`);
  await expect(page.locator('.identity')).toContainText('Kepala Seksi Pemerintahan');
  await expect(page.locator('.identity')).toContainText('Adisana, Kecamatan Kebasen');

  const village = await api<{ rows: Row[] }>(page, 'reports.village');
  const agus = village.rows.filter((r) => r.fullName === AGUS);
  const results = page.getByRole('region', { name: 'Hasil per kursus' });
  await expect(results.locator('tbody tr')).toHaveCount(agus.length);
  for (const r of agus.filter((x) => x.certificateNumber)) {
    await expect(results.locator(`tr[data-course="${r.courseId}"]`)).toContainText(r.certificateNumber!);
  }

  // Events in plain Indonesian, oldest first.
  const events = page.getByRole('region', { name: 'Kegiatan belajar' });
  await expect(events).toContainText('Mulai kursus');
  await expect(events).toContainText('Membuka pelajaran “Apa itu APB Desa”');
  await expect(events).toContainText('Menyelesaikan pelajaran “Apa itu APB Desa”');
  await expect(events).toContainText(/Menyelesaikan tes awal \(nilai \d/);
  await expect(events).toContainText(/Belum lulus tes akhir \(nilai \d/);
  await expect(events).toContainText(/Lulus tes akhir \(nilai \d/);
  await expect(events).toContainText(/Mendapat sertifikat nomor \d{10}-\d{8}-/);
  await expect(events).not.toContainText(/\b(launched|experienced|attempted|passed|failed|certified)\b/);

  // "Cetak" prints (the dialog itself cannot be driven headless: window.print is stood in for).
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute('data-printed', 'yes');
  });
  await page.getByRole('button', { name: 'Cetak' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-printed', 'yes');

  // On paper: no top bar, menu or buttons; the page fits A4's width.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.topbar')).toBeHidden();
  await expect(page.locator('.subnav')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Cetak' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
  await page.screenshot({
    path: join(
      import.meta.dirname,
      '..',
      '..',
      'test-results',
      'screenshots',
      'operator-village-print-a4.png',
    ),
    fullPage: true,
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1366, height: 768 });

  await page.getByRole('button', { name: /Kembali ke hasil desa/ }).click();
  await expect(page.locator('[data-screen="operator-village"]')).toBeVisible();
});

test('the certificates are listed and saved to a stick as PDFs', async ({ page }) => {
  await logInOperator(page);
  await nav(page, 'Sertifikat').click();
  await screen(page, 'operator-certificates');
  const { certificates } = await api<{ certificates: { number: string }[] }>(page, 'certificates.list');
  expect(certificates.length).toBeGreaterThan(0);
  await expect(page.locator('tr[data-certificate]')).toHaveCount(certificates.length);
  await expect(page.getByText(`${certificates.length} sertifikat terbit di komputer ini`)).toBeVisible();

  await page.getByRole('button', { name: 'Simpan ke flashdisk' }).click();
  const panel = page.getByTestId('save-to-drive');
  await expect(panel.getByTestId('no-drives')).toContainText('Belum ada flashdisk yang tercolok.');
  await screen(page, 'operator-certificates', 'certificates-no-stick');
  const stick = join(host().drivesDir!, 'SERTIFIKAT-DESA');
  mkdirSync(stick);
  await panel.getByRole('button', { name: /SERTIFIKAT-DESA/ }).click();
  await expect(panel.getByRole('status')).toContainText(
    `${certificates.length} sertifikat disimpan di SERTIFIKAT-DESA/BalaiBelajar/33_02_05_2001/sertifikat.`,
  );
  await screen(page, 'operator-certificates', 'certificates-saved');
  const folder = join(stick, 'BalaiBelajar', '33_02_05_2001', 'sertifikat');
  const pdfs = readdirSync(folder).sort();
  expect(pdfs).toEqual(certificates.map((c) => `${c.number}.pdf`).sort());
  for (const name of pdfs)
    expect(readFileSync(join(folder, name)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await panel.getByRole('button', { name: 'Selesai' }).click();
  await expect(panel).toHaveCount(0);
});

test("the operator is warned when the kiosk's clock is behind", async ({ page }) => {
  // A time seen from outside (as a hub's receipt would teach it), two days ahead of this clock.
  const db = new Database(join(host().dataDir, 'balai.sqlite'));
  const ahead = new Date(Date.now() + 2 * 24 * 3600_000 + 3 * 3600_000).toISOString();
  db.prepare(
    `INSERT INTO settings (key, value) VALUES ('clock_seen', ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(JSON.stringify({ at: ahead, source: 'network' }));
  db.close();

  await logInOperator(page);
  await nav(page, 'Hasil desa').click();
  const banner = page.getByTestId('clock-warning');
  await expect(banner).toContainText(
    'Jam komputer ini tertinggal 2 hari 2 jam dari waktu terakhir yang tercatat.',
  );
  await expect(banner).toContainText('Periksa tanggal dan jam sebelum mencetak sertifikat atau laporan.');
  await screen(page, 'operator-village', 'village-clock-behind');
  await nav(page, 'Sertifikat').click();
  await expect(page.getByTestId('clock-warning')).toBeVisible();

  // The same screens in English.
  await page.getByRole('button', { name: 'English' }).click();
  await page
    .getByRole('navigation', { name: 'Operator menu' })
    .getByRole('button', { name: 'Village results' })
    .click();
  await expect(page.getByTestId('clock-warning')).toContainText(
    "This computer's clock is 2 days 2 hours behind the latest time it has recorded.",
  );
  await expect(page.getByRole('columnheader', { name: 'Pretest' })).toBeVisible();
  await screen(page, 'operator-village', 'village-english');
  await page.getByRole('button', { name: 'Bahasa Indonesia' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hasil desa');
});
