import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { PackageLimits } from './limits';
import { unsafePathReason } from './paths';

export interface ExtractedFile {
  path: string;
  size: number;
  sha256: string;
}

export type ExtractResult =
  { ok: true; files: ExtractedFile[] } | { ok: false; reason: string; cancelled?: true };

export interface ExtractOptions {
  signal?: AbortSignal;
  /** Bytes written so far and the total the package declares. */
  onProgress?: (done: number, total: number) => void;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    );
  });
}

/** Reads the central directory: every entry, before a single byte is extracted. */
function listEntries(zip: ZipFile, maxEntries: number): Promise<Entry[] | string> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > maxEntries) resolve(`more than ${maxEntries} entries`);
      else zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', reject);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Extracts a zip into `dest` (an empty staging folder) within the limits: every name checked, no symlinks,
 * no duplicates (also not by case, which Windows would merge), entry count, total size and compression
 * ratio bounded before extraction, and the real byte counts enforced while streaming. Each file is hashed
 * as it is written. On refusal `dest` may hold partial files: the caller removes the staging folder.
 */
export async function extractZip(
  file: string,
  dest: string,
  limits: PackageLimits,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    return {
      ok: false,
      reason: `not a readable zip: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      return { ok: false, reason: `more than ${limits.maxEntries} entries (${zip.entryCount})` };
    const listed = await listEntries(zip, limits.maxEntries);
    if (typeof listed === 'string') return { ok: false, reason: listed };

    const seen = new Set<string>();
    const plan: { entry: Entry; name: string }[] = [];
    let total = 0;
    for (const entry of listed) {
      let name: string;
      try {
        name = utf8.decode(entry.fileName as unknown as Buffer);
      } catch {
        return { ok: false, reason: 'a file name is not valid UTF-8' };
      }
      const unsafe = unsafePathReason(name, limits.maxPathLength);
      if (unsafe) return { ok: false, reason: `unsafe name: ${unsafe}` };
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
        return { ok: false, reason: `symbolic link "${name}"` };
      const key = name.replace(/\/$/, '').toLowerCase();
      if (seen.has(key)) return { ok: false, reason: `duplicate name "${name}"` };
      seen.add(key);
      if (name.endsWith('/')) continue;
      if (entry.uncompressedSize > limits.maxEntryBytes)
        return { ok: false, reason: `"${name}" is larger than ${limits.maxEntryBytes} bytes` };
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes)
        return { ok: false, reason: `package unpacks to more than ${limits.maxTotalBytes} bytes` };
      if (
        entry.uncompressedSize > limits.ratioFloorBytes &&
        entry.uncompressedSize / Math.max(1, entry.compressedSize) > limits.maxRatio
      ) {
        return { ok: false, reason: `"${name}" is compressed more than ${limits.maxRatio}:1 (zip bomb?)` };
      }
      plan.push({ entry, name });
    }
    // A file and a folder of the same name ("a" and "a/b") cannot both exist.
    const fileNames = new Set(plan.map((p) => p.name.toLowerCase()));
    for (const { name } of plan) {
      const parts = name.toLowerCase().split('/');
      for (let i = 1; i < parts.length; i++) {
        const folder = parts.slice(0, i).join('/');
        if (fileNames.has(folder)) return { ok: false, reason: `"${folder}" is both a file and a folder` };
      }
    }

    const files: ExtractedFile[] = [];
    let done = 0;
    options.onProgress?.(0, total);
    for (const { entry, name } of plan) {
      if (options.signal?.aborted) return { ok: false, reason: 'cancelled', cancelled: true };
      const target = join(dest, ...name.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      const hash = createHash('sha256');
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, callback) {
          size += chunk.length;
          done += chunk.length;
          if (size > entry.uncompressedSize)
            return callback(new Error(`"${name}" is longer than it declares`));
          hash.update(chunk);
          options.onProgress?.(done, total);
          callback(null, chunk);
        },
      });
      try {
        const stream = await openEntry(zip, entry);
        await pipeline(stream, meter, createWriteStream(target, { flags: 'wx' }), { signal: options.signal });
      } catch (error) {
        if (options.signal?.aborted) return { ok: false, reason: 'cancelled', cancelled: true };
        return {
          ok: false,
          reason: `cannot extract "${name}": ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      files.push({ path: name, size, sha256: hash.digest('hex') });
    }
    return { ok: true, files };
  } catch (error) {
    return { ok: false, reason: `broken zip: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    zip.close();
  }
}

/**
 * Reads one small entry of a zip by name (at most `maxBytes`), without extracting anything else.
 * Undefined when the zip, the entry or its size is not as expected. Used only to decide whether a full,
 * checked install is worth doing: nothing read here is trusted.
 */
export async function readOneEntry(
  file: string,
  name: string,
  maxBytes: number,
): Promise<Buffer | undefined> {
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch {
    return undefined;
  }
  try {
    const entries = await listEntries(zip, 100_000);
    if (typeof entries === 'string') return undefined;
    const entry = entries.find((e) => (e.fileName as unknown as Buffer).toString('utf8') === name);
    if (!entry || entry.uncompressedSize > maxBytes) return undefined;
    const stream = await openEntry(zip, entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  } catch {
    return undefined;
  } finally {
    zip.close();
  }
}
