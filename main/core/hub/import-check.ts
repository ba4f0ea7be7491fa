import type { ImportReason } from '../../api/hub';
import { closeSync, openSync, readSync } from 'node:fs';
import yauzl from 'yauzl';
import { z } from 'zod';
import { BUNDLE_FILES, BUNDLE_LIMITS, BUNDLE_SIGNATURE_TYPE } from '../bundles/format';
import { signatureProblem } from '../bundles/receipt';
import type { BundleRefusal } from '../bundles/verify';
import { parseJsonLimited } from '../packages/canonical';
import { signedEnvelopeSchema } from '../packages/signing';
import { describeZipError, readZipEntries } from '../packages/unzip';

export type { ImportReason };

export const IMPORT_REASONS: readonly ImportReason[] = [
  'not_a_bundle',
  'truncated',
  'tampered',
  'malformed',
  'foreign_region',
  'key_changed',
  'key_rejected',
  'duplicate',
  'unreadable',
  'failed',
  'cancelled',
];

const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');
const KNOWN = new Set<string>(Object.values(BUNDLE_FILES));

function firstBytes(file: string, n: number): Buffer | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(n);
    const read = readSync(fd, buffer, 0, n, 0);
    return buffer.subarray(0, read);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The names in a zip's central directory, or why it cannot be read (cut short, an unsafe name, …). */
function zipNames(file: string): Promise<string[] | { cutShort: boolean; message: string }> {
  return new Promise((resolve) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error) return resolve(describeZipError(error));
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        if (names.length > BUNDLE_LIMITS.maxEntries) {
          zip.close();
          resolve(names);
        } else zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', (e: Error) => resolve(describeZipError(e)));
      zip.readEntry();
    });
  });
}

/**
 * A first look before the full check: is it a complete zip holding a bundle's files? Cheap (the first bytes
 * and the zip's directory), and it tells a cut-short copy from a file that never was a bundle.
 */
export async function bundleShape(
  file: string,
): Promise<{ ok: true } | { ok: false; reason: ImportReason; message: string }> {
  const head = firstBytes(file, 4);
  if (head === null) return { ok: false, reason: 'unreadable', message: 'the file cannot be read' };
  if (head.length === 0) return { ok: false, reason: 'truncated', message: 'the file is empty' };
  if (!head.equals(ZIP_MAGIC.subarray(0, head.length)) || head.length < 4)
    return { ok: false, reason: 'not_a_bundle', message: 'not a zip file, so not a result bundle' };
  const names = await zipNames(file);
  if (!Array.isArray(names))
    return names.cutShort
      ? {
          ok: false,
          reason: 'truncated',
          message: 'the zip has no end: the file was cut short (copy interrupted or stick pulled)',
        }
      : { ok: false, reason: 'not_a_bundle', message: `not a result bundle: ${names.message}` };
  if (!names.includes(BUNDLE_FILES.signature) || !names.includes(BUNDLE_FILES.manifest))
    return { ok: false, reason: 'not_a_bundle', message: 'the zip holds no signed bundle manifest' };
  const other = names.find((n) => !KNOWN.has(n));
  if (other !== undefined)
    return {
      ok: false,
      reason: 'not_a_bundle',
      message: `the zip holds "${other.slice(0, 80)}", which no bundle has`,
    };
  return { ok: true };
}

/**
 * The hub's reason for a refusal of `verifyBundleFile`. The zip's directory was read before, so a file that
 * cannot be read now was changed inside (a byte in the compressed data: its CRC fails).
 */
export function verifyReason(refusal: BundleRefusal): ImportReason {
  switch (refusal) {
    case 'unreadable':
    case 'tampered':
    case 'wrong_key':
      return 'tampered';
    case 'malformed':
      return 'malformed';
    case 'cancelled':
      return 'cancelled';
  }
}

/** What of a signed manifest this check reads: the key that signs it and the hashes it lists. */
const signedFilesSchema = z.object({
  devicePublicKey: z.string().max(100),
  files: z
    .array(z.object({ path: z.string().max(64), size: z.number(), sha256: z.string().max(64) }))
    .max(10),
});

/**
 * Whether a bundle the full check called malformed is exactly what its kiosk signed: the signature by the key
 * the manifest names holds, and every file has the size and hash the manifest lists. Then the kiosk signed
 * something malformed (`malformed`); otherwise it was changed after signing (`tampered`): a changed byte can
 * break a statement's JSON before the file's hash is ever compared.
 */
export async function asSigned(file: string): Promise<boolean> {
  let signature: Buffer | undefined;
  const read = await readZipEntries(file, BUNDLE_LIMITS, async (name, _size, stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream as AsyncIterable<Buffer>)
      if (name === BUNDLE_FILES.signature) chunks.push(chunk);
    if (name === BUNDLE_FILES.signature) signature = Buffer.concat(chunks);
  });
  if (!read.ok || !signature) return false;
  const json = parseJsonLimited(signature, BUNDLE_FILES.signature, {
    maxBytes: BUNDLE_LIMITS.maxManifestBytes,
    maxDepth: BUNDLE_LIMITS.maxJsonDepth,
  });
  if (!json.ok) return false;
  const envelope = signedEnvelopeSchema.safeParse(json.value);
  if (!envelope.success || envelope.data.type !== BUNDLE_SIGNATURE_TYPE) return false;
  const signed = signedFilesSchema.safeParse(envelope.data.signed);
  if (!signed.success || signatureProblem(envelope.data, signed.data.devicePublicKey) !== null) return false;
  const actual = new Map(read.files.map((f) => [f.path, f]));
  return signed.data.files.every(
    (f) => actual.get(f.path)?.sha256 === f.sha256 && actual.get(f.path)?.size === f.size,
  );
}
