// Child process for the hub-import bench's baseline: what a bare script does with the same bundles. Every
// `.balaibundle` below a folder is unzipped with yauzl, its manifest parsed for the device and desa, each
// statement line parsed for its id and sequence number, and the rows (device, id, seq, desa, bundle hash, the
// statement's text) bulk-inserted into a fresh SQLite file in one transaction with one prepared statement,
// with the hub's pragmas (WAL, synchronous=FULL). No signature, hash, region or key checks, no report fields,
// no roster or certificates, no copy of the file. Writes {ms, statements, bundles, maxRssMiB} to a JSON file.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSIONS } from '../../main/core/recorder/profile';
import { unzip } from './zip';

const [folder, dbFile, out] = process.argv.slice(2);
if (!folder || !dbFile || !out) throw new Error('usage: hub-bare-runner <folder> <db file> <out.json>');

const t0 = performance.now();
const bundles = readdirSync(folder, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.balaibundle'))
  .sort();
const db = new Database(dbFile);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS statements (
  device_id TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, desa_code TEXT NOT NULL,
  bundle_sha256 TEXT NOT NULL, statement TEXT NOT NULL, PRIMARY KEY (device_id, id)) STRICT`);
const insert = db.prepare(
  'INSERT OR IGNORE INTO statements (device_id, id, seq, desa_code, bundle_sha256, statement) VALUES (?, ?, ?, ?, ?, ?)',
);
let statements = 0;
db.exec('BEGIN');
for (const name of bundles) {
  const files = await unzip(join(folder, name));
  const manifestBytes = files.get('manifest.json')!;
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as { deviceId: string; desaCode: string };
  const sha = createHash('sha256').update(manifestBytes).digest('hex');
  const text = files.get('statements.ndjson')!.toString('utf8');
  for (let at = 0, nl = text.indexOf('\n'); nl !== -1; at = nl + 1, nl = text.indexOf('\n', at)) {
    const line = text.slice(at, nl);
    const s = JSON.parse(line) as { id: string; context: { extensions: Record<string, number> } };
    insert.run(
      manifest.deviceId,
      s.id,
      s.context.extensions[EXTENSIONS.sequence],
      manifest.desaCode,
      sha,
      line,
    );
    statements++;
  }
}
db.exec('COMMIT');
const ms = performance.now() - t0;
db.close();
writeFileSync(
  out,
  JSON.stringify({
    ms,
    statements,
    bundles: bundles.length,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
