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

/**
 * What went wrong reading a zip, in words that name the cause: a zip cut short is not a zip with an unsafe
 * name, and neither is a folder given where a file was expected. `cutShort` is true only when the zip's end
 * (its central directory) is missing or broken, as a copy interrupted or a stick pulled leaves it.
 */
export function describeZipError(error: unknown): { cutShort: boolean; message: string } {
  const code = (error as { code?: string } | null)?.code;
  const raw = error instanceof Error ? error.message : String(error);
  if (code === 'EISDIR') return { cutShort: false, message: 'this is a folder, not a zip file' };
  if (code === 'ENOENT') return { cutShort: false, message: 'no such file' };
  if (code === 'EACCES' || code === 'EPERM')
    return { cutShort: false, message: 'the file cannot be read (no permission)' };
  if (/end of central directory record signature not found/i.test(raw))
    return {
      cutShort: true,
      message: 'the zip has no end: cut short (copy interrupted or stick pulled) or not a zip at all',
    };
  if (/central directory|invalid comment length|unexpected EOF|offset|not enough bytes|truncated/i.test(raw))
    return { cutShort: true, message: `the zip's directory is broken or cut short (${raw})` };
  if (/invalid relative path|absolute path|invalid characters in fileName|path escape/i.test(raw))
    return { cutShort: false, message: `the zip holds an unsafe file name (${raw})` };
  if (/encrypt/i.test(raw)) return { cutShort: false, message: `the zip is encrypted (${raw})` };
  if (/compression method/i.test(raw))
    return { cutShort: false, message: `the zip uses a compression this app does not read (${raw})` };
  if (/multi-disk/i.test(raw)) return { cutShort: false, message: 'the zip is split over several files' };
  return { cutShort: false, message: raw };
}

export function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
      (error, zip) => (error ? reject(error) : resolve(zip)),
    );
  });
}

/** Reads the central directory: every entry, before a single byte is extracted. */
export function listEntries(zip: ZipFile, maxEntries: number): Promise<Entry[] | string> {
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

export function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) =>
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))),
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

interface PlannedEntry {
  entry: Entry;
  name: string;
}

type CheckedZip = { ok: true; plan: PlannedEntry[]; total: number } | { ok: false; reason: string };

/**
 * Reads the central directory and checks it within the limits before a byte is read: every name, no
 * symlinks, no duplicates (also not by case, which Windows would merge), no file that is also a folder,
 * entry count, total size and compression ratio. The plan lists the files (not folders) in zip order.
 */
async function checkEntries(zip: ZipFile, limits: PackageLimits): Promise<CheckedZip> {
  if (zip.entryCount > limits.maxEntries)
    return { ok: false, reason: `more than ${limits.maxEntries} entries (${zip.entryCount})` };
  const listed = await listEntries(zip, limits.maxEntries);
  if (typeof listed === 'string') return { ok: false, reason: listed };

  const seen = new Set<string>();
  const plan: PlannedEntry[] = [];
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
  return { ok: true, plan, total };
}

/** A Transform that counts and hashes an entry's bytes and fails when it is longer than it declares. */
function entryMeter(name: string, declared: number, onBytes: (n: number) => void) {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      size += chunk.length;
      if (size > declared) return callback(new Error(`"${name}" is longer than it declares`));
      hash.update(chunk);
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
  return { meter, done: (): ExtractedFile => ({ path: name, size, sha256: hash.digest('hex') }) };
}

/**
 * Extracts a zip into `dest` (an empty staging folder) within the limits (see `checkEntries`), enforcing
 * the real byte counts while streaming. Each file is hashed as it is written. On refusal `dest` may hold
 * partial files: the caller removes the staging folder.
 */
export function extractZip(
  file: string,
  dest: string,
  limits: PackageLimits,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  return readZipEntries(
    file,
    limits,
    async (name, _size, stream) => {
      const target = join(dest, ...name.split('/'));
      mkdirSync(dirname(target), { recursive: true });
      await pipeline(stream, createWriteStream(target, { flags: 'wx' }), { signal: options.signal });
    },
    { ...options, verb: 'extract' },
  );
}

/**
 * Reads a zip entry by entry without writing anything: the same checks as `extractZip`, then `visit` gets
 * each file's name, declared size and a stream of its bytes (it must consume the stream). Each file is
 * hashed while it is read; the hashes come back in zip order. A `visit` that throws refuses the zip with its
 * message. Result bundles are verified this way, straight from the stick.
 */
export async function readZipEntries(
  file: string,
  limits: PackageLimits,
  visit: (name: string, size: number, stream: NodeJS.ReadableStream) => Promise<void>,
  options: ExtractOptions & {
    /** Word for refusals: "cannot extract …" when writing files. */ verb?: 'read' | 'extract';
  } = {},
): Promise<ExtractResult> {
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    return { ok: false, reason: `not a readable zip: ${describeZipError(error).message}` };
  }
  try {
    const checked = await checkEntries(zip, limits);
    if (!checked.ok) return checked;
    const { plan, total } = checked;
    const files: ExtractedFile[] = [];
    let done = 0;
    options.onProgress?.(0, total);
    for (const { entry, name } of plan) {
      if (options.signal?.aborted) return { ok: false, reason: 'cancelled', cancelled: true };
      const { meter, done: finished } = entryMeter(name, entry.uncompressedSize, (n) => {
        done += n;
        options.onProgress?.(done, total);
      });
      let stream: NodeJS.ReadableStream | undefined;
      try {
        stream = await openEntry(zip, entry);
        stream.on('error', (error: Error) => meter.destroy(error));
        stream.pipe(meter);
        await visit(name, entry.uncompressedSize, meter);
        if (!meter.readableEnded) throw new Error('not read to the end');
      } catch (error) {
        if (options.signal?.aborted) return { ok: false, reason: 'cancelled', cancelled: true };
        return {
          ok: false,
          reason: `cannot ${options.verb ?? 'read'} "${name}": ${error instanceof Error ? error.message : String(error)}`,
        };
      } finally {
        // A visit that stopped early leaves bytes in flight: stop them, and let no late error go unheard.
        meter.on('error', () => {});
        if (!meter.readableEnded) {
          meter.destroy();
          (stream as { destroy?: () => void } | undefined)?.destroy?.();
        }
      }
      files.push(finished());
    }
    return { ok: true, files };
  } catch (error) {
    return { ok: false, reason: `broken zip: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    zip.close();
  }
}

/**
 * Opens a zip, lists its central directory (at most `maxEntries`) and hands the entries to `use`; undefined
 * when the zip cannot be read or `use` fails. Closes the zip either way.
 */
async function withEntries<T>(
  file: string,
  maxEntries: number,
  use: (zip: ZipFile, entries: Entry[]) => Promise<T | undefined>,
): Promise<T | undefined> {
  let zip: ZipFile;
  try {
    zip = await openZip(file);
  } catch {
    return undefined;
  }
  try {
    const entries = await listEntries(zip, maxEntries);
    return typeof entries === 'string' ? undefined : await use(zip, entries);
  } catch {
    return undefined;
  } finally {
    zip.close();
  }
}

const entryName = (e: Entry) => (e.fileName as unknown as Buffer).toString('utf8');

/**
 * Reads one small entry of a zip by name (at most `maxBytes`), without extracting anything else.
 * Undefined when the zip, the entry or its size is not as expected. Used only to decide whether a full,
 * checked install is worth doing, or to name a package: nothing read here is trusted.
 */
export function readOneEntry(file: string, name: string, maxBytes: number): Promise<Buffer | undefined> {
  return withEntries(file, 100_000, async (zip, entries) => {
    const entry = entries.find((e) => entryName(e) === name);
    if (!entry || entry.uncompressedSize > maxBytes) return undefined;
    const stream = await openEntry(zip, entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks);
  });
}

/** The names in a zip's central directory (at most `maxEntries`), or undefined when it cannot be read as a zip. */
export function zipEntryNames(file: string, maxEntries: number): Promise<string[] | undefined> {
  return withEntries(file, maxEntries, (_zip, entries) => Promise.resolve(entries.map(entryName)));
}
