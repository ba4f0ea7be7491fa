import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../../api/result';
import { DB_FILE } from '../../core/app';
import { systemClock } from '../../core/clock';
import { Db } from '../../core/db/database';
import { consoleLogger, type Logger } from '../../core/log';
import { plainSecretBox } from '../../core/lrs/secret-box';
import { readLrsConnection, saveLrsSettings } from '../../core/lrs/settings';
import { uploadStatus, type UploadStatus } from '../../core/lrs/status';
import { Uploader, type UploadReport } from '../../core/lrs/uploader';
import { uploadQueueFor } from '../../core/hub/forward';
import { releaseUploadQuarantine, uploadQuarantineList } from '../../core/hub/forward-quarantine';
import { installationMode } from '../../core/hub/identity';
import { dataDir, parse, Refused, UsageError } from '../args';

/** Exit codes of `balai upload` (its help text lists them). */
export const UPLOAD_EXIT = { done: 0, refused: 1, usage: 2, unreachable: 3, interrupted: 4 } as const;

/**
 * The installation's database, set up as a kiosk or a hub (which forwards the statements it holds); the CLI
 * never creates one by accident here.
 */
function openInstalledDb(dir: string): Db {
  if (!existsSync(join(dir, DB_FILE))) throw new UsageError(`no Balai Belajar installation at ${dir}`);
  const db = Db.open(join(dir, DB_FILE));
  if (installationMode(db) === null) {
    db.close();
    throw new Refused('this installation is not set up', 'Kiosk ini belum diatur.');
  }
  return db;
}

/** Why settings cannot be used, for a person: English and Indonesian. */
function refusedConnection(result: Extract<Result<unknown>, { ok: false }>): Refused {
  if (result.error.code === 'NOT_FOUND')
    return new Refused(
      'refused: no LRS is set: balai lrs set --endpoint URL --key K --secret S --data DIR',
      'Ditolak: alamat LRS belum diatur (balai lrs set).',
    );
  if (result.error.details?.reason === 'secret_unreadable')
    return new Refused(
      `refused: ${result.error.message}`,
      'Ditolak: kata sandi LRS disimpan oleh aplikasi kiosk dan tidak dapat dibaca di sini; atur ulang dengan balai lrs set.',
    );
  return new Refused(`refused: ${result.error.code} ${result.error.message}`, 'Ditolak.');
}

const when = (iso: string | null) => iso ?? 'never';

function describeStatus(s: UploadStatus): string {
  const lrs = s.lrs
    ? `${s.lrs.endpoint} (key ${s.lrs.key}, secret ${s.lrs.secretMasked}, ${
        s.lrs.secretProtected ? `protected (${s.lrs.secretScheme})` : 'stored unprotected (plain)'
      }${s.lrs.secretReadable ? '' : ', not readable by this program'})`
    : 'not set';
  return [
    `lrs:          ${lrs}`,
    `statements:   ${s.pending} pending, ${s.sent} sent, ${s.quarantined} quarantined`,
    `last success: ${when(s.lastSuccessAt)}`,
    `last error:   ${s.lastError ? `${s.lastErrorAt} ${s.lastErrorCode}: ${s.lastError}` : 'none'}`,
    `next attempt: ${s.nextAttemptAt ?? (s.backoffStep > 0 ? 'now' : 'at the next check')}${
      s.backoffStep > 0 ? ` (after ${s.backoffStep} failed attempt(s) in a row)` : ''
    }`,
    `last check:   ${s.lastCheckAt ? `${s.lastCheckAt} ${s.lastCheckOk ? 'reachable' : 'unreachable'}` : 'never'}`,
  ].join('\n');
}

/** The options of every command that talks to an LRS with given settings (`lrs set`, `hub pull-lrs`). */
export const LRS_OPTIONS = {
  endpoint: { type: 'string' },
  key: { type: 'string' },
  secret: { type: 'string' },
  'allow-http': { type: 'boolean', default: false },
} as const;

/** The settings those options give (the secret from --secret, else BALAI_LRS_SECRET), not checked yet. */
export function lrsInput(values: {
  endpoint?: string;
  key?: string;
  secret?: string;
  'allow-http'?: boolean;
}) {
  const secret = values.secret ?? (process.env.BALAI_LRS_SECRET || undefined);
  if (!values.endpoint || !values.key || !secret)
    throw new UsageError('--endpoint URL, --key K and --secret S (or BALAI_LRS_SECRET) are required');
  return { endpoint: values.endpoint, key: values.key, secret, allowHttp: values['allow-http'] ?? false };
}

/** Settings the checks refused (`saveLrsSettings`, `lrsConnectionFrom`). */
export const badLrsSettings = (message: string) =>
  new Refused(
    `refused: ${message}`,
    'Ditolak: pengaturan LRS tidak sah (periksa alamat https, kunci dan kata sandi).',
  );

export async function lrs(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  switch (verb) {
    case 'set': {
      const { values } = parse(rest, {
        data: { type: 'string' },
        ...LRS_OPTIONS,
        json: { type: 'boolean', default: false },
      });
      const input = lrsInput(values);
      const db = openInstalledDb(dataDir(values.data));
      try {
        const saved = saveLrsSettings(db, plainSecretBox, systemClock, input);
        if (!saved.ok) throw badLrsSettings(saved.error.message);
        if (values.json) console.log(JSON.stringify(saved.value));
        else
          console.log(
            `ok: LRS ${saved.value.endpoint}, key ${saved.value.key}, secret ${saved.value.secretMasked}` +
              (saved.value.secretProtected
                ? ''
                : ' (stored unprotected: set it in the kiosk app to protect it)'),
          );
        return 0;
      } finally {
        db.close();
      }
    }
    case 'status': {
      const { values } = parse(rest, {
        data: { type: 'string' },
        check: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      });
      const db = openInstalledDb(dataDir(values.data));
      try {
        if (values.check) {
          const uploader = new Uploader({
            db,
            clock: systemClock,
            log: consoleLogger(),
            connection: () => readLrsConnection(db, plainSecretBox),
            queue: uploadQueueFor(db),
            config: { timeoutMs: 15_000 },
          });
          const checked = await uploader.check();
          if (!checked.ok) throw refusedConnection(checked);
        }
        const status = uploadStatus(db, plainSecretBox);
        console.log(values.json ? JSON.stringify(status) : describeStatus(status));
        return 0;
      } finally {
        db.close();
      }
    }
    case 'quarantine': {
      const { values } = parse(rest, {
        data: { type: 'string' },
        release: { type: 'string' },
        json: { type: 'boolean', default: false },
      });
      let release: number[] | 'all' | null = null;
      if (values.release !== undefined) {
        if (values.release === 'all') release = 'all';
        else {
          release = values.release.split(',').map((s) => Number(s.trim()));
          if (release.some((n) => !Number.isSafeInteger(n) || n < 1))
            throw new UsageError('--release takes all or sequence numbers: --release 12,15');
        }
      }
      const db = openInstalledDb(dataDir(values.data));
      try {
        const released = release === null ? 0 : releaseUploadQuarantine(db, release);
        const list = uploadQuarantineList(db, 1000);
        if (values.json) console.log(JSON.stringify({ released, quarantined: list }));
        else {
          if (release !== null) console.log(`released: ${released} statement(s) go out with the next upload`);
          if (list.length === 0) console.log('quarantine: empty');
          for (const q of list)
            console.log(
              `seq ${q.seq} ${q.statementId} (${q.verb}, recorded ${q.recordedAt}): ${q.reason}` +
                `${q.httpStatus ? ` HTTP ${q.httpStatus}` : ''} at ${q.at}\n  ${q.detail}`,
            );
        }
        return 0;
      } finally {
        db.close();
      }
    }
    default:
      throw new UsageError(`unknown lrs command: ${verb ?? '(none)'}`);
  }
}

/** Failures are worth a line on stderr; routine info is not. */
function uploadLogger(quiet: boolean): Logger {
  const log = consoleLogger();
  return {
    info: () => {},
    warn: (m, e) => (quiet ? undefined : log.warn(m, e)),
    error: (m, e) => log.error(m, e),
  };
}

function uploadOutcome(report: UploadReport): string {
  const what = `${report.sent} sent, ${report.quarantined} quarantined, ${report.pending} pending`;
  switch (report.end) {
    case 'empty':
      return `ok: nothing left to send (${what})`;
    case 'unreachable':
      return `stopped: the LRS is unreachable or keeps failing (${report.error?.message ?? '?'}); ${what}; run again later`;
    case 'refused':
      return `refused: ${report.error?.message ?? '?'}; ${what}`;
    case 'cancelled':
      return `interrupted: ${what}`;
  }
}

const INDONESIAN_END: Record<UploadReport['end'], string> = {
  empty: 'Semua hasil belajar sudah terkirim.',
  unreachable: 'LRS tidak dapat dihubungi; hasil belajar tetap tersimpan. Coba lagi nanti.',
  refused: 'LRS menolak kunci/kata sandi atau alamatnya; periksa pengaturan LRS.',
  cancelled: 'Pengiriman dihentikan; sisanya dikirim lain kali.',
};

export async function upload(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    attempts: { type: 'string' },
    timeout: { type: 'string' },
    json: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
  });
  const attempts = values.attempts === undefined ? 6 : Number(values.attempts);
  const timeout = values.timeout === undefined ? 30 : Number(values.timeout);
  if (!Number.isSafeInteger(attempts) || attempts < 1 || attempts > 1000)
    throw new UsageError('--attempts takes a whole number from 1 to 1000');
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600)
    throw new UsageError('--timeout takes seconds, more than 0 and at most 600');
  const db = openInstalledDb(dataDir(values.data));
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const uploader = new Uploader({
      db,
      clock: systemClock,
      log: uploadLogger(values.quiet),
      connection: () => readLrsConnection(db, plainSecretBox),
      queue: uploadQueueFor(db),
      config: { maxFailures: attempts, timeoutMs: Math.round(timeout * 1000) },
    });
    let shownAt = 0;
    const result = await uploader.run({
      signal: abort.signal,
      resetBackoff: true,
      onProgress: (done, total) => {
        if (values.quiet || values.json) return;
        const now = Date.now();
        if (now - shownAt < 1000 && done < total) return;
        shownAt = now;
        console.error(`sent ${done} of ${total}`);
      },
    });
    if (!result.ok) {
      if (result.error.code === 'INTERNAL') throw new Error(result.error.message);
      throw refusedConnection(result);
    }
    const report = result.value;
    if (values.json) console.log(JSON.stringify(report));
    const line = uploadOutcome(report);
    if (report.end === 'empty') {
      if (!values.json && !values.quiet) console.log(line);
      if (report.quarantined > 0 || uploadStatus(db, plainSecretBox).quarantined > 0)
        console.error('note: statements in quarantine: balai lrs quarantine --data DIR');
    } else console.error(`${line}\n${INDONESIAN_END[report.end]}`);
    return {
      empty: UPLOAD_EXIT.done,
      refused: UPLOAD_EXIT.refused,
      unreachable: UPLOAD_EXIT.unreachable,
      cancelled: UPLOAD_EXIT.interrupted,
    }[report.end];
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    db.close();
  }
}
