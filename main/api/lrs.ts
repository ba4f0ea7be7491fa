import { z } from 'zod';
import { method } from './define';

// Upload to the Learning Record Store when online (issue 8). The core's uploader is main/core/lrs.

/** Why the last attempt failed (the UI translates the code). */
export type UploadErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'server_error'
  | 'throttled'
  | 'bad_response'
  | 'not_lrs'
  | 'auth'
  | 'endpoint'
  | 'rejects_all';

/** Why a statement is in quarantine. */
export type QuarantineReason = 'rejected' | 'too_large' | 'conflict' | 'conflict_unverified';

/** Why an endpoint was refused (`details.reason` of the BAD_INPUT answer to `lrs.set`). */
export type EndpointRefusal = 'not_a_url' | 'scheme' | 'credentials_in_url' | 'query_or_fragment' | 'http';

/** How an upload run ended. */
export type UploadEnd = 'empty' | 'unreachable' | 'refused' | 'cancelled';

/** The LRS as the operator sees it again: the key in full, the secret never. */
export interface LrsSettingsView {
  endpoint: string;
  key: string;
  secretMasked: string;
  /** The secret is sealed by the shell's secret box (Electron safeStorage), not stored in clear. */
  secretProtected: boolean;
  secretScheme: string;
  /** This app can open the stored secret. */
  secretReadable: boolean;
  updatedAt: string;
}

export interface UploadStatus {
  /** null when no LRS is set. */
  lrs: LrsSettingsView | null;
  /** Waiting to be sent: neither in the LRS nor in quarantine. */
  pending: number;
  /** Acknowledged by the LRS. */
  sent: number;
  /** Kept aside: the LRS rejected them or holds a different statement with the same id. */
  quarantined: number;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastErrorCode: UploadErrorCode | null;
  /** English detail for the log-minded; the UI shows the code's sentence. */
  lastError: string | null;
  backoffStep: number;
  /** When the schedule tries again (back-off), or null. */
  nextAttemptAt: string | null;
  lastCheckAt: string | null;
  lastCheckOk: boolean | null;
  /** A run (scheduled or asked for) is sending now. */
  running: boolean;
}

/** The result of an upload task (`lrs.upload`, task kind `lrs-upload`; progress = statements settled / total). */
export interface UploadReport {
  end: UploadEnd;
  sent: number;
  quarantined: number;
  pending: number;
  failures: number;
  error: { code: UploadErrorCode; message: string; httpStatus: number | null } | null;
  nextAttemptAt: string | null;
}

export interface QuarantinedStatement {
  seq: number;
  statementId: string;
  reason: QuarantineReason;
  httpStatus: number | null;
  /** What the LRS said, shortened. */
  detail: string;
  at: string;
  /** The verb key (e.g. `answered`) and when the statement was recorded. */
  verb: string;
  recordedAt: string;
}

export const lrsApi = {
  'lrs.status': method<{ status: UploadStatus }>()('operator', z.strictObject({})),
  /**
   * Sets the endpoint and the kiosk's Basic-auth key and secret. Refusals: BAD_INPUT with `details.reason`
   * an `EndpointRefusal`, or `details.issues`. The secret is never answered back.
   */
  'lrs.set': method<{ lrs: LrsSettingsView }>()(
    'operator',
    z.strictObject({
      endpoint: z.string().max(500),
      key: z.string().max(200),
      secret: z.string().max(500),
      allowHttp: z.boolean().optional(),
    }),
  ),
  'lrs.clear': method<{ cleared: true }>()('operator', z.strictObject({ confirm: z.literal(true) })),
  /** A real request to the LRS (GET about) decides whether it is there. NOT_FOUND when none is set. */
  'lrs.check': method<{ reachable: boolean; status: UploadStatus }>()('operator', z.strictObject({})),
  /** Sends now (task `lrs-upload`; result `UploadReport`). BUSY while a run is going on. */
  'lrs.upload': method<{ taskId: string }>()('operator', z.strictObject({})),
  'lrs.quarantine': method<{ items: QuarantinedStatement[]; total: number }>()(
    'operator',
    z.strictObject({
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(200).default(50),
    }),
  ),
  /** Puts quarantined statements back in the queue (after the LRS was fixed). */
  'lrs.release': method<{ released: number; status: UploadStatus }>()(
    'operator',
    z.strictObject({
      seqs: z.union([z.literal('all'), z.array(z.number().int().min(1)).min(1).max(1000)]),
    }),
  ),
};
