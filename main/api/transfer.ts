import { z } from 'zod';
import { method } from './define';
import { driveId, drivePath } from './library';

// Results leaving the village (issue 7): bundles to a stick, receipts back from the hub, backup and restore.

/** The hub this kiosk reports to, once a receipt has pinned it. */
export interface HubView {
  id: string;
  name: string;
  regionCode: string;
  keyId: string;
  pinnedAt: string;
  /** When the hub enrolled this kiosk's device key (hub time); null until a receipt carries an enrolment. */
  enrolledAt: string | null;
  /** What its certificate says (issue 16): office and region; null for a hub pinned before certification. */
  certified: { name: string; scope: string; notAfter: string | null } | null;
}

/** A certified hub that sent a receipt but is not the one this kiosk reports to: waiting for the operator. */
export interface PendingHubView {
  keyId: string;
  /** As the hub names itself, and the region it says it serves. */
  name: string;
  regionCode: string;
  /** What its certificate says. */
  certifiedName: string;
  certifiedScope: string;
  notAfter: string;
  /** When its receipt was read here (kiosk time). */
  seenAt: string;
}

/** What the operator sees about results leaving the kiosk. */
export interface DeliveryStatus {
  /** Statements recorded on this kiosk in all. */
  total: number;
  /**
   * Neither covered by a hub's receipt nor acknowledged by the LRS: the next bundle holds these. (So
   * `pending + delivered` is less than `total` once the LRS has taken some.)
   */
  pending: number;
  /** Covered by a hub's receipt. */
  delivered: number;
  /** When the last receipt was applied here (kiosk time), or null. */
  lastReceiptAt: string | null;
  hub: HubView | null;
  /** Certified hubs waiting for the operator to confirm them (`transfer.confirmHub`). */
  pendingHubs: PendingHubView[];
  lastExport: { bundleSeq: number; fileName: string; createdAt: string; statements: number } | null;
}

/** A bundle written, read back and verified: the stick is safe to remove ("aman dicabut"). */
export interface ExportedBundle {
  bundleSeq: number;
  /** Relative to the drive's root, `/`-separated. */
  path: string;
  fileName: string;
  sizeBytes: number;
  /** The bundle's hash (SHA-256 of its canonical manifest). */
  sha256: string;
  createdAt: string;
  statements: { count: number; fromSeq: number | null; toSeq: number | null };
  learners: number;
  certificates: number;
  personalData: 'clear' | 'sealed';
  /** The XLSX summary beside the bundle, or null when it could not be written (`summaryError` says why). */
  summaryPath: string | null;
  summaryError: string | null;
  safeToRemove: true;
}

/**
 * Why a receipt was refused (`details.reason`, and `reason` of a receipt found on a stick): the file cannot be
 * read, is not a receipt, its signature fails, it is for another kiosk, names no bundle this kiosk exported,
 * or carries an enrolment that does not fit; or its hub (issue 16) has no certificate, is certified for
 * another region, its certificate expired or was revoked or does not reach a trusted root, or it is a second
 * certified hub the operator has not confirmed yet.
 */
export type ReceiptRefusal =
  | 'unreadable'
  | 'malformed'
  | 'bad_signature'
  | 'other_device'
  | 'unknown_bundle'
  | 'bad_enrolment'
  | 'uncertified'
  | 'hub_out_of_region'
  | 'hub_expired'
  | 'hub_revoked'
  | 'hub_untrusted'
  | 'hub_unconfirmed';

/** One receipt file found on a stick and what became of it. */
export interface ReceiptOnDrive {
  /** Relative to the drive's root. */
  path: string;
  /** `needs_confirmation`: from a second certified hub; applied once the operator confirms it. */
  outcome: 'applied' | 'already_applied' | 'other_device' | 'needs_confirmation' | 'refused';
  reason: ReceiptRefusal | null;
  newlyDelivered: number;
}

/** What a backup holds, for a person to check before and after restoring. */
export interface BackupCounts {
  accounts: number;
  learners: number;
  statements: number;
  certificates: number;
  quizAttempts: number;
}

/** A backup written to a stick and read back. */
export interface BackupWritten {
  /** On the drive, `/`-separated. */
  path: string;
  sizeBytes: number;
  createdAt: string;
  /** Which secret opens it. */
  passphrase: 'recovery-code' | 'chosen';
  deviceId: string;
  desaCode: string;
  counts: BackupCounts;
}

/** A backup file found on a stick at the set-up screen (newest first). */
export interface BackupOnDrive {
  /** On the drive: give it back with the drive id to restore. */
  path: string;
  sizeBytes: number;
  /** From the clear header; null when the header could not be read (`problem` says why). */
  kiosk: {
    deviceId: string;
    desaCode: string;
    desaName: string;
    kecamatanName: string;
    kabupatenName: string;
    provinsiName: string;
    createdAt: string;
    appVersion: string;
    passphrase: 'recovery-code' | 'chosen';
  } | null;
  problem: string | null;
}

/** The kiosk this PC now is, after a restore. */
export interface RestoredKiosk {
  deviceId: string;
  desaCode: string;
  desaName: string;
  kecamatanName: string;
  kabupatenName: string;
  provinsiName: string;
  backupCreatedAt: string;
  counts: BackupCounts;
  /** Courses the learners' records name whose packages must be installed again from a stick. */
  coursesToReinstall: { id: string; version: string; title: string }[];
}

/** A stick, as the set-up screen lists it (same shape as `drives.list`). */
export interface SetupDrive {
  id: string;
  label: string;
  sizeBytes: number | null;
  freeBytes: number | null;
  readOnly: boolean;
}

/** Backup passphrase: this kiosk's recovery code (any case, dashes optional) or one the operator chose. */
const passphrase = z.string().min(1).max(200);

export const transferApi = {
  /** Pending and delivered statements, the pinned hub, the last export. */
  'transfer.status': method<{ status: DeliveryStatus }>()('operator', z.strictObject({})),
  /**
   * Starts writing a bundle of everything pending to a stick (task kind `bundle-export`, progress message =
   * phase `collect|write|verify|summary`; result `ExportedBundle`). A failed task's `error.details.reason`
   * is one of export.ts's `ExportFailure` codes.
   */
  'transfer.export': method<{ taskId: string }>()('operator', z.strictObject({ driveId })),
  /** Applies every receipt for this kiosk found on a stick; says what became of each. */
  'transfer.receipts': method<{ receipts: ReceiptOnDrive[]; status: DeliveryStatus }>()(
    'operator',
    z.strictObject({ driveId }),
  ),
  /**
   * Starts writing an encrypted backup to a stick (task kind `backup-create`, progress message = stage
   * `snapshot|encrypt|write|verify`; result `BackupWritten`). Refusals: `details.reason`.
   */
  'backup.create': method<{ taskId: string }>()('operator', z.strictObject({ driveId, passphrase })),
  /**
   * The operator confirms a certified hub waiting in `pendingHubs`: it is accepted from now on, rosters are
   * sealed to it, and the receipt that brought it is applied.
   */
  'transfer.confirmHub': method<{ status: DeliveryStatus; newlyDelivered: number }>()(
    'operator',
    z.strictObject({ keyId: z.string().regex(/^[0-9a-f]{16}$/, 'key id') }),
  ),
  /** The operator turns a waiting hub down: it is forgotten (its next receipt asks again). */
  'transfer.rejectHub': method<{ status: DeliveryStatus }>()(
    'operator',
    z.strictObject({ keyId: z.string().regex(/^[0-9a-f]{16}$/, 'key id') }),
  ),
  /** Set-up screen only (kiosk not set up): the sticks plugged in. */
  'setup.drives': method<{ drives: SetupDrive[] }>()('anyone', z.strictObject({})),
  /** Set-up screen only: the backups on a stick. */
  'setup.backups': method<{ backups: BackupOnDrive[] }>()('anyone', z.strictObject({ driveId })),
  /**
   * Set-up screen only: restores a backup from a stick, so this PC carries on as the backed-up kiosk. The
   * app reopens its data; the caller reloads afterwards. Refusals: `details.reason`.
   */
  'setup.restore': method<{ restored: RestoredKiosk }>()(
    'anyone',
    z.strictObject({ driveId, path: drivePath, passphrase }),
  ),
};
