import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry, ZipFile } from 'yauzl';
import type { PackageLimits } from '../packages/limits';
import { listEntries, openEntry, openZip } from '../packages/unzip';
import { storedSegment } from './scorm/package';
import { remoteReferences } from './scorm/remote';

/** Why a standard package was refused while it was read: the CLI and tests tell them apart. */
export class UnpackRefusal extends Error {
  constructor(
    readonly code: 'not_a_zip' | 'too_large' | 'unsafe_entry' | 'outside_package',
    message: string,
  ) {
    super(message);
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const TEXT = /\.(x?html?|css|svg)$/i;

export function entryName(entry: Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  let name: string;
  try {
    name = utf8.decode(raw);
  } catch {
    // Old Windows zippers write names in the local code page without saying so; latin1 keeps every byte.
    name = raw.toString('latin1');
  }
  return name.replace(/\\/g, '/');
}

export interface Unpacked {
  /** Every file's path in the package (below its root folder), NFC. */
  files: string[];
  /** The text of the files asked for by `keep` (manifests), by path. */
  texts: Map<string, string>;
  /** Loads from the internet found in pages and style sheets. */
  remote: { file: string; url: string }[];
}

/** Opens a zip, or refuses it as not one. */
export async function openPackage(file: string): Promise<ZipFile> {
  try {
    return await openZip(file);
  } catch (error) {
    throw new UnpackRefusal(
      'not_a_zip',
      `not a readable zip: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The entry names of an open zip, within the limits. */
export async function namesOf(
  zip: ZipFile,
  limits: PackageLimits,
): Promise<{ entries: Entry[]; names: string[] }> {
  if (zip.entryCount > limits.maxEntries)
    throw new UnpackRefusal('too_large', `more than ${limits.maxEntries} entries (${zip.entryCount})`);
  const listed = await listEntries(zip, limits.maxEntries);
  if (typeof listed === 'string') throw new UnpackRefusal('too_large', listed);
  return { entries: listed, names: listed.map(entryName) };
}

/**
 * Writes every file under `root` (the manifest's folder, '' or 'folder/') of a package into `staging/<folder>/`
 * with names mapped safely (`storedSegment`), after checking all of them first: no symbolic links, nothing
 * outside the package, no names that clash on Windows, sizes and compression ratios within the limits. Files
 * `keep` names are also returned as text; pages and style sheets are scanned for loads from the internet.
 */
export async function unpackPackage(
  zip: ZipFile,
  listed: { entries: Entry[]; names: string[] },
  root: string,
  staging: string,
  folder: string,
  limits: PackageLimits,
  keep: (rel: string) => boolean,
): Promise<Unpacked> {
  const plan: { entry: Entry; rel: string; stored: string }[] = [];
  const storedSeen = new Map<string, string>();
  let total = 0;
  listed.entries.forEach((entry, i) => {
    const name = listed.names[i]!;
    if (name.endsWith('/') || !name.startsWith(root)) return;
    if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
      throw new UnpackRefusal('unsafe_entry', `symbolic link "${name}"`);
    const rel = posix.normalize(name.slice(root.length));
    if (rel.startsWith('../') || rel === '..' || rel.startsWith('/') || /[\u0000-\u001f]/.test(rel))
      throw new UnpackRefusal('outside_package', `entry "${name}" points outside the package`);
    const stored = [folder, ...rel.normalize('NFC').split('/').map(storedSegment)].join('/');
    if (stored.length > limits.maxPathLength)
      throw new UnpackRefusal('unsafe_entry', `name too long once stored: "${rel.slice(0, 120)}"`);
    const key = stored.toLowerCase();
    const clash = storedSeen.get(key);
    if (clash)
      throw new UnpackRefusal(
        'unsafe_entry',
        `"${rel}" and "${clash}" differ only by case (one file on Windows)`,
      );
    storedSeen.set(key, rel);
    if (entry.uncompressedSize > limits.maxEntryBytes)
      throw new UnpackRefusal('too_large', `"${rel}" is too large`);
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes)
      throw new UnpackRefusal('too_large', 'package unpacks to more than the limit');
    if (
      entry.uncompressedSize > limits.ratioFloorBytes &&
      entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio
    )
      throw new UnpackRefusal(
        'too_large',
        `"${rel}" is compressed more than ${limits.maxRatio}:1 (zip bomb?)`,
      );
    plan.push({ entry, rel: rel.normalize('NFC'), stored });
  });

  const texts = new Map<string, string>();
  const remote: { file: string; url: string }[] = [];
  for (const { entry, rel, stored } of plan) {
    const target = join(staging, ...stored.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    const wanted = keep(rel) || TEXT.test(rel);
    const chunks: Buffer[] = [];
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        size += chunk.length;
        if (size > entry.uncompressedSize) return callback(new Error(`"${rel}" is longer than it declares`));
        if (wanted) chunks.push(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(await openEntry(zip, entry), meter, createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      throw new UnpackRefusal(
        'unsafe_entry',
        `cannot read "${rel}": ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!wanted) continue;
    const content = Buffer.concat(chunks).toString('utf8');
    if (keep(rel)) texts.set(rel, content);
    else for (const url of remoteReferences(rel, content)) remote.push({ file: rel, url });
  }
  return { files: plan.map((p) => p.rel), texts, remote };
}

/** Why a package that loads from the internet is refused (without `--allow-remote`). */
export function needsInternet(remote: readonly { file: string; url: string }[]): string {
  return `the package loads from the internet and would not work offline: ${remote
    .slice(0, 5)
    .map((r) => `${r.url} (${r.file})`)
    .join(', ')}; wrap with --allow-remote to record that it degrades offline`;
}

/** The SHA-256 of a file, hex (the wrapped package's source). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}
