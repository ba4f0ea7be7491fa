// The process proof:crash kills: the real core on a village's data folder, doing what a kiosk does (learners
// answering, a course install, an export, a backup) in a seeded random order until it is killed. It prints a
// line for every thing the core confirmed (what the UI would have shown as saved), so the parent can check
// each one is still there after the kill.
//
// usage: node --import tsx worker.ts <dataDir> <stickDir> <seed> <learners json> <hubDir>
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCore } from '../../../main/core/app';
import { createBackup } from '../../../main/core/backup/create';
import { importBundles } from '../../../main/core/hub/import';
import { exportBundle, folderTarget } from '../../../main/core/bundles/export';
import { FolderDrives } from '../../../main/core/drives/folder';
import { silentLogger } from '../../../main/core/log';
import { seededRandom } from '../../../main/core/quiz/draw';
import { CRASH_KDF, CRASH_PASSPHRASE, CRASH_SCRYPT, REINSTALLED, RESOURCES } from './shared';

const args = process.argv.slice(2);
if (args.length !== 5) throw new Error('usage: worker.ts DATA STICK SEED LEARNERS HUB');
const [dataDir, stickDir, seedText, learnersJson, hubDir] = args as [string, string, string, string, string];
const learners = JSON.parse(learnersJson) as { id: string; pin: string }[];
const random = seededRandom(Number(seedText));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const say = (line: string) => process.stdout.write(`${line}\n`);

const core = createCore({
  dataDir,
  resourcesDir: RESOURCES,
  appVersion: '0.0.0-crash',
  shell: 'browser',
  log: silentLogger,
  config: { scrypt: CRASH_SCRYPT, uploadSchedule: false },
  drives: new FolderDrives(resolve(stickDir, '..')),
});
await core.prepare();
const { services } = core;

async function call(token: string, name: string, args: unknown): Promise<Record<string, unknown> | null> {
  const r = await core.call(token, name, args);
  return r.ok ? (r.value as Record<string, unknown>) : null;
}

async function answering(): Promise<void> {
  const learner = pick(learners);
  const token = core.newSession();
  if (!(await call(token, 'auth.login', { accountId: learner.id, pin: learner.pin }))) return;
  const started = await call(token, 'quiz.start', { courseId: 'uji-sertifikat', quizId: 'latihan' });
  const attempt = started?.attempt as
    { attemptId: string; questions: { id: string; options: { id: string }[] }[] } | undefined;
  if (!attempt) return;
  for (const q of attempt.questions) {
    const option = pick(q.options).id;
    if (
      await call(token, 'quiz.answer', {
        attemptId: attempt.attemptId,
        questionId: q.id,
        optionIds: [option],
      })
    )
      say(`answer ${attempt.attemptId} ${q.id} ${option}`);
  }
  if (await call(token, 'quiz.submit', { attemptId: attempt.attemptId })) say(`submit ${attempt.attemptId}`);
}

async function install(): Promise<void> {
  // The starter package lies on the stick; remove the course and install it again, as an operator would.
  const file = join(stickDir, 'BalaiBelajar', `${REINSTALLED}.balaicourse`);
  mkdirSync(join(stickDir, 'BalaiBelajar'), { recursive: true });
  copyFileSync(join(RESOURCES, 'courses', `${REINSTALLED}.balaicourse`), file);
  services.courses.remove(REINSTALLED);
  say('install start');
  const outcome = await services.courses.installVerified(file);
  say(outcome.ok ? 'install done' : `install refused ${outcome.reason}`);
}

async function exporting(): Promise<void> {
  say('export start');
  const r = await exportBundle(services, folderTarget(stickDir), {});
  say(r.ok ? `export done ${r.value.path}` : `export failed ${String(r.error.details?.reason)}`);
}

async function backup(): Promise<void> {
  say('backup start');
  const r = await createBackup(services, {
    drive: { mountpoint: stickDir },
    passphrase: CRASH_PASSPHRASE,
    kdf: CRASH_KDF,
  });
  say(r.ok ? `backup done ${r.value.path}` : `backup failed ${r.error.message}`);
}

// The regency's hub, set up by the parent, imports whatever bundles lie on the stick.
const hub = createCore({
  dataDir: hubDir,
  resourcesDir: RESOURCES,
  appVersion: '0.0.0-crash',
  shell: 'browser',
  log: silentLogger,
  config: { scrypt: CRASH_SCRYPT, uploadSchedule: false },
});
await hub.prepare();

async function hubImport(): Promise<void> {
  say('hubimport start');
  const r = await importBundles(hub.services, { mountpoint: stickDir });
  say(r.ok ? `hubimport done ${r.value.counts.imported}` : `hubimport failed ${r.error.message}`);
}

const work = [answering, answering, answering, install, exporting, backup, hubImport];
say('ready');
for (;;) await pick(work)();
