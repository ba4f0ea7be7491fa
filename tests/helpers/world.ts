import { resolve } from 'node:path';
import type { ApiInput, MethodName } from '../../main/api/contract';
import { sql } from '../../main/core/db/sql';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { certificateOf } from './certified';
import { setUpVillage, sticksDirFor, RESOURCES, type Village } from './core';

export const FIXTURE_COURSE = resolve(import.meta.dirname, '..', 'fixtures', 'courses', 'uji-dasar');

/** A village with two learners (A, B), an operator who also learns, and an operator who does not. */
export interface World extends Village {
  learnerA: string;
  learnerB: string;
  tokenA: string;
  tokenB: string;
  /** Operator account that is not a learner, logged in. */
  pureOperatorId: string;
  pureOperator: string;
  /** A's quiz attempt in progress on the fixture course. */
  attemptA: string;
  /** A folder standing in for a USB stick, holding the starter package under BalaiBelajar/. */
  stickId: string;
}

export async function makeWorld(dataDir: string): Promise<World> {
  const v = await setUpVillage(dataDir);
  const installed = v.core.services.courses.installFolder(FIXTURE_COURSE);
  if (!installed.ok) throw new Error(installed.reason);
  const learnerA = await v.addLearner('Ani Pertama', '172839', 'kaur_keuangan', {
    nik: '3302051234567890',
    phone: '0812-3456-7890',
    email: 'ani@example.id',
  });
  const learnerB = await v.addLearner('Bambang Kedua', '283940', 'anggota_bpd');
  const { learner: pure } = await v.must(v.operator, 'learners.create', {
    fullName: 'Operator Saja',
    jabatan: 'staf_desa',
    pin: '394051',
    isOperator: true,
  });
  v.core.services.db.run(sql`UPDATE accounts SET is_learner = 0 WHERE id = ${pure.id}`);
  const tokenA = await v.loginAs(learnerA, '172839');
  const tokenB = await v.loginAs(learnerB, '283940');
  const pureOperator = await v.loginAs(pure.id, '394051');
  await v.must(tokenA, 'lessons.open', { courseId: 'uji-dasar', lessonId: 'l1' });
  await v.must(tokenA, 'lessons.progress', {
    courseId: 'uji-dasar',
    lessonId: 'l1',
    position: 40,
    completed: true,
  });
  const { attempt } = await v.must(tokenA, 'quiz.start', { courseId: 'uji-dasar', quizId: 'kuis' });
  await v.must(tokenA, 'quiz.answer', { attemptId: attempt.attemptId, questionId: 'q1', optionIds: ['b'] });
  await v.must(tokenA, 'auth.saveResume', { route: '/belajar/uji-dasar/l2', position: 12 });
  const stick = join(sticksDirFor(dataDir), 'FLASHDISK');
  mkdirSync(join(stick, 'BalaiBelajar'), { recursive: true });
  copyFileSync(
    join(RESOURCES, 'courses', 'mengenal-apbdes.balaicourse'),
    join(stick, 'BalaiBelajar', 'mengenal-apbdes.balaicourse'),
  );
  const { drives } = await v.must(v.operator, 'drives.list', {});
  const stickId = drives.find((d) => d.label === 'FLASHDISK')?.id;
  if (!stickId) throw new Error('stick folder not listed as a drive');
  return {
    ...v,
    learnerA,
    learnerB,
    tokenA,
    tokenB,
    pureOperatorId: pure.id,
    pureOperator,
    attemptA: attempt.attemptId,
    stickId,
  };
}

/** Valid arguments for every method of the contract, aimed at learner A's data where a method takes an id. */
export function validArgs(w: World): { [K in MethodName]: ApiInput<K> } {
  return {
    'system.ping': { echo: 'halo' },
    'system.info': {},
    'regions.children': { parent: '33.02' },
    'setup.create': {
      desaCode: '33.02.05.2002',
      operator: { fullName: 'Orang Lain', jabatan: 'kepala_desa', pin: '950617' },
    },
    'auth.roster': { search: '' },
    'auth.login': { accountId: w.learnerA, pin: '172839' },
    'auth.me': {},
    'auth.logout': {},
    'auth.activity': {},
    'auth.recover': { accountId: w.operatorId, recoveryCode: 'AAAA-BBBB-CCCC-DDDD', newPin: '605142' },
    'auth.saveResume': { route: '/belajar', position: 0 },
    'kiosk.exit': { accountId: w.operatorId, pin: '061728' },
    'learners.list': {},
    'learners.create': { fullName: 'Citra Ketiga', jabatan: 'kepala_dusun', pin: '405162' },
    'learners.update': { id: w.learnerA, fullName: 'Ani Diubah', jabatan: 'kaur_keuangan' },
    'learners.setDisabled': { id: w.learnerA, disabled: true },
    'learners.resetPin': { id: w.learnerA, pin: '516273' },
    'learners.picture': { id: w.learnerA },
    'learners.setPicture': { id: w.learnerA, picture: { kind: 'avatar', avatar: 'padi' } },
    'learners.erase': { id: w.learnerA, confirm: true },
    'audit.list': { limit: 10 },
    'settings.get': {},
    'settings.update': { idleMinutes: 5 },
    'courses.catalogue': {},
    'courses.outline': { courseId: 'uji-dasar' },
    'lessons.open': { courseId: 'uji-dasar', lessonId: 'l1' },
    'lessons.progress': { courseId: 'uji-dasar', lessonId: 'l1', position: 10 },
    'scorm.launch': { courseId: 'uji-dasar', lessonId: 'l1' },
    'scorm.toc': { courseId: 'uji-dasar' },
    'scorm.navigate': { courseId: 'uji-dasar', request: 'continue' },
    'h5p.launch': { courseId: 'uji-dasar', lessonId: 'l1' },
    'au.launch': { courseId: 'uji-dasar', lessonId: 'l1' },
    'quiz.start': { courseId: 'uji-dasar', quizId: 'kuis' },
    'quiz.answer': { attemptId: w.attemptA, questionId: 'q2', optionIds: ['salah'] },
    'quiz.submit': { attemptId: w.attemptA },
    'quiz.tick': { attemptId: w.attemptA },
    'quiz.result': { attemptId: w.attemptA },
    'results.mine': {},
    'certificates.mine': {},
    // A's own certificate when the test gave A one (tests/helpers/certified.ts), else a well-formed number.
    'certificates.pdf': { number: certificateOf(w, w.learnerA) ?? '3302052001-20260101-AAAAA' },
    'certificates.list': {},
    'certificates.saveToDrive': { driveId: w.stickId },
    'tasks.get': { taskId: '00000000-0000-4000-8000-000000000000' },
    'tasks.cancel': { taskId: '00000000-0000-4000-8000-000000000000' },
    'courses.installed': {},
    'courses.remove': { courseId: 'uji-dasar', confirm: true },
    'courses.installFromDrive': { driveId: w.stickId, path: 'BalaiBelajar/mengenal-apbdes.balaicourse' },
    'drives.list': {},
    'drives.packages': { driveId: w.stickId },
    'reports.village': { jabatan: 'kaur_keuangan' },
    'reports.learnerHistory': { learnerId: w.learnerA },
    'reports.villageXlsx': {},
    'reports.clock': {},
    'transfer.status': {},
    'transfer.export': { driveId: w.stickId },
    'transfer.receipts': { driveId: w.stickId },
    'backup.create': { driveId: w.stickId, passphrase: 'kata sandi cadangan' },
    'transfer.confirmHub': { keyId: '0123456789abcdef' },
    'transfer.rejectHub': { keyId: '0123456789abcdef' },
    'lrs.status': {},
    'lrs.set': { endpoint: 'https://lrs.example.id/xAPI/', key: 'kunci-desa', secret: 'rahasia-desa-123' },
    'lrs.clear': { confirm: true },
    'lrs.check': {},
    'lrs.upload': {},
    'lrs.quarantine': {},
    'lrs.release': { seqs: 'all' },
    'updates.status': {},
    'updates.check': {},
    'updates.postpone': { minutes: 60 },
    'updates.fromStick': { driveId: w.stickId },
    'updates.settings': {},
    'updates.saveSettings': { quietMinutes: 15 },
    'catalogue.sync': {},
    'catalogue.status': {},
    'hub.setup': { regionCode: '33.02', admin: { fullName: 'Admin Dinas', pin: '950617' } },
    'hub.status': {},
    'hub.import': { driveId: w.stickId },
    'hub.answer': { driveId: w.stickId },
    'hub.passUp': { driveId: w.stickId },
    'hub.held': {},
    'hub.acceptKey': { deviceId: '00000000-0000-4000-8000-000000000000', keyId: '0123456789abcdef' },
    'hub.rejectKey': { deviceId: '00000000-0000-4000-8000-000000000000', keyId: '0123456789abcdef' },
    'hub.report': { level: 'kabupaten' },
    'hub.reportFile': { level: 'desa', format: 'csv' },
    'studio.questionTemplate': {},
    'hub.certificate': {},
    'hub.certRequest': { driveId: w.stickId },
    'hub.certImport': { driveId: w.stickId },
    'hub.backup': { driveId: w.stickId, passphrase: 'kata sandi kantor' },
    'setup.hubBackups': { driveId: w.stickId },
    'setup.hubRestore': {
      driveId: w.stickId,
      path: 'BalaiBelajar/hub/33_02/cadangan/hub-33_02-20261201-1000.balaihubbackup',
      passphrase: 'kata sandi kantor',
    },
    'setup.drives': {},
    'setup.backups': { driveId: w.stickId },
    'setup.restore': {
      driveId: w.stickId,
      path: 'BalaiBelajar/33_02_05_2001/cadangan/33_02_05_2001-20260101-0800.balaibackup',
      passphrase: 'kata sandi cadangan',
    },
  };
}

/**
 * Every row of every table, as text: equal fingerprints mean nothing was written. `except` leaves tables out
 * (the audit log, where a refusal may rightly be recorded).
 */
export function fingerprint(w: Village, except: readonly string[] = []): string {
  const db = w.core.services.db;
  const tables = db
    .all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
    .map((t) => t.name)
    .filter((t) => !except.includes(t));
  return JSON.stringify(tables.map((t) => [t, db.raw.prepare(`SELECT * FROM "${t}"`).all()]));
}
