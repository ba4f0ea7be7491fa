// Child process for the lrs-upload bench: opens a kiosk database whose outbox is full, points it at the LRS
// at <endpoint>, runs the core's Uploader once (as `balai upload` does) and writes {ms, sent, maxRssMiB} to a
// JSON file (stdout is the bench's own). With `-` as the endpoint it opens the database and reads the LRS
// settings without uploading (the memory baseline).
import { writeFileSync } from 'node:fs';
import { systemClock } from '../../main/core/clock';
import { Db } from '../../main/core/db/database';
import { silentLogger } from '../../main/core/log';
import { plainSecretBox } from '../../main/core/lrs/secret-box';
import { readLrsConnection, saveLrsSettings } from '../../main/core/lrs/settings';
import { Uploader } from '../../main/core/lrs/uploader';
import { BENCH_LRS_KEY, BENCH_LRS_SECRET } from './lrs';

const [dbFile, endpoint, out] = process.argv.slice(2);
if (!dbFile || !endpoint || !out) throw new Error('usage: upload-runner <db file> <endpoint|-> <out.json>');
const db = Db.open(dbFile);
const saved = saveLrsSettings(db, plainSecretBox, systemClock, {
  endpoint: endpoint === '-' ? 'http://127.0.0.1:9/xAPI/' : endpoint,
  key: BENCH_LRS_KEY,
  secret: BENCH_LRS_SECRET,
});
if (!saved.ok) throw new Error(saved.error.message);
const uploader = new Uploader({
  db,
  clock: systemClock,
  log: silentLogger,
  connection: () => readLrsConnection(db, plainSecretBox),
});
const t0 = performance.now();
let sent = 0;
if (endpoint !== '-') {
  const result = await uploader.run({ resetBackoff: true, onProgress: () => undefined });
  if (!result.ok) throw new Error(`upload failed: ${result.error.message}`);
  if (result.value.end !== 'empty')
    throw new Error(`upload ended ${result.value.end}: ${result.value.error?.message}`);
  sent = result.value.sent;
} else if (!readLrsConnection(db, plainSecretBox).ok) throw new Error('the LRS settings cannot be read');
const ms = performance.now() - t0;
db.close();
writeFileSync(out, JSON.stringify({ ms, sent, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
