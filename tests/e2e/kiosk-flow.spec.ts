import { test, type Page } from '@playwright/test';
import { expect, hostForFile, screens } from './fixtures';

/**
 * The village kiosk from first start to a forgotten operator PIN, through the UI only, against a real host
 * and the built-in course (mengenal-apbdes: two lessons, a five-question quiz).
 */
const OPERATOR = { name: 'Sri Wahyuni', pin: '246810' };
const A = { name: 'Ani Lestari', pin: '172839', nik: '3302054101900001' };
const B = { name: 'Bambang Priyono', pin: '283940', newPin: '394051' };
const COURSE = '[data-course="mengenal-apbdes"]';
const LESSON_1 = 'Apa itu APB Desa';
const LESSON_2 = 'Siapa melakukan apa';

test.use({ actionTimeout: 10_000 });
const host = hostForFile();
const screen = screens('kiosk');

/** Types a PIN: on the on-screen keys (touch) or with the keyboard's digits. */
async function enterPin(page: Page, pin: string, how: 'touch' | 'keys' = 'keys'): Promise<void> {
  if (how === 'keys') return page.keyboard.type(pin);
  for (const digit of pin) {
    await page.locator('.pin-keys').getByRole('button', { name: digit, exact: true }).click();
  }
}

async function pickCard(page: Page, name: string): Promise<void> {
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await expect(page.locator('[data-screen="pin"]')).toBeVisible();
}

async function logIn(page: Page, name: string, pin: string, how: 'touch' | 'keys' = 'keys'): Promise<void> {
  await pickCard(page, name);
  await enterPin(page, pin, how);
  await expect(page.getByTestId('who')).toContainText(name);
}

async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page.locator('[data-screen="home"]')).toBeVisible();
  await expect(page.getByTestId('who')).toHaveCount(0);
}

/** A new PIN typed twice on the keypad. */
async function pinTwice(page: Page, pin: string, how: 'touch' | 'keys' = 'keys'): Promise<void> {
  await enterPin(page, pin, how);
  await expect(page.getByText('Ketik PIN yang sama sekali lagi')).toBeVisible();
  await enterPin(page, pin, how);
}

async function pickRegion(page: Page, level: string, filter: string, name: RegExp): Promise<void> {
  await screen(page, `setup-${level}`);
  await page.getByRole('searchbox').fill(filter);
  await page.getByRole('button', { name }).click();
}

async function addLearner(
  page: Page,
  who: { name: string; pin: string; nik?: string },
  jabatan: string,
): Promise<void> {
  await page.getByRole('button', { name: '+ Tambah peserta' }).click();
  await screen(page, 'operator-learner-new');
  await page.getByLabel('Nama lengkap').fill(who.name);
  await page.getByLabel('Jabatan').selectOption(jabatan);
  if (who.nik) {
    // The form checks the NIK before sending it.
    await page.getByLabel('NIK (boleh dikosongkan)').fill('33020541');
    await page.getByLabel('PIN baru (6 angka)').fill(who.pin);
    await page.getByLabel('Ulangi PIN baru').fill(who.pin);
    await page.getByRole('button', { name: 'Simpan peserta' }).click();
    await expect(page.getByText('NIK harus tepat 16 angka.')).toBeVisible();
    await page.getByLabel('NIK (boleh dikosongkan)').fill(who.nik);
  } else {
    await page.getByLabel('PIN baru (6 angka)').fill(who.pin);
    await page.getByLabel('Ulangi PIN baru').fill(who.pin);
  }
  await page.getByRole('button', { name: 'Simpan peserta' }).click();
  await expect(page.locator('[data-screen="operator-learners"]')).toBeVisible();
  await expect(page.getByRole('status')).toContainText(`${who.name} sudah ditambahkan.`);
  await expect(page.getByRole('row', { name: new RegExp(who.name) })).toBeVisible();
}

async function fiveWrongPins(page: Page): Promise<void> {
  for (let left = 4; left >= 1; left--) {
    await enterPin(page, '950617');
    await expect(page.getByRole('alert')).toContainText(`Sisa percobaan: ${left} kali lagi`);
  }
  await enterPin(page, '950617');
  await expect(page.getByRole('alert')).toContainText('Akun ini dikunci sementara');
  await expect(page.getByRole('alert')).toContainText(/Terkunci sampai pukul \d\d:\d\d/);
  await expect(page.locator('.pin-keys')).toHaveCount(0);
}

test('a village kiosk: set-up, learners, a lesson and a quiz, privacy, lockout, idle logout, recovery', async ({
  page,
}) => {
  test.setTimeout(300_000);
  let recoveryCode = '';

  await test.step('the operator sets the kiosk up through the UI', async () => {
    await page.goto(host().url);
    await screen(page, 'setup-welcome');
    await page.getByRole('button', { name: 'Mulai' }).click();
    await pickRegion(page, 'provinsi', 'jawa', /^Jawa Tengah 33$/);
    await pickRegion(page, 'kabupaten', 'banyumas', /^Kabupaten Banyumas 33\.02$/);
    await pickRegion(page, 'kecamatan', 'kebasen', /^Kebasen 33\.02\.05$/);
    await screen(page, 'setup-desa');
    await page.getByRole('searchbox').fill('adi');
    await expect(page.getByText('33.02.05.2001')).toBeVisible();
    await page.getByRole('button', { name: /^Adisana 33\.02\.05\.2001$/ }).click();

    await screen(page, 'setup-operator');
    await expect(page.getByText('Desa Adisana (33.02.05.2001), Kecamatan Kebasen')).toBeVisible();
    await page.getByLabel('Nama lengkap').fill(OPERATOR.name);
    await page.getByLabel('Jabatan').selectOption('sekretaris_desa');
    await expect(page.getByLabel('Operator ini juga ikut belajar di sini')).toBeChecked();
    await page.getByRole('button', { name: 'Lanjut' }).click();

    await screen(page, 'setup-pin');
    await enterPin(page, OPERATOR.pin, 'touch');
    await expect(page.getByText('Ketik PIN yang sama sekali lagi')).toBeVisible();
    await enterPin(page, '135791'); // not the same: start again
    await expect(page.getByRole('alert')).toContainText('Kedua PIN tidak sama');
    await pinTwice(page, OPERATOR.pin);

    await screen(page, 'setup-recovery');
    recoveryCode = (await page.getByTestId('recovery-code').textContent()) ?? '';
    expect(recoveryCode).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
    const go = page.getByRole('button', { name: 'Lanjut' });
    await expect(go).toBeDisabled();
    // Printing shows only the code sheet.
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('recovery-code')).toBeVisible();
    await expect(page.locator('.topbar')).toBeHidden();
    await expect(page.getByRole('button', { name: 'Cetak' })).toBeHidden();
    await page.screenshot({ path: 'test-results/screenshots/kiosk-00-recovery-print.png' });
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel('Saya sudah mencatat kode ini').check();
    await go.click();
    await screen(page, 'operator-learners');
    await expect(page.getByTestId('who')).toContainText(OPERATOR.name);
  });

  await test.step('the operator adds two learners, and sees the log and the settings', async () => {
    await addLearner(page, A, 'kaur_keuangan');
    await addLearner(page, B, 'kepala_dusun');
    await page.getByRole('button', { name: 'Catatan kegiatan' }).click();
    await screen(page, 'operator-audit');
    await expect(page.getByRole('cell', { name: 'Peserta ditambahkan' })).toHaveCount(2);
    await expect(page.getByRole('cell', { name: 'Pengaturan awal komputer' })).toBeVisible();
    await page.getByRole('button', { name: 'Pengaturan', exact: true }).click();
    await screen(page, 'operator-settings');
    await expect(page.getByLabel('Keluar otomatis setelah berapa menit tanpa kegiatan')).toHaveValue('10');
    await logOut(page);
  });

  await test.step('learner A logs in, reads both lessons, takes the quiz, logs out', async () => {
    await screen(page, 'home');
    await logIn(page, A.name, A.pin, 'touch');
    await screen(page, 'learner-home');
    await expect(page.getByTestId('next-step')).toHaveText(
      `Baca pelajaran “${LESSON_1}” di kursus Mengenal APB Desa.`,
    );
    await page.getByRole('button', { name: 'Mulai' }).click();

    await screen(page, 'lesson');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(LESSON_1);
    await expect(page.locator('.lesson-text img')).toHaveJSProperty('complete', true);
    // "Lanjut" finishes the lesson and opens the next; after the last one, "Selesai" leads to the course.
    await page.getByRole('button', { name: 'Lanjut →' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(LESSON_2);
    await expect(page.locator('[data-outline-lesson="apa-itu-apbdes"]')).toContainText('✓');
    await page.getByRole('button', { name: 'Selesai →' }).click();

    await screen(page, 'course');
    await expect(page.getByText('2 dari 2 pelajaran selesai')).toBeVisible();
    await page.locator('[data-quiz]').getByRole('button', { name: /Mulai/ }).click();
    await screen(page, 'quiz');
    for (let n = 1; n <= 5; n++) {
      await expect(page.getByTestId('quiz-progress')).toHaveText(`Soal ${n} dari 5`);
      await page.locator('.option').first().click();
      await expect(page.locator('.option').first()).toHaveClass(/checked/);
      if (n < 5) await page.getByRole('button', { name: 'Berikutnya →' }).click();
    }
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await screen(page, 'quiz-result');
    await expect(page.getByTestId('score').locator('.score')).toHaveText(/^Nilai Anda: \d+$/);
    await expect(page.locator('.result-item')).toHaveCount(5);
    await expect(page.locator('.explanation')).toHaveCount(5);

    await page.getByRole('button', { name: 'Hasil saya' }).click();
    await screen(page, 'results', 'results-a');
    await expect(page.getByRole('row', { name: /Kuis: Mengenal APB Desa/ })).not.toContainText(
      'Belum dikerjakan',
    );
    await logOut(page);
  });

  await test.step('learner B cannot see anything of A’s learning', async () => {
    await logIn(page, B.name, B.pin);
    await screen(page, 'learner-home', 'learner-home-b');
    await expect(page.locator(COURSE)).toContainText('0 dari 2 pelajaran selesai');
    await expect(page.getByTestId('next-step')).toHaveText(
      `Baca pelajaran “${LESSON_1}” di kursus Mengenal APB Desa.`,
    );
    await page.getByRole('button', { name: 'Hasil saya' }).click();
    await screen(page, 'results', 'results-b');
    await expect(page.getByTestId('no-results')).toBeVisible();
    await expect(page.getByRole('row', { name: /Kuis: Mengenal APB Desa/ })).toContainText(
      'Belum dikerjakan',
    );
    await expect(page.locator('main')).not.toContainText(A.name);
    await expect(
      page
        .getByRole('row', { name: /Kuis: Mengenal APB Desa/ })
        .getByRole('cell')
        .nth(1),
    ).toHaveText('—');
    await logOut(page);
  });

  await test.step('five wrong PINs lock B, and the card says until when', async () => {
    await pickCard(page, B.name);
    await fiveWrongPins(page);
    await screen(page, 'pin', 'pin-locked');
    await page.getByRole('button', { name: 'Bukan saya, kembali' }).click();
    await expect(page.getByRole('button', { name: new RegExp(B.name) })).toContainText(
      /Terkunci sampai \d\d:\d\d/,
    );
    await screen(page, 'home', 'home-locked');
  });

  await test.step('the operator sees the lock and gives B a new PIN, which also unlocks', async () => {
    await logIn(page, OPERATOR.name, OPERATOR.pin);
    await page.getByRole('button', { name: 'Operator', exact: true }).click();
    await screen(page, 'operator-learners', 'operator-learners-locked');
    const row = page.getByRole('row', { name: new RegExp(B.name) });
    await expect(row).toContainText(/Terkunci sampai \d\d:\d\d/);
    await row.getByRole('button', { name: /Kelola/ }).click();
    await screen(page, 'operator-learner');
    await expect(page.getByText('Akun ini sedang terkunci. PIN baru juga membuka kuncinya.')).toBeVisible();
    await page.getByLabel('PIN baru (6 angka)').fill(B.newPin);
    await page.getByLabel('Ulangi PIN baru').fill(B.newPin);
    await page.getByRole('button', { name: 'Simpan PIN baru' }).click();
    await expect(page.getByRole('status')).toContainText('PIN baru sudah disimpan');
    await logOut(page);
    await expect(page.getByRole('button', { name: new RegExp(B.name) })).not.toContainText('Terkunci');
    await logIn(page, B.name, B.newPin);
    await logOut(page);
  });

  await test.step('an idle learner is logged out, and resumes on the same lesson after logging in', async () => {
    await host().restart({ idleSeconds: 4, warningSeconds: 5 });
    await page.goto(host().url);
    await logIn(page, A.name, A.pin);
    await page.getByRole('button', { name: 'Kursus saya' }).click();
    await page
      .locator(COURSE)
      .getByRole('button', { name: /Buka kursus/ })
      .click();
    await page.locator('[data-lesson="apa-itu-apbdes"]').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(LESSON_1);
    await page.mouse.wheel(0, 900);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(400);

    const warning = page.getByRole('alertdialog', { name: 'Anda akan keluar otomatis…' });
    await expect(warning).toBeVisible({ timeout: 15_000 });
    await page.screenshot({ path: 'test-results/screenshots/kiosk-idle-warning.png' });
    await page.getByRole('button', { name: 'Saya masih di sini' }).click();
    await expect(warning).toBeHidden();
    await expect(page.getByTestId('who')).toContainText(A.name);

    await expect(warning).toBeVisible({ timeout: 15_000 });
    await expect(page.locator('[data-screen="home"]')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByRole('status')).toContainText('Anda keluar otomatis');
    await screen(page, 'home', 'home-after-idle');

    await logIn(page, A.name, A.pin);
    await expect(page.locator('[data-screen="lesson"]')).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(LESSON_1);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(400);
    await logOut(page);
  });

  await test.step('the operator is locked out, and gets back in with the recovery code from set-up', async () => {
    await host().restart();
    await page.goto(host().url);
    await pickCard(page, OPERATOR.name);
    await fiveWrongPins(page);
    await page.getByRole('button', { name: 'Bukan saya, kembali' }).click();
    await page.getByRole('button', { name: 'Operator lupa PIN? Pakai kode pemulihan' }).click();
    await screen(page, 'recover');
    await page.getByRole('button', { name: new RegExp(OPERATOR.name) }).click();

    await screen(page, 'recover-entry');
    await page.getByLabel('Ketik kode pemulihan').fill('AAAA-BBBB-CCCC-DDDD');
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await screen(page, 'recover-pin');
    await pinTwice(page, '135790');
    await expect(page.locator('[data-screen="recover-entry"]')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Kode pemulihan salah');
    // Wrong codes count like wrong PINs.
    await expect(page.getByRole('alert')).toContainText(
      'Sisa percobaan: 4 kali lagi sebelum pemulihan dikunci.',
    );

    await page.getByLabel('Ketik kode pemulihan').fill(recoveryCode.toLowerCase());
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await pinTwice(page, '135790', 'touch');
    await screen(page, 'recover-code');
    const newCode = (await page.getByTestId('recovery-code').textContent()) ?? '';
    expect(newCode).toMatch(/^[2-9A-Z]{4}(-[2-9A-Z]{4}){3}$/);
    expect(newCode).not.toEqual(recoveryCode);
    await page.getByLabel('Saya sudah mencatat kode ini').check();
    await page.getByRole('button', { name: 'Lanjut' }).click();
    await screen(page, 'operator-learners', 'operator-learners-recovered');
    await expect(page.getByTestId('who')).toContainText(OPERATOR.name);
    await page.getByRole('button', { name: 'Catatan kegiatan' }).click();
    await expect(page.getByRole('cell', { name: 'Operator masuk dengan kode pemulihan' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Akun terkunci karena PIN salah' }).first()).toBeVisible();
    await logOut(page);
    await logIn(page, OPERATOR.name, '135790');
  });
});
