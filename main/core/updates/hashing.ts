import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, lstatSync, readFileSync, type Stats } from 'node:fs';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Size and both digests of a file: SHA-256 (our signatures) and SHA-512 base64 (electron-updater's). */
export interface FileDigests {
  size: number;
  sha256: string;
  sha512: string;
}

/** A counting, hashing pass-through that fails once more than `maxBytes` went through it. */
function digester(maxBytes: number) {
  const sha256 = createHash('sha256');
  const sha512 = createHash('sha512');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new Error(`larger than the ${maxBytes} bytes expected`));
      sha256.update(chunk);
      sha512.update(chunk);
      done(null, chunk);
    },
  });
  return {
    stream,
    digests: (): FileDigests => ({
      size,
      sha256: sha256.digest('hex'),
      sha512: sha512.digest('base64'),
    }),
  };
}

/** Hashes a file in one pass; stops (throws) after `maxBytes`, so a huge file is never read to its end. */
export async function digestFile(file: string, maxBytes = Number.MAX_SAFE_INTEGER): Promise<FileDigests> {
  const d = digester(maxBytes);
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  await pipeline(createReadStream(file), d.stream, sink);
  return d.digests();
}

/** Copies a file and hashes what was copied, in one pass; throws after `maxBytes`. */
export async function copyAndDigest(from: string, to: string, maxBytes: number): Promise<FileDigests> {
  const d = digester(maxBytes);
  await pipeline(createReadStream(from), d.stream, createWriteStream(to, { flags: 'wx', mode: 0o600 }));
  return d.digests();
}

/** lstat without throwing: undefined when the path does not exist or cannot be read. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** A small regular file's bytes (never through a link), or null when missing, not a file, or too large. */
export function readSmallFile(path: string, maxBytes: number): Buffer | null {
  const stat = lstatOrUndefined(path);
  if (!stat?.isFile() || stat.size > maxBytes) return null;
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}
