import { smallTargets } from './helpers/targets';
import { test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, hostForFile, screens } from './fixtures';
import { ADMIN, hubNav as nav, setUpBanyumasHub } from './hub-kit';

/**
 * An office PC (issue 9) through the UI: a kabupaten hub set up on an empty data folder, a stick with the
 * demo village's bundle imported (1 imported, its reason sentence, receipts written back onto the stick), and
 * the report drilled down kabupaten → kecamatan → desa to the demo village's learners, downloaded as CSV.
 */
const ROOT = resolve(import.meta.dirname, '..', '..');
const BALAI = join(ROOT, 'bin', 'balai.js');
const ENV = { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH ?? ''}` };
const STICK = 'FLASHDISK-KANTOR';

test.use({ actionTimeout: 10_000 });
test.setTimeout(120_000);

// The sticks folder exists before the host starts; the stick itself is plugged in by the test.
const sticks = mkdtempSync(join(tmpdir(), 'balai-e2e-hub-sticks-'));
const village = mkdtempSync(join(tmpdir(), 'balai-e2e-hub-village-'));
const secondKiosk = mkdtempSync(join(tmpdir(), 'balai-e2e-hub-second-'));
test.afterAll(() => {
  for (const dir of [sticks, village, secondKiosk]) rmSync(dir, { recursive: true, force: true });
});
const host = hostForFile({ drives: sticks });
const screen = screens('hub');

function balai(args: string[]): string {
  const run = spawnSync('node', [BALAI, ...args], { cwd: ROOT, env: ENV, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`balai ${args.join(' ')} failed: ${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** The demo village (Adisana, 33.02.05.2001) exports its bundle onto a stick; answers its learner count. */
function villageStick(data = village, label = STICK): number {
  balai(['demo', '--data', data, '--fast-hash', '--json']);
  const stick = join(sticks, label);
  mkdirSync(stick, { recursive: true });
  const out = balai(['bundle', 'export', '--to', stick, '--data', data]);
  const learners = /(\d+) learners/.exec(out);
  if (!learners) throw new Error(`no learner count in: ${out}`);
  return Number(learners[1]);
}

test('a kabupaten office: set-up, import a village stick, receipts, drill-down report and CSV', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const learners = villageStick();

  await test.step('set up as the Banyumas kabupaten office', async () => {
    await setUpBanyumasHub(page, host().url, screen);
    // Set-up offers the certificate request next; this office does it later, from Sertifikat.
    await screen(page, 'hub-cert-offer');
    await page.getByRole('button', { name: 'Nanti saja' }).click();
    await screen(page, 'hub-home');
    await expect(page.getByTestId('who')).toContainText(ADMIN.name);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Dinas PMD Kabupaten Banyumas');
    await expect(page.getByTestId('hub-bundles')).toHaveText('0');
    await expect(page.getByTestId('hub-last-import')).toHaveText('Belum pernah');
    // A village's places are not on a hub's menu.
    await expect(nav(page, 'Peserta')).toHaveCount(0);
    await expect(nav(page, 'Kirim hasil')).toHaveCount(0);
  });

  await test.step('import the stick: 1 imported, receipts written back', async () => {
    await nav(page, 'Impor').click();
    await screen(page, 'hub-import');
    await page.getByRole('button', { name: new RegExp(STICK) }).click();
    await screen(page, 'hub-import-done', 'import-summary');
    const summary = page.getByTestId('import-summary');
    await expect(summary.getByTestId('count-imported')).toHaveText('1 diimpor');
    await expect(summary.getByTestId('count-refused')).toHaveText('0 ditolak');
    const row = summary.locator('tr[data-outcome="imported"]');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Adisana');
    await expect(row).toContainText('Diimpor');
    await expect(row).toContainText('Diperiksa dan disimpan.');

    await page.getByRole('button', { name: 'Tulis tanda terima ke flashdisk' }).click();
    await expect(page.getByTestId('answer-done')).toContainText(
      `1 tanda terima sudah ditulis ke flashdisk “${STICK}”.`,
    );
    await expect(page.getByTestId('answer-done')).toContainText('Desa Adisana (33.02.05.2001)');
    await page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', 'hub-import-answered.png') });

    await nav(page, 'Beranda kantor').click();
    await screen(page, 'hub-home');
    await expect(page.getByTestId('hub-bundles')).toHaveText('1');
    await expect(page.getByTestId('hub-kiosks')).toHaveText('1');
    await expect(page.getByTestId('hub-learners')).toHaveText(String(learners));
  });

  await test.step('the report drills down kabupaten → kecamatan → desa, and downloads as CSV', async () => {
    await nav(page, 'Laporan').click();
    await screen(page, 'hub-report', 'report-kabupaten');
    // The report's links (drill-down, trail) are 44×44 px targets (issue 20).
    expect(await smallTargets(page)).toEqual([]);
    const report = page.getByTestId('hub-report');
    await expect(report).toHaveAttribute('data-level', 'kabupaten');
    await expect(page.getByTestId('hub-chart')).toHaveAttribute('data-ready', 'true');
    await page.getByRole('button', { name: 'Kabupaten Banyumas', exact: true }).click();
    await expect(report).toHaveAttribute('data-level', 'kecamatan');
    await screen(page, 'hub-report', 'report-kecamatan');
    // Kecamatan without any village reporting are marked; Kebasen is not.
    await expect(page.locator('tr[data-nodata]').first()).toContainText('Belum ada data');
    await expect(page.locator('tr[data-code="33.02.05"]')).not.toHaveAttribute('data-nodata');
    await page.getByRole('button', { name: 'Kebasen', exact: true }).click();
    await expect(report).toHaveAttribute('data-level', 'desa');
    const adisana = page.locator('tr[data-code="33.02.05.2001"]');
    await expect(adisana.locator('td').first()).toHaveText(String(learners));
    await expect(page.getByTestId('hub-chart')).toHaveAttribute('data-ready', 'true');
    await screen(page, 'hub-report', 'report-desa');
    expect(await smallTargets(page)).toEqual([]);
    await page.screenshot({
      path: join(ROOT, 'test-results', 'screenshots', 'hub-report-desa.png'),
      fullPage: true,
    });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('Adisana');
    await expect(page.getByRole('status').filter({ hasText: download.suggestedFilename() })).toBeVisible();

    // Down to Adisana's learners, then back up by the breadcrumb.
    await page.getByRole('button', { name: 'Adisana', exact: true }).click();
    await expect(report).toHaveAttribute('data-level', 'learner');
    await expect(report.locator('tbody tr')).toHaveCount(learners);
    await screen(page, 'hub-report', 'report-learner');
    await page
      .getByRole('navigation', { name: 'Tingkat laporan' })
      .getByRole('button', { name: 'Wilayah kantor' })
      .click();
    await expect(report).toHaveAttribute('data-level', 'kabupaten');
  });

  await test.step('a second kiosk for the same desa is held; the admin sees both keys and rejects it', async () => {
    villageStick(secondKiosk, 'FLASHDISK-KEDUA');
    await nav(page, 'Impor').click();
    await screen(page, 'hub-import');
    await page.getByRole('button', { name: /FLASHDISK-KEDUA/ }).click();
    await screen(page, 'hub-import-done');
    await expect(page.getByTestId('count-held')).toHaveText('1 tertahan');
    await expect(page.locator('tr[data-outcome="held"]')).toContainText(
      'Kunci komputer desa berbeda dari yang terdaftar.',
    );
    // The English detail is folded under an Indonesian summary, not a line of its own.
    const tech = page.locator('tr[data-outcome="held"] details.tech-detail');
    await expect(tech.locator('summary')).toHaveText('Keterangan teknis untuk petugas TI (bahasa Inggris)');
    await expect(tech.locator('[lang="en"]')).toBeHidden();
    await nav(page, 'Kunci tertahan').click();
    await screen(page, 'hub-held');
    const card = page.locator('.held-card');
    await expect(card).toHaveCount(1);
    await expect(card).toContainText('Adisana');
    await expect(card).toContainText('Komputer lain dari desa yang sudah punya komputer terdaftar');
    await expect(card.getByRole('row')).toHaveCount(3); // header, the enrolled key, the held key
    await expect(card).toContainText('Terdaftar');
    await page.screenshot({
      path: join(ROOT, 'test-results', 'screenshots', 'hub-held.png'),
      fullPage: true,
    });
    await card.getByRole('button', { name: 'Tolak' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Tolak kunci baru Desa Adisana?');
    await dialog.getByRole('button', { name: 'Tolak' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Kunci baru Desa Adisana ditolak.' }),
    ).toBeVisible();
    await expect(page.getByTestId('held-none')).toBeVisible();
  });

  await test.step('the shared places open on a hub: courses, activity log, settings', async () => {
    for (const [place, name] of [
      ['Kursus', 'operator-courses'],
      ['Catatan kegiatan', 'operator-audit'],
      ['Pengaturan', 'operator-settings'],
    ] as const) {
      await nav(page, place).click();
      await expect(page.locator(`[data-screen="${name}"]`)).toBeVisible();
    }
  });

  await test.step('the activity log says every office action in Indonesian, with the admin by name', async () => {
    await nav(page, 'Catatan kegiatan').click();
    await screen(page, 'operator-audit', 'hub-audit');
    const imported = page.locator('tr[data-action="hub.import"]');
    await expect(imported).toHaveCount(1);
    await expect(imported).toContainText('Paket hasil belajar desa diimpor');
    await expect(imported).toContainText(/Paket ke-1: \d+ catatan baru/);
    await expect(imported).toContainText(ADMIN.name);
    await expect(imported).toContainText('Komputer Desa Adisana');
    const rejected = page.locator('tr[data-action="hub.key_reject"]');
    await expect(rejected).toContainText('Kunci baru komputer desa ditolak');
    await expect(rejected).toContainText(ADMIN.name);
    await expect(page.locator('tr[data-action="hub.init"]')).toContainText('Kantor disiapkan');
    // No raw action codes, no English, no "this computer" in place of the person who acted.
    const text = await page.locator('table tbody').innerText();
    expect(text).not.toMatch(/\b(hub|receipt|backup|auth|learner)\.[a-z_]+/);
    expect(text).not.toMatch(/Komputer ini/);
  });
});
