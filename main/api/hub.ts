import { z } from 'zod';
import { method } from './define';
import { fullName, pin, uuid } from './fields';
import { driveId, drivePath } from './library';
import type { RegionLevel } from './regions';

// Hub mode (issue 9): the regency office imports village bundles, answers with receipts, passes bundles up the
// chain and reports learning by region. The core is main/core/hub; docs/hub.md explains the numbers.

/** The office a hub serves; `nasional` (region code '') is the centre, above every provinsi. */
export type HubLevel = 'nasional' | 'provinsi' | 'kabupaten' | 'kecamatan';

/** The hub's certificate chain as its screens show it (issue 16). */
export interface HubCertificateView {
  /** A chain is imported and holds today (reaches a shipped root, not expired, not revoked, covers the region). */
  certified: boolean;
  /** Each certificate, the one a root signed first, the hub's own last; empty before one is imported. */
  chain: {
    name: string;
    scope: string;
    level: string;
    serial: string;
    notAfter: string;
    issuerKeyId: string;
  }[];
  /** The hub's own certificate's end; null before one is imported. */
  notAfter: string | null;
  /** Whole days until the first certificate of the chain expires (negative once it has). */
  daysLeft: number | null;
  /** Fewer than 60 days left: the screens warn. */
  expiresSoon: boolean;
  /** Why an imported chain no longer holds (`expired`, `revoked`, …); null when it holds or there is none. */
  problem: string | null;
  /** Certified under the development root (a test build). */
  development: boolean;
}

/** A hub backup found on a stick at the hub set-up screen (newest first). */
export interface HubBackupOnDrive {
  path: string;
  sizeBytes: number;
  hub: {
    hubId: string;
    name: string;
    regionCode: string;
    regionLevel: HubLevel;
    regionName: string;
    createdAt: string;
    appVersion: string;
    passphrase: 'recovery-code' | 'chosen';
  } | null;
  problem: string | null;
}

export interface HubBackupCountsView {
  kiosks: number;
  bundles: number;
  statements: number;
  learners: number;
  heldBundles: number;
}

export interface HubStatus {
  hub: {
    id: string;
    name: string;
    regionCode: string;
    regionLevel: HubLevel;
    regionName: string;
    keyId: string;
  };
  kiosks: number;
  bundles: number;
  statements: number;
  learners: number;
  heldKeys: number;
  heldBundles: number;
  /** Bundles not yet passed up the chain. */
  notPassedUp: number;
  lastImportAt: string | null;
  certificate: HubCertificateView;
}

export interface HubSetupDone {
  hubId: string;
  name: string;
  regionCode: string;
  regionLevel: HubLevel;
  regionName: string;
  keyId: string;
  operatorId: string;
  /** Shown once; only its hash is kept. */
  recoveryCode: string;
}

/** Why a bundle was not imported (stable codes; the UI says each in Indonesian). */
export type ImportReason =
  | 'not_a_bundle'
  | 'truncated'
  | 'tampered'
  | 'malformed'
  | 'foreign_region'
  | 'key_changed'
  | 'key_rejected'
  | 'duplicate'
  | 'unreadable'
  | 'failed'
  | 'cancelled';

export interface BundleOutcome {
  path: string;
  outcome: 'imported' | 'duplicate' | 'held' | 'refused';
  reason: ImportReason | null;
  /** English, for the log. */
  message: string | null;
  bundle: {
    sha256: string;
    deviceId: string;
    desaCode: string;
    desaName: string;
    bundleSeq: number;
    createdAt: string;
    statements: number;
    newStatements: number;
    learners: number;
    certificates: number;
    enrolled: boolean;
  } | null;
}

/** The result of an import task (`hub.import`, kind `hub-import`; progress = bundles, message = the path). */
export interface ImportSummary {
  bundles: BundleOutcome[];
  counts: { imported: number; duplicate: number; held: number; refused: number; newStatements: number };
  /** The kiosks to answer on the same stick (`hub.answer`). */
  deviceIds: string[];
  cancelled: boolean;
  incomplete: boolean;
}

export interface StickAnswer {
  /** The receipts carry the hub's certificate chain; false: they do not, and kiosks will refuse them. */
  certified: boolean;
  receipts: {
    deviceId: string;
    desaCode: string;
    desaName: string;
    path: string;
    receiptId: string;
    statements: number;
    bundles: number;
  }[];
  courses: {
    courses: { courseId: string; version: string; path: string; alreadyThere: boolean }[];
    missing: string[];
  } | null;
}

/** The result of a pass-up task (`hub.passUp`, kind `hub-pass-up`). */
export interface PassUpSummary {
  written: { path: string; desaCode: string; bundleSeq: number; sizeBytes: number }[];
  alreadyThere: number;
  damaged: string[];
  cancelled: boolean;
}

export interface KeyBundleView {
  sha256: string;
  bundleSeq: number;
  createdAt: string;
  statements: number;
  learners: number;
  receivedAt: string;
}

export interface HeldKeyView {
  deviceId: string;
  desaCode: string;
  desaName: string;
  keyId: string;
  publicKey: string;
  firstSeenAt: string;
  kind: 'changed_key' | 'another_kiosk' | 'changed_desa';
  held: KeyBundleView[];
  history: {
    deviceId: string;
    keyId: string;
    publicKey: string;
    state: 'enrolled' | 'held' | 'replaced' | 'rejected';
    firstSeenAt: string;
    decidedAt: string | null;
    bundles: KeyBundleView[];
  }[];
}

export type ReportLevel = 'provinsi' | 'kabupaten' | 'kecamatan' | 'desa' | 'learner';

export interface Average {
  /** One decimal; null when no pair has the score. */
  average: number | null;
  count: number;
}

export interface Metrics {
  desaTotal: number;
  desaReporting: number;
  desaNoData: number;
  kiosks: number;
  learners: number;
  active30d: number;
  lessonsCompleted: number;
  coursesCompleted: number;
  pretest: Average;
  posttest: Average;
  gain: Average;
  certificates: number;
  lastBundleAt: string | null;
  daysSinceLastBundle: number | null;
}

/** The level of a report's scope: a region, or the nation (code ''). */
export type ScopeLevel = RegionLevel | 'nasional';

/** A row of a region level: a provinsi, kabupaten/kota, kecamatan or desa, with its metrics. */
export interface RegionRow extends Metrics {
  code: string;
  name: string;
  level: RegionLevel;
}

/** A learner's results over their courses (the metrics of a learner level row). */
export interface LearnerRow {
  learnerId: string;
  deviceId: string;
  desaCode: string;
  desaName: string;
  /** Null when erased on the kiosk, sealed to another hub or known only from an LRS (`personal` says which). */
  fullName: string | null;
  personal: 'clear' | 'sealed' | 'erased' | 'other_hub' | 'unreadable' | 'none';
  jabatan: string | null;
  disabled: boolean;
  active30d: boolean;
  lastActivityAt: string | null;
  lessonsCompleted: number;
  coursesCompleted: number;
  pretest: Average;
  posttest: Average;
  gain: Average;
  certificates: number;
  courses: {
    courseId: string;
    lessonsCompleted: number;
    completed: boolean;
    certificates: number;
    pretest: number | null;
    posttest: number | null;
  }[];
}

interface ReportBase {
  hub: { name: string; regionCode: string };
  /** The region reported on: the hub's, or a part of it. */
  scope: { code: string; name: string; level: ScopeLevel };
  generatedAt: string;
  /** The whole scope in one row. */
  total: Omit<RegionRow, 'level'> & { level: ScopeLevel };
}

/** Which learners of the scope a learner report holds: from `offset`, `rows.length` of `total`. */
export interface LearnerPage {
  offset: number;
  total: number;
}

export type HubReport =
  | (ReportBase & { level: Exclude<ReportLevel, 'learner'>; rows: RegionRow[] })
  | (ReportBase & { level: 'learner'; rows: LearnerRow[]; page: LearnerPage });

// '' is the nation (a nasional hub's own scope).
const regionCode = z.string().regex(/^(\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?)?$/, 'Kemendagri region code');
const reportLevel = z.enum(['provinsi', 'kabupaten', 'kecamatan', 'desa', 'learner']);
const keyId = z.string().regex(/^[0-9a-f]{16}$/, 'key id');
const passphrase = z.string().min(1).max(200);

export const hubApi = {
  /** First run of an office PC: the hub's region, its own key, the office admin. Only while nothing is set up. */
  'hub.setup': method<HubSetupDone>()(
    'anyone',
    z.strictObject({
      regionCode: z
        .string()
        .regex(
          /^(\d{2}(\.\d{2}(\.\d{2})?)?)?$/,
          "provinsi, kabupaten/kota or kecamatan code, or '' (nasional)",
        ),
      name: z.string().trim().min(2).max(200).optional(),
      admin: z.strictObject({ fullName, pin }),
    }),
  ),
  'hub.status': method<{ status: HubStatus }>()('operator', z.strictObject({})),
  /** Imports every bundle on a stick (task `hub-import`; result `ImportSummary`). */
  'hub.import': method<{ taskId: string }>()('operator', z.strictObject({ driveId })),
  /** Writes receipts (for these kiosks, or all) and, when asked, the hub's course packages onto a stick. */
  'hub.answer': method<StickAnswer>()(
    'operator',
    z.strictObject({
      driveId,
      deviceIds: z.array(uuid).max(1000).optional(),
      courses: z.boolean().default(false),
    }),
  ),
  /** Writes the original village bundles for the next hub up (task `hub-pass-up`; result `PassUpSummary`). */
  'hub.passUp': method<{ taskId: string }>()(
    'operator',
    z.strictObject({ driveId, all: z.boolean().default(false) }),
  ),
  'hub.held': method<{ held: HeldKeyView[] }>()('operator', z.strictObject({})),
  /** The hub's certificate chain, its expiry and whether it holds today. */
  'hub.certificate': method<{ certificate: HubCertificateView }>()('operator', z.strictObject({})),
  /** Writes the hub's certificate request onto a stick (`BalaiBelajar/sertifikat/`) for the issuer. */
  'hub.certRequest': method<{
    path: string;
    keyId: string;
    regionCode: string;
    level: string;
    name: string;
  }>()('operator', z.strictObject({ driveId })),
  /** Imports this hub's certificate chain from the stick the issuer gave back. Refusals: `details.reason`. */
  'hub.certImport': method<{ certificate: HubCertificateView }>()('operator', z.strictObject({ driveId })),
  /**
   * Starts an encrypted backup of the hub onto a stick (task kind `hub-backup`, message = stage; result
   * `{ path, sizeBytes, createdAt, passphrase, counts }`). Refusals: `details.reason`.
   */
  'hub.backup': method<{ taskId: string }>()('operator', z.strictObject({ driveId, passphrase })),
  /** Set-up screen only (nothing set up): the hub backups on a stick. */
  'setup.hubBackups': method<{ backups: HubBackupOnDrive[] }>()('anyone', z.strictObject({ driveId })),
  /** Set-up screen only: restores a hub backup, so this PC carries on as that hub. The caller reloads after. */
  'setup.hubRestore': method<{
    restored: {
      hubId: string;
      name: string;
      regionCode: string;
      backupCreatedAt: string;
      counts: HubBackupCountsView;
    };
  }>()('anyone', z.strictObject({ driveId, path: drivePath, passphrase })),
  'hub.acceptKey': method<{ accepted: true }>()('operator', z.strictObject({ deviceId: uuid, keyId })),
  'hub.rejectKey': method<{ rejected: true }>()('operator', z.strictObject({ deviceId: uuid, keyId })),
  /** One level's table; the learner level a page of it (`offset`, `limit`; without `limit`: every learner). */
  'hub.report': method<{ report: HubReport }>()(
    'operator',
    z.strictObject({
      level: reportLevel,
      regionCode: regionCode.optional(),
      offset: z.number().int().min(0).max(100_000_000).optional(),
      limit: z.number().int().min(1).max(5_000).optional(),
    }),
  ),
  /** A report table as a file to save: CSV or XLSX, base64. */
  'hub.reportFile': method<{ fileName: string; base64: string; rows: number }>()(
    'operator',
    z.strictObject({
      level: reportLevel,
      regionCode: regionCode.optional(),
      format: z.enum(['csv', 'xlsx']),
    }),
  ),
};
