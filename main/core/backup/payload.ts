import { createHash } from 'node:crypto';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import yazl from 'yazl';
import { z } from 'zod';
import { parseJsonLimited } from '../packages/canonical';
import { describeIssues } from '../packages/issues';
import { unsafePathReason } from '../packages/paths';
import { fileEntrySchema, type FileEntry } from '../packages/signing';
import type { Parsed } from './format';

/** Names inside the encrypted zip (format constants: independent of where the app keeps the files). */
export const PAYLOAD_MANIFEST = 'manifest.json';
export const PAYLOAD_DATABASE = 'database.sqlite';
export const PAYLOAD_DEVICE_KEY = 'device-key.pem';
export const PAYLOAD_KEYS_DIR = 'keys/';

const MAX_ENTRIES = 1000;
const MAX_NAME = 200;
/**
 * What the parts may add up to once unpacked (they are held in memory). A village's database is a few MB;
 * without a limit, a small payload could inflate to more than the PC's memory before any hash is checked.
 */
export const MAX_UNPACKED_BYTES = 1024 ** 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

const count = z.number().int().min(0);

/** `manifest.json` inside the payload: the same identity as the header, what each part hashes to, what it holds. */
export const backupManifestSchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.literal('balai-backup-manifest'),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  schemaVersion: z.number().int().min(1),
  deviceId: z.string().max(64),
  desaCode: z.string().max(20),
  files: z.array(fileEntrySchema).max(MAX_ENTRIES),
  /** What the database holds, for a person to check before and after restoring. */
  counts: z.strictObject({
    accounts: count,
    learners: count,
    statements: count,
    certificates: count,
    quizAttempts: count,
  }),
  /** The `counters` table (statement sequence, bundle sequence, …) as it was backed up. */
  counters: z.record(z.string().max(64), z.number().int()),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;
export type BackupCounts = BackupManifest['counts'];

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function fileEntry(path: string, data: Buffer): FileEntry {
  return { path, size: data.length, sha256: sha256(data) };
}

/** The zip, in memory: the parts first, `manifest.json` last (a kiosk's `BackupManifest`, or a hub's). */
export async function zipPayload(
  parts: ReadonlyMap<string, Buffer>,
  manifest: object,
  mtime: Date,
): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of parts) zip.addBuffer(data, name, { mtime, mode: 0o100600, compress: true });
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2) + '\n'), PAYLOAD_MANIFEST, {
    mtime,
    mode: 0o100600,
    compress: true,
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

function fromBuffer(data: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      data,
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    ),
  );
}

async function readEntries(zip: ZipFile, maxEntries: number): Promise<Map<string, Buffer>> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const out = new Map<string, Buffer>();
  const entries = await new Promise<Entry[]>((resolve, reject) => {
    const list: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      list.push(entry);
      if (list.length > maxEntries) reject(new Error(`more than ${maxEntries} entries`));
      else zip.readEntry();
    });
    zip.on('end', () => resolve(list));
    zip.on('error', reject);
    zip.readEntry();
  });
  // Sizes are checked as declared before a byte is inflated; yauzl refuses an entry longer than it declares.
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declared > MAX_UNPACKED_BYTES) throw new Error(`unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
  for (const entry of entries) {
    const name = utf8.decode(entry.fileName as unknown as Buffer);
    const unsafe = unsafePathReason(name, MAX_NAME);
    if (unsafe) throw new Error(`unsafe name: ${unsafe}`);
    if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
      throw new Error(`symbolic link ${name}`);
    if (name.endsWith('/')) continue;
    if (out.has(name)) throw new Error(`duplicate name ${name}`);
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      zip.openReadStream(entry, (error, s) => (error ? reject(error) : resolve(s))),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    out.set(name, Buffer.concat(chunks));
  }
  return out;
}

/**
 * The files of a decrypted payload zip by name (a kiosk's or a hub's backup), with the same limits: at most
 * `maxEntries`, declared sizes within `MAX_UNPACKED_BYTES` before anything inflates, safe names, no links.
 * Throws with the reason.
 */
export async function unzipParts(data: Buffer, maxEntries = MAX_ENTRIES): Promise<Map<string, Buffer>> {
  let zip: ZipFile | undefined;
  try {
    zip = await fromBuffer(data);
    return await readEntries(zip, maxEntries);
  } finally {
    zip?.close();
  }
}

function allowedPart(name: string): boolean {
  return name === PAYLOAD_DATABASE || name === PAYLOAD_DEVICE_KEY || name.startsWith(PAYLOAD_KEYS_DIR);
}

/**
 * Unpacks a decrypted payload and checks it against its manifest: every part listed with the right size and
 * SHA-256, nothing unlisted, the database and the device key present. The payload is authenticated already;
 * a failure here means the app that wrote it was broken, and nothing is restored.
 */
export async function readPayload(
  data: Buffer,
): Promise<Parsed<{ manifest: BackupManifest; parts: Map<string, Buffer> }>> {
  const damaged = (message: string) => ({ ok: false as const, reason: 'damaged' as const, message });
  let files: Map<string, Buffer>;
  try {
    files = await unzipParts(data);
  } catch (error) {
    return damaged(`backup contents unreadable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const manifestBytes = files.get(PAYLOAD_MANIFEST);
  if (!manifestBytes) return damaged('backup has no manifest');
  const json = parseJsonLimited(manifestBytes, 'manifest.json', { maxBytes: 1024 * 1024, maxDepth: 10 });
  if (!json.ok) return damaged(json.reason);
  const manifest = backupManifestSchema.safeParse(json.value);
  if (!manifest.success) return damaged(`manifest invalid: ${describeIssues(manifest.error.issues)}`);
  files.delete(PAYLOAD_MANIFEST);
  const listed = new Set<string>();
  for (const entry of manifest.data.files) {
    const part = files.get(entry.path);
    if (!part) return damaged(`${entry.path} is listed but missing`);
    if (part.length !== entry.size || sha256(part) !== entry.sha256)
      return damaged(`${entry.path} does not match its hash`);
    if (!allowedPart(entry.path)) return damaged(`unexpected part ${entry.path}`);
    listed.add(entry.path);
  }
  for (const name of files.keys()) if (!listed.has(name)) return damaged(`${name} is not in the manifest`);
  if (!files.has(PAYLOAD_DATABASE) || !files.has(PAYLOAD_DEVICE_KEY))
    return damaged('backup lacks the database or the device key');
  return { ok: true, value: { manifest: manifest.data, parts: files } };
}
