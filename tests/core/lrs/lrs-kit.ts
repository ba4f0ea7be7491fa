import { join } from 'node:path';
import { ManualClock } from '../../../main/core/clock';
import { Db } from '../../../main/core/db/database';
import { memoryLogger } from '../../../main/core/log';
import { plainSecretBox } from '../../../main/core/lrs/secret-box';
import { readLrsConnection, saveLrsSettings } from '../../../main/core/lrs/settings';
import { Uploader, type UploadConfig } from '../../../main/core/lrs/uploader';
import type { FetchFn } from '../../../main/core/lrs/client';
import { seededRandom } from '../../helpers/lrs-proxy';

/** Small waits so fault tests finish in seconds; the logic is the same as with the real ones. */
export const FAST_UPLOAD: Partial<UploadConfig> = {
  timeoutMs: 400,
  backoff: { baseMs: 5, maxMs: 40, maxRetryAfterMs: 5_000 },
  maxFailures: 1_000,
};

/** A kiosk database with the LRS at `endpoint` set, and an uploader for it. */
export function uploaderFor(
  dir: string,
  endpoint: string,
  options: { config?: Partial<UploadConfig>; fetch?: FetchFn; random?: () => number } = {},
) {
  const db = Db.open(join(dir, 'balai.sqlite'));
  const clock = new ManualClock();
  const log = memoryLogger();
  const saved = saveLrsSettings(db, plainSecretBox, clock, {
    endpoint,
    key: 'kiosk-uji',
    secret: 'rahasia-uji-123',
  });
  if (!saved.ok) throw new Error(saved.error.message);
  const uploader = new Uploader({
    db,
    clock,
    log,
    connection: () => readLrsConnection(db, plainSecretBox),
    config: { ...FAST_UPLOAD, ...options.config },
    random: options.random ?? seededRandom(7),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return { db, clock, log, uploader };
}
