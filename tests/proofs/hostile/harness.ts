/**
 * The hostile-inputs proof's village and rules (`npm run proof:hostile`). One real village is set up once:
 * learners with progress and a certificate, two versions of a course from a trusted publisher, two bundles
 * exported to a stick and answered by a hub (so a hub is pinned and the device key enrolled), an encrypted
 * backup, a course catalogue accepted from the publisher's site, and the HTTP host. Every case then throws
 * one hostile input at it and says what became of it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { Result } from '../../../main/api/result';
import type { TaskView } from '../../../main/api/tasks';
import { applyReceiptsFromDrive } from '../../../main/core/bundles/apply';
import { RECEIPT_SIGNATURE_TYPE } from '../../../main/core/bundles/format';
import { signCatalogue, type SignedCatalogue } from '../../../main/core/catalogue/format';
import { startCatalogueSync, type CatalogueSyncResult } from '../../../main/core/catalogue/sync';
import { receiptBytes, receiptPath } from '../../../main/core/bundles/receipt';
import { hubEncryptionKey } from '../../../main/core/bundles/sealing';
import { sql } from '../../../main/core/db/sql';
import { packCourse } from '../../../main/core/packages/course-package';
import { newPrivateKeyFile } from '../../../main/core/packages/keys';
import type { Signer } from '../../../main/core/pki/trust';
import { certify } from '../../helpers/pki';
import { DEFAULT_LIMITS } from '../../../main/core/packages/limits';
import { signEnvelope, type SignedEnvelope } from '../../../main/core/packages/signing';
import { readKiosk } from '../../../main/core/setup/kiosk';
import { startHost, type RunningHost } from '../../../main/host/server';
import { backUp } from '../../core/backup/helpers';
import { mustExport, villageWithResults, type BundleVillage } from '../../core/bundles/kiosk';
import { COURSE_ID, courseFiles, tree, writeFolder, type CourseFiles } from '../../core/packages/fixtures';
import { sticksDirFor } from '../../helpers/core';
import { makeHub, type TestHub } from '../../helpers/hub';
import { startStaticServer, type StaticServer } from '../../helpers/static-server';
import { fingerprint } from '../../helpers/world';

export type Target =
  | 'course package'
  | 'h5p package'
  | 'bundle'
  | 'receipt'
  | 'backup'
  | 'certificate'
  | 'api'
  | 'http'
  | 'catalogue'
  | 'update folder';

/**
 * What became of a hostile input. `ignored`: recognised as a replay and answered "already applied" without
 * changing anything (receipts are idempotent by design: docs/formats/receipt.md), or its hostile part left out
 * of something honest (a backup's planted publisher key, not restored: docs/formats/backup.md).
 */
export type Outcome = (
  | { kind: 'refused'; code: string; reason: string }
  | { kind: 'ignored'; reason: string }
  | { kind: 'accepted'; detail: string }
) & {
  /** Something the case itself found changed outside the village (a restore target folder, a file on a stick). */
  changed?: string;
};

export interface HostileCase {
  target: Target;
  name: string;
  /** What the refusal must say: matched against `<code> <reason>`. */
  expect: string | RegExp;
  run(v: ProofVillage): Promise<Outcome>;
  /**
   * A gap this proof found whose fix belongs in code being changed elsewhere: where, and what. The case runs
   * as an expected failure (listed OPEN, not counted as refused) until the fix lands; then it fails as a
   * reminder to drop this mark.
   */
  open?: string;
}

export interface ProofVillage extends BundleVillage {
  root: string;
  /** A publisher the development root certified (national, all three rights). */
  publisher: Signer;
  /** Course packages as the publisher signed them; 1.1.0 is installed (over 1.0.0). */
  packages: { '1.0.0': Buffer; '1.1.0': Buffer };
  hub: TestHub;
  /** The village's latest bundle on the stick (the hub imported it). */
  bundleFile: string;
  /** Receipts the village applied: the first (hub's old name and encryption key) and the latest. */
  receipts: { first: string; latest: string };
  /** A stick holding only the first receipt, as an old stick would. */
  oldStickId: string;
  backup: { file: string; passphrase: string };
  /**
   * The publisher's web site (a real HTTP server on loopback) with a course catalogue the village accepted
   * (edition 2). Its packages were not online yet, so nothing was installed from it: `packages` holds what
   * they are, to be put online by a case (`<site.root>/kursus/<file>`).
   */
  catalogue: {
    site: StaticServer & { root: string };
    url: string;
    edition2: SignedCatalogue;
    packages: { 'kursus-uji-1.2.0.balaicourse': Buffer; 'kursus-tiga-1.0.0.balaicourse': Buffer };
    sync(): Promise<TaskView>;
  };
  /** Learner B's certificate. */
  certificate: { number: string; code: string };
  host: RunningHost;
  /** Cookie of an operator session on the host. */
  operatorCookie: string;
  /** A fresh path below the proof's folder (nothing there yet). */
  scratch(name: string): string;
  /** Stops the host and the publisher's site, and closes the village. */
  shutdown(): Promise<void>;
}

export const BACKUP_PASSPHRASE = 'kata sandi cadangan';
const T1 = '2026-11-02T09:00:00.000+07:00';
const T2 = '2026-11-09T09:00:00.000+07:00';

function writeFile(file: string, bytes: Buffer): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return file;
}

/** The hub's first receipt as it was before the hub renamed itself and changed its encryption key. */
function olderIdentity(envelope: SignedEnvelope, hub: TestHub): SignedEnvelope {
  const signed = structuredClone(envelope.signed) as { hub: { name: string; encryptionKey: string } };
  signed.hub.name = `${hub.signer.name} (nama lama)`;
  signed.hub.encryptionKey = hubEncryptionKey(newPrivateKeyFile('kunci lama')).publicKey;
  return signEnvelope(RECEIPT_SIGNATURE_TYPE, signed, hub.signer.key, hub.chain ?? undefined);
}

export async function makeProofVillage(root: string): Promise<ProofVillage> {
  const w = await villageWithResults(join(root, 'desa'));
  const must = <T>(r: Result<T>, what: string): T => {
    if (!r.ok) throw new Error(`${what}: ${r.error.code} ${r.error.message}`);
    return r.value;
  };

  // A publisher the village trusts, and two versions of its course installed in turn.
  const publisher = certify(newPrivateKeyFile('Dinas PMD Banyumas (penerbit uji)'));
  const packages = {} as ProofVillage['packages'];
  for (const version of ['1.0.0', '1.1.0'] as const) {
    packages[version] = await packed(root, publisher, courseFiles(version));
    const file = writeFile(join(root, 'penerbit', `${COURSE_ID}-${version}.balaicourse`), packages[version]);
    const installed = await w.core.services.courses.installVerified(file);
    if (!installed.ok) throw new Error(`installing ${version}: ${installed.reason}`);
  }
  await w.must(w.tokenA, 'lessons.open', { courseId: COURSE_ID, lessonId: 'pelajaran-1' });
  await w.must(w.tokenA, 'lessons.progress', {
    courseId: COURSE_ID,
    lessonId: 'pelajaran-1',
    position: 100,
    completed: true,
  });

  // Two bundles, each answered by the hub; the first receipt carries the hub's old name and encryption key.
  const hub = makeHub();
  const first = await mustExport(w);
  const firstReceipt = olderIdentity(hub.receiptFor(await hub.importBundle(first.file), { at: T1 }), hub);
  const receiptOn = (stick: string, envelope: SignedEnvelope, at: string, seq: number) =>
    writeFile(
      join(
        stick,
        ...receiptPath('33.02.05.2001', 'Adisana', readKiosk(w.core.services.db)!.device_id, at, seq).split(
          '/',
        ),
      ),
      receiptBytes(envelope),
    );
  const firstFile = receiptOn(w.stick.mountpoint, firstReceipt, T1, first.bundleSeq);
  must(await applyReceiptsFromDrive(w.core.services, w.stick, { actorId: w.operatorId }), 'first receipt');
  await w.must(w.tokenB, 'lessons.open', { courseId: COURSE_ID, lessonId: 'pelajaran-2' });
  const second = await mustExport(w);
  const latest = receiptOn(
    w.stick.mountpoint,
    hub.receiptFor(await hub.importBundle(second.file), { at: T2 }),
    T2,
    second.bundleSeq,
  );
  must(await applyReceiptsFromDrive(w.core.services, w.stick, { actorId: w.operatorId }), 'latest receipt');
  const oldStick = join(sticksDirFor(w.dataDir), 'STICK-LAMA');
  receiptOn(oldStick, firstReceipt, T1, first.bundleSeq);
  const { drives } = await w.must(w.operator, 'drives.list', {});
  const oldStickId = drives.find((d) => d.label === 'STICK-LAMA')?.id;
  if (!oldStickId) throw new Error('the old stick is not listed');

  const backup = await backUp(w, BACKUP_PASSPHRASE);
  const certificate = w.core.services.db.get<{ number: string; signature: string }>(
    sql`SELECT number, signature FROM certificates WHERE learner_id = ${w.learnerB}`,
  );
  if (!certificate) throw new Error('learner B has no certificate');

  // A catalogue (edition 2) accepted before its packages were online: recorded, nothing installed. The second
  // entry's package signs another course than the catalogue names.
  const siteRoot = join(root, 'situs');
  mkdirSync(join(siteRoot, 'kursus'), { recursive: true });
  const site = Object.assign(await startStaticServer(siteRoot), { root: siteRoot });
  const sitePackages = {
    'kursus-uji-1.2.0.balaicourse': await packed(root, publisher, courseFiles('1.2.0')),
    'kursus-tiga-1.0.0.balaicourse': await packed(
      root,
      publisher,
      courseFiles('1.0.0', (m) => (m.id = 'kursus-lain')),
    ),
  };
  const edition2: SignedCatalogue = {
    catalogueId: 'pamong-desa',
    sequence: 2,
    issuedAt: '2026-11-10T08:00:00+07:00',
    courses: Object.entries(sitePackages).map(([file, bytes]) => ({
      id: file.replace(/-\d+\.\d+\.\d+\.balaicourse$/, ''),
      version: /(\d+\.\d+\.\d+)\.balaicourse$/.exec(file)![1]!,
      title: file,
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      url: `kursus/${file}`,
    })),
  };
  const catalogueUrl = `${site.url}katalog.json`;
  writeFile(join(siteRoot, 'katalog.json'), Buffer.from(JSON.stringify(signCatalogue(edition2, publisher))));
  const syncCatalogue = async () => {
    const started = startCatalogueSync(
      w.core.services.tasks,
      {
        db: () => w.core.services.db,
        courses: () => w.core.services.courses,
        trust: () => w.core.services.trust(),
        fetch: (input, init) => fetch(input, init),
        clock: w.core.services.clock,
        log: w.core.services.log,
        dataDir: w.dataDir,
      },
      catalogueUrl,
    );
    if (!started.ok) throw new Error('a catalogue sync is running');
    return (await w.core.services.tasks.settle(started.id))!;
  };
  const accepted = await syncCatalogue();
  const result = accepted.result as CatalogueSyncResult | null;
  if (accepted.state !== 'done' || result?.installed.length !== 0 || result.failed.length !== 2)
    throw new Error(`setting up the catalogue: ${JSON.stringify(accepted)}`);

  const rendererDir = writeFolder(join(root, 'renderer'), {
    'index.html': Buffer.from('<!doctype html><title>Balai Belajar</title>'),
  });
  const host = await startHost({ core: w.core, rendererDir });
  const login = await fetch(`${host.url}api/call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ method: 'auth.login', args: { accountId: w.operatorId, pin: '246813' } }),
  });
  const operatorCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!((await login.json()) as { ok: boolean }).ok || !operatorCookie) throw new Error('host login failed');

  let n = 0;
  mkdirSync(join(root, 'uji'));
  return {
    ...w,
    root,
    publisher,
    packages,
    hub,
    bundleFile: second.file,
    receipts: { first: firstFile, latest },
    oldStickId,
    backup: { file: backup.file, passphrase: BACKUP_PASSPHRASE },
    catalogue: {
      site,
      url: catalogueUrl,
      edition2,
      packages: sitePackages,
      sync: syncCatalogue,
    },
    certificate: { number: certificate.number, code: certificate.signature },
    host,
    operatorCookie,
    scratch: (name) => join(root, 'uji', `${String(++n).padStart(3, '0')}-${name}`),
    async shutdown() {
      await host.close();
      await site.close();
      w.close();
    },
  };
}

/** A package of `files` signed by `key`, as packCourse writes it. */
async function packed(root: string, key: Signer, files: CourseFiles): Promise<Buffer> {
  const dir = join(root, 'penerbit', randomUUID());
  await packCourse(
    writeFolder(dir, files),
    key,
    `${dir}.balaicourse`,
    DEFAULT_LIMITS,
    new Date('2026-11-01T00:00:00Z'),
  );
  return readFileSync(`${dir}.balaicourse`);
}

/** Writes hostile bytes to a fresh scratch file and returns its path. */
export function scratchFile(v: ProofVillage, name: string, bytes: Buffer): string {
  return writeFile(v.scratch(name), bytes);
}

/** The device the village is, as a hub that enrolled it knows it. */
export function kioskIdentity(v: ProofVillage): { deviceId: string; publicKey: string } {
  const kiosk = readKiosk(v.core.services.db)!;
  return { deviceId: kiosk.device_id, publicKey: kiosk.public_key };
}

/** Runs an API task to its end (course installs). */
export async function taskEnd(v: ProofVillage, taskId: string): Promise<TaskView> {
  for (let i = 0; i < 1500; i++) {
    const { task } = await v.must(v.operator, 'tasks.get', { taskId });
    if (task.state !== 'running') return task;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('task did not finish');
}

/** An API answer as an outcome: the error's code and its stable reason (details.reason) or message. */
export function fromResult(r: Result<unknown>): Outcome {
  if (r.ok) return { kind: 'accepted', detail: JSON.stringify(r.value).slice(0, 200) };
  const reason = r.error.details?.reason;
  return {
    kind: 'refused',
    code: r.error.code,
    reason:
      typeof reason === 'string' && reason !== r.error.message
        ? `${reason}: ${r.error.message}`
        : r.error.message,
  };
}

/** Everything a hostile input must leave as it was. */
export interface VillageState {
  /** Every table but the audit log. */
  tables: string;
  /** The installed courses' files, byte for byte. */
  courses: Record<string, string>;
  /** Bundles and receipts on the sticks. */
  sticks: Record<string, string>;
  auditRows: number;
  logLines: number;
}

function transferFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile() || !/\.(balaibundle|balaireceipt|balaibackup)$/.test(e.name)) continue;
    const full = join(e.parentPath, e.name);
    out[relative(dir, full).split(sep).join('/')] = createHash('sha256')
      .update(readFileSync(full))
      .digest('hex');
  }
  return out;
}

export function villageState(v: ProofVillage): VillageState {
  return {
    // The recovery code's count of wrong tries is a refusal's record, as the audit log is.
    tables: fingerprint(v, ['audit_log', 'recovery_guard']),
    courses: tree(join(v.dataDir, 'courses')),
    sticks: transferFiles(sticksDirFor(v.dataDir)),
    auditRows: v.core.services.db.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM audit_log`)!.n,
    logLines: v.log.lines.length,
  };
}

/**
 * What changed since `before`, beyond the refusal itself: any table but the audit log, the courses folder,
 * bundles and receipts on the sticks; audit rows other than refusals (a replay answered "already applied"
 * may record that it was offered: `replay`); error lines in the log (a crash).
 */
/** Audit actions that record a refusal, besides `*.refused`. */
const REFUSAL_AUDITS = new Set(['auth.recover_failed', 'auth.recover_lockout']);

export function changesSince(v: ProofVillage, before: VillageState, replay = false): string[] {
  const now = villageState(v);
  const changes: string[] = [];
  if (now.tables !== before.tables) changes.push('database rows changed');
  if (JSON.stringify(now.courses) !== JSON.stringify(before.courses)) changes.push('courses folder changed');
  if (JSON.stringify(now.sticks) !== JSON.stringify(before.sticks))
    changes.push('bundles or receipts on a stick changed');
  const audited = v.core.services.db
    .all<{ action: string }>(
      sql`SELECT action FROM audit_log ORDER BY id LIMIT -1 OFFSET ${before.auditRows}`,
    )
    .map((r) => r.action)
    .filter((a) => !a.endsWith('.refused') && !REFUSAL_AUDITS.has(a) && !(replay && a === 'receipt.apply'));
  if (audited.length) changes.push(`audited: ${audited.join(', ')}`);
  const errors = v.log.lines.slice(before.logLines).filter((l) => l.startsWith('error '));
  if (errors.length) changes.push(`logged an error: ${errors[0]!.slice(0, 160)}`);
  return changes;
}
