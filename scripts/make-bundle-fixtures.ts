/**
 * Made the version 1 fixtures of the result bundle and receipt formats once (TZ=Asia/Jakarta, 2026-11-30):
 * tests/fixtures/formats/bundle-v1 (bundle 1 with the roster in clear, bundle 2 sealed to the hub and
 * carrying the enrolment) and tests/fixtures/formats/receipt-v1 (the hub's receipt for bundle 1, with the
 * enrolment), signed with the fixture keys in tests/fixtures/keys (made on the first run, then kept).
 * Fixtures are kept forever: do not run this to refresh them. A new format version gets new fixtures
 * (and a new folder) beside these, made by a new version of this script.
 *
 *   TZ=Asia/Jakarta npx tsx scripts/make-bundle-fixtures.ts
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore, type Core } from '../main/core/app';
import { applyReceipt } from '../main/core/bundles/apply';
import { exportBundle, folderTarget } from '../main/core/bundles/export';
import { buildReceipt, makeEnrolment, receiptBytes, type HubSigner } from '../main/core/bundles/receipt';
import { verifyBundleFile } from '../main/core/bundles/verify';
import { ManualClock } from '../main/core/clock';
import { sql } from '../main/core/db/sql';
import { FolderDrives } from '../main/core/drives/folder';
import { silentLogger } from '../main/core/log';
import {
  newPrivateKeyFile,
  privateKeyFileSchema,
  publicHalf,
  type PrivateKeyFile,
} from '../main/core/packages/keys';
import { writeAssessmentCourse } from '../tests/helpers/course-fixture';

const ROOT = resolve(import.meta.dirname, '..');
const KEYS = join(ROOT, 'tests', 'fixtures', 'keys');
const OUT = join(ROOT, 'tests', 'fixtures', 'formats');
const HUB_ID = '5f0c2a8e-6d1b-4c3e-9a7f-2b4d6e8f0a1c';
const HUB_NAME = 'Fixture hub, Dinas PMD Kabupaten Banyumas (tests only)';

function fixtureKey(name: string, label: string): PrivateKeyFile {
  const file = join(KEYS, `${name}.key.json`);
  if (existsSync(file)) return privateKeyFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const key = newPrivateKeyFile(label);
  writeFileSync(file, JSON.stringify(key, null, 2) + '\n');
  writeFileSync(join(KEYS, `${name}.pub.json`), JSON.stringify(publicHalf(key), null, 2) + '\n');
  return key;
}

async function must<T>(core: Core, token: string, method: string, args: unknown): Promise<T> {
  const result = await core.call(token, method, args);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value as T;
}

async function main(): Promise<void> {
  const device = fixtureKey('fixture-device', 'Fixture kiosk device key (tests only)');
  const hubKey = fixtureKey('fixture-hub', HUB_NAME);
  const hub: HubSigner = { key: hubKey, id: HUB_ID, name: HUB_NAME, regionCode: '33.02' };

  const work = mkdtempSync(join(tmpdir(), 'balai-fixtures-'));
  const stick = join(work, 'sticks', 'FLASHDISK');
  mkdirSync(stick, { recursive: true });
  const clock = new ManualClock(new Date('2026-11-02T08:00:00+07:00'));
  const core = createCore({
    dataDir: join(work, 'data'),
    resourcesDir: join(ROOT, 'resources'),
    appVersion: '0.1.0',
    shell: 'browser',
    clock,
    log: silentLogger,
    drives: new FolderDrives(join(work, 'sticks')),
    config: { scrypt: { N: 2 ** 10, r: 8, p: 1 } },
  });
  try {
    const operator = core.newSession();
    await must(core, operator, 'setup.create', {
      desaCode: '33.02.05.2001',
      operator: { fullName: 'Sri Operator', jabatan: 'sekretaris_desa', pin: '246813' },
    });
    // The kiosk signs with the fixture device key from here on (nothing has been signed yet).
    writeFileSync(join(work, 'data', 'device-key.pem'), device.privateKeyPem);
    core.services.db.run(sql`UPDATE kiosk SET public_key = ${device.publicKey}`);
    const course = writeAssessmentCourse(join(work, 'course'), { id: 'uji-format' });
    const installed = core.services.courses.installFolder(course);
    if (!installed.ok) throw new Error(installed.reason);

    const learner = async (fullName: string, pin: string, jabatan: string) => {
      const { learner: l } = await must<{ learner: { id: string } }>(core, operator, 'learners.create', {
        fullName,
        jabatan,
        pin,
      });
      return { id: l.id, pin };
    };
    /** A fresh session for each step: the clock moves on between steps. */
    const login = async (who: { id: string; pin: string }) => {
      const token = core.newSession();
      await must(core, token, 'auth.login', { accountId: who.id, pin: who.pin });
      return token;
    };
    const quiz = async (token: string, quizId: string, right: number) => {
      const { attempt } = await must<{ attempt: { attemptId: string; questions: { id: string }[] } }>(
        core,
        token,
        'quiz.start',
        { courseId: 'uji-format', quizId },
      );
      for (const [i, q] of attempt.questions.entries())
        await must(core, token, 'quiz.answer', {
          attemptId: attempt.attemptId,
          questionId: q.id,
          optionIds: [i < right ? 'a' : 'b'],
        });
      await must(core, token, 'quiz.submit', { attemptId: attempt.attemptId });
    };
    const lesson = async (token: string, lessonId: string) => {
      await must(core, token, 'lessons.open', { courseId: 'uji-format', lessonId });
      await must(core, token, 'lessons.progress', {
        courseId: 'uji-format',
        lessonId,
        position: 100,
        completed: true,
      });
    };

    const ani = await learner('Ani Rahayu', '172839', 'kaur_keuangan');
    const budi = await learner('Budi Santoso', '283940', 'kepala_dusun');
    await quiz(await login(ani), 'pretest', 1);
    clock.advance(10 * 60_000);
    const reading = await login(ani);
    await lesson(reading, 'l1');
    await lesson(reading, 'l2');
    clock.advance(10 * 60_000);
    await quiz(await login(ani), 'posttest', 4); // passes: certificate
    await quiz(await login(budi), 'pretest', 2);

    clock.advance(2 * 3600_000);
    const first = await exportBundle(core.services, folderTarget(stick));
    if (!first.ok) throw new Error(first.error.message);
    const firstFile = join(stick, ...first.value.path.split('/'));
    const b1 = await verifyBundleFile(firstFile, { keepStatements: true });
    if (!b1.ok) throw new Error(b1.reason);

    const at = '2026-11-03T10:15:00.000+07:00';
    const receipt = buildReceipt({
      hub,
      receiptId: '0b7d9c1e-3f5a-4e2b-8c6d-9a1f3e5b7d20',
      deviceId: b1.bundle.manifest.deviceId,
      desaCode: b1.bundle.manifest.desaCode,
      statements: b1.bundle.statements!.map(({ seq, id }) => ({ seq, id })),
      bundles: [{ bundleSeq: 1, sha256: b1.bundle.bundleSha256 }],
      receivedAt: at,
      issuedAt: at,
      enrolment: makeEnrolment(
        hub,
        {
          deviceId: b1.bundle.manifest.deviceId,
          desaCode: b1.bundle.manifest.desaCode,
          devicePublicKey: device.publicKey,
        },
        at,
      ),
    });
    const applied = applyReceipt(core.services, receiptBytes(receipt));
    if (!applied.ok) throw new Error(applied.error.message);

    clock.set(new Date('2026-11-04T09:00:00+07:00'));
    await lesson(await login(budi), 'l1');
    const second = await exportBundle(core.services, folderTarget(stick));
    if (!second.ok) throw new Error(second.error.message);

    const bundles = join(OUT, 'bundle-v1');
    const receipts = join(OUT, 'receipt-v1');
    mkdirSync(bundles, { recursive: true });
    mkdirSync(receipts, { recursive: true });
    copyFileSync(firstFile, join(bundles, first.value.fileName));
    copyFileSync(join(stick, ...second.value.path.split('/')), join(bundles, second.value.fileName));
    writeFileSync(
      join(receipts, first.value.fileName.replace('.balaibundle', '.balaireceipt')),
      receiptBytes(receipt),
    );
    console.log(`${first.value.fileName}, ${second.value.fileName} and the receipt written to ${OUT}`);
  } finally {
    core.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
