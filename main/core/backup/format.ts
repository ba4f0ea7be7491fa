import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { normaliseRecoveryCode } from '../crypto/secrets';
import { describeIssues } from '../packages/issues';

/**
 * The `.balaibackup` file, format version 1 (docs/formats/backup.md):
 *
 *   magic "BALAIBACKUP\n" (12 bytes) · header length (uint32 big-endian) · header (UTF-8 JSON, in clear)
 *   · payload (AES-256-GCM ciphertext of a zip) · GCM tag (16 bytes)
 *
 * The key is scrypt(passphrase, salt) with the parameters in the header; everything before the payload
 * (magic, length and header) is the GCM additional data, so a changed byte anywhere fails the tag.
 */
export const BACKUP_EXTENSION = '.balaibackup';
export const BACKUP_MAGIC = Buffer.from('BALAIBACKUP\n', 'latin1');
export const BACKUP_FORMAT_VERSION = 1;
const LENGTH_BYTES = 4;
const PREFIX_BYTES = BACKUP_MAGIC.length + LENGTH_BYTES;
export const MAX_HEADER_BYTES = 16 * 1024;
const TAG_BYTES = 16;
const NONCE_BYTES = 12;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Whole file in memory (a village's database is a few MB); refuse anything absurd. */
export const MAX_BACKUP_BYTES = 1024 * 1024 * 1024;

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** 128 MiB and about half a second on a current PC, two on an old kiosk: a chosen passphrase is slow to guess. */
export const BACKUP_KDF: KdfParams = { N: 2 ** 17, r: 8, p: 1 };
/** What a restore accepts from a header: scrypt memory (128·N·r) at most 512 MiB. */
const MAX_KDF_MEMORY = 512 * 1024 * 1024;

const base64Of = (bytes: number) =>
  z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/)
    .refine((s) => Buffer.from(s, 'base64').length === bytes, `must be ${bytes} bytes, base64`);

/** How the key is derived (scrypt parameters and salt): the same in every backup header, kiosk or hub. */
export const kdfHeaderSchema = z
  .strictObject({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 10)
      .max(2 ** 22)
      .refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(16),
    salt: base64Of(SALT_BYTES),
    keyLength: z.literal(KEY_BYTES),
  })
  .refine((k) => 128 * k.N * k.r <= MAX_KDF_MEMORY, 'scrypt parameters need too much memory');

export const cipherHeaderSchema = z.strictObject({
  name: z.literal('aes-256-gcm'),
  nonce: base64Of(NONCE_BYTES),
  tagLength: z.literal(TAG_BYTES),
});

/** The fields `sealContainer` fills in: how to open the payload, and how long it is. */
export interface ContainerCrypto {
  kdf: z.infer<typeof kdfHeaderSchema>;
  cipher: z.infer<typeof cipherHeaderSchema>;
  /** Ciphertext bytes after the header, not counting the tag: a truncated file is recognised as such. */
  payloadBytes: number;
}

/** The clear header: whose backup it is, and how to open it. */
export const backupHeaderSchema = z.strictObject({
  formatVersion: z.literal(1),
  type: z.literal('balai-backup'),
  createdAt: z.string().max(40),
  appVersion: z.string().max(40),
  /** The database's schema (`PRAGMA user_version`); an app older than this cannot restore it. */
  schemaVersion: z.number().int().min(1).max(100_000),
  deviceId: z.string().max(64),
  desaCode: z.string().regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/),
  desaName: z.string().max(200),
  kecamatanName: z.string().max(200),
  kabupatenName: z.string().max(200),
  provinsiName: z.string().max(200),
  /** Which secret opens it: the kiosk's recovery code (typed in any case, dashes optional) or a chosen one. */
  passphrase: z.enum(['recovery-code', 'chosen']),
  kdf: kdfHeaderSchema,
  cipher: cipherHeaderSchema,
  /** Ciphertext bytes after the header, not counting the tag: a truncated file is recognised as such. */
  payloadBytes: z.number().int().min(0).max(MAX_BACKUP_BYTES),
});
export type BackupHeader = z.infer<typeof backupHeaderSchema>;

/** The header fields the writer supplies; the crypto fields are filled in by `sealBackup`. */
export type HeaderFields = Omit<BackupHeader, 'formatVersion' | 'type' | 'kdf' | 'cipher' | 'payloadBytes'>;

/** Why a file could not be read or opened. `reason` is stable (the UI and CLI map it to text). */
export type BackupFailureReason =
  'not_a_backup' | 'newer_format' | 'truncated' | 'too_large' | 'wrong_passphrase_or_damaged' | 'damaged';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: BackupFailureReason; message: string };

const fail = <T>(reason: BackupFailureReason, message: string): Parsed<T> => ({ ok: false, reason, message });

/** The passphrase as the key is derived from it: recovery codes normalised, chosen ones as typed (NFC). */
export function passphraseBytes(kind: BackupHeader['passphrase'], passphrase: string): Buffer {
  const text = kind === 'recovery-code' ? normaliseRecoveryCode(passphrase) : passphrase.normalize('NFC');
  return Buffer.from(text, 'utf8');
}

/** scrypt off the event loop: the kiosk's UI stays responsive for the second or two it takes. */
export function deriveKey(secret: Buffer, salt: Buffer, params: KdfParams): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function prefixAndHeader(header: object): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (json.length > MAX_HEADER_BYTES) throw new Error('backup header too large');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(json.length);
  return Buffer.concat([BACKUP_MAGIC, length, json]);
}

/**
 * Encrypts `payload` under a key derived from `secret` into the container every backup uses (a kiosk's, a
 * hub's); `makeHeader` adds the crypto fields to the clear header. Returns the file's bytes and the key.
 */
export async function sealContainer<H extends ContainerCrypto>(
  makeHeader: (crypto: ContainerCrypto) => H,
  payload: Buffer,
  secret: Buffer,
  kdf: KdfParams = BACKUP_KDF,
): Promise<{ bytes: Buffer; key: Buffer; header: H }> {
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const key = await deriveKey(secret, salt, kdf);
  const header = makeHeader({
    kdf: { name: 'scrypt', ...kdf, salt: salt.toString('base64'), keyLength: KEY_BYTES },
    cipher: { name: 'aes-256-gcm', nonce: nonce.toString('base64'), tagLength: TAG_BYTES },
    payloadBytes: payload.length,
  });
  const head = prefixAndHeader(header);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(head);
  const body = Buffer.concat([cipher.update(payload), cipher.final()]);
  return { bytes: Buffer.concat([head, body, cipher.getAuthTag()]), key, header };
}

/** Encrypts a kiosk's backup payload under a key derived from the passphrase. */
export function sealBackup(
  fields: HeaderFields,
  payload: Buffer,
  secret: Buffer,
  kdf: KdfParams = BACKUP_KDF,
): Promise<{ bytes: Buffer; key: Buffer; header: BackupHeader }> {
  return sealContainer(
    (crypto): BackupHeader => ({ formatVersion: 1, type: 'balai-backup', ...fields, ...crypto }),
    payload,
    secret,
    kdf,
  );
}

/**
 * Reads the clear header from the first bytes of a file (at least `MAX_HEADER_BYTES + 16` of them, or the
 * whole file) against `schema` and checks that `fileSize` matches what it declares. Nothing is authenticated yet.
 */
export function parseContainerHeader<H extends ContainerCrypto>(
  start: Buffer,
  fileSize: number,
  schema: z.ZodType<H>,
): Parsed<{ header: H; headerEnd: number }> {
  if (start.length < PREFIX_BYTES || !start.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC))
    return fail('not_a_backup', 'not a Balai Belajar backup file');
  const length = start.readUInt32BE(BACKUP_MAGIC.length);
  if (length > MAX_HEADER_BYTES) return fail('not_a_backup', 'backup header too large');
  const headerEnd = PREFIX_BYTES + length;
  if (start.length < headerEnd) return fail('truncated', 'the file ends inside its header');
  let json: unknown;
  try {
    json = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(start.subarray(PREFIX_BYTES, headerEnd)),
    );
  } catch {
    return fail('not_a_backup', 'the backup header is not readable JSON');
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > BACKUP_FORMAT_VERSION)
    return fail('newer_format', `backup format ${version} is newer than this app reads (1); update the app`);
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return fail('not_a_backup', `backup header invalid: ${describeIssues(parsed.error.issues)}`);
  const expected = headerEnd + parsed.data.payloadBytes + TAG_BYTES;
  if (fileSize < expected)
    return fail('truncated', `the file is cut short (${fileSize} of ${expected} bytes): copy it again`);
  if (fileSize > expected) return fail('damaged', `the file has ${fileSize - expected} bytes too many`);
  return { ok: true, value: { header: parsed.data, headerEnd } };
}

/** A kiosk backup's clear header (`parseContainerHeader` with the kiosk's schema). */
export function parseBackupHeader(
  start: Buffer,
  fileSize: number,
): Parsed<{ header: BackupHeader; headerEnd: number }> {
  return parseContainerHeader(start, fileSize, backupHeaderSchema);
}

/** Decrypts with a known key; the tag check covers header and payload. */
export function openWithKey(
  bytes: Buffer,
  key: Buffer,
  parsed: { header: ContainerCrypto; headerEnd: number },
): Parsed<Buffer> {
  const { header, headerEnd } = parsed;
  const payloadEnd = headerEnd + header.payloadBytes;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.cipher.nonce, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(bytes.subarray(0, headerEnd));
    decipher.setAuthTag(bytes.subarray(payloadEnd, payloadEnd + TAG_BYTES));
    return {
      ok: true,
      value: Buffer.concat([decipher.update(bytes.subarray(headerEnd, payloadEnd)), decipher.final()]),
    };
  } catch {
    return fail('wrong_passphrase_or_damaged', 'wrong passphrase, or the file was changed or damaged');
  }
}

/** Parses `bytes` against `schema`, derives the key from the passphrase and decrypts, all in memory. */
export async function openContainer<H extends ContainerCrypto & { passphrase: BackupHeader['passphrase'] }>(
  bytes: Buffer,
  passphrase: string,
  schema: z.ZodType<H>,
): Promise<Parsed<{ header: H; payload: Buffer }>> {
  if (bytes.length > MAX_BACKUP_BYTES) return fail('too_large', 'the file is too large for a backup');
  const parsed = parseContainerHeader(bytes, bytes.length, schema);
  if (!parsed.ok) return parsed;
  const { kdf } = parsed.value.header;
  const key = await deriveKey(
    passphraseBytes(parsed.value.header.passphrase, passphrase),
    Buffer.from(kdf.salt, 'base64'),
    kdf,
  );
  const payload = openWithKey(bytes, key, parsed.value);
  return payload.ok ? { ok: true, value: { header: parsed.value.header, payload: payload.value } } : payload;
}

/** Parses, derives the key from the passphrase and decrypts a whole kiosk backup file held in memory. */
export function openBackup(
  bytes: Buffer,
  passphrase: string,
): Promise<Parsed<{ header: BackupHeader; payload: Buffer }>> {
  return openContainer(bytes, passphrase, backupHeaderSchema);
}
